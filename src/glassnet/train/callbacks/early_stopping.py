"""EarlyStopping: stop when the monitored value stops improving; optionally keep the best weights."""

from __future__ import annotations

import warnings
from typing import Any

from .base import Callback
from .monitor import is_improvement, resolve_mode, worst


class EarlyStopping(Callback):
    """Stops training when a monitored value has stopped improving for ``patience`` epochs.

    An improvement must exceed ``min_delta``. With ``restore_best_weights=True`` the model ends
    training with the weights of its best epoch (Keras 3 semantics: restored at the end of training
    whether or not it stopped early).

    Args:
        monitor (str, optional): the log to monitor. Default: ``'val_loss'``.
        min_delta (float, optional): the smallest change counted as an improvement. Default: ``0.0``.
        patience (int, optional): the number of epochs without improvement after which training
            stops. Default: ``0``.
        verbose (int, optional): print a message when stopping (and restoring). Default: ``0``.
        mode (str, optional): ``'min'``, ``'max'`` or ``'auto'`` (``'max'`` for accuracy-like names,
            else ``'min'``). Default: ``'auto'``.
        baseline (float, optional): a value the monitored quantity must beat; until it does, the
            patience keeps running out. Default: ``None``.
        restore_best_weights (bool, optional): load the best epoch's weights at the end. Default: ``False``.
        start_from_epoch (int, optional): the number of epochs to wait before watching. Default: ``0``.

    Example:
        >>> stop = glassnet.train.EarlyStopping(monitor='val_loss', patience=2)
        >>> stop.on_train_begin()
        >>> for epoch, val_loss in enumerate([0.9, 0.7, 0.75, 0.72, 0.8]):
        ...     stop.on_epoch_end(epoch, {'val_loss': val_loss})
        ...     if stop.stop_training:
        ...         break
        >>> stop.stopped_epoch, stop.best
        (3, 0.7)
    """

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0.0, patience: int = 0, verbose: int = 0,
                 mode: str = "auto", baseline: float | None = None, restore_best_weights: bool = False,
                 start_from_epoch: int = 0) -> None:
        super().__init__()
        self.monitor = monitor
        self.min_delta = abs(min_delta)
        self.patience = patience
        self.verbose = verbose
        self.mode = resolve_mode(monitor, mode)
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Reset the counters (a callback object may serve several fits)."""
        self.wait = 0
        self.stopped_epoch = 0
        self.best = worst(self.mode)
        self.best_epoch = 0
        self.best_weights: dict[str, Any] | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Compare this epoch with the best so far; stop when patience runs out."""
        current = (logs or {}).get(self.monitor)
        if current is None:
            warnings.warn(f"EarlyStopping: monitored value '{self.monitor}' is not in the logs "
                          f"(available: {sorted(logs or {})}); did you pass validation data?", stacklevel=2)
            return
        if epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = _snapshot(self.model)  # so even a never-improving run restores something
            self.best_epoch = epoch
        self.wait += 1
        if is_improvement(current, self.best, self.mode, self.min_delta):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = _snapshot(self.model)
            if self.baseline is None or is_improvement(current, self.baseline, self.mode, self.min_delta):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.stop_training = True

    def state_dict(self) -> dict:
        """Counters, the best value and epoch, and the best weights: a resumed run stops where this one would."""
        return {"wait": self.wait, "stopped_epoch": self.stopped_epoch, "best": self.best,
                "best_epoch": self.best_epoch, "best_weights": self.best_weights}

    def load_state_dict(self, state: dict) -> None:
        """Restore the counters and best weights of an interrupted run."""
        self.wait, self.stopped_epoch = int(state["wait"]), int(state["stopped_epoch"])
        self.best, self.best_epoch = state["best"], int(state["best_epoch"])
        weights = state["best_weights"]
        self.best_weights = None if weights is None else {k: _array(v) for k, v in weights.items()}

    def on_train_end(self, logs: dict | None = None) -> None:
        """Put the best weights back if asked."""
        if self.stopped_epoch > 0 and self.verbose:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping ({self.monitor} has not improved for "
                  f"{self.patience} epochs)")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.load_state_dict(self.best_weights)


def _array(v: Any) -> Any:
    return v._data if hasattr(v, "_data") else v


def _snapshot(model: Any) -> dict[str, Any]:
    # state_dict() shares memory with the live parameters; training would overwrite a mere reference.
    return {k: v._data.copy() for k, v in model.state_dict().items()}
