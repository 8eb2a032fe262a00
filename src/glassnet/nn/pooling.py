"""Pooling layers and their functional forms (max, average, adaptive), PyTorch's names and arguments.

The arithmetic lives in ``glassnet/ops/pool.py``; 1-D pools run as 2-D pools over a height-1 image.
"""

from __future__ import annotations

from typing import Any

from ..functions import cat
from ..ops import pool as pool_ops
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
    """Applies a 2D max pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.MaxPool2d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
        kernel_size (int or tuple): the size of the window to take a max over.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        padding (int or tuple, optional): implicit negative infinity padding to be added on both sides;
            at most half the kernel size. Default: 0.
        dilation (int or tuple, optional): a parameter that controls the stride of elements in the window.
            Default: 1.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.
        return_indices (bool, optional): if ``True``, will return the max indices along with the outputs
            (flat offsets within each plane, as :class:`MaxUnpool2d` expects). Default: ``False``.

    Returns:
        Tensor, or a tuple ``(output, indices)`` with ``return_indices=True``.

    Example:
        >>> F.max_pool2d(glassnet.arange(16.0).reshape(1, 1, 4, 4), kernel_size=2)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """
    op = "max_pool2d"
    x, unbatched = _batched(input, 2, op)
    k, s, p, d = _pool_args(x, 2, kernel_size, stride, padding, dilation, op)
    box: list | None = [] if return_indices else None
    out = pool_ops.MaxPool2d.apply(x, k, s, p, d, bool(ceil_mode), indices_out=box)
    if unbatched:
        out = out.squeeze(0)
    if not return_indices:
        return out
    idx = Tensor(box[0][0] if unbatched else box[0])
    return out, idx


def max_pool1d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """Applies a 1D max pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.MaxPool1d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, L_in)`` or ``(C, L_in)``.
        kernel_size (int or tuple): the size of the window to take a max over.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        padding (int or tuple, optional): implicit negative infinity padding to be added on both sides;
            at most half the kernel size. Default: 0.
        dilation (int or tuple, optional): a parameter that controls the stride of elements in the window.
            Default: 1.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.
        return_indices (bool, optional): if ``True``, will return the max indices along with the outputs
            (flat offsets within each plane, as :class:`MaxUnpool1d` expects). Default: ``False``.

    Returns:
        Tensor, or a tuple ``(output, indices)`` with ``return_indices=True``.

    Example:
        >>> F.max_pool1d(glassnet.arange(8.0).reshape(1, 1, 8), kernel_size=2)
        tensor([[[1., 3., 5., 7.]]])
    """
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
    """Applies 2D average-pooling operation over an input signal composed of several input planes.

    See :class:`~glassnet.nn.AvgPool2d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
        kernel_size (int or tuple): the size of the window to take a average over.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        padding (int or tuple, optional): implicit zero padding to be added on both sides; at most half
            the kernel size. Default: 0.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.
        count_include_pad (bool, optional): when ``True``, will include the zero-padding in the averaging
            calculation. Default: ``True``.
        divisor_override (int, optional): if specified, it will be used as divisor, otherwise the size of
            the pooling region will be used. Default: ``None``.

    Example:
        >>> F.avg_pool2d(glassnet.arange(16.0).reshape(1, 1, 4, 4), kernel_size=2)
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """
    op = "avg_pool2d"
    x, unbatched = _batched(input, 2, op)
    k, s, p, _ = _pool_args(x, 2, kernel_size, stride, padding, 1, op)
    if divisor_override is not None and divisor_override <= 0:
        raise ValueError(f"{op}: divisor_override must be positive, got {divisor_override}")
    out = pool_ops.AvgPool2d.apply(x, k, s, p, bool(ceil_mode), bool(count_include_pad), divisor_override)
    return out.squeeze(0) if unbatched else out


