"""Pooling layers and their functional forms (max, average, adaptive), PyTorch's names and arguments.

The arithmetic lives in ``glassnet/ops/pool.py``; 1-D pools run as 2-D pools over a height-1 image.
"""

from __future__ import annotations

from typing import Any

from ..functions import cat
from ..ops import pool as P
from ..tensor import Tensor
from .conv import _tuple
from .module import Module


def _pair(v: Any, name: str, op: str) -> tuple:
    return _tuple(v, 2, name, op)


def _batched(x: Tensor, dims: int, op: str) -> tuple[Tensor, bool]:
    """Accept an unbatched input (one dimension fewer) as PyTorch does."""
    if x.ndim == dims + 1:
        return x.unsqueeze(0), True
    if x.ndim != dims + 2:
        raise ValueError(f"{op}: expected a {dims + 1}-D or {dims + 2}-D input, got shape {tuple(x.shape)}")
    return x, False


def _pool_args(x: Tensor, dims: int, kernel_size: Any, stride: Any, padding: Any, dilation: Any, op: str) -> tuple:
    """Check a batched pool's arguments and return (kernel, stride, padding, dilation) as dims-tuples."""
    k = _tuple(kernel_size, dims, "kernel_size", op)
    no_stride = stride is None or (not isinstance(stride, int) and len(stride) == 0)
    s = k if no_stride else _tuple(stride, dims, "stride", op)
    p, d = _tuple(padding, dims, "padding", op), _tuple(dilation, dims, "dilation", op)
    if min(k) <= 0 or min(s) <= 0 or min(d) <= 0:
        raise ValueError(f"{op}: kernel_size {k}, stride {s} and dilation {d} must be positive")
    for a in range(dims):
        if p[a] < 0 or 2 * p[a] > d[a] * (k[a] - 1) + 1:
            raise ValueError(f"{op}: pad should be at most half of effective kernel size, but got pad={p}, "
                             f"kernel_size={k} and dilation={d}")
        if x.shape[2 + a] + 2 * p[a] < d[a] * (k[a] - 1) + 1:
            raise ValueError(f"{op}: input {tuple(x.shape)} is too small for kernel_size {k} with padding {p} "
                             f"and dilation {d}")
    return k, s, p, d


def max_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """2-D max pooling over (N, C, H, W); with return_indices also the flat h*W+w of each maximum."""
    op = "max_pool2d"
    x, unbatched = _batched(input, 2, op)
    k, s, p, d = _pool_args(x, 2, kernel_size, stride, padding, dilation, op)
    box: list | None = [] if return_indices else None
    out = P.MaxPool2d.apply(x, k, s, p, d, bool(ceil_mode), indices_out=box)
    if unbatched:
        out = out.squeeze(0)
    if not return_indices:
        return out
    idx = Tensor(box[0][0] if unbatched else box[0])
    return out, idx


def max_pool1d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """1-D max pooling over (N, C, L)."""
    x, unbatched = _batched(input, 1, "max_pool1d")
    one = lambda v: (1, v if isinstance(v, int) else tuple(v)[0])
    res = max_pool2d(x.unsqueeze(2), one(kernel_size), None if stride is None else one(stride),
                     (0, one(padding)[1]), one(dilation), ceil_mode, return_indices)
    out, idx = (res if return_indices else (res, None))
    out = out.squeeze(2)
    if unbatched:
        out = out.squeeze(0)
    if not return_indices:
        return out
    idx = idx.squeeze(2)
    return out, (idx.squeeze(0) if unbatched else idx)


def avg_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """2-D average pooling over (N, C, H, W)."""
    op = "avg_pool2d"
    x, unbatched = _batched(input, 2, op)
    k, s, p, _ = _pool_args(x, 2, kernel_size, stride, padding, 1, op)
    if divisor_override is not None and divisor_override <= 0:
        raise ValueError(f"{op}: divisor_override must be positive, got {divisor_override}")
    out = P.AvgPool2d.apply(x, k, s, p, bool(ceil_mode), bool(count_include_pad), divisor_override)
    return out.squeeze(0) if unbatched else out


def avg_pool1d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True) -> Tensor:
    """1-D average pooling over (N, C, L)."""
    x, unbatched = _batched(input, 1, "avg_pool1d")
    one = lambda v: (1, v if isinstance(v, int) else tuple(v)[0])
    out = avg_pool2d(x.unsqueeze(2), one(kernel_size), None if stride is None else one(stride),
                     (0, one(padding)[1]), ceil_mode, count_include_pad).squeeze(2)
    return out.squeeze(0) if unbatched else out


def _adaptive_size(x: Tensor, output_size: Any) -> tuple:
    size = _pair(output_size, "output_size", "adaptive pool") if not isinstance(output_size, (tuple, list)) \
        else tuple(output_size)
    if len(size) == 1:
        size = size * 2
    return tuple(x.shape[2 + a] if size[a] is None else int(size[a]) for a in range(2))


