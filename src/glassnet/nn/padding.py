"""Padding: ``F.pad`` (constant, reflect, replicate, circular) and the padding layers.

Reflect, replicate and circular padding are gathers: each padded dim picks source positions with an
index array (IndexSelect), so the gradient is the matching scatter-add and needs no code of its own.
"""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from ..functions import pad as _constant_pad
from ..ops.index import IndexSelect
from ..tensor import Tensor
from .module import Module

_MODES = ("constant", "reflect", "replicate", "circular")


def _source_index(xp: Any, n: int, lo: int, hi: int, mode: str) -> Any:
    """For each output position along one dim, the input position it copies."""
    i = xp.arange(-lo, n + hi)
    if mode == "reflect":  # mirror without repeating the edge: -1 -> 1, n -> n - 2
        period = 2 * (n - 1)
        i = xp.abs(i) % period if period else xp.zeros_like(i)
        return xp.where(i >= n, period - i, i)
    if mode == "replicate":
        return xp.clip(i, 0, n - 1)
    return i % n  # circular


def pad(input: Tensor, pad: Any, mode: str = "constant", value: float | None = None) -> Tensor:  # noqa: A002
    """Pads tensor.

    The padding sizes are given from the last dimension backwards: to pad the last dimension use
    ``pad=(padding_left, padding_right)``; the last two, ``(padding_left, padding_right,
    padding_top, padding_bottom)``; the last three, ``(..., padding_front, padding_back)``. A
    negative padding crops. ``'constant'`` pads any number of dimensions; ``'reflect'``,
    ``'replicate'`` and ``'circular'`` pad the last 1 to 3 dimensions of a batched input
    (``(N, C, ...)`` or unbatched ``(C, ...)``), as in PyTorch.

    Args:
        input (Tensor): N-dimensional tensor.
        pad (tuple): m-elements tuple, where ``m / 2 <= input.ndim`` and ``m`` is even.
        mode (str, optional): ``'constant'``, ``'reflect'``, ``'replicate'`` or ``'circular'``.
            Default: ``'constant'``.
        value (float, optional): fill value for ``'constant'`` padding. Default: ``0``.

    Example:
        >>> t4d = glassnet.empty(3, 3, 4, 2)
        >>> F.pad(t4d, (1, 1, 2, 2)).shape
        glassnet.Size([3, 3, 8, 4])
        >>> x = glassnet.tensor([[[1.0, 2.0, 3.0]]])
        >>> F.pad(x, (2, 1), mode="reflect")
        tensor([[[3., 2., 1., 2., 3., 2.]]])
        >>> F.pad(x, (1, 1), value=-1.0)
        tensor([[[-1.,  1.,  2.,  3., -1.]]])
    """
    pad = tuple(int(p) for p in pad)
    if mode not in _MODES:
        raise ValueError(f"pad: mode must be one of {_MODES}, got {mode!r}")
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise ValueError(f"pad: padding length {len(pad)} must be even and at most 2 * input.ndim "
                         f"for an input of shape {tuple(input.shape)}")
    for j in range(len(pad) // 2):  # negative padding crops; it may not crop more than the dim holds
        dim = input.ndim - 1 - j
        if input.shape[dim] + pad[2 * j] + pad[2 * j + 1] < 0 or -pad[2 * j] > input.shape[dim] \
                or -pad[2 * j + 1] > input.shape[dim]:
            raise RuntimeError(f"pad: padding ({pad[2 * j]}, {pad[2 * j + 1]}) of dim {dim} crops more than its "
                               f"size {input.shape[dim]} (input shape {tuple(input.shape)})")
    if mode == "constant":
        return _constant_pad(input, pad, "constant", 0.0 if value is None else value)
    k = len(pad) // 2
    if k > 3 or input.ndim < k + 1:
        raise NotImplementedError(f"pad: {mode} padding supports the last 1-3 dims of a batched input "
                                  f"(got pad of length {len(pad)} for shape {tuple(input.shape)})")
    xp = array_module(input._data)
    out = input
    for j in range(k):
        dim = input.ndim - 1 - j
        lo, hi = pad[2 * j], pad[2 * j + 1]
        if lo == hi == 0:
            continue
        n = input.shape[dim]
        if min(lo, hi) < 0:  # crop first, then pad what is left (circular wraps around the cropped dim)
            out = IndexSelect.apply(out, dim, xp.arange(max(-lo, 0), n - max(-hi, 0)))
            n, lo, hi = out.shape[dim], max(lo, 0), max(hi, 0)
            if lo == hi == 0:
                continue
        if mode == "reflect" and (lo >= n or hi >= n):
            raise ValueError(f"pad: reflect padding ({lo}, {hi}) must be smaller than the size {n} of "
                             f"dim {dim} (input shape {tuple(input.shape)})")
        if mode == "circular" and (lo > n or hi > n):
            raise ValueError(f"pad: circular padding ({lo}, {hi}) must be at most the size {n} of dim {dim}")
        out = IndexSelect.apply(out, dim, _source_index(xp, n, lo, hi, mode))
    return out


class _PadNd(Module):
    mode = "constant"
    n_dims = 1

    def __init__(self, padding: Any) -> None:
        super().__init__()
        p = (padding,) * (2 * self.n_dims) if isinstance(padding, int) else tuple(padding)
        self.padding, self.value = p, 0.0

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pad the input."""
        return pad(input, self.padding, self.mode, self.value if self.mode == "constant" else None)

    def extra_repr(self) -> str:
        if type(self).__name__.startswith("ConstantPad"):  # PyTorch's reprs: only ConstantPad names its fields
            return f"padding={self.padding}, value={self.value}"
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding: Any, value: float) -> None:
        super().__init__(padding)
        self.value = value


class ZeroPad1d(_PadNd):
    """Pads the input tensor boundaries with zero.

    Pads the last 1 dimension of the input, see :func:`~glassnet.nn.functional.pad`.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 2-tuple, uses (padding_left, padding_right).

    Shape:
        - Input: ``(C, W_in)`` or ``(N, C, W_in)``.
        - Output: ``(C, W_out)`` or ``(N, C, W_out)``, where

          ::

              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ZeroPad1d(2)
        >>> m(glassnet.arange(1.0, 4.0).reshape(1, 1, 3))
        tensor([[[0., 0., 1., 2., 3., 0., 0.]]])
        >>> nn.ZeroPad1d((3, 1))(glassnet.arange(1.0, 4.0).reshape(1, 1, 3))
        tensor([[[0., 0., 0., 1., 2., 3., 0.]]])
    """

    mode, n_dims = "constant", 1


class ZeroPad2d(_PadNd):
    """Pads the input tensor boundaries with zero.

    Pads the last 2 dimensions of the input, see :func:`~glassnet.nn.functional.pad`.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 4-tuple, uses (padding_left, padding_right, padding_top, padding_bottom).

    Shape:
        - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``.
        - Output: ``(C, H_out, W_out)`` or ``(N, C, H_out, W_out)``, where

          ::

              H_out = H_in + padding_top + padding_bottom
              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ZeroPad2d(1)
        >>> m(glassnet.arange(9.0).reshape(1, 1, 3, 3))
        tensor([[[[0., 0., 0., 0., 0.],
                  [0., 0., 1., 2., 0.],
                  [0., 3., 4., 5., 0.],
                  [0., 6., 7., 8., 0.],
                  [0., 0., 0., 0., 0.]]]])
        >>> nn.ZeroPad2d((1, 1, 2, 0))(glassnet.arange(9.0).reshape(1, 1, 3, 3))
        tensor([[[[0., 0., 0., 0., 0.],
                  [0., 0., 0., 0., 0.],
                  [0., 0., 1., 2., 0.],
                  [0., 3., 4., 5., 0.],
                  [0., 6., 7., 8., 0.]]]])
    """

    mode, n_dims = "constant", 2


class ZeroPad3d(_PadNd):
    """Pads the input tensor boundaries with zero.

    Pads the last 3 dimensions of the input, see :func:`~glassnet.nn.functional.pad`.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 6-tuple, uses (padding_left, padding_right, padding_top, padding_bottom,
            padding_front, padding_back).

    Shape:
        - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``.
        - Output: ``(C, D_out, H_out, W_out)`` or ``(N, C, D_out, H_out, W_out)``, where

          ::

              D_out = D_in + padding_front + padding_back
              H_out = H_in + padding_top + padding_bottom
              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ZeroPad3d(1)
        >>> m(glassnet.randn(1, 1, 2, 2, 2)).shape
        glassnet.Size([1, 1, 4, 4, 4])
        >>> nn.ZeroPad3d((2, 2, 1, 1, 0, 0))(glassnet.randn(1, 1, 2, 2, 2)).shape
        glassnet.Size([1, 1, 2, 4, 6])
    """

    mode, n_dims = "constant", 3


class ConstantPad1d(_ConstantPadNd):
    """Pads the input tensor boundaries with a constant value.

    Pads the last 1 dimension of the input, see :func:`~glassnet.nn.functional.pad`.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 2-tuple, uses (padding_left, padding_right).
        value (float): the fill value.

    Shape:
        - Input: ``(C, W_in)`` or ``(N, C, W_in)``.
        - Output: ``(C, W_out)`` or ``(N, C, W_out)``, where

          ::

              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ConstantPad1d(2, 3.5)
        >>> m(glassnet.arange(1.0, 4.0).reshape(1, 1, 3))
        tensor([[[3.5000, 3.5000, 1.0000, 2.0000, 3.0000, 3.5000, 3.5000]]])
        >>> nn.ConstantPad1d((3, 1), 3.5)(glassnet.arange(1.0, 4.0).reshape(1, 1, 3))
        tensor([[[3.5000, 3.5000, 3.5000, 1.0000, 2.0000, 3.0000, 3.5000]]])
    """

    mode, n_dims = "constant", 1


class ConstantPad2d(_ConstantPadNd):
    """Pads the input tensor boundaries with a constant value.

    Pads the last 2 dimensions of the input, see :func:`~glassnet.nn.functional.pad`.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 4-tuple, uses (padding_left, padding_right, padding_top, padding_bottom).
        value (float): the fill value.

    Shape:
        - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``.
        - Output: ``(C, H_out, W_out)`` or ``(N, C, H_out, W_out)``, where

          ::

              H_out = H_in + padding_top + padding_bottom
              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ConstantPad2d(1, 3.5)
        >>> m(glassnet.arange(9.0).reshape(1, 1, 3, 3))
        tensor([[[[3.5000, 3.5000, 3.5000, 3.5000, 3.5000],
                  [3.5000, 0.0000, 1.0000, 2.0000, 3.5000],
                  [3.5000, 3.0000, 4.0000, 5.0000, 3.5000],
                  [3.5000, 6.0000, 7.0000, 8.0000, 3.5000],
                  [3.5000, 3.5000, 3.5000, 3.5000, 3.5000]]]])
        >>> nn.ConstantPad2d((1, 1, 2, 0), 3.5)(glassnet.arange(9.0).reshape(1, 1, 3, 3))
        tensor([[[[3.5000, 3.5000, 3.5000, 3.5000, 3.5000],
                  [3.5000, 3.5000, 3.5000, 3.5000, 3.5000],
                  [3.5000, 0.0000, 1.0000, 2.0000, 3.5000],
                  [3.5000, 3.0000, 4.0000, 5.0000, 3.5000],
                  [3.5000, 6.0000, 7.0000, 8.0000, 3.5000]]]])
    """

    mode, n_dims = "constant", 2


class ConstantPad3d(_ConstantPadNd):
    """Pads the input tensor boundaries with a constant value.

    Pads the last 3 dimensions of the input, see :func:`~glassnet.nn.functional.pad`.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 6-tuple, uses (padding_left, padding_right, padding_top, padding_bottom,
            padding_front, padding_back).
        value (float): the fill value.

    Shape:
        - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``.
        - Output: ``(C, D_out, H_out, W_out)`` or ``(N, C, D_out, H_out, W_out)``, where

          ::

              D_out = D_in + padding_front + padding_back
              H_out = H_in + padding_top + padding_bottom
              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ConstantPad3d(1, 3.5)
        >>> m(glassnet.randn(1, 1, 2, 2, 2)).shape
        glassnet.Size([1, 1, 4, 4, 4])
        >>> nn.ConstantPad3d((2, 2, 1, 1, 0, 0), 3.5)(glassnet.randn(1, 1, 2, 2, 2)).shape
        glassnet.Size([1, 1, 2, 4, 6])
    """

    mode, n_dims = "constant", 3


class ReflectionPad1d(_PadNd):
    """Pads the input tensor using the reflection of the input boundary.

    Pads the last 1 dimension of the input, see :func:`~glassnet.nn.functional.pad`.

    The padding must be smaller than the size of the padded dimension (the edge is not repeated).

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 2-tuple, uses (padding_left, padding_right).

    Shape:
        - Input: ``(C, W_in)`` or ``(N, C, W_in)``.
        - Output: ``(C, W_out)`` or ``(N, C, W_out)``, where

          ::

              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ReflectionPad1d(2)
        >>> m(glassnet.arange(1.0, 4.0).reshape(1, 1, 3))
        tensor([[[3., 2., 1., 2., 3., 2., 1.]]])
        >>> nn.ReflectionPad1d((2, 1))(glassnet.arange(1.0, 4.0).reshape(1, 1, 3))
        tensor([[[3., 2., 1., 2., 3., 2.]]])
    """

    mode, n_dims = "reflect", 1


class ReflectionPad2d(_PadNd):
    """Pads the input tensor using the reflection of the input boundary.

    Pads the last 2 dimensions of the input, see :func:`~glassnet.nn.functional.pad`.

    The padding must be smaller than the size of the padded dimension (the edge is not repeated).

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 4-tuple, uses (padding_left, padding_right, padding_top, padding_bottom).

    Shape:
        - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``.
        - Output: ``(C, H_out, W_out)`` or ``(N, C, H_out, W_out)``, where

          ::

              H_out = H_in + padding_top + padding_bottom
              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ReflectionPad2d(1)
        >>> m(glassnet.arange(9.0).reshape(1, 1, 3, 3))
        tensor([[[[4., 3., 4., 5., 4.],
                  [1., 0., 1., 2., 1.],
                  [4., 3., 4., 5., 4.],
                  [7., 6., 7., 8., 7.],
                  [4., 3., 4., 5., 4.]]]])
        >>> nn.ReflectionPad2d((1, 1, 2, 0))(glassnet.arange(9.0).reshape(1, 1, 3, 3))
        tensor([[[[7., 6., 7., 8., 7.],
                  [4., 3., 4., 5., 4.],
                  [1., 0., 1., 2., 1.],
                  [4., 3., 4., 5., 4.],
                  [7., 6., 7., 8., 7.]]]])
    """

    mode, n_dims = "reflect", 2


class ReflectionPad3d(_PadNd):
    """Pads the input tensor using the reflection of the input boundary.

    Pads the last 3 dimensions of the input, see :func:`~glassnet.nn.functional.pad`.

    The padding must be smaller than the size of the padded dimension (the edge is not repeated).

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 6-tuple, uses (padding_left, padding_right, padding_top, padding_bottom,
            padding_front, padding_back).

    Shape:
        - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``.
        - Output: ``(C, D_out, H_out, W_out)`` or ``(N, C, D_out, H_out, W_out)``, where

          ::

              D_out = D_in + padding_front + padding_back
              H_out = H_in + padding_top + padding_bottom
              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ReflectionPad3d(1)
        >>> m(glassnet.randn(1, 1, 2, 2, 2)).shape
        glassnet.Size([1, 1, 4, 4, 4])
        >>> nn.ReflectionPad3d((1, 1, 1, 1, 0, 0))(glassnet.randn(1, 1, 2, 2, 2)).shape
        glassnet.Size([1, 1, 2, 4, 4])
    """

    mode, n_dims = "reflect", 3


class ReplicationPad1d(_PadNd):
    """Pads the input tensor using replication of the input boundary.

    Pads the last 1 dimension of the input, see :func:`~glassnet.nn.functional.pad`.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 2-tuple, uses (padding_left, padding_right).

    Shape:
        - Input: ``(C, W_in)`` or ``(N, C, W_in)``.
        - Output: ``(C, W_out)`` or ``(N, C, W_out)``, where

          ::

              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ReplicationPad1d(2)
        >>> m(glassnet.arange(1.0, 4.0).reshape(1, 1, 3))
        tensor([[[1., 1., 1., 2., 3., 3., 3.]]])
        >>> nn.ReplicationPad1d((3, 1))(glassnet.arange(1.0, 4.0).reshape(1, 1, 3))
        tensor([[[1., 1., 1., 1., 2., 3., 3.]]])
    """

    mode, n_dims = "replicate", 1


class ReplicationPad2d(_PadNd):
    """Pads the input tensor using replication of the input boundary.

    Pads the last 2 dimensions of the input, see :func:`~glassnet.nn.functional.pad`.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 4-tuple, uses (padding_left, padding_right, padding_top, padding_bottom).

    Shape:
        - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``.
        - Output: ``(C, H_out, W_out)`` or ``(N, C, H_out, W_out)``, where

          ::

              H_out = H_in + padding_top + padding_bottom
              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ReplicationPad2d(1)
        >>> m(glassnet.arange(9.0).reshape(1, 1, 3, 3))
        tensor([[[[0., 0., 1., 2., 2.],
                  [0., 0., 1., 2., 2.],
                  [3., 3., 4., 5., 5.],
                  [6., 6., 7., 8., 8.],
                  [6., 6., 7., 8., 8.]]]])
        >>> nn.ReplicationPad2d((1, 1, 2, 0))(glassnet.arange(9.0).reshape(1, 1, 3, 3))
        tensor([[[[0., 0., 1., 2., 2.],
                  [0., 0., 1., 2., 2.],
                  [0., 0., 1., 2., 2.],
                  [3., 3., 4., 5., 5.],
                  [6., 6., 7., 8., 8.]]]])
    """

    mode, n_dims = "replicate", 2


class ReplicationPad3d(_PadNd):
    """Pads the input tensor using replication of the input boundary.

    Pads the last 3 dimensions of the input, see :func:`~glassnet.nn.functional.pad`.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 6-tuple, uses (padding_left, padding_right, padding_top, padding_bottom,
            padding_front, padding_back).

    Shape:
        - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``.
        - Output: ``(C, D_out, H_out, W_out)`` or ``(N, C, D_out, H_out, W_out)``, where

          ::

              D_out = D_in + padding_front + padding_back
              H_out = H_in + padding_top + padding_bottom
              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.ReplicationPad3d(1)
        >>> m(glassnet.randn(1, 1, 2, 2, 2)).shape
        glassnet.Size([1, 1, 4, 4, 4])
        >>> nn.ReplicationPad3d((2, 2, 1, 1, 0, 0))(glassnet.randn(1, 1, 2, 2, 2)).shape
        glassnet.Size([1, 1, 2, 4, 6])
    """

    mode, n_dims = "replicate", 3


class CircularPad1d(_PadNd):
    """Pads the input tensor using circular padding of the input boundary.

    Pads the last 1 dimension of the input, see :func:`~glassnet.nn.functional.pad`.

    The values wrap around: the left padding takes the last values, the right padding the first.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 2-tuple, uses (padding_left, padding_right).

    Shape:
        - Input: ``(C, W_in)`` or ``(N, C, W_in)``.
        - Output: ``(C, W_out)`` or ``(N, C, W_out)``, where

          ::

              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.CircularPad1d(2)
        >>> m(glassnet.arange(1.0, 4.0).reshape(1, 1, 3))
        tensor([[[2., 3., 1., 2., 3., 1., 2.]]])
        >>> nn.CircularPad1d((3, 1))(glassnet.arange(1.0, 4.0).reshape(1, 1, 3))
        tensor([[[1., 2., 3., 1., 2., 3., 1.]]])
    """

    mode, n_dims = "circular", 1


class CircularPad2d(_PadNd):
    """Pads the input tensor using circular padding of the input boundary.

    Pads the last 2 dimensions of the input, see :func:`~glassnet.nn.functional.pad`.

    The values wrap around: the left padding takes the last values, the right padding the first.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 4-tuple, uses (padding_left, padding_right, padding_top, padding_bottom).

    Shape:
        - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``.
        - Output: ``(C, H_out, W_out)`` or ``(N, C, H_out, W_out)``, where

          ::

              H_out = H_in + padding_top + padding_bottom
              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.CircularPad2d(1)
        >>> m(glassnet.arange(9.0).reshape(1, 1, 3, 3))
        tensor([[[[8., 6., 7., 8., 6.],
                  [2., 0., 1., 2., 0.],
                  [5., 3., 4., 5., 3.],
                  [8., 6., 7., 8., 6.],
                  [2., 0., 1., 2., 0.]]]])
        >>> nn.CircularPad2d((1, 1, 2, 0))(glassnet.arange(9.0).reshape(1, 1, 3, 3))
        tensor([[[[5., 3., 4., 5., 3.],
                  [8., 6., 7., 8., 6.],
                  [2., 0., 1., 2., 0.],
                  [5., 3., 4., 5., 3.],
                  [8., 6., 7., 8., 6.]]]])
    """

    mode, n_dims = "circular", 2


class CircularPad3d(_PadNd):
    """Pads the input tensor using circular padding of the input boundary.

    Pads the last 3 dimensions of the input, see :func:`~glassnet.nn.functional.pad`.

    The values wrap around: the left padding takes the last values, the right padding the first.

    Args:
        padding (int or tuple): the size of the padding. If it is an int, uses the same padding in all
            boundaries. If a 6-tuple, uses (padding_left, padding_right, padding_top, padding_bottom,
            padding_front, padding_back).

    Shape:
        - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``.
        - Output: ``(C, D_out, H_out, W_out)`` or ``(N, C, D_out, H_out, W_out)``, where

          ::

              D_out = D_in + padding_front + padding_back
              H_out = H_in + padding_top + padding_bottom
              W_out = W_in + padding_left + padding_right

    Example:
        >>> m = nn.CircularPad3d(1)
        >>> m(glassnet.randn(1, 1, 2, 2, 2)).shape
        glassnet.Size([1, 1, 4, 4, 4])
        >>> nn.CircularPad3d((2, 2, 1, 1, 0, 0))(glassnet.randn(1, 1, 2, 2, 2)).shape
        glassnet.Size([1, 1, 2, 4, 6])
    """

    mode, n_dims = "circular", 3
