"""Every Tensor method that is not written in ``tensor.py``'s class body, declared in one place.

"Where does ``x.atan2(y)`` come from?" If ``tensor.py`` has no ``def atan2``, the answer is here:
:data:`METHODS` maps each such method name to the module function it is (``x.atan2(y)`` is
``math_functions.atan2(x, y)``, the very function ``glassnet.atan2`` names), the in-place
``NAME_`` variants listed in :data:`INPLACE` are made by :func:`inplace_variant`, and the reductions in
``reduce_functions.AXIS_ALIASED`` also take NumPy's ``axis=``/``keepdims=``. :func:`install` puts them
all on the class; ``glassnet/__init__.py`` calls it once, after importing the function modules.

Why the indirection instead of ``def`` lines in the class: the function modules import ``Tensor`` (they
build their results with it), so ``tensor.py`` cannot import them while the class is being defined; the
methods can only be added once both sides exist. Doing it here, and nowhere else
(``tests/test_tensor_registry.py`` checks that no other module assigns onto ``Tensor``), keeps the
answer in one file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import (
    index_functions,
    linalg,
    math_functions,
    matrix_functions,
    reduce_functions,
    sort_functions,
    tensor_factories,
)
from .reduce_functions import AXIS_ALIASED, accept_numpy_names
from .tensor import Tensor

# t.NAME(...) is FUNCTION(t, ...): the method and glassnet.NAME are one function object, so they share
# their docstring, __name__ and __qualname__ (linalg's older spellings keep theirs: Tensor.inverse is linalg.inv).
METHODS: dict[str, Callable[..., Any]] = {
    # math_functions.py
    "tan": math_functions.tan, "asin": math_functions.asin, "arcsin": math_functions.arcsin,
    "acos": math_functions.acos, "arccos": math_functions.arccos, "atan": math_functions.atan,
    "arctan": math_functions.arctan, "sinh": math_functions.sinh, "cosh": math_functions.cosh,
    "asinh": math_functions.asinh, "arcsinh": math_functions.arcsinh, "acosh": math_functions.acosh,
    "arccosh": math_functions.arccosh, "atanh": math_functions.atanh, "arctanh": math_functions.arctanh,
    "erf": math_functions.erf, "erfc": math_functions.erfc, "erfinv": math_functions.erfinv,
    "log2": math_functions.log2, "log10": math_functions.log10, "exp2": math_functions.exp2,
    "expm1": math_functions.expm1, "atan2": math_functions.atan2, "arctan2": math_functions.arctan2,
    "hypot": math_functions.hypot, "logaddexp": math_functions.logaddexp, "copysign": math_functions.copysign,
    "lerp": math_functions.lerp, "addcmul": math_functions.addcmul, "addcdiv": math_functions.addcdiv,
    "isclose": math_functions.isclose, "bitwise_and": math_functions.bitwise_and,
    "bitwise_or": math_functions.bitwise_or, "bitwise_xor": math_functions.bitwise_xor,
    "bitwise_not": math_functions.bitwise_not, "bitwise_left_shift": math_functions.bitwise_left_shift,
    "bitwise_right_shift": math_functions.bitwise_right_shift, "divide": math_functions.divide,
    "true_divide": math_functions.true_divide, "logical_xor": math_functions.logical_xor,
    # matrix_functions.py
    "dot": matrix_functions.dot, "vdot": matrix_functions.vdot, "inner": matrix_functions.inner,
    "mm": matrix_functions.mm, "bmm": matrix_functions.bmm, "mv": matrix_functions.mv, "outer": matrix_functions.outer,
    "ger": matrix_functions.ger, "addmm": matrix_functions.addmm, "addmv": matrix_functions.addmv,
    "baddbmm": matrix_functions.baddbmm, "addbmm": matrix_functions.addbmm, "addr": matrix_functions.addr,
    "matrix_power": matrix_functions.matrix_power, "kron": matrix_functions.kron,
    # reduce_functions.py
    "cumsum": reduce_functions.cumsum, "cumprod": reduce_functions.cumprod,
    "logcumsumexp": reduce_functions.logcumsumexp, "cummax": reduce_functions.cummax,
    "cummin": reduce_functions.cummin, "nansum": reduce_functions.nansum, "nanmean": reduce_functions.nanmean,
    "count_nonzero": reduce_functions.count_nonzero, "aminmax": reduce_functions.aminmax,
    "trace": reduce_functions.trace, "bincount": reduce_functions.bincount,
    # sort_functions.py
    "argsort": sort_functions.argsort, "msort": sort_functions.msort, "kthvalue": sort_functions.kthvalue,
    "median": sort_functions.median, "nanmedian": sort_functions.nanmedian, "quantile": sort_functions.quantile,
    "nanquantile": sort_functions.nanquantile, "unique": sort_functions.unique,
    "unique_consecutive": sort_functions.unique_consecutive,
    # index_functions.py
    "scatter": index_functions.scatter, "scatter_reduce": index_functions.scatter_reduce,
    "index_add": index_functions.index_add, "index_fill": index_functions.index_fill,
    "masked_select": index_functions.masked_select, "masked_scatter": index_functions.masked_scatter,
    "nonzero": index_functions.nonzero, "argwhere": index_functions.argwhere, "take": index_functions.take,
    "take_along_dim": index_functions.take_along_dim, "tril": index_functions.tril, "triu": index_functions.triu,
    "diagonal": index_functions.diagonal, "diag": index_functions.diag, "diag_embed": index_functions.diag_embed,
    "roll": index_functions.roll, "flip": index_functions.flip, "fliplr": index_functions.fliplr,
    "flipud": index_functions.flipud, "rot90": index_functions.rot90, "diff": index_functions.diff,
    "narrow": index_functions.narrow, "unfold": index_functions.unfold,
    "repeat_interleave": index_functions.repeat_interleave,
    # linalg.py
    "det": linalg.det, "logdet": linalg.logdet, "slogdet": linalg.slogdet, "inverse": linalg.inv,
    "cholesky": linalg.cholesky, "svd": linalg.svd_torch, "qr": linalg.qr_torch, "pinverse": linalg.pinv,
    "matrix_rank": linalg.matrix_rank,
    # tensor_factories.py
    "new_zeros": tensor_factories.new_zeros, "new_ones": tensor_factories.new_ones,
    "new_empty": tensor_factories.new_empty, "new_full": tensor_factories.new_full,
    "new_tensor": tensor_factories.new_tensor, "multinomial": tensor_factories.multinomial,
}

# Every function whose result has its input's shape, so it can overwrite the input: each gets a NAME_
# method. Methods that already have a hand-written in-place form in tensor.py (add_, mul_, clamp_,
# fill_ ...) are not listed.
INPLACE = (
    "exp", "log", "log1p", "sqrt", "rsqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "neg", "square",
    "pow", "sign", "floor", "ceil", "round", "clip", "tan", "asin", "arcsin", "acos", "arccos", "atan", "arctan",
    "sinh", "cosh", "asinh", "arcsinh", "acosh", "arccosh", "atanh", "arctanh", "erf", "erfc", "erfinv", "log2",
    "log10", "exp2", "expm1", "atan2", "arctan2", "hypot", "copysign", "lerp", "addcmul", "addcdiv",
    "true_divide", "divide", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
    "bitwise_right_shift", "tril", "triu", "index_add", "index_fill", "scatter", "scatter_add", "scatter_reduce",
    "masked_scatter", "cumsum", "cumprod", "logical_not", "logical_and", "logical_or", "logical_xor",
    "trunc", "fmod", "remainder", "floor_divide", "addmm",
)


def inplace_variant(name: str) -> Callable[..., Tensor]:
    """The ``NAME_`` method: compute ``NAME``'s out-of-place result and write it into the tensor."""

    def method(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
        if self._records(*args, *kwargs.values()):  # in the graph: recorded from a snapshot (Tensor._apply_inplace)
            return self._apply_inplace(name + "_", lambda old: getattr(old, name)(*args, **kwargs))
        # off the graph: Tensor._inplace_from checks shape and dtype and bumps the version
        return self._inplace_from(name + "_", getattr(self, name)(*args, **kwargs))

    method.__name__ = method.__qualname__ = name + "_"
    # Every name in INPLACE is also a documented glassnet function, which the docstring points to.
    method.__doc__ = f"In-place version of :meth:`{name}`. See :func:`glassnet.{name}`."
    return method


def all_methods() -> dict[str, Callable[..., Any]]:
    """Every method :func:`install` sets on Tensor, by name (a fresh table on each call)."""
    table = dict(METHODS)
    table.update({name + "_": inplace_variant(name) for name in INPLACE})
    # The wrapper of a class-body method (sum, mean ...) is built from the method install() finds there.
    for name in AXIS_ALIASED:
        fn = table.get(name, getattr(Tensor, name, None))
        if fn is not None:  # std_mean, var_mean ... are glassnet functions only, not methods
            table[name] = accept_numpy_names(fn)
    return table


def install() -> None:
    """Sets every method of :func:`all_methods` on Tensor; glassnet calls it once at import (twice would wrap twice)."""
    for name, fn in all_methods().items():
        setattr(Tensor, name, fn)
