"""Cumulative ops (cumsum, cumprod, cummax, cummin, logcumsumexp), std_mean/var_mean, and the
``axis=``/``keepdims=`` spellings PyTorch accepts for ``dim=``/``keepdim=`` on reductions.
"""

from __future__ import annotations

import functools
from collections import namedtuple
from types import FunctionType
from typing import Any

from . import dtypes
from .math_functions import scalar_type_name
from .ops import scan as scan_ops
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
        x = x.astype(dtypes.int64)
    return x, _dim(dim, x.ndim, op)


def cumsum(input: Any, dim: int, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """Returns the cumulative sum of the elements of :attr:`input` in the dimension :attr:`dim`:
    ``y_i = x_1 + x_2 + ... + x_i``.

    Integer and bool inputs accumulate in int64, as in PyTorch.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.

    Keyword args:
        dtype (glassnet.dtype, optional): the dtype to cast the input to first. Default: ``None``.

    Example:
        >>> glassnet.cumsum(glassnet.tensor([1, 2, 3, 4]), dim=0)
        tensor([ 1,  3,  6, 10])
        >>> glassnet.cumsum(glassnet.tensor([[1.0, 2.0], [3.0, 4.0]]), dim=1)
        tensor([[1., 3.],
                [3., 7.]])
    """
    x, d = _scan_input(input, dim, dtype, "cumsum")
    if x.ndim == 0:
        return x.clone()
    return scan_ops.CumSum.apply(x, d)


def cumprod(input: Any, dim: int, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """Returns the cumulative product of the elements of :attr:`input` in the dimension :attr:`dim`:
    ``y_i = x_1 * x_2 * ... * x_i``.

    Integer and bool inputs accumulate in int64; the gradient is exact when the input holds zeros.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.

    Keyword args:
        dtype (glassnet.dtype, optional): the dtype to cast the input to first. Default: ``None``.

    Example:
        >>> glassnet.cumprod(glassnet.tensor([1.0, 2.0, 3.0, 0.5]), dim=0)
        tensor([1., 2., 6., 3.])
    """
    x, d = _scan_input(input, dim, dtype, "cumprod")
    if x.ndim == 0:
        return x.clone()
    return scan_ops.CumProd.apply(x, d)


def logcumsumexp(input: Any, dim: int) -> Tensor:  # noqa: A002
    """Returns the logarithm of the cumulative summation of the exponentiation of the elements of
    :attr:`input` in the dimension :attr:`dim`: ``y_i = log(sum_{j <= i} exp(x_j))``, computed stably.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.

    Example:
        >>> glassnet.logcumsumexp(glassnet.tensor([0.0, 0.0, 1000.0]), dim=0)
        tensor([0.0000e+00, 6.9315e-01, 1.0000e+03])
    """
    x = _t(input)
    if x._data.dtype.kind != "f":
        raise NotImplementedError(
            f'"logcumsumexp_out_cpu" not implemented for \'{scalar_type_name(x._data.dtype)}\'')
    d = _dim(dim, x.ndim, "logcumsumexp")
    if x.ndim == 0:
        return x.clone()
    return scan_ops.LogCumSumExp.apply(x, d)


def _cum_extreme(input: Any, dim: int, largest: bool, result: type) -> Any:  # noqa: A002
    x = _t(input)
    name = "cummax" if largest else "cummin"
    d = _dim(dim, x.ndim, name)
    if x.ndim == 0:
        return result(x.clone(), Tensor._wrap(x.xp.zeros((), dtype="int64")))
    idx = Tensor._wrap(scan_ops.running_arg_extreme(x._data, d, largest))
    return result(x.gather(d, idx), idx)  # gather: the values' gradient flows to the chosen elements


def cummax(input: Any, dim: int) -> Any:  # noqa: A002
    """Returns a named tuple ``(values, indices)``: the cumulative maximum of the elements of :attr:`input`
    in the dimension :attr:`dim`, and the index of each maximum. A NaN propagates to the rest of the run.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.

    Example:
        >>> glassnet.cummax(glassnet.tensor([1.0, 3.0, 2.0, 5.0]), dim=0)
        cummax(values=tensor([1., 3., 3., 5.]), indices=tensor([0, 1, 1, 3]))
    """
    return _cum_extreme(input, dim, True, _cummax_result)


def cummin(input: Any, dim: int) -> Any:  # noqa: A002
    """Returns a named tuple ``(values, indices)``: the cumulative minimum of the elements of :attr:`input`
    in the dimension :attr:`dim`, and the index of each minimum. A NaN propagates to the rest of the run.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.

    Example:
        >>> glassnet.cummin(glassnet.tensor([3.0, 1.0, 2.0, 0.0]), dim=0)
        cummin(values=tensor([3., 1., 1., 0.]), indices=tensor([0, 1, 1, 3]))
    """
    return _cum_extreme(input, dim, False, _cummin_result)


def var_mean(input: Any, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,  # noqa: A002
             correction: Any = None) -> tuple:
    """Calculates the variance and the mean over the dimensions specified by :attr:`dim`, in one call.

    The variance uses ``correction`` as :func:`glassnet.var` does (Bessel's correction, 1, by default).

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``None`` (all).
        unbiased (bool, optional): the older spelling: ``False`` means ``correction=0``. Default: ``None``.
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.

    Keyword args:
        correction (int, optional): the difference between the sample size and the degrees of freedom.
            Default: ``1``.

    Returns:
        A tuple ``(var, mean)``.

    Example:
        >>> glassnet.var_mean(glassnet.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]]), dim=1)
        (tensor([1., 4.]), tensor([2., 4.]))
    """
    x = _t(input)
    if isinstance(dim, bool):  # var_mean(x, unbiased) positional form
        dim, unbiased = None, dim
    return x.var(dim, unbiased, keepdim, correction=correction), x.mean(dim, keepdim)


def std_mean(input: Any, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,  # noqa: A002
             correction: Any = None) -> tuple:
    """Calculates the standard deviation and the mean over the dimensions specified by :attr:`dim`, in one call.

    The standard deviation uses ``correction`` as :func:`glassnet.std` does (1 by default).

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``None`` (all).
        unbiased (bool, optional): the older spelling: ``False`` means ``correction=0``. Default: ``None``.
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.

    Keyword args:
        correction (int, optional): the difference between the sample size and the degrees of freedom.
            Default: ``1``.

    Returns:
        A tuple ``(std, mean)``.

    Example:
        >>> glassnet.std_mean(glassnet.tensor([1.0, 2.0, 3.0, 4.0]))
        (tensor(1.2910), tensor(2.5000))
    """
    x = _t(input)
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    return x.std(dim, unbiased, keepdim, correction=correction), x.mean(dim, keepdim)


# ---- more reductions ------------------------------------------------------------------------------
_aminmax_result = namedtuple("aminmax", ["min", "max"])


def nansum(input: Any, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """Returns the sum of all elements, treating Not a Numbers (NaNs) as zero (they get a zero gradient).

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``None`` (all).
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.

    Keyword args:
        dtype (glassnet.dtype, optional): the dtype to cast the input to first. Default: ``None``.

    Example:
        >>> glassnet.nansum(glassnet.tensor([1.0, float('nan'), 2.0]))
        tensor(3.)
    """
    x = _t(input)
    if x._data.dtype.kind == "f":
        x = x.masked_fill(x.xp.isnan(x._data), 0)
    return x.sum(dim, keepdim, dtype=dtype)


def nanmean(input: Any, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """Computes the mean of all non-NaN elements along the specified dimensions (NaN where all are NaN).

    Args:
        input (Tensor): the input tensor (floating point).
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``None`` (all).
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.

    Keyword args:
        dtype (glassnet.dtype, optional): the dtype to cast the input to first. Default: ``None``.

    Example:
        >>> x = glassnet.tensor([[float('nan'), 1.0, 2.0], [1.0, 2.0, 3.0]])
        >>> glassnet.nanmean(x, dim=1)
        tensor([1.5000, 2.0000])
    """
    x = _t(input)
    if dtype is not None:
        x = x.astype(dtype)
    if x._data.dtype.kind != "f":
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype but got "
                           f"{scalar_type_name(x._data.dtype)}")
    count = Tensor._wrap((~x.xp.isnan(x._data)).astype(x._data.dtype)).sum(dim, keepdim)
    return nansum(x, dim, keepdim) / count


def count_nonzero(input: Any, dim: Any = None) -> Tensor:  # noqa: A002
    """Counts the number of non-zero values in the tensor :attr:`input` along the given :attr:`dim`
    (over all elements if no dim is given); the result is int64.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to count along. Default: ``None``.

    Example:
        >>> x = glassnet.tensor([[0, 1, 7], [0, 0, 3]])
        >>> glassnet.count_nonzero(x)
        tensor(3)
        >>> glassnet.count_nonzero(x, dim=0)
        tensor([0, 1, 2])
    """
    x = _t(input)
    axes = _dims(dim, x.ndim, "count_nonzero")
    return Tensor._wrap(x.xp.asarray((x._data != 0).sum(axis=axes), dtype="int64"))


def aminmax(input: Any, *, dim: int | None = None, keepdim: bool = False) -> Any:  # noqa: A002
    """Computes the minimum and maximum values of the :attr:`input` tensor in one call.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        dim (int, optional): the dimension along which to compute the values. Default: ``None`` (all
            elements).
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.

    Returns:
        A named tuple ``(min, max)``.

    Example:
        >>> glassnet.aminmax(glassnet.tensor([1, -3, 5]))
        aminmax(min=tensor(-3), max=tensor(5))
        >>> glassnet.aminmax(glassnet.tensor([[1.0, 5.0], [7.0, 2.0]]), dim=1).max
        tensor([5., 7.])
    """
    x = _t(input)
    if x._data.size == 0:
        raise RuntimeError(
            "aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.")
    axes = () if dim is None else dim
    return _aminmax_result(x.amin(axes, keepdim), x.amax(axes, keepdim))


def trace(input: Any) -> Tensor:  # noqa: A002
    """Returns the sum of the elements of the diagonal of the input 2-D matrix.

    Args:
        input (Tensor): a 2-D tensor (it need not be square).

    Example:
        >>> glassnet.trace(glassnet.arange(1.0, 10.0).reshape(3, 3))
        tensor(15.)
    """
    x = _t(input)
    if x.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {x.ndim}")
    from .index_functions import diagonal

    return diagonal(x).sum()


def bincount(input: Any, weights: Any = None, minlength: int = 0) -> Tensor:  # noqa: A002
    """Counts the frequency of each value in an array of non-negative ints.

    The number of bins is one larger than the largest value in :attr:`input` (at least
    :attr:`minlength`). With :attr:`weights`, bin ``i`` holds the sum of the weights at the positions
    where :attr:`input` is ``i`` instead of the count (float64 unless the weights are floating point).

    Args:
        input (Tensor): a 1-D int tensor of non-negative values.
        weights (Tensor, optional): weights for each value of :attr:`input`, of the same length.
            Default: ``None``.
        minlength (int, optional): the minimum number of bins. Default: ``0``.

    Example:
        >>> glassnet.bincount(glassnet.tensor([4, 3, 6, 3, 4]))
        tensor([0, 0, 0, 2, 2, 0, 1])
        >>> glassnet.bincount(glassnet.tensor([0, 1, 1]), weights=glassnet.tensor([0.5, 1.0, 2.0]), minlength=4)
        tensor([0.5000, 3.0000, 0.0000, 0.0000])
    """
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
    """Wraps :attr:`fn` so that it also takes NumPy's keyword names: ``axis=`` for ``dim=`` and
    ``keepdims=`` for ``keepdim=``, as PyTorch's reductions do.

    Passing both spellings of one argument is a ``TypeError``. glassnet wraps its reductions with it at
    import (see :func:`glassnet.install_numpy_names`).

    Args:
        fn (callable): a function taking ``dim`` and/or ``keepdim`` keyword arguments.

    Returns:
        The wrapped function (with :attr:`fn`'s name and docstring).

    Example:
        >>> def total(x, dim=None, keepdim=False):
        ...     return x.sum(dim=dim, keepdim=keepdim)
        >>> glassnet.accept_numpy_names(total)(glassnet.ones(2, 3), axis=1, keepdims=True)
        tensor([[3.],
                [3.]])
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for numpy_name, torch_name in (("axis", "dim"), ("keepdims", "keepdim")):
            if numpy_name in kwargs:
                if torch_name in kwargs:
                    raise TypeError(f"{fn.__name__}() got both {torch_name!r} and its alias {numpy_name!r}")
                kwargs[torch_name] = kwargs.pop(numpy_name)
        return fn(*args, **kwargs)

    return wrapper


# Reductions and dim-taking functions that accept the aliases, as methods (wrapped by tensor_methods.install)
# and as glassnet.NAME (wrapped by install_numpy_names).
AXIS_ALIASED = ("sum", "mean", "max", "min", "amax", "amin", "aminmax", "prod", "std", "var", "any", "all",
                "argmax", "argmin", "logsumexp", "cumsum", "cumprod", "std_mean", "var_mean", "median", "nanmedian",
                "mode", "nanmean", "nansum", "count_nonzero", "logcumsumexp", "cummax", "cummin")


def install_numpy_names(namespace: dict) -> None:
    """Lets every reduction named in ``AXIS_ALIASED`` take ``axis=``/``keepdims=`` as the function of that
    name in :attr:`namespace` (see :func:`glassnet.accept_numpy_names`).

    ``glassnet`` calls it once on its own namespace at import; calling it again would wrap twice. The
    Tensor methods of those names are wrapped the same way where every Tensor method outside
    ``tensor.py`` is declared: ``glassnet.tensor_methods``.

    Args:
        namespace (dict): the module namespace (``globals()``) whose functions are wrapped.

    Example:
        >>> glassnet.sum(glassnet.ones(2, 3), axis=0)
        tensor([2., 2., 2.])
        >>> glassnet.ones(2, 3).mean(axis=1, keepdims=True).shape
        glassnet.Size([2, 1])
    """
    for name in AXIS_ALIASED:
        if name in namespace:
            namespace[name] = accept_numpy_names(namespace[name])


__all__ = [n for n, v in list(globals().items())
           if not n.startswith("_") and isinstance(v, FunctionType) and v.__module__ == __name__]
