"""Element-wise math beyond the basics: trig and hyperbolic functions, erf/erfinv, log2/exp2 family,
atan2/hypot/logaddexp/copysign/lerp, addcmul/addcdiv, isclose/allclose, bitwise ops and shifts, and
``div(rounding_mode=)``. Each is a ``glassnet.NAME`` function and (where PyTorch has one) a Tensor method.
"""

from __future__ import annotations

import builtins
from types import FunctionType
from typing import Any

from . import dtypes
from .autograd import function as _function
from .autograd.function import Function
from .backend import array_module
from .ops import special as special_ops
from .ops import unary_math as unary_math_ops
from .tensor import Tensor, _arr, _cast


def _t(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _as_float(x: Tensor) -> Tensor:
    """Integer and bool tensors become the default float first, as PyTorch's float-only math does."""
    return x if x._data.dtype.kind == "f" else x.astype(dtypes.get_default_dtype())


def _float_operands(*xs: Any) -> list:
    """Operands cast to their common (floating) result dtype; Python numbers stay numbers."""
    target = dtypes.result_np(*xs)
    if target.kind != "f":
        target = dtypes.get_default_dtype().np
    return [_cast(x, target) for x in xs]


# The docstrings of the _unary functions below.
_UNARY_DOCS = {
    "tan": r"""Returns a new tensor with the tangent of the elements of :attr:`input` (in radians).

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.tan(glassnet.tensor([0.0, 0.5, -1.0]))
        tensor([ 0.0000,  0.5463, -1.5574])
    """,
    "asin": r"""Returns a new tensor with the arcsine of the elements of :attr:`input` (NaN outside ``[-1, 1]``).

    ``arcsin`` is an alias.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.asin(glassnet.tensor([-1.0, 0.0, 0.5]))
        tensor([-1.5708,  0.0000,  0.5236])
    """,
    "acos": r"""Returns a new tensor with the inverse cosine of the elements of :attr:`input`, in ``[0, pi]``.

    ``arccos`` is an alias.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.acos(glassnet.tensor([-1.0, 0.0, 0.5]))
        tensor([3.1416, 1.5708, 1.0472])
    """,
    "atan": r"""Returns a new tensor with the arctangent of the elements of :attr:`input`, in ``(-pi/2, pi/2)``.

    ``arctan`` is an alias.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.atan(glassnet.tensor([-1.0, 0.0, 10.0]))
        tensor([-0.7854,  0.0000,  1.4711])
    """,
    "sinh": r"""Returns a new tensor with the hyperbolic sine of the elements of :attr:`input`.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.sinh(glassnet.tensor([-1.0, 0.0, 2.0]))
        tensor([-1.1752,  0.0000,  3.6269])
    """,
    "cosh": r"""Returns a new tensor with the hyperbolic cosine of the elements of :attr:`input`.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.cosh(glassnet.tensor([-1.0, 0.0, 2.0]))
        tensor([1.5431, 1.0000, 3.7622])
    """,
    "asinh": r"""Returns a new tensor with the inverse hyperbolic sine of the elements of :attr:`input`.

    ``arcsinh`` is an alias.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.asinh(glassnet.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.8814,  0.0000,  1.4436])
    """,
    "acosh": r"""Returns a new tensor with the inverse hyperbolic cosine of the elements of :attr:`input`
    (NaN below 1).

    ``arccosh`` is an alias.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.acosh(glassnet.tensor([1.0, 2.0, 10.0]))
        tensor([0.0000, 1.3170, 2.9932])
    """,
    "atanh": r"""Returns a new tensor with the inverse hyperbolic tangent of the elements of :attr:`input`
    (``inf`` at 1, NaN outside ``[-1, 1]``).

    ``arctanh`` is an alias.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.atanh(glassnet.tensor([-0.5, 0.0, 0.9]))
        tensor([-0.5493,  0.0000,  1.4722])
    """,
    "erf": r"""Computes the error function of each element: ``erf(x) = 2/sqrt(pi) * integral_0^x exp(-t**2) dt``.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.erf(glassnet.tensor([0.0, -1.0, 10.0]))
        tensor([ 0.0000, -0.8427,  1.0000])
    """,
    "erfinv": r"""Computes the inverse error function of each element, defined on ``(-1, 1)`` (``+-inf`` at ``+-1``).

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.erfinv(glassnet.tensor([0.0, 0.5, -1.0]))
        tensor([0.0000, 0.4769,   -inf])
    """,
    "log2": r"""Returns a new tensor with the logarithm to the base 2 of the elements of :attr:`input`.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.log2(glassnet.tensor([1.0, 8.0, 0.5]))
        tensor([ 0.,  3., -1.])
    """,
    "log10": r"""Returns a new tensor with the logarithm to the base 10 of the elements of :attr:`input`.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.log10(glassnet.tensor([1.0, 100.0, 0.5]))
        tensor([ 0.0000,  2.0000, -0.3010])
    """,
    "exp2": r"""Computes the base-two exponential of each element: ``2 ** x``.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.exp2(glassnet.tensor([0.0, 1.0, 10.0, -1.0]))
        tensor([1.0000e+00, 2.0000e+00, 1.0240e+03, 5.0000e-01])
    """,
    "expm1": r"""Computes ``exp(x) - 1`` of each element, accurate for small ``x``.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.expm1(glassnet.tensor([0.0, 1e-5, 1.0]))
        tensor([0.0000e+00, 1.0000e-05, 1.7183e+00])
    """,
    "erfc": r"""Computes the complementary error function of each element: ``1 - erf(x)``, accurate where erf is near 1.

    Integer and bool inputs are computed in the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.erfc(glassnet.tensor([0.0, -1.0, 10.0]))
        tensor([1.0000e+00, 1.8427e+00, 1.4013e-45])
    """,
}


def _unary(name: str, op: type, doc: str):
    def fn(input: Any) -> Tensor:  # noqa: A002 - PyTorch argument name
        return op.apply(_as_float(_t(input)))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = _UNARY_DOCS.get(name, doc)
    return fn


tan = _unary("tan", unary_math_ops.Tan, "Element-wise tangent.")
asin = arcsin = _unary("asin", unary_math_ops.Asin, "Element-wise inverse sine.")
acos = arccos = _unary("acos", unary_math_ops.Acos, "Element-wise inverse cosine.")
atan = arctan = _unary("atan", unary_math_ops.Atan, "Element-wise inverse tangent.")
sinh = _unary("sinh", unary_math_ops.Sinh, "Element-wise hyperbolic sine.")
cosh = _unary("cosh", unary_math_ops.Cosh, "Element-wise hyperbolic cosine.")
asinh = arcsinh = _unary("asinh", unary_math_ops.Asinh, "Element-wise inverse hyperbolic sine.")
acosh = arccosh = _unary("acosh", unary_math_ops.Acosh, "Element-wise inverse hyperbolic cosine.")
atanh = arctanh = _unary("atanh", unary_math_ops.Atanh, "Element-wise inverse hyperbolic tangent.")
erf = _unary("erf", unary_math_ops.Erf, "Element-wise error function.")
erfinv = _unary("erfinv", unary_math_ops.Erfinv, "Element-wise inverse error function.")
log2 = _unary("log2", unary_math_ops.Log2, "Element-wise base-2 logarithm.")
log10 = _unary("log10", unary_math_ops.Log10, "Element-wise base-10 logarithm.")
exp2 = _unary("exp2", unary_math_ops.Exp2, "Element-wise 2 ** x.")
expm1 = _unary("expm1", unary_math_ops.Expm1, "Element-wise exp(x) - 1, accurate for small x.")


# Its own op (ops/special.py): computed as 1 - erf it would lose every digit for x > 6.
erfc = _unary("erfc", special_ops.Erfc, "Element-wise complementary error function 1 - erf(x).")


def atan2(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Element-wise arctangent of ``input / other`` with the quadrant taken into account: the angle of the
    point ``(other, input)``, in ``(-pi, pi]``.

    ``arctan2`` is an alias.

    Args:
        input (Tensor or Number): the y coordinates.
        other (Tensor or Number): the x coordinates.

    Example:
        >>> glassnet.atan2(glassnet.tensor([1.0, 1.0, -1.0]), glassnet.tensor([1.0, -1.0, -1.0]))
        tensor([ 0.7854,  2.3562, -2.3562])
    """
    return unary_math_ops.Atan2.apply(*_float_operands(_t(input), other))


arctan2 = atan2


def _floats_only(op: str, *operands: Any) -> None:
    """PyTorch has hypot/logaddexp kernels for floating results only (no promotion of two integer inputs)."""
    from .dtypes import result_np

    if result_np(*operands).kind != "f":
        raise NotImplementedError(f"{op}: not implemented for integer or bool inputs (convert with .float())")


def hypot(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Given the legs of a right triangle, returns its hypotenuse: ``sqrt(input**2 + other**2)``, without
    intermediate overflow.

    The result must be floating point (two integer tensors are an error, as in PyTorch).

    Args:
        input (Tensor or Number): the first input.
        other (Tensor or Number): the second input (broadcast against :attr:`input`).

    Example:
        >>> glassnet.hypot(glassnet.tensor([3.0, 5.0]), glassnet.tensor([4.0, 12.0]))
        tensor([ 5., 13.])
    """
    _floats_only("hypot", input, other)
    return unary_math_ops.Hypot.apply(*_float_operands(_t(input), other))


def logaddexp(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Logarithm of the sum of exponentiations of the inputs, ``log(exp(input) + exp(other))``, computed
    without overflow.

    Args:
        input (Tensor or Number): the first input.
        other (Tensor or Number): the second input (broadcast against :attr:`input`).

    Example:
        >>> glassnet.logaddexp(glassnet.tensor([-1.0, 1000.0]), glassnet.tensor([-1.0, 1000.0]))
        tensor([-3.0685e-01,  1.0007e+03])
    """
    _floats_only("logaddexp", input, other)
    return unary_math_ops.LogAddExp.apply(*_float_operands(_t(input), other))


def copysign(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Creates a new tensor with the magnitude of :attr:`input` and the sign of :attr:`other`, element-wise.

    The sign of a zero counts: ``copysign(1.0, -0.0)`` is ``-1.0``.

    Args:
        input (Tensor or Number): the magnitudes.
        other (Tensor or Number): the signs.

    Example:
        >>> glassnet.copysign(glassnet.tensor([1.0, -2.0, 3.0]), -1.0)
        tensor([-1., -2., -3.])
    """
    a, b = _float_operands(_t(input), other)
    return unary_math_ops.CopySign.apply(a, b)


def lerp(input: Any, end: Any, weight: Any) -> Tensor:  # noqa: A002
    """Linear interpolation of two tensors based on a scalar or tensor weight:
    ``out = input + weight * (end - input)``.

    Args:
        input (Tensor): the tensor with the starting points.
        end (Tensor): the tensor with the ending points.
        weight (float or Tensor): the weight for the interpolation formula.

    Example:
        >>> start, end = glassnet.tensor([1.0, 2.0, 3.0]), glassnet.tensor([10.0, 10.0, 10.0])
        >>> glassnet.lerp(start, end, 0.5)
        tensor([5.5000, 6.0000, 6.5000])
        >>> glassnet.lerp(start, end, glassnet.tensor([0.0, 0.5, 1.0]))
        tensor([ 1.,  6., 10.])
    """
    start, end = _t(input), _t(end)
    if start._data.dtype.kind != "f" or start._data.dtype != end._data.dtype:
        raise RuntimeError(
            f"lerp: expected start and end to share one floating dtype, got {start.dtype!r} and {end.dtype!r}"
        )
    if isinstance(weight, Tensor) and weight._data.dtype != start._data.dtype:
        raise RuntimeError(f"lerp: expected weight to have dtype {start.dtype!r}, got {weight.dtype!r}")
    return unary_math_ops.Lerp.apply(start, end, weight)


def addcmul(input: Any, tensor1: Any, tensor2: Any, *, value: Any = 1) -> Tensor:  # noqa: A002
    """Multiplies :attr:`tensor1` by :attr:`tensor2` element-wise, scales by :attr:`value` and adds to
    :attr:`input`: ``out = input + value * tensor1 * tensor2``.

    Args:
        input (Tensor): the tensor to be added.
        tensor1 (Tensor): the tensor to be multiplied.
        tensor2 (Tensor): the tensor to be multiplied.

    Keyword args:
        value (Number, optional): the multiplier for ``tensor1 * tensor2``. Default: ``1``.

    Example:
        >>> t1, t2 = glassnet.tensor([1.0, 2.0, 3.0]), glassnet.tensor([2.0, 2.0, 2.0])
        >>> glassnet.addcmul(glassnet.ones(3), t1, t2, value=0.5)
        tensor([2., 3., 4.])
    """
    return _t(input) + value * (_t(tensor1) * tensor2)


def addcdiv(input: Any, tensor1: Any, tensor2: Any, *, value: Any = 1) -> Tensor:  # noqa: A002
    """Divides :attr:`tensor1` by :attr:`tensor2` element-wise, scales by :attr:`value` and adds to
    :attr:`input`: ``out = input + value * tensor1 / tensor2``.

    As in PyTorch, two integer tensors ``tensor1`` and ``tensor2`` are an error (no integer division).

    Args:
        input (Tensor): the tensor to be added.
        tensor1 (Tensor): the numerator tensor.
        tensor2 (Tensor): the denominator tensor.

    Keyword args:
        value (Number, optional): the multiplier for ``tensor1 / tensor2``. Default: ``1``.

    Example:
        >>> t1, t2 = glassnet.tensor([1.0, 2.0, 3.0]), glassnet.tensor([2.0, 4.0, 8.0])
        >>> glassnet.addcdiv(glassnet.zeros(3), t1, t2, value=2)
        tensor([1.0000, 1.0000, 0.7500])
    """
    t1, t2 = _t(tensor1), _t(tensor2)
    if t1._data.dtype.kind in "iub" and t2._data.dtype.kind in "iub":
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future release addcdiv will "
            "perform a true division of tensor1 and tensor2."
        )
    return _t(input) + value * (t1 / t2)


def isclose(input: Any, other: Any, rtol: float = 1e-05, atol: float = 1e-08,  # noqa: A002
            equal_nan: bool = False) -> Tensor:
    """Returns a bool tensor that is True where each element of :attr:`input` is close to the
    corresponding element of :attr:`other`: ``|input - other| <= atol + rtol * |other|``.

    Equal infinities are close; NaNs are close to each other only with ``equal_nan=True``. Both
    tensors must have one dtype, as in PyTorch.

    Args:
        input (Tensor): the first tensor to compare.
        other (Tensor): the second tensor to compare.
        rtol (float, optional): the relative tolerance. Default: ``1e-05``.
        atol (float, optional): the absolute tolerance. Default: ``1e-08``.
        equal_nan (bool, optional): if True, two NaNs are considered equal. Default: ``False``.

    Example:
        >>> glassnet.isclose(glassnet.tensor([1.0, 2.0, 3.0]), glassnet.tensor([1.0 + 1e-9, 2.1, 3.0]))
        tensor([ True, False,  True])
        >>> glassnet.isclose(glassnet.tensor([float('nan')]), glassnet.tensor([float('nan')]), equal_nan=True)
        tensor([True])
    """
    a, b = _t(input), _t(other)
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"isclose: {a.dtype!r} did not match {b.dtype!r}")
    xp = a.xp
    return Tensor._wrap(xp.asarray(xp.isclose(a._data, b._data, rtol=rtol, atol=atol, equal_nan=equal_nan)))


def allclose(input: Any, other: Any, rtol: float = 1e-05, atol: float = 1e-08,  # noqa: A002
             equal_nan: bool = False) -> bool:
    """Checks whether :attr:`input` and :attr:`other` satisfy ``|input - other| <= atol + rtol * |other|``
    everywhere; returns a Python bool (see :func:`glassnet.isclose`).

    Args:
        input (Tensor): the first tensor to compare.
        other (Tensor): the second tensor to compare.
        rtol (float, optional): the relative tolerance. Default: ``1e-05``.
        atol (float, optional): the absolute tolerance. Default: ``1e-08``.
        equal_nan (bool, optional): if True, two NaNs are considered equal. Default: ``False``.

    Example:
        >>> glassnet.allclose(glassnet.tensor([10000.0, 1e-07]), glassnet.tensor([10000.1, 1e-08]))
        False
        >>> glassnet.allclose(glassnet.tensor([10000.0, 1e-08]), glassnet.tensor([10000.1, 1e-09]))
        True
    """
    return builtins.bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


def logical_xor(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes the element-wise logical XOR of the inputs (zero is False, nonzero True); the result is bool.

    Args:
        input (Tensor or Number): the first input.
        other (Tensor or Number): the second input (broadcast against :attr:`input`).

    Example:
        >>> glassnet.logical_xor(glassnet.tensor([True, False, True]), glassnet.tensor([True, False, False]))
        tensor([False, False,  True])
        >>> glassnet.logical_xor(glassnet.tensor([0, 1, 10]), glassnet.tensor([0, 0, 3]))
        tensor([False,  True, False])
    """
    return _t(input)._logical(other, "logical_xor")


# ---- bitwise ops and shifts: integer and bool tensors only, as in PyTorch ----------------------------
_SCALAR_TYPE_NAMES = {"float16": "Half", "float32": "Float", "float64": "Double", "int8": "Char", "uint8": "Byte",
                      "int16": "Short", "int32": "Int", "int64": "Long", "bool": "Bool"}


def scalar_type_name(np_dtype: Any) -> str:
    """Returns PyTorch's name for a dtype as its error messages spell it: ``'Float'``, ``'Long'``, ``'Bool'`` ...

    glassnet's error messages use it to word their dtype errors as PyTorch's do.

    Args:
        np_dtype (numpy.dtype): the NumPy dtype to name.

    Example:
        >>> glassnet.scalar_type_name(np.dtype('float32')), glassnet.scalar_type_name(np.dtype('int64'))
        ('Float', 'Long')
    """
    return _SCALAR_TYPE_NAMES.get(str(np_dtype), str(np_dtype))


def _integer_operands(op: str, *xs: Any) -> list:
    """Arrays of the common integer/bool dtype, or PyTorch's error for floating inputs."""
    target = dtypes.result_np(*xs)
    if target.kind not in "iub":
        raise NotImplementedError(f'"{op}_cpu" not implemented for \'{scalar_type_name(target)}\'')
    xp = array_module(*[_arr(x) for x in xs])
    return [xp.asarray(_arr(x)).astype(target, copy=False) for x in xs]


def _reported(op: str, inputs: tuple, out: Tensor) -> Tensor:
    """Tell the op recorder (glassnet.onnx's export) about a bitwise op, which runs no Function."""
    if _function.TRACER is not None:
        _function.TRACER(_function.NoGradOp, None, inputs, {"op": op}, out)
    return out


def bitwise_and(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes the bitwise AND of :attr:`input` and :attr:`other`.

    Integer and bool tensors only (bool gives the logical result); the operands broadcast and promote.

    Args:
        input (Tensor or Number): the first input.
        other (Tensor or Number): the second input (broadcast against :attr:`input`).

    Example:
        >>> glassnet.bitwise_and(glassnet.tensor([-1, -2, 3]), glassnet.tensor([1, 0, 3]))
        tensor([1, 0, 3])
        >>> glassnet.bitwise_and(glassnet.tensor([True, True, False]), glassnet.tensor([False, True, False]))
        tensor([False,  True, False])
    """
    a, b = _integer_operands("bitwise_and", _t(input), other)
    return _reported("__and__", (input, other), Tensor._wrap(a & b))


def bitwise_or(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes the bitwise OR of :attr:`input` and :attr:`other`.

    Integer and bool tensors only (bool gives the logical result); the operands broadcast and promote.

    Args:
        input (Tensor or Number): the first input.
        other (Tensor or Number): the second input (broadcast against :attr:`input`).

    Example:
        >>> glassnet.bitwise_or(glassnet.tensor([-1, -2, 3]), glassnet.tensor([1, 0, 3]))
        tensor([-1, -2,  3])
    """
    a, b = _integer_operands("bitwise_or", _t(input), other)
    return _reported("__or__", (input, other), Tensor._wrap(a | b))


def bitwise_xor(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes the bitwise XOR of :attr:`input` and :attr:`other`.

    Integer and bool tensors only (bool gives the logical result); the operands broadcast and promote.

    Args:
        input (Tensor or Number): the first input.
        other (Tensor or Number): the second input (broadcast against :attr:`input`).

    Example:
        >>> glassnet.bitwise_xor(glassnet.tensor([-1, -2, 3]), glassnet.tensor([1, 0, 3]))
        tensor([-2, -2,  0])
    """
    a, b = _integer_operands("bitwise_xor", _t(input), other)
    return _reported("__xor__", (input, other), Tensor._wrap(a ^ b))


def bitwise_not(input: Any) -> Tensor:  # noqa: A002
    """Computes the bitwise NOT of the given input tensor (logical NOT for bool).

    Integer and bool tensors only.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.bitwise_not(glassnet.tensor([-1, -2, 3]))
        tensor([ 0,  1, -4])
    """
    (a,) = _integer_operands("bitwise_not", _t(input))
    return _reported("__invert__", (input,), Tensor._wrap(~a))


def bitwise_left_shift(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes the left arithmetic shift of :attr:`input` by :attr:`other` bits: ``input << other``.

    Bits shifted out are lost, as in C. Integer tensors only.

    Args:
        input (Tensor or Number): the first input.
        other (Tensor or Number): the second input (broadcast against :attr:`input`).

    Example:
        >>> a, b = glassnet.tensor([-1, -2, 3], dtype=glassnet.int8), glassnet.tensor([1, 0, 3], dtype=glassnet.int8)
        >>> glassnet.bitwise_left_shift(a, b)
        tensor([-2, -2, 24], dtype=glassnet.int8)
    """
    a, b = _integer_operands("lshift", _t(input), other)
    return Tensor._wrap(array_module(a).left_shift(a, b).astype(a.dtype, copy=False))


def bitwise_right_shift(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes the right arithmetic shift of :attr:`input` by :attr:`other` bits: ``input >> other``.

    Negative numbers stay negative (the sign bit is copied in). Integer tensors only.

    Args:
        input (Tensor or Number): the first input.
        other (Tensor or Number): the second input (broadcast against :attr:`input`).

    Example:
        >>> a, b = glassnet.tensor([-2, -7, 31], dtype=glassnet.int8), glassnet.tensor([1, 0, 3], dtype=glassnet.int8)
        >>> glassnet.bitwise_right_shift(a, b)
        tensor([-1, -7,  3], dtype=glassnet.int8)
    """
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
    """Divides each element of :attr:`input` by the corresponding element of :attr:`other`.

    By default this is true division (integer inputs give the default float dtype). With
    :attr:`rounding_mode` ``'trunc'`` (toward zero, C's integer division) or ``'floor'`` (down,
    Python's ``//``) the quotient is rounded and integer inputs keep their dtype; the rounding makes
    the gradients zero. ``glassnet.divide`` is an alias.

    Args:
        input (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor.

    Keyword args:
        rounding_mode (str, optional): ``None``, ``'trunc'`` or ``'floor'``. Default: ``None``.

    Example:
        >>> x = glassnet.tensor([-7.0, 7.0, 5.0])
        >>> glassnet.div(x, 2)
        tensor([-3.5000,  3.5000,  2.5000])
        >>> glassnet.div(x, 2, rounding_mode='trunc')
        tensor([-3.,  3.,  2.])
        >>> glassnet.div(glassnet.tensor([-7, 7]), 2, rounding_mode='floor')
        tensor([-4,  3])
    """
    a = _t(input)
    if rounding_mode is None:
        return a / other
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError(
            f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'"
        )
    if a.dtype == dtypes.float16 and a._scalar_at_float32(other):  # PyTorch divides by the scalar at float32
        return a._at_float32(lambda x, y: div(x, y, rounding_mode=rounding_mode), other)
    target = dtypes.result_np(a, other)
    b = _cast(other, target)
    if not isinstance(b, Tensor):
        b = array_module(a._data).asarray(b, dtype=target)
    return RoundedDiv.apply(_cast(a, target), b, rounding_mode)


divide = div


def true_divide(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Divides :attr:`input` by :attr:`other` as a float division, whatever the dtypes: ``div(input, other)``.

    Args:
        input (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor.

    Example:
        >>> glassnet.true_divide(glassnet.tensor([1, 2, 3]), 2)
        tensor([0.5000, 1.0000, 1.5000])
    """
    return _t(input) / other


__all__ = [n for n, v in list(globals().items())
           if not n.startswith("_") and isinstance(v, FunctionType) and v.__module__ == __name__]
