"""More of PyTorch's torch.* surface: aliases, stacking and splitting helpers, scatter-style writes,
small linear-algebra helpers, NaN-aware reductions, special functions and runtime switches.

Most functions are compositions of differentiable Tensor ops, so autograd follows them for free;
the few that need their own backward are ops in ``glassnet.ops.special`` and ``ops.scatter_more``.
Tensor methods of the same names (in tensor.py) call these.
"""

from __future__ import annotations

import builtins
import itertools
import math
import os
from collections import namedtuple
from typing import Any

from . import backend, dtypes
from .autograd import anomaly_mode as _anomaly
from .index_functions import diag_embed, diff
from .ops import special as special_ops
from .ops.scatter_more import IndexReduce, PutInto
from .tensor import Size, Tensor, _dim

__all__ = [
    "layout", "strided", "absolute", "greater", "greater_equal", "less", "less_equal", "not_equal", "multiply",
    "subtract", "negative", "positive", "rsub", "movedim", "moveaxis", "swapdims", "ravel", "tile", "select",
    "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_shapes", "broadcast_tensors", "hstack", "vstack",
    "row_stack", "dstack", "column_stack", "tensor_split", "hsplit", "vsplit", "dsplit", "split_with_sizes",
    "index_put", "index_copy", "put", "select_scatter", "slice_scatter", "diagonal_scatter", "diagflat", "block_diag",
    "tril_indices", "triu_indices", "cartesian_prod", "combinations", "mode", "cross", "cdist", "cov", "corrcoef",
    "histc", "histogram", "nan_to_num", "frac", "sgn", "signbit", "heaviside", "gcd", "lcm", "ldexp", "deg2rad",
    "rad2deg", "reciprocal", "float_power", "fmax", "fmin", "nextafter", "frexp", "logaddexp2", "renorm", "xlogy",
    "logit", "sinc", "lgamma", "digamma", "polygamma", "mvlgamma", "i0", "numel", "is_tensor", "is_floating_point",
    "is_signed", "is_nonzero", "is_same_size", "isneginf", "isposinf", "isreal", "isin", "clamp_min", "clamp_max",
    "unravel_index", "scalar_tensor", "asarray", "frombuffer", "zero_", "fill", "hann_window", "hamming_window",
    "blackman_window", "bartlett_window", "kaiser_window", "vander", "trapezoid", "trapz", "cumulative_trapezoid",
    "gradient", "cholesky_solve", "cholesky_inverse", "get_num_threads", "set_num_threads",
    "use_deterministic_algorithms", "are_deterministic_algorithms_enabled",
    "is_deterministic_algorithms_warn_only_enabled", "is_anomaly_enabled", "is_anomaly_check_nan_enabled",
    "set_anomaly_enabled", "set_float32_matmul_precision", "get_float32_matmul_precision", "seed", "dist", "angle",
    "index_reduce", "igamma", "igammac", "get_num_interop_threads", "set_num_interop_threads", "init_num_threads",
    "is_inference_mode_enabled", "set_warn_always", "is_warn_always_enabled", "set_flush_denormal",
    "set_deterministic_debug_mode", "get_deterministic_debug_mode",
]

_Values = namedtuple("return_types", ["values", "indices"])
_Frexp = namedtuple("frexp", ["mantissa", "exponent"])
_Hist = namedtuple("histogram", ["hist", "bin_edges"])


