"""The in-place ``NAME_`` variants, made one way: compute ``NAME``'s out-of-place result and write it into
the tensor through ``Tensor._inplace_from`` (which checks shape and dtype and bumps the version).
"""

from __future__ import annotations

from typing import Any

from .tensor import Tensor

# Every function whose result has its input's shape, so it can overwrite the input. Methods that
# already have a hand-written in-place form (add_, mul_, clamp_, fill_ ...) are not listed.
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


def _inplace_variant(name: str):
    def method(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
        if self._records(*args, *kwargs.values()):  # in the graph: recorded from a snapshot (Tensor._apply_inplace)
            return self._apply_inplace(name + "_", lambda old: getattr(old, name)(*args, **kwargs))
        return self._inplace_from(name + "_", getattr(self, name)(*args, **kwargs))

    method.__name__ = method.__qualname__ = name + "_"
    # Every name in INPLACE is also a documented glassnet function, which the docstring points to.
    method.__doc__ = f"In-place version of :meth:`{name}`. See :func:`glassnet.{name}`."
    return method


for _name in INPLACE:
    if hasattr(Tensor, _name) and not hasattr(Tensor, _name + "_"):
        setattr(Tensor, _name + "_", _inplace_variant(_name))
