"""Indexing and layout functions: scatter/scatter_reduce/index_add/index_fill, masked_select, nonzero/
argwhere, take/take_along_dim, tril/triu, diagonal/diag, roll, flip, narrow, Tensor.unfold and
repeat_interleave. Most are built from the indexing ops (GetItem, Gather, IndexSelect, Where), so
their gradients and double backward come from those.
"""

from __future__ import annotations

from types import FunctionType
from typing import Any

from .ops import elementwise as elementwise_ops
from .ops import index as index_ops
from .ops import scatter as scatter_ops
from .tensor import Tensor, _arr, _dim

_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


def _t(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _check_index(op: str, index: Any, size: int, dim: int) -> Any:
    """index as an integer array whose values address a dim of length ``size``."""
    idx = _arr(index)
    if getattr(idx, "dtype", None) is None or idx.dtype.kind not in "iu":
        raise RuntimeError(f"{op}(): Expected dtype int32/int64 for index")
    if idx.size and (idx.min() < 0 or idx.max() >= size):
        bad = int(idx.min()) if idx.min() < 0 else int(idx.max())
        raise RuntimeError(f"{op}(): index {bad} is out of bounds for dimension {dim} with size {size}")
    return idx


def _check_scatter(op: str, x: Tensor, dim: int, index: Any, src: Any) -> tuple:
    """dim normalised and index checked as PyTorch's scatter family does (shapes no larger than self/src)."""
    d = _dim(dim, x.ndim, op)
    idx = _arr(index)
    if getattr(idx, "ndim", -1) != x.ndim and not (x.ndim == 0 and getattr(idx, "ndim", -1) <= 1):
        raise RuntimeError(f"{op}(): Index tensor must have the same number of dimensions as self tensor")
    idx = _check_index(op, idx, x._data.shape[d] if x.ndim else 1, d)
    for k, n in enumerate(idx.shape):
        limit_self = x._data.shape[k] if x.ndim else 1
        limit_src = src._data.shape[k] if isinstance(src, Tensor) and src.ndim else None
        if (k != d and n > limit_self) or (limit_src is not None and n > limit_src):
            raise RuntimeError(
                f"{op}(): Expected index {list(idx.shape)} to be smaller than self {list(x.shape)} apart from "
                f"dimension {d} and to be smaller size than src "
                f"{list(src.shape) if isinstance(src, Tensor) else []}"
            )
    return d, idx


def _same_dtype(op: str, x: Tensor, src: Tensor) -> None:
    if src._data.dtype != x._data.dtype:
        raise RuntimeError(f"{op}(): Expected self.dtype to be equal to src.dtype ({x.dtype!r} vs {src.dtype!r})")


def scatter(input: Any, dim: int, index: Any, src: Any = None, *, value: Any = None,  # noqa: A002
            reduce: str | None = None) -> Tensor:
    """Out-of-place version of :meth:`glassnet.Tensor.scatter_`: returns a copy of :attr:`input` with the
    values of :attr:`src` (or the scalar :attr:`value`) written at the positions :attr:`index` along :attr:`dim`.

    For a 3-D tensor with ``dim == 0`` this is ``out[index[i][j][k]][j][k] = src[i][j][k]`` (and so on for
    the other dims). ``reduce='add'`` or ``'multiply'`` combines instead of overwriting (PyTorch's older
    interface; see :func:`glassnet.scatter_reduce`).

    Args:
        input (Tensor): the input tensor.
        dim (int): the axis along which to index.
        index (Tensor): the int64 indices of the elements to scatter (no larger than :attr:`src`).
        src (Tensor, optional): the source elements to scatter. Default: ``None`` (use :attr:`value`).

    Keyword args:
        value (Number, optional): the value to scatter, instead of :attr:`src`. Default: ``None``.
        reduce (str, optional): ``'add'`` or ``'multiply'``. Default: ``None``.

    Example:
        >>> src = glassnet.arange(1, 11).reshape(2, 5)
        >>> index = glassnet.tensor([[0, 1, 2, 0]])
        >>> glassnet.scatter(glassnet.zeros(3, 5, dtype=src.dtype), 0, index, src)
        tensor([[1, 0, 0, 4, 0],
                [0, 2, 0, 0, 0],
                [0, 0, 3, 0, 0]])
        >>> glassnet.scatter(glassnet.zeros(2, 4), 1, glassnet.tensor([[2], [3]]), value=1.5)
        tensor([[0.0000, 0.0000, 1.5000, 0.0000],
                [0.0000, 0.0000, 0.0000, 1.5000]])
    """
    x = _t(input)
    if src is None:
        src = value
    if reduce is not None:  # the older reduce= spelling: 'add' and 'multiply' include self
        name = {"add": "sum", "multiply": "prod"}.get(reduce)
        if name is None:
            raise RuntimeError(f"reduce argument must be either add or multiply, got {reduce}")
        if not isinstance(src, Tensor):
            src = Tensor(x.xp.full(_arr(index).shape, src, dtype=x._data.dtype))
        return scatter_reduce(x, dim, index, src, name)
    d, idx = _check_scatter("scatter", x, dim, index, src)
    if isinstance(src, Tensor):
        _same_dtype("scatter", x, src)
        return scatter_ops.Scatter.apply(x, d, idx, src)
    return scatter_ops.Scatter.apply(x, d, idx, x.xp.asarray(src, dtype=x._data.dtype))


def scatter_add(input: Any, dim: int, index: Any, src: Any) -> Tensor:  # noqa: A002
    """Out-of-place version of :meth:`glassnet.Tensor.scatter_add_`: returns a copy of :attr:`input` with the
    values of :attr:`src` added at the positions :attr:`index` along :attr:`dim`; repeated indices accumulate.

    Args:
        input (Tensor): the input tensor.
        dim (int): the axis along which to index.
        index (Tensor): the int64 indices of the elements to scatter and add.
        src (Tensor): the source elements to scatter and add.

    Example:
        >>> index, src = glassnet.tensor([0, 1, 0, 2]), glassnet.tensor([1.0, 2.0, 3.0, 4.0])
        >>> glassnet.scatter_add(glassnet.zeros(3), 0, index, src)
        tensor([4., 2., 4.])
    """
    x, s = _t(input), _t(src)
    d, idx = _check_scatter("scatter_add", x, dim, index, s)
    _same_dtype("scatter_add", x, s)
    return index_ops.ScatterAdd.apply(x, d, idx, s)


def scatter_reduce(input: Any, dim: int, index: Any, src: Any, reduce: str, *,  # noqa: A002
                   include_self: bool = True) -> Tensor:
    """Out-of-place version of :meth:`glassnet.Tensor.scatter_reduce_`: reduces the values of :attr:`src`
    into a copy of :attr:`input` at the positions :attr:`index` along :attr:`dim`, with :attr:`reduce`.

    Args:
        input (Tensor): the input tensor.
        dim (int): the axis along which to index.
        index (Tensor): the int64 indices of the elements to scatter and reduce.
        src (Tensor): the source elements to scatter and reduce.
        reduce (str): the reduction: ``'sum'``, ``'prod'``, ``'mean'``, ``'amax'`` or ``'amin'``.

    Keyword args:
        include_self (bool, optional): whether the elements of :attr:`input` at the scattered positions
            take part in the reduction. Default: ``True``.

    Example:
        >>> src = glassnet.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
        >>> index = glassnet.tensor([0, 1, 0, 1, 2, 1])
        >>> input = glassnet.tensor([1.0, 2.0, 3.0, 4.0])
        >>> glassnet.scatter_reduce(input, 0, index, src, reduce='sum')
        tensor([ 5., 14.,  8.,  4.])
        >>> glassnet.scatter_reduce(input, 0, index, src, reduce='amax', include_self=False)
        tensor([3., 6., 5., 4.])
    """
    x, s = _t(input), _t(src)
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    d, idx = _check_scatter("scatter_reduce", x, dim, index, s)
    _same_dtype("scatter_reduce", x, s)
    return scatter_ops.ScatterReduce.apply(x, d, idx, s, reduce, include_self)


def index_add(input: Any, dim: int, index: Any, source: Any, *, alpha: Any = 1) -> Tensor:  # noqa: A002
    """Out-of-place version of :meth:`glassnet.Tensor.index_add_`: returns a copy of :attr:`input` with
    ``alpha * source`` added to the slices at the positions :attr:`index` along :attr:`dim` (repeated
    indices accumulate).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which to index.
        index (Tensor): a 1-D tensor of indices into dimension :attr:`dim` of :attr:`input`.
        source (Tensor): the tensor to add; its size along :attr:`dim` is ``len(index)``.

    Keyword args:
        alpha (Number, optional): the scalar multiplier for :attr:`source`. Default: ``1``.

    Example:
        >>> source = glassnet.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        >>> glassnet.index_add(glassnet.ones(3, 3), 0, glassnet.tensor([0, 2]), source, alpha=10)
        tensor([[11., 21., 31.],
                [ 1.,  1.,  1.],
                [41., 51., 61.]])
    """
    x, s = _t(input), _t(source)
    d = _dim(dim, x.ndim, "index_add")
    idx = _check_index("index_add", index, x._data.shape[d] if x.ndim else 1, d).reshape(-1)
    n_src = s._data.shape[d] if s.ndim else 1
    if idx.size != n_src:
        raise RuntimeError(
            f"index_add_(): Number of indices ({idx.size}) should be equal to source.size(dim): ({n_src}), "
            f"for dim: {d}"
        )
    _same_dtype("index_add", x, s)
    if x.ndim == 0:
        return x + s.reshape(()) * alpha
    return scatter_ops.IndexAdd.apply(x, d, idx, s, alpha)


def index_fill(input: Any, dim: int, index: Any, value: Any) -> Tensor:  # noqa: A002
    """Out-of-place version of :meth:`glassnet.Tensor.index_fill_`: returns a copy of :attr:`input` with
    :attr:`value` written in the slices at the positions :attr:`index` along :attr:`dim`.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which to index.
        index (Tensor): a 1-D tensor of indices into dimension :attr:`dim` of :attr:`input`.
        value (float or Tensor): the value to fill with (a number or a 0-d tensor).

    Example:
        >>> glassnet.index_fill(glassnet.zeros(2, 3), 1, glassnet.tensor([0, 2]), -1.0)
        tensor([[-1.,  0., -1.],
                [-1.,  0., -1.]])
    """
    x = _t(input)
    d = _dim(dim, x.ndim, "index_fill")
    idx = _check_index("index_fill", index, x._data.shape[d] if x.ndim else 1, d).reshape(-1)
    mask = x.xp.zeros(x._data.shape, dtype=bool)
    mask[(slice(None),) * d + (idx,)] = True
    return x.masked_fill(mask, value)


def masked_select(input: Any, mask: Any) -> Tensor:  # noqa: A002
    """Returns a new 1-D tensor which indexes :attr:`input` according to the bool :attr:`mask`.

    The shapes of :attr:`mask` and :attr:`input` need not match, but they must broadcast together.
    The elements come in row-major order.

    Args:
        input (Tensor): the input tensor.
        mask (Tensor): the bool tensor of the elements to select.

    Example:
        >>> x = glassnet.tensor([[0.5, -1.0], [2.0, -3.0]])
        >>> glassnet.masked_select(x, x > 0)
        tensor([0.5000, 2.0000])
    """
    x, m = _t(input), _arr(mask)
    if getattr(m, "dtype", None) is None or m.dtype.kind != "b":
        raise RuntimeError(f"masked_select: expected BoolTensor for mask, got {getattr(m, 'dtype', type(m))}")
    xp = x.xp
    shape = xp.broadcast_shapes(x._data.shape, m.shape)
    return x.broadcast_to(shape)[xp.broadcast_to(m, shape)]


def masked_scatter(input: Any, mask: Any, source: Any) -> Tensor:  # noqa: A002
    """Out-of-place version of :meth:`glassnet.Tensor.masked_scatter_`: returns a copy of :attr:`input` whose
    positions where :attr:`mask` is True take the leading elements of :attr:`source`, in row-major order.

    Args:
        input (Tensor): the input tensor.
        mask (Tensor): the bool mask (broadcast to :attr:`input`'s shape).
        source (Tensor): the tensor to copy from; it needs at least as many elements as the mask has
            True values.

    Example:
        >>> mask = glassnet.tensor([[False, True, True], [True, False, False]])
        >>> glassnet.masked_scatter(glassnet.zeros(2, 3), mask, glassnet.tensor([1.0, 2.0, 3.0, 4.0]))
        tensor([[0., 1., 2.],
                [3., 0., 0.]])
    """
    x, src = _t(input), _t(source)
    m = _arr(mask)
    if getattr(m, "dtype", None) is None or m.dtype.kind != "b":
        raise RuntimeError("masked_scatter_only supports boolean masks, but got mask with dtype "
                           f"{getattr(m, 'dtype', type(m))}")
    m = x.xp.broadcast_to(m, x._data.shape)
    count = int(m.sum())
    if count > src._data.size:
        raise RuntimeError(f"masked_scatter: expected source to have at least {count} elements, got {src._data.size}")
    placed = index_ops.IndexIntoZeros.apply(src.reshape(-1)[:count], x._data.shape, m)
    return elementwise_ops.Where.apply(m, placed, x)


def nonzero(input: Any, *, as_tuple: bool = False) -> Any:  # noqa: A002
    """Returns the indices of all non-zero elements of :attr:`input`.

    By default a 2-D int64 tensor of shape ``(z, n)`` for ``z`` non-zero elements of an n-dimensional
    input, one row of indices per element in row-major order; with ``as_tuple=True`` a tuple of ``n``
    1-D tensors, one per dimension (usable for indexing: ``x[x.nonzero(as_tuple=True)]``).

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        as_tuple (bool, optional): return a tuple of 1-D tensors instead of one 2-D tensor.
            Default: ``False``.

    Example:
        >>> x = glassnet.tensor([[0.6, 0.0], [0.0, 0.4], [1.0, 0.0]])
        >>> glassnet.nonzero(x)
        tensor([[0, 0],
                [1, 1],
                [2, 0]])
        >>> glassnet.nonzero(x, as_tuple=True)
        (tensor([0, 1, 2]), tensor([0, 1, 0]))
    """
    x = _t(input)
    xp = x.xp
    found = xp.nonzero(xp.atleast_1d(x._data))
    if as_tuple:
        return tuple(Tensor._wrap(i.astype("int64")) for i in found)
    if x.ndim == 0:
        return Tensor._wrap(xp.zeros((int(found[0].size), 0), dtype="int64"))
    return Tensor._wrap(xp.stack(found, axis=1).astype("int64"))


def argwhere(input: Any) -> Tensor:  # noqa: A002
    """Returns a tensor containing the indices of all non-zero elements of :attr:`input`, one row per
    element (the same as :func:`glassnet.nonzero` without ``as_tuple``).

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.argwhere(glassnet.tensor([[1, 0, 1], [0, 1, 0]]))
        tensor([[0, 0],
                [0, 2],
                [1, 1]])
    """
    return nonzero(input)


def take(input: Any, index: Any) -> Tensor:  # noqa: A002
    """Returns a new tensor with the elements of :attr:`input` at the given indices, treating the input
    as if it were viewed as a 1-D tensor. The result takes the same shape as the indices.

    Args:
        input (Tensor): the input tensor.
        index (Tensor): the int64 indices into the flattened tensor (negative indices count from the end).

    Example:
        >>> src = glassnet.tensor([[4, 3, 5], [6, 7, 8]])
        >>> glassnet.take(src, glassnet.tensor([0, 2, 5]))
        tensor([4, 5, 8])
    """
    x = _t(input)
    idx = _arr(index)
    n = x._data.size
    if idx.size and (idx.min() < -n or idx.max() >= n):
        raise IndexError(f"take(): index out of range for a tensor of {n} elements")
    return x.reshape(-1)[idx]


def take_along_dim(input: Any, indices: Any, dim: int | None = None) -> Tensor:  # noqa: A002
    """Selects values from :attr:`input` at the 1-dimensional indices from :attr:`indices` along the given
    :attr:`dim` (the inverse of argsort and argmax: ``take_along_dim(x, x.argsort(dim), dim)`` sorts).

    The two broadcast against each other in the dimensions other than :attr:`dim`. With ``dim=None``
    the input is flattened first.

    Args:
        input (Tensor): the input tensor.
        indices (Tensor): the int64 indices into :attr:`input`.
        dim (int, optional): the dimension to select along. Default: ``None`` (the flattened input).

    Example:
        >>> t = glassnet.tensor([[10, 30, 20], [60, 40, 50]])
        >>> glassnet.take_along_dim(t, t.argmax(dim=1, keepdim=True), dim=1)
        tensor([[30],
                [60]])
        >>> glassnet.take_along_dim(t, t.argsort(dim=1), dim=1)
        tensor([[10, 20, 30],
                [40, 50, 60]])
    """
    x = _t(input)
    idx = _arr(indices)
    if dim is None:
        return x.reshape(-1).gather(0, Tensor._wrap(idx.reshape(-1)))
    d = _dim(dim, x.ndim, "take_along_dim")
    if idx.ndim != x.ndim:
        raise RuntimeError(
            f"torch.take_along_dim(): input and indices should have the same number of dimensions, but got "
            f"{x.ndim} dimensions for input, and {idx.ndim} dimensions for indices"
        )
    xp = x.xp
    others_x = x._data.shape[:d] + (1,) + x._data.shape[d + 1:]
    others_i = idx.shape[:d] + (1,) + idx.shape[d + 1:]
    common = list(xp.broadcast_shapes(others_x, others_i))
    x_shape, i_shape = list(common), list(common)
    x_shape[d], i_shape[d] = x._data.shape[d], idx.shape[d]
    return x.broadcast_to(tuple(x_shape)).gather(d, Tensor._wrap(xp.broadcast_to(idx, tuple(i_shape))))


# ---- layout ------------------------------------------------------------------------------------------
def _triangle(x: Tensor, diagonal: int, lower: bool, op: str) -> Tensor:
    if x.ndim < 2:
        raise RuntimeError(f"{op}: input tensor must have at least 2 dimensions")
    xp = x.xp
    rows, cols = x._data.shape[-2:]
    mask = xp.tri(rows, cols, diagonal, dtype=bool)
    if not lower:
        mask = ~xp.tri(rows, cols, diagonal - 1, dtype=bool)
    return elementwise_ops.Where.apply(mask, x, xp.zeros((), dtype=x._data.dtype))


def tril(input: Any, diagonal: int = 0) -> Tensor:  # noqa: A002
    """Returns the lower triangular part of the matrix (2-D tensor) or batch of matrices :attr:`input`;
    the other elements of the result are set to 0.

    The lower triangle is the elements on and below the diagonal. :attr:`diagonal` moves it: positive
    values include that many diagonals above the main one, negative values exclude diagonals below it.

    Args:
        input (Tensor): the input tensor (at least 2-D; the last two dims are the matrix).
        diagonal (int, optional): the diagonal to consider. Default: ``0``.

    Example:
        >>> a = glassnet.ones(3, 3)
        >>> glassnet.tril(a)
        tensor([[1., 0., 0.],
                [1., 1., 0.],
                [1., 1., 1.]])
        >>> glassnet.tril(a, diagonal=-1)
        tensor([[0., 0., 0.],
                [1., 0., 0.],
                [1., 1., 0.]])
    """
    return _triangle(_t(input), diagonal, True, "tril")


def triu(input: Any, diagonal: int = 0) -> Tensor:  # noqa: A002
    """Returns the upper triangular part of the matrix (2-D tensor) or batch of matrices :attr:`input`;
    the other elements of the result are set to 0.

    The upper triangle is the elements on and above the diagonal. :attr:`diagonal` moves it: positive
    values exclude that many diagonals above the main one, negative values include diagonals below it.

    Args:
        input (Tensor): the input tensor (at least 2-D; the last two dims are the matrix).
        diagonal (int, optional): the diagonal to consider. Default: ``0``.

    Example:
        >>> a = glassnet.ones(3, 3)
        >>> glassnet.triu(a)
        tensor([[1., 1., 1.],
                [0., 1., 1.],
                [0., 0., 1.]])
        >>> glassnet.triu(a, diagonal=1)
        tensor([[0., 1., 1.],
                [0., 0., 1.],
                [0., 0., 0.]])
    """
    return _triangle(_t(input), diagonal, False, "triu")


def _diagonal_index(shape: tuple, offset: int, d1: int, d2: int, xp: Any) -> tuple:
    """An index tuple picking the offset diagonal of dims d1, d2, as a new last dim (like NumPy's diagonal)."""
    n = max(0, min(shape[d1] - max(-offset, 0), shape[d2] - max(offset, 0)))
    rest = [k for k in range(len(shape)) if k not in (d1, d2)]
    ndim_out = len(rest) + 1
    index: list = [None] * len(shape)
    for pos, k in enumerate(rest):
        grid = [1] * ndim_out
        grid[pos] = shape[k]
        index[k] = xp.arange(shape[k]).reshape(grid)
    step = xp.arange(n)
    index[d1] = step + max(-offset, 0)
    index[d2] = step + max(offset, 0)
    return tuple(index)


def diagonal(input: Any, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:  # noqa: A002
    """Returns the diagonal elements of :attr:`input` with respect to :attr:`dim1` and :attr:`dim2`,
    appended as a dimension at the end of the shape.

    Unlike PyTorch's, which returns a view, the result is a copy: writing into it leaves
    :attr:`input` unchanged (the gradient flows back to :attr:`input` all the same).

    :attr:`offset` picks the diagonal: 0 the main one, > 0 above it, < 0 below it.

    Args:
        input (Tensor): the input tensor (at least 2-D).
        offset (int, optional): which diagonal to consider. Default: ``0``.
        dim1 (int, optional): the first dimension of the diagonal. Default: ``0``.
        dim2 (int, optional): the second dimension of the diagonal. Default: ``1``.

    Example:
        >>> a = glassnet.arange(9).reshape(3, 3)
        >>> glassnet.diagonal(a)
        tensor([0, 4, 8])
        >>> glassnet.diagonal(a, offset=1)
        tensor([1, 5])
        >>> glassnet.diagonal(glassnet.zeros(2, 3, 4), dim1=1, dim2=2).shape
        glassnet.Size([2, 3])
    """
    x = _t(input)
    d1, d2 = _dim(dim1, x.ndim, "diagonal"), _dim(dim2, x.ndim, "diagonal")
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return index_ops.GetItem.apply(x, _diagonal_index(x._data.shape, offset, d1, d2, x.xp))


def diag(input: Any, diagonal: int = 0) -> Tensor:  # noqa: A002
    """If :attr:`input` is a vector (1-D tensor), returns a 2-D square tensor with the elements of
    :attr:`input` as the diagonal; if :attr:`input` is a matrix (2-D tensor), returns a 1-D tensor with
    its diagonal elements.

    :attr:`diagonal` picks the diagonal: 0 the main one, > 0 above it, < 0 below it.

    Args:
        input (Tensor): the input tensor (1-D or 2-D).
        diagonal (int, optional): the diagonal to consider. Default: ``0``.

    Example:
        >>> glassnet.diag(glassnet.tensor([1, 2, 3]))
        tensor([[1, 0, 0],
                [0, 2, 0],
                [0, 0, 3]])
        >>> glassnet.diag(glassnet.tensor([1, 2]), 1)
        tensor([[0, 1, 0],
                [0, 0, 2],
                [0, 0, 0]])
        >>> glassnet.diag(glassnet.arange(9).reshape(3, 3))
        tensor([0, 4, 8])
    """
    x = _t(input)
    if x.ndim == 2:
        return globals()["diagonal"](x, diagonal)
    if x.ndim != 1:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {x.ndim}D")
    n = x._data.shape[0] + abs(diagonal)
    idx = _diagonal_index((n, n), diagonal, 0, 1, x.xp)
    return index_ops.IndexIntoZeros.apply(x, (n, n), idx)


def diag_embed(input: Any, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:  # noqa: A002
    """Creates a tensor whose diagonals of certain 2-D planes (given by :attr:`dim1` and :attr:`dim2`) are
    filled by :attr:`input`: each vector along the last dimension of :attr:`input` goes on the
    :attr:`offset` diagonal of a new matrix.

    Args:
        input (Tensor): the input tensor (at least 1-D).
        offset (int, optional): which diagonal to fill. Default: ``0`` (the main one).
        dim1 (int, optional): the first dimension of the new matrices. Default: ``-2``.
        dim2 (int, optional): the second dimension of the new matrices. Default: ``-1``.

    Example:
        >>> glassnet.diag_embed(glassnet.tensor([[1, 2], [3, 4]]))
        tensor([[[1, 0],
                 [0, 2]],
        <BLANKLINE>
                [[3, 0],
                 [0, 4]]])
    """
    x = _t(input)
    nd = x.ndim + 1
    d1, d2 = _dim(dim1, nd, "diag_embed"), _dim(dim2, nd, "diag_embed")
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    n = x._data.shape[-1] + abs(offset)
    rest = list(x._data.shape[:-1])
    shape = [0] * nd
    it = iter(rest)
    for k in range(nd):
        shape[k] = n if k in (d1, d2) else next(it)
    return index_ops.IndexIntoZeros.apply(x, tuple(shape), _diagonal_index(tuple(shape), offset, d1, d2, x.xp))


def roll(input: Any, shifts: Any, dims: Any = None) -> Tensor:  # noqa: A002
    """Rolls the tensor :attr:`input` along the given dimension(s): elements shifted beyond the last
    position are re-introduced at the first position. With :attr:`dims` ``None`` the tensor is
    flattened before rolling and then restored to its original shape.

    Args:
        input (Tensor): the input tensor.
        shifts (int or tuple of ints): the number of places by which the elements are shifted; a tuple
            gives one shift per dimension of :attr:`dims`.
        dims (int or tuple of ints, optional): the axis along which to roll. Default: ``None``.

    Example:
        >>> x = glassnet.tensor([[1, 2], [3, 4], [5, 6]])
        >>> glassnet.roll(x, 1)
        tensor([[6, 1],
                [2, 3],
                [4, 5]])
        >>> glassnet.roll(x, 1, 0)
        tensor([[5, 6],
                [1, 2],
                [3, 4]])
        >>> glassnet.roll(x, shifts=(1, 1), dims=(0, 1))
        tensor([[6, 5],
                [2, 1],
                [4, 3]])
    """
    x = _t(input)
    if dims is None:
        if not isinstance(shifts, int) and len(shifts) != 1:
            raise RuntimeError(f"roll: shifts and dimensions must align. shifts: {len(shifts)}, dims: 0")
        s = shifts if isinstance(shifts, int) else shifts[0]
        return roll(x.reshape(-1), s, 0).reshape(x.shape)
    shifts = (shifts,) if isinstance(shifts, int) else tuple(shifts)
    dims = (dims,) if isinstance(dims, int) else tuple(dims)
    if len(shifts) != len(dims):
        raise RuntimeError(f"roll: shifts and dimensions must align. shifts: {len(shifts)}, dims: {len(dims)}")
    out = x
    for s, dim in zip(shifts, dims):
        d = _dim(dim, x.ndim, "roll")
        n = x._data.shape[d]
        if n:
            out = out.index_select(d, Tensor._wrap((x.xp.arange(n) - s) % n))
    return out


def flip(input: Any, dims: Any) -> Tensor:  # noqa: A002
    """Reverses the order of an n-D tensor along the given axes in :attr:`dims`.

    Unlike NumPy's ``flip``, which returns a view, this makes a copy of the data, as PyTorch does.

    Args:
        input (Tensor): the input tensor.
        dims (int or tuple of ints): the axis or axes to flip on.

    Example:
        >>> x = glassnet.arange(8).reshape(2, 2, 2)
        >>> glassnet.flip(x, [0, 1])
        tensor([[[6, 7],
                 [4, 5]],
        <BLANKLINE>
                [[2, 3],
                 [0, 1]]])
    """
    x = _t(input)
    dims = (dims,) if isinstance(dims, int) else tuple(dims)
    index = [slice(None)] * x.ndim
    for dim in dims:
        index[_dim(dim, x.ndim, "flip")] = slice(None, None, -1)
    # A NumPy index (x[...] refuses negative steps, as PyTorch does): a reversed view, then a copy.
    return index_ops.GetItem.apply(x, tuple(index), True).clone()


def fliplr(input: Any) -> Tensor:  # noqa: A002
    """Flips the tensor in the left/right direction: the entries of each row are reversed (dim 1).

    The input must be at least 2-D. The result is a copy, as in PyTorch.

    Args:
        input (Tensor): the input tensor (at least 2-D).

    Example:
        >>> glassnet.fliplr(glassnet.arange(4).reshape(2, 2))
        tensor([[1, 0],
                [3, 2]])
    """
    if _t(input).ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, 1)


def flipud(input: Any) -> Tensor:  # noqa: A002
    """Flips the tensor in the up/down direction: the order of the rows is reversed (dim 0).

    The input must be at least 1-D. The result is a copy, as in PyTorch.

    Args:
        input (Tensor): the input tensor (at least 1-D).

    Example:
        >>> glassnet.flipud(glassnet.arange(4).reshape(2, 2))
        tensor([[2, 3],
                [0, 1]])
    """
    if _t(input).ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, 0)


def rot90(input: Any, k: int = 1, dims: Any = (0, 1)) -> Tensor:  # noqa: A002
    """Rotates an n-D tensor by 90 degrees in the plane specified by :attr:`dims`, :attr:`k` times; the
    rotation goes from the first toward the second axis in :attr:`dims`.

    Args:
        input (Tensor): the input tensor (at least 2-D).
        k (int, optional): the number of times to rotate (negative: the other way). Default: ``1``.
        dims (a list or tuple, optional): the two axes of the plane to rotate in. Default: ``(0, 1)``.

    Example:
        >>> x = glassnet.arange(4).reshape(2, 2)
        >>> glassnet.rot90(x, 1, [0, 1])
        tensor([[1, 3],
                [0, 2]])
        >>> glassnet.rot90(x, -1, [0, 1])
        tensor([[2, 0],
                [3, 1]])
    """
    x = _t(input)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    d0, d1 = _dim(dims[0], x.ndim, "rot90"), _dim(dims[1], x.ndim, "rot90")
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {d0} and dim1 = {d1}")
    k %= 4
    if k == 1:
        return flip(x, d1).transpose(d0, d1)
    if k == 2:
        return flip(x, (d0, d1))
    if k == 3:
        return flip(x, d0).transpose(d0, d1)
    return x.clone()


def diff(input: Any, n: int = 1, dim: int = -1, prepend: Any = None, append: Any = None) -> Tensor:  # noqa: A002
    """Computes the n-th forward difference along the given dimension: ``out[i] = input[i + 1] - input[i]``,
    applied :attr:`n` times.

    :attr:`prepend` and :attr:`append` are joined to :attr:`input` along :attr:`dim` first. For bool
    tensors the difference is ``input[i + 1] != input[i]``, as in PyTorch.

    Args:
        input (Tensor): the tensor to compute the differences on.
        n (int, optional): the number of times to recursively compute the difference. Default: ``1``.
        dim (int, optional): the dimension to compute the difference along. Default: ``-1``.
        prepend (Tensor, optional): values to prepend along :attr:`dim`. Default: ``None``.
        append (Tensor, optional): values to append along :attr:`dim`. Default: ``None``.

    Example:
        >>> a = glassnet.tensor([1, 3, 2])
        >>> glassnet.diff(a)
        tensor([ 2, -1])
        >>> glassnet.diff(a, append=glassnet.tensor([4, 5]), n=2)
        tensor([-3,  3, -1])
        >>> glassnet.diff(glassnet.tensor([[1, 2, 3], [3, 4, 5]]), dim=0)
        tensor([[2, 2, 2]])
    """
    from .functions import cat

    x = _t(input)
    d = _dim(dim, x.ndim, "diff")
    parts = [p for p in (prepend, x, append) if p is not None]
    if len(parts) > 1:
        x = cat([_t(p) for p in parts], d)
    for _ in range(n):
        length = x._data.shape[d]
        hi = x.narrow(d, 1, max(length - 1, 0)) if length else x
        lo = x.narrow(d, 0, max(length - 1, 0)) if length else x
        x = (hi != lo) if x._data.dtype.kind == "b" else hi - lo
    return x


def narrow(input: Any, dim: int, start: Any, length: int) -> Tensor:  # noqa: A002
    """Returns a new tensor that is a narrowed version of :attr:`input`: dimension :attr:`dim` runs from
    :attr:`start` to ``start + length``. The result shares storage with the input (a view), as in PyTorch.

    Args:
        input (Tensor): the tensor to narrow.
        dim (int): the dimension along which to narrow.
        start (int or Tensor): the index of the element to start from (negative counts from the end).
        length (int): the length of the narrowed dimension.

    Example:
        >>> x = glassnet.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        >>> glassnet.narrow(x, 0, 0, 2)
        tensor([[1, 2, 3],
                [4, 5, 6]])
        >>> glassnet.narrow(x, 1, 1, 2)
        tensor([[2, 3],
                [5, 6],
                [8, 9]])
    """
    x = _t(input)
    if x.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = _dim(dim, x.ndim, "narrow")
    n = x._data.shape[d]
    start = int(start)
    if not -n <= start <= n:
        raise IndexError(f"start out of range (expected to be in range of [{-n}, {n}], but got {start})")
    start %= n if n else 1
    if length < 0 or start + length > n:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({n}).")
    return x[(slice(None),) * d + (slice(start, start + length),)]


def unfold(self: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """Returns a tensor which contains all slices of size :attr:`size` from :attr:`self` in the
    dimension :attr:`dimension`, :attr:`step` apart, as a new last dimension.

    Unlike PyTorch's, which returns a view, the result is a copy (the gradient flows back all the same).

    If ``sizedim`` is the size of :attr:`dimension`, the result's :attr:`dimension` has size
    ``(sizedim - size) // step + 1`` and a new last dimension of size :attr:`size` is appended.

    Args:
        dimension (int): the dimension in which unfolding happens.
        size (int): the size of each slice that is unfolded.
        step (int): the step between each slice.

    Example:
        >>> x = glassnet.arange(1.0, 8)
        >>> x.unfold(0, 2, 1)
        tensor([[1., 2.],
                [2., 3.],
                [3., 4.],
                [4., 5.],
                [5., 6.],
                [6., 7.]])
        >>> x.unfold(0, 2, 2)
        tensor([[1., 2.],
                [3., 4.],
                [5., 6.]])
    """
    d = _dim(dimension, self.ndim, "unfold")
    n = self._data.shape[d] if self.ndim else 1
    if size > n:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {n} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    xp = self.xp
    if self.ndim == 0:
        return self.reshape(1)
    starts = xp.arange(0, n - size + 1, step)
    windows = starts[:, None] + xp.arange(size)  # (n_windows, size)
    out = self[(slice(None),) * d + (windows,)]  # the window pair lands at d, d + 1
    order = [k for k in range(out.ndim) if k != d + 1] + [d + 1]
    return out.permute(order)


def repeat_interleave(input: Any, repeats: Any = None, dim: int | None = None, *,  # noqa: A002
                      output_size: int | None = None) -> Tensor:
    """Repeats the elements of a tensor: each element (or each slice along :attr:`dim`) is repeated
    :attr:`repeats` times, next to itself (unlike :meth:`glassnet.Tensor.repeat`, which tiles).

    Called as ``repeat_interleave(repeats)`` with a 1-D int tensor of counts, it returns
    ``arange(len(repeats))`` with each index ``i`` repeated ``repeats[i]`` times.

    Args:
        input (Tensor): the input tensor.
        repeats (Tensor or int): the number of repetitions for each element (broadcast to the size of
            :attr:`dim`).
        dim (int, optional): the dimension along which to repeat values. Default: ``None`` (the
            flattened input, and a flat output).

    Keyword args:
        output_size (int, optional): the total output size along :attr:`dim` (checked if given).
            Default: ``None``.

    Example:
        >>> x = glassnet.tensor([1, 2, 3])
        >>> glassnet.repeat_interleave(x, 2)
        tensor([1, 1, 2, 2, 3, 3])
        >>> y = glassnet.tensor([[1, 2], [3, 4]])
        >>> glassnet.repeat_interleave(y, glassnet.tensor([1, 2]), dim=0)
        tensor([[1, 2],
                [3, 4],
                [3, 4]])
        >>> glassnet.repeat_interleave(glassnet.tensor([2, 0, 1]))
        tensor([0, 0, 2])
    """
    x = _t(input)
    xp = x.xp
    if repeats is None:  # torch.repeat_interleave(repeats): the indices 0..n-1 each repeated
        counts = x._data
        return Tensor._wrap(xp.repeat(xp.arange(counts.size), counts).astype("int64"))
    if dim is None:
        x, d = x.reshape(-1), 0
    else:
        d = _dim(dim, x.ndim, "repeat_interleave")
    reps = _arr(repeats)
    n = x._data.shape[d] if x.ndim else 1
    reps_arr = xp.asarray(reps).reshape(-1)
    if reps_arr.size not in (1, n):
        raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                           f"{reps_arr.size} and input.size({d}) = {n}")
    if (reps_arr < 0).any():
        raise RuntimeError("repeats can not be negative")
    order = xp.repeat(xp.arange(n), reps_arr if reps_arr.size == n else int(reps_arr[0]))
    if output_size is not None and output_size != order.size:
        raise RuntimeError(f"repeat_interleave: output_size {output_size} does not match {order.size}")
    return x.index_select(d, Tensor._wrap(order))


__all__ = [n for n, v in list(globals().items())
           if not n.startswith("_") and isinstance(v, FunctionType) and v.__module__ == __name__ and n != "unfold"]
