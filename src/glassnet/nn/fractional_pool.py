"""Fractional max pooling (Graham, 2014): max pooling with pseudo-random, overlapping window starts.

For each (sample, channel) plane one random number u per spatial axis places the windows: with
alpha = (input - kernel) / (output - 1), window i starts at floor((i + u) * alpha) - floor(u * alpha)
and the last window ends at the input's edge (PyTorch's ``generate_intervals``). The windows are
gathered into a (N, C, *out, *kernel) block (a differentiable gather) and maxed over the kernel,
so the gradient goes to each window's maximum. ``_random_samples`` fixes u, as in PyTorch.
"""

from __future__ import annotations

import math
from typing import Any

from ..backend import generator
from ..tensor import Tensor
from .module import Module


def _intervals(u: Any, n_in: int, n_out: int, k: int, xp: Any) -> Any:
    """Window starts (..., n_out) for samples u (...); arithmetic in u's dtype, as PyTorch's kernel."""
    starts = xp.zeros(u.shape + (n_out,), dtype=xp.int64)
    if n_out > 1:
        alpha = u.dtype.type(n_in - k) / u.dtype.type(n_out - 1)
        i = xp.arange(n_out - 1, dtype=u.dtype)
        starts[..., :-1] = (((i + u[..., None]) * alpha).astype(xp.int64)
                            - (u[..., None] * alpha).astype(xp.int64))
    if n_out > 0:
        starts[..., -1] = n_in - k
    return starts


def _fractional_max_pool(input: Tensor, kernel_size: Any, output_size: Any, output_ratio: Any,  # noqa: A002
                         return_indices: bool, _random_samples: Any, dims: int, op: str) -> Any:
    if input.ndim not in (dims + 1, dims + 2):
        raise ValueError(f"{op}: expected {dims + 1}D or {dims + 2}D input, got shape {tuple(input.shape)}")
    unbatched = input.ndim == dims + 1
    x = input.unsqueeze(0) if unbatched else input
    k = (kernel_size,) * dims if isinstance(kernel_size, int) else tuple(kernel_size)
    spatial = tuple(x.shape[2:])
    if output_size is None and output_ratio is None:
        raise ValueError(f"{op} requires specifying either an output_size or an output_ratio")
    if output_size is None:
        ratio = (output_ratio,) * dims if isinstance(output_ratio, (int, float)) else tuple(output_ratio)
        if not all(0 < r < 1 for r in ratio):
            raise ValueError(f"{op}: output_ratio must be between 0 and 1 (got {output_ratio})")
        out = tuple(int(s * r) for s, r in zip(spatial, ratio))
    else:
        out = (output_size,) * dims if isinstance(output_size, int) else tuple(output_size)
    for a in range(dims):
        if out[a] + k[a] - 1 > spatial[a]:
            raise RuntimeError(f"{op}: pool size {k[a]} and output size {out[a]} are too large for input size "
                               f"{spatial[a]} along spatial axis {a} (need output + kernel - 1 <= input)")
    xp = x.xp
    n, c = x.shape[:2]
    if _random_samples is None:
        samples = xp.asarray(generator().random((n, c, dims)).astype(x._data.dtype))
    else:
        samples = _random_samples._data if isinstance(_random_samples, Tensor) else xp.asarray(_random_samples)
        if samples.shape != (n, c, dims):
            raise RuntimeError(f"{op}: expected _random_samples of shape {(n, c, dims)}, got {tuple(samples.shape)}")
    # PyTorch's sample order: 2-D uses (w, h), 3-D uses (t, h, w)
    order = (1, 0) if dims == 2 else tuple(range(dims))
    starts = [_intervals(samples[:, :, order[a]], spatial[a], out[a], k[a], xp) for a in range(dims)]
    # Per axis a: positions (N, C, out_a, k_a), broadcast into the (N, C, *out, *kernel) block.
    index = [xp.arange(n).reshape((n,) + (1,) * (2 * dims + 1)), xp.arange(c).reshape((1, c) + (1,) * (2 * dims))]
    coords = []
    for a in range(dims):
        pos = starts[a][..., None] + xp.arange(k[a])
        shape = [n, c] + [1] * (2 * dims)
        shape[2 + a], shape[2 + dims + a] = out[a], k[a]
        coords.append(pos.reshape(shape))
    block = x[tuple(Tensor(i) for i in index + coords)]
    block = block.reshape(n, c, *out, math.prod(k))
    values, arg = block.max(-1)
    if unbatched:
        values = values.squeeze(0)
    if not return_indices:
        return values
    flat = 0
    within = xp.unravel_index(arg._data, k)
    for a in range(dims):
        full = xp.broadcast_to(starts[a].reshape([n, c] + [out[a] if b == a else 1 for b in range(dims)]),
                               arg.shape)
        flat = flat * spatial[a] + full + within[a]
    idx = Tensor(flat.astype(xp.int64))
    return values, (idx.squeeze(0) if unbatched else idx)


