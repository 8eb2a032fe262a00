"""Indexing and layout functions: scatter/scatter_reduce/index_add/index_fill, masked_select, nonzero/
argwhere, take/take_along_dim, tril/triu, diagonal/diag, roll, flip, narrow, Tensor.unfold and
repeat_interleave. Most are built from the indexing ops (GetItem, Gather, IndexSelect, Where), so
their gradients and double backward come from those.
"""

from __future__ import annotations

from types import FunctionType
from typing import Any

from .ops import elementwise as E
from .ops import index as I
from .ops import scatter as SC
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
    """A copy of input with src (or a scalar value) written at index along dim."""
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
        return SC.Scatter.apply(x, d, idx, src)
    return SC.Scatter.apply(x, d, idx, x.xp.asarray(src, dtype=x._data.dtype))


def scatter_add(input: Any, dim: int, index: Any, src: Any) -> Tensor:  # noqa: A002
    """A copy of input with src added at index along dim (repeated indices accumulate)."""
    x, s = _t(input), _t(src)
    d, idx = _check_scatter("scatter_add", x, dim, index, s)
    _same_dtype("scatter_add", x, s)
    return I.ScatterAdd.apply(x, d, idx, s)


def scatter_reduce(input: Any, dim: int, index: Any, src: Any, reduce: str, *,  # noqa: A002
                   include_self: bool = True) -> Tensor:
    """A copy of input where src's values at index are combined by reduce (sum, prod, mean, amax, amin)."""
    x, s = _t(input), _t(src)
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    d, idx = _check_scatter("scatter_reduce", x, dim, index, s)
    _same_dtype("scatter_reduce", x, s)
    return SC.ScatterReduce.apply(x, d, idx, s, reduce, include_self)


def index_add(input: Any, dim: int, index: Any, source: Any, *, alpha: Any = 1) -> Tensor:  # noqa: A002
    """A copy of input with alpha * source added at the positions index along dim."""
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
    return SC.IndexAdd.apply(x, d, idx, s, alpha)


def index_fill(input: Any, dim: int, index: Any, value: Any) -> Tensor:  # noqa: A002
    """A copy of input with value written at the positions index along dim."""
    x = _t(input)
    d = _dim(dim, x.ndim, "index_fill")
    idx = _check_index("index_fill", index, x._data.shape[d] if x.ndim else 1, d).reshape(-1)
    mask = x.xp.zeros(x._data.shape, dtype=bool)
    mask[(slice(None),) * d + (idx,)] = True
    return x.masked_fill(mask, value)


def masked_select(input: Any, mask: Any) -> Tensor:  # noqa: A002
    """The elements of input where mask is True, as a 1-D tensor (the two broadcast together)."""
    x, m = _t(input), _arr(mask)
    if getattr(m, "dtype", None) is None or m.dtype.kind != "b":
        raise RuntimeError(f"masked_select: expected BoolTensor for mask, got {getattr(m, 'dtype', type(m))}")
    xp = x.xp
    shape = xp.broadcast_shapes(x._data.shape, m.shape)
    return x.broadcast_to(shape)[xp.broadcast_to(m, shape)]


def masked_scatter(input: Any, mask: Any, source: Any) -> Tensor:  # noqa: A002
    """A copy of input whose masked positions take source's leading elements, in row-major order."""
    x, src = _t(input), _t(source)
    m = _arr(mask)
    if getattr(m, "dtype", None) is None or m.dtype.kind != "b":
        raise RuntimeError("masked_scatter_only supports boolean masks, but got mask with dtype "
                           f"{getattr(m, 'dtype', type(m))}")
    m = x.xp.broadcast_to(m, x._data.shape)
    count = int(m.sum())
    if count > src._data.size:
        raise RuntimeError(f"masked_scatter: expected source to have at least {count} elements, got {src._data.size}")
    placed = I.IndexIntoZeros.apply(src.reshape(-1)[:count], x._data.shape, m)
    return E.Where.apply(m, placed, x)


def nonzero(input: Any, *, as_tuple: bool = False) -> Any:  # noqa: A002
    """Indices of the nonzero elements: an (N, ndim) int64 tensor, or one 1-D tensor per dim."""
    x = _t(input)
    xp = x.xp
    found = xp.nonzero(xp.atleast_1d(x._data))
    if as_tuple:
        return tuple(Tensor._wrap(i.astype("int64")) for i in found)
    if x.ndim == 0:
        return Tensor._wrap(xp.zeros((int(found[0].size), 0), dtype="int64"))
    return Tensor._wrap(xp.stack(found, axis=1).astype("int64"))


