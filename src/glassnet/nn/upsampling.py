"""Resizing: F.interpolate ('nearest', 'nearest-exact', 'linear', 'bilinear') and nn.Upsample.

Interpolation is linear in the input, so it is written with differentiable tensor ops: 'nearest'
is a gather (or, for whole-number factors, a broadcast that needs no index at all) and 'bilinear'
is ``A_h @ x @ A_w.T`` with the small weight matrices from ``glassnet/ops/upsample.py``.
"""

from __future__ import annotations

import math
from typing import Any

from ..ops import upsample as upsample_ops
from ..tensor import Tensor
from .module import Module

_MODES = ("nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area")
_MODE_DIMS = {"linear": 3, "bilinear": 4, "bicubic": 4, "trilinear": 5}


def _sizes(x: Tensor, size: Any, scale_factor: Any, recompute: bool | None) -> tuple[tuple, tuple]:
    dims = x.ndim - 2
    if (size is None) == (scale_factor is None):
        raise ValueError("interpolate: exactly one of size or scale_factor must be given")
    spatial = tuple(x.shape[2:])
    if size is not None:
        out = (size,) * dims if isinstance(size, int) else tuple(int(s) for s in size)
        if len(out) != dims:
            raise ValueError(f"interpolate: size {size} must have {dims} entries for input {tuple(x.shape)}")
        return out, (None,) * dims
    sf = (float(scale_factor),) * dims if isinstance(scale_factor, (int, float)) else \
        tuple(float(s) for s in scale_factor)
    if len(sf) != dims:
        raise ValueError(f"interpolate: scale_factor {scale_factor} must have {dims} entries")
    out = tuple(int(math.floor(n * s)) for n, s in zip(spatial, sf))
    return out, ((None,) * dims if recompute else sf)


