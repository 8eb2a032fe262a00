"""glassnet's dtypes: named wrappers over NumPy dtypes, printed like PyTorch's, and PyTorch's rules for mixing them."""

from __future__ import annotations

import builtins
from typing import Any

import numpy


class dtype:  # noqa: N801 - PyTorch spells it in lower case
    """A tensor element type, such as ``glassnet.float32`` or ``glassnet.int64``: a named wrapper over a
    NumPy dtype, printed as PyTorch prints its dtypes.

    glassnet defines ``float16`` (``half``), ``float32`` (``float``), ``float64`` (``double``),
    ``int8``, ``uint8``, ``int16`` (``short``), ``int32`` (``int``), ``int64`` (``long``) and ``bool``.
    A dtype equals its NumPy dtype (``glassnet.float32 == np.float32``), and NumPy accepts it
    wherever it takes a dtype.

    Args:
        name (str): the name, as in ``glassnet.<name>``.
        np_dtype (numpy.dtype or str): the NumPy dtype it stands for.

    Attributes:
        is_floating_point (bool): True for the float dtypes.
        itemsize (int): the size of one element in bytes.

    Example:
        >>> glassnet.float32, glassnet.float32.is_floating_point, glassnet.int16.itemsize
        (glassnet.float32, True, 2)
        >>> glassnet.tensor([1, 2]).dtype == glassnet.long
        True
        >>> np.zeros(2, dtype=glassnet.float64).dtype
        dtype('float64')
    """

    __slots__ = ("name", "np", "is_floating_point", "itemsize")

    def __init__(self, name: str, np_dtype: Any) -> None:
        self.name = name
        self.np = numpy.dtype(np_dtype)
        self.is_floating_point = self.np.kind == "f"
        self.itemsize = self.np.itemsize

    @property
    def dtype(self) -> numpy.dtype:
        """The NumPy dtype (NumPy reads this attribute, so ``arr.astype(tensor.dtype)`` works)."""
        return self.np

    def __repr__(self) -> str:
        return f"glassnet.{self.name}"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, dtype):
            return self.np == other.np
        try:
            return self.np == numpy.dtype(other)
        except TypeError:
            return False

    def __hash__(self) -> int:
        return hash(self.np)


float16 = half = dtype("float16", numpy.float16)
float32 = float = dtype("float32", numpy.float32)
float64 = double = dtype("float64", numpy.float64)
int8 = dtype("int8", numpy.int8)
uint8 = dtype("uint8", numpy.uint8)
int16 = short = dtype("int16", numpy.int16)
int32 = int = dtype("int32", numpy.int32)
int64 = long = dtype("int64", numpy.int64)
bool_ = dtype("bool", numpy.bool_)

_BY_NP = {d.np: d for d in (float16, float32, float64, int8, uint8, int16, int32, int64, bool_)}

_default_float = float32


def from_numpy_dtype(np_dtype: Any) -> dtype:
    """Return the glassnet dtype for a NumPy dtype."""
    try:
        return _BY_NP[numpy.dtype(np_dtype)]
    except KeyError:
        raise TypeError(f"glassnet has no dtype for numpy dtype {np_dtype!r}") from None


def to_numpy_dtype(d: Any) -> numpy.dtype:
    """Accept a glassnet dtype, a NumPy dtype, a Python type or a name; return the NumPy dtype."""
    if d is None:
        return _default_float.np
    if isinstance(d, dtype):
        return d.np
    if d is builtins.float:
        return _default_float.np
    if d is builtins.int:
        return numpy.dtype(numpy.int64)
    if d is builtins.bool:
        return numpy.dtype(numpy.bool_)
    if isinstance(d, str) and d.startswith("glassnet."):
        d = d[len("glassnet."):]
    if isinstance(d, str) and d == "bool":
        return numpy.dtype(numpy.bool_)
    return numpy.dtype(d)


def get_default_dtype() -> dtype:
    """Gets the current default floating point dtype: ``glassnet.float32`` unless changed by
    :func:`glassnet.set_default_dtype`.

    Example:
        >>> glassnet.get_default_dtype()
        glassnet.float32
        >>> glassnet.tensor([1.0]).dtype
        glassnet.float32
    """
    return _default_float


def set_default_dtype(d: Any) -> None:
    """Sets the default floating point dtype to :attr:`d`: the dtype of tensors made from Python floats,
    of float factories (``zeros``, ``rand`` ...) and of float math on integer tensors.

    Only floating point dtypes are accepted (``float16`` too, as in PyTorch); any other is a
    ``TypeError``.

    Args:
        d (glassnet.dtype): the floating point dtype to make the default.

    Example:
        >>> glassnet.set_default_dtype(glassnet.float64)
        >>> glassnet.tensor([1.2, 3]).dtype
        glassnet.float64
        >>> glassnet.set_default_dtype(glassnet.float32)
        >>> glassnet.tensor([1.2, 3]).dtype
        glassnet.float32
    """
    global _default_float
    new = from_numpy_dtype(to_numpy_dtype(d))
    if not new.is_floating_point:  # PyTorch's check: an int64 default would turn tensor([1.5]) into 1
        raise TypeError(f"only floating-point types are supported as the default type (got {new!r})")
    _default_float = new


