"""OverfittingMonitor: say in plain words when the model starts memorising instead of learning."""

from __future__ import annotations

import warnings

from .base import Callback


class OverfittingWarning(UserWarning):
    """The warning :class:`OverfittingMonitor` issues: the validation loss rises while the training loss falls.

    It is a ``UserWarning``, so the :mod:`warnings` filters apply (e.g. to turn it into an error).

    Args:
        *args: the message, as for any warning.

    Example:
        >>> import warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter('error', glassnet.train.OverfittingWarning)
        ...     monitor = glassnet.train.OverfittingMonitor(patience=1, verbose=0)
        ...     monitor.on_epoch_end(0, {'loss': 1.0, 'val_loss': 1.0})
        ...     monitor.on_epoch_end(1, {'loss': 0.5, 'val_loss': 1.2})
        Traceback (most recent call last):
            ...
        glassnet.train.callbacks.overfitting_monitor.OverfittingWarning: Epoch 2: possible overfitting. ...
    """


ADVICE = (
    "The model is getting better at the training data while getting worse at data it has not seen: "
    "it is memorising rather than learning patterns that generalise (overfitting). Things to try: "
    "early stopping (EarlyStopping(monitor='val_loss', restore_best_weights=True)), dropout "
    "(nn.Dropout), weight decay (e.g. weight_decay=1e-4 in the optimizer), data augmentation or more "
    "training data, or a smaller model."
)


class OverfittingMonitor(Callback):
    """Warns when the validation loss has risen for ``patience`` epochs in a row while the training loss fell.

    The warning (an :class:`OverfittingWarning`, printed too with ``verbose``) explains what
    overfitting is and what to try; it is given once per episode, and ``warned_at`` lists the
    epochs it was given at.

    Args:
        patience (int, optional): the number of consecutive epochs of the pattern, at least 1. Default: ``2``.
        monitor (str, optional): the validation log. Default: ``'val_loss'``.
        train_monitor (str, optional): the training log. Default: ``'loss'``.
        verbose (int, optional): also print the message. Default: ``1``.

    Example:
        >>> import warnings
        >>> monitor = glassnet.train.OverfittingMonitor(patience=2, verbose=0)
        >>> with warnings.catch_warnings(record=True):
        ...     for epoch, (loss, val_loss) in enumerate([(1.0, 1.0), (0.8, 1.1), (0.6, 1.3)]):
        ...         monitor.on_epoch_end(epoch, {'loss': loss, 'val_loss': val_loss})
        >>> monitor.warned_at
        [2]
    """

    def __init__(self, patience: int = 2, monitor: str = "val_loss", train_monitor: str = "loss",
                 verbose: int = 1) -> None:
        super().__init__()
        if patience < 1:
            raise ValueError(f"OverfittingMonitor: patience must be >= 1, got {patience}")
        self.patience = patience
        self.monitor = monitor
        self.train_monitor = train_monitor
        self.verbose = verbose
        self.warned_at: list[int] = []
        self._val: list[float] = []
        self._train: list[float] = []

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Start a fresh record."""
        self._val, self._train, self.warned_at = [], [], []

    def state_dict(self) -> dict:
        """The losses seen so far and the epochs already warned about."""
        return {"val": list(self._val), "train": list(self._train), "warned_at": list(self.warned_at)}

    def load_state_dict(self, state: dict) -> None:
        """Continue an interrupted run's record."""
        self._val, self._train = list(state["val"]), list(state["train"])
        self.warned_at = list(state["warned_at"])

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Check the last ``patience`` epochs for the overfitting pattern."""
        logs = logs or {}
        if self.monitor not in logs or self.train_monitor not in logs:
            return
        self._val.append(float(logs[self.monitor]))
        self._train.append(float(logs[self.train_monitor]))
        n = self.patience
        if len(self._val) <= n:
            return
        val, train = self._val[-n - 1:], self._train[-n - 1:]
        val_rising = all(b > a for a, b in zip(val, val[1:]))
        train_falling = all(b < a for a, b in zip(train, train[1:]))
        # warn once per episode: the pattern must break before a new warning
        if val_rising and train_falling and (not self.warned_at or self.warned_at[-1] < epoch - n):
            self.warned_at.append(epoch)
            message = (
                f"Epoch {epoch + 1}: possible overfitting. Validation loss ({self.monitor}) rose for {n} "
                f"epochs in a row ({val[0]:.4f} -> {val[-1]:.4f}) while training loss "
                f"({self.train_monitor}) kept falling ({train[0]:.4f} -> {train[-1]:.4f}). " + ADVICE
            )
            if self.verbose:
                print(message)
            warnings.warn(message, OverfittingWarning, stacklevel=2)
