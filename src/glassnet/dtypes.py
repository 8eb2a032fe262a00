"""glassnet's dtypes: thin named wrappers over NumPy dtypes, printed like PyTorch's."""

from __future__ import annotations

import builtins
from typing import Any

import numpy


class dtype:  # noqa: N801 - PyTorch spells it in lower case
    """A tensor element type (``glassnet.float32`` ...)."""

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
    """Return the default floating dtype (float32 unless changed)."""
    return _default_float


def set_default_dtype(d: Any) -> None:
    """Set the default floating dtype (float32 or float64)."""
    global _default_float
    _default_float = from_numpy_dtype(to_numpy_dtype(d))
