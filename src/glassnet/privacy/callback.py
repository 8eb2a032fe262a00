"""Epsilon in fit's logs and in a run folder's metrics.json."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..train.callbacks import Callback


def write_privacy(run_dir: str | os.PathLike, optimizer: Any) -> dict:
    """Merge the privacy budget into ``run_dir/metrics.json`` under ``"privacy"``.

    The entry holds ``epsilon, delta, noise_multiplier, max_grad_norm, sample_rate, steps``.

    The file is rewritten atomically; its other keys are kept.

    Args:
        run_dir (str or os.PathLike): the run folder (created if missing).
        optimizer (DPOptimizer): the private optimizer whose budget is recorded.

    Returns:
        dict: the ``"privacy"`` entry written.

    Example:
        >>> import tempfile
        >>> model = glassnet.privacy.GradSampleModule(nn.Linear(3, 2))
        >>> opt = glassnet.privacy.DPOptimizer(optim.SGD(model.parameters(), lr=0.1), model,
        ...     noise_multiplier=1.0, max_grad_norm=1.0, expected_batch_size=4, sample_rate=0.1)
        >>> opt.target_delta = 1e-5
        >>> glassnet.privacy.write_privacy(tempfile.mkdtemp(), opt)["steps"]
        0
    """
    from ..io import atomic_write

    report = optimizer.privacy_report()
    path = Path(run_dir) / "metrics.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    metrics = json.loads(path.read_text()) if path.exists() else {}
    metrics["privacy"] = report
    text = json.dumps(metrics, indent=2, sort_keys=True) + "\n"
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    return report


class PrivacyCallback(Callback):
    """Puts ``epsilon`` into each epoch's logs and, when ``run_dir`` is given, the budget into its metrics.json.

    ``fit`` already shows the epsilon of a :class:`DPOptimizer` in its progress display; this callback
    adds the record at the end of training.

    Args:
        run_dir (str or os.PathLike, optional): the run folder to write to at the end. Default: ``None``.

    Example:
        >>> cb = glassnet.privacy.PrivacyCallback()
    """

    def __init__(self, run_dir: str | os.PathLike | None = None) -> None:
        super().__init__()
        self.run_dir = run_dir

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if logs is not None and hasattr(self.optimizer, "get_epsilon"):
            logs.setdefault("epsilon", self.optimizer.get_epsilon())

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.run_dir is not None and hasattr(self.optimizer, "privacy_report"):
            write_privacy(self.run_dir, self.optimizer)
