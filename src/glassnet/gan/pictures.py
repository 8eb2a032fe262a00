"""Pictures of a GAN run: sample grids, a contact sheet of the grids over training, an animated GIF, loss curves.

Images arrive as the generator makes them, (N, C, H, W) in [-1, 1]; a grid is a NumPy array (H', W', C) in [0, 1].
PNGs are drawn with matplotlib's Agg canvas (never pyplot) and written atomically; the GIF needs Pillow
(``pip install 'glassnet[images]'``) and is skipped without it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..io.atomic import atomic_write


def make_grid(images: Any, nrow: int = 8, padding: int = 2, pad_value: float = 0.0) -> np.ndarray:
    """Tile images (N, C, H, W) in [-1, 1] into one picture (H', W', C) in [0, 1], ``nrow`` images per row.

    Args:
        images: a Tensor or array of images in [-1, 1] (the generator's Tanh range).
        nrow: images per row.
        padding: pixels between images.
        pad_value: brightness of the padding, in [0, 1].

    Example:
        >>> from glassnet.gan.pictures import make_grid
        >>> make_grid(glassnet.zeros(6, 1, 8, 8), nrow=3).shape
        (22, 32, 1)
    """
    x = np.asarray(getattr(images, "_data", images), dtype=np.float32)
    if x.ndim != 4:
        raise ValueError(f"make_grid: images must be (N, C, H, W), got shape {x.shape}")
    x = np.clip((x + 1.0) / 2.0, 0.0, 1.0)
    n, c, h, w = x.shape
    cols = max(1, min(nrow, n))
    rows = max(1, math.ceil(n / cols))
    grid = np.full((rows * (h + padding) + padding, cols * (w + padding) + padding, c), pad_value, np.float32)
    for i in range(n):
        r, k = divmod(i, cols)
        top, left = padding + r * (h + padding), padding + k * (w + padding)
        grid[top:top + h, left:left + w] = x[i].transpose(1, 2, 0)
    return grid


def _to_uint8(grid: np.ndarray, scale: int) -> np.ndarray:
    img = np.clip(grid * 255.0 + 0.5, 0, 255).astype(np.uint8)
    if scale > 1:  # nearest-neighbour enlargement keeps small digits crisp
        img = img.repeat(scale, axis=0).repeat(scale, axis=1)
    return img[..., 0] if img.shape[-1] == 1 else img


def save_grid(images: Any, path: str | os.PathLike, nrow: int = 8, scale: int = 1) -> Path:
    """Write ``make_grid(images, nrow)`` as a PNG, atomically; return the path.

    Args:
        images: (N, C, H, W) in [-1, 1].
        path: the PNG file.
        nrow: images per row.
        scale: enlarge each pixel to scale x scale (small images stay visible).

    Example:
        >>> import tempfile, os
        >>> from glassnet.gan.pictures import save_grid
        >>> p = save_grid(glassnet.zeros(4, 1, 8, 8), os.path.join(tempfile.mkdtemp(), "g.png"), nrow=2)
        >>> p.suffix
        '.png'
    """
    img = _to_uint8(make_grid(images, nrow), scale)
    path = Path(path)
    try:  # Pillow writes a one-channel PNG, a quarter of matplotlib's RGBA one
        from PIL import Image

        atomic_write(path, lambda tmp: Image.fromarray(img).save(tmp, format="PNG", optimize=True))
    except ImportError:
        import matplotlib.image

        cmap = "gray" if img.ndim == 2 else None
        atomic_write(path, lambda tmp: matplotlib.image.imsave(tmp, img, cmap=cmap, vmin=0, vmax=255, format="png"))
    return path


def save_contact_sheet(grids: Sequence[tuple[str, np.ndarray]], path: str | os.PathLike, columns: int = 4) -> Path:
    """Write the sample grids of a run side by side, each titled (e.g. 'epoch 5'): how training progressed.

    Args:
        grids: (title, grid) pairs, grids as ``make_grid`` returns them.
        path: the PNG file.
        columns: grids per row.

    Example:
        >>> import tempfile, os
        >>> from glassnet.gan.pictures import make_grid, save_contact_sheet
        >>> g = make_grid(glassnet.zeros(4, 1, 8, 8), nrow=2)
        >>> save_contact_sheet([("epoch 1", g), ("epoch 2", g)], os.path.join(tempfile.mkdtemp(), "s.png")).name
        's.png'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if not grids:
        raise ValueError("save_contact_sheet: no grids to draw")
    cols = min(columns, len(grids))
    rows = math.ceil(len(grids) / cols)
    fig = Figure(figsize=(2.6 * cols, 2.8 * rows))
    FigureCanvasAgg(fig)
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, (title, grid) in zip(axes.ravel(), grids):
        ax.imshow(grid[..., 0] if grid.shape[-1] == 1 else grid, cmap="gray", vmin=0, vmax=1,
                  interpolation="nearest")
        ax.set_title(title, fontsize=9)
    fig.tight_layout()
    path = Path(path)
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=90))
    return path


def save_gif(grids: Sequence[np.ndarray], path: str | os.PathLike, scale: int = 2, ms_per_frame: int = 400) -> bool:
    """An animated GIF of the grids (Pillow); False, writing nothing, when Pillow is missing.

    Args:
        grids: grids as ``make_grid`` returns them, in order.
        path: the GIF file.
        scale: enlarge each pixel to scale x scale.
        ms_per_frame: how long each frame shows.

    Example:
        >>> from glassnet.gan.pictures import save_gif
        >>> save_gif([], "never-written.gif")
        False
    """
    try:
        from PIL import Image
    except ImportError:
        return False
    if not grids:
        return False
    frames = [Image.fromarray(_to_uint8(g, scale)) for g in grids]
    atomic_write(Path(path), lambda tmp: frames[0].save(tmp, format="GIF", save_all=True, append_images=frames[1:],
                                                        duration=ms_per_frame, loop=0))
    return True


def plot_gan_losses(history: Any, path: str | os.PathLike, title: str | None = None) -> Path:
    """Two panels per epoch: D and G losses, and D(x) with D(G(z)); a PNG written atomically.

    Args:
        history: a History or a dict name -> per-epoch values (d_loss, g_loss, d_real, d_fake).
        path: the PNG file.
        title: the figure's title.

    Example:
        >>> import tempfile, os
        >>> from glassnet.gan.pictures import plot_gan_losses
        >>> h = {"d_loss": [1.3, 1.1], "g_loss": [0.7, 0.9], "d_real": [0.6, 0.7], "d_fake": [0.4, 0.3]}
        >>> plot_gan_losses(h, os.path.join(tempfile.mkdtemp(), "losses.png")).name
        'losses.png'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    h = history.history if hasattr(history, "history") else dict(history)
    fig = Figure(figsize=(11, 4))
    FigureCanvasAgg(fig)
    ax1, ax2 = fig.subplots(1, 2)
    for ax, keys, label in ((ax1, (("d_loss", "D loss"), ("g_loss", "G loss"), ("gp", "gradient penalty")), "loss"),
                            (ax2, (("d_real", "D(x)"), ("d_fake", "D(G(z))")), "discriminator output")):
        for key, name in keys:
            if h.get(key):
                ax.plot(range(1, len(h[key]) + 1), h[key], "o-", markersize=3, label=name)
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    path = Path(path)
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=100))
    return path
