"""Learning curves: training vs validation loss and accuracy per epoch, drawn with matplotlib.

The figure is a plain ``matplotlib.figure.Figure`` rendered by the Agg canvas: writing a PNG never
imports pyplot, so it never switches the backend of a notebook or a GUI session.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..io.atomic import atomic_write


def _history_dict(history: Any) -> dict:
    return history.history if hasattr(history, "history") else dict(history)


def learning_curves_figure(history: Any, title: str | None = None, figure: Any = None) -> Any:
    """Draws loss (and accuracy, if recorded) per epoch for train and validation on a matplotlib Figure.

    The Figure is made without pyplot, so a notebook's backend stays as it is (Jupyter shows the
    returned Figure); pass ``figure`` to draw into one of yours. It has one panel for the loss and,
    when the history holds ``accuracy`` or ``val_accuracy``, one for the accuracy.

    Args:
        history (History or dict): a :class:`~glassnet.train.History`, or a dict name -> per-epoch values.
        title (str, optional): the figure's title. Default: ``None``.
        figure (matplotlib.figure.Figure, optional): draw into this figure (e.g. ``plt.figure()``)
            instead of a new one. Default: ``None``.

    Returns:
        matplotlib.figure.Figure: the figure.

    Example:
        >>> from glassnet.inspect import learning_curves_figure
        >>> fig = learning_curves_figure({'loss': [0.9, 0.5], 'val_loss': [1.0, 0.7], 'accuracy': [0.6, 0.8]})
        >>> [ax.get_ylabel() for ax in fig.axes]
        ['Loss', 'Accuracy']
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    h = _history_dict(history)
    n = max((len(v) for k, v in h.items() if k != "lr"), default=0)
    panels = [("loss", "Loss")]
    if "accuracy" in h or "val_accuracy" in h:
        panels.append(("accuracy", "Accuracy"))
    fig = figure if figure is not None else Figure(figsize=(5.5 * len(panels), 4))
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    epochs = list(range(1, n + 1))
    for ax, (key, label) in zip(axes, panels):
        if h.get(key):
            ax.plot(epochs[: len(h[key])], h[key], "o-", label=f"train {label.lower()}")
        if h.get("val_" + key):
            ax.plot(epochs[: len(h["val_" + key])], h["val_" + key], "s--", label=f"validation {label.lower()}")
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        # Epochs are whole numbers; half a unit of margin keeps a single epoch's point off the frame.
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        ax.set_xlim(0.5, max(n, 1) + 0.5)
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_learning_curves(history: Any, path: str | os.PathLike, title: str | None = None) -> Path:
    """Draws loss (and accuracy, if recorded) for train and validation and writes the plot as a PNG, atomically.

    Args:
        history (History or dict): a :class:`~glassnet.train.History`, or a dict name -> per-epoch values.
        path (str or os.PathLike): the PNG file to write.
        title (str, optional): the figure's title. Default: ``None``.

    Returns:
        pathlib.Path: the path written.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'curves.png')
        >>> from glassnet.inspect import plot_learning_curves
        >>> plot_learning_curves({'loss': [0.9, 0.5], 'val_loss': [1.0, 0.7]}, path).name
        'curves.png'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = learning_curves_figure(history, title)
    FigureCanvasAgg(fig)
    path = Path(path)
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=110))
    return path
