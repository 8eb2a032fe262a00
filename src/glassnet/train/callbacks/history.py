"""History: what fit returns; ``history.history['val_loss']`` is the validation loss of each epoch."""

from __future__ import annotations

from .base import Callback


class History(Callback):
    """Records every epoch's logs: ``.history`` (name -> list of values) and ``.epoch`` (indices)."""

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Append this epoch's values."""
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)

    def state_dict(self) -> dict:
        """The recorded values, for a checkpoint."""
        return {"history": {k: list(v) for k, v in self.history.items()}, "epoch": list(self.epoch)}

    def load_state_dict(self, state: dict) -> None:
        """Restore values recorded before a resume."""
        self.history = {k: list(v) for k, v in state["history"].items()}
        self.epoch = list(state["epoch"])

    def __repr__(self) -> str:
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)})"