def _bin_matrix(n_in: int, n_out: int, xp: Any, dtype: Any) -> Any:
    """(n_out, n_in) matrix averaging each adaptive bin [floor(i*n/m), ceil((i+1)*n/m))."""
    m = xp.zeros((n_out, n_in), dtype=dtype)
    for i in range(n_out):
        a, b = (i * n_in) // n_out, -(-((i + 1) * n_in) // n_out)
        m[i, a:b] = 1.0 / (b - a)
    return m


def bin_means(x: Tensor, dim: int, n_out: int) -> Tensor:
    """Mean of each adaptive bin along one dim, one slice at a time, so inf and NaN stay in their own bins."""
    n_in = x.shape[dim]
    bins = [((i * n_in) // n_out, -(-((i + 1) * n_in) // n_out)) for i in range(n_out)]
    return cat([x.narrow(dim, a, b - a).mean(dim, keepdim=True) for a, b in bins], dim)


def adaptive_avg_pool2d(input: Tensor, output_size: Any) -> Tensor:  # noqa: A002
    """Average pooling to a fixed output size (each bin [floor(i*H/OH), ceil((i+1)*H/OH)))."""
    x, unbatched = _batched(input, 2, "adaptive_avg_pool2d")
    oh, ow = _adaptive_size(x, output_size)
    h, w = x.shape[2:]
    if (oh, ow) == (1, 1):
        out = x.mean((2, 3), keepdim=True)
    elif h % oh == 0 and w % ow == 0:
        out = avg_pool2d(x, (h // oh, w // ow))
    elif not bool(x.xp.isfinite(x._data).all()):  # in the matrix product inf * 0 = NaN would reach every bin
        out = bin_means(bin_means(x, 2, oh), 3, ow)
    else:  # uneven bins: out = A_h @ x @ A_w.T with averaging matrices (exact and differentiable)
        xp, dt = x.xp, x._data.dtype
        out = Tensor(_bin_matrix(h, oh, xp, dt)) @ x @ Tensor(_bin_matrix(w, ow, xp, dt).T)
    return out.squeeze(0) if unbatched else out


def adaptive_avg_pool1d(input: Tensor, output_size: Any) -> Tensor:  # noqa: A002
    """Adaptive average pooling over (N, C, L)."""
    size = output_size if isinstance(output_size, int) else tuple(output_size)[0]
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def adaptive_max_pool2d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:  # noqa: A002
    """Max pooling to a fixed output size; with return_indices also the flat h*W+w of each maximum."""
    x, unbatched = _batched(input, 2, "adaptive_max_pool2d")
    oh, ow = _adaptive_size(x, output_size)
    h, w = x.shape[2:]
    if h % oh == 0 and w % ow == 0:
        res = max_pool2d(x, (h // oh, w // ow), return_indices=return_indices)
    else:
        box: list | None = [] if return_indices else None
        out = P.AdaptiveMaxPool2d.apply(x, (oh, ow), indices_out=box)
        res = (out, Tensor(box[0])) if return_indices else out
    if not unbatched:
        return res
    return tuple(r.squeeze(0) for r in res) if return_indices else res.squeeze(0)


class _PoolNd(Module):
    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
                 return_indices: bool = False, ceil_mode: bool = False) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool2d(_PoolNd):
    """2-D max pooling; stride defaults to kernel_size."""

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool an (N, C, H, W) batch."""
        return max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                          self.return_indices)


class MaxPool1d(_PoolNd):
    """1-D max pooling; stride defaults to kernel_size."""

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool an (N, C, L) batch."""
        return max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                          self.return_indices)


class _AvgPoolNd(Module):
    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0, ceil_mode: bool = False,
                 count_include_pad: bool = True, divisor_override: int | None = None) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool2d(_AvgPoolNd):
    """2-D average pooling; stride defaults to kernel_size."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool an (N, C, H, W) batch."""
        return avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad, self.divisor_override)


class AvgPool1d(Module):
    """1-D average pooling; stride defaults to kernel_size."""

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0, ceil_mode: bool = False,
                 count_include_pad: bool = True) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.ceil_mode, self.count_include_pad = padding, ceil_mode, count_include_pad

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool an (N, C, L) batch."""
        return avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    """Average pooling to a fixed output size (None keeps that input dimension)."""

    def __init__(self, output_size: Any) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool an (N, C, H, W) batch to output_size."""
        return adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(AdaptiveAvgPool2d):
    """Average pooling of (N, C, L) to a fixed length."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool an (N, C, L) batch to output_size."""
        return adaptive_avg_pool1d(input, self.output_size)


class AdaptiveMaxPool2d(Module):
    """Max pooling to a fixed output size (None keeps that input dimension)."""

    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool an (N, C, H, W) batch to output_size."""
        return adaptive_max_pool2d(input, self.output_size, self.return_indices)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"