# ---- type promotion: PyTorch's rules, in one place ------------------------------------------------
# Every op that combines operands asks ``result_np`` for the dtype to compute in. The rules:
#  1. Categories rank bool < integer < floating. Within one category the wider type wins, and mixed
#     signedness widens (uint8 with int8 -> int16), as ``numpy.promote_types`` does.
#  2. Operands come in three priority classes: dimensioned tensors > 0-d tensors > Python numbers.
#     The dtype is decided by the highest class present; a lower class only matters when it brings a
#     higher category (int8 tensor + int64 0-d -> int8, but int8 tensor + 2.5 -> float).
#  3. A Python float takes the default float dtype (float32), a Python int int64, a bool bool.
#  4. Ops that are floating by nature (exp, log, sqrt, sin, true division, sigmoid ...) turn bool and
#     integer inputs into the default float dtype (``float_np``), never into float16 or float64.
# NumPy differs on all four (int64 + float32 -> float64, int8 -> float16 for exp), which is why
# glassnet never lets NumPy choose a result dtype.

_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2}
_DIMENSIONED, _ZERO_DIM, _SCALAR = 0, 1, 2


def _promote_np(a: numpy.dtype, b: numpy.dtype) -> numpy.dtype:
    """Rule 1 on two NumPy dtypes."""
    if a == b:
        return a
    ca, cb = _CATEGORY.get(a.kind, 1), _CATEGORY.get(b.kind, 1)
    if ca != cb:
        return a if ca > cb else b
    return numpy.promote_types(a, b)


def _operand_class(x: Any) -> tuple:
    """(priority class, NumPy dtype) of one operand: a Tensor, an array, or a Python number."""
    arr = getattr(x, "_data", None)  # a glassnet Tensor holds its array (maybe a NumPy scalar) in _data
    if arr is None and hasattr(x, "ndim") and hasattr(x, "dtype") and not isinstance(x, numpy.generic):
        arr = x  # a bare array counts as a tensor; a NumPy scalar as a Python number
    if arr is not None:
        return (_DIMENSIONED if arr.ndim else _ZERO_DIM), numpy.dtype(arr.dtype)
    if isinstance(x, builtins.bool | numpy.bool_):
        return _SCALAR, numpy.dtype(numpy.bool_)
    if isinstance(x, builtins.int | numpy.integer):
        return _SCALAR, numpy.dtype(numpy.int64)
    if isinstance(x, builtins.float | numpy.floating):
        return _SCALAR, _default_float.np
    raise TypeError(f"result_type: expected a Tensor or a Python number, got {type(x).__name__}")


def _combine(higher: Any, lower: Any) -> Any:
    """Rule 2: the higher class decides unless the lower one brings a higher category."""
    if higher is None:
        return lower
    if lower is None or higher.kind == "f":
        return higher
    if higher.kind == "b" or lower.kind == "f":
        return _promote_np(higher, lower)
    return higher


def result_np(*operands: Any) -> numpy.dtype:
    """Returns the NumPy dtype that PyTorch's type promotion gives for an operation on these operands.

    The rules (those of ``torch.result_type``): categories rank bool < integer < floating; a
    dimensioned tensor outranks a 0-d tensor, which outranks a Python number, and a lower-ranked
    operand only matters when it brings a higher category; a Python float takes the default float
    dtype, an int int64. glassnet's ops call it so that NumPy never picks a result dtype.

    Args:
        operands (Tensor, numpy.ndarray or Number...): the operands of the operation.

    Example:
        >>> glassnet.result_np(glassnet.tensor([1, 2], dtype=glassnet.int8), 2.5)
        dtype('float32')
        >>> glassnet.result_np(glassnet.tensor([1, 2], dtype=glassnet.int8), glassnet.tensor(1000))
        dtype('int8')
    """
    best: list = [None, None, None]
    for x in operands:
        if x is None:
            continue
        cls, dt = _operand_class(x)
        best[cls] = dt if best[cls] is None else _promote_np(best[cls], dt)
    return _combine(best[_DIMENSIONED], _combine(best[_ZERO_DIM], best[_SCALAR]))


def float_np(np_dtype: Any) -> numpy.dtype:
    """Rule 4: the dtype a floating-by-nature op computes in (bool/int -> the default float)."""
    np_dtype = numpy.dtype(np_dtype)
    return np_dtype if np_dtype.kind == "f" else _default_float.np