def argwhere(input: Any) -> Tensor:  # noqa: A002
    """Indices of the nonzero elements as an (N, ndim) tensor (nonzero without as_tuple)."""
    return nonzero(input)


def take(input: Any, index: Any) -> Tensor:  # noqa: A002
    """Elements of the flattened input at index (the result has index's shape)."""
    x = _t(input)
    idx = _arr(index)
    n = x._data.size
    if idx.size and (idx.min() < -n or idx.max() >= n):
        raise IndexError(f"take(): index out of range for a tensor of {n} elements")
    return x.reshape(-1)[idx]


def take_along_dim(input: Any, indices: Any, dim: int | None = None) -> Tensor:  # noqa: A002
    """Values of input at indices along dim, the two broadcast against each other in the other dims."""
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
    return E.Where.apply(mask, x, xp.zeros((), dtype=x._data.dtype))


def tril(input: Any, diagonal: int = 0) -> Tensor:  # noqa: A002
    """The lower triangle of the last two dims (elements on and below the given diagonal)."""
    return _triangle(_t(input), diagonal, True, "tril")


def triu(input: Any, diagonal: int = 0) -> Tensor:  # noqa: A002
    """The upper triangle of the last two dims (elements on and above the given diagonal)."""
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
    """The offset diagonal of dims dim1 and dim2, as the last dim of the result."""
    x = _t(input)
    d1, d2 = _dim(dim1, x.ndim, "diagonal"), _dim(dim2, x.ndim, "diagonal")
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return I.GetItem.apply(x, _diagonal_index(x._data.shape, offset, d1, d2, x.xp))


def diag(input: Any, diagonal: int = 0) -> Tensor:  # noqa: A002
    """A 1-D input as the given diagonal of a square matrix; a 2-D input's diagonal as a 1-D tensor."""
    x = _t(input)
    if x.ndim == 2:
        return globals()["diagonal"](x, diagonal)
    if x.ndim != 1:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {x.ndim}D")
    n = x._data.shape[0] + abs(diagonal)
    idx = _diagonal_index((n, n), diagonal, 0, 1, x.xp)
    return I.IndexIntoZeros.apply(x, (n, n), idx)


def diag_embed(input: Any, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:  # noqa: A002
    """Each vector along the last dim placed on the offset diagonal of new dims dim1, dim2."""
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
    return I.IndexIntoZeros.apply(x, tuple(shape), _diagonal_index(tuple(shape), offset, d1, d2, x.xp))


def roll(input: Any, shifts: Any, dims: Any = None) -> Tensor:  # noqa: A002
    """Elements shifted cyclically along dims (the flattened tensor if dims is None)."""
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
    """A copy with the order of elements reversed along dims."""
    x = _t(input)
    dims = (dims,) if isinstance(dims, int) else tuple(dims)
    index = [slice(None)] * x.ndim
    for dim in dims:
        index[_dim(dim, x.ndim, "flip")] = slice(None, None, -1)
    # A NumPy index (x[...] refuses negative steps, as PyTorch does): a reversed view, then a copy.
    return I.GetItem.apply(x, tuple(index), True).clone()


def fliplr(input: Any) -> Tensor:  # noqa: A002
    """Reverse the order of columns (dim 1)."""
    if _t(input).ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, 1)


def flipud(input: Any) -> Tensor:  # noqa: A002
    """Reverse the order of rows (dim 0)."""
    if _t(input).ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, 0)


def rot90(input: Any, k: int = 1, dims: Any = (0, 1)) -> Tensor:  # noqa: A002
    """Rotate by 90 degrees k times in the plane of dims, from the first dim toward the second."""
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
    """The n-th forward difference along dim (prepend/append are joined on first); bools give x[i+1] != x[i]."""
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
    """The slice start:start+length of dim (a view, as in PyTorch)."""
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
    """Tensor.unfold: every window of ``size`` along dimension, ``step`` apart, as a new last dim."""
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
    """Each element (or slice along dim) repeated ``repeats`` times in place; repeat_interleave(r) repeats
    arange(len(r))."""
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

_METHODS = ("scatter", "scatter_reduce", "index_add", "index_fill", "masked_select", "masked_scatter", "nonzero",
            "argwhere", "take", "take_along_dim", "tril", "triu", "diagonal", "diag", "diag_embed", "roll", "flip",
            "fliplr", "flipud", "rot90", "diff", "narrow", "unfold", "repeat_interleave")
for _name in _METHODS:
    setattr(Tensor, _name, globals()[_name])