def fractional_max_pool2d(input: Tensor, kernel_size: Any, output_size: Any = None,  # noqa: A002
                          output_ratio: Any = None, return_indices: bool = False, _random_samples: Any = None) -> Any:
    """Applies 2D fractional max pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.FractionalMaxPool2d` for details.

    Args:
        input (Tensor): the input, ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
        kernel_size (int or tuple): the size of the window to take a max over.
        output_size (int or tuple, optional): the target output size of the image. Default: ``None``.
        output_ratio (float or tuple, optional): the output size as a ratio of the input size, in
            ``(0, 1)``. Default: ``None``.
        return_indices (bool, optional): if ``True``, will return the indices along with the outputs (flat
            offsets within each plane, usable with ``max_unpool``). Default: ``False``.
        _random_samples (Tensor, optional): the ``(N, C, 2)`` samples in ``[0, 1)`` that place the pooling
            regions; drawn from the generator when ``None``. Default: ``None``.

    Returns:
        Tensor, or a tuple ``(output, indices)`` with ``return_indices=True``.

    Example:
        >>> F.fractional_max_pool2d(glassnet.randn(2, 4, 50, 32), 3, output_size=(13, 12)).shape
        glassnet.Size([2, 4, 13, 12])
    """
    return _fractional_max_pool(input, kernel_size, output_size, output_ratio, return_indices, _random_samples, 2,
                                "fractional_max_pool2d")


def fractional_max_pool3d(input: Tensor, kernel_size: Any, output_size: Any = None,  # noqa: A002
                          output_ratio: Any = None, return_indices: bool = False, _random_samples: Any = None) -> Any:
    """Applies 3D fractional max pooling over an input signal composed of several input planes.

    See :class:`~glassnet.nn.FractionalMaxPool3d` for details.

    Args:
        input (Tensor): the input, ``(N, C, T_in, H_in, W_in)`` or ``(C, T_in, H_in, W_in)``.
        kernel_size (int or tuple): the size of the window to take a max over.
        output_size (int or tuple, optional): the target output size of the image. Default: ``None``.
        output_ratio (float or tuple, optional): the output size as a ratio of the input size, in
            ``(0, 1)``. Default: ``None``.
        return_indices (bool, optional): if ``True``, will return the indices along with the outputs (flat
            offsets within each plane, usable with ``max_unpool``). Default: ``False``.
        _random_samples (Tensor, optional): the ``(N, C, 3)`` samples in ``[0, 1)`` that place the pooling
            regions; drawn from the generator when ``None``. Default: ``None``.

    Returns:
        Tensor, or a tuple ``(output, indices)`` with ``return_indices=True``.

    Example:
        >>> F.fractional_max_pool3d(glassnet.randn(4, 3, 10, 12, 14), 3, output_size=(5, 6, 7)).shape
        glassnet.Size([4, 3, 5, 6, 7])
    """
    return _fractional_max_pool(input, kernel_size, output_size, output_ratio, return_indices, _random_samples, 3,
                                "fractional_max_pool3d")


def fractional_max_pool2d_with_indices(input: Tensor, kernel_size: Any, output_size: Any = None,  # noqa: A002
                                       output_ratio: Any = None, return_indices: bool = False,
                                       _random_samples: Any = None) -> tuple:
    """Applies 2D fractional max pooling and returns ``(output, indices)``.

    The same as :func:`fractional_max_pool2d` with ``return_indices=True``.

    Args:
        input (Tensor): the input, ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
        kernel_size (int or tuple): the size of the window to take a max over.
        output_size (int or tuple, optional): the target output size of the image. Default: ``None``.
        output_ratio (float or tuple, optional): the output size as a ratio of the input size, in
            ``(0, 1)``. Default: ``None``.
        return_indices (bool, optional): ignored; the indices are always returned. Default: ``False``.
        _random_samples (Tensor, optional): the ``(N, C, 2)`` samples in ``[0, 1)`` that place the pooling
            regions; drawn from the generator when ``None``. Default: ``None``.

    Example:
        >>> out, idx = F.fractional_max_pool2d_with_indices(glassnet.randn(2, 4, 50, 32), 3, output_size=(13, 12))
        >>> idx.shape
        glassnet.Size([2, 4, 13, 12])
    """
    return fractional_max_pool2d(input, kernel_size, output_size, output_ratio, True, _random_samples)


def fractional_max_pool3d_with_indices(input: Tensor, kernel_size: Any, output_size: Any = None,  # noqa: A002
                                       output_ratio: Any = None, return_indices: bool = False,
                                       _random_samples: Any = None) -> tuple:
    """Applies 3D fractional max pooling and returns ``(output, indices)``.

    The same as :func:`fractional_max_pool3d` with ``return_indices=True``.

    Args:
        input (Tensor): the input, ``(N, C, T_in, H_in, W_in)`` or ``(C, T_in, H_in, W_in)``.
        kernel_size (int or tuple): the size of the window to take a max over.
        output_size (int or tuple, optional): the target output size of the image. Default: ``None``.
        output_ratio (float or tuple, optional): the output size as a ratio of the input size, in
            ``(0, 1)``. Default: ``None``.
        return_indices (bool, optional): ignored; the indices are always returned. Default: ``False``.
        _random_samples (Tensor, optional): the ``(N, C, 3)`` samples in ``[0, 1)`` that place the pooling
            regions; drawn from the generator when ``None``. Default: ``None``.

    Example:
        >>> x = glassnet.randn(4, 3, 10, 12, 14)
        >>> out, idx = F.fractional_max_pool3d_with_indices(x, 3, output_size=(5, 6, 7))
        >>> idx.shape
        glassnet.Size([4, 3, 5, 6, 7])
    """
    return fractional_max_pool3d(input, kernel_size, output_size, output_ratio, True, _random_samples)


