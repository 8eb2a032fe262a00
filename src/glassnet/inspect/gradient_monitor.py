"""GradientMonitor: a fit() callback recording each layer's gradient and real update size per epoch."""

from __future__ import annotations

import math
from typing import Any

import numpy

from ..train.callbacks.base import Callback
from .gradient_flow import DeadUnits, LayerGradient, _norm, _param_layers, _ReLUWatch, diagnose


class GradientMonitor(Callback):
    """Record per-layer gradient norms, update-to-weight ratios and dead ReLUs during ``fit``, one row per epoch.

    Each epoch keeps the mean over its batches of every layer's gradient norm and of the measured update
    ratio ``|w_after - w_before| / |w_before|`` (what the optimizer really did, Adam's scaling included), and
    the ReLU units that stayed zero on every training batch of the epoch. Problems are put in words in
    ``flags`` (epoch -> list of messages) and printed when ``verbose``; ``plot()`` draws the history.

    Args:
        vanishing: flag a layer whose gradient RMS is below this fraction of the largest layer's.
        exploding: flag a layer whose gradient norm is above this.
        dead_fraction: flag a ReLU with at least this fraction of units dead for a whole epoch.
        verbose: print new flags at the end of each epoch.

    Example:
        >>> from glassnet.inspect import GradientMonitor
        >>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        >>> monitor = GradientMonitor(verbose=0)
        >>> x, y = glassnet.randn(32, 4), glassnet.randint(0, 2, (32,))
        >>> _ = glassnet.train.fit(model, (x, y), loss=nn.CrossEntropyLoss(), optimizer=optim.SGD(model.parameters(),
        ...     lr=0.1), epochs=2, batch_size=16, verbose=0, callbacks=[monitor])
        >>> sorted(monitor.history["grad_norm"]), len(monitor.history["grad_norm"]["0"])
        (['0', '2'], 2)
    """

    def __init__(self, vanishing: float = 1e-3, exploding: float = 1e3, dead_fraction: float = 0.25,
                 verbose: int = 1) -> None:
        super().__init__()
        self.vanishing, self.exploding, self.dead_fraction = vanishing, exploding, dead_fraction
        self.verbose = verbose
        self.history: dict[str, Any] = {"grad_norm": {}, "update_ratio": {}, "dead_fraction": {}}
        self.flags: dict[int, list[str]] = {}
        self._layers: list = []
        self._watch: _ReLUWatch | None = None
        self._before: list[numpy.ndarray] = []
        self._sums: dict[str, list[float]] = {}
        self._batches = 0
        self._samples = 0

    # ---- fit's hooks ----
    def on_train_begin(self, logs: dict | None = None) -> None:
        """Find the layers and hook the ReLUs."""
        self._layers = _param_layers(self.model)
        self._watch = _ReLUWatch(self.model)
        self._watch.active = False

    def on_train_end(self, logs: dict | None = None) -> None:
        """Remove the ReLU hooks."""
        if self._watch is not None:
            self._watch.remove()
            self._watch = None

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Start the epoch's sums."""
        self._sums = {name: [0.0, 0.0] for name, _, _ in self._layers}
        self._batches = self._samples = 0
        if self._watch is not None:
            self._watch.alive.clear()

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Remember the weights, to measure the step the optimizer is about to take."""
        self._before = [p.detach().numpy().copy() for _, _, own in self._layers for _, p in own]
        if self._watch is not None:
            self._watch.forward_done()
            self._watch.active = True  # only the training forward passes count, not validation's

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Add this batch's gradient norms and measured updates."""
        if self._watch is not None:
            self._watch.active = False
        k = 0
        for name, _, own in self._layers:
            g = [p.grad.numpy() if p.grad is not None else numpy.zeros(1) for _, p in own]
            w_old = self._before[k:k + len(own)]
            delta = [p.detach().numpy() - w for (_, p), w in zip(own, w_old)]
            w_norm = _norm(numpy.concatenate([w.ravel() for w in w_old]))
            u_norm = _norm(numpy.concatenate([d.ravel() for d in delta]))
            self._sums[name][0] += _norm(numpy.concatenate([a.ravel() for a in g]))
            self._sums[name][1] += u_norm / w_norm if w_norm > 0 else 0.0
            k += len(own)
        self._batches += 1
        self._samples += int((logs or {}).get("size", 0))

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Average the epoch, store it, and name the problems."""
        if not self._batches:
            return
        layers = []
        for name, m, own in self._layers:
            g, r = (s / self._batches for s in self._sums[name])
            self.history["grad_norm"].setdefault(name, []).append(g)
            self.history["update_ratio"].setdefault(name, []).append(r)
            w = _norm(numpy.concatenate([p.detach().numpy().ravel() for _, p in own]))
            layers.append(LayerGradient(name, type(m).__name__, sum(int(p.numel()) for _, p in own), g, w, r))
        dead: list[DeadUnits] = self._watch.result() if self._watch is not None else []
        for d in dead:
            self.history["dead_fraction"].setdefault(d.name, []).append(d.fraction)
        flags = diagnose(layers, dead, None, self.vanishing, self.exploding, self.dead_fraction)
        if flags:
            self.flags[epoch] = flags
            if self.verbose:
                for f in flags:
                    print(f"Epoch {epoch + 1}: {f}")

    # ---- resuming ----
    def state_dict(self) -> dict:
        """The per-epoch history and flags so far."""
        return {"history": self.history, "flags": {str(k): v for k, v in self.flags.items()}}

    def load_state_dict(self, state: dict) -> None:
        """Continue an interrupted run's record."""
        self.history = {k: {n: list(v) for n, v in d.items()} for k, d in state["history"].items()}
        self.flags = {int(k): list(v) for k, v in state["flags"].items()}

    # ---- showing ----
    def figure(self, figure: Any = None) -> Any:
        """Gradient norm and update-to-weight ratio per layer against the epoch (log scale; darker = deeper)."""
        from matplotlib import colormaps
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        fig = figure if figure is not None else Figure(figsize=(11, 4.2))
        axes = fig.subplots(1, 2)
        names = list(self.history["grad_norm"])
        cmap = colormaps["viridis"]
        for key, ax, label in (("grad_norm", axes[0], "gradient norm"), ("update_ratio", axes[1], "update / weight")):
            for i, name in enumerate(names):
                v = self.history[key].get(name, [])
                colour = cmap(i / max(len(names) - 1, 1))
                ax.plot(range(1, len(v) + 1), [max(x, 1e-30) if math.isfinite(x) else numpy.nan for x in v],
                        "o-", ms=3, color=colour, label=name)
            ax.set_yscale("log")
            ax.set_xlabel("epoch")
            ax.set_ylabel(label)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
            ax.grid(alpha=0.3)
        axes[1].axhline(1e-3, color="gray", ls="--", lw=0.8)
        if len(names) <= 12:
            axes[1].legend(fontsize=7, loc="best")
        else:
            axes[1].set_title(f"{len(names)} layers: purple = input side, yellow = output side", fontsize=8)
        fig.suptitle("gradient flow per epoch" + (f" ({sum(map(len, self.flags.values()))} flags)"
                                                  if self.flags else ""), fontsize=10)
        fig.tight_layout()
        return fig

    def _repr_png_(self) -> bytes:
        from .pictures import figure_png

        return figure_png(self.figure())

    def plot(self, path: Any = None) -> Any:
        """The history as a Figure, also written as a PNG when ``path`` is given."""
        fig = self.figure()
        if path is not None:
            from .pictures import save_figure

            save_figure(fig, path)
        return fig
