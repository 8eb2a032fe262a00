"""Hypothesis strategies for the differential fuzzer: shapes, dtypes, values and operands.

A *case* is the inputs of one call, written library-neutrally: each operand is an ``Arr`` (a NumPy
array that becomes a glassnet and a torch tensor) or a plain Python number, plus keyword arguments.
``tags`` names what is special about a case (nan, inf, empty, 0-d, the dtypes, scalar operands ...);
docs/numerics-differences.md refers to cases by these tags.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT_DTYPES = ("float32", "float64", "float16")
INT_DTYPES = ("uint8", "int8", "int16", "int32", "int64")
ALL_DTYPES = ("bool",) + INT_DTYPES + FLOAT_DTYPES
GRAD_DTYPES = ("float32", "float64")  # float16 gradients are compared nowhere: NumPy and torch round differently

SPECIAL_FLOATS = (math.nan, math.inf, -math.inf, 0.0, -0.0, 1e30, -1e30, 1e-30, 65504.0, 1e-8, 88.0, -88.0, 3.0, -3.0)


@dataclass
class Arr:
    """An array operand: a tensor in both libraries (requires_grad where ``grad`` and floating)."""

    value: np.ndarray
    grad: bool = True


@dataclass
class Case:
    """One call: positional operands, keyword arguments, and the tags that describe it."""

    args: list
    kwargs: dict = field(default_factory=dict)
    extra_tags: tuple = ()

    @property
    def tags(self) -> set:
        tags = set(self.extra_tags)
        for i, a in enumerate(list(self.args) + list(self.kwargs.values())):
            if isinstance(a, Arr):
                v = a.value
                tags.add(str(v.dtype))
                tags.add("int" if v.dtype.kind in "iu" else "float" if v.dtype.kind == "f" else "bool")
                if v.ndim == 0:
                    tags.add("0-d")
                if v.size == 0:
                    tags.add("empty")
                if v.dtype.kind == "f" and v.size:
                    if np.isnan(v).any():
                        tags.add("nan")
                    if np.isinf(v).any():
                        tags.add("inf")
                    finite = np.abs(v[np.isfinite(v)].astype(np.float64))
                    if finite.size and finite.max() > 1e4:
                        tags.add("huge")
                    if finite.size and ((finite > 0) & (finite < 1e-20)).any():
                        tags.add("tiny")
                    if finite.size and (finite == 0).any():
                        tags.add("zero")
                    if np.unique(v).size < v.size or np.isnan(v).sum() > 1:
                        tags.add("ties")
            elif i >= len(self.args) or isinstance(a, list):  # keyword numbers are options (dim=0), not operands
                continue
            elif isinstance(a, bool):
                tags.add("scalar")
            elif isinstance(a, int | float):
                tags.add("scalar")
                if isinstance(a, float) and not math.isfinite(a):
                    tags.add("nan" if math.isnan(a) else "inf")
                elif isinstance(a, float) and 0 < abs(a) < 1e-20:
                    tags.add("tiny")
        return tags


def shapes(min_dims: int = 0, max_dims: int = 3, min_side: int = 0, max_side: int = 4) -> Any:
    """Shapes with 0-d and empty ones included."""
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def elements(dtype: str, specials: bool = True) -> Any:
    """Values for one dtype: ordinary ones, plus (for floats) NaN, +-inf, +-0, huge and tiny values."""
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return st.booleans()
    if dt.kind in "iu":
        info = np.iinfo(dt)
        return st.one_of(st.integers(-5, 5).filter(lambda v: v >= info.min), st.integers(int(info.min), int(info.max)))
    width = {"float16": 16, "float32": 32, "float64": 64}[dtype]
    ordinary = st.floats(-4, 4, width=width)
    if not specials:
        return ordinary
    with np.errstate(over="ignore"):  # 1e30 is inf in float16: still a special value worth trying
        cast = st.sampled_from(sorted({float(np.asarray(v, dtype=dt)) for v in SPECIAL_FLOATS}, key=repr))
    return st.one_of(ordinary, ordinary, ordinary, cast)


@st.composite
def arrays(draw: Any, dtypes: tuple = ALL_DTYPES, shape: Any = None, specials: bool = True,
           elements_of: Any = None) -> Arr:
    """One array operand of a drawn dtype and shape."""
    dtype = draw(st.sampled_from(dtypes))
    shp = draw(shapes()) if shape is None else shape
    elems = elements(dtype, specials) if elements_of is None else elements_of(dtype)
    return Arr(draw(hnp.arrays(np.dtype(dtype), shp, elements=elems)))


@st.composite
def scalars(draw: Any, kinds: str = "bif") -> Any:
    """A Python number as an operand (bool, int or float, NaN and infinities included)."""
    choices = []
    if "b" in kinds:
        choices.append(st.booleans())
    if "i" in kinds:
        choices.append(st.integers(-300, 300))
    if "f" in kinds:
        choices.append(st.one_of(st.floats(-4, 4), st.sampled_from((math.nan, math.inf, -math.inf, 0.5, -0.0))))
    return draw(st.one_of(*choices))


@st.composite
def broadcast_pair(draw: Any, dtypes: tuple = ALL_DTYPES, allow_scalar: bool = True, specials: bool = True) -> list:
    """Two operands that broadcast; the second may be a 0-d tensor or a Python number."""
    a_shape, b_shape = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, min_side=0,
                                                              max_side=4)).input_shapes
    a = draw(arrays(dtypes, a_shape, specials))
    form = draw(st.sampled_from(("tensor", "tensor", "0-d", "scalar") if allow_scalar else ("tensor",)))
    if form == "scalar":
        return [a, draw(scalars())]
    b = draw(arrays(dtypes, () if form == "0-d" else b_shape, specials))
    return [a, b]


@st.composite
def dims(draw: Any, ndim: int, allow_none: bool = True, allow_tuple: bool = True) -> Any:
    """A dim argument: None, an int (negative too) or a tuple of distinct dims."""
    n = max(ndim, 1)
    options = [st.integers(-n, n - 1)]
    if allow_none:
        options.append(st.none())
    if allow_tuple and ndim >= 1:
        options.append(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True)
                       .map(lambda ds: tuple(d - ndim if i % 2 else d for i, d in enumerate(ds))))
    return draw(st.one_of(*options))
