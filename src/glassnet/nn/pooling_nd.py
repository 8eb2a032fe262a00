"""3-D pools, adaptive 1-D/3-D max pools, power-average (LP) pools and max-unpooling, with their layers.

The arithmetic lives in ``glassnet/ops/pool_nd.py`` (pools over any number of spatial axes); this
file reads PyTorch's arguments and holds the Modules.
"""

from __future__ import annotations

from typing import Any

from ..ops import pool_nd as pool_nd_ops
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
    """Applies a 3D max pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.MaxPool3d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
        kernel_size (int or tuple): the size of the window to take a max over.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        padding (int or tuple, optional): implicit negative infinity padding to be added on both sides;
            at most half the kernel size. Default: 0.
        dilation (int or tuple, optional): a parameter that controls the stride of elements in the window.
            Default: 1.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.
        return_indices (bool, optional): if ``True``, will return the max indices along with the outputs
            (flat offsets within each plane, as :class:`MaxUnpool3d` expects). Default: ``False``.

    Returns:
        Tensor, or a tuple ``(output, indices)`` with ``return_indices=True``.

    Example:
        >>> F.max_pool3d(glassnet.arange(64.0).reshape(1, 1, 4, 4, 4), kernel_size=2).shape
        glassnet.Size([1, 1, 2, 2, 2])
    """
    op = "max_pool3d"
    x, unbatched = _batched(input, 3, op)
    k, s, p, d = _pool_args(x, 3, kernel_size, stride, padding, dilation, op)
    box: list | None = [] if return_indices else None
    out = pool_nd_ops.MaxPoolNd.apply(x, k, s, p, d, bool(ceil_mode), indices_out=box)
    idx = Tensor(box[0]) if return_indices else None
    if unbatched:
        out, idx = out.squeeze(0), (idx.squeeze(0) if idx is not None else None)
    return (out, idx) if return_indices else out


def avg_pool3d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """Applies 3D average-pooling operation over an input signal composed of several input planes.

    See :class:`~glassnet.nn.AvgPool3d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
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
        >>> F.avg_pool3d(glassnet.arange(64.0).reshape(1, 1, 4, 4, 4), kernel_size=2).shape
        glassnet.Size([1, 1, 2, 2, 2])
    """
    op = "avg_pool3d"
    x, unbatched = _batched(input, 3, op)
    k, s, p, _ = _pool_args(x, 3, kernel_size, stride, padding, 1, op)
    if divisor_override is not None and divisor_override <= 0:
        raise ValueError(f"{op}: divisor_override must be positive, got {divisor_override}")
    out = pool_nd_ops.AvgPoolNd.apply(x, k, s, p, bool(ceil_mode), bool(count_include_pad), divisor_override)
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
    for i, (a, b) in enumerate(pool_nd_ops.adaptive_bins(n_in, n_out)):
        m[i, a:b] = 1.0 / (b - a)
    return Tensor(m)


def adaptive_avg_pool3d(input: Tensor, output_size: Any) -> Tensor:  # noqa: A002
    """Applies a 3D adaptive average pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.AdaptiveAvgPool3d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
        output_size (int or tuple): the target output size (D_out x H_out x W_out); an entry may be
            ``None``, which keeps the size of that input dimension.

    Example:
        >>> F.adaptive_avg_pool3d(glassnet.arange(64.0).reshape(1, 1, 4, 4, 4), 1).shape
        glassnet.Size([1, 1, 1, 1, 1])
    """
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
    """Applies a 3D adaptive max pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.AdaptiveMaxPool3d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
        output_size (int or tuple): the target output size (D_out x H_out x W_out); an entry may be
            ``None``, which keeps the size of that input dimension.
        return_indices (bool, optional): whether to return pooling indices. Default: ``False``.

    Example:
        >>> F.adaptive_max_pool3d(glassnet.arange(64.0).reshape(1, 1, 4, 4, 4), 1).shape
        glassnet.Size([1, 1, 1, 1, 1])
    """
    op = "adaptive_max_pool3d"
    x, unbatched = _batched(input, 3, op)
    size = _adaptive_size(x, output_size, 3, op)
    box: list | None = [] if return_indices else None
    out = pool_nd_ops.AdaptiveMaxPoolNd.apply(x, size, indices_out=box)
    idx = Tensor(box[0]) if return_indices else None
    if unbatched:
        out, idx = out.squeeze(0), (idx.squeeze(0) if idx is not None else None)
    return (out, idx) if return_indices else out


