"""Element-wise math beyond the basics: trig and hyperbolic functions, erf/erfinv, log2/exp2 family,
atan2/hypot/logaddexp/copysign/lerp, addcmul/addcdiv, isclose/allclose, bitwise ops and shifts, and
``div(rounding_mode=)``. Each is a ``glassnet.NAME`` function and (where PyTorch has one) a Tensor method.
"""

from __future__ import annotations

import builtins
from types import FunctionType
from typing import Any

from . import dtypes as D
from .autograd.function import Function
from .backend import array_module
from .ops import special as SP
from .ops import unary_math as U
from .tensor import Tensor, _arr, _cast


def _t(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _as_float(x: Tensor) -> Tensor:
    """Integer and bool tensors become the default float first, as PyTorch's float-only math does."""
    return x if x._data.dtype.kind == "f" else x.astype(D.get_default_dtype())


def _float_operands(*xs: Any) -> list:
    """Operands cast to their common (floating) result dtype; Python numbers stay numbers."""
    target = D.result_np(*xs)
    if target.kind != "f":
        target = D.get_default_dtype().np
    return [_cast(x, target) for x in xs]


def _unary(name: str, op: type, doc: str):
    def fn(input: Any) -> Tensor:  # noqa: A002 - PyTorch argument name
        return op.apply(_as_float(_t(input)))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


tan = _unary("tan", U.Tan, "Element-wise tangent.")
asin = arcsin = _unary("asin", U.Asin, "Element-wise inverse sine.")
acos = arccos = _unary("acos", U.Acos, "Element-wise inverse cosine.")
atan = arctan = _unary("atan", U.Atan, "Element-wise inverse tangent.")
sinh = _unary("sinh", U.Sinh, "Element-wise hyperbolic sine.")
cosh = _unary("cosh", U.Cosh, "Element-wise hyperbolic cosine.")
asinh = arcsinh = _unary("asinh", U.Asinh, "Element-wise inverse hyperbolic sine.")
acosh = arccosh = _unary("acosh", U.Acosh, "Element-wise inverse hyperbolic cosine.")
atanh = arctanh = _unary("atanh", U.Atanh, "Element-wise inverse hyperbolic tangent.")
erf = _unary("erf", U.Erf, "Element-wise error function.")
erfinv = _unary("erfinv", U.Erfinv, "Element-wise inverse error function.")
log2 = _unary("log2", U.Log2, "Element-wise base-2 logarithm.")
log10 = _unary("log10", U.Log10, "Element-wise base-10 logarithm.")
exp2 = _unary("exp2", U.Exp2, "Element-wise 2 ** x.")
expm1 = _unary("expm1", U.Expm1, "Element-wise exp(x) - 1, accurate for small x.")


# Its own op (ops/special.py): computed as 1 - erf it would lose every digit for x > 6.
erfc = _unary("erfc", SP.Erfc, "Element-wise complementary error function 1 - erf(x).")


def atan2(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Element-wise angle of the point (other, input), in (-pi, pi]."""
    return U.Atan2.apply(*_float_operands(_t(input), other))


arctan2 = atan2


def _floats_only(op: str, *operands: Any) -> None:
    """PyTorch has hypot/logaddexp kernels for floating results only (no promotion of two integer inputs)."""
    from .dtypes import result_np

    if result_np(*operands).kind != "f":
        raise NotImplementedError(f"{op}: not implemented for integer or bool inputs (convert with .float())")


def hypot(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Element-wise sqrt(input**2 + other**2), without overflow."""
    _floats_only("hypot", input, other)
    return U.Hypot.apply(*_float_operands(_t(input), other))


def logaddexp(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Element-wise log(exp(input) + exp(other)), computed stably."""
    _floats_only("logaddexp", input, other)
    return U.LogAddExp.apply(*_float_operands(_t(input), other))


def copysign(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Element-wise |input| with the sign of other."""
    a, b = _float_operands(_t(input), other)
    return U.CopySign.apply(a, b)


def lerp(input: Any, end: Any, weight: Any) -> Tensor:  # noqa: A002
    """Linear interpolation input + weight * (end - input)."""
    start, end = _t(input), _t(end)
    if start._data.dtype.kind != "f" or start._data.dtype != end._data.dtype:
        raise RuntimeError(
            f"lerp: expected start and end to share one floating dtype, got {start.dtype!r} and {end.dtype!r}"
        )
    if isinstance(weight, Tensor) and weight._data.dtype != start._data.dtype:
        raise RuntimeError(f"lerp: expected weight to have dtype {start.dtype!r}, got {weight.dtype!r}")
    return U.Lerp.apply(start, end, weight)


def addcmul(input: Any, tensor1: Any, tensor2: Any, *, value: Any = 1) -> Tensor:  # noqa: A002
    """input + value * tensor1 * tensor2."""
    return _t(input) + value * (_t(tensor1) * tensor2)


def addcdiv(input: Any, tensor1: Any, tensor2: Any, *, value: Any = 1) -> Tensor:  # noqa: A002
    """input + value * tensor1 / tensor2."""
    t1, t2 = _t(tensor1), _t(tensor2)
    if t1._data.dtype.kind in "iub" and t2._data.dtype.kind in "iub":
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future release addcdiv will "
            "perform a true division of tensor1 and tensor2."
        )
    return _t(input) + value * (t1 / t2)


def isclose(input: Any, other: Any, rtol: float = 1e-05, atol: float = 1e-08,  # noqa: A002
            equal_nan: bool = False) -> Tensor:
    """Element-wise |input - other| <= atol + rtol * |other| (equal infinities are close)."""
    a, b = _t(input), _t(other)
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"isclose: {a.dtype!r} did not match {b.dtype!r}")
    xp = a.xp
    return Tensor._wrap(xp.asarray(xp.isclose(a._data, b._data, rtol=rtol, atol=atol, equal_nan=equal_nan)))


def allclose(input: Any, other: Any, rtol: float = 1e-05, atol: float = 1e-08,  # noqa: A002
             equal_nan: bool = False) -> bool:
    """True if every element of input is close to other (see isclose)."""
    return builtins.bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


def logical_xor(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Element-wise exclusive or of the truth values (nonzero is True)."""
    return _t(input)._logical(other, "logical_xor")


# ---- bitwise ops and shifts: integer and bool tensors only, as in PyTorch ----------------------------
_SCALAR_TYPE_NAMES = {"float16": "Half", "float32": "Float", "float64": "Double", "int8": "Char", "uint8": "Byte",
                      "int16": "Short", "int32": "Int", "int64": "Long", "bool": "Bool"}


def scalar_type_name(np_dtype: Any) -> str:
    """PyTorch's name for a dtype in error messages ('Float', 'Long' ...)."""
    return _SCALAR_TYPE_NAMES.get(str(np_dtype), str(np_dtype))


def _integer_operands(op: str, *xs: Any) -> list:
    """Arrays of the common integer/bool dtype, or PyTorch's error for floating inputs."""
    target = D.result_np(*xs)
    if target.kind not in "iub":
        raise NotImplementedError(f'"{op}_cpu" not implemented for \'{scalar_type_name(target)}\'')
    xp = array_module(*[_arr(x) for x in xs])
    return [xp.asarray(_arr(x)).astype(target, copy=False) for x in xs]


def bitwise_and(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Element-wise bitwise (logical for bool) and."""
    a, b = _integer_operands("bitwise_and", _t(input), other)
    return Tensor._wrap(a & b)


def bitwise_or(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Element-wise bitwise (logical for bool) or."""
    a, b = _integer_operands("bitwise_or", _t(input), other)
    return Tensor._wrap(a | b)


def bitwise_xor(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Element-wise bitwise (logical for bool) exclusive or."""
    a, b = _integer_operands("bitwise_xor", _t(input), other)
    return Tensor._wrap(a ^ b)


def bitwise_not(input: Any) -> Tensor:  # noqa: A002
    """Element-wise bitwise (logical for bool) not."""
    (a,) = _integer_operands("bitwise_not", _t(input))
    return Tensor._wrap(~a)


def bitwise_left_shift(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Element-wise input << other (bits shifted out are lost, as in C)."""
    a, b = _integer_operands("lshift", _t(input), other)
    return Tensor._wrap(array_module(a).left_shift(a, b).astype(a.dtype, copy=False))


def bitwise_right_shift(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Element-wise input >> other (arithmetic shift: negative numbers stay negative)."""
    a, b = _integer_operands("rshift", _t(input), other)
    return Tensor._wrap(array_module(a).right_shift(a, b).astype(a.dtype, copy=False))


# ---- division -----------------------------------------------------------------------------------------
class RoundedDiv(Function):
    """input / other rounded toward zero or down; the rounding makes both gradients zero."""

    @staticmethod
    def forward(ctx, a, b, mode):
        xp = array_module(a, b)
        if a.dtype.kind in "iub":
            if (b == 0).any():
                raise RuntimeError("ZeroDivisionError")
            q = xp.floor_divide(a, b)
            if mode == "trunc":  # floor and trunc differ where the exact quotient is negative
                q = q + ((q < 0) & (q * b != a))
            return q
        with xp.errstate(divide="ignore", invalid="ignore"):
            return xp.floor_divide(a, b) if mode == "floor" else xp.trunc(a / b)

    @staticmethod
    def backward(ctx, g):
        return g * 0, g * 0


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:  # noqa: A002
    """input / other; rounding_mode 'trunc' or 'floor' rounds the quotient (keeping integer dtypes)."""
    a = _t(input)
    if rounding_mode is None:
        return a / other
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError(
            f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'"
        )
    target = D.result_np(a, other)
    b = _cast(other, target)
    if not isinstance(b, Tensor):
        b = array_module(a._data).asarray(b, dtype=target)
    return RoundedDiv.apply(_cast(a, target), b, rounding_mode)


divide = div


def true_divide(input: Any, other: Any) -> Tensor:  # noqa: A002
    """input / other as a float division, whatever the dtypes."""
    return _t(input) / other


# Tensor methods: t.NAME(...) is NAME(t, ...).
_METHODS = ("tan", "asin", "arcsin", "acos", "arccos", "atan", "arctan", "sinh", "cosh", "asinh", "arcsinh",
            "acosh", "arccosh", "atanh", "arctanh", "erf", "erfc", "erfinv", "log2", "log10", "exp2", "expm1",
            "atan2", "arctan2", "hypot", "logaddexp", "copysign", "lerp", "addcmul", "addcdiv", "isclose",
            "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
            "bitwise_right_shift", "divide", "true_divide", "logical_xor")
for _name in _METHODS:
    setattr(Tensor, _name, globals()[_name])

__all__ = [n for n, v in list(globals().items())
           if not n.startswith("_") and isinstance(v, FunctionType) and v.__module__ == __name__]
