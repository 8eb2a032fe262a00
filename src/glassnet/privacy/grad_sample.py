"""Per-example gradients in one backward pass: hooks save each layer's input and output gradient.

A forward hook on every layer with trainable parameters keeps its input and registers a hook on its
output tensor; the ordinary backward pass then delivers the gradient with respect to that output.
From the two, :mod:`glassnet.privacy.layers` computes all the examples' parameter gradients at once.
The loss is assumed to be a mean over the batch (``loss_reduction='mean'``, as ``fit``'s losses are),
so the output gradients are multiplied back by the batch size to be each example's own.
"""

from __future__ import annotations

from typing import Any

from ..autograd.grad_mode import is_grad_enabled
from ..backend import array_module
from ..nn.module import Module
from ..tensor import Tensor
from .layers import ConvRule, LinearRule
from .validate import check_model, find_rule


class GradSampleModule(Module):
    """Wrap a model so that every backward pass also yields per-example gradients.

    After ``loss.backward()``, :meth:`grad_samples` returns (and stores as ``p.grad_sample``) the
    gradient of each parameter for every example: a ``(B, *p.shape)`` tensor. :class:`DPOptimizer`
    uses the same saved activations to clip and sum without always building those arrays.

    Args:
        module (Module): the model (Linear, Conv1d/2d, Embedding, LayerNorm and GroupNorm layers may hold
            trainable parameters; layers that mix examples, such as BatchNorm, are refused).
        loss_reduction (str, optional): ``'mean'`` if the loss averages over the batch, ``'sum'`` if it
            adds up. Default: ``'mean'``.

    Example:
        >>> model = glassnet.privacy.GradSampleModule(nn.Linear(3, 2))
        >>> x, y = glassnet.randn(5, 3), glassnet.tensor([0, 1, 1, 0, 1])
        >>> F.cross_entropy(model(x), y).backward()
        >>> {k: tuple(v.shape) for k, v in model.grad_samples().items()}
        {'weight': (5, 2, 3), 'bias': (5, 2)}
    """

    def __init__(self, module: Module, loss_reduction: str = "mean") -> None:
        super().__init__()
        if loss_reduction not in ("mean", "sum"):
            raise ValueError(f"GradSampleModule: loss_reduction must be 'mean' or 'sum', got {loss_reduction!r}")
        check_model(module)
        self._module = module
        self.loss_reduction = loss_reduction
        object.__setattr__(self, "_records", [])
        object.__setattr__(self, "_handles", [])
        for name, sub in module.named_modules():
            rule = find_rule(sub)
            if rule is not None:
                self._handles.append(sub.register_forward_hook(self._make_hook(name, rule)))
        object.__setattr__(self, "_left_out", _weights_left_out_of_backward(module))

    def _make_hook(self, name: str, rule: Any) -> Any:
        records = self._records

        def hook(mod: Module, args: tuple, out: Any) -> None:
            if not is_grad_enabled() or not isinstance(out, Tensor) or not out.requires_grad:
                return
            rec = [name, mod, rule, args[0]._data, None]
            records.append(rec)

            def grad_hook(g: Tensor) -> None:
                rec[4] = g._data if rec[4] is None else rec[4] + g._data

            out.register_hook(grad_hook)

        return hook

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        # The ordinary backward would also sum each weight's gradient over the batch: DPOptimizer throws that
        # away (it rebuilds every gradient from the clipped per-example ones), and an unclipped, noiseless
        # gradient is nothing a private model should hold. A layer with a trained bias still gives an output
        # that requires grad, so its weight can sit out of the graph and its product is never computed.
        off = [p for p in self._left_out if p.requires_grad] if is_grad_enabled() else []
        for p in off:
            p.requires_grad = False
        try:
            return self._module(*args, **kwargs)
        finally:
            for p in off:
                p.requires_grad = True

    # ---- what the DP optimizer and users read ----------------------------------------------------
    def _ready(self) -> list:
        """The records that saw a backward pass, with g scaled to each example's own loss.

        A Linear layer called once per time step (the hidden-to-hidden product of a recurrent layer)
        has its calls stacked along a time axis, so that one batched product gives the sum over steps.
        """
        out, linear_calls = [], {}
        for name, mod, rule, a, g in self._records:
            if g is None:
                continue
            if self.loss_reduction == "mean":
                g = g * g.shape[0]
            if isinstance(rule, LinearRule) and a.ndim == 2:
                linear_calls.setdefault(id(mod), []).append((name, mod, rule, a, g))
            else:
                out.append((name, mod, rule, a, g))
        for calls in linear_calls.values():
            if len(calls) == 1 or len({c[3].shape[0] for c in calls}) > 1:
                out.extend(calls)
                continue
            xp = array_module(calls[0][3])
            name, mod, rule = calls[0][:3]
            out.append((name, mod, rule, xp.stack([c[3] for c in calls], axis=1),
                        xp.stack([c[4] for c in calls], axis=1)))
        return out

    def clear(self, finished_only: bool = False) -> None:
        """Forget the saved activations (only those whose backward has run when ``finished_only``)."""
        keep = [r for r in self._records if r[4] is None] if finished_only else []
        self._records[:] = keep

    def grad_samples(self) -> dict[str, Tensor]:
        """The per-example gradients from the backward passes since the last clear: ``name -> (B, *shape)``.

        Each is also stored as ``p.grad_sample``. A layer called several times (or a parameter shared
        by several layers) gets the sum of its per-example gradients over the calls.
        """
        per_param = self._per_param_samples()
        names = {id(p): n for n, p in self._module.named_parameters()}
        out = {}
        for p, arr in per_param.values():
            t = Tensor(arr)
            p.grad_sample = t
            out[names[id(p)]] = t
        return out

    def _per_param_samples(self) -> dict[int, tuple]:
        acc: dict[int, tuple] = {}
        for _, mod, rule, a, g in self._ready():
            for pname, arr in rule.grad_sample(mod, a, g).items():
                p = getattr(mod, pname)
                if id(p) in acc:
                    acc[id(p)] = (p, acc[id(p)][1] + arr)
                else:
                    acc[id(p)] = (p, arr)
        return acc

    def clipped_sums(self, max_grad_norm: float) -> tuple[dict[int, tuple], Any]:
        """Clip each example's whole gradient to ``max_grad_norm`` and sum over the batch.

        Returns ``({id(p): (p, summed_grad_array)}, per_example_norms)``. Layers called once use the
        shortcut of their rule when they have one; the others build their per-example arrays.
        """
        ready = self._ready()
        if not ready:
            raise RuntimeError("DPOptimizer.step: no per-example gradients were recorded; call loss.backward() "
                               "on the output of the private model first")
        uses: dict[int, int] = {}
        for _, mod, _rule, _a, _g in ready:
            for pname in _own(mod):
                uses[id(getattr(mod, pname))] = uses.get(id(getattr(mod, pname)), 0) + 1
        fast, slow = [], []
        for rec in ready:
            _, mod, rule, a, g = rec
            single = all(uses[id(getattr(mod, n))] == 1 for n in _own(mod))
            sq = rule.norms_sq(mod, a, g) if single else None
            (fast if sq is not None else slow).append((rec, sq))
        xp = array_module(ready[0][4])
        B = ready[0][4].shape[0]
        norms_sq = xp.zeros(B, dtype=xp.float64)
        for _, sq in fast:
            for v in sq.values():
                norms_sq += v
        samples: dict[int, tuple] = {}
        for (_, mod, rule, a, g), _ in slow:
            for pname, arr in rule.grad_sample(mod, a, g).items():
                p = getattr(mod, pname)
                samples[id(p)] = (p, samples[id(p)][1] + arr) if id(p) in samples else (p, arr)
        for _, arr in samples.values():
            norms_sq += (arr.reshape(B, -1).astype(xp.float64) ** 2).sum(axis=1)
        norms = xp.sqrt(norms_sq)
        coef = xp.minimum(1.0, max_grad_norm / (norms + 1e-6))
        out: dict[int, tuple] = {}
        for (_, mod, rule, a, g), _ in fast:
            for pname, arr in rule.clipped_sum(mod, a, g, coef).items():
                p = getattr(mod, pname)
                out[id(p)] = (p, arr)
        for key, (p, arr) in samples.items():
            c = coef.astype(arr.dtype, copy=False)
            out[key] = (p, xp.tensordot(c, arr, axes=(0, 0)))
        return out, norms

    def to_standard_module(self) -> Module:
        """Remove the hooks and return the wrapped model."""
        for h in self._handles:
            h.remove()
        self._handles.clear()
        self.clear()
        return self._module


def _weights_left_out_of_backward(model: Module) -> list:
    """The weights of Linear and conv layers with a trained bias, used by no other layer (see ``forward``)."""
    owners: dict[int, int] = {}
    for sub in model.modules():
        for p in sub._parameters.values():
            if p is not None:
                owners[id(p)] = owners.get(id(p), 0) + 1
    out = []
    for sub in model.modules():
        if not isinstance(find_rule(sub), (LinearRule, ConvRule)):
            continue
        w, b = sub._parameters.get("weight"), sub._parameters.get("bias")
        if (w is not None and b is not None and w.requires_grad and b.requires_grad and owners[id(w)] == 1
                and w is not b):
            out.append(w)
    return out


def _own(mod: Module) -> list[str]:
    return [n for n, p in mod._parameters.items() if p is not None and p.requires_grad]
