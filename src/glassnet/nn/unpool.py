"""MaxUnpool1d/2d/3d and F.max_unpool1d/2d/3d: the partial inverse of max pooling (PyTorch's names).

The maxima go back to the positions ``max_pool(..., return_indices=True)`` recorded (flat indices over
each plane); every other position is zero.
"""

from __future__ import annotations

import math
from typing import Any

from ..ops.unpool import MaxUnpool
from ..tensor import Tensor
from .module import Module


def _tuple(v: Any, n: int, name: str, op: str) -> tuple:
    if isinstance(v, int):
        return (v,) * n
    v = tuple(int(e) for e in v)
    if len(v) == 1:
        return v * n
    if len(v) != n:
        raise ValueError(f"{op}: {name} must be an int or a tuple of {n} ints, got {v}")
    return v


def _unpool_size(x: Tensor, n: int, k: tuple, s: tuple, p: tuple, output_size: Any, op: str) -> tuple:
    default = tuple((x.shape[-n + i] - 1) * s[i] - 2 * p[i] + k[i] for i in range(n))
    if output_size is None:
        return default
    size = tuple(int(e) for e in output_size)
    if len(size) == n + 2 or (len(size) == n + 1 and x.ndim == n + 1):
        size = size[-n:]
    if len(size) != n:
        raise ValueError(f"{op}: output_size must have {n} or {n + 2} elements, got {len(output_size)}")
    for i in range(n):
        lo, hi = default[i] - s[i], default[i] + s[i]
        if not lo < size[i] < hi:
            raise ValueError(f"{op}: invalid output_size {size} (dim {i} must be between {lo} and {hi})")
    return size


def _max_unpool(n: int, input: Tensor, indices: Tensor, kernel_size: Any, stride: Any,  # noqa: A002
                padding: Any, output_size: Any) -> Tensor:
    op = f"max_unpool{n}d"
    if input.ndim not in (n + 1, n + 2):
        raise ValueError(f"{op}: expected a {n + 1}-D or {n + 2}-D input, got shape {tuple(input.shape)}")
    if tuple(indices.shape) != tuple(input.shape):
        raise ValueError(f"{op}: indices shape {tuple(indices.shape)} must match input shape {tuple(input.shape)}")
    k = _tuple(kernel_size, n, "kernel_size", op)
    s = k if stride is None else _tuple(stride, n, "stride", op)
    p = _tuple(padding, n, "padding", op)
    size = _unpool_size(input, n, k, s, p, output_size, op)
    lead = tuple(input.shape[:-n])
    flat = indices._data.reshape(lead + (-1,)).astype("int64")
    total = math.prod(size)
    if flat.size and (flat.min() < 0 or flat.max() >= total):
        bad = int(flat.max() if flat.max() >= total else flat.min())
        raise RuntimeError(f"{op}: found an invalid max index {bad} (output planes are of size {size})")
    out = MaxUnpool.apply(input.reshape(lead + (-1,)), flat, total)
    return out.reshape(lead + size)


def max_unpool1d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """Put (N, C, L) maxima back at their max_pool1d indices in a zero output."""
    return _max_unpool(1, input, indices, kernel_size, stride, padding, output_size)


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """Put (N, C, H, W) maxima back at their max_pool2d indices in a zero output."""
    return _max_unpool(2, input, indices, kernel_size, stride, padding, output_size)


def max_unpool3d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """Put (N, C, D, H, W) maxima back at their max_pool3d indices in a zero output."""
    return _max_unpool(3, input, indices, kernel_size, stride, padding, output_size)


class _MaxUnpoolNd(Module):
    _n = 0

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0) -> None:
        super().__init__()
        op = type(self).__name__
        self.kernel_size = _tuple(kernel_size, self._n, "kernel_size", op)
        self.stride = self.kernel_size if stride is None else _tuple(stride, self._n, "stride", op)
        self.padding = _tuple(padding, self._n, "padding", op)

    def forward(self, input: Tensor, indices: Tensor, output_size: Any = None) -> Tensor:  # noqa: A002
        """Unpool input to the positions in indices."""
        return _max_unpool(self._n, input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    """Inverse of MaxPool1d: maxima back at their indices, zeros elsewhere."""

    _n = 1


class MaxUnpool2d(_MaxUnpoolNd):
    """Inverse of MaxPool2d: maxima back at their indices, zeros elsewhere."""

    _n = 2


class MaxUnpool3d(_MaxUnpoolNd):
    """Inverse of MaxPool3d: maxima back at their indices, zeros elsewhere."""

    _n = 3
