"""ModelCheckpoint: save the model after each epoch, or only when it is the best so far."""

from __future__ import annotations

from typing import Any

from ...io import save
from .base import Callback
from .monitor import is_improvement, resolve_mode, worst


class ModelCheckpoint(Callback):
    """Saves the model's weights to ``filepath`` (safetensors, atomically) at the end of epochs.

    ``filepath`` may hold Keras-style fields filled from the epoch (counted from 1) and the logs,
    e.g. ``'ckpt/epoch{epoch:02d}-{val_loss:.3f}.safetensors'``. With ``save_best_only`` a file is
    written only when ``monitor`` improves. The file holds ``model.state_dict()`` (load it with
    ``model.load_state_dict(glassnet.load(path))``); with ``save_weights_only=False`` it holds
    ``{'model', 'optimizer', 'epoch', 'logs'}``. ``last_saved`` is the path written last.

    Args:
        filepath (str): the path of the file, possibly with ``{epoch}`` and log fields.
        monitor (str, optional): the log compared by ``save_best_only``. Default: ``'val_loss'``.
        verbose (int, optional): print a message when saving the best model. Default: ``0``.
        save_best_only (bool, optional): save only when ``monitor`` improves. Default: ``False``.
        save_weights_only (bool, optional): save only the model's state_dict. Default: ``True``.
        mode (str, optional): ``'min'``, ``'max'`` or ``'auto'``. Default: ``'auto'``.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'epoch{epoch}-{loss:.2f}.safetensors')
        >>> ckpt = glassnet.train.ModelCheckpoint(path, monitor='loss', save_best_only=True)
        >>> x, y = glassnet.randn(16, 3), glassnet.randn(16, 1)
        >>> _ = glassnet.train.fit(nn.Linear(3, 1), (x, y), loss='mse', optimizer='sgd', lr=0.1, epochs=3,
        ...                        callbacks=[ckpt], verbose=0)
        >>> os.path.basename(ckpt.last_saved)
        'epoch3-1.10.safetensors'
        >>> sorted(glassnet.load(ckpt.last_saved))
        ['bias', 'weight']
    """

    def __init__(self, filepath: str, monitor: str = "val_loss", verbose: int = 0,
                 save_best_only: bool = False, save_weights_only: bool = True, mode: str = "auto") -> None:
        super().__init__()
        self.filepath = str(filepath)
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.mode = resolve_mode(monitor, mode)
        self.best = worst(self.mode)
        self.last_saved: str | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Save if this epoch qualifies."""
        logs = logs or {}
        if self.save_best_only:
            current = logs.get(self.monitor)
            if current is None:
                raise KeyError(f"ModelCheckpoint: monitored value '{self.monitor}' is not in the logs "
                               f"(available: {sorted(logs)})")
            if not is_improvement(current, self.best, self.mode):
                return
            if self.verbose:
                print(f"Epoch {epoch + 1}: {self.monitor} improved from {self.best:.5f} to {current:.5f}, "
                      "saving model")
            self.best = current
        path = self.filepath.format(epoch=epoch + 1, **logs)
        save(self._payload(epoch, logs), path)
        self.last_saved = path

    def state_dict(self) -> dict:
        """The best value so far (save_best_only compares against it) and the last file written."""
        return {"best": self.best, "last_saved": self.last_saved}

    def load_state_dict(self, state: dict) -> None:
        """Continue comparing against the interrupted run's best."""
        self.best, self.last_saved = state["best"], state["last_saved"]

    def _payload(self, epoch: int, logs: dict) -> Any:
        if self.save_weights_only:
            return self.model.state_dict()
        return {"model": self.model.state_dict(),
                "optimizer": self.optimizer.state_dict() if self.optimizer is not None else None,
                "epoch": epoch, "logs": dict(logs)}
