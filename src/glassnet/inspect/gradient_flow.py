"""Gradient flow: how strongly each layer learns, and plain-words warnings when it does not.

``gradient_flow(model, batch, loss_fn)`` runs one batch forward and backward and reports, per layer with
parameters, the gradient norm and the update-to-weight ratio (how much one optimizer step would change
the layer, relative to its size; about 1e-3 is healthy), and per ReLU the units that output zero for
every sample of the batch. Three problems are named layer by layer:

- vanishing gradients: a layer's gradient (per weight, RMS) is below ``vanishing`` times the largest
  layer's, so it barely learns (deep sigmoid/tanh stacks without residual connections or normalisation);
- exploding gradients: a gradient that is not finite, larger than ``exploding`` in norm, or that would
  change the weights by more than their own size in one step;
- dead ReLUs: at least ``dead_fraction`` of a ReLU's units are zero on the whole batch (they get no
  gradient, so they may never come back).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Any

import numpy

from .. import autograd
from ..tensor import Tensor


@dataclass
class LayerGradient:
    """One layer's gradient: the norms over its own parameters and the update-to-weight ratio."""

    name: str
    type: str
    parameters: int
    grad_norm: float
    weight_norm: float
    update_ratio: float
    grad_mean_abs: float = 0.0  # the mean |gradient| over the layer's parameters

    @property
    def grad_rms(self) -> float:
        """The gradient's root mean square per parameter (comparable between layers of different sizes)."""
        return self.grad_norm / math.sqrt(max(self.parameters, 1))


@dataclass
class DeadUnits:
    """A ReLU's units that output zero for every sample (a unit: a feature, or a channel of a conv map)."""

    name: str
    dead: int
    units: int

    @property
    def fraction(self) -> float:
        """dead / units."""
        return self.dead / self.units if self.units else 0.0


