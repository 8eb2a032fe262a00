"""Order statistics: sort/argsort/msort, kthvalue, median/nanmedian, quantile/nanquantile, unique,
searchsorted and bucketize. Indices come from ops/sort.py; values are gathered from the input, so
their gradient flows back to the chosen elements.
"""

from __future__ import annotations

from collections import namedtuple
from types import FunctionType
from typing import Any

from .autograd.function import Function
from .backend import array_module
from .ops.sort import searchsorted_array, sort_indices
from .tensor import Tensor, _arr, _dim

_kthvalue_result = namedtuple("kthvalue", ["values", "indices"])
_median_result = namedtuple("median", ["values", "indices"])
_nanmedian_result = namedtuple("nanmedian", ["values", "indices"])

_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _t(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def sort(input: Any, dim: int = -1, descending: bool = False, stable: bool = False) -> Any:  # noqa: A002
    """Sorts the elements of the :attr:`input` tensor along a given dimension in ascending order by value.

    The sort is always stable here (PyTorch's ``stable=True``), and NaN sorts as the largest value.
    The values keep the autograd graph (the gradient flows back through the chosen positions).

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to sort along. Default: ``-1``.
        descending (bool, optional): the sorting order (ascending or descending). Default: ``False``.
        stable (bool, optional): accepted for PyTorch compatibility: the sort is always stable.
            Default: ``False``.

    Returns:
        A named tuple ``(values, indices)``: the sorted values and their positions in :attr:`input`.

    Example:
        >>> x = glassnet.tensor([[3.0, 1.0, 2.0], [0.0, -1.0, 5.0]])
        >>> glassnet.sort(x).values
        tensor([[ 1.,  2.,  3.],
                [-1.,  0.,  5.]])
        >>> glassnet.sort(x, dim=0, descending=True).indices
        tensor([[0, 0, 1],
                [1, 1, 0]])
    """
    return _t(input).sort(dim, descending, stable)


def argsort(input: Any, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:  # noqa: A002
    """Returns the indices that sort a tensor along a given dimension in ascending order by value.

    This is the second value returned by :func:`glassnet.sort` (always a stable sort here).

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to sort along. Default: ``-1``.
        descending (bool, optional): the sorting order (ascending or descending). Default: ``False``.
        stable (bool, optional): accepted for PyTorch compatibility: the sort is always stable.
            Default: ``False``.

    Example:
        >>> glassnet.argsort(glassnet.tensor([[3.0, 1.0, 2.0], [0.0, -1.0, 5.0]]), dim=1)
        tensor([[1, 2, 0],
                [1, 0, 2]])
    """
    return _t(input).sort(dim, descending, stable).indices


def msort(input: Any) -> Tensor:  # noqa: A002
    """Sorts the elements of the :attr:`input` tensor along its first dimension in ascending order by
    value: ``glassnet.sort(input, dim=0).values``.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.msort(glassnet.tensor([[3, 1], [2, 5], [0, 4]]))
        tensor([[0, 1],
                [2, 4],
                [3, 5]])
    """
    return _t(input).sort(0).values


def _pick(x: Tensor, d: int, pos: Any, keepdim: bool, result: type) -> Any:
    """(values, indices) of the elements at sorted position ``pos`` (one per row) along d."""
    xp = x.xp
    order = sort_indices(x._data, d)
    idx = xp.take_along_axis(order, xp.expand_dims(pos, d), axis=d)
    vals = x.gather(d, Tensor._wrap(idx))
    if not keepdim:
        vals, idx = vals.squeeze(d), idx.squeeze(d)
    return result(vals, Tensor._wrap(idx))


def kthvalue(input: Any, k: int, dim: int = -1, keepdim: bool = False) -> Any:  # noqa: A002
    """Returns a named tuple ``(values, indices)`` where ``values`` is the :attr:`k` th smallest element of
    each row of :attr:`input` in the given dimension :attr:`dim` (counting from 1), and ``indices`` its index.

    Args:
        input (Tensor): the input tensor.
        k (int): k for the k-th smallest element (1 is the smallest).
        dim (int, optional): the dimension to find the kth value along. Default: ``-1``.
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Example:
        >>> x = glassnet.tensor([5.0, 1.0, 4.0, 2.0, 3.0])
        >>> glassnet.kthvalue(x, 2)
        kthvalue(values=tensor(2.), indices=tensor(3))
    """
    x = _t(input)
    d = _dim(dim, x.ndim, "kthvalue")
    n = x._data.shape[d] if x.ndim else 1
    if not 1 <= k <= n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    if x.ndim == 0:
        return _kthvalue_result(x.clone(), Tensor._wrap(x.xp.zeros((), dtype="int64")))
    pos = x.xp.full(x._data.shape[:d] + x._data.shape[d + 1:], k - 1)
    return _pick(x, d, pos, keepdim, _kthvalue_result)


class _SharedPick(Function):
    """A value chosen from ``a``; its gradient is shared evenly by the elements equal to it (PyTorch's
    rule for median() and nanmedian() without a dim)."""

    @staticmethod
    def forward(ctx, a, value):
        xp = array_module(a)
        same = (a == value) | (xp.isnan(a) & xp.isnan(value))
        ctx.w = same / max(int(same.sum()), 1)
        return value.copy()

    @staticmethod
    def backward(ctx, g):
        return g * ctx.w.astype(g.dtype), None


def _median(input: Any, dim: Any, keepdim: bool, ignore_nan: bool, result: type) -> Any:  # noqa: A002
    x = _t(input)
    name = "nanmedian" if ignore_nan else "median"
    xp = x.xp
    if dim is None:
        flat = x.reshape(-1)
        if flat._data.size == 0:
            return Tensor._wrap(xp.asarray(xp.nan, dtype=x._data.dtype))
        value = _median(flat, 0, False, ignore_nan, result).values
        return _SharedPick.apply(x, value._data)
    d = _dim(dim, x.ndim, name)
    if x.ndim == 0:
        return result(x.clone(), Tensor._wrap(xp.zeros((), dtype="int64")))
    n = x._data.shape[d]
    if n == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    nans = xp.isnan(x._data).sum(axis=d) if x._data.dtype.kind == "f" else 0
    valid = n - nans
    if ignore_nan:  # the lower median of the values that are not NaN (NaN if there are none)
        pos = xp.where(valid > 0, (valid - 1) // 2, 0)
    else:  # any NaN makes the median NaN: NaNs sort last, so pick the first of them
        pos = xp.where(nans > 0, valid, (n - 1) // 2)
    pos = xp.broadcast_to(pos, x._data.shape[:d] + x._data.shape[d + 1:])
    return _pick(x, d, pos, keepdim, result)


def median(input: Any, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A002
    """Returns the median of the values in :attr:`input`; with :attr:`dim`, a named tuple
    ``(values, indices)`` of the median of each row along :attr:`dim` and its index.

    For an even number of elements this is the lower of the two medians, as in PyTorch (not their
    mean: see :func:`glassnet.quantile` with ``q=0.5``). A NaN in a row makes its median NaN (see
    :func:`glassnet.nanmedian`).

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None`` (all elements).
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Example:
        >>> glassnet.median(glassnet.tensor([1.0, 4.0, 2.0, 3.0]))
        tensor(2.)
        >>> glassnet.median(glassnet.tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]]), dim=1)
        median(values=tensor([2., 3.]), indices=tensor([2, 2]))
    """
    return _median(input, dim, keepdim, False, _median_result)


def nanmedian(input: Any, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A002
    """Returns the median of the values in :attr:`input`, ignoring NaN values (see :func:`glassnet.median`).

    A row that is all NaN has a NaN median.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None`` (all elements).
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Example:
        >>> x = glassnet.tensor([1.0, float('nan'), 3.0, 2.0])
        >>> glassnet.median(x), glassnet.nanmedian(x)
        (tensor(nan), tensor(2.))
    """
    return _median(input, dim, keepdim, True, _nanmedian_result)


def _quantile(input: Any, q: Any, dim: Any, keepdim: bool, interpolation: str, ignore_nan: bool) -> Tensor:  # noqa: A002
    x = _t(input)
    name = "nanquantile" if ignore_nan else "quantile"
    xp = x.xp
    if x._data.dtype.kind != "f":
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if isinstance(q, Tensor):
        if q._data.dtype != x._data.dtype:
            raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
        if q.ndim > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(
            f"{name}() interpolation must be one of linear, lower, higher, midpoint or nearest. Got {interpolation}"
        )
    qs = xp.asarray(_arr(q), dtype=x._data.dtype)  # ranks computed in the input's dtype, as PyTorch does
    if ((qs < 0) | (qs > 1)).any():
        raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {q}")
    if x._data.size == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    shape = x._data.shape
    if dim is None:
        src, d = x.reshape(-1), 0
    else:
        d = _dim(dim, x.ndim, name)
        src = x if x.ndim else x.reshape(1)
        d = d if x.ndim else 0
    n = src._data.shape[d]
    nans = xp.isnan(src._data).sum(axis=d, keepdims=True)
    if ignore_nan:  # positions among the values that are not NaN (they sort first)
        rank = qs.reshape(-1) * xp.clip(n - nans - 1, 0, None)[..., None].astype(qs.dtype)
    else:  # a row with a NaN takes its last sorted value, a NaN
        rank = xp.where((nans > 0)[..., None], qs.dtype.type(n - 1), qs.reshape(-1) * qs.dtype.type(n - 1))
    # rank: the fractional sorted position per row (d kept as size 1) and per q (last); put q at d.
    rank = xp.moveaxis(xp.broadcast_to(rank, nans.shape + (qs.size,)), -1, d).squeeze(d + 1)
    if interpolation == "nearest":
        rank = xp.round(rank)  # half to even, as PyTorch rounds
    lo = xp.floor(rank).astype("int64")
    hi = xp.ceil(rank).astype("int64")
    order = sort_indices(src._data, d)
    v_lo = src.gather(d, Tensor._wrap(xp.take_along_axis(order, lo, axis=d)))
    if interpolation in ("lower", "nearest"):
        out = v_lo
    else:
        v_hi = src.gather(d, Tensor._wrap(xp.take_along_axis(order, hi, axis=d)))
        if interpolation == "higher":
            out = v_hi
        else:
            w = 0.5 if interpolation == "midpoint" else (rank - lo).astype(src._data.dtype)
            out = v_lo + (v_hi - v_lo) * w
    if ignore_nan:  # an all-NaN row has no quantile
        all_nan = xp.broadcast_to(nans == n, out._data.shape)
        out = out.masked_fill(Tensor._wrap(all_nan), float("nan"))
    out = out.permute([d] + [i for i in range(out.ndim) if i != d])
    # out: (Q, rows with d removed); then restore keepdim and drop Q for a scalar q
    if keepdim:
        kept = (1,) * len(shape) if dim is None else (shape[:d] + (1,) + shape[d + 1:] if len(shape) else ())
        out = out.reshape((qs.size,) + kept)
    if qs.ndim == 0:
        out = out.reshape(out.shape[1:])
    return out


def quantile(input: Any, q: Any, dim: Any = None, keepdim: bool = False, *,  # noqa: A002
             interpolation: str = "linear") -> Tensor:
    """Computes the q-th quantiles of each row of the :attr:`input` tensor along the dimension :attr:`dim`.

    Between two data points the value is interpolated as :attr:`interpolation` says. If :attr:`q` is a
    1-D tensor, the first dimension of the output holds the quantiles. A row that holds a NaN gives NaN
    (see :func:`glassnet.nanquantile`).

    Args:
        input (Tensor): the input tensor (floating point).
        q (float or Tensor): a scalar or 1-D tensor of quantile values in the range ``[0, 1]``.
        dim (int, optional): the dimension to reduce. Default: ``None`` (the flattened input).
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Keyword args:
        interpolation (str, optional): how to interpolate between the two nearest data points:
            ``'linear'``, ``'lower'``, ``'higher'``, ``'midpoint'`` or ``'nearest'``. Default: ``'linear'``.

    Example:
        >>> x = glassnet.tensor([0.0, 1.0, 2.0, 3.0])
        >>> glassnet.quantile(x, 0.5)
        tensor(1.5000)
        >>> glassnet.quantile(x, glassnet.tensor([0.25, 0.5, 0.75]))
        tensor([0.7500, 1.5000, 2.2500])
        >>> glassnet.quantile(x, 0.4, interpolation='nearest')
        tensor(1.)
    """
    return _quantile(input, q, dim, keepdim, interpolation, False)


def nanquantile(input: Any, q: Any, dim: Any = None, keepdim: bool = False, *,  # noqa: A002
                interpolation: str = "linear") -> Tensor:
    """A variant of :func:`glassnet.quantile` that ignores NaN values: the quantiles are computed as if the
    NaNs in :attr:`input` did not exist (a row that is all NaN gives NaN).

    Args:
        input (Tensor): the input tensor (floating point).
        q (float or Tensor): a scalar or 1-D tensor of quantile values in the range ``[0, 1]``.
        dim (int, optional): the dimension to reduce. Default: ``None`` (the flattened input).
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Keyword args:
        interpolation (str, optional): how to interpolate between the two nearest data points:
            ``'linear'``, ``'lower'``, ``'higher'``, ``'midpoint'`` or ``'nearest'``. Default: ``'linear'``.

    Example:
        >>> x = glassnet.tensor([float('nan'), 1.0, 2.0])
        >>> glassnet.quantile(x, 0.5), glassnet.nanquantile(x, 0.5)
        (tensor(nan), tensor(1.5000))
    """
    return _quantile(input, q, dim, keepdim, interpolation, True)


def unique(input: Any, sorted: bool = True, return_inverse: bool = False,  # noqa: A002
           return_counts: bool = False, dim: int | None = None) -> Any:
    """Returns the unique elements of the input tensor, sorted.

    With :attr:`dim`, the unique slices along that dimension are returned instead. The result is
    always sorted (as PyTorch's CPU implementation).

    Args:
        input (Tensor): the input tensor.
        sorted (bool, optional): accepted for PyTorch compatibility: the output is always sorted.
            Default: ``True``.
        return_inverse (bool, optional): also return, for each element of :attr:`input`, the index of
            its value in the output. Default: ``False``.
        return_counts (bool, optional): also return the number of occurrences of each unique value.
            Default: ``False``.
        dim (int, optional): the dimension to operate on. Default: ``None`` (the flattened input).

    Returns:
        The unique values, or a tuple ``(output, inverse_indices, counts)`` holding those asked for.

    Example:
        >>> glassnet.unique(glassnet.tensor([1, 3, 2, 3]))
        tensor([1, 2, 3])
        >>> glassnet.unique(glassnet.tensor([[1, 3], [2, 3]]), return_inverse=True)
        (tensor([1, 2, 3]), tensor([[0, 2],
                [1, 2]]))
        >>> glassnet.unique(glassnet.tensor([1, 3, 2, 3]), return_counts=True)
        (tensor([1, 2, 3]), tensor([1, 1, 2]))
    """
    x = _t(input)
    xp = x.xp
    axis = None if dim is None else _dim(dim, x.ndim, "unique")
    vals, inverse, counts = xp.unique(x._data, return_inverse=True, return_counts=True, axis=axis)
    inverse = inverse.reshape(x._data.shape if axis is None else (x._data.shape[axis],))
    out = [Tensor._wrap(vals)]
    if return_inverse:
        out.append(Tensor._wrap(inverse.astype("int64")))
    if return_counts:
        out.append(Tensor._wrap(counts.astype("int64")))
    return out[0] if len(out) == 1 else tuple(out)


def unique_consecutive(input: Any, return_inverse: bool = False, return_counts: bool = False,  # noqa: A002
                       dim: int | None = None) -> Any:
    """Eliminates all but the first element from every consecutive group of equivalent elements (or
    slices along :attr:`dim`), like ``uniq`` on the command line.

    Args:
        input (Tensor): the input tensor.
        return_inverse (bool, optional): also return, for each element of :attr:`input`, the index of
            its group in the output. Default: ``False``.
        return_counts (bool, optional): also return the length of each group. Default: ``False``.
        dim (int, optional): the dimension to apply unique on. Default: ``None`` (the flattened input).

    Returns:
        The output, or a tuple ``(output, inverse_indices, counts)`` holding those asked for.

    Example:
        >>> x = glassnet.tensor([1, 1, 2, 2, 3, 1, 1, 2])
        >>> glassnet.unique_consecutive(x)
        tensor([1, 2, 3, 1, 2])
        >>> glassnet.unique_consecutive(x, return_counts=True)
        (tensor([1, 2, 3, 1, 2]), tensor([2, 2, 1, 2, 1]))
    """
    x = _t(input)
    xp = x.xp
    axis = 0 if dim is None else _dim(dim, x.ndim, "unique_consecutive")
    a = x._data.reshape(-1) if dim is None else xp.moveaxis(x._data, axis, 0)
    n = a.shape[0]
    if n == 0:
        starts = xp.zeros(0, dtype=bool)
    else:
        changed = (a[1:] != a[:-1]).reshape(n - 1, -1).any(axis=1)
        starts = xp.concatenate([xp.ones(1, dtype=bool), changed])
    vals = a[starts]
    vals = vals if dim is None else xp.moveaxis(vals, 0, axis)
    out = [Tensor._wrap(vals)]
    if return_inverse:
        inv = xp.cumsum(starts) - 1
        out.append(Tensor._wrap(inv.reshape(x._data.shape if dim is None else (n,)).astype("int64")))
    if return_counts:
        bounds = xp.concatenate([xp.flatnonzero(starts), xp.asarray([n])])
        out.append(Tensor._wrap(xp.diff(bounds).astype("int64")))
    return out[0] if len(out) == 1 else tuple(out)


def searchsorted(sorted_sequence: Any, input: Any, *, out_int32: bool = False, right: bool = False,  # noqa: A002
                 side: str | None = None, sorter: Any = None) -> Tensor:
    """Finds the indices from the innermost dimension of :attr:`sorted_sequence` such that, if the
    corresponding values in :attr:`input` were inserted before the indices, the order of the
    corresponding innermost dimension within :attr:`sorted_sequence` would be preserved.

    With ``right=False`` (``side='left'``) the index is the first suitable one
    (``sorted_sequence[i-1] < v <= sorted_sequence[i]``); with ``right=True`` (``side='right'``) the
    last (``sorted_sequence[i-1] <= v < sorted_sequence[i]``). :attr:`sorted_sequence` is 1-D, or has
    the same leading dimensions as :attr:`input` (one sorted row per row of values).

    Args:
        sorted_sequence (Tensor): N-D or 1-D tensor, sorted along its innermost dimension (unless
            :attr:`sorter` is given).
        input (Tensor or Scalar): the value(s) to search for.

    Keyword args:
        out_int32 (bool, optional): return int32 indices instead of int64. Default: ``False``.
        right (bool, optional): return the last suitable index instead of the first. Default: ``False``.
        side (str, optional): ``'left'`` or ``'right'``, the same as :attr:`right`; an error if it
            disagrees with :attr:`right`. Default: ``None``.
        sorter (Tensor, optional): the indices that sort an unsorted :attr:`sorted_sequence` along its
            innermost dimension. Default: ``None``.

    Example:
        >>> seq = glassnet.tensor([1, 3, 5, 7, 9])
        >>> glassnet.searchsorted(seq, glassnet.tensor([3, 6, 9]))
        tensor([1, 3, 4])
        >>> glassnet.searchsorted(seq, glassnet.tensor([3, 6, 9]), right=True)
        tensor([2, 3, 5])
    """
    seq = _t(sorted_sequence)
    xp = seq.xp
    scalar = not isinstance(input, Tensor)
    vals = xp.asarray(_arr(input))
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites")
        right = side == "right"
    s = seq._data
    if sorter is not None:
        s = xp.take_along_axis(s, _arr(sorter), axis=-1)
    if s.ndim > 1 and (scalar or vals.shape[:-1] != s.shape[:-1]):
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of "
            f"boundaries tensor and input value tensor must match, but we got boundaries tensor {list(s.shape)} "
            f"and input value tensor {list(vals.shape)}"
        )
    out = searchsorted_array(s, vals, right)
    return Tensor._wrap(xp.asarray(out, dtype="int32" if out_int32 else "int64"))


def bucketize(input: Any, boundaries: Any, *, out_int32: bool = False, right: bool = False) -> Tensor:  # noqa: A002
    """Returns the indices of the buckets to which each value in the :attr:`input` belongs, where the
    boundaries of the buckets are set by the sorted 1-D :attr:`boundaries`.

    With ``right=False`` bucket ``i`` holds ``boundaries[i-1] < x <= boundaries[i]``; with
    ``right=True``, ``boundaries[i-1] <= x < boundaries[i]``. This is :func:`glassnet.searchsorted` with
    the arguments exchanged.

    Args:
        input (Tensor or Scalar): the value(s) to bucket.
        boundaries (Tensor): a 1-D tensor, which must be increasing.

    Keyword args:
        out_int32 (bool, optional): return int32 indices instead of int64. Default: ``False``.
        right (bool, optional): which side of a boundary counts as inside a bucket (see above).
            Default: ``False``.

    Example:
        >>> boundaries = glassnet.tensor([1, 3, 5, 7, 9])
        >>> v = glassnet.tensor([[3, 6, 9], [3, 6, 9]])
        >>> glassnet.bucketize(v, boundaries)
        tensor([[1, 3, 4],
                [1, 3, 4]])
        >>> glassnet.bucketize(v, boundaries, right=True)
        tensor([[2, 3, 5],
                [2, 3, 5]])
    """
    b = _t(boundaries)
    if b.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({b.ndim})")
    return searchsorted(b, input, out_int32=out_int32, right=right)


__all__ = [n for n, v in list(globals().items())
           if not n.startswith("_") and isinstance(v, FunctionType) and v.__module__ == __name__]
