"""Pictures of what a network learned: first-layer filters, feature maps, a confusion matrix, misclassified examples.

Every function returns a plain ``matplotlib.figure.Figure`` (no pyplot, so the user's backend is never
switched); ``save_figure`` writes one as a PNG atomically.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy

from ..io.atomic import atomic_write


def save_figure(figure: Any, path: str | os.PathLike, dpi: int = 100) -> Path:
    """Write a Figure as a PNG file, atomically (a crash never leaves half an image).

    Args:
        figure: a ``matplotlib.figure.Figure``.
        path: where to write the PNG.
        dpi: dots per inch.

    Example:
        >>> import tempfile, os
        >>> from glassnet.inspect import confusion_matrix_figure, save_figure
        >>> fig = confusion_matrix_figure(np.array([[5, 1], [0, 4]]))
        >>> path = save_figure(fig, os.path.join(tempfile.mkdtemp(), "cm.png"))
        >>> path.stat().st_size > 0
        True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    path = Path(path)
    atomic_write(path, lambda tmp: figure.savefig(tmp, format="png", dpi=dpi))
    return path


def figure_png(figure: Any, dpi: int = 80) -> bytes:
    """A Figure's PNG bytes (what Jupyter shows through ``_repr_png_``)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _array(x: Any) -> numpy.ndarray:
    if hasattr(x, "detach"):
        x = x.detach()
    if hasattr(x, "numpy"):
        x = x.numpy()
    return numpy.asarray(x)


def _grid(n: int, cols: int | None = None) -> tuple[int, int]:
    cols = cols or max(1, min(n, int(math.ceil(math.sqrt(n)))))
    return int(math.ceil(n / cols)), cols


def _image(x: numpy.ndarray) -> tuple[numpy.ndarray, str | None]:
    """(H, W) grey or (H, W, 3) colour from a (C, H, W) or (H, W) array, scaled to [0, 1] for colour."""
    if x.ndim == 3 and x.shape[0] == 1:
        x = x[0]
    if x.ndim == 3:
        x = numpy.moveaxis(x[:3], 0, -1)
        lo, hi = float(x.min()), float(x.max())
        return (x - lo) / (hi - lo if hi > lo else 1.0), None
    return x, "gray"


def _first_conv(model: Any) -> tuple[str, Any]:
    from ..nn import Conv2d

    for name, m in model.named_modules():
        if isinstance(m, Conv2d):
            return name, m
    raise ValueError(f"conv_filters_figure: {type(model).__name__} has no Conv2d layer")


def conv_filters_figure(model: Any, layer: str | None = None, cols: int | None = None, figure: Any = None) -> Any:
    """The filters of a conv layer (the first one by default) as a grid of small images.

    Grey for one input channel, colour for three; other channel counts show each filter's mean over its
    input channels. Each filter is scaled on its own (dark = negative weight, light = positive).

    Args:
        model: a model holding a ``Conv2d`` (or the Conv2d itself).
        layer: the dotted name of the conv layer to draw (default: the first Conv2d).
        cols: images per row (default: about square).
        figure: draw into this Figure instead of a new one.

    Example:
        >>> from glassnet.inspect import conv_filters_figure
        >>> fig = conv_filters_figure(glassnet.models.LeNet5())
        >>> len(fig.axes)
        6
    """
    from matplotlib.figure import Figure

    from .attribution_utils import _resolve_layer

    if layer is None:
        name, conv = _first_conv(model)
    else:
        name, conv = layer, _resolve_layer(model, layer, "conv_filters_figure")
        if not hasattr(conv, "weight") or _array(conv.weight).ndim != 4:
            raise ValueError(f"conv_filters_figure: layer {layer!r} is a {type(conv).__name__}, not a 2-D convolution")
    w = _array(conv.weight).astype(numpy.float64)  # (out, in, kh, kw)
    rows, cols = _grid(w.shape[0], cols)
    fig = figure if figure is not None else Figure(figsize=(1.1 * cols + 0.4, 1.1 * rows + 0.6))
    for i in range(w.shape[0]):
        f = w[i] if w.shape[1] in (1, 3) else w[i].mean(0, keepdims=True)
        lo, hi = float(f.min()), float(f.max())
        img, cmap = _image((f - lo) / (hi - lo if hi > lo else 1.0))
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.imshow(img, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(f"{name or type(conv).__name__}: {w.shape[0]} filters {w.shape[2]}x{w.shape[3]}", fontsize=10)
    return fig


def feature_maps_figure(model: Any, layer: str, input: Any, max_maps: int = 32, cols: int | None = None,  # noqa: A002
                        figure: Any = None) -> Any:
    """The output channels of one layer for one input, each as a small image.

    Args:
        model: the model.
        layer: dotted name of the layer (e.g. ``'features.1'``).
        input: one input with its batch dim, e.g. (1, 1, 28, 28); only the first example is drawn.
        max_maps: at most this many channels are drawn.
        cols: images per row (default: about square).
        figure: draw into this Figure instead of a new one.

    Example:
        >>> from glassnet.inspect import feature_maps_figure
        >>> fig = feature_maps_figure(glassnet.models.LeNet5(), "features.1", glassnet.randn(1, 1, 28, 28))
        >>> len(fig.axes)
        6
    """
    from matplotlib.figure import Figure

    import glassnet

    from .attribution_utils import _as_input, _LayerTap, _resolve_layer

    mod = _resolve_layer(model, layer, "feature_maps_figure")
    x = _as_input(input, "feature_maps_figure")
    with glassnet.no_grad(), _LayerTap(mod) as tap:
        model(x)
    if tap.value is None:
        raise ValueError(f"feature_maps_figure: layer {layer!r} was not called by the model's forward pass")
    a = _array(tap.value)[0]
    if a.ndim != 3:
        raise ValueError(f"feature_maps_figure: layer {layer!r} gives shape {tuple(tap.value.shape)}, not "
                         f"(N, C, H, W) feature maps")
    n = min(a.shape[0], max_maps)
    rows, cols = _grid(n, cols)
    fig = figure if figure is not None else Figure(figsize=(1.2 * cols + 0.4, 1.2 * rows + 0.6))
    for i in range(n):
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.imshow(a[i], cmap="viridis", interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(str(i), fontsize=7, pad=2)
    more = f" (first {n} of {a.shape[0]})" if n < a.shape[0] else ""
    fig.suptitle(f"{layer}: {a.shape[0]} feature maps {a.shape[1]}x{a.shape[2]}{more}", fontsize=10)
    return fig


def confusion_matrix_figure(matrix: Any, classes: Sequence[str] | None = None, normalize: bool = False,
                            title: str | None = None, figure: Any = None) -> Any:
    """A confusion matrix as a coloured grid: true class down, predicted class across, counts in the cells.

    Args:
        matrix: (K, K) counts, row = true class, column = predicted (as ``glassnet.train.metrics.confusion_matrix``).
        classes: the class names (default 0..K-1).
        normalize: show each row as fractions of its true class (the recall on the diagonal).
        title: the figure's title.
        figure: draw into this Figure instead of a new one.

    Example:
        >>> from glassnet.inspect import confusion_matrix_figure
        >>> fig = confusion_matrix_figure(np.array([[5, 1], [0, 4]]), classes=["cat", "dog"])
        >>> fig.axes[0].get_xlabel()
        'predicted class'
    """
    from matplotlib.figure import Figure

    cm = _array(matrix).astype(numpy.float64)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"confusion_matrix_figure: expected a square (K, K) matrix, got shape {cm.shape}")
    k = cm.shape[0]
    names = [str(c) for c in classes] if classes is not None else [str(i) for i in range(k)]
    if len(names) != k:
        raise ValueError(f"confusion_matrix_figure: {len(names)} class names for a {k}x{k} matrix")
    shown = cm / numpy.maximum(cm.sum(1, keepdims=True), 1) if normalize else cm
    side = max(4.0, 0.45 * k + 2)
    fig = figure if figure is not None else Figure(figsize=(side + 1, side))
    ax = fig.add_subplot(1, 1, 1)
    im = ax.imshow(shown, cmap="Blues", vmin=0)
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    ax.set_xticks(range(k), names, rotation=45 if max(map(len, names)) > 2 else 0, ha="right" if
                  max(map(len, names)) > 2 else "center")
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if k <= 20:
        top = float(shown.max()) or 1.0
        for i in range(k):
            for j in range(k):
                text = f"{shown[i, j]:.2f}" if normalize else f"{int(cm[i, j]):d}"
                ax.text(j, i, text, ha="center", va="center", fontsize=7 if k > 10 else 9,
                        color="white" if shown[i, j] > 0.6 * top else "black")
    acc = float(numpy.trace(cm) / cm.sum()) if cm.sum() else 0.0
    ax.set_title(title or f"confusion matrix (accuracy {acc:.1%})")
    fig.tight_layout()
    return fig


def misclassified_figure(images: Any, targets: Any, predictions: Any, classes: Sequence[str] | None = None,
                         max_images: int = 16, cols: int | None = None, figure: Any = None) -> Any:
    """The examples the model got wrong, each titled 'true -> predicted'.

    Args:
        images: (N, C, H, W) or (N, H, W) examples.
        targets: (N,) true classes.
        predictions: (N,) predicted classes, or (N, K) scores (their argmax is taken).
        classes: the class names (default: the class numbers).
        max_images: at most this many mistakes are drawn (the first ones).
        cols: images per row (default: about square).
        figure: draw into this Figure instead of a new one.

    Example:
        >>> from glassnet.inspect import misclassified_figure
        >>> fig = misclassified_figure(np.zeros((3, 1, 4, 4)), [0, 1, 2], [0, 2, 1])
        >>> len(fig.axes)
        2
    """
    from matplotlib.figure import Figure

    x = _array(images)
    y = _array(targets).astype(numpy.int64).reshape(-1)
    p = _array(predictions)
    p = (p.argmax(1) if p.ndim == 2 else p).astype(numpy.int64).reshape(-1)
    if not (len(x) == len(y) == len(p)):
        raise ValueError(f"misclassified_figure: {len(x)} images, {len(y)} targets and {len(p)} predictions "
                         f"must be as many")
    wrong = numpy.flatnonzero(y != p)[:max_images]
    name = (lambda c: str(classes[c])) if classes is not None else str
    if not len(wrong):
        fig = figure if figure is not None else Figure(figsize=(4, 1.5))
        fig.text(0.5, 0.5, f"no misclassified examples among {len(y)}", ha="center", va="center")
        return fig
    rows, cols = _grid(len(wrong), cols)
    fig = figure if figure is not None else Figure(figsize=(1.5 * cols + 0.3, 1.65 * rows + 0.5))
    for k, i in enumerate(wrong):
        ax = fig.add_subplot(rows, cols, k + 1)
        img, cmap = _image(x[i])
        ax.imshow(img, cmap=cmap, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"{name(int(y[i]))} -> {name(int(p[i]))}", fontsize=8, color="firebrick", pad=2)
    fig.suptitle(f"{int((y != p).sum())} of {len(y)} misclassified (true -> predicted)", fontsize=10)
    return fig