@dataclass
class GradientFlow:
    """What ``gradient_flow`` found: per-layer gradients, dead ReLU units, the loss and the flags in words.

    ``print(flow)`` shows a table; ``flow.plot(path)`` writes a bar chart; Jupyter shows it as a table.

    Args:
        layers: one LayerGradient per layer with parameters, input side first.
        dead_relus: dead units per ReLU call site.
        loss: the batch's loss.
        lr: the learning rate of the estimated update ratio.
        measured: True when the update ratio comes from a real optimizer step.
        flags: the problems in plain words.

    Example:
        >>> from glassnet.inspect import gradient_flow
        >>> model = nn.Sequential(nn.Linear(3, 4), nn.Sigmoid(), nn.Linear(4, 2))
        >>> flow = gradient_flow(model, (glassnet.randn(8, 3), glassnet.randint(0, 2, (8,))), nn.CrossEntropyLoss())
        >>> flow.layer("2").parameters, flow.vanishing
        (10, [])
    """

    layers: list[LayerGradient]
    dead_relus: list[DeadUnits]
    loss: float
    lr: float | None
    measured: bool
    flags: list[str] = field(default_factory=list)

    def layer(self, name: str) -> LayerGradient:
        """The entry of the layer with this dotted name."""
        for entry in self.layers:
            if entry.name == name:
                return entry
        raise KeyError(f"GradientFlow: no layer {name!r}; layers: {', '.join(e.name for e in self.layers)}")

    @property
    def vanishing(self) -> list[str]:
        """Names of the layers flagged for vanishing gradients."""
        return [f.split("'")[1] for f in self.flags if f.startswith("vanishing")]

    @property
    def exploding(self) -> list[str]:
        """Names of the layers flagged for exploding gradients."""
        return [f.split("'")[1] for f in self.flags if f.startswith("exploding")]

    @property
    def dead(self) -> list[str]:
        """Names of the ReLU layers flagged for dead units."""
        return [f.split("'")[1] for f in self.flags if f.startswith("dead ReLU")]

    def __str__(self) -> str:
        ratio = "update/weight" + ("" if self.measured else " (est.)")
        rows = [(e.name, e.type, f"{e.parameters:,}", f"{e.grad_norm:.3e}", f"{e.weight_norm:.3e}",
                 f"{e.update_ratio:.2e}") for e in self.layers]
        header = ("layer", "type", "params", "grad norm", "weight norm", ratio)
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
                 for r in [header, *rows]]
        for d in self.dead_relus:
            lines.append(f"{d.name}: {d.dead} of {d.units} ReLU units dead on this batch")
        lines += self.flags or ["no problems found: gradients reach every layer at a healthy size"]
        return "\n".join(lines)

    def figure(self, figure: Any = None) -> Any:
        """A bar chart per layer (input side first) of gradient RMS and update-to-weight ratio, flagged ones red."""
        from matplotlib.figure import Figure

        fig = figure if figure is not None else Figure(figsize=(max(6.0, 0.28 * len(self.layers) + 3), 5.5))
        ax1, ax2 = fig.subplots(2, 1, sharex=True)
        names = [e.name for e in self.layers]
        bad = set(self.vanishing) | set(self.exploding)
        colours = ["tab:red" if n in bad else "tab:blue" for n in names]
        x = numpy.arange(len(names))
        tiny = 1e-30  # a zero gradient still gets a (very short) bar on the log axis
        ax1.bar(x, [max(e.grad_rms, tiny) for e in self.layers], color=colours)
        ax1.set_yscale("log")
        ax1.set_ylabel("gradient RMS")
        ax1.set_title(f"gradient flow (loss {self.loss:.4g})" + ("  —  " + "; ".join(self._short_flags())
                                                                  if self.flags else ""), fontsize=9)
        ax2.bar(x, [max(e.update_ratio, tiny) for e in self.layers], color=colours)
        ax2.set_yscale("log")
        ax2.axhline(1e-3, color="gray", ls="--", lw=0.8)
        ax2.set_ylabel("update / weight" + ("" if self.measured else f"\n(lr={self.lr:g} x |g| / |w|)"))
        ax2.set_xticks(x, names, rotation=90, fontsize=7)
        for ax in (ax1, ax2):
            ax.grid(alpha=0.3, axis="y")
        fig.tight_layout()
        return fig

    def _short_flags(self) -> list[str]:
        out = []
        for kind, names in (("vanishing", self.vanishing), ("exploding", self.exploding), ("dead ReLUs", self.dead)):
            if names:
                out.append(f"{kind}: {len(names)} layer{'s' if len(names) > 1 else ''}")
        return out

    def plot(self, path: Any) -> Any:
        """Write ``figure()`` as a PNG; return the path."""
        from .pictures import save_figure

        return save_figure(self.figure(), path)

    def _repr_png_(self) -> bytes:
        from .pictures import figure_png

        return figure_png(self.figure())

    def _repr_html_(self) -> str:
        from .html import table_html

        rows = [[e.name, e.type, e.parameters, e.grad_norm, e.weight_norm, e.update_ratio] for e in self.layers]
        table = table_html(["layer", "type", "parameters", "grad norm", "weight norm", "update/weight"], rows,
                           caption=f"gradient flow, loss {self.loss:.4g}")
        flags = "".join(f"<li>{html.escape(f)}</li>" for f in self.flags) or "<li>no problems found</li>"
        return f"{table}<ul>{flags}</ul>"


# ---- measuring --------------------------------------------------------------------------------------------


def _param_layers(model: Any) -> list[tuple[str, Any, list[tuple[str, Any]]]]:
    """(name, module, its own trainable parameters) for every module that has some, in definition order."""
    seen: set[int] = set()
    out = []
    for name, m in model.named_modules():
        own = [(k, p) for k, p in m.named_parameters(recurse=False) if p.requires_grad and id(p) not in seen]
        seen.update(id(p) for _, p in own)
        if own:
            out.append((name or type(m).__name__, m, own))
    return out


def _unit_axes(ndim: int) -> tuple[int, ...]:
    """Axes to reduce so one value per unit remains: (N, F) features, (N, C, ...) conv channels,
    (N, T, F) features of a sequence."""
    if ndim <= 1:
        return (0,) if ndim == 1 else ()
    unit = ndim - 1 if ndim == 3 else 1
    return tuple(i for i in range(ndim) if i != unit)


