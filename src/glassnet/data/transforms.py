"""Transforms: small callables applied to one sample, with torchvision's names and formulas.

Image layouts: a NumPy array or PIL image is an image as stored (H x W or H x W x C); a glassnet
Tensor is an image as a model sees it ([..., C,] H x W). Geometric transforms accept both and keep
the layout they were given. Every random draw comes from glassnet's generator, so
``glassnet.manual_seed`` makes augmentation repeatable. Resampling is done with NumPy only
(nearest or bilinear, no antialiasing).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy

from .. import backend, dtypes
from ..tensor import Tensor

__all__ = [
    "Compose", "ToTensor", "Normalize", "Lambda", "RandomCrop", "CenterCrop", "RandomHorizontalFlip",
    "RandomVerticalFlip", "RandomRotation", "Resize", "Grayscale", "one_hot", "centre_by_mass",
]


def _is_pil(img: Any) -> bool:
    return type(img).__module__.startswith("PIL.")


class _Image:
    """An image unpacked to an array plus where its H and W axes are, so it can be packed back alike."""

    def __init__(self, img: Any) -> None:
        self.kind = "tensor" if isinstance(img, Tensor) else "pil" if _is_pil(img) else "array"
        if self.kind == "tensor":
            self.arr, self.h_axis = img._data, img.ndim - 2
        else:
            self.arr = numpy.asarray(img)
            self.h_axis = 0
            self.pil_mode = getattr(img, "mode", None)
        if self.arr.ndim < 2:
            raise ValueError(f"expected an image with at least 2 dims (H, W), got shape {self.arr.shape}")

    @property
    def hw(self) -> tuple[int, int]:
        return self.arr.shape[self.h_axis], self.arr.shape[self.h_axis + 1]

    def pack(self, arr: numpy.ndarray) -> Any:
        if self.kind == "tensor":
            return Tensor._wrap(arr)
        if self.kind == "pil":
            from PIL import Image

            return Image.fromarray(arr)  # mode inferred from dtype and shape (L, RGB, RGBA)
        return arr


def _hw_pair(size: Any, name: str) -> tuple[int, int]:
    if isinstance(size, numbers.Number):
        return int(size), int(size)
    if isinstance(size, Sequence) and len(size) in (1, 2):
        return (int(size[0]), int(size[0])) if len(size) == 1 else (int(size[0]), int(size[1]))
    raise ValueError(f"{name}: size must be an int or a (h, w) sequence, got {size!r}")


class Compose:
    """Composes several transforms together: applies them one after another.

    Args:
        transforms (sequence of callable): the transforms to compose.

    Example:
        >>> from glassnet.data import transforms as T
        >>> t = T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.5,))])
        >>> t(np.array([[0, 255]], dtype=np.uint8))
        tensor([[[-1.,  1.]]])
    """

    def __init__(self, transforms: Sequence[Callable]) -> None:
        self.transforms = list(transforms)

    def __call__(self, img: Any) -> Any:
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self) -> str:
        inner = "".join(f"\n    {t!r}" for t in self.transforms)
        return f"Compose({inner}\n)"


class Lambda:
    """Applies a user-defined function as a transform.

    Args:
        lambd (callable): the function.

    Example:
        >>> from glassnet.data import transforms as T
        >>> T.Lambda(lambda x: x * 2)(glassnet.tensor([1.0, 2.0]))
        tensor([2., 4.])
    """

    def __init__(self, lambd: Callable) -> None:
        if not callable(lambd):
            raise TypeError(f"Lambda: argument should be callable, got {type(lambd).__name__}")
        self.lambd = lambd

    def __call__(self, img: Any) -> Any:
        return self.lambd(img)


class ToTensor:
    """Converts an ``H x W (x C)`` array or PIL image into a float32 ``C x H x W`` tensor (uint8 to ``[0, 1]``).

    torchvision's rule: only uint8 data is divided by 255; other dtypes are converted to
    ``C x H x W`` unscaled. A glassnet Tensor is refused (it is already a model's layout).

    Example:
        >>> from glassnet.data import transforms as T
        >>> img = np.array([[[255, 0, 0], [0, 0, 255]]], dtype=np.uint8)  # 1 x 2 pixels, RGB
        >>> x = T.ToTensor()(img)
        >>> x.shape, x[:, 0, 0]
        (glassnet.Size([3, 1, 2]), tensor([1., 0., 0.]))
    """

    def __call__(self, pic: Any) -> Tensor:
        if isinstance(pic, Tensor):
            raise TypeError("ToTensor: pic should be a PIL Image or ndarray, got a glassnet Tensor")
        if not (_is_pil(pic) or isinstance(pic, numpy.ndarray)):
            raise TypeError(f"ToTensor: pic should be a PIL Image or ndarray, got {type(pic).__name__}")
        arr = numpy.asarray(pic)
        if _is_pil(pic) and pic.mode == "1":
            arr = arr.astype(numpy.uint8) * 255
        if arr.ndim == 2:
            arr = arr[:, :, None]
        if arr.ndim != 3:
            raise ValueError(f"ToTensor: pic should be 2 or 3 dimensional, got {arr.ndim} dimensions")
        arr = numpy.ascontiguousarray(arr.transpose(2, 0, 1))
        if arr.dtype == numpy.uint8:
            return Tensor._wrap(arr.astype(dtypes.get_default_dtype().np) / dtypes.get_default_dtype().np.type(255))
        return Tensor._wrap(arr)

    def __repr__(self) -> str:
        return "ToTensor()"


class Normalize:
    """Normalizes a float image with a mean and standard deviation per channel: ``(x - mean[c]) / std[c]``.

    Works on ``[..., C, H, W]`` tensors or arrays (after :class:`ToTensor`); one value is shared by
    all channels.

    Args:
        mean (sequence of float): the means of the channels.
        std (sequence of float): the standard deviations of the channels.
        inplace (bool, optional): change the input's data in place. Default: ``False``.

    Example:
        >>> from glassnet.data import transforms as T
        >>> T.Normalize(mean=[0.5, 0.0], std=[0.5, 2.0])(glassnet.ones(2, 1, 2))
        tensor([[[1.0000, 1.0000]],
        <BLANKLINE>
                [[0.5000, 0.5000]]])
    """

    def __init__(self, mean: Sequence[float], std: Sequence[float], inplace: bool = False) -> None:
        self.mean = list(mean) if isinstance(mean, Sequence) else [float(mean)]
        self.std = list(std) if isinstance(std, Sequence) else [float(std)]
        if any(s == 0 for s in self.std):
            raise ValueError(
                f"Normalize: std evaluated to zero ({self.std}), leading to division by zero")
        self.inplace = inplace

    def __call__(self, tensor: Any) -> Any:
        arr = tensor._data if isinstance(tensor, Tensor) else numpy.asarray(tensor)
        if arr.ndim < 3 or arr.dtype.kind != "f":
            raise TypeError(
                f"Normalize: expected a float image of shape [..., C, H, W], got dtype {arr.dtype} and "
                f"shape {arr.shape} (apply ToTensor first)"
            )
        c = arr.shape[-3]
        if len(self.mean) not in (1, c) or len(self.std) not in (1, c):
            raise ValueError(
                f"Normalize: {len(self.mean)} means / {len(self.std)} stds for an image with {c} channels")
        mean = numpy.asarray(self.mean, dtype=arr.dtype).reshape(-1, 1, 1)
        std = numpy.asarray(self.std, dtype=arr.dtype).reshape(-1, 1, 1)
        if self.inplace:
            arr -= mean
            arr /= std
            return tensor
        out = (arr - mean) / std
        return Tensor._wrap(out) if isinstance(tensor, Tensor) else out

    def __repr__(self) -> str:
        return f"Normalize(mean={self.mean}, std={self.std})"


def _pad(img: _Image, padding: Any, fill: float, padding_mode: str) -> numpy.ndarray:
    # torchvision's padding: int (all sides), (left/right, top/bottom), or (left, top, right, bottom).
    if isinstance(padding, numbers.Number):
        left = top = right = bottom = int(padding)
    elif len(padding) == 2:
        left = right = int(padding[0])
        top = bottom = int(padding[1])
    elif len(padding) == 4:
        left, top, right, bottom = (int(p) for p in padding)
    else:
        raise ValueError(f"padding must be an int or a 2- or 4-element sequence, got {padding!r}")
    widths = [(0, 0)] * img.arr.ndim
    widths[img.h_axis], widths[img.h_axis + 1] = (top, bottom), (left, right)
    if padding_mode == "constant":
        return numpy.pad(img.arr, widths, mode="constant", constant_values=fill)
    if padding_mode not in ("edge", "reflect", "symmetric"):
        raise ValueError(f"padding_mode must be constant, edge, reflect or symmetric, got {padding_mode!r}")
    return numpy.pad(img.arr, widths, mode=padding_mode)


def _crop(img: _Image, arr: numpy.ndarray, top: int, left: int, h: int, w: int) -> numpy.ndarray:
    index = [slice(None)] * arr.ndim
    index[img.h_axis], index[img.h_axis + 1] = slice(top, top + h), slice(left, left + w)
    return arr[tuple(index)]


class RandomCrop:
    """Crops the image at a random location, after optional padding (torchvision's arguments).

    Works on NumPy arrays and PIL images (``H x W (x C)``) and on tensors (``[..., C,] H x W``),
    keeping the layout; the position is drawn from glassnet's generator.

    Args:
        size (int or tuple of int): the output size ``(h, w)``, or ``(size, size)``.
        padding (int or sequence, optional): padding of all sides, of (left/right, top/bottom), or
            of (left, top, right, bottom). Default: ``None``.
        pad_if_needed (bool, optional): pad an image smaller than ``size``. Default: ``False``.
        fill (float, optional): the value of constant padding. Default: ``0``.
        padding_mode (str, optional): ``'constant'``, ``'edge'``, ``'reflect'`` or ``'symmetric'``.
            Default: ``'constant'``.

    Example:
        >>> from glassnet.data import transforms as T
        >>> T.RandomCrop(28, padding=4)(glassnet.rand(1, 28, 28)).shape
        glassnet.Size([1, 28, 28])
    """

    def __init__(self, size: Any, padding: Any = None, pad_if_needed: bool = False, fill: float = 0,
                 padding_mode: str = "constant") -> None:
        self.size = _hw_pair(size, "RandomCrop")
        self.padding, self.pad_if_needed = padding, pad_if_needed
        self.fill, self.padding_mode = fill, padding_mode

    def __call__(self, img: Any) -> Any:
        im = _Image(img)
        if self.padding is not None:
            im.arr = _pad(im, self.padding, self.fill, self.padding_mode)
        th, tw = self.size
        h, w = im.hw
        if self.pad_if_needed and (h < th or w < tw):
            dh, dw = max(th - h, 0), max(tw - w, 0)
            im.arr = _pad(im, (dw, dh), self.fill, self.padding_mode)
            h, w = im.hw
        if h < th or w < tw:
            raise ValueError(
                f"RandomCrop: required crop size {(th, tw)} is larger than input image size {(h, w)}")
        rng = backend.generator()
        top = int(rng.integers(0, h - th + 1))
        left = int(rng.integers(0, w - tw + 1))
        return im.pack(numpy.ascontiguousarray(_crop(im, im.arr, top, left, th, tw)))

    def __repr__(self) -> str:
        return f"RandomCrop(size={self.size}, padding={self.padding})"


class CenterCrop:
    """Crops the central ``size`` window of the image.

    Args:
        size (int or tuple of int): the output size ``(h, w)``, or ``(size, size)``.

    Example:
        >>> from glassnet.data import transforms as T
        >>> T.CenterCrop(2)(glassnet.arange(16.0).reshape(1, 4, 4))
        tensor([[[ 5.,  6.],
                 [ 9., 10.]]])
    """

    def __init__(self, size: Any) -> None:
        self.size = _hw_pair(size, "CenterCrop")

    def __call__(self, img: Any) -> Any:
        im = _Image(img)
        (th, tw), (h, w) = self.size, im.hw
        if h < th or w < tw:
            raise ValueError(f"CenterCrop: crop size {(th, tw)} is larger than input image size {(h, w)}")
        top, left = int(round((h - th) / 2.0)), int(round((w - tw) / 2.0))
        return im.pack(numpy.ascontiguousarray(_crop(im, im.arr, top, left, th, tw)))


class RandomHorizontalFlip:
    """Mirrors the image left-right with probability ``p``.

    Args:
        p (float, optional): the probability of the flip. Default: ``0.5``.

    Example:
        >>> from glassnet.data import transforms as T
        >>> T.RandomHorizontalFlip(p=1.0)(glassnet.tensor([[[1.0, 2.0, 3.0]]]))
        tensor([[[3., 2., 1.]]])
    """

    def __init__(self, p: float = 0.5) -> None:
        self.p = p

    def __call__(self, img: Any) -> Any:
        if backend.generator().random() >= self.p:
            return img
        im = _Image(img)
        return im.pack(numpy.ascontiguousarray(numpy.flip(im.arr, axis=im.h_axis + 1)))

    def __repr__(self) -> str:
        return f"RandomHorizontalFlip(p={self.p})"


class RandomVerticalFlip:
    """Mirrors the image top-bottom with probability ``p``.

    Args:
        p (float, optional): the probability of the flip. Default: ``0.5``.

    Example:
        >>> from glassnet.data import transforms as T
        >>> T.RandomVerticalFlip(p=1.0)(glassnet.tensor([[[1.0], [2.0]]]))
        tensor([[[2.],
                 [1.]]])
    """

    def __init__(self, p: float = 0.5) -> None:
        self.p = p

    def __call__(self, img: Any) -> Any:
        if backend.generator().random() >= self.p:
            return img
        im = _Image(img)
        return im.pack(numpy.ascontiguousarray(numpy.flip(im.arr, axis=im.h_axis)))


def _sample(arr: numpy.ndarray, h_axis: int, ys: numpy.ndarray, xs: numpy.ndarray, interpolation: str,
            fill: float) -> numpy.ndarray:
    """Read ``arr`` at fractional source coordinates (ys, xs) of the output grid; outside -> fill."""
    h, w = arr.shape[h_axis], arr.shape[h_axis + 1]
    src = numpy.moveaxis(arr, (h_axis, h_axis + 1), (0, 1)).astype(numpy.float64)
    if interpolation == "nearest":
        yi, xi = numpy.floor(ys + 0.5).astype(numpy.int64), numpy.floor(xs + 0.5).astype(numpy.int64)
        inside = (yi >= 0) & (yi < h) & (xi >= 0) & (xi < w)
        out = src[yi.clip(0, h - 1), xi.clip(0, w - 1)]
        out[~inside] = fill
    elif interpolation == "bilinear":
        # Each output mixes its four neighbours; neighbours outside the image count as `fill`.
        y0, x0 = numpy.floor(ys).astype(numpy.int64), numpy.floor(xs).astype(numpy.int64)
        wy, wx = ys - y0, xs - x0
        out = 0.0
        for dy, fy in ((0, 1 - wy), (1, wy)):
            for dx, fx in ((0, 1 - wx), (1, wx)):
                yy, xx = y0 + dy, x0 + dx
                inside = (yy >= 0) & (yy < h) & (xx >= 0) & (xx < w)
                v = src[yy.clip(0, h - 1), xx.clip(0, w - 1)]
                v[~inside] = fill
                wgt = (fy * fx).reshape(fy.shape + (1,) * (v.ndim - 2))
                out = out + wgt * v
    else:
        raise ValueError(f"interpolation must be 'nearest' or 'bilinear', got {interpolation!r}")
    out = numpy.moveaxis(out, (0, 1), (h_axis, h_axis + 1))
    if arr.dtype.kind in "ui":
        out = numpy.clip(numpy.rint(out), numpy.iinfo(arr.dtype).min, numpy.iinfo(arr.dtype).max)
    return numpy.ascontiguousarray(out.astype(arr.dtype))


def _rotate(im: _Image, angle: float, interpolation: str, fill: float) -> numpy.ndarray:
    # Inverse mapping about the image centre: each output pixel reads the source pixel that a
    # counter-clockwise rotation by `angle` would carry onto it (torchvision's direction).
    h, w = im.hw
    cy, cx = (h - 1) / 2.0, (w - 1) / 2.0
    yy, xx = numpy.meshgrid(numpy.arange(h, dtype=numpy.float64) - cy,
                            numpy.arange(w, dtype=numpy.float64) - cx, indexing="ij")
    a = math.radians(angle)
    xs = math.cos(a) * xx - math.sin(a) * yy + cx
    ys = math.sin(a) * xx + math.cos(a) * yy + cy
    return _sample(im.arr, im.h_axis, ys, xs, interpolation, fill)


class RandomRotation:
    """Rotates the image by an angle drawn uniformly from ``(-degrees, degrees)`` (counter-clockwise positive).

    The image keeps its size; pixels from outside it get ``fill``. Resampling is NumPy only
    (nearest or bilinear, no antialiasing).

    Args:
        degrees (float or tuple of float): the range ``(min, max)``, or ``(-degrees, degrees)``.
        interpolation (str, optional): ``'nearest'`` or ``'bilinear'``. Default: ``'nearest'``.
        fill (float, optional): the value of pixels from outside the image. Default: ``0``.

    Example:
        >>> from glassnet.data import transforms as T
        >>> T.RandomRotation(15)(glassnet.rand(1, 8, 8)).shape
        glassnet.Size([1, 8, 8])
    """

    def __init__(self, degrees: Any, interpolation: str = "nearest", fill: float = 0) -> None:
        if isinstance(degrees, numbers.Number):
            if degrees < 0:
                raise ValueError(
                    f"RandomRotation: if degrees is a single number, it must be positive, got {degrees}")
            degrees = (-float(degrees), float(degrees))
        elif len(degrees) != 2:
            raise ValueError(
                f"RandomRotation: degrees must be a number or a (min, max) pair, got {degrees!r}")
        self.degrees = (float(degrees[0]), float(degrees[1]))
        self.interpolation, self.fill = interpolation, fill

    def __call__(self, img: Any) -> Any:
        angle = float(backend.generator().uniform(self.degrees[0], self.degrees[1]))
        im = _Image(img)
        return im.pack(_rotate(im, angle, self.interpolation, self.fill))

    def __repr__(self) -> str:
        return f"RandomRotation(degrees={self.degrees}, interpolation={self.interpolation!r})"


def rotate(img: Any, angle: float, interpolation: str = "nearest", fill: float = 0) -> Any:
    """Rotates an image by ``angle`` degrees counter-clockwise about its centre (its size is kept).

    Args:
        img (Tensor, array or PIL image): the image.
        angle (float): the angle in degrees.
        interpolation (str, optional): ``'nearest'`` or ``'bilinear'``. Default: ``'nearest'``.
        fill (float, optional): the value of pixels from outside the image. Default: ``0``.

    Returns:
        the rotated image, in the input's layout.

    Example:
        >>> from glassnet.data import transforms as T
        >>> T.rotate(glassnet.tensor([[[1.0, 2.0], [3.0, 4.0]]]), 90)
        tensor([[[2., 4.],
                 [1., 3.]]])
    """
    im = _Image(img)
    return im.pack(_rotate(im, angle, interpolation, fill))


class Resize:
    """Resizes the image to ``(h, w)``, or its smaller edge to ``size`` keeping the aspect ratio (torchvision's rule).

    Bilinear uses half-pixel centres (``align_corners=False``) without antialiasing; nearest picks
    ``floor(out_index * in / out)``, both as ``torch.nn.functional.interpolate`` does.

    Args:
        size (int or tuple of int): ``(h, w)``, or the length of the smaller edge.
        interpolation (str, optional): ``'nearest'`` or ``'bilinear'``. Default: ``'bilinear'``.

    Example:
        >>> from glassnet.data import transforms as T
        >>> T.Resize(4)(glassnet.rand(3, 8, 16)).shape
        glassnet.Size([3, 4, 8])
        >>> T.Resize((2, 2), interpolation='nearest')(glassnet.arange(16.0).reshape(1, 4, 4))
        tensor([[[ 0.,  2.],
                 [ 8., 10.]]])
    """

    def __init__(self, size: Any, interpolation: str = "bilinear") -> None:
        self.size = size
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError(f"Resize: interpolation must be 'nearest' or 'bilinear', got {interpolation!r}")
        self.interpolation = interpolation

    def _target(self, h: int, w: int) -> tuple[int, int]:
        if isinstance(self.size, numbers.Number) or len(self.size) == 1:
            s = int(self.size if isinstance(self.size, numbers.Number) else self.size[0])
            if h <= w:
                return s, int(s * w / h)
            return int(s * h / w), s
        return int(self.size[0]), int(self.size[1])

    def __call__(self, img: Any) -> Any:
        im = _Image(img)
        h, w = im.hw
        oh, ow = self._target(h, w)
        if (oh, ow) == (h, w):
            return img
        oy, ox = numpy.arange(oh, dtype=numpy.float64), numpy.arange(ow, dtype=numpy.float64)
        if self.interpolation == "nearest":
            ys = numpy.minimum(numpy.floor(oy * (h / oh)), h - 1)
            xs = numpy.minimum(numpy.floor(ox * (w / ow)), w - 1)
        else:
            ys = ((oy + 0.5) * (h / oh) - 0.5).clip(0, h - 1)
            xs = ((ox + 0.5) * (w / ow) - 0.5).clip(0, w - 1)
        ys, xs = numpy.meshgrid(ys, xs, indexing="ij")
        return im.pack(_sample(im.arr, im.h_axis, ys, xs, self.interpolation, 0.0))

    def __repr__(self) -> str:
        return f"Resize(size={self.size}, interpolation={self.interpolation!r})"


class Grayscale:
    """Converts an RGB image to grayscale: ``L = 0.299 R + 0.587 G + 0.114 B`` (ITU-R 601-2, as torchvision and PIL).

    Args:
        num_output_channels (int, optional): 1, or 3 (the luminance repeated). Default: ``1``.

    Example:
        >>> from glassnet.data import transforms as T
        >>> T.Grayscale()(glassnet.tensor([[[1.0]], [[0.0]], [[0.0]]]))
        tensor([[[0.2990]]])
    """

    def __init__(self, num_output_channels: int = 1) -> None:
        if num_output_channels not in (1, 3):
            raise ValueError(
                f"Grayscale: num_output_channels should be either 1 or 3, got {num_output_channels}")
        self.num_output_channels = num_output_channels

    def __call__(self, img: Any) -> Any:
        if _is_pil(img):
            gray = img.convert("L")
            return gray if self.num_output_channels == 1 else gray.convert("RGB")
        im = _Image(img)
        c_axis = im.h_axis - 1 if im.kind == "tensor" else 2
        if im.arr.ndim <= max(c_axis, 0) or c_axis < 0 or im.arr.shape[c_axis] != 3:
            raise ValueError(f"Grayscale: expected a 3-channel image, got shape {im.arr.shape}")
        r, g, b = (numpy.take(im.arr, i, axis=c_axis).astype(numpy.float64) for i in range(3))
        lum = 0.299 * r + 0.587 * g + 0.114 * b
        if im.arr.dtype.kind in "ui":
            lum = numpy.clip(numpy.rint(lum), 0, numpy.iinfo(im.arr.dtype).max)
        lum = numpy.expand_dims(lum.astype(im.arr.dtype), c_axis)
        out = numpy.repeat(lum, self.num_output_channels, axis=c_axis)
        return im.pack(numpy.ascontiguousarray(out))


def one_hot(labels: Any, num_classes: int = -1) -> Tensor:
    """Turns integer class labels (of any shape) into an int64 one-hot tensor with a new last dimension.

    The same as :func:`glassnet.nn.functional.one_hot`, but it also accepts NumPy arrays and lists,
    as a transform of labels.

    Args:
        labels (Tensor, array or list): non-negative integer class labels.
        num_classes (int, optional): the number of classes; ``-1`` infers it as the largest label
            plus one. Default: ``-1``.

    Returns:
        Tensor: int64, of shape ``labels.shape + (num_classes,)``.

    Example:
        >>> glassnet.data.one_hot([2, 0], num_classes=3)
        tensor([[0, 0, 1],
                [1, 0, 0]])
    """
    arr = numpy.asarray(labels._data if isinstance(labels, Tensor) else labels)
    if arr.dtype.kind not in "iu":
        raise RuntimeError(f"one_hot is only applicable to index tensor (integer dtype), got {arr.dtype}")
    if arr.size and arr.min() < 0:
        raise RuntimeError(f"one_hot: Class values must be non-negative, got {int(arr.min())}")
    if num_classes == -1:
        num_classes = int(arr.max()) + 1 if arr.size else 0
    if arr.size and arr.max() >= num_classes:
        raise RuntimeError(f"one_hot: Class values must be smaller than num_classes ({num_classes}), "
                           f"got {int(arr.max())}")
    out = numpy.zeros(arr.shape + (num_classes,), dtype=numpy.int64)
    numpy.put_along_axis(out, arr[..., None].astype(numpy.int64), 1, axis=-1)
    return Tensor._wrap(out)


def centre_by_mass(x: numpy.ndarray) -> numpy.ndarray:
    """Shift a 2-D picture (whole pixels, filling with black) so its centre of mass is the frame's centre.

    MNIST's digits were centred this way; a digit drawn anywhere on a canvas must be too before a model
    trained on them reads it (``glassnet predict`` on a photo, the playground's drawing canvas).

    Args:
        x: (H, W) array, ink > 0 on a 0 background.

    Example:
        >>> from glassnet.data.transforms import centre_by_mass
        >>> x = numpy.zeros((5, 5)); x[0, 0] = 1
        >>> numpy.argwhere(centre_by_mass(x)).tolist()
        [[2, 2]]
    """
    total = x.sum()
    if total <= 0:
        return x
    ys, xs = numpy.indices(x.shape)
    dy = int(round((x.shape[0] - 1) / 2 - (ys * x).sum() / total))
    dx = int(round((x.shape[1] - 1) / 2 - (xs * x).sum() / total))
    out = numpy.zeros_like(x)
    h, w = x.shape
    src = x[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
    out[max(0, dy):max(0, dy) + src.shape[0], max(0, dx):max(0, dx) + src.shape[1]] = src
    return out
