"""Image grids: ``make_grid`` and ``save_image`` with torchvision.utils' arguments and algorithm.

``make_grid`` tiles a batch of images (B, C, H, W) into one (C, H', W') image, ``nrow`` to a row, with
``padding`` pixels of ``pad_value`` around and between them. ``save_image`` writes that grid as an
8-bit image through Pillow, the optional extra ``pip install "glassnet[images]"``.
"""

from __future__ import annotations

import math
from typing import Any, BinaryIO

from ..backend import array_module
from ..tensor import Tensor


def make_grid(tensor: Tensor | list[Tensor], nrow: int = 8, padding: int = 2, normalize: bool = False,
              value_range: tuple[float, float] | None = None, scale_each: bool = False,
              pad_value: float = 0.0) -> Tensor:
    """Makes a grid of images: tiles a ``(B, C, H, W)`` batch, a list of same-sized images, or one image.

    As torchvision's: images are laid out ``nrow`` per row with ``padding`` pixels of ``pad_value``
    between them, and 1-channel images become 3-channel. A single image comes back unpadded.

    Args:
        tensor (Tensor or list of Tensor): a ``(B, C, H, W)`` batch, a list of ``(C, H, W)`` images,
            or one ``(C, H, W)`` or ``(H, W)`` image.
        nrow (int, optional): the number of images in each row of the grid. Default: ``8``.
        padding (int, optional): the padding in pixels. Default: ``2``.
        normalize (bool, optional): shift the images to the range ``(0, 1)`` by their min and max
            (or ``value_range``). Default: ``False``.
        value_range (tuple, optional): ``(min, max)`` used to normalize the images; by default the
            min and max of the data. Default: ``None``.
        scale_each (bool, optional): normalize each image separately. Default: ``False``.
        pad_value (float, optional): the value of the padded pixels. Default: ``0.0``.

    Returns:
        Tensor: the grid, ``(3, H_grid, W_grid)`` (or ``(C, ...)`` for 3-channel input).

    Example:
        >>> images = glassnet.rand(10, 1, 8, 8)
        >>> glassnet.utils.make_grid(images, nrow=5).shape
        glassnet.Size([3, 22, 52])
    """
    arr = _as_batch(tensor)
    if normalize:
        if value_range is not None and not isinstance(value_range, tuple):
            raise TypeError("value_range has to be a tuple (min, max) if specified. min and max are numbers")
        arr = arr.copy()  # never rescale the caller's images
        for img in (arr if scale_each else [arr]):
            low, high = value_range if value_range is not None else (float(img.min()), float(img.max()))
            _rescale_in_place(img, low, high)
    if arr.shape[0] == 1:
        return Tensor._wrap(arr[0])  # a single image comes back unpadded, as in torchvision

    nmaps, channels = arr.shape[0], arr.shape[1]
    xmaps = min(nrow, nmaps)
    ymaps = int(math.ceil(nmaps / xmaps))
    height, width = arr.shape[2] + padding, arr.shape[3] + padding
    xp = array_module(arr)
    grid = xp.full((channels, height * ymaps + padding, width * xmaps + padding), pad_value, dtype=arr.dtype)
    for k in range(nmaps):
        y, x = divmod(k, xmaps)
        top, left = y * height + padding, x * width + padding
        grid[:, top:top + height - padding, left:left + width - padding] = arr[k]
    return Tensor._wrap(grid)


def save_image(tensor: Tensor | list[Tensor], fp: Any | BinaryIO, format: str | None = None,  # noqa: A002
               **kwargs: Any) -> None:
    """Saves a tensor (or a grid of a batch of images) as an 8-bit image file, via Pillow.

    The values are expected in ``[0, 1]``; they are scaled to 0..255 and rounded. ``kwargs`` go to
    :func:`make_grid`. Needs Pillow (``pip install "glassnet[images]"``).

    Args:
        tensor (Tensor or list of Tensor): the image(s), as for :func:`make_grid`.
        fp (str, os.PathLike or file object): the file name or a writable binary file object.
        format (str, optional): the image format; by default deduced from the file name (needed for a
            file object). Default: ``None``.
        **kwargs: the arguments of :func:`make_grid` (``nrow``, ``padding``, ``normalize``, ...).

    Example:
        >>> import io
        >>> buf = io.BytesIO()
        >>> glassnet.utils.save_image(glassnet.rand(4, 3, 8, 8), buf, format='png', nrow=2)
        >>> buf.getvalue()[:4]
        b'\x89PNG'
    """
    try:
        from PIL import Image
    except ImportError as err:
        raise ImportError('save_image needs Pillow to write images: pip install "glassnet[images]"') from err
    grid = make_grid(tensor, **kwargs)._data
    xp = array_module(grid)
    # +0.5 before the cast rounds to the nearest level, as torchvision does
    pixels = xp.clip(grid * 255 + 0.5, 0, 255).transpose(1, 2, 0).astype(xp.uint8)
    Image.fromarray(_to_numpy(pixels)).save(fp, format=format)


def _as_batch(tensor: Any) -> Any:
    """The input as a (B, C, H, W) array; one image gets a batch axis, 1-channel images become 3-channel."""
    if isinstance(tensor, list):
        for t in tensor:
            if not isinstance(t, Tensor):
                raise TypeError(f"tensor or list of tensors expected, got a list containing {type(t)}")
        shapes = {tuple(t.shape) for t in tensor}
        if len(shapes) != 1:
            raise ValueError(f"make_grid: the images in the list must all have one shape, got {sorted(shapes)}")
        arr = array_module(tensor[0]._data).stack([t.detach()._data for t in tensor])
    elif isinstance(tensor, Tensor):
        arr = tensor.detach()._data
    else:
        raise TypeError(f"tensor or list of tensors expected, got {type(tensor)}")
    xp = array_module(arr)
    if arr.ndim == 2:
        arr = arr[None]
    if arr.ndim == 3:
        if arr.shape[0] == 1:
            arr = xp.concatenate([arr, arr, arr], axis=0)
        arr = arr[None]
    if arr.ndim != 4:
        raise ValueError(f"make_grid expects (H, W), (C, H, W) or (B, C, H, W) images, got shape {tuple(arr.shape)}")
    if arr.shape[1] == 1:
        arr = xp.concatenate([arr, arr, arr], axis=1)
    return arr


def _rescale_in_place(img: Any, low: float, high: float) -> None:
    """Clamp to [low, high] and map that range onto [0, 1]."""
    xp = array_module(img)
    xp.clip(img, low, high, out=img)
    img -= low
    img /= max(high - low, 1e-5)


def _to_numpy(arr: Any) -> Any:
    """A host NumPy array for Pillow (a GPU array is copied back)."""
    return arr.get() if hasattr(arr, "get") else arr