def _t(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _const(arr: Any) -> Tensor:
    return Tensor._wrap(arr)


def _floating(x: Any) -> Tensor:
    """x itself if floating, else cast to the default float dtype (as torch does for math functions)."""
    x = _t(x)
    return x if x._data.dtype.kind == "f" else x.astype(dtypes.get_default_dtype())


class layout:  # noqa: N801 - PyTorch's name
    """A tensor memory layout; glassnet has only the dense ``strided`` one (``glassnet.strided``).

    Args:
        name (str): the layout's name, shown as ``glassnet.NAME``.

    Example:
        >>> glassnet.strided
        glassnet.strided
        >>> glassnet.zeros(2).layout
        glassnet.strided
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"glassnet.{self.name}"


strided = layout("strided")


# ---- aliases -------------------------------------------------------------------------------------
def absolute(input: Any) -> Tensor:  # noqa: A002 - PyTorch argument name
    """Computes the absolute value of each element in ``input``. Alias of :func:`glassnet.abs`.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.absolute(glassnet.tensor([-1, -2, 3]))
        tensor([1, 2, 3])
    """
    return _t(input).abs()


def greater(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes ``input > other`` element-wise. Alias of :func:`glassnet.gt`.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or value to compare.

    Example:
        >>> glassnet.greater(glassnet.tensor([1, 2, 3]), 2)
        tensor([False, False,  True])
    """
    return _t(input) > other


def greater_equal(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes ``input >= other`` element-wise. Alias of :func:`glassnet.ge`.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or value to compare.

    Example:
        >>> glassnet.greater_equal(glassnet.tensor([1, 2, 3]), 2)
        tensor([False,  True,  True])
    """
    return _t(input) >= other


def less(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes ``input < other`` element-wise. Alias of :func:`glassnet.lt`.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or value to compare.

    Example:
        >>> glassnet.less(glassnet.tensor([1, 2, 3]), 2)
        tensor([ True, False, False])
    """
    return _t(input) < other


def less_equal(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes ``input <= other`` element-wise. Alias of :func:`glassnet.le`.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or value to compare.

    Example:
        >>> glassnet.less_equal(glassnet.tensor([1, 2, 3]), 2)
        tensor([ True,  True, False])
    """
    return _t(input) <= other


def not_equal(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes ``input != other`` element-wise. Alias of :func:`glassnet.ne`.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or value to compare.

    Example:
        >>> glassnet.not_equal(glassnet.tensor([1, 2, 3]), glassnet.tensor([1, 0, 3]))
        tensor([False,  True, False])
    """
    return _t(input) != other


def multiply(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Multiplies ``input`` by ``other``. Alias of :func:`glassnet.mul`.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to multiply ``input`` by.

    Example:
        >>> glassnet.multiply(glassnet.tensor([1.0, 2.0, 3.0]), 2)
        tensor([2., 4., 6.])
    """
    return _t(input) * other


def subtract(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:  # noqa: A002
    r"""Subtracts ``other``, scaled by ``alpha``, from ``input``. Alias of :func:`glassnet.sub`.

    .. math:: \text{out}_i = \text{input}_i - \text{alpha} \times \text{other}_i

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to subtract from ``input``.
        alpha (Number, optional): the multiplier for ``other``. Default: ``1``.

    Example:
        >>> glassnet.subtract(glassnet.tensor([5.0, 5.0]), glassnet.tensor([1.0, 2.0]), alpha=2)
        tensor([3., 1.])
    """
    return _t(input).sub(other, alpha)


def negative(input: Any) -> Tensor:  # noqa: A002
    """Returns a new tensor with the negative of the elements of ``input``. Alias of :func:`glassnet.neg`.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.negative(glassnet.tensor([1.0, -2.0, 0.5]))
        tensor([-1.0000,  2.0000, -0.5000])
    """
    return -_t(input)


def positive(input: Any) -> Tensor:  # noqa: A002
    """Returns ``input`` itself.

    Raises a ``RuntimeError`` for a bool tensor, as PyTorch does.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.positive(glassnet.tensor([1.0, -2.0]))
        tensor([ 1., -2.])
    """
    x = _t(input)
    if x._data.dtype.kind == "b":
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return x


def rsub(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:  # noqa: A002
    """Subtracts ``input``, scaled by ``alpha``, from ``other``: ``other - alpha * input``.

    Args:
        input (Tensor): the tensor to subtract.
        other (Tensor or Number): the tensor or number to subtract from.
        alpha (Number, optional): the multiplier for ``input``. Default: ``1``.

    Example:
        >>> glassnet.rsub(glassnet.tensor([1.0, 2.0]), 10)
        tensor([9., 8.])
    """
    return _t(other).sub(input, alpha) if isinstance(other, Tensor) else other - _t(input) * alpha


# ---- dims and shapes -----------------------------------------------------------------------------
def movedim(input: Tensor, source: Any, destination: Any) -> Tensor:  # noqa: A002
    """Moves the dimension(s) of ``input`` at the position(s) in ``source`` to the position(s) in ``destination``.

    Other dimensions of ``input`` that are not explicitly moved remain in their original order and appear
    at the positions not specified in ``destination``. ``glassnet.moveaxis`` is an alias.

    Args:
        input (Tensor): the input tensor.
        source (int or tuple of ints): original positions of the dims to move. These must be unique.
        destination (int or tuple of ints): destination positions for each of the original dims. These
            must also be unique.

    Example:
        >>> x = glassnet.zeros(2, 3, 4)
        >>> glassnet.movedim(x, 0, -1).shape
        glassnet.Size([3, 4, 2])
        >>> glassnet.movedim(x, (0, 1), (2, 0)).shape
        glassnet.Size([3, 4, 2])
    """
    src = [source] if isinstance(source, builtins.int) else list(source)
    dst = [destination] if isinstance(destination, builtins.int) else list(destination)
    if len(src) != len(dst):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({src} dims) should contain the same number "
            f"of dims as destination ({dst} dims)"
        )
    n = input.ndim
    src = [_dim(d, n, "movedim") for d in src]
    dst = [_dim(d, n, "movedim") for d in dst]
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise RuntimeError(f"movedim: repeated dim in source ({src}) or destination ({dst})")
    order = [None] * n
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(d for d in range(n) if d not in src)
    order = [o if o is not None else next(rest) for o in order]
    return input.permute(*order) if n else input


moveaxis = movedim


def swapdims(input: Tensor, dim0: int, dim1: int) -> Tensor:  # noqa: A002
    """Swaps dimensions ``dim0`` and ``dim1``. Alias of :func:`glassnet.transpose`.

    Args:
        input (Tensor): the input tensor.
        dim0 (int): the first dimension to be transposed.
        dim1 (int): the second dimension to be transposed.

    Example:
        >>> glassnet.swapdims(glassnet.zeros(2, 3, 4), 0, 2).shape
        glassnet.Size([4, 3, 2])
    """
    return input.transpose(dim0, dim1)


def ravel(input: Tensor) -> Tensor:  # noqa: A002
    """Returns a contiguous flattened tensor.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.ravel(glassnet.tensor([[1, 2], [3, 4]]))
        tensor([1, 2, 3, 4])
    """
    return input.reshape(-1)


def tile(input: Tensor, dims: Any) -> Tensor:  # noqa: A002
    """Constructs a tensor by repeating the elements of ``input``.

    The ``dims`` argument specifies the number of repetitions in each dimension.

    If ``dims`` has fewer entries than ``input`` has dimensions, ones are prepended to ``dims``; if it has
    more, ``input`` is treated as if it were unsqueezed at dimension zero until it has as many.

    Args:
        input (Tensor): the tensor whose elements to repeat.
        dims (tuple): the number of repetitions per dimension.

    Example:
        >>> x = glassnet.tensor([1, 2, 3])
        >>> glassnet.tile(x, (2,))
        tensor([1, 2, 3, 1, 2, 3])
        >>> glassnet.tile(glassnet.tensor([[1, 2], [3, 4]]), (2, 2))
        tensor([[1, 2, 1, 2],
                [3, 4, 3, 4],
                [1, 2, 1, 2],
                [3, 4, 3, 4]])
    """
    dims = tuple(dims)
    if len(dims) < input.ndim:
        dims = (1,) * (input.ndim - len(dims)) + dims
    return input.repeat(*dims)


def select(input: Tensor, dim: int, index: int) -> Tensor:  # noqa: A002
    """Slices the ``input`` tensor along the selected dimension at the given index; that dimension is removed.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to slice.
        index (int): the index to select with.

    Example:
        >>> x = glassnet.tensor([[1, 2, 3], [4, 5, 6]])
        >>> glassnet.select(x, 1, 2)
        tensor([3, 6])
    """
    d = _dim(dim, input.ndim, "select")
    size = input.shape[d]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {tuple(input.shape)} at dim {d}")
    return input[(slice(None),) * d + (index,)]


def atleast_1d(*tensors: Any) -> Any:
    """Returns a 1-dimensional view of each input tensor with zero dimensions.

    Input tensors with one or more dimensions are returned as-is.

    Args:
        *tensors (Tensor or list of Tensors): the tensor(s).

    Returns:
        Tensor or tuple of Tensors: one tensor for one tensor argument, else a tuple.

    Example:
        >>> glassnet.atleast_1d(glassnet.tensor(1.5))
        tensor([1.5000])
        >>> glassnet.atleast_1d(glassnet.tensor(1.0), glassnet.tensor([2.0, 3.0]))
        (tensor([1.]), tensor([2., 3.]))
    """
    out = [_t(t).reshape(1) if _t(t).ndim == 0 else _t(t) for t in _flat_args(tensors)]
    return out[0] if len(out) == 1 and not _is_seq_arg(tensors) else tuple(out)


def atleast_2d(*tensors: Any) -> Any:
    """Returns a 2-dimensional view of each input tensor with zero or one dimensions.

    New dimensions go in front. Input tensors with two or more dimensions are returned as-is.

    Args:
        *tensors (Tensor or list of Tensors): the tensor(s).

    Returns:
        Tensor or tuple of Tensors: one tensor for one tensor argument, else a tuple.

    Example:
        >>> glassnet.atleast_2d(glassnet.tensor([1.0, 2.0]))
        tensor([[1., 2.]])
        >>> glassnet.atleast_2d(glassnet.tensor(1.0)).shape
        glassnet.Size([1, 1])
    """
    out = []
    for t in _flat_args(tensors):
        t = _t(t)
        out.append(t.reshape(1, 1) if t.ndim == 0 else t.unsqueeze(0) if t.ndim == 1 else t)
    return out[0] if len(out) == 1 and not _is_seq_arg(tensors) else tuple(out)


def atleast_3d(*tensors: Any) -> Any:
    """Returns a 3-dimensional view of each input tensor with fewer than three dimensions.

    A 1-D ``x`` of size ``n`` becomes ``(1, n, 1)``, a 2-D one of shape ``(m, n)`` becomes ``(m, n, 1)``. Input
    tensors with three or more dimensions are returned as-is.

    Args:
        *tensors (Tensor or list of Tensors): the tensor(s).

    Returns:
        Tensor or tuple of Tensors: one tensor for one tensor argument, else a tuple.

    Example:
        >>> glassnet.atleast_3d(glassnet.tensor([1.0, 2.0])).shape
        glassnet.Size([1, 2, 1])
        >>> glassnet.atleast_3d(glassnet.zeros(2, 3)).shape
        glassnet.Size([2, 3, 1])
    """
    out = []
    for t in _flat_args(tensors):
        t = _t(t)
        if t.ndim == 0:
            t = t.reshape(1, 1, 1)
        elif t.ndim == 1:
            t = t.reshape(1, -1, 1)
        elif t.ndim == 2:
            t = t.unsqueeze(-1)
        out.append(t)
    return out[0] if len(out) == 1 and not _is_seq_arg(tensors) else tuple(out)


def _is_seq_arg(args: tuple) -> bool:
    return len(args) == 1 and isinstance(args[0], (list, tuple))


def _flat_args(args: tuple) -> list:
    return list(args[0]) if _is_seq_arg(args) else list(args)


def broadcast_shapes(*shapes: Any) -> Size:
    """Returns the shape that tensors of the given shapes broadcast to.

    Like :func:`glassnet.broadcast_tensors`, but without creating tensors.

    Args:
        *shapes (glassnet.Size or tuple of ints or int): the shapes of tensors.

    Returns:
        glassnet.Size: a shape compatible with all input shapes.

    Example:
        >>> glassnet.broadcast_shapes((2,), (3, 1), (1, 1, 1))
        glassnet.Size([1, 3, 2])
    """
    try:
        return Size(backend.xp.broadcast_shapes(*[(s,) if isinstance(s, builtins.int) else tuple(s) for s in shapes]))
    except ValueError:
        raise RuntimeError(f"broadcast_shapes: shape mismatch: objects cannot be broadcast to a single shape: "
                           f"{shapes}") from None


def broadcast_tensors(*tensors: Any) -> tuple:
    """Broadcasts the given tensors according to the broadcasting semantics.

    Args:
        *tensors (Tensor): any number of tensors of the same type.

    Returns:
        tuple of Tensors: the tensors, each expanded to the common shape.

    Example:
        >>> x = glassnet.arange(3).view(1, 3)
        >>> y = glassnet.arange(2).view(2, 1)
        >>> a, b = glassnet.broadcast_tensors(x, y)
        >>> a
        tensor([[0, 1, 2],
                [0, 1, 2]])
    """
    ts = [_t(t) for t in _flat_args(tensors)]
    shape = broadcast_shapes(*[t.shape for t in ts])
    return tuple(t.broadcast_to(shape) for t in ts)


# ---- stacking and splitting ----------------------------------------------------------------------
def _cat(tensors: Any, dim: int) -> Tensor:
    from .functions import cat

    return cat(list(tensors), dim)


def hstack(tensors: Any) -> Tensor:
    """Stacks tensors in sequence horizontally (column wise).

    This is concatenation along the first dimension for 1-D tensors, and along the second dimension for all
    others.

    Args:
        tensors (sequence of Tensors): sequence of tensors to concatenate.

    Example:
        >>> glassnet.hstack((glassnet.tensor([1, 2]), glassnet.tensor([3, 4])))
        tensor([1, 2, 3, 4])
        >>> glassnet.hstack((glassnet.tensor([[1], [2]]), glassnet.tensor([[3], [4]])))
        tensor([[1, 3],
                [2, 4]])
    """
    ts = atleast_1d(list(tensors))
    return _cat(ts, 0 if ts[0].ndim == 1 else 1)


def vstack(tensors: Any) -> Tensor:
    """Stacks tensors in sequence vertically (row wise).

    Each 1-D tensor is first made 2-D with :func:`glassnet.atleast_2d`. ``glassnet.row_stack`` is an alias.

    Args:
        tensors (sequence of Tensors): sequence of tensors to concatenate.

    Example:
        >>> glassnet.vstack((glassnet.tensor([1, 2]), glassnet.tensor([3, 4])))
        tensor([[1, 2],
                [3, 4]])
    """
    return _cat(atleast_2d(list(tensors)), 0)


row_stack = vstack


def dstack(tensors: Any) -> Tensor:
    """Stacks tensors in sequence depthwise (along the third dimension).

    Each tensor is first made 3-D with :func:`glassnet.atleast_3d`.

    Args:
        tensors (sequence of Tensors): sequence of tensors to concatenate.

    Example:
        >>> glassnet.dstack((glassnet.tensor([1, 2]), glassnet.tensor([3, 4])))
        tensor([[[1, 3],
                 [2, 4]]])
    """
    return _cat(atleast_3d(list(tensors)), 2)


def column_stack(tensors: Any) -> Tensor:
    """Creates a new tensor by horizontally stacking the tensors in ``tensors``.

    Equivalent to ``glassnet.hstack(tensors)``, except that each 0-D or 1-D tensor ``t`` is first reshaped
    into a column ``(t.numel(), 1)``.

    Args:
        tensors (sequence of Tensors): sequence of tensors to concatenate.

    Example:
        >>> glassnet.column_stack((glassnet.tensor([1, 2, 3]), glassnet.tensor([4, 5, 6])))
        tensor([[1, 4],
                [2, 5],
                [3, 6]])
    """
    cols = []
    for t in tensors:
        t = _t(t)
        cols.append(t.reshape(-1, 1) if t.ndim <= 1 else t)
    return _cat(cols, 1)


def tensor_split(input: Tensor, indices_or_sections: Any, dim: int = 0) -> tuple:  # noqa: A002
    """Splits a tensor into multiple sub-tensors along dimension ``dim`` according to ``indices_or_sections``.

    If ``indices_or_sections`` is an integer ``n``, ``input`` is split into ``n`` sections; when the size
    along ``dim`` is not divisible by ``n``, the first ``size % n`` sections are one element longer. If it
    is a list or tuple of indices (or a 1-D tensor), ``input`` is split at each of them, as NumPy's
    ``array_split`` does.

    Args:
        input (Tensor): the tensor to split.
        indices_or_sections (Tensor, int or list or tuple of ints): the number of sections, or the indices
            to split at.
        dim (int, optional): dimension along which to split the tensor. Default: ``0``.

    Returns:
        tuple of Tensors: the pieces.

    Example:
        >>> x = glassnet.arange(7)
        >>> glassnet.tensor_split(x, 3)
        (tensor([0, 1, 2]), tensor([3, 4]), tensor([5, 6]))
        >>> glassnet.tensor_split(x, (1, 6))
        (tensor([0]), tensor([1, 2, 3, 4, 5]), tensor([6]))
    """
    d = _dim(dim, input.ndim, "tensor_split")
    size = input.shape[d]
    if isinstance(indices_or_sections, Tensor):
        indices_or_sections = indices_or_sections.tolist()
    if isinstance(indices_or_sections, builtins.int):
        n = indices_or_sections
        if n <= 0:
            raise RuntimeError(f"tensor_split: number of sections must be larger than 0, got {n}")
        q, r = divmod(size, n)
        bounds = [i * q + builtins.min(i, r) for i in range(n + 1)]
    else:
        bounds = [0] + [builtins.min(builtins.max(i if i >= 0 else i + size, 0), size)
                        for i in indices_or_sections] + [size]
    pre = (slice(None),) * d
    return tuple(input[pre + (slice(a, builtins.max(a, b)),)] for a, b in zip(bounds[:-1], bounds[1:]))


def _split_dim(input: Tensor, sections: Any, dim: int, op: str, min_ndim: int) -> tuple:  # noqa: A002
    if input.ndim < min_ndim:
        raise RuntimeError(f"torch.{op} requires a tensor with at least {min_ndim} dimension, but got a tensor "
                           f"with {input.ndim} dimensions!")
    if isinstance(sections, builtins.int) and input.shape[dim] % sections:
        raise RuntimeError(f"torch.{op} attempted to split along dimension {dim}, but the size of the dimension "
                           f"{input.shape[dim]} is not divisible by the split_size {sections}!")
    return tensor_split(input, sections, dim)


def hsplit(input: Tensor, indices_or_sections: Any) -> tuple:  # noqa: A002
    """Splits ``input`` into multiple tensors horizontally, according to ``indices_or_sections``.

    ``input`` has one or more dimensions; the split is along dim 1, or dim 0 for a 1-D tensor, as
    :func:`glassnet.tensor_split`.

    An integer ``indices_or_sections`` must divide the size of that dimension.

    Args:
        input (Tensor): tensor to split.
        indices_or_sections (int or list or tuple of ints): the number of equal sections, or the indices
            to split at.

    Example:
        >>> glassnet.hsplit(glassnet.arange(8.0).reshape(2, 4), 2)
        (tensor([[0., 1.],
                [4., 5.]]), tensor([[2., 3.],
                [6., 7.]]))
    """
    return _split_dim(input, indices_or_sections, 0 if input.ndim == 1 else 1, "hsplit", 1)


def vsplit(input: Tensor, indices_or_sections: Any) -> tuple:  # noqa: A002
    """Splits ``input`` into multiple tensors vertically, according to ``indices_or_sections``.

    ``input`` has two or more dimensions; the split is along dim 0, as :func:`glassnet.tensor_split`.

    An integer ``indices_or_sections`` must divide the size of dim 0.

    Args:
        input (Tensor): tensor to split.
        indices_or_sections (int or list or tuple of ints): the number of equal sections, or the indices
            to split at.

    Example:
        >>> glassnet.vsplit(glassnet.arange(6).reshape(3, 2), [1])
        (tensor([[0, 1]]), tensor([[2, 3],
                [4, 5]]))
    """
    return _split_dim(input, indices_or_sections, 0, "vsplit", 2)


def dsplit(input: Tensor, indices_or_sections: Any) -> tuple:  # noqa: A002
    """Splits ``input`` into multiple tensors depthwise, according to ``indices_or_sections``.

    ``input`` has three or more dimensions; the split is along dim 2, as :func:`glassnet.tensor_split`.

    An integer ``indices_or_sections`` must divide the size of dim 2.

    Args:
        input (Tensor): tensor to split.
        indices_or_sections (int or list or tuple of ints): the number of equal sections, or the indices
            to split at.

    Example:
        >>> [t.shape for t in glassnet.dsplit(glassnet.zeros(2, 2, 4), 2)]
        [glassnet.Size([2, 2, 2]), glassnet.Size([2, 2, 2])]
    """
    return _split_dim(input, indices_or_sections, 2, "dsplit", 3)


def split_with_sizes(input: Tensor, split_sizes: Any, dim: int = 0) -> tuple:  # noqa: A002
    """Splits ``input`` along ``dim`` into pieces of the given sizes, which must add up to the dimension's size.

    Args:
        input (Tensor): the tensor to split.
        split_sizes (list of ints): the size of each piece.
        dim (int, optional): dimension along which to split the tensor. Default: ``0``.

    Example:
        >>> glassnet.split_with_sizes(glassnet.arange(5), [2, 3])
        (tensor([0, 1]), tensor([2, 3, 4]))
    """
    d = _dim(dim, input.ndim, "split_with_sizes")
    if builtins.sum(split_sizes) != input.shape[d]:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {input.shape[d]} (input tensor's "
                           f"size at dimension {d}), but got split_sizes={list(split_sizes)}")
    return input.split(list(split_sizes), d)


# ---- writes into a copy (out-of-place scatter family) --------------------------------------------
def _values_like(input: Tensor, values: Any) -> Any:
    """values as a Tensor of input's dtype (kept in the graph when it already is a float Tensor)."""
    if isinstance(values, Tensor):
        return values if values.dtype == input.dtype else values.astype(input.dtype)
    return _const(input.xp.asarray(values, dtype=input._data.dtype))


def _index_arg(index: Any, op: str) -> Any:
    idx = index._data if isinstance(index, Tensor) else backend.xp.asarray(index)
    if idx.dtype.kind not in "iu":
        raise IndexError(f"{op}(): Expected a long tensor for index, but got {idx.dtype}")
    return idx


def index_put(input: Tensor, indices: Any, values: Any, accumulate: bool = False) -> Tensor:  # noqa: A002
    """Out-of-place version of ``Tensor.index_put_``.

    Returns a copy of ``input`` with ``values`` written at ``input[indices]`` (or added to it when
    ``accumulate`` is ``True``).

    Args:
        input (Tensor): the input tensor.
        indices (tuple of Tensors): the index tensors, one per indexed dimension.
        values (Tensor or Number): the values to write; broadcast to the indexed shape.
        accumulate (bool, optional): add ``values`` to the existing entries (repeated indices add up)
            instead of overwriting them. Default: ``False``.

    Example:
        >>> x = glassnet.zeros(3, 3)
        >>> glassnet.index_put(x, (glassnet.tensor([0, 2]), glassnet.tensor([1, 0])), glassnet.tensor(5.0))
        tensor([[0., 5., 0.],
                [0., 0., 0.],
                [5., 0., 0.]])
    """
    idx = tuple(i._data if isinstance(i, Tensor) else i for i in indices)
    return PutInto.apply(input, _values_like(input, values), idx, accumulate)


def index_copy(input: Tensor, dim: int, index: Any, source: Any) -> Tensor:  # noqa: A002
    """Out-of-place version of ``Tensor.index_copy_``.

    Returns a copy of ``input`` whose slices along ``dim`` at the positions in ``index`` are replaced by the
    slices of ``source``, in order.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which to index.
        index (Tensor): 1-D tensor of the indices of ``input`` to write to (int64).
        source (Tensor): the tensor holding the slices to copy; its size along ``dim`` equals
            ``len(index)``.

    Example:
        >>> x = glassnet.zeros(3, 2)
        >>> glassnet.index_copy(x, 0, glassnet.tensor([2, 0]), glassnet.tensor([[1.0, 2.0], [3.0, 4.0]]))
        tensor([[3., 4.],
                [0., 0.],
                [1., 2.]])
    """
    d = _dim(dim, input.ndim, "index_copy")
    idx = _index_arg(index, "index_copy").reshape(-1)
    return PutInto.apply(input, _values_like(input, source), (slice(None),) * d + (idx,), False)


def put(input: Tensor, index: Any, source: Any, accumulate: bool = False) -> Tensor:  # noqa: A002
    """Out-of-place version of ``Tensor.put_``.

    Returns a copy of ``input`` with the elements of ``source`` written at the flat positions in ``index``, as
    if ``input`` were 1-D.

    Args:
        input (Tensor): the input tensor.
        index (Tensor): the flat indices into ``input`` (int64).
        source (Tensor): the values to write, one per index.
        accumulate (bool, optional): add ``source`` to the existing entries instead of overwriting them.
            Default: ``False``.

    Example:
        >>> x = glassnet.zeros(2, 3)
        >>> glassnet.put(x, glassnet.tensor([1, 5]), glassnet.tensor([9.0, 7.0]))
        tensor([[0., 9., 0.],
                [0., 0., 7.]])
    """
    idx = _index_arg(index, "put").reshape(-1)
    n = input.numel()
    if idx.size and (idx.max() >= n or idx.min() < -n):
        raise IndexError(f"put(): index out of range for tensor of {n} elements")
    flat = PutInto.apply(input.reshape(-1), _values_like(input, source).reshape(-1), (idx,), accumulate)
    return flat.reshape(input.shape)


def select_scatter(input: Tensor, src: Tensor, dim: int, index: int) -> Tensor:  # noqa: A002
    """Embeds the values of the ``src`` tensor into ``input`` at the given index along ``dim``.

    This function returns a tensor with fresh storage; it does not create a view.

    Args:
        input (Tensor): the input tensor.
        src (Tensor): the tensor to embed into ``input``; its shape is ``input``'s without ``dim``.
        dim (int): the dimension to insert the slice into.
        index (int): the index to select with.

    Example:
        >>> a = glassnet.zeros(2, 2)
        >>> b = glassnet.ones(2)
        >>> glassnet.select_scatter(a, b, 0, 0)
        tensor([[1., 1.],
                [0., 0.]])
    """
    d = _dim(dim, input.ndim, "select_scatter")
    return PutInto.apply(input, _values_like(input, src), (slice(None),) * d + (index,), False)


def slice_scatter(input: Tensor, src: Tensor, dim: int = 0, start: Any = None, end: Any = None,  # noqa: A002
                  step: int = 1) -> Tensor:
    """Embeds the values of the ``src`` tensor into ``input`` at the slice ``start:end:step`` along ``dim``.

    This function returns a tensor with fresh storage; it does not create a view.

    Args:
        input (Tensor): the input tensor.
        src (Tensor): the tensor to embed into ``input``.
        dim (int, optional): the dimension to insert the slice into. Default: ``0``.
        start (Optional[int]): the start index of where to insert the slice. Default: ``None``.
        end (Optional[int]): the end index of where to insert the slice. Default: ``None``.
        step (int, optional): how many elements to skip in between. Default: ``1``.

    Example:
        >>> a = glassnet.zeros(4, 4)
        >>> b = glassnet.ones(4, 2)
        >>> glassnet.slice_scatter(a, b, dim=1, start=2)
        tensor([[0., 0., 1., 1.],
                [0., 0., 1., 1.],
                [0., 0., 1., 1.],
                [0., 0., 1., 1.]])
    """
    d = _dim(dim, input.ndim, "slice_scatter")
    return PutInto.apply(input, _values_like(input, src), (slice(None),) * d + (slice(start, end, step),), False)


def _diag_index(rows: int, cols: int, offset: int) -> tuple:
    """Row and column indices of the offset diagonal of a rows x cols matrix."""
    xp = backend.xp
    n = builtins.max(0, builtins.min(rows + builtins.min(offset, 0), cols - builtins.max(offset, 0)))
    r = xp.arange(n) - builtins.min(offset, 0)
    return r, r + offset


def diagonal_scatter(input: Tensor, src: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:  # noqa: A002
    """Embeds the values of the ``src`` tensor into ``input`` along a diagonal of ``input``.

    The diagonal is taken with respect to ``dim1`` and ``dim2``. This function returns a tensor with fresh
    storage; it does not create a view.

    Args:
        input (Tensor): the input tensor. Must be at least 2-dimensional.
        src (Tensor): the tensor to embed into ``input``; its shape is that of
            ``glassnet.diagonal(input, offset, dim1, dim2)``.
        offset (int, optional): which diagonal to consider. Default: ``0`` (main diagonal).
        dim1 (int, optional): first dimension with respect to which to take diagonal. Default: ``0``.
        dim2 (int, optional): second dimension with respect to which to take diagonal. Default: ``1``.

    Example:
        >>> a = glassnet.zeros(3, 3)
        >>> glassnet.diagonal_scatter(a, glassnet.ones(3), 0)
        tensor([[1., 0., 0.],
                [0., 1., 0.],
                [0., 0., 1.]])
        >>> glassnet.diagonal_scatter(a, glassnet.ones(2), 1)
        tensor([[0., 1., 0.],
                [0., 0., 1.],
                [0., 0., 0.]])
    """
    d1, d2 = _dim(dim1, input.ndim, "diagonal_scatter"), _dim(dim2, input.ndim, "diagonal_scatter")
    moved = movedim(input, (d1, d2), (-2, -1))
    r, c = _diag_index(moved.shape[-2], moved.shape[-1], offset)
    if tuple(src.shape) != tuple(moved.shape[:-2]) + (len(r),):
        raise RuntimeError(f"diagonal_scatter: expected src to have a size equal to the slice of self. src size = "
                           f"{list(src.shape)}, slice size = {list(moved.shape[:-2]) + [len(r)]}")
    out = PutInto.apply(moved, _values_like(input, src), (Ellipsis, r, c), False)
    return movedim(out, (-2, -1), (d1, d2))


def diagflat(input: Tensor, offset: int = 0) -> Tensor:  # noqa: A002
    """Returns a 2-D tensor with the flattened ``input`` on its diagonal.

    Args:
        input (Tensor): the input tensor.
        offset (int, optional): the diagonal to consider. Default: ``0`` (main diagonal); positive is above
            it, negative below.

    Example:
        >>> glassnet.diagflat(glassnet.tensor([1, 2, 3]))
        tensor([[1, 0, 0],
                [0, 2, 0],
                [0, 0, 3]])
        >>> glassnet.diagflat(glassnet.tensor([1, 2]), 1)
        tensor([[0, 1, 0],
                [0, 0, 2],
                [0, 0, 0]])
    """
    return diag_embed(input.reshape(-1), offset)


def block_diag(*tensors: Any) -> Tensor:
    """Creates a block diagonal matrix from the provided tensors.

    Args:
        *tensors: one or more tensors with 0, 1, or 2 dimensions (0-D and 1-D ones are treated as one row).

    Returns:
        Tensor: a 2-D tensor with all the input tensors arranged in order such that their upper left and
        lower right corners are diagonally adjacent; all other elements are zero. Its dtype is the
        inputs' promoted dtype.

    Example:
        >>> A = glassnet.tensor([[0, 1], [1, 0]])
        >>> glassnet.block_diag(A, glassnet.tensor(7), glassnet.tensor([8, 9]))
        tensor([[0, 1, 0, 0, 0],
                [1, 0, 0, 0, 0],
                [0, 0, 7, 0, 0],
                [0, 0, 0, 8, 9]])
    """
    ts = []
    for t in tensors:
        t = _t(t)
        if t.ndim > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input has {t.ndim}")
        ts.append(t.reshape(1, -1) if t.ndim < 2 else t)
    dtype = ts[0]._data.dtype if ts else dtypes.get_default_dtype().np
    for t in ts[1:]:
        dtype = backend.xp.promote_types(dtype, t._data.dtype)
    rows, cols = builtins.sum(t.shape[0] for t in ts), builtins.sum(t.shape[1] for t in ts)
    out = _const(backend.xp.zeros((rows, cols), dtype=dtype))
    r = c = 0
    for t in ts:
        h, w = t.shape
        out = PutInto.apply(out, t.astype(dtypes.from_numpy_dtype(dtype)) if t._data.dtype != dtype else t,
                            (slice(r, r + h), slice(c, c + w)), False)
        r, c = r + h, c + w
    return out


def tril_indices(row: int, col: int, offset: int = 0, *, dtype: Any = None) -> Tensor:
    """Returns the indices of the lower triangular part of a ``row``-by-``col`` matrix.

    They come in a 2-by-N tensor, where the first row holds the row coordinates and the second the column
    coordinates, ordered by row and then by column.

    The lower triangular part includes the diagonal and the elements below it. ``offset`` shifts the
    diagonal: a positive value includes that many diagonals above the main one, a negative value excludes
    that many diagonals below it.

    Args:
        row (int): number of rows in the 2-D matrix.
        col (int): number of columns in the 2-D matrix.
        offset (int, optional): diagonal offset from the main diagonal. Default: ``0``.
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default:
            ``glassnet.int64``.

    Example:
        >>> glassnet.tril_indices(3, 3)
        tensor([[0, 1, 1, 2, 2, 2],
                [0, 0, 1, 0, 1, 2]])
        >>> glassnet.tril_indices(3, 3, -1)
        tensor([[1, 2, 2],
                [0, 0, 1]])
    """
    r, c = backend.xp.tril_indices(row, offset, col)
    return _const(backend.xp.stack([r, c]).astype(dtypes.to_numpy_dtype(dtype or dtypes.int64)))


def triu_indices(row: int, col: int, offset: int = 0, *, dtype: Any = None) -> Tensor:
    """Returns the indices of the upper triangular part of a ``row``-by-``col`` matrix.

    They come in a 2-by-N tensor, where the first row holds the row coordinates and the second the column
    coordinates, ordered by row and then by column.

    The upper triangular part includes the diagonal and the elements above it. ``offset`` shifts the
    diagonal: a positive value excludes that many diagonals above the main one, a negative value includes
    that many diagonals below it.

    Args:
        row (int): number of rows in the 2-D matrix.
        col (int): number of columns in the 2-D matrix.
        offset (int, optional): diagonal offset from the main diagonal. Default: ``0``.
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default:
            ``glassnet.int64``.

    Example:
        >>> glassnet.triu_indices(3, 3, 1)
        tensor([[0, 0, 1],
                [1, 2, 2]])
    """
    r, c = backend.xp.triu_indices(row, offset, col)
    return _const(backend.xp.stack([r, c]).astype(dtypes.to_numpy_dtype(dtype or dtypes.int64)))


def cartesian_prod(*tensors: Any) -> Tensor:
    """Computes the Cartesian product of the given sequence of 1-D tensors.

    The rows come in the order of Python's ``itertools.product``.

    Args:
        *tensors (Tensor): any number of 1-D tensors.

    Returns:
        Tensor: a 2-D tensor with one row per combination (the tensor itself for a single input).

    Example:
        >>> glassnet.cartesian_prod(glassnet.tensor([1, 2]), glassnet.tensor([4, 5]))
        tensor([[1, 4],
                [1, 5],
                [2, 4],
                [2, 5]])
    """
    ts = [_t(t) for t in tensors]
    if len(ts) == 1:
        return ts[0]
    grids = backend.xp.indices([t.shape[0] for t in ts]).reshape(len(ts), -1)
    from .functions import stack

    return stack([t[_const(g)] for t, g in zip(ts, grids)], 1)


def combinations(input: Tensor, r: int = 2, with_replacement: bool = False) -> Tensor:  # noqa: A002
    """Computes the combinations of length ``r`` of the given 1-D tensor.

    As Python's ``itertools.combinations`` (or ``itertools.combinations_with_replacement`` when
    ``with_replacement`` is ``True``).

    Args:
        input (Tensor): 1-D tensor.
        r (int, optional): number of elements to combine. Default: ``2``.
        with_replacement (bool, optional): whether to allow duplication in combination. Default: ``False``.

    Returns:
        Tensor: one combination per row, in itertools order.

    Example:
        >>> glassnet.combinations(glassnet.tensor([1, 2, 3]))
        tensor([[1, 2],
                [1, 3],
                [2, 3]])
        >>> glassnet.combinations(glassnet.tensor([1, 2]), with_replacement=True)
        tensor([[1, 1],
                [1, 2],
                [2, 2]])
    """
    if input.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    idx = backend.xp.array(list(pick(range(input.shape[0]), r)), dtype="int64")
    if idx.size == 0:
        return _const(backend.xp.zeros((0,) if r == 0 or input.shape[0] == 0 else (0, r), dtype=input._data.dtype))
    return input[_const(idx)]


# ---- reductions and statistics -------------------------------------------------------------------
def mode(input: Tensor, dim: int = -1, keepdim: bool = False) -> Any:  # noqa: A002
    """Returns the mode value of each row of ``input`` in the dimension ``dim``, and its index.

    The result is a namedtuple ``(values, indices)`` where ``values`` is the value which appears most often in
    each row, and ``indices`` is the index location of each mode value found.

    On ties the smallest of the most frequent values is taken, and its index is the last position where it
    occurs.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``-1``.
        keepdim (bool, optional): whether the output tensors have ``dim`` retained or not. Default:
            ``False``.

    Example:
        >>> glassnet.mode(glassnet.tensor([[1, 2, 2, 3], [4, 4, 5, 5]]))
        return_types(values=tensor([2, 4]), indices=tensor([2, 1]))
    """
    xp = input.xp
    d = _dim(dim, input.ndim, "mode")
    a = xp.moveaxis(input._data, d, -1) if input.ndim else input._data.reshape(1)
    eq = a[..., :, None] == a[..., None, :]
    counts = eq.sum(-1)
    best = counts.max(-1, keepdims=True)
    # among the most frequent values pick the smallest, then its last position
    cand = xp.where(counts == best, a, xp.inf if a.dtype.kind == "f" else xp.iinfo(a.dtype).max)
    value = cand.min(-1, keepdims=True)
    n = a.shape[-1]
    pos = n - 1 - xp.argmax((a == value)[..., ::-1], axis=-1)
    if input.ndim == 0:
        return _Values(input, _const(xp.asarray(0)))
    idx = xp.expand_dims(pos, d)
    values = input.gather(d, _const(idx))
    if not keepdim:
        values, idx = values.squeeze(d), idx.squeeze(d)
    return _Values(values, _const(idx.astype("int64")))


def cross(input: Tensor, other: Tensor, dim: int | None = None) -> Tensor:  # noqa: A002
    """Returns the cross product of vectors in dimension ``dim`` of ``input`` and ``other``.

    ``input`` and ``other`` are broadcast together, and must have size 3 in dimension ``dim``. When
    ``dim`` is ``None`` it defaults to the first dimension found with size 3 (as ``torch.cross`` does;
    :func:`glassnet.linalg.cross` defaults to ``-1``).

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor.
        dim (int, optional): the dimension to take the cross-product in. Default: ``None``.

    Example:
        >>> a = glassnet.tensor([1.0, 0.0, 0.0])
        >>> b = glassnet.tensor([0.0, 1.0, 0.0])
        >>> glassnet.cross(a, b)
        tensor([0., 0., 1.])
    """
    a, b = broadcast_tensors(input, other)
    if dim is None:
        dims = [i for i, s in enumerate(a.shape) if s == 3]
        if not dims:
            raise RuntimeError(f"no dimension of size 3 in input (shapes {list(input.shape)}, {list(other.shape)})")
        dim = dims[0]
    d = _dim(dim, a.ndim, "cross")
    if a.shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {d} must have length 3. Got {a.shape[d]} and "
                           f"{b.shape[d]}")
    pre = (slice(None),) * d

    def comp(x: Tensor, i: int) -> Tensor:
        return x[pre + (i,)]

    from .functions import stack

    out = [comp(a, 1) * comp(b, 2) - comp(a, 2) * comp(b, 1),
           comp(a, 2) * comp(b, 0) - comp(a, 0) * comp(b, 2),
           comp(a, 0) * comp(b, 1) - comp(a, 1) * comp(b, 0)]
    return stack(out, d)


def cdist(x1: Tensor, x2: Tensor, p: float = 2.0, compute_mode: str = "use_mm_for_euclid_dist_if_necessary") -> Tensor:
    """Computes the batched p-norm distance between each pair of the two collections of row vectors.

    Args:
        x1 (Tensor): input tensor of shape ``(B, P, M)``.
        x2 (Tensor): input tensor of shape ``(B, R, M)``.
        p (float, optional): p value for the p-norm distance to calculate between each vector pair,
            in ``[0, inf]``. Default: ``2.0``.
        compute_mode (str, optional): accepted for compatibility; glassnet always computes the
            distances directly. Default: ``'use_mm_for_euclid_dist_if_necessary'``.

    Shape:
        - x1: ``(B, P, M)`` or ``(P, M)``
        - x2: ``(B, R, M)`` or ``(R, M)``
        - Output: ``(B, P, R)`` or ``(P, R)``

    Example:
        >>> a = glassnet.tensor([[0.0, 0.0], [1.0, 1.0]])
        >>> b = glassnet.tensor([[3.0, 4.0]])
        >>> glassnet.cdist(a, b)
        tensor([[5.0000],
                [3.6056]])
    """
    if x1.ndim < 2 or x2.ndim < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X1 got: {x1.ndim}D, X2 got: {x2.ndim}D")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} X2: {x2.shape[-1]}")
    if p < 0:
        raise RuntimeError(f"cdist only supports non-negative p values, got {p}")
    d = (x1.unsqueeze(-2) - x2.unsqueeze(-3)).abs()
    if p == 0:
        return (d != 0).astype(x1.dtype).sum(-1)
    if p == math.inf:
        return d.amax(-1)
    if p == 1:
        return d.sum(-1)
    s = (d * d).sum(-1) if p == 2 else d.pow(p).sum(-1)
    zero = s == 0
    # the root's derivative is infinite at 0; torch gives those pairs a zero gradient instead
    safe = s.masked_fill(zero, 1.0)
    return (safe.sqrt() if p == 2 else safe.pow(1.0 / p)).masked_fill(zero, 0.0)


def cov(input: Tensor, *, correction: int = 1, fweights: Any = None, aweights: Any = None) -> Tensor:  # noqa: A002
    """Estimates the covariance matrix of the variables given by the ``input`` matrix.

    Rows are the variables and columns are the observations.

    Args:
        input (Tensor): a scalar, 1-D or 2-D tensor holding the variables (rows) and their observations
            (columns).
        correction (int, optional): difference between the sample size and sample degrees of freedom.
            Defaults to Bessel's correction, ``correction = 1``, which returns the unbiased estimate;
            ``correction = 0`` returns the simple average. Default: ``1``.
        fweights (Tensor, optional): a scalar or 1-D tensor of integer observation frequency weights.
            Default: ``None``.
        aweights (Tensor, optional): a scalar or 1-D tensor of observation importance weights.
            Default: ``None``.

    Returns:
        Tensor: the covariance matrix of the variables (a scalar for one variable).

    Example:
        >>> x = glassnet.tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]])
        >>> glassnet.cov(x)
        tensor([[ 1., -1.],
                [-1.,  1.]])
        >>> glassnet.cov(x, correction=0)
        tensor([[ 0.6667, -0.6667],
                [-0.6667,  0.6667]])
    """
    if input.ndim > 2:
        raise ValueError(f"cov(): expected input to have two or fewer dimensions but got an input with {input.ndim} "
                         "dimensions")
    x = _floating(input)
    x = x.reshape(1, -1) if x.ndim < 2 else x
    n = x.shape[1]
    w = None
    if fweights is not None:
        w = _t(fweights)
    if aweights is not None:
        w = _t(aweights) if w is None else w * aweights
    if w is None:
        avg = x.mean(1, keepdim=True)
        w_sum = float(n)
        norm = w_sum - correction
    else:
        w = w.astype(x.dtype)
        w_sum = w.sum()
        avg = (x * w).sum(1, keepdim=True) / w_sum
        if aweights is None or correction == 0:
            norm = w_sum - correction
        else:
            norm = w_sum - correction * (w * _t(aweights)).sum() / w_sum
    if isinstance(norm, builtins.float):
        norm = builtins.max(norm, 0.0)  # torch warns and divides by zero: inf/nan, not negative variances
    else:
        norm = norm.clamp(min=0)
    xc = x - avg
    xw = xc if w is None else xc * w
    out = (xw @ xc.mT) / norm
    return out.squeeze() if x.shape[0] == 1 else out


def corrcoef(input: Tensor) -> Tensor:  # noqa: A002
    """Estimates the Pearson product-moment correlation coefficient matrix of the variables in ``input``.

    Rows are the variables and columns are the observations.

    The values are clipped to ``[-1, 1]``.

    Args:
        input (Tensor): a 2-D matrix of variables (rows) and observations (columns).

    Returns:
        Tensor: the correlation coefficient matrix of the variables.

    Example:
        >>> x = glassnet.tensor([[0.0, 1.0, 2.0], [2.0, 1.5, 0.0]])
        >>> glassnet.corrcoef(x)
        tensor([[ 1.0000, -0.9608],
                [-0.9608,  1.0000]])
    """
    c = cov(input)
    if c.ndim == 0:
        return c / c
    d = _const(input.xp.arange(c.shape[0]))
    std = c[(d, d)].sqrt()
    return (c / std.unsqueeze(1) / std.unsqueeze(0)).clamp(-1, 1)


def histc(input: Tensor, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:  # noqa: A002
    """Computes the histogram of a tensor.

    The elements are sorted into equal width bins between ``min`` and ``max``. If ``min`` and ``max`` are
    both zero, the minimum and maximum values of the data are used. Elements lower than ``min`` or higher
    than ``max``, and NaN elements, are ignored.

    Args:
        input (Tensor): the input tensor (floating point).
        bins (int, optional): number of histogram bins. Default: ``100``.
        min (Number, optional): lower end of the range (inclusive). Default: ``0``.
        max (Number, optional): upper end of the range (inclusive). Default: ``0``.

    Returns:
        Tensor: the histogram, of ``input``'s dtype.

    Example:
        >>> glassnet.histc(glassnet.tensor([1.0, 2.0, 1.0]), bins=4, min=0, max=3)
        tensor([0., 2., 1., 0.])
    """
    if input._data.dtype.kind != "f":
        raise RuntimeError(f"\"histogram_cpu\" not implemented for '{input.dtype}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histc: bins must be > 0, but got {bins} for dimension 0")
    xp, a = input.xp, input._data
    lo, hi = builtins.float(min), builtins.float(max)
    if lo == hi and a.size:
        lo, hi = builtins.float(a.min()), builtins.float(a.max())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise RuntimeError(f"torch.histc: max must be larger than min, but got min {lo} max {hi}")
    counts, _ = xp.histogram(a[~xp.isnan(a)], bins=bins, range=(lo, hi))
    return _const(counts.astype(a.dtype))


def histogram(input: Tensor, bins: Any = 100, *, range: Any = None, weight: Any = None,  # noqa: A002
              density: bool = False) -> Any:
    """Computes a histogram of the values in a tensor.

    ``bins`` can be an integer or a 1-D tensor. If an int, ``bins`` equal-width bins are formed between
    the minimum and maximum of ``input`` (or ``range``); if a tensor, it gives the increasing bin edges.

    Args:
        input (Tensor): the input tensor.
        bins (int or 1-D Tensor): the number of equal-width bins, or the bin edges. Default: ``100``.
        range (tuple of float, optional): the leftmost and rightmost bin edges. Default: ``None``.
        weight (Tensor, optional): a weight for each element of ``input``, of the same shape.
            Default: ``None``.
        density (bool, optional): if ``True``, normalize the result so the histogram integrates to 1 over
            the range. Default: ``False``.

    Returns:
        (Tensor, Tensor): the namedtuple ``(hist, bin_edges)``.

    Example:
        >>> glassnet.histogram(glassnet.tensor([1.0, 2.0, 1.0]), bins=4, range=(0.0, 3.0))
        histogram(hist=tensor([0., 2., 1., 0.]), bin_edges=tensor([0.0000, 0.7500, 1.5000, 2.2500, 3.0000]))
    """
    xp, a = input.xp, input._data
    edges = bins._data if isinstance(bins, Tensor) else bins
    w = weight._data if isinstance(weight, Tensor) else weight
    rng = tuple(range) if range is not None else None
    hist, out_edges = xp.histogram(a, bins=edges, range=rng, weights=w, density=density)
    return _Hist(_const(hist.astype(a.dtype)), _const(out_edges.astype(a.dtype)))


def nan_to_num(input: Tensor, nan: float = 0.0, posinf: float | None = None,  # noqa: A002
               neginf: float | None = None) -> Tensor:
    """Replaces ``NaN``, positive infinity, and negative infinity values in ``input``.

    They are replaced with the values specified by ``nan``, ``posinf``, and ``neginf``, respectively. By
    default, ``NaN`` s are replaced with zero, positive infinity with the greatest finite value of ``input``'s
    dtype, and negative infinity with the least finite value.

    Args:
        input (Tensor): the input tensor.
        nan (Number, optional): the value to replace ``NaN`` s with. Default: ``0.0``.
        posinf (Number, optional): the value to replace positive infinity with. Default: ``None``.
        neginf (Number, optional): the value to replace negative infinity with. Default: ``None``.

    Example:
        >>> x = glassnet.tensor([float('nan'), float('inf'), -float('inf'), 3.14])
        >>> glassnet.nan_to_num(x)
        tensor([ 0.0000e+00,  3.4028e+38, -3.4028e+38,  3.1400e+00])
        >>> glassnet.nan_to_num(x, nan=2.0, posinf=1.0)
        tensor([ 2.0000e+00,  1.0000e+00, -3.4028e+38,  3.1400e+00])
    """
    a = input._data
    if a.dtype.kind != "f":
        return input.clone()
    fi = input.xp.finfo(a.dtype)
    pos = fi.max if posinf is None else posinf
    neg = fi.min if neginf is None else neginf
    out = input.masked_fill(_const(input.xp.isnan(a)), nan)
    out = out.masked_fill(_const(a == input.xp.inf), pos)
    return out.masked_fill(_const(a == -input.xp.inf), neg)


# ---- element-wise math ---------------------------------------------------------------------------
def frac(input: Tensor) -> Tensor:  # noqa: A002
    """Computes the fractional portion of each element in ``input``.

    That is ``input - trunc(input)``, which keeps the sign of ``input``. Its gradient is 1.

    Args:
        input (Tensor): the input tensor (floating point).

    Example:
        >>> glassnet.frac(glassnet.tensor([1.0, 2.5, -3.2]))
        tensor([ 0.0000,  0.5000, -0.2000])
    """
    if input._data.dtype.kind != "f":
        raise RuntimeError(f"\"frac_cpu\" not implemented for '{input.dtype}'")
    return input - _const(input.xp.trunc(input._data))


def sgn(input: Tensor) -> Tensor:  # noqa: A002
    """Returns the sign of each element of ``input``.

    For real tensors (glassnet's only kind) the same as :func:`glassnet.sign`.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.sgn(glassnet.tensor([3.0, -2.0, 0.0]))
        tensor([ 1., -1.,  0.])
    """
    return input.sign()


def signbit(input: Tensor) -> Tensor:  # noqa: A002
    """Tests if each element of ``input`` has its sign bit set or not (``True`` for ``-0.0`` too).

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.signbit(glassnet.tensor([0.7, -1.2, 0.0, -0.0]))
        tensor([False,  True, False,  True])
    """
    return _const(input.xp.signbit(input._data))


def heaviside(input: Tensor, values: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the Heaviside step function for each element in ``input``.

    .. math::
        \text{heaviside}(input, values) = \begin{cases}
            0, & \text{if input < 0}\\
            values, & \text{if input == 0}\\
            1, & \text{if input > 0}
        \end{cases}

    Args:
        input (Tensor): the input tensor.
        values (Tensor): the values to use where ``input`` is zero (the same dtype as ``input``).

    Example:
        >>> x = glassnet.tensor([-1.5, 0.0, 2.0])
        >>> glassnet.heaviside(x, glassnet.tensor([0.5]))
        tensor([0.0000, 0.5000, 1.0000])
    """
    a, v = input._data, _t(values)._data
    if a.dtype != v.dtype:
        raise RuntimeError(f"heaviside is not yet implemented for tensors with different dtypes ({input.dtype}, "
                           f"{_t(values).dtype})")
    return _const(input.xp.heaviside(a, v).astype(a.dtype))


def _integer_pair(input: Any, other: Any, op: str) -> tuple:
    a, b = _t(input)._data, _t(other)._data
    if a.dtype.kind not in "iu" or b.dtype.kind not in "iu":
        bad = _t(input).dtype if a.dtype.kind not in "iu" else _t(other).dtype
        raise RuntimeError(f"\"{op}_cpu\" not implemented for '{bad}'")
    return a, b


def gcd(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Computes the element-wise greatest common divisor (GCD) of ``input`` and ``other``.

    Both ``input`` and ``other`` must have integer types; ``gcd(0, 0) = 0``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor.

    Example:
        >>> glassnet.gcd(glassnet.tensor([5, 10, 15]), glassnet.tensor([3, 4, 5]))
        tensor([1, 2, 5])
    """
    a, b = _integer_pair(input, other, "gcd")
    return _const(backend.xp.gcd(a, b))


def lcm(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Computes the element-wise least common multiple (LCM) of ``input`` and ``other``.

    Both ``input`` and ``other`` must have integer types; ``lcm(0, 0) = 0`` and ``lcm(0, a) = 0``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor.

    Example:
        >>> glassnet.lcm(glassnet.tensor([5, 10, 15]), glassnet.tensor([3, 4, 5]))
        tensor([15, 20, 15])
    """
    a, b = _integer_pair(input, other, "lcm")
    return _const(backend.xp.lcm(a, b))


def ldexp(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    r"""Multiplies ``input`` by 2 ** ``other``.

    .. math:: \text{out}_i = \text{input}_i * 2^{\text{other}_i}

    Args:
        input (Tensor): the input tensor.
        other (Tensor): a tensor of exponents, typically integers.

    Example:
        >>> glassnet.ldexp(glassnet.tensor([1.0]), glassnet.tensor([1, 2, 3]))
        tensor([2., 4., 8.])
    """
    return _floating(input) * (2.0 ** _floating(other))


def deg2rad(input: Tensor) -> Tensor:  # noqa: A002
    """Returns a new tensor with each of the elements of ``input`` converted from angles in degrees to radians.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.deg2rad(glassnet.tensor([180.0, 90.0, -45.0]))
        tensor([ 3.1416,  1.5708, -0.7854])
    """
    return _floating(input) * (math.pi / 180.0)


def rad2deg(input: Tensor) -> Tensor:  # noqa: A002
    """Returns a new tensor with each of the elements of ``input`` converted from angles in radians to degrees.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.rad2deg(glassnet.tensor([3.142, -3.142, 1.57]))
        tensor([ 180.0233, -180.0233,   89.9544])
    """
    return _floating(input) * (180.0 / math.pi)


def reciprocal(input: Tensor) -> Tensor:  # noqa: A002
    """Returns a new tensor with the reciprocal of the elements of ``input``: ``1 / input``.

    Integer inputs give a result of the default floating point dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.reciprocal(glassnet.tensor([-0.5, 2.0, 4.0]))
        tensor([-2.0000,  0.5000,  0.2500])
        >>> glassnet.reciprocal(glassnet.tensor([2]))
        tensor([0.5000])
    """
    return 1.0 / _floating(input)


def float_power(input: Any, exponent: Any) -> Tensor:  # noqa: A002
    """Raises ``input`` to the power of ``exponent``, element-wise, in double precision.

    The result is a ``glassnet.float64`` tensor (glassnet tensors are real).

    Args:
        input (Tensor or Number): the base value(s).
        exponent (Tensor or Number): the exponent value(s).

    Example:
        >>> glassnet.float_power(glassnet.tensor([1, 2, 3]), 2)
        tensor([1., 4., 9.], dtype=glassnet.float64)
    """
    base = _t(input).astype(dtypes.float64) if isinstance(input, Tensor) else builtins.float(input)
    if isinstance(exponent, Tensor):
        exponent = exponent.astype(dtypes.float64)
        return base ** exponent if isinstance(base, Tensor) else exponent.__rpow__(base)
    return base ** builtins.float(exponent)


def fmax(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Computes the element-wise maximum of ``input`` and ``other``.

    This is like :func:`glassnet.maximum` except it handles NaNs differently: if exactly one of the two
    elements being compared is a NaN, the non-NaN element is taken as the maximum. Only if both elements
    are NaN is NaN propagated.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor.

    Example:
        >>> a = glassnet.tensor([9.7, float('nan'), 3.1, float('nan')])
        >>> b = glassnet.tensor([-2.2, 0.5, float('nan'), float('nan')])
        >>> glassnet.fmax(a, b)
        tensor([9.7000, 0.5000, 3.1000,    nan])
    """
    a, b = broadcast_tensors(_t(input), _t(other))
    xp = a.xp
    take_b = xp.isnan(a._data) | (b._data > a._data)
    from .functions import where

    return where(_const(take_b), b, a)


def fmin(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Computes the element-wise minimum of ``input`` and ``other``.

    This is like :func:`glassnet.minimum` except it handles NaNs differently: if exactly one of the two
    elements being compared is a NaN, the non-NaN element is taken as the minimum. Only if both elements
    are NaN is NaN propagated.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor.

    Example:
        >>> a = glassnet.tensor([2.2, float('nan'), 2.1, float('nan')])
        >>> b = glassnet.tensor([-9.3, 0.1, float('nan'), float('nan')])
        >>> glassnet.fmin(a, b)
        tensor([-9.3000,  0.1000,  2.1000,     nan])
    """
    a, b = broadcast_tensors(_t(input), _t(other))
    take_b = a.xp.isnan(a._data) | (b._data < a._data)
    from .functions import where

    return where(_const(take_b), b, a)


def nextafter(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Returns the next floating-point value after ``input`` towards ``other``, element-wise.

    Args:
        input (Tensor): the first input tensor.
        other (Tensor): the second input tensor.

    Example:
        >>> glassnet.nextafter(glassnet.tensor([1.0, 2.0]), glassnet.tensor([2.0, 1.0])) - glassnet.tensor([1.0, 2.0])
        tensor([ 1.1921e-07, -1.1921e-07])
    """
    a, b = _t(input)._data, _t(other)._data
    return _const(backend.xp.nextafter(a, b.astype(a.dtype)))


def frexp(input: Tensor) -> Any:  # noqa: A002
    """Decomposes ``input`` into mantissa and exponent tensors such that ``input = mantissa * 2 ** exponent``.

    The range of mantissa is the open interval (-1, 1); nonzero mantissas have absolute value in
    ``[0.5, 1)``.

    Args:
        input (Tensor): the input tensor (floating point).

    Returns:
        (Tensor, Tensor): the namedtuple ``(mantissa, exponent)``; ``exponent`` is int32.

    Example:
        >>> glassnet.frexp(glassnet.arange(9.0))
        frexp(mantissa=tensor([0.0000, 0.5000, 0.5000, 0.7500, 0.5000, 0.6250, 0.7500, 0.8750, 0.5000]),
            exponent=tensor([0, 1, 2, 2, 3, 3, 3, 3, 4], dtype=glassnet.int32))
    """
    if input._data.dtype.kind != "f":
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    m, e = input.xp.frexp(input._data)
    return _Frexp(_const(m), _const(e.astype("int32")))


def logaddexp2(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    r"""Logarithm of the sum of exponentiations of the inputs in base-2.

    Computes :math:`\log_2(2^x + 2^y)` without overflow.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor.

    Example:
        >>> glassnet.logaddexp2(glassnet.tensor([-1.0]), glassnet.tensor([-1.0, -2.0, -3.0]))
        tensor([ 0.0000, -0.4150, -0.6781])
    """
    a, b = _floating(input), _floating(other)
    m = a.maximum(b).detach()
    m = m.masked_fill(_const(m.xp.isinf(m._data)), 0.0)  # keeps inf - inf from making NaN
    ln2 = math.log(2.0)
    return m + (((a - m) * ln2).exp() + ((b - m) * ln2).exp()).log() / ln2


def renorm(input: Tensor, p: float, dim: int, maxnorm: float) -> Tensor:  # noqa: A002
    """Rescales each sub-tensor of ``input`` along ``dim`` so that its ``p``-norm is at most ``maxnorm``.

    If the norm of a sub-tensor is lower than ``maxnorm``, it is unchanged; otherwise it is scaled by
    ``maxnorm / (norm + 1e-7)``.

    Args:
        input (Tensor): the input tensor.
        p (float): the power for the norm computation.
        dim (int): the dimension to slice over to get the sub-tensors.
        maxnorm (float): the maximum norm to keep each sub-tensor under.

    Example:
        >>> x = glassnet.tensor([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [3.0, 3.0, 3.0]])
        >>> glassnet.renorm(x, 1, 0, 5)
        tensor([[1.0000, 1.0000, 1.0000],
                [1.6667, 1.6667, 1.6667],
                [1.6667, 1.6667, 1.6667]])
    """
    if p <= 0:
        raise RuntimeError(f"renorm: non-positive-norm not supported, got p={p}")
    d = _dim(dim, input.ndim, "renorm")
    others = tuple(i for i in range(input.ndim) if i != d)
    norm = input.abs().pow(p).sum(others, keepdim=True).pow(1.0 / p) if others else input.abs()
    scale = (maxnorm / (norm + 1e-7)).masked_fill(_const((norm <= maxnorm)._data), 1.0)
    return input * scale


def xlogy(input: Any, other: Any) -> Tensor:  # noqa: A002
    r"""Computes ``input * log(other)`` with the following cases.

    ``glassnet.special.xlogy`` is the same function.

    .. math::
        \text{out}_{i} = \begin{cases}
            \text{NaN} & \text{if } \text{other}_{i} = \text{NaN} \\
            0 & \text{if } \text{input}_{i} = 0.0 \\
            \text{input}_{i} * \log{(\text{other}_{i})} & \text{otherwise}
        \end{cases}

    Args:
        input (Number or Tensor): multiplier.
        other (Number or Tensor): argument of the logarithm.

    Example:
        >>> x = glassnet.zeros(5)
        >>> y = glassnet.tensor([-1.0, 0.0, 1.0, float('inf'), float('nan')])
        >>> glassnet.xlogy(x, y)
        tensor([0., 0., 0., 0., nan])
        >>> glassnet.xlogy(glassnet.tensor([1.0, 2.0, 3.0]), 3)
        tensor([1.0986, 2.1972, 3.2958])
    """
    a, b = _binary_float(input, other)
    return special_ops.Xlogy.apply(a, b)


def _binary_float(x: Any, y: Any) -> tuple:
    """Both operands as Tensors of their common float dtype."""
    ref = x if isinstance(x, Tensor) else _t(y)
    a = x if isinstance(x, Tensor) else Tensor(ref.xp.asarray(x))
    b = y if isinstance(y, Tensor) else Tensor(ref.xp.asarray(y))
    if not isinstance(x, Tensor):
        a = a.astype(b.dtype if b._data.dtype.kind == "f" else dtypes.get_default_dtype())
    if not isinstance(y, Tensor):
        b = b.astype(a.dtype if a._data.dtype.kind == "f" else dtypes.get_default_dtype())
    dt = backend.xp.promote_types(a._data.dtype, b._data.dtype)
    if dt.kind != "f":
        dt = dtypes.get_default_dtype().np
    return a.astype(dtypes.from_numpy_dtype(dt)), b.astype(dtypes.from_numpy_dtype(dt))


def logit(input: Tensor, eps: float | None = None) -> Tensor:  # noqa: A002
    r"""Returns a new tensor with the logit of the elements of ``input``.

    ``input`` is clamped to ``[eps, 1 - eps]`` when ``eps`` is not ``None``; when ``eps`` is ``None`` and
    ``input < 0`` or ``input > 1``, the function yields NaN.

    ``glassnet.special.logit`` is the same function.

    .. math::
        y_{i} = \ln(\frac{z_{i}}{1 - z_{i}}), \quad
        z_{i} = \begin{cases}
            x_{i} & \text{if eps is None} \\
            \text{eps} & \text{if } x_{i} < \text{eps} \\
            x_{i} & \text{if } \text{eps} \leq x_{i} \leq 1 - \text{eps} \\
            1 - \text{eps} & \text{if } x_{i} > 1 - \text{eps}
        \end{cases}

    Args:
        input (Tensor): the input tensor.
        eps (float, optional): the epsilon for input clamp bound. Default: ``None``.

    Example:
        >>> glassnet.logit(glassnet.tensor([0.25, 0.5, 0.9]))
        tensor([-1.0986,  0.0000,  2.1972])
        >>> glassnet.logit(glassnet.tensor([0.0, 1.0]), eps=1e-6)
        tensor([-13.8155,  13.8023])
    """
    return special_ops.Logit.apply(_floating(input), eps)


def sinc(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the normalized sinc of ``input``.

    ``glassnet.special.sinc`` is the same function.

    .. math::
        \text{out}_{i} = \begin{cases}
            1, & \text{if}\ \text{input}_{i}=0 \\
            \sin(\pi \text{input}_{i}) / (\pi \text{input}_{i}), & \text{otherwise}
        \end{cases}

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.sinc(glassnet.tensor([0.0, 0.5, 1.0, 1.5]))
        tensor([ 1.0000e+00,  6.3662e-01, -2.7828e-08, -2.1221e-01])
    """
    return special_ops.Sinc.apply(_floating(input))


def lgamma(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the natural logarithm of the absolute value of the gamma function on ``input``.

    ``glassnet.special.gammaln`` is the same function.

    .. math:: \text{out}_{i} = \ln |\Gamma(\text{input}_{i})|

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.lgamma(glassnet.tensor([0.5, 1.0, 1.5, 5.0]))
        tensor([ 0.5724,  0.0000, -0.1208,  3.1781])
    """
    return special_ops.LGamma.apply(_floating(input))


def digamma(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the logarithmic derivative of the gamma function on ``input``.

    ``glassnet.special.digamma`` and ``glassnet.special.psi`` are the same function.

    .. math:: \digamma(x) = \frac{d}{dx} \ln\left(\Gamma\left(x\right)\right) = \frac{\Gamma'(x)}{\Gamma(x)}

    Args:
        input (Tensor): the tensor to compute the digamma function on.

    Example:
        >>> glassnet.digamma(glassnet.tensor([1.0, 0.5, 2.0]))
        tensor([-0.5772, -1.9635,  0.4228])
    """
    return special_ops.Digamma.apply(_floating(input))


def polygamma(n: int, input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the :math:`n^{th}` derivative of the digamma function on ``input``.

    :math:`n \geq 0` is called the order of the polygamma function.

    ``glassnet.special.polygamma`` is the same function.

    .. math:: \psi^{(n)}(x) = \frac{d^{(n)}}{dx^{(n)}} \psi(x)

    Args:
        n (int): the order of the polygamma function.
        input (Tensor): the input tensor.

    Example:
        >>> a = glassnet.tensor([1.0, 0.5])
        >>> glassnet.polygamma(1, a)
        tensor([1.6449, 4.9348])
        >>> glassnet.polygamma(2, a)
        tensor([ -2.4041, -16.8288])
    """
    if n < 0:
        raise RuntimeError(f"polygamma(n, x) does not support negative n, got n={n}")
    return special_ops.Polygamma.apply(_floating(input), builtins.int(n))


def mvlgamma(input: Tensor, p: int) -> Tensor:  # noqa: A002
    r"""Computes the multivariate log-gamma function with dimension ``p`` element-wise.

    ``glassnet.special.multigammaln`` is the same function. It is given by

    .. math::
        \log(\Gamma_{p}(a)) = C + \displaystyle \sum_{i=1}^{p} \log\left(\Gamma\left(a - \frac{i - 1}{2}\right)\right)

    where :math:`C = \log(\pi) \cdot \frac{p (p - 1)}{4}`. All elements must be greater than
    :math:`\frac{p - 1}{2}`, otherwise a ``RuntimeError`` is raised.

    Args:
        input (Tensor): the tensor to compute the multivariate log-gamma function on.
        p (int): the number of dimensions.

    Example:
        >>> glassnet.mvlgamma(glassnet.tensor([1.5, 2.0, 3.0]), p=2)
        tensor([0.4516, 0.4516, 1.5502])
    """
    if p < 1:
        raise RuntimeError(f"p has to be greater than or equal to 1, got p={p}")
    x = _floating(input)
    if (x._data <= (p - 1) / 2).any():
        raise RuntimeError(f"All elements must be greater than (p-1)/2 = {(p - 1) / 2}")
    total = lgamma(x)
    for j in range(1, p):
        total = total + lgamma(x - j / 2)
    return total + p * (p - 1) / 4 * math.log(math.pi)


def i0(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the zeroth order modified Bessel function of the first kind for each element of ``input``.

    ``glassnet.special.i0`` is the same function.

    .. math:: \text{out}_{i} = I_0(\text{input}_{i}) = \sum_{k=0}^{\infty} \frac{(\text{input}_{i}^2/4)^k}{(k!)^2}

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.i0(glassnet.arange(5, dtype=glassnet.float32))
        tensor([ 1.0000,  1.2661,  2.2796,  4.8808, 11.3019])
    """
    return special_ops.I0.apply(_floating(input))


# ---- predicates ----------------------------------------------------------------------------------
def numel(input: Tensor) -> int:  # noqa: A002
    """Returns the total number of elements in the ``input`` tensor.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.numel(glassnet.zeros(1, 2, 3, 4))
        24
    """
    return input.numel()


def is_tensor(obj: Any) -> bool:
    """Returns ``True`` if ``obj`` is a glassnet tensor.

    Args:
        obj (object): object to test.

    Example:
        >>> glassnet.is_tensor(glassnet.tensor([1, 2]))
        True
        >>> glassnet.is_tensor([1, 2])
        False
    """
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> bool:  # noqa: A002
    """Returns ``True`` if the data type of ``input`` is a floating point data type.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.is_floating_point(glassnet.tensor([1.0]))
        True
        >>> glassnet.is_floating_point(glassnet.tensor([1]))
        False
    """
    return input.is_floating_point()


def is_signed(input: Tensor) -> bool:  # noqa: A002
    """Returns ``True`` if the data type of ``input`` is a signed type (bool and uint8 are unsigned).

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.is_signed(glassnet.tensor([-1]))
        True
        >>> glassnet.is_signed(glassnet.tensor([1], dtype=glassnet.uint8))
        False
    """
    return input._data.dtype.kind in "if"


def is_nonzero(input: Tensor) -> bool:  # noqa: A002
    """Returns ``True`` if ``input`` is a single element tensor that is not zero after type conversions.

    That is, not equal to ``0``, ``0.0`` or ``False``. Raises a ``RuntimeError`` if ``input.numel() != 1``.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.is_nonzero(glassnet.tensor([0.0]))
        False
        >>> glassnet.is_nonzero(glassnet.tensor([1.5]))
        True
    """
    if input.numel() != 1:
        if input.numel() == 0:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return builtins.bool(input._data.reshape(-1)[0])


def is_same_size(input: Tensor, other: Tensor) -> bool:  # noqa: A002
    """Returns ``True`` if ``input`` and ``other`` have the same shape.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the tensor to compare with.

    Example:
        >>> glassnet.is_same_size(glassnet.zeros(2, 3), glassnet.ones(2, 3))
        True
    """
    return tuple(input.shape) == tuple(other.shape)


def isneginf(input: Tensor) -> Tensor:  # noqa: A002
    """Tests if each element of ``input`` is negative infinity or not.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.isneginf(glassnet.tensor([-float('inf'), float('inf'), 1.2]))
        tensor([ True, False, False])
    """
    return _const(input._data == -input.xp.inf) if input._data.dtype.kind == "f" else _const(
        input.xp.zeros(input.shape, dtype=bool))


def isposinf(input: Tensor) -> Tensor:  # noqa: A002
    """Tests if each element of ``input`` is positive infinity or not.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.isposinf(glassnet.tensor([-float('inf'), float('inf'), 1.2]))
        tensor([False,  True, False])
    """
    return _const(input._data == input.xp.inf) if input._data.dtype.kind == "f" else _const(
        input.xp.zeros(input.shape, dtype=bool))


def isreal(input: Tensor) -> Tensor:  # noqa: A002
    """Returns a boolean tensor telling whether each element of ``input`` is real-valued.

    glassnet tensors are real, so every element is ``True``.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.isreal(glassnet.tensor([1.0, float('nan')]))
        tensor([True, True])
    """
    return _const(input.xp.ones(input.shape, dtype=bool))


def isin(elements: Any, test_elements: Any, *, assume_unique: bool = False, invert: bool = False) -> Tensor:
    """Tests if each element of ``elements`` is in ``test_elements``.

    Returns a boolean tensor of the same shape as ``elements`` that is ``True`` for elements in
    ``test_elements`` and ``False`` otherwise.

    Args:
        elements (Tensor or Scalar): input elements.
        test_elements (Tensor or Scalar): values against which to test for each input element.
        assume_unique (bool, optional): if ``True``, assumes both ``elements`` and ``test_elements``
            contain unique elements, which can speed up the calculation. Default: ``False``.
        invert (bool, optional): if ``True``, inverts the boolean return tensor, resulting in ``True``
            values for elements *not* in ``test_elements``. Default: ``False``.

    Example:
        >>> glassnet.isin(glassnet.tensor([[1, 2], [3, 4]]), glassnet.tensor([2, 3]))
        tensor([[False,  True],
                [ True, False]])
    """
    a, b = _t(elements)._data, _t(test_elements)._data
    return _const(backend.xp.isin(a, b, assume_unique=assume_unique, invert=invert))


def clamp_min(input: Tensor, min: Any) -> Tensor:  # noqa: A002
    """Clamps all elements in ``input`` to be no less than ``min``.

    This is :func:`glassnet.clamp` with only a lower bound.

    Args:
        input (Tensor): the input tensor.
        min (Number or Tensor): lower-bound of the range to be clamped to.

    Example:
        >>> glassnet.clamp_min(glassnet.tensor([-1.0, 0.5, 2.0]), 0.0)
        tensor([0.0000, 0.5000, 2.0000])
    """
    return input.clamp(min=min)


def clamp_max(input: Tensor, max: Any) -> Tensor:  # noqa: A002
    """Clamps all elements in ``input`` to be no greater than ``max``.

    This is :func:`glassnet.clamp` with only an upper bound.

    Args:
        input (Tensor): the input tensor.
        max (Number or Tensor): upper-bound of the range to be clamped to.

    Example:
        >>> glassnet.clamp_max(glassnet.tensor([-1.0, 0.5, 2.0]), 1.0)
        tensor([-1.0000,  0.5000,  1.0000])
    """
    return input.clamp(max=max)


def unravel_index(indices: Any, shape: Any) -> tuple:
    """Converts a tensor of flat indices into a tuple of coordinate tensors for ``shape``.

    The coordinates index into an arbitrary tensor of the specified shape.

    Args:
        indices (Tensor): an integer tensor containing indices into the flattened version of an arbitrary
            tensor of shape ``shape``. All elements must be in the range ``[-prod(shape), prod(shape) - 1]``.
        shape (int, sequence of ints, or glassnet.Size): the shape of the arbitrary tensor.

    Returns:
        tuple of Tensors: one int64 tensor per dimension of ``shape``, each of ``indices``' shape.

    Example:
        >>> glassnet.unravel_index(glassnet.tensor([4, 1]), (2, 3))
        (tensor([1, 0]), tensor([1, 1]))
    """
    idx = _t(indices)._data
    if idx.dtype.kind not in "iu":
        raise TypeError(f"expected 'indices' to be integer dtype, but got {_t(indices).dtype}")
    shape = (shape,) if isinstance(shape, builtins.int) else tuple(shape)
    n = math.prod(shape)
    if idx.size and (idx.max() >= n or idx.min() < -n):
        raise RuntimeError(f"'indices' must be in range [{-n}, {n - 1}] for shape {shape}")
    return tuple(_const(c.astype("int64")) for c in backend.xp.unravel_index(idx % builtins.max(n, 1), shape))


# ---- creation ------------------------------------------------------------------------------------
def scalar_tensor(s: Any, *, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """Returns a 0-dimensional tensor holding ``s``.

    Its dtype is the default floating point dtype unless ``dtype`` says otherwise.

    Args:
        s (Number): the value.
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default: ``None``
            (the default floating point dtype).
        device (glassnet.device, optional): accepted for compatibility; glassnet tensors live on the CPU.
            Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.scalar_tensor(3)
        tensor(3.)
    """
    return Tensor(backend.xp.asarray(s, dtype=dtypes.to_numpy_dtype(dtype or dtypes.get_default_dtype())),
                  requires_grad=requires_grad)


def asarray(obj: Any, *, dtype: Any = None, device: Any = None, copy: bool | None = None,
            requires_grad: bool = False) -> Tensor:
    """Converts ``obj`` to a tensor.

    A tensor, or an object with ``dtype`` and ``shape`` (a NumPy array), shares its memory with the result
    when no copy is needed (no dtype change and ``copy`` not ``True``); other objects (sequences, scalars)
    are copied.

    Args:
        obj (object): a tensor, NumPy array, scalar or sequence of scalars.
        dtype (glassnet.dtype, optional): the datatype of the returned tensor. Default: ``None`` (inferred
            from ``obj``).
        device (glassnet.device, optional): accepted for compatibility; glassnet tensors live on the CPU.
            Default: ``None``.
        copy (bool, optional): ``True`` always copies. Default: ``None`` (copy only when needed).
        requires_grad (bool, optional): whether the returned tensor requires grad. Default: ``False``.

    Example:
        >>> a = np.array([1.0, 2.0, 3.0])
        >>> t = glassnet.asarray(a)
        >>> a[0] = -1.0
        >>> t
        tensor([-1.,  2.,  3.], dtype=glassnet.float64)
    """
    if isinstance(obj, Tensor):
        out = obj if dtype is None else obj.astype(dtype)
        if copy:
            out = out.clone()
        return out.requires_grad_(requires_grad) if requires_grad else out
    from .creation import tensor

    arr_like = hasattr(obj, "dtype") and hasattr(obj, "shape")
    if arr_like and not copy:
        arr = backend.xp.asarray(obj, dtype=None if dtype is None else dtypes.to_numpy_dtype(dtype))
        return Tensor._wrap(arr, requires_grad=requires_grad)
    return tensor(obj, dtype=dtype, requires_grad=requires_grad)


def frombuffer(buffer: Any, *, dtype: Any, count: int = -1, offset: int = 0, requires_grad: bool = False) -> Tensor:
    """Creates a 1-dimensional tensor from an object that implements the Python buffer protocol.

    The returned tensor and the buffer share the same memory.

    Args:
        buffer (object): a Python object that exposes the buffer interface.
        dtype (glassnet.dtype): the desired data type of the returned tensor.
        count (int, optional): the number of desired elements to be read; ``-1`` reads all of them.
            Default: ``-1``.
        offset (int, optional): the number of bytes to skip at the start of the buffer. Default: ``0``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.frombuffer(bytearray([1, 2, 3, 4]), dtype=glassnet.uint8, offset=1)
        tensor([2, 3, 4], dtype=glassnet.uint8)
    """
    arr = backend.xp.frombuffer(buffer, dtype=dtypes.to_numpy_dtype(dtype), count=count, offset=offset)
    return Tensor._wrap(arr, requires_grad=requires_grad)


def zero_(input: Tensor) -> Tensor:  # noqa: A002
    """Fills ``input`` with zeros in place and returns it.

    Args:
        input (Tensor): the tensor to fill.

    Example:
        >>> glassnet.zero_(glassnet.ones(3))
        tensor([0., 0., 0.])
    """
    return input.zero_()


def fill(input: Tensor, value: Any) -> Tensor:  # noqa: A002
    """Returns a copy of ``input`` with every element set to ``value`` (out-of-place ``Tensor.fill_``).

    Args:
        input (Tensor): the input tensor.
        value (Number or Tensor): the fill value.

    Example:
        >>> glassnet.fill(glassnet.zeros(2, 2), 7.0)
        tensor([[7., 7.],
                [7., 7.]])
    """
    return input.clone().fill_(value) if not input.requires_grad else input * 0 + value


def _window(n: int, periodic: bool, dtype: Any, fn: Any) -> Tensor:
    if n < 0:
        raise RuntimeError(f"window functions require window_length >= 0, got {n}")
    dt = dtypes.to_numpy_dtype(dtype or dtypes.get_default_dtype())
    if n == 0:
        return _const(backend.xp.zeros(0, dtype=dt))
    if n == 1:
        return _const(backend.xp.ones(1, dtype=dt))
    m = n + 1 if periodic else n
    return _const(fn(m)[:n].astype(dt))


def hann_window(window_length: int, periodic: bool = True, *, dtype: Any = None, **kwargs: Any) -> Tensor:
    r"""Hann window function.

    .. math::
        w[n] = \frac{1}{2}\ \left[1 - \cos \left( \frac{2 \pi n}{N - 1} \right)\right]

    where :math:`N` is the full window size (``window_length + 1`` when ``periodic``).

    Args:
        window_length (int): the size of returned window.
        periodic (bool, optional): if ``True``, returns a window to be used as periodic function (the last
            sample of a window of length ``window_length + 1`` dropped); if ``False``, returns a symmetric
            window. Default: ``True``.
        dtype (glassnet.dtype, optional): the desired data type of returned tensor. Default: ``None``
            (the default floating point dtype).
        **kwargs: other PyTorch factory arguments (``layout``, ``device``, ``requires_grad``), accepted and
            ignored.

    Returns:
        Tensor: a 1-D tensor of size ``(window_length,)`` containing the window.

    Example:
        >>> glassnet.hann_window(4)
        tensor([0.0000, 0.5000, 1.0000, 0.5000])
        >>> glassnet.hann_window(4, periodic=False)
        tensor([0.0000, 0.7500, 0.7500, 0.0000])
    """
    return _window(window_length, periodic, dtype, backend.xp.hanning)


def hamming_window(window_length: int, periodic: bool = True, alpha: float = 0.54, beta: float = 0.46, *,
                   dtype: Any = None, **kwargs: Any) -> Tensor:
    r"""Hamming window function.

    .. math:: w[n] = \alpha - \beta\ \cos \left( \frac{2 \pi n}{N - 1} \right)

    where :math:`N` is the full window size (``window_length + 1`` when ``periodic``).

    Args:
        window_length (int): the size of returned window.
        periodic (bool, optional): if ``True``, returns a window to be used as periodic function (the last
            sample of a window of length ``window_length + 1`` dropped); if ``False``, returns a symmetric
            window. Default: ``True``.
        alpha (float, optional): the coefficient :math:`\alpha` in the equation above. Default: ``0.54``.
        beta (float, optional): the coefficient :math:`\beta` in the equation above. Default: ``0.46``.
        dtype (glassnet.dtype, optional): the desired data type of returned tensor. Default: ``None``
            (the default floating point dtype).
        **kwargs: other PyTorch factory arguments (``layout``, ``device``, ``requires_grad``), accepted and
            ignored.

    Returns:
        Tensor: a 1-D tensor of size ``(window_length,)`` containing the window.

    Example:
        >>> glassnet.hamming_window(4)
        tensor([0.0800, 0.5400, 1.0000, 0.5400])
    """
    xp = backend.xp
    return _window(window_length, periodic, dtype,
                   lambda m: alpha - beta * xp.cos(2 * math.pi * xp.arange(m) / (m - 1)))


def blackman_window(window_length: int, periodic: bool = True, *, dtype: Any = None, **kwargs: Any) -> Tensor:
    r"""Blackman window function.

    .. math::
        w[n] = 0.42 - 0.5 \cos \left( \frac{2 \pi n}{N - 1} \right) + 0.08 \cos \left( \frac{4 \pi n}{N - 1} \right)

    where :math:`N` is the full window size (``window_length + 1`` when ``periodic``).

    Args:
        window_length (int): the size of returned window.
        periodic (bool, optional): if ``True``, returns a window to be used as periodic function (the last
            sample of a window of length ``window_length + 1`` dropped); if ``False``, returns a symmetric
            window. Default: ``True``.
        dtype (glassnet.dtype, optional): the desired data type of returned tensor. Default: ``None``
            (the default floating point dtype).
        **kwargs: other PyTorch factory arguments (``layout``, ``device``, ``requires_grad``), accepted and
            ignored.

    Returns:
        Tensor: a 1-D tensor of size ``(window_length,)`` containing the window.

    Example:
        >>> glassnet.blackman_window(5, periodic=False)
        tensor([-1.3878e-17,  3.4000e-01,  1.0000e+00,  3.4000e-01, -1.3878e-17])
    """
    return _window(window_length, periodic, dtype, backend.xp.blackman)


def bartlett_window(window_length: int, periodic: bool = True, *, dtype: Any = None, **kwargs: Any) -> Tensor:
    r"""Bartlett (triangular) window function.

    .. math::
        w[n] = 1 - \left| \frac{2n}{N-1} - 1 \right| = \begin{cases}
            \frac{2n}{N - 1} & \text{if } 0 \leq n \leq \frac{N - 1}{2} \\
            2 - \frac{2n}{N - 1} & \text{if } \frac{N - 1}{2} < n < N \\
        \end{cases}

    where :math:`N` is the full window size (``window_length + 1`` when ``periodic``).

    Args:
        window_length (int): the size of returned window.
        periodic (bool, optional): if ``True``, returns a window to be used as periodic function (the last
            sample of a window of length ``window_length + 1`` dropped); if ``False``, returns a symmetric
            window. Default: ``True``.
        dtype (glassnet.dtype, optional): the desired data type of returned tensor. Default: ``None``
            (the default floating point dtype).
        **kwargs: other PyTorch factory arguments (``layout``, ``device``, ``requires_grad``), accepted and
            ignored.

    Returns:
        Tensor: a 1-D tensor of size ``(window_length,)`` containing the window.

    Example:
        >>> glassnet.bartlett_window(5, periodic=False)
        tensor([0.0000, 0.5000, 1.0000, 0.5000, 0.0000])
    """
    return _window(window_length, periodic, dtype, backend.xp.bartlett)


def kaiser_window(window_length: int, periodic: bool = True, beta: float = 12.0, *, dtype: Any = None,
                  **kwargs: Any) -> Tensor:
    r"""Computes the Kaiser window with window length ``window_length`` and shape parameter ``beta``.

    .. math:: w[n] = I_0 \left( \beta \sqrt{1 - \left( \frac{n - N/2}{N/2} \right) ^2 } \right) / I_0( \beta )

    where ``I_0`` is the zeroth order modified Bessel function of the first kind and :math:`N` is
    ``window_length - 1`` (``window_length`` when ``periodic``).

    Args:
        window_length (int): the size of returned window.
        periodic (bool, optional): if ``True``, returns a window to be used as periodic function (the last
            sample of a window of length ``window_length + 1`` dropped); if ``False``, returns a symmetric
            window. Default: ``True``.
        beta (float, optional): shape parameter for the window. Default: ``12.0``.
        dtype (glassnet.dtype, optional): the desired data type of returned tensor. Default: ``None``
            (the default floating point dtype).
        **kwargs: other PyTorch factory arguments (``layout``, ``device``, ``requires_grad``), accepted and
            ignored.

    Returns:
        Tensor: a 1-D tensor of size ``(window_length,)`` containing the window.

    Example:
        >>> glassnet.kaiser_window(5, periodic=False, beta=2.0)
        tensor([0.4387, 0.8348, 1.0000, 0.8348, 0.4387])
    """
    return _window(window_length, periodic, dtype, lambda m: backend.xp.kaiser(m, beta))


def vander(x: Tensor, N: int | None = None, increasing: bool = False) -> Tensor:  # noqa: N803 - PyTorch name
    """Generates a Vandermonde matrix.

    The columns of the output matrix are elementwise powers of the input vector
    :math:`x^{(N-1)}, x^{(N-2)}, ..., x^0`. If ``increasing`` is ``True``, the order of the columns is
    reversed :math:`x^0, x^1, ..., x^{(N-1)}`.

    Args:
        x (Tensor): 1-D input tensor.
        N (int, optional): number of columns in the output. If ``N`` is not specified, a square array is
            returned :math:`(N = len(x))`.
        increasing (bool, optional): order of the powers of the columns. If ``True``, the powers increase
            from left to right, if ``False`` (the default) they are reversed.

    Returns:
        Tensor: the Vandermonde matrix, of ``x``'s dtype for floats and int64 for integers.

    Example:
        >>> glassnet.vander(glassnet.tensor([1, 2, 3, 5]), N=3)
        tensor([[ 1,  1,  1],
                [ 4,  2,  1],
                [ 9,  3,  1],
                [25,  5,  1]])
        >>> glassnet.vander(glassnet.tensor([1, 2, 3]), increasing=True)
        tensor([[1, 1, 1],
                [1, 2, 4],
                [1, 3, 9]])
    """
    if x.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x.shape[0] if N is None else N
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    if n == 0:
        return _const(x.xp.zeros((x.shape[0], 0), dtype=x._data.dtype if x._data.dtype.kind == "f" else "int64"))
    from .functions import stack

    xx = x if x._data.dtype.kind == "f" else x.astype(dtypes.int64)
    cols = [xx * 0 + 1]
    for _ in range(1, n):
        cols.append(cols[-1] * xx)
    return stack(cols if increasing else cols[::-1], 1)


def trapezoid(y: Tensor, x: Any = None, *, dx: float | None = None, dim: int = -1) -> Tensor:
    r"""Computes the trapezoidal rule along ``dim``.

    By default the spacing between elements is assumed to be 1, but ``dx`` can be used to specify a different
    constant spacing, and ``x`` can be used to specify arbitrary spacing along ``dim``.

    .. math:: \sum_{i = 1}^{n-1} \frac{(x_i - x_{i-1})}{2} (y_i + y_{i-1})

    Args:
        y (Tensor): values to use when computing the trapezoidal rule.
        x (Tensor or Number, optional): if a tensor, the sample points (1-D, or of ``y``'s shape); if a
            number, the constant spacing. Default: ``None``.
        dx (float, optional): constant spacing between values (keyword only). Default: ``None`` (1).
        dim (int, optional): the dimension along which to compute the trapezoidal rule. Default: ``-1``.

    Example:
        >>> y = glassnet.tensor([1.0, 5.0, 10.0])
        >>> glassnet.trapezoid(y)
        tensor(10.5000)
        >>> glassnet.trapezoid(y, glassnet.tensor([1.0, 3.0, 6.0]))
        tensor(28.5000)
        >>> glassnet.trapezoid(y, dx=2.0)
        tensor(21.)
    """
    d = _dim(dim, y.ndim, "trapezoid")
    pre = (slice(None),) * d
    avg = (y[pre + (slice(1, None),)] + y[pre + (slice(None, -1),)]) / 2
    if x is None:
        return avg.sum(d) * (1.0 if dx is None else dx)
    if isinstance(x, (builtins.int, builtins.float)):
        return avg.sum(d) * x
    x = _t(x)
    spacing = diff(x, dim=-1 if x.ndim == 1 else d)
    if x.ndim == 1:
        spacing = spacing.reshape(*([-1] + [1] * (y.ndim - d - 1)))
    return (avg * spacing).sum(d)


def trapz(y: Tensor, x: Any = None, *, dx: float | None = None, dim: int = -1) -> Tensor:
    """Alias of :func:`glassnet.trapezoid`.

    Args:
        y (Tensor): values to use when computing the trapezoidal rule.
        x (Tensor or Number, optional): the sample points, or a constant spacing. Default: ``None``.
        dx (float, optional): constant spacing between values. Default: ``None`` (1).
        dim (int, optional): the dimension along which to compute the trapezoidal rule. Default: ``-1``.

    Example:
        >>> glassnet.trapz(glassnet.tensor([1.0, 5.0, 10.0]))
        tensor(10.5000)
    """
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y: Tensor, x: Any = None, *, dx: float | None = None, dim: int = -1) -> Tensor:
    """Cumulatively computes the trapezoidal rule along ``dim``.

    Like :func:`glassnet.trapezoid`, but returns the running sums, so the result is one element shorter than
    ``y`` along ``dim``.

    Args:
        y (Tensor): values to use when computing the trapezoidal rule.
        x (Tensor or Number, optional): if a tensor, the sample points (1-D, or of ``y``'s shape); if a
            number, the constant spacing. Default: ``None``.
        dx (float, optional): constant spacing between values (keyword only). Default: ``None`` (1).
        dim (int, optional): the dimension along which to compute the trapezoidal rule. Default: ``-1``.

    Example:
        >>> glassnet.cumulative_trapezoid(glassnet.tensor([1.0, 5.0, 10.0]))
        tensor([ 3.0000, 10.5000])
    """
    d = _dim(dim, y.ndim, "cumulative_trapezoid")
    pre = (slice(None),) * d
    area = (y[pre + (slice(1, None),)] + y[pre + (slice(None, -1),)]) / 2
    if x is not None and not isinstance(x, (builtins.int, builtins.float)):
        x = _t(x)
        spacing = diff(x, dim=-1 if x.ndim == 1 else d)
        if x.ndim == 1:
            spacing = spacing.reshape(*([-1] + [1] * (y.ndim - d - 1)))
        area = area * spacing
    else:
        area = area * (x if x is not None else 1.0 if dx is None else dx)
    # a running sum as a product with a lower-triangular matrix keeps it differentiable
    n = area.shape[d]
    tri = _const(backend.xp.tri(n, dtype=area._data.dtype))
    return movedim(movedim(area, d, -1) @ tri.mT, -1, d)


def gradient(input: Tensor, *, spacing: Any = 1, dim: Any = None, edge_order: int = 1) -> tuple:  # noqa: A002
    r"""Estimates the gradient of a function sampled on a grid, along one or more dimensions.

    The function is :math:`g : \mathbb{R}^n \rightarrow \mathbb{R}`; the estimate uses the second-order accurate
    central differences method, with one-sided differences of order ``edge_order`` at the boundaries.

    glassnet takes the spacing as numbers only; coordinate tensors as ``spacing`` raise
    ``NotImplementedError``.

    Args:
        input (Tensor): the values of the function sampled on a regular grid.
        spacing (Number or list of Numbers, optional): the distance between samples, one for all dims or
            one per dim. Default: ``1``.
        dim (int or list of ints, optional): the dimension(s) to differentiate along. Default: ``None``
            (every dimension).
        edge_order (int, optional): ``1`` or ``2``, the order of accuracy at the boundaries. Default: ``1``.

    Returns:
        tuple of Tensors: one derivative estimate per dimension in ``dim``.

    Example:
        >>> glassnet.gradient(glassnet.tensor([4.0, 1.0, 1.0, 16.0]), spacing=2.0)
        (tensor([-1.5000, -0.7500,  3.7500,  7.5000]),)
        >>> glassnet.gradient(glassnet.tensor([[1.0, 2.0, 4.0], [10.0, 20.0, 40.0]]), dim=1)
        (tensor([[ 1.0000,  1.5000,  2.0000],
                [10.0000, 15.0000, 20.0000]]),)
    """
    if edge_order not in (1, 2):
        raise ValueError(f"torch.gradient only supports edge_order=1 and edge_order=2, got {edge_order}")
    dims = list(range(input.ndim)) if dim is None else [dim] if isinstance(dim, builtins.int) else list(dim)
    dims = [_dim(d, input.ndim, "gradient") for d in dims]
    if isinstance(spacing, (builtins.int, builtins.float)):
        spacing = [spacing] * len(dims)
    elif isinstance(spacing, Tensor):
        spacing = [spacing]
    out = []
    for d, h in zip(dims, spacing):
        if input.shape[d] < edge_order + 1:
            raise RuntimeError("torch.gradient expected each dimension size to be at least edge_order+1")
        x = _floating(input)
        pre = (slice(None),) * d

        def at(s: Any, x: Tensor = x, pre: tuple = pre) -> Tensor:
            return x[pre + (s,)]

        if isinstance(h, Tensor):
            raise NotImplementedError("gradient: coordinate tensors as spacing are not supported yet; pass numbers")
        interior = (at(slice(2, None)) - at(slice(None, -2))) / (2.0 * h)
        if edge_order == 1:
            first = (at(slice(1, 2)) - at(slice(0, 1))) / h
            last = (at(slice(-1, None)) - at(slice(-2, -1))) / h
        else:
            first = (-1.5 * at(slice(0, 1)) + 2 * at(slice(1, 2)) - 0.5 * at(slice(2, 3))) / h
            last = (0.5 * at(slice(-3, -2)) - 2 * at(slice(-2, -1)) + 1.5 * at(slice(-1, None))) / h
        out.append(_cat([first, interior, last], d))
    return tuple(out)


# ---- linear algebra aliases (glassnet.linalg is looked up when called) ----------------------------
def _linalg(name: str) -> Any:
    import importlib

    return getattr(importlib.import_module("glassnet.linalg"), name)


def cholesky_solve(b: Tensor, u: Tensor, upper: bool = False) -> Tensor:
    """Solves a linear system with a symmetric positive-definite matrix, given its Cholesky factor.

    Computes ``X`` with ``A X = B``, where ``A = L L^T`` (``upper=False``) or ``A = U^T U`` (``upper=True``).

    Supports batches of matrices (batch dimensions broadcast).

    Args:
        b (Tensor): right-hand side tensor of shape ``(*, n, k)``.
        u (Tensor): tensor of shape ``(*, n, n)``, the lower (or upper) triangular Cholesky factor of
            ``A``.
        upper (bool, optional): whether ``u`` is upper or lower triangular. Default: ``False``.

    Example:
        >>> A = glassnet.tensor([[4.0, 2.0], [2.0, 3.0]])
        >>> L = glassnet.linalg.cholesky(A)
        >>> glassnet.cholesky_solve(glassnet.tensor([[2.0], [1.0]]), L)
        tensor([[0.5000],
                [0.0000]])
    """
    solve = _linalg("solve_triangular")
    if upper:
        return solve(u, solve(u.mT, b, upper=False), upper=True)
    return solve(u.mT, solve(u, b, upper=False), upper=True)


def cholesky_inverse(input: Tensor, upper: bool = False) -> Tensor:  # noqa: A002
    """Computes the inverse of a symmetric positive-definite matrix given its Cholesky factor.

    Args:
        input (Tensor): the input tensor ``L`` (or ``U``) of size ``(*, n, n)``, consisting of (batches of)
            triangular Cholesky factors.
        upper (bool, optional): whether ``input`` is upper or lower triangular. Default: ``False``.

    Example:
        >>> A = glassnet.tensor([[4.0, 2.0], [2.0, 3.0]])
        >>> glassnet.cholesky_inverse(glassnet.linalg.cholesky(A))
        tensor([[ 0.3750, -0.2500],
                [-0.2500,  0.5000]])
    """
    from .creation import eye

    return cholesky_solve(eye(input.shape[-1], dtype=input.dtype), input, upper)


# ---- runtime switches ----------------------------------------------------------------------------
_SETTINGS = {"deterministic": False, "deterministic_warn_only": False, "matmul_precision": "highest",
             "num_threads": None}


def get_num_threads() -> int:
    """Returns the number of threads NumPy's BLAS may use.

    That is the value set with :func:`glassnet.set_num_threads`, else what threadpoolctl reports, else the CPU
    count.

    Example:
        >>> glassnet.get_num_threads() >= 1
        True
    """
    if _SETTINGS["num_threads"] is not None:
        return _SETTINGS["num_threads"]
    try:
        from threadpoolctl import threadpool_info

        counts = [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "blas"]
        if counts:
            return builtins.max(counts)
    except ImportError:
        pass
    return os.cpu_count() or 1


def set_num_threads(num: int) -> None:
    """Sets the number of threads NumPy's BLAS uses (through threadpoolctl, when it is installed).

    Args:
        num (int): the number of threads, at least 1.

    Example:
        >>> n = glassnet.get_num_threads()
        >>> glassnet.set_num_threads(1)
        >>> glassnet.get_num_threads()
        1
        >>> glassnet.set_num_threads(n)
    """
    if num <= 0:
        raise RuntimeError(f"set_num_threads expects a positive integer, got {num}")
    _SETTINGS["num_threads"] = builtins.int(num)
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(num, user_api="blas")
    except ImportError:
        pass


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Sets whether glassnet must use "deterministic" algorithms.

    glassnet only records the flag: its NumPy ops are deterministic already.

    Args:
        mode (bool): if ``True``, request deterministic algorithms.
        warn_only (bool, optional): if ``True``, operations without a deterministic implementation would
            warn instead of raising. Default: ``False``.

    Example:
        >>> glassnet.use_deterministic_algorithms(True)
        >>> glassnet.are_deterministic_algorithms_enabled()
        True
        >>> glassnet.use_deterministic_algorithms(False)
    """
    _SETTINGS["deterministic"] = builtins.bool(mode)
    _SETTINGS["deterministic_warn_only"] = builtins.bool(warn_only)


def are_deterministic_algorithms_enabled() -> bool:
    """Returns ``True`` if the global deterministic flag is turned on.

    See :func:`glassnet.use_deterministic_algorithms`.

    Example:
        >>> glassnet.are_deterministic_algorithms_enabled()
        False
    """
    return _SETTINGS["deterministic"]


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    """Returns ``True`` if the global deterministic flag is set to warn only.

    See :func:`glassnet.use_deterministic_algorithms`.

    Example:
        >>> glassnet.is_deterministic_algorithms_warn_only_enabled()
        False
    """
    return _SETTINGS["deterministic_warn_only"]


def is_anomaly_enabled() -> bool:
    """Returns whether anomaly detection is on (see ``glassnet.autograd.detect_anomaly``).

    Example:
        >>> glassnet.is_anomaly_enabled()
        False
    """
    return _anomaly.is_anomaly_enabled()


def is_anomaly_check_nan_enabled() -> bool:
    """Returns whether anomaly detection checks the outputs of backward for NaN.

    Example:
        >>> glassnet.is_anomaly_check_nan_enabled()
        True
    """
    return _anomaly.is_anomaly_check_nan_enabled()


def set_anomaly_enabled(mode: bool, check_nan: bool = True) -> None:
    """Turns anomaly detection on or off (see ``glassnet.autograd.set_detect_anomaly``).

    Args:
        mode (bool): ``True`` to turn anomaly detection on.
        check_nan (bool, optional): whether to check the outputs of backward for NaN. Default: ``True``.

    Example:
        >>> glassnet.set_anomaly_enabled(True)
        >>> glassnet.is_anomaly_enabled()
        True
        >>> glassnet.set_anomaly_enabled(False)
    """
    _anomaly.set_anomaly_enabled(mode, check_nan)


def set_float32_matmul_precision(precision: str) -> None:
    """Sets the internal precision of float32 matrix multiplications.

    glassnet records the value only: NumPy always computes float32 products at full precision.

    Args:
        precision (str): ``"highest"``, ``"high"`` or ``"medium"``.

    Example:
        >>> glassnet.set_float32_matmul_precision("high")
        >>> glassnet.get_float32_matmul_precision()
        'high'
        >>> glassnet.set_float32_matmul_precision("highest")
    """
    if precision not in ("highest", "high", "medium"):
        raise RuntimeError(f"Invalid precision: {precision!r}; expected 'highest', 'high' or 'medium'")
    _SETTINGS["matmul_precision"] = precision


def get_float32_matmul_precision() -> str:
    """Returns the current value of float32 matrix multiplication precision.

    See :func:`glassnet.set_float32_matmul_precision`.

    Example:
        >>> glassnet.get_float32_matmul_precision()
        'highest'
    """
    return _SETTINGS["matmul_precision"]


def seed() -> int:
    """Seeds the random number generator with a non-deterministic random number, and returns it.

    The seed comes from the operating system's entropy and is a 64 bit number.

    Example:
        >>> s = glassnet.seed()
        >>> isinstance(s, int)
        True
    """
    s = builtins.int.from_bytes(os.urandom(8), "little") & ((1 << 63) - 1)
    backend.manual_seed(s)
    return s


# ---- fused multiply-adds -------------------------------------------------------------------------
def _scaled_sum(input: Any, product: Tensor, beta: Any, alpha: Any, op: str) -> Tensor:  # noqa: A002
    """beta * input + alpha * product; with beta == 0 input is ignored (its NaNs too), as in torch."""
    prod = product if alpha == 1 else product * alpha
    x = _t(input)
    if beta == 0:
        # zeros in place of input, NaN included; the masked fill still gives input its (zero) gradient
        return prod + x.masked_fill(_const(x.xp.ones(x.shape, dtype=bool)), 0)
    try:
        return (x if beta == 1 else x * beta) + prod
    except RuntimeError as e:
        raise RuntimeError(f"{op}: input of shape {list(x.shape)} cannot be broadcast to the product's shape "
                           f"{list(prod.shape)} ({e})") from None


def dist(input: Tensor, other: Tensor, p: float = 2) -> Tensor:  # noqa: A002
    """Returns the p-norm of ``(input - other)``. The shapes of ``input`` and ``other`` must be broadcastable.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the right-hand-side input tensor.
        p (float, optional): the norm to be computed (``0``, ``inf`` and ``-inf`` included). Default: ``2``.

    Example:
        >>> x = glassnet.tensor([1.0, 2.0, 3.0])
        >>> y = glassnet.tensor([1.0, 0.0, 0.0])
        >>> glassnet.dist(x, y)
        tensor(3.6056)
        >>> glassnet.dist(x, y, 1)
        tensor(5.)
        >>> glassnet.dist(x, y, float('inf'))
        tensor(3.)
    """
    d = (_t(input) - other).abs()
    if p == 0:
        return (d != 0).astype(d.dtype).sum()
    if p == math.inf:
        return d.amax()
    if p == -math.inf:
        return d.amin()
    if p == 1:
        return d.sum()
    s = (d * d).sum() if p == 2 else d.pow(p).sum()
    zero = s == 0
    # the root's derivative is infinite at 0; torch gives a zero gradient there instead
    safe = s.masked_fill(zero, 1.0)
    return (safe.sqrt() if p == 2 else safe.pow(1.0 / p)).masked_fill(zero, 0.0)


def angle(input: Tensor) -> Tensor:  # noqa: A002
    """Computes the element-wise angle (in radians) of the given ``input`` tensor.

    For the real tensors glassnet has: ``0`` where ``input >= 0`` and ``pi`` where ``input < 0`` (NaN
    stays NaN); the gradient is zero.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.angle(glassnet.tensor([-2.0, 0.0, 3.0]))
        tensor([3.1416, 0.0000, 0.0000])
    """
    x = _floating(input)
    return x * 0 + _const(backend.xp.where(x._data < 0, math.pi, 0.0).astype(x._data.dtype))


def index_reduce(input: Tensor, dim: int, index: Any, source: Tensor, reduce: str, *,  # noqa: A002
                 include_self: bool = True) -> Tensor:
    """Out-of-place version of ``Tensor.index_reduce_``.

    Returns a copy of ``input`` into which the slices of ``source`` along ``dim`` are reduced, the ``i``-th
    slice into the slice at ``index[i]``.

    Args:
        input (Tensor): the input tensor.
        dim (int): dimension along which to index.
        index (Tensor): 1-D tensor of indices to select from (int64); ``len(index)`` equals
            ``source.size(dim)``.
        source (Tensor): the tensor containing values to accumulate.
        reduce (str): the reduction operation to apply (``"prod"``, ``"mean"``, ``"amax"``, ``"amin"``).
        include_self (bool, optional): whether the elements of ``input`` take part in the reduction.
            Default: ``True``.

    Example:
        >>> x = glassnet.full((3, 2), 2.0)
        >>> src = glassnet.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        >>> glassnet.index_reduce(x, 0, glassnet.tensor([0, 2, 0]), src, 'prod')
        tensor([[10., 24.],
                [ 2.,  2.],
                [ 6.,  8.]])
        >>> glassnet.index_reduce(x, 0, glassnet.tensor([0, 2, 0]), src, 'amax', include_self=False)
        tensor([[5., 6.],
                [2., 2.],
                [3., 4.]])
    """
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.")
    d = _dim(dim, input.ndim, "index_reduce")
    idx = _index_arg(index, "index_reduce").reshape(-1)
    src = _t(source)
    if src.shape[d] != idx.shape[0]:
        raise IndexError(f"index_reduce(): number of indices ({idx.shape[0]}) should be equal to source.size(dim) "
                         f"({src.shape[d]})")
    return IndexReduce.apply(input, src, d, idx, reduce, include_self)


def igamma(input: Any, other: Any) -> Tensor:  # noqa: A002
    r"""Computes the regularized lower incomplete gamma function. Alias of :func:`glassnet.special.gammainc`.

    .. math:: \mathrm{P}(a, x) = \frac{1}{\Gamma(a)} \int_0^{x} t^{a-1} e^{-t} dt

    Args:
        input (Tensor): the first non-negative input tensor (``a``).
        other (Tensor): the second non-negative input tensor (``x``).

    Example:
        >>> glassnet.igamma(glassnet.tensor([4.0]), glassnet.tensor([3.0, 4.0, 5.0]))
        tensor([0.3528, 0.5665, 0.7350])
    """
    from .special import gammainc

    return gammainc(input, other)


def igammac(input: Any, other: Any) -> Tensor:  # noqa: A002
    r"""Computes the regularized upper incomplete gamma function. Alias of :func:`glassnet.special.gammaincc`.

    .. math:: \mathrm{Q}(a, x) = \frac{1}{\Gamma(a)} \int_x^{\infty} t^{a-1} e^{-t} dt

    Args:
        input (Tensor): the first non-negative input tensor (``a``).
        other (Tensor): the second non-negative input tensor (``x``).

    Example:
        >>> glassnet.igammac(glassnet.tensor([4.0]), glassnet.tensor([3.0, 4.0, 5.0]))
        tensor([0.6472, 0.4335, 0.2650])
    """
    from .special import gammaincc

    return gammaincc(input, other)


# ---- more runtime switches (recorded; glassnet has one thread pool and no inference mode) ---------
_SETTINGS.update({"interop_threads": 1, "warn_always": False, "flush_denormal": False, "debug_mode": 0})


def get_num_interop_threads() -> int:
    """Returns the number of threads used for inter-op parallelism.

    glassnet runs ops one after another, so this is the value recorded by
    :func:`glassnet.set_num_interop_threads` (``1`` by default).

    Example:
        >>> glassnet.get_num_interop_threads()
        1
    """
    return _SETTINGS["interop_threads"]


def set_num_interop_threads(num: int) -> None:
    """Sets the number of threads used for inter-op parallelism.

    glassnet records the value only, as it does not run ops in parallel.

    Args:
        num (int): the number of threads, at least 1.

    Example:
        >>> glassnet.set_num_interop_threads(1)
        >>> glassnet.get_num_interop_threads()
        1
    """
    if num <= 0:
        raise RuntimeError(f"Expected positive number of threads, got {num}")
    _SETTINGS["interop_threads"] = builtins.int(num)


def init_num_threads() -> None:
    """Initializes the number of parallel threads; a no-op in glassnet, as NumPy's thread pool starts itself.

    Example:
        >>> glassnet.init_num_threads()
    """


def is_inference_mode_enabled() -> bool:
    """Returns ``False``: glassnet has no inference mode (use :class:`glassnet.no_grad` to stop recording).

    Example:
        >>> glassnet.is_inference_mode_enabled()
        False
    """
    return False


def set_warn_always(b: bool) -> None:
    """Sets whether warnings that are shown once per process should be shown every time.

    When this flag is ``False`` (default) some warnings are only shown once per process; glassnet records the
    flag.

    Args:
        b (bool): if ``True``, warnings that fire once should fire every time.

    Example:
        >>> glassnet.set_warn_always(True)
        >>> glassnet.is_warn_always_enabled()
        True
        >>> glassnet.set_warn_always(False)
    """
    _SETTINGS["warn_always"] = builtins.bool(b)


def is_warn_always_enabled() -> bool:
    """Returns ``True`` if the global warn_always flag is turned on (see :func:`glassnet.set_warn_always`).

    Example:
        >>> glassnet.is_warn_always_enabled()
        False
    """
    return _SETTINGS["warn_always"]


def set_flush_denormal(mode: bool) -> bool:
    """Disables denormal floating numbers on CPU, where supported.

    NumPy cannot flush denormals to zero, so glassnet reports the request as unsupported and returns
    ``False`` (as PyTorch does on CPUs without that support).

    Args:
        mode (bool): controls whether to enable flush denormal mode or not.

    Returns:
        bool: ``False``.

    Example:
        >>> glassnet.set_flush_denormal(True)
        False
    """
    _SETTINGS["flush_denormal"] = False
    return False


def set_deterministic_debug_mode(debug_mode: Any) -> None:
    """Sets the debug mode for deterministic operations.

    The mode is ``0``/``"default"``, ``1``/``"warn"`` or ``2``/``"error"``. Modes ``1`` and ``2`` also turn
    :func:`glassnet.use_deterministic_algorithms` on (with ``warn_only`` for ``1``).

    Args:
        debug_mode (str or int): the mode.

    Example:
        >>> glassnet.set_deterministic_debug_mode("warn")
        >>> glassnet.get_deterministic_debug_mode()
        1
        >>> glassnet.set_deterministic_debug_mode(0)
    """
    modes = {"default": 0, "warn": 1, "error": 2}
    mode = modes.get(debug_mode, debug_mode) if isinstance(debug_mode, str) else builtins.int(debug_mode)
    if mode not in (0, 1, 2):
        raise RuntimeError(f"invalid value of debug_mode, expected one of `default`, `warn`, `error`, but got "
                           f"{debug_mode}")
    _SETTINGS["debug_mode"] = mode
    use_deterministic_algorithms(mode > 0, warn_only=mode == 1)


def get_deterministic_debug_mode() -> int:
    """Returns the current value of the debug mode for deterministic operations.

    See :func:`glassnet.set_deterministic_debug_mode`.

    Example:
        >>> glassnet.get_deterministic_debug_mode()
        0
    """
    if not _SETTINGS["deterministic"]:
        return 0
    return 1 if _SETTINGS["deterministic_warn_only"] else 2


# ---- matrix exponential, histograms in several dims, random counts -------------------------------
def matrix_exp(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the matrix exponential of a square matrix or of each square matrix in a batch.

    .. math:: \mathrm{matrix\_exp}(A) = \sum_{k=0}^\infty \frac{1}{k!}A^k \in \mathbb{K}^{n \times n}.

    glassnet uses scaling and squaring around a degree-18 Taylor polynomial: ``A`` is divided by
    ``2^s`` so its 1-norm is at most 1/2, where the Taylor sum is exact to float64 rounding, and the result
    is squared ``s`` times. Everything is matrix products of Tensors, so autograd differentiates it like
    any other composition.

    Args:
        input (Tensor): the input tensor of shape ``(*, n, n)`` where ``*`` is zero or more batch
            dimensions.

    Example:
        >>> glassnet.matrix_exp(glassnet.zeros(2, 2))
        tensor([[1., 0.],
                [0., 1.]])
        >>> glassnet.matrix_exp(glassnet.tensor([[0.0, 1.0], [0.0, 0.0]]))
        tensor([[1., 1.],
                [0., 1.]])
    """
    if input.ndim < 2 or input.shape[-1] != input.shape[-2]:
        raise RuntimeError(f"linalg.matrix_exp: A must be batches of square matrices, but they are "
                           f"{input.shape[-2] if input.ndim > 1 else input.numel()} by {input.shape[-1]} matrices")
    a = _floating(input)
    if a.numel() == 0:
        return a.clone()
    xp = a.xp
    norm = builtins.float(xp.abs(a._data).sum(axis=-2).max())
    s = builtins.max(0, builtins.int(math.ceil(math.log2(norm))) + 1) if norm > 0 and math.isfinite(norm) else 0
    scaled = a / (2.0 ** s)
    n = a.shape[-1]
    eye = _const(xp.broadcast_to(xp.eye(n, dtype=a._data.dtype), a.shape).copy())
    result = eye
    for k in range(18, 0, -1):  # Horner: I + A/1 (I + A/2 (I + ... (I + A/18)))
        result = eye + (scaled @ result) / k
    for _ in range(s):
        result = result @ result
    return result


def histogramdd(input: Tensor, bins: Any = 10, *, range: Any = None, weight: Any = None,  # noqa: A002
                density: bool = False) -> Any:
    """Computes a multi-dimensional histogram of the values in a tensor.

    Interprets the elements of an input tensor whose innermost dimension has size ``D`` as a collection of
    ``D``-dimensional points, and counts them in a grid of bins.

    Args:
        input (Tensor): the input tensor, of shape ``(N, D)`` (or ``(*, D)``).
        bins (Tensor[], int[] or int): if Tensors, the sequences of bin edges, one per dimension; if ints,
            the number of equal-width bins per dimension (one int for all). Default: ``10``.
        range (sequence of float, optional): the leftmost and rightmost bin edges in each dimension,
            ``(min_0, max_0, min_1, max_1, ...)``. Default: ``None`` (the data's range).
        weight (Tensor, optional): a weight for each point. Default: ``None``.
        density (bool, optional): if ``True``, the result is normalized to a probability density over the
            bins. Default: ``False``.

    Returns:
        (Tensor, Tensor[]): the namedtuple ``(hist, bin_edges)``, with one edge tensor per dimension.

    Example:
        >>> pts = glassnet.tensor([[0.0, 1.0], [1.0, 0.0], [2.0, 0.0], [2.0, 2.0]])
        >>> hist, edges = glassnet.histogramdd(pts, bins=[3, 3])
        >>> hist
        tensor([[0., 1., 0.],
                [1., 0., 0.],
                [1., 0., 1.]])
        >>> edges[0]
        tensor([0.0000, 0.6667, 1.3333, 2.0000])
    """
    xp, a = input.xp, input._data
    if a.ndim < 2:
        raise RuntimeError(f"torch.histogramdd: input tensor should have at least 2 dimensions, but got {a.ndim}")
    pts = a.reshape(-1, a.shape[-1])
    d = pts.shape[1]
    if isinstance(bins, Tensor) or (isinstance(bins, (list, tuple)) and bins and isinstance(bins[0], Tensor)):
        bins = [b._data for b in bins] if not isinstance(bins, Tensor) else [bins._data]
    rng = None if range is None else [(range[2 * i], range[2 * i + 1]) for i in builtins.range(d)]
    w = weight._data.reshape(-1) if isinstance(weight, Tensor) else weight
    hist, edges = xp.histogramdd(pts, bins=bins, range=rng, weights=w, density=density)
    Hist = namedtuple("histogramdd", ["hist", "bin_edges"])
    return Hist(_const(hist.astype(a.dtype)), [_const(e.astype(a.dtype)) for e in edges])


def poisson(input: Tensor, generator: Any = None) -> Tensor:  # noqa: A002
    r"""Samples each element from a Poisson distribution with the rate given by ``input``.

    Returns a tensor of the same size as ``input``.

    .. math:: \text{out}_i \sim \text{Poisson}(\text{input}_i)

    Args:
        input (Tensor): the input tensor containing the non-negative rates of the Poisson distribution.
        generator (glassnet.Generator, optional): a pseudorandom number generator for sampling.
            Default: ``None``.

    Example:
        >>> rates = glassnet.rand(4, 4) * 5
        >>> glassnet.poisson(rates).shape
        glassnet.Size([4, 4])
        >>> glassnet.poisson(glassnet.zeros(3))
        tensor([0., 0., 0.])
    """
    from .array_backend import device_of, move

    if (input._data < 0).any():
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    # The generator is NumPy's: draw on the host from host rates, then go back to the input's device.
    draws = backend.rng(generator).poisson(move(input._data, "cpu", "poisson"))
    return _const(move(draws.astype(input._data.dtype), device_of(input._data), "poisson"))


def binomial(count: Tensor, prob: Tensor, generator: Any = None) -> Tensor:
    """Draws from binomial distributions with ``count`` trials and success probability ``prob``.

    Each element is the number of successes in ``count`` trials, each succeeding with probability ``prob``.

    Args:
        count (Tensor): the number of trials (a floating point tensor of whole numbers).
        prob (Tensor): the probability of success of each trial, in ``[0, 1]``.
        generator (glassnet.Generator, optional): a pseudorandom number generator for sampling.
            Default: ``None``.

    Returns:
        Tensor: the draws, of ``count``'s floating dtype (the default one for integer ``count``).

    Example:
        >>> glassnet.binomial(glassnet.full((2, 3), 10.0), glassnet.full((2, 3), 0.5)).shape
        glassnet.Size([2, 3])
        >>> glassnet.binomial(glassnet.tensor([5.0, 5.0]), glassnet.tensor([0.0, 1.0]))
        tensor([0., 5.])
    """
    n, p = _t(count)._data, _t(prob)._data
    if ((p < 0) | (p > 1)).any():
        raise RuntimeError("binomial: prob must be in [0, 1]")
    from .array_backend import device_of, move

    # The generator is NumPy's: draw on the host, then go back to the inputs' device.
    draws = backend.rng(generator).binomial(move(n, "cpu", "binomial").astype("int64"), move(p, "cpu", "binomial"))
    draws = draws.astype(n.dtype if n.dtype.kind == "f" else dtypes.get_default_dtype().np)
    return _const(move(draws, device_of(n), "binomial"))


def adjoint(input: Tensor) -> Tensor:  # noqa: A002
    """Returns a view of the tensor conjugated and with the last two dimensions transposed.

    For the real tensors glassnet has, the transpose of the last two dimensions.

    Args:
        input (Tensor): the input tensor (at least 2-D).

    Example:
        >>> glassnet.adjoint(glassnet.tensor([[1.0, 2.0], [3.0, 4.0]]))
        tensor([[1., 3.],
                [2., 4.]])
    """
    return input.adjoint()


def get_device(input: Tensor) -> int:  # noqa: A002
    """Returns the device ordinal of ``input``: ``-1``, as glassnet tensors are CPU tensors.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.get_device(glassnet.zeros(2))
        -1
    """
    return input.get_device()


def is_inference(input: Tensor) -> bool:  # noqa: A002
    """Returns ``False``: glassnet has no inference-mode tensors.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.is_inference(glassnet.zeros(2))
        False
    """
    return input.is_inference()


__all__ += ["matrix_exp", "histogramdd", "poisson", "binomial", "adjoint", "get_device", "is_inference"]