def adaptive_max_pool1d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:  # noqa: A002
    """Applies a 1D adaptive max pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.AdaptiveMaxPool1d` for details and the output shape.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, L_in)`` or ``(C, L_in)``.
        output_size (int): the target output size ``L_out``.
        return_indices (bool, optional): whether to return pooling indices. Default: ``False``.

    Example:
        >>> F.adaptive_max_pool1d(glassnet.arange(8.0).reshape(1, 1, 8), 3)
        tensor([[[2., 5., 7.]]])
    """
    if input.ndim not in (2, 3):
        raise ValueError(f"adaptive_max_pool1d: expected a 2-D or 3-D input, got shape {tuple(input.shape)}")
    size = output_size if isinstance(output_size, int) else tuple(output_size)[0]
    res = adaptive_max_pool2d(input.unsqueeze(-2), (1, size), return_indices)
    if return_indices:
        return res[0].squeeze(-2), res[1].squeeze(-2)
    return res.squeeze(-2)


def max_pool1d_with_indices(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
                            dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> tuple:
    """Applies a 1D max pooling and returns ``(output, indices)``.

    The same as :func:`max_pool1d` with ``return_indices=True``; the indices are flat offsets
    within each plane, as :func:`max_unpool1d` expects.

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
        return_indices (bool, optional): ignored; the indices are always returned. Default: ``False``.

    Example:
        >>> out, idx = F.max_pool1d_with_indices(glassnet.arange(8.0).reshape(1, 1, 8), kernel_size=2)
        >>> idx
        tensor([[[1, 3, 5, 7]]])
    """
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
                            dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> tuple:
    """Applies a 2D max pooling and returns ``(output, indices)``.

    The same as :func:`max_pool2d` with ``return_indices=True``; the indices are flat offsets
    within each plane, as :func:`max_unpool2d` expects.

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
        return_indices (bool, optional): ignored; the indices are always returned. Default: ``False``.

    Example:
        >>> out, idx = F.max_pool2d_with_indices(glassnet.arange(16.0).reshape(1, 1, 4, 4), kernel_size=2)
        >>> idx
        tensor([[[[ 5,  7],
                  [13, 15]]]])
    """
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool3d_with_indices(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
                            dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> tuple:
    """Applies a 3D max pooling and returns ``(output, indices)``.

    The same as :func:`max_pool3d` with ``return_indices=True``; the indices are flat offsets
    within each plane, as :func:`max_unpool3d` expects.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
        kernel_size (int or tuple): the size of the window to take a max over.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        padding (int or tuple, optional): implicit negative infinity padding to be added on both sides;
            at most half the kernel size. Default: 0.
        dilation (int or tuple, optional): a parameter that controls the stride of elements in the window.
            Default: 1.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.
        return_indices (bool, optional): ignored; the indices are always returned. Default: ``False``.

    Example:
        >>> out, idx = F.max_pool3d_with_indices(glassnet.arange(64.0).reshape(1, 1, 4, 4, 4), kernel_size=2)
        >>> idx.shape
        glassnet.Size([1, 1, 2, 2, 2])
    """
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def adaptive_max_pool1d_with_indices(input: Tensor, output_size: Any,  # noqa: A002
                                     return_indices: bool = False) -> tuple:
    """Applies a 1D adaptive max pooling and returns ``(output, indices)``.

    The same as :func:`adaptive_max_pool1d` with ``return_indices=True``.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, L_in)`` or ``(C, L_in)``.
        output_size (int): the target output size ``L_out``.
        return_indices (bool, optional): ignored; the indices are always returned. Default: ``False``.

    Example:
        >>> out, idx = F.adaptive_max_pool1d_with_indices(glassnet.arange(8.0).reshape(1, 1, 8), 3)
        >>> idx
        tensor([[[2, 5, 7]]])
    """
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input: Tensor, output_size: Any,  # noqa: A002
                                     return_indices: bool = False) -> tuple:
    """Applies a 2D adaptive max pooling and returns ``(output, indices)``.

    The same as :func:`adaptive_max_pool2d` with ``return_indices=True``.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
        output_size (int or tuple): the target output size (H_out x W_out); an entry may be
            ``None``, which keeps the size of that input dimension.
        return_indices (bool, optional): ignored; the indices are always returned. Default: ``False``.

    Example:
        >>> out, idx = F.adaptive_max_pool2d_with_indices(glassnet.arange(16.0).reshape(1, 1, 4, 4), 2)
        >>> idx
        tensor([[[[ 5,  7],
                  [13, 15]]]])
    """
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool3d_with_indices(input: Tensor, output_size: Any,  # noqa: A002
                                     return_indices: bool = False) -> tuple:
    """Applies a 3D adaptive max pooling and returns ``(output, indices)``.

    The same as :func:`adaptive_max_pool3d` with ``return_indices=True``.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
        output_size (int or tuple): the target output size (D_out x H_out x W_out); an entry may be
            ``None``, which keeps the size of that input dimension.
        return_indices (bool, optional): ignored; the indices are always returned. Default: ``False``.

    Example:
        >>> out, idx = F.adaptive_max_pool3d_with_indices(glassnet.arange(64.0).reshape(1, 1, 4, 4, 4), 1)
        >>> idx.shape
        glassnet.Size([1, 1, 1, 1, 1])
    """
    return adaptive_max_pool3d(input, output_size, True)


def _lp_pool(avg: Any, input: Tensor, norm_type: float, kernel_size: Any, stride: Any, ceil_mode: bool,  # noqa: A002
             dims: int, op: str) -> Tensor:
    from .activation_functional import relu

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
    """Applies a 1D power-average pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.LPPool1d` for details.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, L_in)`` or ``(C, L_in)``.
        norm_type (float): the exponent ``p``; ``inf`` gives max pooling, 1 sum pooling.
        kernel_size (int or tuple): the size of the window.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.

    Example:
        >>> F.lp_pool1d(glassnet.tensor([[[3.0, 4.0, 1.0, 0.0]]]), 2, 2)
        tensor([[[5., 1.]]])
    """
    return _lp_pool(avg_pool1d, input, norm_type, kernel_size, stride, ceil_mode, 1, "lp_pool1d")


def lp_pool2d(input: Tensor, norm_type: float, kernel_size: Any, stride: Any = None,  # noqa: A002
              ceil_mode: bool = False) -> Tensor:
    """Applies a 2D power-average pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.LPPool2d` for details.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
        norm_type (float): the exponent ``p``; ``inf`` gives max pooling, 1 sum pooling.
        kernel_size (int or tuple): the size of the window.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.

    Example:
        >>> F.lp_pool2d(glassnet.tensor([[[[1.0, 2.0], [2.0, 4.0]]]]), 2, 2)
        tensor([[[[5.]]]])
    """
    return _lp_pool(avg_pool2d, input, norm_type, kernel_size, stride, ceil_mode, 2, "lp_pool2d")


def lp_pool3d(input: Tensor, norm_type: float, kernel_size: Any, stride: Any = None,  # noqa: A002
              ceil_mode: bool = False) -> Tensor:
    """Applies a 3D power-average pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.LPPool3d` for details.

    Args:
        input (Tensor): the input tensor of shape ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
        norm_type (float): the exponent ``p``; ``inf`` gives max pooling, 1 sum pooling.
        kernel_size (int or tuple): the size of the window.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.

    Example:
        >>> F.lp_pool3d(glassnet.tensor([[[[[1.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]]]]]), 2, 2)
        tensor([[[[[2.8284]]]]])
    """
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
    out = pool_nd_ops.MaxUnpool.apply(x, idx._data, size)
    return out.squeeze(0) if unbatched else out


def max_unpool1d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """Computes a partial inverse of ``max_pool1d``.

    Each value goes back to the position its index names, with zeros elsewhere.

    See :class:`~glassnet.nn.MaxUnpool1d` for details.

    Args:
        input (Tensor): the pooled values.
        indices (Tensor): the indices returned by ``max_pool1d(..., return_indices=True)``.
        kernel_size (int or tuple): size of the max pooling window.
        stride (int or tuple, optional): stride of the max pooling window. Default: ``kernel_size``.
        padding (int or tuple, optional): padding that was added to the input. Default: 0.
        output_size (tuple, optional): the targeted output size, to pick among the sizes that
            pool to the input's size. Default: ``None``.

    Example:
        >>> out, idx = F.max_pool1d(glassnet.arange(8.0).reshape(1, 1, 8), 2, return_indices=True)
        >>> F.max_unpool1d(out, idx, 2)
        tensor([[[0., 1., 0., 3., 0., 5., 0., 7.]]])
    """
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 1, "max_unpool1d")


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """Computes a partial inverse of ``max_pool2d``.

    Each value goes back to the position its index names, with zeros elsewhere.

    See :class:`~glassnet.nn.MaxUnpool2d` for details.

    Args:
        input (Tensor): the pooled values.
        indices (Tensor): the indices returned by ``max_pool2d(..., return_indices=True)``.
        kernel_size (int or tuple): size of the max pooling window.
        stride (int or tuple, optional): stride of the max pooling window. Default: ``kernel_size``.
        padding (int or tuple, optional): padding that was added to the input. Default: 0.
        output_size (tuple, optional): the targeted output size, to pick among the sizes that
            pool to the input's size. Default: ``None``.

    Example:
        >>> out, idx = F.max_pool2d(glassnet.arange(16.0).reshape(1, 1, 4, 4), 2, return_indices=True)
        >>> F.max_unpool2d(out, idx, 2)
        tensor([[[[ 0.,  0.,  0.,  0.],
                  [ 0.,  5.,  0.,  7.],
                  [ 0.,  0.,  0.,  0.],
                  [ 0., 13.,  0., 15.]]]])
    """
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2, "max_unpool2d")


