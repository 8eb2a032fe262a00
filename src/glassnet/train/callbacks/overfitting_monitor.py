"""OverfittingMonitor: say in plain words when the model starts memorising instead of learning."""

from __future__ import annotations

import warnings

from .base import Callback


class OverfittingWarning(UserWarning):
    """Validation loss rises while training loss falls."""


ADVICE = (
    "The model is getting better at the training data while getting worse at data it has not seen: "
    "it is memorising rather than learning patterns that generalise (overfitting). Things to try: "
    "early stopping (EarlyStopping(monitor='val_loss', restore_best_weights=True)), dropout "
    "(nn.Dropout), weight decay (e.g. weight_decay=1e-4 in the optimizer), data augmentation or more "
    "training data, or a smaller model."
)


class OverfittingMonitor(Callback):
    """Warn when ``val_loss`` has risen for ``patience`` epochs in a row while ``loss`` fell."""

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
