"""TensorBoard: epoch curves as TensorBoard event files (via tensorboardX, the optional extra)."""

from __future__ import annotations

import os
from typing import Any

from .base import Callback

INSTALL_HINT = "TensorBoard logging needs tensorboardX: pip install 'glassnet[tensorboard]'"


class TensorBoard(Callback):
    """Logs every epoch value as TensorBoard event files under ``log_dir/train`` and ``log_dir/validation``.

    Keras's layout: the tags are ``epoch_loss``, ``epoch_accuracy``, ... (and
    ``epoch_learning_rate``), so TensorBoard draws the training and validation curve of each metric
    on one chart. ``update_freq='batch'`` also logs each batch's loss. Needs tensorboardX
    (``pip install 'glassnet[tensorboard]'``).

    Args:
        log_dir (str or os.PathLike, optional): the folder of the event files. Default: ``'logs'``.
        update_freq (str, optional): ``'epoch'`` or ``'batch'``. Default: ``'epoch'``.

    Example:
        >>> import os, tempfile
        >>> log_dir = tempfile.mkdtemp()
        >>> x, y = glassnet.randn(16, 3), glassnet.randn(16, 1)
        >>> _ = glassnet.train.fit(nn.Linear(3, 1), (x, y), (x, y), loss='mse', optimizer='sgd', lr=0.1,
        ...                        epochs=2, callbacks=[glassnet.train.TensorBoard(log_dir)], verbose=0)
        >>> sorted(os.listdir(log_dir))
        ['train', 'validation']
    """

    def __init__(self, log_dir: str | os.PathLike = "logs", update_freq: str = "epoch") -> None:
        super().__init__()
        try:
            from tensorboardX import SummaryWriter
        except ImportError as e:
            raise ImportError(INSTALL_HINT) from e
        self._writer_cls = SummaryWriter
        self.log_dir = os.fspath(log_dir)
        if update_freq not in ("epoch", "batch"):
            raise ValueError(f"TensorBoard: update_freq must be 'epoch' or 'batch', got {update_freq!r}")
        self.update_freq = update_freq
        self._writers: dict[str, Any] = {}
        self._step = 0

    def _writer(self, name: str) -> Any:
        if name not in self._writers:
            self._writers[name] = self._writer_cls(os.path.join(self.log_dir, name))
        return self._writers[name]

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Log the batch loss when update_freq='batch'."""
        self._step += 1
        if self.update_freq == "batch" and logs and "loss" in logs:
            self._writer("train").add_scalar("batch_loss", logs["loss"], self._step)

    def state_dict(self) -> dict:
        """The batch counter, so batch-level curves continue without a jump."""
        return {"step": self._step}

    def load_state_dict(self, state: dict) -> None:
        """Continue the batch counter."""
        self._step = int(state["step"])

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Write this epoch's values."""
        for key, value in (logs or {}).items():
            if key.startswith("val_"):
                self._writer("validation").add_scalar(f"epoch_{key[4:]}", value, epoch)
            else:
                tag = "epoch_learning_rate" if key == "lr" else f"epoch_{key}"
                self._writer("train").add_scalar(tag, value, epoch)
        for w in self._writers.values():
            w.flush()

    def on_train_end(self, logs: dict | None = None) -> None:
        """Close the event files."""
        for w in self._writers.values():
            w.close()
        self._writers = {}
