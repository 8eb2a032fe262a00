"""Power-average pooling (LPPool1d/2d, F.lp_pool1d/2d): (sum over the window of x^p)^(1/p).

As in PyTorch it is computed as an average pool of x^p scaled back up by the window size, so p = 1 is
sum pooling and large p approaches max pooling.
"""

from __future__ import annotations

import math
from typing import Any

from ..ops import activation as A
from ..tensor import Tensor
from .module import Module
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