class _FractionalMaxPoolNd(Module):
    _fn: Any = None

    def __init__(self, kernel_size: Any, output_size: Any = None, output_ratio: Any = None,
                 return_indices: bool = False, _random_samples: Any = None) -> None:
        super().__init__()
        if output_size is None and output_ratio is None:
            raise ValueError(f"{type(self).__name__} requires specifying either an output size, or a pooling ratio")
        if output_size is not None and output_ratio is not None:
            raise ValueError("only one of output_size and output_ratio may be specified")
        self.kernel_size, self.output_size, self.output_ratio = kernel_size, output_size, output_ratio
        self.return_indices = return_indices
        self.register_buffer("_random_samples", _random_samples)

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool with fresh random window offsets (or the fixed _random_samples)."""
        return type(self)._fn(input, self.kernel_size, self.output_size, self.output_ratio, self.return_indices,
                              self._random_samples)


class FractionalMaxPool2d(_FractionalMaxPoolNd):
    """Applies a 2D fractional max pooling over an input signal composed of several input planes.

    Fractional MaxPooling is described in detail in the paper "Fractional MaxPooling" by Ben Graham.
    The max-pooling operation is applied in ``kernel_size`` regions by a stochastic step size
    determined by the target output size (or ratio). The number of output features is equal to the
    number of input planes.

    Args:
        kernel_size (int or tuple): the size of the window to take a max over.
        output_size (int or tuple, optional): the target output size of the image. Default: ``None``.
        output_ratio (float or tuple, optional): the output size as a ratio of the input size, in
            ``(0, 1)``. Default: ``None``.
        return_indices (bool, optional): if ``True``, will return the indices along with the outputs (flat
            offsets within each plane, usable with ``max_unpool``). Default: ``False``.
        _random_samples (Tensor, optional): the ``(N, C, 2)`` samples in ``[0, 1)`` that place the pooling
            regions; drawn from the generator when ``None``. Default: ``None``.

    Shape:
        - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
        - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, where the spatial size is ``output_size`` or
          ``floor(input_size * output_ratio)``.

    Example:
        >>> m = nn.FractionalMaxPool2d(3, output_size=(13, 12))
        >>> m(glassnet.randn(2, 4, 50, 32)).shape
        glassnet.Size([2, 4, 13, 12])
        >>> m = nn.FractionalMaxPool2d(3, output_ratio=(0.5, 0.5))
        >>> m(glassnet.randn(2, 4, 50, 32)).shape
        glassnet.Size([2, 4, 25, 16])
    """

    _fn = staticmethod(fractional_max_pool2d)


class FractionalMaxPool3d(_FractionalMaxPoolNd):
    """Applies a 3D fractional max pooling over an input signal composed of several input planes.

    Fractional MaxPooling is described in detail in the paper "Fractional MaxPooling" by Ben Graham.
    The max-pooling operation is applied in ``kernel_size`` regions by a stochastic step size
    determined by the target output size (or ratio). The number of output features is equal to the
    number of input planes.

    Args:
        kernel_size (int or tuple): the size of the window to take a max over.
        output_size (int or tuple, optional): the target output size of the image. Default: ``None``.
        output_ratio (float or tuple, optional): the output size as a ratio of the input size, in
            ``(0, 1)``. Default: ``None``.
        return_indices (bool, optional): if ``True``, will return the indices along with the outputs (flat
            offsets within each plane, usable with ``max_unpool``). Default: ``False``.
        _random_samples (Tensor, optional): the ``(N, C, 3)`` samples in ``[0, 1)`` that place the pooling
            regions; drawn from the generator when ``None``. Default: ``None``.

    Shape:
        - Input: ``(N, C, T_in, H_in, W_in)`` or ``(C, T_in, H_in, W_in)``.
        - Output: ``(N, C, T_out, H_out, W_out)`` or ``(C, T_out, H_out, W_out)``, where the spatial
          size is ``output_size`` or ``floor(input_size * output_ratio)``.

    Example:
        >>> m = nn.FractionalMaxPool3d(3, output_size=(5, 6, 7))
        >>> m(glassnet.randn(4, 3, 10, 12, 14)).shape
        glassnet.Size([4, 3, 5, 6, 7])
        >>> m = nn.FractionalMaxPool3d(3, output_ratio=(0.5, 0.5, 0.5))
        >>> m(glassnet.randn(4, 3, 10, 12, 14)).shape
        glassnet.Size([4, 3, 5, 6, 7])
    """

    _fn = staticmethod(fractional_max_pool3d)
