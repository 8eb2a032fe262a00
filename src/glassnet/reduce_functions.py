"""Cumulative ops (cumsum, cumprod, cummax, cummin, logcumsumexp), std_mean/var_mean, and the
``axis=``/``keepdims=`` spellings PyTorch accepts for ``dim=``/``keepdim=`` on reductions.
"""

from __future__ import annotations

import functools
from collections import namedtuple
from types import FunctionType
from typing import Any

from . import dtypes as D
from .math_functions import scalar_type_name
from .ops import scan as SC
from .tensor import Tensor, _dim, _dims

_cummax_result = namedtuple("cummax", ["values", "indices"])
_cummin_result = namedtuple("cummin", ["values", "indices"])


def _t(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _scan_input(input: Any, dim: int, dtype: Any, op: str) -> tuple:  # noqa: A002
    """The input cast for a sum/product scan (integers and bools accumulate in int64) and its axis."""
    x = _t(input)
    if dtype is not None:
        x = x.astype(dtype)
    elif x._data.dtype.kind in "iub":
        x = x.astype(D.int64)
    return x, _dim(dim, x.ndim, op)


def cumsum(input: Any, dim: int, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """Running sum along dim."""
    x, d = _scan_input(input, dim, dtype, "cumsum")
    if x.ndim == 0:
        return x.clone()
    return SC.CumSum.apply(x, d)


def cumprod(input: Any, dim: int, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """Running product along dim (its gradient is exact with zeros)."""
    x, d = _scan_input(input, dim, dtype, "cumprod")
    if x.ndim == 0:
        return x.clone()
    return SC.CumProd.apply(x, d)


def logcumsumexp(input: Any, dim: int) -> Tensor:  # noqa: A002
    """Running log(sum(exp(x))) along dim, computed stably."""
    x = _t(input)
    if x._data.dtype.kind != "f":
        raise NotImplementedError(
            f'"logcumsumexp_out_cpu" not implemented for \'{scalar_type_name(x._data.dtype)}\'')
    d = _dim(dim, x.ndim, "logcumsumexp")
    if x.ndim == 0:
        return x.clone()
    return SC.LogCumSumExp.apply(x, d)


def _cum_extreme(input: Any, dim: int, largest: bool, result: type) -> Any:  # noqa: A002
    x = _t(input)
    name = "cummax" if largest else "cummin"
    d = _dim(dim, x.ndim, name)
    if x.ndim == 0:
        return result(x.clone(), Tensor._wrap(x.xp.zeros((), dtype="int64")))
    idx = Tensor._wrap(SC.running_arg_extreme(x._data, d, largest))
    return result(x.gather(d, idx), idx)  # gather: the values' gradient flows to the chosen elements


def cummax(input: Any, dim: int) -> Any:  # noqa: A002
    """(values, indices) of the running maximum along dim; NaN propagates."""
    return _cum_extreme(input, dim, True, _cummax_result)


def cummin(input: Any, dim: int) -> Any:  # noqa: A002
    """(values, indices) of the running minimum along dim; NaN propagates."""
    return _cum_extreme(input, dim, False, _cummin_result)


def var_mean(input: Any, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,  # noqa: A002
             correction: Any = None) -> tuple:
    """(var, mean) over dim in one call."""
    x = _t(input)
    if isinstance(dim, bool):  # var_mean(x, unbiased) positional form
        dim, unbiased = None, dim
    return x.var(dim, unbiased, keepdim, correction=correction), x.mean(dim, keepdim)


def std_mean(input: Any, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,  # noqa: A002
             correction: Any = None) -> tuple:
    """(std, mean) over dim in one call."""
    x = _t(input)
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    return x.std(dim, unbiased, keepdim, correction=correction), x.mean(dim, keepdim)


# ---- more reductions ------------------------------------------------------------------------------
_aminmax_result = namedtuple("aminmax", ["min", "max"])


def nansum(input: Any, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """Sum treating NaNs as zero (they get a zero gradient)."""
    x = _t(input)
    if x._data.dtype.kind == "f":
        x = x.masked_fill(x.xp.isnan(x._data), 0)
    return x.sum(dim, keepdim, dtype=dtype)


def nanmean(input: Any, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """Mean of the values that are not NaN."""
    x = _t(input)
    if dtype is not None:
        x = x.astype(dtype)
    if x._data.dtype.kind != "f":
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype but got "
                           f"{scalar_type_name(x._data.dtype)}")
    count = Tensor._wrap((~x.xp.isnan(x._data)).astype(x._data.dtype)).sum(dim, keepdim)
    return nansum(x, dim, keepdim) / count


def count_nonzero(input: Any, dim: Any = None) -> Tensor:  # noqa: A002
    """The number of nonzero elements (over dim, or all), as int64."""
    x = _t(input)
    axes = _dims(dim, x.ndim, "count_nonzero")
    return Tensor._wrap(x.xp.asarray((x._data != 0).sum(axis=axes), dtype="int64"))


def aminmax(input: Any, *, dim: int | None = None, keepdim: bool = False) -> Any:  # noqa: A002
    """(min, max) over dim (or all elements) in one call."""
    x = _t(input)
    if x._data.size == 0:
        raise RuntimeError(
            "aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.")
    axes = () if dim is None else dim
    return _aminmax_result(x.amin(axes, keepdim), x.amax(axes, keepdim))


def trace(input: Any) -> Tensor:  # noqa: A002
    """The sum of a matrix's main diagonal."""
    x = _t(input)
    if x.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {x.ndim}")
    from .index_functions import diagonal

    return diagonal(x).sum()


def bincount(input: Any, weights: Any = None, minlength: int = 0) -> Tensor:  # noqa: A002
    """How often each value 0, 1, ... occurs in a 1-D non-negative integer tensor (or the sum of its weights)."""
    x = _t(input)
    xp = x.xp
    if x.ndim != 1 or x._data.dtype.kind not in "iub" or (x._data.size and x._data.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is None:
        return Tensor._wrap(xp.bincount(x._data, minlength=minlength).astype("int64"))
    w = _t(weights)
    out_dtype = w._data.dtype if w._data.dtype.kind == "f" else "float64"
    return Tensor._wrap(xp.bincount(x._data, weights=w._data, minlength=minlength).astype(out_dtype))


# ---- axis= / keepdims= : the NumPy spellings PyTorch also accepts ----------------------------------
def accept_numpy_names(fn: Any) -> Any:
    """Wrap fn so ``axis=`` means ``dim=`` and ``keepdims=`` means ``keepdim=`` (both names at once is an error)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for numpy_name, torch_name in (("axis", "dim"), ("keepdims", "keepdim")):
            if numpy_name in kwargs:
                if torch_name in kwargs:
                    raise TypeError(f"{fn.__name__}() got both {torch_name!r} and its alias {numpy_name!r}")
                kwargs[torch_name] = kwargs.pop(numpy_name)
        return fn(*args, **kwargs)

    return wrapper


# Reductions and dim-taking functions that accept the aliases, as methods and as glassnet.NAME.
AXIS_ALIASED = ("sum", "mean", "max", "min", "amax", "amin", "aminmax", "prod", "std", "var", "any", "all",
                "argmax", "argmin", "logsumexp", "cumsum", "cumprod", "std_mean", "var_mean", "median", "nanmedian",
                "mode", "nanmean", "nansum", "count_nonzero", "logcumsumexp", "cummax", "cummin")


def install_numpy_names(namespace: dict) -> None:
    """Let every AXIS_ALIASED Tensor method, and its module function in ``namespace``, take axis=/keepdims=."""
    for name in AXIS_ALIASED:
        if hasattr(Tensor, name):
            setattr(Tensor, name, accept_numpy_names(getattr(Tensor, name)))
        if name in namespace:
            namespace[name] = accept_numpy_names(namespace[name])


_METHODS = ("cumsum", "cumprod", "logcumsumexp", "cummax", "cummin", "nansum", "nanmean", "count_nonzero", "aminmax",
            "trace", "bincount")
for _name in _METHODS:
    setattr(Tensor, _name, globals()[_name])

__all__ = [n for n, v in list(globals().items())
           if not n.startswith("_") and isinstance(v, FunctionType) and v.__module__ == __name__]