def result_type(tensor: Any, other: Any) -> dtype:
    """Returns the :class:`glassnet.dtype` that would result from performing an arithmetic operation on
    the provided input tensors or numbers (``torch.result_type``; see :func:`glassnet.result_np`).

    Args:
        tensor (Tensor or Number): an input tensor or number.
        other (Tensor or Number): an input tensor or number.

    Example:
        >>> glassnet.result_type(glassnet.tensor([1, 2], dtype=glassnet.int32), 1.0)
        glassnet.float32
        >>> glassnet.result_type(glassnet.tensor([1, 2], dtype=glassnet.uint8), glassnet.tensor(1))
        glassnet.uint8
    """
    return from_numpy_dtype(result_np(tensor, other))


def promote_types(type1: Any, type2: Any) -> dtype:
    """Returns the :class:`glassnet.dtype` with the smallest size and scalar kind that is not smaller nor
    of lower kind than either :attr:`type1` or :attr:`type2` (``torch.promote_types``).

    Args:
        type1 (glassnet.dtype): the first dtype.
        type2 (glassnet.dtype): the second dtype.

    Example:
        >>> glassnet.promote_types(glassnet.int32, glassnet.float32)
        glassnet.float32
        >>> glassnet.promote_types(glassnet.uint8, glassnet.int8)
        glassnet.int16
    """
    return from_numpy_dtype(_promote_np(to_numpy_dtype(type1), to_numpy_dtype(type2)))


def can_cast(from_: Any, to: Any) -> bool:
    """Determines if a type conversion is allowed under PyTorch's casting rules: never to a lower
    category (float to integer, integer to bool), anything else is allowed.

    Args:
        from_ (glassnet.dtype): the original dtype.
        to (glassnet.dtype): the target dtype.

    Example:
        >>> glassnet.can_cast(glassnet.float64, glassnet.float32)
        True
        >>> glassnet.can_cast(glassnet.float32, glassnet.int32)
        False
    """
    a, b = to_numpy_dtype(from_), to_numpy_dtype(to)
    return _CATEGORY.get(a.kind, 1) <= _CATEGORY.get(b.kind, 1)


# ---- casting Python numbers: PyTorch wraps where NumPy refuses ---------------------------------------


def check_fill_value(value: Any, np_dtype: Any) -> None:
    """PyTorch's range check for a fill value (a number, or a 0-d tensor's array) going into ``np_dtype``.

    A float target takes any value within its range, and inf and nan; an integer target only values that
    fit it (see ``cast_number``). ``masked_fill(mask, -1e30)`` on float16 is refused, not filled with -inf.
    """
    v = value.item() if hasattr(value, "item") else value
    if np_dtype.kind == "f" and not isinstance(v, builtins.complex):
        f = builtins.float(v)
        if abs(f) != numpy.inf and f == f and abs(f) > builtins.float(numpy.finfo(np_dtype).max):
            raise RuntimeError(f"value cannot be converted to type {from_numpy_dtype(np_dtype)!r} without "
                               f"overflow: {v}")
    elif np_dtype.kind in "iu":
        cast_number(v, np_dtype, checked=True)


def cast_number(value: Any, np_dtype: Any, checked: bool = False) -> Any:
    """A Python number as a NumPy scalar of an integer/bool dtype, wrapping out-of-range values like PyTorch.

    NumPy refuses ``uint8_array + 300`` with an OverflowError; PyTorch adds 44. ``checked`` is PyTorch's
    rule for number *arguments* (fill_, masked_fill, x[i] = v, clamp): the value must fit the dtype,
    except that negative ints may wrap into unsigned ones (uint8 takes -255..255).
    """
    # builtins.int/float: in this module int and float are glassnet dtypes.
    if np_dtype.kind == "b":
        return numpy.bool_(value)
    if checked:
        info = numpy.iinfo(np_dtype)
        if np_dtype.kind == "u" and isinstance(value, builtins.int):
            low = -builtins.int(info.max)
        else:
            low = builtins.int(info.min)
        if value != value or not low <= value <= builtins.int(info.max):
            raise RuntimeError(f"value cannot be converted to type {from_numpy_dtype(np_dtype)!r} without "
                               f"overflow: {value}")
    if isinstance(value, builtins.float):
        return numpy.asarray(value).astype(np_dtype)[()]  # C truncation toward zero, as PyTorch's cast
    if not -(2**63) <= value < 2**64:
        raise RuntimeError(f"value cannot be converted to type {from_numpy_dtype(np_dtype)!r} without overflow: "
                           f"{value}")
    # A NumPy scalar, not a 0-d array: CuPy takes scalars but refuses NumPy arrays as operands.
    return numpy.asarray(builtins.int(value) & 0xFFFFFFFFFFFFFFFF, dtype=numpy.uint64).astype(np_dtype)[()]
