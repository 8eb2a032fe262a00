"""Power-average pooling (LPPool1d/2d/3d, F.lp_pool1d/2d/3d): (sum over the window of x^p)^(1/p).

As in PyTorch it is computed as an average pool of x^p scaled back up by the window size, so p = 1 is
sum pooling and large p approaches max pooling. The 3-D average is a sum of strided slices here.
"""

from __future__ import annotations

import math
from typing import Any

from ..ops import activation as A
from ..tensor import Tensor
from .module import Module
from .padding import pad
from .pooling import avg_pool1d, avg_pool2d


def _root(pooled: Tensor, window: int, norm_type: float) -> Tensor:
    # sign * relu(|.|) keeps PyTorch's handling of odd powers of negative inputs
    return (pooled.sign() * A.relu(pooled.abs()) * window) ** (1.0 / norm_type)


def lp_pool1d(input: Tensor, norm_type: float, kernel_size: int, stride: Any = None,  # noqa: A002
              ceil_mode: bool = False) -> Tensor:
    """1-D power-average pooling over (N, C, L)."""
    k = kernel_size if isinstance(kernel_size, int) else tuple(kernel_size)[0]
    pooled = avg_pool1d(input ** norm_type, k, stride, 0, ceil_mode)
    return _root(pooled, k, norm_type)


def lp_pool2d(input: Tensor, norm_type: float, kernel_size: Any, stride: Any = None,  # noqa: A002
              ceil_mode: bool = False) -> Tensor:
    """2-D power-average pooling over (N, C, H, W)."""
    k = (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)
    pooled = avg_pool2d(input ** norm_type, k, stride, 0, ceil_mode)
    return _root(pooled, math.prod(k), norm_type)


def _avg_pool3d(x: Tensor, k: tuple, s: tuple, ceil_mode: bool) -> Tensor:
    """Average pooling of (N, C, D, H, W) without padding; a ceil_mode edge window averages what it covers."""
    size = x.shape[2:]
    out = []
    for n, kk, ss in zip(size, k, s):
        if kk <= 0 or ss <= 0 or n < kk:
            raise RuntimeError(f"lp_pool3d: kernel_size {k} and stride {s} must be positive and fit the input of "
                               f"spatial size {tuple(size)}")
        o = (n - kk + (ss - 1 if ceil_mode else 0)) // ss + 1
        if ceil_mode and (o - 1) * ss >= n:  # the last window must start inside the input
            o -= 1
        out.append(o)
    # zero-pad so every window is complete, and count how many real elements each one covers
    need = [(o - 1) * ss + kk - n for o, ss, kk, n in zip(out, s, k, size)]
    xp = x.xp
    padded = pad(x, tuple(v for d in reversed(need) for v in (0, max(d, 0))))
    ones = xp.pad(xp.ones(size, dtype=x._data.dtype), [(0, max(d, 0)) for d in need])
    total, count = 0, 0
    for i in range(k[0]):
        for j in range(k[1]):
            for m in range(k[2]):
                window = (slice(i, i + (out[0] - 1) * s[0] + 1, s[0]), slice(j, j + (out[1] - 1) * s[1] + 1, s[1]),
                          slice(m, m + (out[2] - 1) * s[2] + 1, s[2]))
                total = total + padded[(Ellipsis, *window)]
                count = count + ones[window]
    return total * Tensor._wrap((1.0 / count).astype(x._data.dtype))


def lp_pool3d(input: Tensor, norm_type: float, kernel_size: Any, stride: Any = None,  # noqa: A002
              ceil_mode: bool = False) -> Tensor:
    """3-D power-average pooling over (N, C, D, H, W) or (C, D, H, W)."""
    if input.ndim not in (4, 5):
        raise ValueError(f"lp_pool3d: expected a 4-D or 5-D input, got shape {tuple(input.shape)}")
    k = (kernel_size,) * 3 if isinstance(kernel_size, int) else tuple(kernel_size)
    s = k if stride is None else ((stride,) * 3 if isinstance(stride, int) else tuple(stride))
    x = input if input.ndim == 5 else input.unsqueeze(0)
    out = _root(_avg_pool3d(x ** norm_type, k, s, ceil_mode), math.prod(k), norm_type)
    return out if input.ndim == 5 else out.squeeze(0)


class _LPPoolNd(Module):
    def __init__(self, norm_type: float, kernel_size: Any, stride: Any = None, ceil_mode: bool = False) -> None:
        super().__init__()
        self.norm_type, self.kernel_size, self.stride, self.ceil_mode = norm_type, kernel_size, stride, ceil_mode

    def extra_repr(self) -> str:
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}, "
                f"ceil_mode={self.ceil_mode}")


class LPPool1d(_LPPoolNd):
    """1-D power-average pooling."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool input."""
        return lp_pool1d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)


class LPPool2d(_LPPoolNd):
    """2-D power-average pooling."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool input."""
        return lp_pool2d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)


class LPPool3d(_LPPoolNd):
    """3-D power-average pooling."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool input."""
        return lp_pool3d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)
