"""Learning curves: training vs validation loss and accuracy per epoch, drawn with matplotlib."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..io.atomic import atomic_write


def plot_learning_curves(history: Any, path: str | os.PathLike, title: str | None = None) -> Path:
    """Draw loss (and accuracy, if recorded) for train and validation; write a PNG atomically."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    h = history.history if hasattr(history, "history") else dict(history)
    loss = h.get("loss", [])
    epochs = list(range(1, len(loss) + 1))
    panels = [("loss", "Loss")]
    if "accuracy" in h or "val_accuracy" in h:
        panels.append(("accuracy", "Accuracy"))
    fig, axes = plt.subplots(1, len(panels), figsize=(5.5 * len(panels), 4), squeeze=False)
    for ax, (key, label) in zip(axes[0], panels):
        if h.get(key):
            ax.plot(epochs[: len(h[key])], h[key], "o-", label=f"train {label.lower()}")
        if h.get("val_" + key):
            ax.plot(epochs[: len(h["val_" + key])], h["val_" + key], "s--", label=f"validation {label.lower()}")
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    path = Path(path)
    try:
        atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=110))
    finally:
        plt.close(fig)
    return path