class _ReLUWatch:
    """Forward hooks on every nn.ReLU recording which units were ever positive (per call site)."""

    def __init__(self, model: Any) -> None:
        from ..nn import ReLU

        self.alive: dict[str, numpy.ndarray] = {}
        self.active = True
        self._calls: dict[str, int] = {}
        self.handles = [m.register_forward_hook(self._hook(name or "ReLU"))
                        for name, m in model.named_modules() if isinstance(m, ReLU)]

    def _hook(self, name: str) -> Any:
        def hook(module: Any, args: tuple, output: Any) -> None:
            if not self.active or not isinstance(output, Tensor):
                return
            # A ReLU module used twice in one forward (e.g. a residual block's) is two layers of units.
            k = self._calls.get(name, 0)
            self._calls[name] = k + 1
            key = name if k == 0 else f"{name}#{k + 1}"
            a = numpy.asarray(output.detach().numpy())
            positive = (a > 0).any(axis=_unit_axes(a.ndim)) if a.ndim else numpy.asarray([a > 0])
            prev = self.alive.get(key)
            self.alive[key] = positive if prev is None or prev.shape != positive.shape else prev | positive
        return hook

    def forward_done(self) -> None:
        """Start counting call sites afresh for the next forward pass."""
        self._calls.clear()

    def result(self) -> list[DeadUnits]:
        return [DeadUnits(k, int((~v).sum()), int(v.size)) for k, v in self.alive.items()]

    def remove(self) -> None:
        for h in self.handles:
            h.remove()


def _norm(a: Any) -> float:
    a = numpy.asarray(a, dtype=numpy.float64)
    return float(numpy.sqrt((a * a).sum()))


def diagnose(layers: list[LayerGradient], dead: list[DeadUnits], n_samples: int | None = None,
             vanishing: float = 1e-3, exploding: float = 1e3, dead_fraction: float = 0.25) -> list[str]:
    """The plain-words flags for a set of per-layer gradients and dead-unit counts.

    Args:
        layers: per-layer gradients (``GradientFlow.layers``).
        dead: dead ReLU units (``GradientFlow.dead_relus``).
        n_samples: the batch size the dead units were counted on (for the message).
        vanishing: flag a layer whose gradient RMS is below this fraction of the largest layer's.
        exploding: flag a gradient norm above this (or not finite, or an update larger than the weights).
        dead_fraction: flag a ReLU with at least this fraction of dead units.

    Example:
        >>> from glassnet.inspect.gradient_flow import LayerGradient, diagnose
        >>> diagnose([LayerGradient("fc1", "Linear", 10, 1e-9, 1.0, 1e-11),
        ...           LayerGradient("fc2", "Linear", 10, 1.0, 1.0, 1e-2)], [])[0][:21]
        "vanishing gradient: 'f"
    """
    flags = []
    finite = [e.grad_rms for e in layers if math.isfinite(e.grad_rms)]
    top = max(finite, default=0.0)
    for e in layers:
        if not math.isfinite(e.grad_norm):
            flags.append(f"exploding gradient: '{e.name}' ({e.type}) has a gradient that is not finite "
                         f"({e.grad_norm}); lower the learning rate, check the input scale, clip gradients "
                         f"(nn.utils.clip_grad_norm_) or fix the initialisation")
        elif e.grad_norm > exploding or e.update_ratio > 1.0:
            flags.append(f"exploding gradient: '{e.name}' ({e.type}) has gradient norm {e.grad_norm:.3g}; one step "
                         f"would change its weights by {e.update_ratio:.3g} times their size. Lower the learning "
                         f"rate, clip gradients (nn.utils.clip_grad_norm_), or initialise the weights smaller "
                         f"(nn.init.kaiming_normal_ for ReLU, xavier for tanh)")
        elif top > 0 and e.grad_rms < vanishing * top:
            flags.append(f"vanishing gradient: '{e.name}' ({e.type}) gets a gradient {e.grad_rms / top:.1e} times "
                         f"the largest layer's (RMS {e.grad_rms:.2e} per weight), so it barely learns. Deep stacks "
                         f"of sigmoid/tanh do this: use ReLU, normalisation (BatchNorm) or residual connections")
    for d in dead:
        if d.units and d.fraction >= dead_fraction:
            on = f"all {n_samples} samples" if n_samples else "every sample"
            flags.append(f"dead ReLU: '{d.name}' outputs zero for {on} in {d.dead} of its {d.units} units "
                         f"({d.fraction:.0%}); they get no gradient and may never recover. Lower the learning "
                         f"rate, use LeakyReLU, or check for large negative biases")
    return flags


def _batch_parts(batch: Any) -> tuple[tuple, Any]:
    from ..train.inputs import split_batch

    inputs, target = split_batch(batch)
    if target is None:
        raise ValueError("gradient_flow: batch must be (inputs..., target), got a single tensor")
    return inputs, target


