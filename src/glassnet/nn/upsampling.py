"""Resizing: F.interpolate ('nearest', 'nearest-exact', 'linear', 'bilinear') and nn.Upsample.

Interpolation is linear in the input, so it is written with differentiable tensor ops: 'nearest'
is a gather (or, for whole-number factors, a broadcast that needs no index at all) and 'bilinear'
is ``A_h @ x @ A_w.T`` with the small weight matrices from ``glassnet/ops/upsample.py``.
"""

from __future__ import annotations

import math
from typing import Any

from ..ops import upsample as U
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
    """Resize an (N, C, L), (N, C, H, W) or (N, C, D, H, W) batch, with PyTorch's index rules."""
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
    scales = [U.source_scale(i, o, f) for i, o, f in zip(in_size, out_size, factors)]
    if mode.startswith("nearest"):
        exact = mode == "nearest-exact"
        idx = [U.nearest_index(xp, i, o, s, exact) for i, o, s in zip(in_size, out_size, scales)]
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
        mats = [U.antialias_matrix(xp, i, o, s, mode, x._data.dtype) for i, o, s in zip(in_size, out_size, scales)]
    else:
        table = U.cubic_matrix if mode == "bicubic" else U.linear_matrix
        mats = [table(xp, i, o, s, corners, x._data.dtype) for i, o, s in zip(in_size, out_size, scales)]
    # Separable: one small weight matrix per spatial axis, applied along that axis.
    out = x @ Tensor(mats[-1].T)
    for a, m in enumerate(mats[:-1]):
        out = (out.transpose(2 + a, -1) @ Tensor(m.T)).transpose(2 + a, -1)
    return out


class Upsample(Module):
    """Resize layer: ``nn.Upsample(scale_factor=2, mode='nearest')`` etc. (see ``F.interpolate``)."""

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
    """Nearest-neighbour 2-D upsampling."""

    def __init__(self, size: Any = None, scale_factor: Any = None) -> None:
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Bilinear 2-D upsampling with align_corners=True (as PyTorch's class)."""

    def __init__(self, size: Any = None, scale_factor: Any = None) -> None:
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


def upsample(input: Tensor, size: Any = None, scale_factor: Any = None, mode: str = "nearest",  # noqa: A002
             align_corners: bool | None = None) -> Tensor:
    """Deprecated name of ``interpolate`` (kept by PyTorch)."""
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:  # noqa: A002
    """Deprecated: ``interpolate(..., mode='nearest')``."""
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:  # noqa: A002
    """Deprecated: ``interpolate(..., mode='bilinear', align_corners=True)``."""
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
