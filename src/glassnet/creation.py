"""Creating tensors: tensor(), zeros/ones/full/arange/linspace/eye and random draws."""

from __future__ import annotations

from typing import Any

from . import backend
from . import dtypes as D
from .tensor import Tensor, _shape_arg

xp = backend.xp


def _np_dtype(dtype: Any, default: Any = None) -> Any:
    if dtype is None:
        return D.get_default_dtype().np if default is None else default
    return D.to_numpy_dtype(dtype)


def _make(arr: Any, requires_grad: bool) -> Tensor:
    t = Tensor._wrap(arr)
    if requires_grad:
        t.requires_grad_(True)
    return t


def tensor(data: Any, dtype: Any = None, requires_grad: bool = False, device: Any = None) -> Tensor:
    """Build a tensor from data (always copies): floats become float32, ints int64, like PyTorch."""
    if isinstance(data, Tensor):
        data = data._data
    if isinstance(data, (list, tuple)) and any(isinstance(x, Tensor) for x in data):
        data = [x._data if isinstance(x, Tensor) else x for x in data]
    t = Tensor(xp.array(data, copy=True) if dtype is None and hasattr(data, "dtype") else data,
               dtype=dtype)
    if t._data is data:
        t._data = t._data.copy()
    if requires_grad:
        t.requires_grad_(True)
    return t


def as_tensor(data: Any, dtype: Any = None) -> Tensor:
    """A tensor sharing memory with data when possible."""
    if isinstance(data, Tensor):
        return data if dtype is None else data.astype(dtype)
    return Tensor(data, dtype=dtype)


def from_numpy(arr: Any) -> Tensor:
    """A tensor sharing memory with a NumPy array."""
    return Tensor._wrap(arr)


def zeros(*size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros."""
    return _make(xp.zeros(_shape_arg(size), dtype=_np_dtype(dtype)), requires_grad)


def ones(*size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones."""
    return _make(xp.ones(_shape_arg(size), dtype=_np_dtype(dtype)), requires_grad)


def empty(*size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """An uninitialised tensor."""
    return _make(xp.empty(_shape_arg(size), dtype=_np_dtype(dtype)), requires_grad)


def full(size: Any, fill_value: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor filled with one value (dtype inferred from the value, as in PyTorch)."""
    if dtype is None:
        dtype = D.bool_ if isinstance(fill_value, bool) else (
            D.int64 if isinstance(fill_value, int) else None)
    return _make(xp.full(tuple(size), fill_value, dtype=_np_dtype(dtype)), requires_grad)


def zeros_like(t: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Zeros with t's shape and dtype."""
    return _make(xp.zeros(t.shape, dtype=_np_dtype(dtype, t._data.dtype)), requires_grad)


def ones_like(t: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Ones with t's shape and dtype."""
    return _make(xp.ones(t.shape, dtype=_np_dtype(dtype, t._data.dtype)), requires_grad)


def empty_like(t: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Uninitialised, with t's shape and dtype."""
    return _make(xp.empty(t.shape, dtype=_np_dtype(dtype, t._data.dtype)), requires_grad)


def full_like(t: Tensor, fill_value: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Filled with one value, with t's shape and dtype."""
    return _make(xp.full(t.shape, fill_value, dtype=_np_dtype(dtype, t._data.dtype)), requires_grad)


def arange(start: Any, end: Any = None, step: Any = 1, dtype: Any = None,
           requires_grad: bool = False) -> Tensor:
    """Values start, start+step, ... below end (int64 for integer arguments, else float32)."""
    if end is None:
        start, end = 0, start
    if dtype is None:
        ints = all(isinstance(v, int) for v in (start, end, step))
        dtype = D.int64 if ints else None
    return _make(xp.arange(start, end, step).astype(_np_dtype(dtype)), requires_grad)


def linspace(start: float, end: float, steps: int, dtype: Any = None,
             requires_grad: bool = False) -> Tensor:
    """``steps`` evenly spaced values from start to end inclusive."""
    return _make(xp.linspace(start, end, steps).astype(_np_dtype(dtype)), requires_grad)


def eye(n: int, m: int | None = None, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """An identity matrix."""
    return _make(xp.eye(n, m, dtype=_np_dtype(dtype)), requires_grad)


def rand(*size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Uniform [0, 1) draws from glassnet's generator."""
    arr = backend.generator().random(_shape_arg(size)).astype(_np_dtype(dtype))
    return _make(arr, requires_grad)


def randn(*size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Standard normal draws from glassnet's generator."""
    arr = backend.generator().standard_normal(_shape_arg(size)).astype(_np_dtype(dtype))
    return _make(arr, requires_grad)


def randint(low: int, high: int | None = None, size: Any = None, dtype: Any = None) -> Tensor:
    """Integers in [low, high) from glassnet's generator (int64)."""
    if high is None:
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing required argument 'size'")
    arr = backend.generator().integers(low, high, size=tuple(size)).astype(_np_dtype(dtype, xp.int64))
    return Tensor._wrap(arr)


def randperm(n: int, dtype: Any = None) -> Tensor:
    """A random permutation of 0..n-1."""
    return Tensor._wrap(backend.generator().permutation(n).astype(_np_dtype(dtype, xp.int64)))


def rand_like(t: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Uniform draws with t's shape."""
    return rand(*t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad)


def randn_like(t: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Normal draws with t's shape."""
    return randn(*t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad)
