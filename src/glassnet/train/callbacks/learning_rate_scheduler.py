"""LearningRateScheduler: set the learning rate from a function of the epoch at each epoch's start."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from .base import Callback


class LearningRateScheduler(Callback):
    """``schedule(epoch, lr) -> new_lr`` (or ``schedule(epoch)``), applied to every param group."""

    def __init__(self, schedule: Callable, verbose: int = 0) -> None:
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose
        try:
            self._two_args = len(inspect.signature(schedule).parameters) >= 2
        except (TypeError, ValueError):
            self._two_args = True

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Compute and set this epoch's learning rate."""
        if self.optimizer is None:
            raise RuntimeError("LearningRateScheduler: no optimizer was set (use it through fit)")
        current = self.optimizer.param_groups[0]["lr"]
        lr = self.schedule(epoch, current) if self._two_args else self.schedule(epoch)
        if not isinstance(lr, (int, float)) or lr != lr:
            raise ValueError(f"LearningRateScheduler: schedule returned {lr!r} for epoch {epoch}; "
                             "expected a float")
        for group in self.optimizer.param_groups:
            group["lr"] = float(lr)
        if self.verbose:
            print(f"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {lr:.6g}.")
