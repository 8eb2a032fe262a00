"""3-D pools, adaptive 1-D/3-D max pools, power-average (LP) pools and max-unpooling, with their layers.

The arithmetic lives in ``glassnet/ops/pool_nd.py`` (pools over any number of spatial axes); this
file reads PyTorch's arguments and holds the Modules.
"""

from __future__ import annotations

from typing import Any

from ..ops import pool_nd as P
from ..tensor import Tensor
from .conv import _tuple
from .module import Module
from .pooling import (
    _AvgPoolNd,
    _batched,
    _pool_args,
    _PoolNd,
    adaptive_max_pool2d,
    avg_pool1d,
    avg_pool2d,
    bin_means,
    max_pool1d,
    max_pool2d,
)


def max_pool3d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """3-D max pooling over (N, C, D, H, W); with return_indices also the flat d*H*W+h*W+w of each maximum."""
    op = "max_pool3d"
    x, unbatched = _batched(input, 3, op)
    k, s, p, d = _pool_args(x, 3, kernel_size, stride, padding, dilation, op)
    box: list | None = [] if return_indices else None
    out = P.MaxPoolNd.apply(x, k, s, p, d, bool(ceil_mode), indices_out=box)
    idx = Tensor(box[0]) if return_indices else None
    if unbatched:
        out, idx = out.squeeze(0), (idx.squeeze(0) if idx is not None else None)
    return (out, idx) if return_indices else out


def avg_pool3d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """3-D average pooling over (N, C, D, H, W)."""
    op = "avg_pool3d"
    x, unbatched = _batched(input, 3, op)
    k, s, p, _ = _pool_args(x, 3, kernel_size, stride, padding, 1, op)
    if divisor_override is not None and divisor_override <= 0:
        raise ValueError(f"{op}: divisor_override must be positive, got {divisor_override}")
    out = P.AvgPoolNd.apply(x, k, s, p, bool(ceil_mode), bool(count_include_pad), divisor_override)
    return out.squeeze(0) if unbatched else out


def _adaptive_size(x: Tensor, output_size: Any, dims: int, op: str) -> tuple:
    size = (output_size,) * dims if output_size is None or isinstance(output_size, int) else tuple(output_size)
    if len(size) == 1:
        size = size * dims
    if len(size) != dims:
        raise ValueError(f"{op}: output_size must be an int or {dims} values, got {output_size}")
    size = tuple(x.shape[2 + a] if size[a] is None else int(size[a]) for a in range(dims))
    if min(size) < 0 or (min(size) == 0 and x.numel() > 0):
        raise ValueError(f"{op}: output_size {size} must be positive (input {tuple(x.shape)})")
    return size


def _bin_matrix(n_in: int, n_out: int, x: Tensor) -> Tensor:
    """(n_out, n_in) matrix averaging each adaptive bin."""
    m = x.xp.zeros((n_out, n_in), dtype=x._data.dtype)
    for i, (a, b) in enumerate(P.adaptive_bins(n_in, n_out)):
        m[i, a:b] = 1.0 / (b - a)
    return Tensor(m)


def adaptive_avg_pool3d(input: Tensor, output_size: Any) -> Tensor:  # noqa: A002
    """Average pooling of (N, C, D, H, W) to a fixed output size (None keeps that dimension)."""
    op = "adaptive_avg_pool3d"
    x, unbatched = _batched(input, 3, op)
    size = _adaptive_size(x, output_size, 3, op)
    # Averaging is linear and separable: one small bin-averaging matrix per axis (exact, differentiable).
    out = x
    finite = bool(x.xp.isfinite(x._data).all())  # else inf * 0 = NaN in the matrix product: average bin by bin
    for a in range(3):
        if (size[a] != x.shape[2 + a] or size[a] == 1) and not finite:
            out = bin_means(out, 2 + a, size[a])
        elif size[a] != x.shape[2 + a] or size[a] == 1:
            out = (out.transpose(2 + a, -1) @ _bin_matrix(x.shape[2 + a], size[a], x).t()).transpose(2 + a, -1)
    return out.squeeze(0) if unbatched else out


def adaptive_max_pool3d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:  # noqa: A002
    """Max pooling of (N, C, D, H, W) to a fixed output size; with return_indices the flat index of each max."""
    op = "adaptive_max_pool3d"
    x, unbatched = _batched(input, 3, op)
    size = _adaptive_size(x, output_size, 3, op)
    box: list | None = [] if return_indices else None
    out = P.AdaptiveMaxPoolNd.apply(x, size, indices_out=box)
    idx = Tensor(box[0]) if return_indices else None
    if unbatched:
        out, idx = out.squeeze(0), (idx.squeeze(0) if idx is not None else None)
    return (out, idx) if return_indices else out