def interpolate(input: Tensor, size: Any = None, scale_factor: Any = None, mode: str = "nearest",  # noqa: A002
                align_corners: bool | None = None, recompute_scale_factor: bool | None = None,
                antialias: bool = False) -> Tensor:
    """Down/up samples the input.

    Resizes to either the given ``size`` or the given ``scale_factor``, with the algorithm chosen by
    ``mode``. Temporal (3-D), spatial (4-D) and volumetric (5-D) inputs are supported: the input is
    ``mini-batch x channels x [optional depth] x [optional height] x width``. ``'linear'`` is for
    3-D, ``'bilinear'`` and ``'bicubic'`` for 4-D and ``'trilinear'`` for 5-D inputs; the index rules
    follow PyTorch's (``'area'`` is adaptive average pooling to the output size).

    Args:
        input (Tensor): the input tensor, ``(N, C, L)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
        size (int or tuple, optional): output spatial size. Default: ``None``.
        scale_factor (float or tuple, optional): multiplier for spatial size; has to match input size if it is
            a tuple. Default: ``None``.
        mode (str, optional): algorithm used for upsampling: ``'nearest'`` | ``'linear'`` | ``'bilinear'`` |
            ``'bicubic'`` | ``'trilinear'`` | ``'area'`` | ``'nearest-exact'``. Default: ``'nearest'``.
        align_corners (bool, optional): if ``True``, the corner pixels of the input and output tensors are
            aligned, and thus preserving the values at those pixels. Only for the ``'linear'``, ``'bilinear'``,
            ``'bicubic'`` and ``'trilinear'`` modes. Default: ``None`` (``False``).
        recompute_scale_factor (bool, optional): recompute the scale_factor for use in the interpolation
            calculation from the computed output size. Default: ``None``.
        antialias (bool, optional): apply anti-aliasing when downsampling (``'bilinear'`` and ``'bicubic'``
            with 4-D inputs only). Default: ``False``.

    Example:
        >>> x = glassnet.tensor([[[[1.0, 2.0], [3.0, 4.0]]]])
        >>> F.interpolate(x, scale_factor=2, mode="nearest")
        tensor([[[[1., 1., 2., 2.],
                  [1., 1., 2., 2.],
                  [3., 3., 4., 4.],
                  [3., 3., 4., 4.]]]])
        >>> F.interpolate(x, size=(3, 3), mode="bilinear", align_corners=True)
        tensor([[[[1.0000, 1.5000, 2.0000],
                  [2.0000, 2.5000, 3.0000],
                  [3.0000, 3.5000, 4.0000]]]])
    """
    if mode not in _MODES:
        raise NotImplementedError(f"interpolate: mode {mode!r} is not supported (use one of {_MODES})")
    if input.ndim not in (3, 4, 5):
        raise ValueError(f"interpolate: expected a 3-D, 4-D or 5-D input, got shape {tuple(input.shape)}")
    if antialias and (mode not in ("bilinear", "bicubic") or input.ndim != 4):
        raise NotImplementedError(f"interpolate: anti-alias option is restricted to bilinear and bicubic modes and "
                                  f"requires a 4-D tensor as input (got mode {mode!r}, shape {tuple(input.shape)})")
    if mode.startswith("nearest") and align_corners is not None:
        raise ValueError("align_corners option can only be set with the interpolating modes: "
                         "linear | bilinear | bicubic | trilinear")
    if mode == "area" and align_corners is not None:
        raise ValueError("align_corners option can only be set with the interpolating modes: "
                         "linear | bilinear | bicubic | trilinear")
    if mode in _MODE_DIMS and input.ndim != _MODE_DIMS[mode]:
        raise ValueError(f"interpolate: mode {mode!r} needs a {_MODE_DIMS[mode]}-D input, "
                         f"got shape {tuple(input.shape)}")
    out_size, factors = _sizes(input, size, scale_factor, recompute_scale_factor)
    if min(out_size) <= 0:
        raise ValueError(f"interpolate: output size {out_size} must be positive (input {tuple(input.shape)})")
    xp, x = input.xp, input
    in_size = tuple(input.shape[2:])
    if mode == "area":  # PyTorch's 'area' is adaptive average pooling to the output size
        from .pooling import adaptive_avg_pool1d, adaptive_avg_pool2d
        from .pooling_nd import adaptive_avg_pool3d

        return (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[input.ndim - 3](input, out_size)
    scales = [upsample_ops.source_scale(i, o, f) for i, o, f in zip(in_size, out_size, factors)]
    if mode.startswith("nearest"):
        exact = mode == "nearest-exact"
        idx = [upsample_ops.nearest_index(xp, i, o, s, exact) for i, o, s in zip(in_size, out_size, scales)]
        reps = [o // i if o % i == 0 else 0 for i, o in zip(in_size, out_size)]
        if all(r > 0 and (ix == xp.arange(o) // r).all() for r, ix, o in zip(reps, idx, out_size)):
            # whole-number upscale: repeat each pixel with a broadcast (its gradient is a plain sum)
            n, c = x.shape[:2]
            expanded = [n, c]
            shaped = [n, c]
            for i, r in zip(in_size, reps):
                shaped += [i, 1]
                expanded += [i, r]
            return x.reshape(*shaped).expand(*expanded).reshape(n, c, *out_size)
        if len(idx) == 1:
            return x[:, :, idx[0]]
        return x[(slice(None), slice(None)) + xp.ix_(*idx)]
    corners = bool(align_corners)
    if antialias:  # PyTorch's antialiased kernel: its scale follows align_corners like the plain one
        scales = [(i - 1) / (o - 1) if corners and o > 1 else (0.0 if corners else s)
                  for i, o, s in zip(in_size, out_size, scales)]
        mats = [upsample_ops.antialias_matrix(xp, i, o, s, mode, x._data.dtype)
                for i, o, s in zip(in_size, out_size, scales)]
    else:
        table = upsample_ops.cubic_matrix if mode == "bicubic" else upsample_ops.linear_matrix
        mats = [table(xp, i, o, s, corners, x._data.dtype) for i, o, s in zip(in_size, out_size, scales)]
    # Separable: one small weight matrix per spatial axis, applied along that axis.
    out = x @ Tensor(mats[-1].T)
    for a, m in enumerate(mats[:-1]):
        out = (out.transpose(2 + a, -1) @ Tensor(m.T)).transpose(2 + a, -1)
    return out


class Upsample(Module):
    """Upsamples a given multi-channel 1D (temporal), 2D (spatial) or 3D (volumetric) data.

    The input data is assumed to be of the form ``minibatch x channels x [optional depth] x
    [optional height] x width``; one can give either a ``scale_factor`` or the target output
    ``size``. See :func:`~glassnet.nn.functional.interpolate`, which it calls.

    Args:
        size (int or tuple, optional): output spatial size. Default: ``None``.
        scale_factor (float or tuple, optional): multiplier for spatial size; has to match input size if it is
            a tuple. Default: ``None``.
        mode (str, optional): algorithm used for upsampling: ``'nearest'`` | ``'linear'`` | ``'bilinear'`` |
            ``'bicubic'`` | ``'trilinear'`` | ``'area'`` | ``'nearest-exact'``. Default: ``'nearest'``.
        align_corners (bool, optional): if ``True``, the corner pixels of the input and output tensors are
            aligned, and thus preserving the values at those pixels. Only for the ``'linear'``, ``'bilinear'``,
            ``'bicubic'`` and ``'trilinear'`` modes. Default: ``None`` (``False``).
        recompute_scale_factor (bool, optional): recompute the scale_factor for use in the interpolation
            calculation from the computed output size. Default: ``None``.

    Shape:
        - Input: ``(N, C, W_in)``, ``(N, C, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``
        - Output: ``(N, C, W_out)``, ``(N, C, H_out, W_out)`` or ``(N, C, D_out, H_out, W_out)``, where
          ``D_out = floor(D_in * scale_factor)`` (likewise ``H_out``, ``W_out``), or ``size``.

    Example:
        >>> input = glassnet.tensor([[[[1.0, 2.0], [3.0, 4.0]]]])
        >>> m = nn.Upsample(scale_factor=2, mode="nearest")
        >>> m(input)
        tensor([[[[1., 1., 2., 2.],
                  [1., 1., 2., 2.],
                  [3., 3., 4., 4.],
                  [3., 3., 4., 4.]]]])
        >>> m = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        >>> m(input)
        tensor([[[[1.0000, 1.2500, 1.7500, 2.0000],
                  [1.5000, 1.7500, 2.2500, 2.5000],
                  [2.5000, 2.7500, 3.2500, 3.5000],
                  [3.0000, 3.2500, 3.7500, 4.0000]]]])
    """

    def __init__(self, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                 align_corners: bool | None = None, recompute_scale_factor: bool | None = None) -> None:
        super().__init__()
        self.size, self.scale_factor, self.mode = size, scale_factor, mode
        self.align_corners, self.recompute_scale_factor = align_corners, recompute_scale_factor

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Resize the batch."""
        return interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                           self.recompute_scale_factor)

    def extra_repr(self) -> str:
        what = f"scale_factor={self.scale_factor}" if self.size is None else f"size={self.size}"
        return f"{what}, mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    """Applies a 2D nearest neighbor upsampling to an input signal composed of several input channels.

    The same as ``Upsample(size, scale_factor, mode='nearest')``.

    Args:
        size (int or tuple, optional): output spatial sizes. Default: ``None``.
        scale_factor (float or tuple, optional): multiplier for spatial size. Default: ``None``.

    Shape:
        - Input: ``(N, C, H_in, W_in)``
        - Output: ``(N, C, H_out, W_out)`` where ``H_out = floor(H_in * scale_factor)`` and
          ``W_out = floor(W_in * scale_factor)``.

    Example:
        >>> m = nn.UpsamplingNearest2d(scale_factor=2)
        >>> m(glassnet.tensor([[[[1.0, 2.0], [3.0, 4.0]]]]))
        tensor([[[[1., 1., 2., 2.],
                  [1., 1., 2., 2.],
                  [3., 3., 4., 4.],
                  [3., 3., 4., 4.]]]])
    """

    def __init__(self, size: Any = None, scale_factor: Any = None) -> None:
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Applies a 2D bilinear upsampling to an input signal composed of several input channels.

    The same as ``Upsample(size, scale_factor, mode='bilinear', align_corners=True)``.

    Args:
        size (int or tuple, optional): output spatial sizes. Default: ``None``.
        scale_factor (float or tuple, optional): multiplier for spatial size. Default: ``None``.

    Shape:
        - Input: ``(N, C, H_in, W_in)``
        - Output: ``(N, C, H_out, W_out)`` where ``H_out = floor(H_in * scale_factor)`` and
          ``W_out = floor(W_in * scale_factor)``.

    Example:
        >>> m = nn.UpsamplingBilinear2d(scale_factor=2)
        >>> m(glassnet.tensor([[[[1.0, 2.0], [3.0, 4.0]]]]))
        tensor([[[[1.0000, 1.3333, 1.6667, 2.0000],
                  [1.6667, 2.0000, 2.3333, 2.6667],
                  [2.3333, 2.6667, 3.0000, 3.3333],
                  [3.0000, 3.3333, 3.6667, 4.0000]]]])
    """

    def __init__(self, size: Any = None, scale_factor: Any = None) -> None:
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


def upsample(input: Tensor, size: Any = None, scale_factor: Any = None, mode: str = "nearest",  # noqa: A002
             align_corners: bool | None = None) -> Tensor:
    """Upsample input (deprecated in PyTorch in favour of :func:`interpolate`, which it calls).

    Args:
        input (Tensor): the input tensor, ``(N, C, L)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
        size (int or tuple, optional): output spatial size. Default: ``None``.
        scale_factor (float or tuple, optional): multiplier for spatial size; has to match input size if it is
            a tuple. Default: ``None``.
        mode (str, optional): algorithm used for upsampling: ``'nearest'`` | ``'linear'`` | ``'bilinear'`` |
            ``'bicubic'`` | ``'trilinear'`` | ``'area'`` | ``'nearest-exact'``. Default: ``'nearest'``.
        align_corners (bool, optional): if ``True``, the corner pixels of the input and output tensors are
            aligned, and thus preserving the values at those pixels. Only for the ``'linear'``, ``'bilinear'``,
            ``'bicubic'`` and ``'trilinear'`` modes. Default: ``None`` (``False``).

    Example:
        >>> F.upsample(glassnet.tensor([[[[1.0, 2.0], [3.0, 4.0]]]]), scale_factor=2).shape
        glassnet.Size([1, 1, 4, 4])
    """
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:  # noqa: A002
    """Upsamples the input, using nearest neighbours' pixel values.

    Deprecated in PyTorch: the same as ``interpolate(..., mode='nearest')``.

    Args:
        input (Tensor): the input tensor, ``(N, C, L)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
        size (int or tuple, optional): output spatial size. Default: ``None``.
        scale_factor (int, optional): multiplier for spatial size. Default: ``None``.

    Example:
        >>> F.upsample_nearest(glassnet.tensor([[[[1.0, 2.0], [3.0, 4.0]]]]), scale_factor=2).shape
        glassnet.Size([1, 1, 4, 4])
    """
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:  # noqa: A002
    """Upsamples the input, using bilinear upsampling.

    Deprecated in PyTorch: the same as ``interpolate(..., mode='bilinear', align_corners=True)``.

    Args:
        input (Tensor): the input tensor, ``(N, C, H, W)``.
        size (int or tuple, optional): output spatial size. Default: ``None``.
        scale_factor (int or tuple, optional): multiplier for spatial size. Default: ``None``.

    Example:
        >>> F.upsample_bilinear(glassnet.tensor([[[[1.0, 2.0], [3.0, 4.0]]]]), size=3)
        tensor([[[[1.0000, 1.5000, 2.0000],
                  [2.0000, 2.5000, 3.0000],
                  [3.0000, 3.5000, 4.0000]]]])
    """
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