def max_unpool3d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """Computes a partial inverse of ``max_pool3d``.

    Each value goes back to the position its index names, with zeros elsewhere.

    See :class:`~glassnet.nn.MaxUnpool3d` for details.

    Args:
        input (Tensor): the pooled values.
        indices (Tensor): the indices returned by ``max_pool3d(..., return_indices=True)``.
        kernel_size (int or tuple): size of the max pooling window.
        stride (int or tuple, optional): stride of the max pooling window. Default: ``kernel_size``.
        padding (int or tuple, optional): padding that was added to the input. Default: 0.
        output_size (tuple, optional): the targeted output size, to pick among the sizes that
            pool to the input's size. Default: ``None``.

    Example:
        >>> out, idx = F.max_pool3d(glassnet.arange(64.0).reshape(1, 1, 4, 4, 4), 2, return_indices=True)
        >>> F.max_unpool3d(out, idx, 2).shape
        glassnet.Size([1, 1, 4, 4, 4])
    """
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3, "max_unpool3d")


# --- layers ---------------------------------------------------------------------------------------

class MaxPool3d(_PoolNd):
    """Applies a 3D max pooling over an input signal composed of several input planes.

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
            (flat offsets within each plane, as :class:`MaxUnpool3d` expects). Default: ``False``.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.

    Shape:
        - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
        - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, where

        ::

            D_out = floor((D_in + 2 * padding[0] - dilation[0] * (kernel_size[0] - 1) - 1) / stride[0] + 1)
            H_out = floor((H_in + 2 * padding[1] - dilation[1] * (kernel_size[1] - 1) - 1) / stride[1] + 1)
            W_out = floor((W_in + 2 * padding[2] - dilation[2] * (kernel_size[2] - 1) - 1) / stride[2] + 1)

          (with ``ceil`` instead of ``floor`` when ``ceil_mode``).

    Example:
        >>> m = nn.MaxPool3d(2)
        >>> m(glassnet.arange(64.0).reshape(1, 1, 4, 4, 4)).shape
        glassnet.Size([1, 1, 2, 2, 2])
        >>> nn.MaxPool3d(3, stride=2)(glassnet.randn(2, 4, 10, 12, 14)).shape
        glassnet.Size([2, 4, 4, 5, 6])
    """

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool an (N, C, D, H, W) batch."""
        return max_pool3d(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                          self.return_indices)


class AvgPool3d(_AvgPoolNd):
    """Applies a 3D average pooling over an input signal composed of several input planes.

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
        - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
        - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, where

        ::

            D_out = floor((D_in + 2 * padding[0] - kernel_size[0]) / stride[0] + 1)
            H_out = floor((H_in + 2 * padding[1] - kernel_size[1]) / stride[1] + 1)
            W_out = floor((W_in + 2 * padding[2] - kernel_size[2]) / stride[2] + 1)

    Example:
        >>> m = nn.AvgPool3d(2)
        >>> m(glassnet.arange(64.0).reshape(1, 1, 4, 4, 4)).shape
        glassnet.Size([1, 1, 2, 2, 2])
        >>> nn.AvgPool3d(3, stride=2)(glassnet.randn(2, 4, 10, 12, 14)).shape
        glassnet.Size([2, 4, 4, 5, 6])
    """

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
    """Applies a 3D adaptive average pooling over an input signal composed of several input planes.

    The output has size D_out x H_out x W_out for any input size; the number of
    output features equals the number of input planes. Output bin ``i`` of an axis of input length
    ``n_in`` averages the input elements ``[floor(i * n_in / n_out), ceil((i + 1) * n_in / n_out))``.

    Args:
        output_size (int or tuple): the target output size (D_out x H_out x W_out); an entry may be
            ``None``, which keeps the size of that input dimension.

    Shape:
        - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
        - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``,
          where ``(D_out, H_out, W_out) = output_size``.

    Example:
        >>> m = nn.AdaptiveAvgPool3d((5, 7, 9))
        >>> m(glassnet.randn(1, 4, 8, 9, 10)).shape
        glassnet.Size([1, 4, 5, 7, 9])
    """

    def __init__(self, output_size: Any) -> None:
        super().__init__(output_size)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pool to output_size."""
        return adaptive_avg_pool3d(input, self.output_size)