def adaptive_max_pool1d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:  # noqa: A002
    """Max pooling of (N, C, L) to a fixed length (a height-1 adaptive_max_pool2d)."""
    if input.ndim not in (2, 3):
        raise ValueError(f"adaptive_max_pool1d: expected a 2-D or 3-D input, got shape {tuple(input.shape)}")
    size = output_size if isinstance(output_size, int) else tuple(output_size)[0]
    res = adaptive_max_pool2d(input.unsqueeze(-2), (1, size), return_indices)
    if return_indices:
        return res[0].squeeze(-2), res[1].squeeze(-2)
    return res.squeeze(-2)


def max_pool1d_with_indices(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
                            dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> tuple:
    """``max_pool1d`` returning (output, indices)."""
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
                            dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> tuple:
    """``max_pool2d`` returning (output, indices)."""
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool3d_with_indices(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
                            dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> tuple:
    """``max_pool3d`` returning (output, indices)."""
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def adaptive_max_pool1d_with_indices(input: Tensor, output_size: Any,  # noqa: A002
                                     return_indices: bool = False) -> tuple:
    """``adaptive_max_pool1d`` returning (output, indices)."""
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input: Tensor, output_size: Any,  # noqa: A002
                                     return_indices: bool = False) -> tuple:
    """``adaptive_max_pool2d`` returning (output, indices)."""
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool3d_with_indices(input: Tensor, output_size: Any,  # noqa: A002
                                     return_indices: bool = False) -> tuple:
    """``adaptive_max_pool3d`` returning (output, indices)."""
    return adaptive_max_pool3d(input, output_size, True)


def _lp_pool(avg: Any, input: Tensor, norm_type: float, kernel_size: Any, stride: Any, ceil_mode: bool,  # noqa: A002
             dims: int, op: str) -> Tensor:
    from ..ops.activation import relu

    if input.ndim not in (dims + 1, dims + 2) or input.numel() == 0:
        raise RuntimeError(f"{op}: non-empty {dims + 1}D or {dims + 2}D (batch mode) tensor expected for input, "
                           f"got shape {tuple(input.shape)}")
    k = _tuple(kernel_size, dims, "kernel_size", op)
    size = 1
    for e in k:
        size *= e
    out = avg(input.pow(norm_type), k, stride, 0, ceil_mode)
    # PyTorch's formula: sign * relu(abs) keeps a zero window's gradient finite for odd norm_type.
    return ((out.sign() * relu(out.abs())) * size).pow(1.0 / norm_type)


def lp_pool1d(input: Tensor, norm_type: float, kernel_size: Any, stride: Any = None,  # noqa: A002
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling (sum of x**p over each window)**(1/p) over (N, C, L)."""
    return _lp_pool(avg_pool1d, input, norm_type, kernel_size, stride, ceil_mode, 1, "lp_pool1d")


def lp_pool2d(input: Tensor, norm_type: float, kernel_size: Any, stride: Any = None,  # noqa: A002
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling over (N, C, H, W)."""
    return _lp_pool(avg_pool2d, input, norm_type, kernel_size, stride, ceil_mode, 2, "lp_pool2d")


def lp_pool3d(input: Tensor, norm_type: float, kernel_size: Any, stride: Any = None,  # noqa: A002
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling over (N, C, D, H, W)."""
    return _lp_pool(avg_pool3d, input, norm_type, kernel_size, stride, ceil_mode, 3, "lp_pool3d")


def _max_unpool(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any, padding: Any,  # noqa: A002
                output_size: Any, dims: int, op: str) -> Tensor:
    x, unbatched = _batched(input, dims, op)
    idx = indices.unsqueeze(0) if unbatched else indices
    if tuple(idx.shape) != tuple(x.shape):
        raise RuntimeError(f"{op}: Expected shape of indices to be same as that of the input tensor "
                           f"({list(input.shape)}) but got indices tensor with shape: {list(indices.shape)}")
    k = _tuple(kernel_size, dims, "kernel_size", op)
    s = k if stride is None else _tuple(stride, dims, "stride", op)
    p = _tuple(padding, dims, "padding", op)
    default = tuple((x.shape[2 + a] - 1) * s[a] - 2 * p[a] + k[a] for a in range(dims))
    if output_size is None:
        size = default
    else:
        size = tuple(int(e) for e in output_size)[-dims:]
        for a in range(dims):
            if not default[a] - s[a] < size[a] < default[a] + s[a]:
                raise ValueError(f"{op}: invalid output_size {tuple(output_size)} (expected sizes between "
                                 f"{tuple(d - e for d, e in zip(default, s))} and "
                                 f"{tuple(d + e for d, e in zip(default, s))} exclusive)")
    total = 1
    for e in size:
        total *= e
    bad = (idx._data < 0) | (idx._data >= total)
    if bad.any():
        raise RuntimeError(f"{op}: Found an invalid max index: {int(idx._data[bad].reshape(-1)[0])} (output volumes "
                           f"are of size {'x'.join(str(e) for e in size)})")
    out = P.MaxUnpool.apply(x, idx._data, size)
    return out.squeeze(0) if unbatched else out


def max_unpool1d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """Invert max_pool1d: each value goes back to the position its index names, zeros elsewhere."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 1, "max_unpool1d")


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """Invert max_pool2d (indices are flat h*W+w offsets per plane)."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2, "max_unpool2d")


def max_unpool3d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """Invert max_pool3d (indices are flat d*H*W+h*W+w offsets per volume)."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3, "max_unpool3d")


# --- layers ---------------------------------------------------------------------------------------

class MaxPool3d(_PoolNd):
    """3-D max pooling; stride defaults to kernel_size."""

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool an (N, C, D, H, W) batch."""
        return max_pool3d(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                          self.return_indices)


class AvgPool3d(_AvgPoolNd):
    """3-D average pooling; stride defaults to kernel_size."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool an (N, C, D, H, W) batch."""
        return avg_pool3d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad, self.divisor_override)


class _AdaptivePool(Module):
    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool3d(_AdaptivePool):
    """Average pooling of (N, C, D, H, W) to a fixed output size."""

    def __init__(self, output_size: Any) -> None:
        super().__init__(output_size)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool to output_size."""
        return adaptive_avg_pool3d(input, self.output_size)


class AdaptiveMaxPool1d(_AdaptivePool):
    """Max pooling of (N, C, L) to a fixed length."""

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool to output_size."""
        return adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool3d(_AdaptivePool):
    """Max pooling of (N, C, D, H, W) to a fixed output size."""

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool to output_size."""
        return adaptive_max_pool3d(input, self.output_size, self.return_indices)


class _LPPoolNd(Module):
    _fn: Any = None

    def __init__(self, norm_type: float, kernel_size: Any, stride: Any = None, ceil_mode: bool = False) -> None:
        super().__init__()
        self.norm_type, self.kernel_size, self.stride, self.ceil_mode = norm_type, kernel_size, stride, ceil_mode

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool with the p-norm of each window."""
        return type(self)._fn(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)

    def extra_repr(self) -> str:
        return f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}, " \
               f"ceil_mode={self.ceil_mode}"


class LPPool1d(_LPPoolNd):
    """Power-average pooling over (N, C, L)."""

    _fn = staticmethod(lp_pool1d)


class LPPool2d(_LPPoolNd):
    """Power-average pooling over (N, C, H, W)."""

    _fn = staticmethod(lp_pool2d)


class LPPool3d(_LPPoolNd):
    """Power-average pooling over (N, C, D, H, W)."""

    _fn = staticmethod(lp_pool3d)


class _MaxUnpoolNd(Module):
    _fn: Any = None
    _dims = 1

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0) -> None:
        super().__init__()
        name, n = type(self).__name__, self._dims
        self.kernel_size = _tuple(kernel_size, n, "kernel_size", name)
        self.stride = _tuple(stride if stride is not None else kernel_size, n, "stride", name)
        self.padding = _tuple(padding, n, "padding", name)

    def forward(self, input: Tensor, indices: Tensor, output_size: Any = None) -> Tensor:  # noqa: A002
        """Scatter the pooled values back to their positions."""
        return type(self)._fn(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    """Partial inverse of MaxPool1d."""

    _fn = staticmethod(max_unpool1d)


class MaxUnpool2d(_MaxUnpoolNd):
    """Partial inverse of MaxPool2d."""

    _fn = staticmethod(max_unpool2d)
    _dims = 2


class MaxUnpool3d(_MaxUnpoolNd):
    """Partial inverse of MaxPool3d."""

    _fn = staticmethod(max_unpool3d)
    _dims = 3