def gradient_flow(model: Any, batch: Any, loss_fn: Any, lr: float | None = None, optimizer: Any = None,
                  vanishing: float = 1e-3, exploding: float = 1e3, dead_fraction: float = 0.25) -> GradientFlow:
    """One batch forward and backward: per-layer gradient norms, update-to-weight ratios and problems in words.

    The parameters' ``.grad`` and the model's weights are left as they were. With an ``optimizer`` the
    update-to-weight ratio is measured: its step is taken on the batch's gradients and undone (weights and
    optimizer state restored). Without one it is estimated as ``lr * |grad| / |weight|`` (lr default 0.01).

    Args:
        model: the network.
        batch: (inputs, target), or (inputs..., target).
        loss_fn: e.g. ``nn.CrossEntropyLoss()``; called as ``loss_fn(model(*inputs), target)``.
        lr: learning rate for the estimated ratio (default: the optimizer's, else 0.01).
        optimizer: measure the ratio with one real (then undone) step of this optimizer.
        vanishing: flag a layer whose gradient RMS is below this fraction of the largest layer's.
        exploding: flag a layer whose gradient norm is above this.
        dead_fraction: flag a ReLU with at least this fraction of units zero on the whole batch.

    Example:
        >>> from glassnet.inspect import gradient_flow
        >>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
        >>> flow = gradient_flow(model, (glassnet.randn(16, 4), glassnet.randint(0, 3, (16,))), nn.CrossEntropyLoss())
        >>> [e.name for e in flow.layers], flow.flags
        (['0', '2'], [])
    """
    import glassnet

    inputs, target = _batch_parts(batch)
    layers = _param_layers(model)
    if not layers:
        raise ValueError(f"gradient_flow: {type(model).__name__} has no trainable parameters")
    params = [p for _, _, own in layers for _, p in own]
    watch = _ReLUWatch(model)
    try:
        with glassnet.enable_grad():
            loss = loss_fn(model(*inputs), target)
            if not isinstance(loss, Tensor) or loss.numel() != 1:
                raise ValueError(f"gradient_flow: loss_fn must return a scalar Tensor, got "
                                 f"{getattr(loss, 'shape', type(loss).__name__)}")
            grads = autograd.grad(loss, params, allow_unused=True)
    finally:
        watch.remove()
    grads = [glassnet.zeros_like(p) if g is None else g for p, g in zip(params, grads)]
    if optimizer is not None:
        if lr is None:
            lr = float(optimizer.param_groups[0]["lr"])
        updates = _measured_updates(optimizer, params, grads)
    else:
        lr = 0.01 if lr is None else float(lr)
        updates = None
    out, k = [], 0
    for name, m, own in layers:
        g = [grads[k + i].numpy() for i in range(len(own))]
        w = [p.detach().numpy() for _, p in own]
        flat_g = numpy.concatenate([a.ravel() for a in g])
        gn_, wn = _norm(flat_g), _norm(numpy.concatenate([a.ravel() for a in w]))
        if updates is not None:
            un = _norm(numpy.concatenate([updates[k + i].ravel() for i in range(len(own))]))
            ratio = un / wn if wn > 0 else float("inf") if un > 0 else 0.0
        else:
            ratio = lr * gn_ / wn if wn > 0 else float("inf") if gn_ > 0 else 0.0
        out.append(LayerGradient(name, type(m).__name__, sum(int(p.numel()) for _, p in own), gn_, wn, ratio,
                                 float(numpy.abs(flat_g).mean()) if flat_g.size else 0.0))
        k += len(own)
    n = int(target.shape[0]) if hasattr(target, "shape") and len(target.shape) else None
    dead = watch.result()
    flow = GradientFlow(out, dead, float(loss.item()), lr, updates is not None)
    flow.flags = diagnose(out, dead, n, vanishing, exploding, dead_fraction)
    return flow


def _measured_updates(optimizer: Any, params: list, grads: list) -> list[numpy.ndarray]:
    """Take one optimizer step with ``grads``, record each parameter's change, then undo everything."""
    import copy

    import glassnet

    saved_w = [p.detach().numpy().copy() for p in params]
    saved_g = [p.grad for p in params]
    saved_state = copy.deepcopy(optimizer.state_dict())
    try:
        for p, g in zip(params, grads):
            p.grad = g.detach()
        optimizer.step()
        return [p.detach().numpy() - w for p, w in zip(params, saved_w)]
    finally:
        with glassnet.no_grad():
            for p, w, g in zip(params, saved_w, saved_g):
                p.copy_(glassnet.from_numpy(w))
                p.grad = g
        optimizer.load_state_dict(saved_state)