class AdaptiveMaxPool1d(_AdaptivePool):
    """Applies a 1D adaptive max pooling over an input signal composed of several input planes.

    The output has size L_out for any input size; the number of
    output features equals the number of input planes. Output bin ``i`` of an axis of input length
    ``n_in`` takes the maximum of ``[floor(i * n_in / n_out), ceil((i + 1) * n_in / n_out))``.

    Args:
        output_size (int): the target output size ``L_out``.
        return_indices (bool, optional): if ``True``, will return the indices along with the outputs.
            Default: ``False``.

    Shape:
        - Input: ``(N, C, L_in)`` or ``(C, L_in)``
        - Output: ``(N, C, L_out)`` or ``(C, L_out)``,
          where ``(L_out) = output_size``.

    Example:
        >>> m = nn.AdaptiveMaxPool1d(5)
        >>> m(glassnet.randn(1, 64, 8)).shape
        glassnet.Size([1, 64, 5])
    """

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool to output_size."""
        return adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool3d(_AdaptivePool):
    """Applies a 3D adaptive max pooling over an input signal composed of several input planes.

    The output has size D_out x H_out x W_out for any input size; the number of
    output features equals the number of input planes. Output bin ``i`` of an axis of input length
    ``n_in`` takes the maximum of ``[floor(i * n_in / n_out), ceil((i + 1) * n_in / n_out))``.

    Args:
        output_size (int or tuple): the target output size (D_out x H_out x W_out); an entry may be
            ``None``, which keeps the size of that input dimension.
        return_indices (bool, optional): if ``True``, will return the indices along with the outputs.
            Default: ``False``.

    Shape:
        - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
        - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``,
          where ``(D_out, H_out, W_out) = output_size``.

    Example:
        >>> m = nn.AdaptiveMaxPool3d((5, 7, 9))
        >>> m(glassnet.randn(1, 4, 8, 9, 10)).shape
        glassnet.Size([1, 4, 5, 7, 9])
    """

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
    """Applies a 1D power-average pooling over an input signal composed of several input planes.

    On each window, the function computed is ``f(X) = (sum_{x in X} x^p)^(1/p)``: at ``p = inf``
    it is max pooling, at ``p = 1`` sum pooling (proportional to average pooling).

    Args:
        norm_type (float): the exponent ``p``; ``inf`` gives max pooling, 1 sum pooling.
        kernel_size (int or tuple): the size of the window.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.

    Shape:
        - Input: ``(N, C, L_in)`` or ``(C, L_in)``
        - Output: ``(N, C, L_out)`` or ``(C, L_out)``, where
          ``L_out = floor((L_in - kernel_size[0]) / stride[0] + 1)`` (and so on for each axis).

    Example:
        >>> m = nn.LPPool1d(2, 2)
        >>> m(glassnet.tensor([[[3.0, 4.0, 1.0, 0.0]]]))
        tensor([[[5., 1.]]])
    """

    _fn = staticmethod(lp_pool1d)


class LPPool2d(_LPPoolNd):
    """Applies a 2D power-average pooling over an input signal composed of several input planes.

    On each window, the function computed is ``f(X) = (sum_{x in X} x^p)^(1/p)``: at ``p = inf``
    it is max pooling, at ``p = 1`` sum pooling (proportional to average pooling).

    Args:
        norm_type (float): the exponent ``p``; ``inf`` gives max pooling, 1 sum pooling.
        kernel_size (int or tuple): the size of the window.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.

    Shape:
        - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
        - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, where
          ``H_out = floor((H_in - kernel_size[0]) / stride[0] + 1)`` (and so on for each axis).

    Example:
        >>> m = nn.LPPool2d(2, 2)
        >>> m(glassnet.tensor([[[[1.0, 2.0], [2.0, 4.0]]]]))
        tensor([[[[5.]]]])
    """

    _fn = staticmethod(lp_pool2d)


class LPPool3d(_LPPoolNd):
    """Applies a 3D power-average pooling over an input signal composed of several input planes.

    On each window, the function computed is ``f(X) = (sum_{x in X} x^p)^(1/p)``: at ``p = inf``
    it is max pooling, at ``p = 1`` sum pooling (proportional to average pooling).

    Args:
        norm_type (float): the exponent ``p``; ``inf`` gives max pooling, 1 sum pooling.
        kernel_size (int or tuple): the size of the window.
        stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
        ceil_mode (bool, optional): when ``True``, will use ``ceil`` instead of ``floor`` to compute the
            output shape. Default: ``False``.

    Shape:
        - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
        - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, where
          ``D_out = floor((D_in - kernel_size[0]) / stride[0] + 1)`` (and so on for each axis).

    Example:
        >>> m = nn.LPPool3d(2, 2)
        >>> m(glassnet.tensor([[[[[1.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]]]]]))
        tensor([[[[[2.8284]]]]])
    """

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
    """Computes a partial inverse of :class:`MaxPool1d`.

    ``MaxPool1d`` is not fully invertible, since the non-maximal values are lost. ``MaxUnpool1d``
    takes the output of ``MaxPool1d`` and the indices of the maximal values (from
    ``return_indices=True``) and puts each value back in its position, with zeros elsewhere. The
    forward call is ``unpool(input, indices, output_size=None)``.

    Args:
        kernel_size (int or tuple): size of the max pooling window.
        stride (int or tuple, optional): stride of the max pooling window. Default: ``kernel_size``.
        padding (int or tuple, optional): padding that was added to the input. Default: 0.

    Shape:
        - Input: ``(N, C, L_in)`` or ``(C, L_in)``
        - Output: ``(N, C, L_out)`` or ``(C, L_out)``, where
          ``L_out = (L_in - 1) * stride[0] - 2 * padding[0] + kernel_size[0]``
          (and so on for each axis), or ``output_size`` when given.

    Example:
        >>> pool = nn.MaxPool1d(2, stride=2, return_indices=True)
        >>> unpool = nn.MaxUnpool1d(2, stride=2)
        >>> output, indices = pool(glassnet.tensor([[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]]]))
        >>> unpool(output, indices)
        tensor([[[0., 2., 0., 4., 0., 6., 0., 8.]]])
    """

    _fn = staticmethod(max_unpool1d)


class MaxUnpool2d(_MaxUnpoolNd):
    """Computes a partial inverse of :class:`MaxPool2d`.

    ``MaxPool2d`` is not fully invertible, since the non-maximal values are lost. ``MaxUnpool2d``
    takes the output of ``MaxPool2d`` and the indices of the maximal values (from
    ``return_indices=True``) and puts each value back in its position, with zeros elsewhere. The
    forward call is ``unpool(input, indices, output_size=None)``.

    Args:
        kernel_size (int or tuple): size of the max pooling window.
        stride (int or tuple, optional): stride of the max pooling window. Default: ``kernel_size``.
        padding (int or tuple, optional): padding that was added to the input. Default: 0.

    Shape:
        - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
        - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, where
          ``H_out = (H_in - 1) * stride[0] - 2 * padding[0] + kernel_size[0]``
          (and so on for each axis), or ``output_size`` when given.

    Example:
        >>> pool = nn.MaxPool2d(2, stride=2, return_indices=True)
        >>> unpool = nn.MaxUnpool2d(2, stride=2)
        >>> output, indices = pool(glassnet.arange(1.0, 17.0).reshape(1, 1, 4, 4))
        >>> unpool(output, indices)
        tensor([[[[ 0.,  0.,  0.,  0.],
                  [ 0.,  6.,  0.,  8.],
                  [ 0.,  0.,  0.,  0.],
                  [ 0., 14.,  0., 16.]]]])
    """

    _fn = staticmethod(max_unpool2d)
    _dims = 2


class MaxUnpool3d(_MaxUnpoolNd):
    """Computes a partial inverse of :class:`MaxPool3d`.

    ``MaxPool3d`` is not fully invertible, since the non-maximal values are lost. ``MaxUnpool3d``
    takes the output of ``MaxPool3d`` and the indices of the maximal values (from
    ``return_indices=True``) and puts each value back in its position, with zeros elsewhere. The
    forward call is ``unpool(input, indices, output_size=None)``.

    Args:
        kernel_size (int or tuple): size of the max pooling window.
        stride (int or tuple, optional): stride of the max pooling window. Default: ``kernel_size``.
        padding (int or tuple, optional): padding that was added to the input. Default: 0.

    Shape:
        - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
        - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, where
          ``D_out = (D_in - 1) * stride[0] - 2 * padding[0] + kernel_size[0]``
          (and so on for each axis), or ``output_size`` when given.

    Example:
        >>> pool = nn.MaxPool3d(2, stride=2, return_indices=True)
        >>> unpool = nn.MaxUnpool3d(2, stride=2)
        >>> output, indices = pool(glassnet.randn(1, 2, 4, 4, 4))
        >>> unpool(output, indices).shape
        glassnet.Size([1, 2, 4, 4, 4])
    """

    _fn = staticmethod(max_unpool3d)
    _dims = 3