def avg_pool1d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True) -> Tensor:
    """Applies 1D average-pooling operation over an input signal composed of several input planes.

    See :class:`~glassnet.nn.AvgPool1d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, L_in)`` or ``(C, L_in)``.
        kernel_size (int or tuple): the size of the window to take a average over.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        padding (int or tuple, optional): implicit zero padding to be added on both sides; at most half
            the kernel size. Default: 0.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.
        count_include_pad (bool, optional): when ``True``, will include the zero-padding in the averaging
            calculation. Default: ``True``.

    Example:
        >>> F.avg_pool1d(glassnet.arange(8.0).reshape(1, 1, 8), kernel_size=2)
        tensor([[[0.5000, 2.5000, 4.5000, 6.5000]]])
    """
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
    """Applies a 2D adaptive average pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.AdaptiveAvgPool2d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
        output_size (int or tuple): the target output size (H_out x W_out); an entry may be
            ``None``, which keeps the size of that input dimension.

    Example:
        >>> F.adaptive_avg_pool2d(glassnet.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """
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
    """Applies a 1D adaptive average pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.AdaptiveAvgPool1d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, L_in)`` or ``(C, L_in)``.
        output_size (int): the target output size ``L_out``.

    Example:
        >>> F.adaptive_avg_pool1d(glassnet.arange(8.0).reshape(1, 1, 8), 3)
        tensor([[[1.0000, 3.5000, 6.0000]]])
    """
    size = output_size if isinstance(output_size, int) else tuple(output_size)[0]
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def adaptive_max_pool2d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:  # noqa: A002
    """Applies a 2D adaptive max pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.AdaptiveMaxPool2d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
        output_size (int or tuple): the target output size (H_out x W_out); an entry may be
            ``None``, which keeps the size of that input dimension.
        return_indices (bool, optional): whether to return pooling indices. Default: ``False``.

    Example:
        >>> F.adaptive_max_pool2d(glassnet.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """
    x, unbatched = _batched(input, 2, "adaptive_max_pool2d")
    oh, ow = _adaptive_size(x, output_size)
    h, w = x.shape[2:]
    if h % oh == 0 and w % ow == 0:
        res = max_pool2d(x, (h // oh, w // ow), return_indices=return_indices)
    else:
        box: list | None = [] if return_indices else None
        out = pool_ops.AdaptiveMaxPool2d.apply(x, (oh, ow), indices_out=box)
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
    """Applies a 2D max pooling over an input signal composed of several input planes.

    Each output value is the maximum of a ``kernel_size`` window of the input; windows move by
    ``stride`` and may be dilated. Padding is implicitly negative infinity.

    Args:
        kernel_size (int or tuple): the size of the window to take a max over.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        padding (int or tuple, optional): implicit negative infinity padding to be added on both sides;
            at most half the kernel size. Default: 0.
        dilation (int or tuple, optional): a parameter that controls the stride of elements in the window.
            Default: 1.
        return_indices (bool, optional): if ``True``, will return the max indices along with the outputs
            (flat offsets within each plane, as :class:`MaxUnpool2d` expects). Default: ``False``.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.

    Shape:
        - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
        - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, where

        ::

            H_out = floor((H_in + 2 * padding[0] - dilation[0] * (kernel_size[0] - 1) - 1) / stride[0] + 1)
            W_out = floor((W_in + 2 * padding[1] - dilation[1] * (kernel_size[1] - 1) - 1) / stride[1] + 1)

          (with ``ceil`` instead of ``floor`` when ``ceil_mode``).

    Example:
        >>> m = nn.MaxPool2d(2)
        >>> m(glassnet.arange(16.0).reshape(1, 1, 4, 4))
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
        >>> nn.MaxPool2d(3, stride=2)(glassnet.randn(20, 16, 50, 32)).shape
        glassnet.Size([20, 16, 24, 15])
    """

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool an (N, C, H, W) batch."""
        return max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                          self.return_indices)


class MaxPool1d(_PoolNd):
    """Applies a 1D max pooling over an input signal composed of several input planes.

    Each output value is the maximum of a ``kernel_size`` window of the input; windows move by
    ``stride`` and may be dilated. Padding is implicitly negative infinity.

    Args:
        kernel_size (int or tuple): the size of the window to take a max over.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        padding (int or tuple, optional): implicit negative infinity padding to be added on both sides;
            at most half the kernel size. Default: 0.
        dilation (int or tuple, optional): a parameter that controls the stride of elements in the window.
            Default: 1.
        return_indices (bool, optional): if ``True``, will return the max indices along with the outputs
            (flat offsets within each plane, as :class:`MaxUnpool1d` expects). Default: ``False``.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.

    Shape:
        - Input: ``(N, C, L_in)`` or ``(C, L_in)``
        - Output: ``(N, C, L_out)`` or ``(C, L_out)``, where

        ::

            L_out = floor((L_in + 2 * padding[0] - dilation[0] * (kernel_size[0] - 1) - 1) / stride[0] + 1)

          (with ``ceil`` instead of ``floor`` when ``ceil_mode``).

    Example:
        >>> m = nn.MaxPool1d(2)
        >>> m(glassnet.arange(8.0).reshape(1, 1, 8))
        tensor([[[1., 3., 5., 7.]]])
        >>> nn.MaxPool1d(3, stride=2)(glassnet.randn(20, 16, 50)).shape
        glassnet.Size([20, 16, 24])
    """

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
    """Applies a 2D average pooling over an input signal composed of several input planes.

    Each output value is the mean of a ``kernel_size`` window of the input; windows move by ``stride``.

    Args:
        kernel_size (int or tuple): the size of the window to take a average over.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        padding (int or tuple, optional): implicit zero padding to be added on both sides; at most half
            the kernel size. Default: 0.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.
        count_include_pad (bool, optional): when ``True``, will include the zero-padding in the averaging
            calculation. Default: ``True``.
        divisor_override (int, optional): if specified, it will be used as divisor, otherwise the size of
            the pooling region will be used. Default: ``None``.

    Shape:
        - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
        - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, where

        ::

            H_out = floor((H_in + 2 * padding[0] - kernel_size[0]) / stride[0] + 1)
            W_out = floor((W_in + 2 * padding[1] - kernel_size[1]) / stride[1] + 1)

    Example:
        >>> m = nn.AvgPool2d(2)
        >>> m(glassnet.arange(16.0).reshape(1, 1, 4, 4))
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
        >>> nn.AvgPool2d(3, stride=2)(glassnet.randn(20, 16, 50, 32)).shape
        glassnet.Size([20, 16, 24, 15])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool an (N, C, H, W) batch."""
        return avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad, self.divisor_override)


class AvgPool1d(Module):
    """Applies a 1D average pooling over an input signal composed of several input planes.

    Each output value is the mean of a ``kernel_size`` window of the input; windows move by ``stride``.

    Args:
        kernel_size (int or tuple): the size of the window to take a average over.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        padding (int or tuple, optional): implicit zero padding to be added on both sides; at most half
            the kernel size. Default: 0.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.
        count_include_pad (bool, optional): when ``True``, will include the zero-padding in the averaging
            calculation. Default: ``True``.

    Shape:
        - Input: ``(N, C, L_in)`` or ``(C, L_in)``
        - Output: ``(N, C, L_out)`` or ``(C, L_out)``, where

        ::

            L_out = floor((L_in + 2 * padding[0] - kernel_size[0]) / stride[0] + 1)

    Example:
        >>> m = nn.AvgPool1d(2)
        >>> m(glassnet.arange(8.0).reshape(1, 1, 8))
        tensor([[[0.5000, 2.5000, 4.5000, 6.5000]]])
        >>> nn.AvgPool1d(3, stride=2)(glassnet.randn(20, 16, 50)).shape
        glassnet.Size([20, 16, 24])
    """

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
    """Applies a 2D adaptive average pooling over an input signal composed of several input planes.

    The output has size H_out x W_out for any input size; the number of
    output features equals the number of input planes. Output bin ``i`` of an axis of input length
    ``n_in`` averages the input elements ``[floor(i * n_in / n_out), ceil((i + 1) * n_in / n_out))``.

    Args:
        output_size (int or tuple): the target output size (H_out x W_out); an entry may be
            ``None``, which keeps the size of that input dimension.

    Shape:
        - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
        - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``,
          where ``(H_out, W_out) = output_size``.

    Example:
        >>> m = nn.AdaptiveAvgPool2d((5, 7))
        >>> m(glassnet.randn(1, 64, 8, 9)).shape
        glassnet.Size([1, 64, 5, 7])
        >>> nn.AdaptiveAvgPool2d((None, 7))(glassnet.randn(1, 64, 10, 9)).shape
        glassnet.Size([1, 64, 10, 7])
    """

    def __init__(self, output_size: Any) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool an (N, C, H, W) batch to output_size."""
        return adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(AdaptiveAvgPool2d):
    """Applies a 1D adaptive average pooling over an input signal composed of several input planes.

    The output has size L_out for any input size; the number of
    output features equals the number of input planes. Output bin ``i`` of an axis of input length
    ``n_in`` averages the input elements ``[floor(i * n_in / n_out), ceil((i + 1) * n_in / n_out))``.

    Args:
        output_size (int): the target output size ``L_out``.

    Shape:
        - Input: ``(N, C, L_in)`` or ``(C, L_in)``
        - Output: ``(N, C, L_out)`` or ``(C, L_out)``,
          where ``(L_out) = output_size``.

    Example:
        >>> m = nn.AdaptiveAvgPool1d(5)
        >>> m(glassnet.randn(1, 64, 8)).shape
        glassnet.Size([1, 64, 5])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool an (N, C, L) batch to output_size."""
        return adaptive_avg_pool1d(input, self.output_size)


class AdaptiveMaxPool2d(Module):
    """Applies a 2D adaptive max pooling over an input signal composed of several input planes.

    The output has size H_out x W_out for any input size; the number of
    output features equals the number of input planes. Output bin ``i`` of an axis of input length
    ``n_in`` takes the maximum of ``[floor(i * n_in / n_out), ceil((i + 1) * n_in / n_out))``.

    Args:
        output_size (int or tuple): the target output size (H_out x W_out); an entry may be
            ``None``, which keeps the size of that input dimension.
        return_indices (bool, optional): if ``True``, will return the indices along with the outputs.
            Default: ``False``.

    Shape:
        - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
        - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``,
          where ``(H_out, W_out) = output_size``.

    Example:
        >>> m = nn.AdaptiveMaxPool2d((5, 7))
        >>> m(glassnet.randn(1, 64, 8, 9)).shape
        glassnet.Size([1, 64, 5, 7])
    """

    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool an (N, C, H, W) batch to output_size."""
        return adaptive_max_pool2d(input, self.output_size, self.return_indices)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"
