"""LearningRateScheduler: set the learning rate from a function of the epoch at each epoch's start."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from .base import Callback


class LearningRateScheduler(Callback):
    """Sets the learning rate of every param group at the start of each epoch from a schedule function.

    ``schedule(epoch, lr)`` receives the epoch (from 0) and the current lr and returns the new lr
    (a one-argument ``schedule(epoch)`` works too), as in Keras. The lr schedulers of
    :mod:`glassnet.optim.lr_scheduler` can be passed to :func:`fit` as ``scheduler=`` instead.

    Args:
        schedule (callable): ``(epoch, lr) -> new_lr`` or ``epoch -> new_lr``.
        verbose (int, optional): print the lr set at each epoch. Default: ``0``.

    Example:
        >>> halve = glassnet.train.LearningRateScheduler(lambda epoch, lr: lr if epoch == 0 else lr / 2)
        >>> x, y = glassnet.randn(16, 3), glassnet.randn(16, 1)
        >>> history = glassnet.train.fit(nn.Linear(3, 1), (x, y), loss='mse', optimizer='sgd', lr=0.1,
        ...                              epochs=3, callbacks=[halve], verbose=0)
        >>> history.history['lr']
        [0.1, 0.05, 0.025]
    """

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
