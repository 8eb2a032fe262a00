"""A second CPU backend, ``device('checked')``, whose only job is to catch ops that bypass the backend.

Its arrays are :class:`CheckedArray`, a NumPy array subclass, and its array module is
:data:`checked_numpy`, NumPy's namespace wrapped so that every call through it (and every method or
operator of a CheckedArray) is marked as "through the backend". NumPy reports every other use of a
CheckedArray to the subclass (``__array_ufunc__``, ``__array_function__``), so each of these is
recorded as a violation, with the file and line of the glassnet code that did it:

- a NumPy function called directly on backend data (``numpy.exp(a)`` instead of ``xp.exp(a)``);
- a plain NumPy array mixed into backend math (``numpy.zeros(n) + a``, ``a * mask_from_numpy``, or
  a NumPy array passed to an ``xp`` function) -- CuPy refuses both;
- a NumPy scalar where CuPy gives a 0-d array is not a violation: results come back as 0-d arrays,
  as CuPy's do, so code that relies on NumPy's scalars fails here as it would on the GPU;
- a NumPy scalar as an operand (``numpy.int64(3) + a``) is not one either: CuPy's arrays take it.

The conformance suite (tests/backend/) runs the ops on this device and asserts that nothing was
recorded and that every result is a CheckedArray. Importing this module registers the device;
glassnet itself never imports it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import types
from collections.abc import Iterator
from typing import Any

import numpy

from .array_backend import ArrayBackend, register_backend

_DEPTH = [0]  # > 0 while a call made through the backend runs (NumPy's own internals are then trusted)
VIOLATIONS: list = []  # (what, where) pairs, in order; see record()
USED: set = set()  # every xp name and array method called (e.g. 'linalg.solve', 'add.at', 'ndarray.argmax')
_HERE = os.path.abspath(__file__)
_NUMPY_DIR = os.path.dirname(os.path.abspath(numpy.__file__))
_HOST_COPIES = {"asarray", "array", "asanyarray", "ascontiguousarray", "asfortranarray", "copy", "frombuffer"}


class CheckedArray(numpy.ndarray):
    """The checked backend's array: a NumPy array that reports NumPy calls made around the backend."""

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        # ``numpy_scalar + array`` arrives here from the scalar's operator; CuPy's arrays take that path too.
        from_scalar = method == "__call__" and any(isinstance(x, numpy.generic) for x in inputs)
        if _DEPTH[0] == 0 and not from_scalar:
            _violation(f"numpy.{ufunc.__name__}{'' if method == '__call__' else '.' + method}() called directly")
        args = tuple(_plain(x) for x in inputs)
        out = kwargs.get("out")
        if out is not None:
            kwargs["out"] = tuple(_plain(o) for o in out)
        _DEPTH[0] += 1
        try:
            res = getattr(ufunc, method)(*args, **kwargs)
        finally:
            _DEPTH[0] -= 1
        if out is not None:
            return out[0] if len(out) == 1 else out
        return _wrap(res)

    def __array_function__(self, func: Any, types_: Any, args: Any, kwargs: Any) -> Any:
        if _DEPTH[0] == 0:
            _violation(f"numpy.{func.__name__}() called directly")
        _DEPTH[0] += 1
        try:
            res = func._implementation(*args, **kwargs)
        finally:
            _DEPTH[0] -= 1
        return _wrap(res)


_VIEW = numpy.ndarray.view


def _plain(x: Any) -> Any:
    return _VIEW(x, numpy.ndarray) if isinstance(x, CheckedArray) else x


def _wrap(res: Any) -> Any:
    """Results as the backend gives them: arrays (and NumPy scalars, as CuPy's 0-d arrays) become CheckedArrays."""
    t = type(res)
    if t is numpy.ndarray:
        return _VIEW(res, CheckedArray)
    if isinstance(res, numpy.generic):
        return _VIEW(numpy.asarray(res), CheckedArray)
    if t is tuple or t is list:
        return t(_wrap(r) for r in res)
    if isinstance(res, tuple) and hasattr(res, "_fields"):  # linalg's named results (SVDResult, EighResult ...)
        return t(*(_wrap(r) for r in res))
    return res


def _has_plain(args: Any, kwargs: dict) -> bool:
    for a in list(args) + list(kwargs.values()):
        if type(a) is numpy.ndarray:
            return True
        if type(a) in (list, tuple) and any(type(b) is numpy.ndarray for b in a):
            return True
    return False


def _where() -> str:
    """The first frame outside this file and NumPy: the glassnet line that made the call."""
    f = sys._getframe(2)
    while f is not None:
        path = os.path.abspath(f.f_code.co_filename)
        if path != _HERE and not path.startswith(_NUMPY_DIR):
            return f"{os.path.relpath(path)}:{f.f_lineno} ({f.f_code.co_name})"
        f = f.f_back
    return "?"


def _violation(what: str) -> None:
    VIOLATIONS.append((what, _where()))


def _through_backend(fn: Any, name: str, host_copy: bool = False) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        if _DEPTH[0] == 0:
            USED.add(name)
        if not host_copy and _DEPTH[0] == 0 and _has_plain(args, kwargs):
            _violation(f"a NumPy array passed to xp.{name}() (CuPy needs its own arrays; use xp.asarray first)")
        seen: dict = {}  # plain view id -> the CheckedArray it shows, so that out= returns the caller's array

        def plain(x: Any) -> Any:
            p = _plain(x)
            if p is not x:
                seen[id(p)] = x
            return p

        plain_args = [plain(a) for a in args]
        plain_kwargs = {k: plain(v) for k, v in kwargs.items()}
        _DEPTH[0] += 1
        try:
            res = fn(*plain_args, **plain_kwargs)
        finally:
            _DEPTH[0] -= 1
        if id(res) in seen:
            return seen[id(res)]
        return _wrap(res)

    call.__name__ = name
    return call


class _Ufunc:
    """A NumPy ufunc seen through the backend: calls and methods (reduce, at, outer ...) are wrapped."""

    def __init__(self, ufunc: Any) -> None:
        self._ufunc = ufunc
        self.__name__ = ufunc.__name__
        self._call = _through_backend(ufunc, ufunc.__name__)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._call(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._ufunc, name)
        if not callable(attr):
            USED.add(f"{self.__name__}.{name}")
        return _through_backend(attr, f"{self.__name__}.{name}") if callable(attr) else attr


class _Namespace(types.ModuleType):
    """NumPy's namespace (or a submodule of it) with every function routed through the backend."""

    def __init__(self, name: str, target: Any, prefix: str = "") -> None:
        super().__init__(name)
        self._target = target
        self._prefix = prefix
        self._cache: dict = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        wrapped = self._cache.get(name)
        if wrapped is not None:
            return wrapped
        attr = getattr(self._target, name)
        full = self._prefix + name
        if name == "ndarray":
            wrapped = CheckedArray
        elif isinstance(attr, numpy.ufunc):
            wrapped = _Ufunc(attr)
        elif isinstance(attr, types.ModuleType):
            wrapped = _Namespace(f"{self.__name__}.{name}", attr, full + ".")
        elif isinstance(attr, type) or not callable(attr):
            USED.add(full)  # dtypes, constants, exception classes: nothing to check but the name
            return attr
        else:
            wrapped = _through_backend(attr, full, host_copy=name in _HOST_COPIES)
        self._cache[name] = wrapped
        return wrapped


checked_numpy = _Namespace("glassnet.checked_numpy", numpy)


# The array methods and operators are the backend's own: mark them as such (CuPy has them all).
_NOT_METHODS = {"__new__", "__init__", "__array_ufunc__", "__array_function__", "__getattribute__", "__setattr__",
                "__delattr__", "__array_finalize__", "__array_wrap__", "__array__", "__reduce__", "__reduce_ex__",
                "__setstate__", "__init_subclass__", "__subclasshook__", "__class_getitem__", "__dir__",
                "__sizeof__", "__format__", "__repr__", "__str__", "__hash__", "__eq__", "__ne__",
                "__array_namespace__", "__buffer__", "__release_buffer__"}


def _method(name: str, base: Any) -> Any:
    binary = name.startswith("__") and name not in ("__getitem__", "__len__", "__iter__", "__contains__")

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        if _DEPTH[0] == 0:
            USED.add("ndarray." + name)
        if binary and _DEPTH[0] == 0 and _has_plain(args, kwargs):
            _violation(f"a NumPy array mixed into a backend array's {name} (CuPy refuses it)")
        _DEPTH[0] += 1
        try:
            res = base(self, *args, **kwargs)
        finally:
            _DEPTH[0] -= 1
        return _wrap(res)

    method.__name__ = name
    return method


def _eq_method(name: str, base: Any) -> Any:
    def method(self: Any, other: Any) -> Any:
        _DEPTH[0] += 1
        try:
            res = base(self, other)
        finally:
            _DEPTH[0] -= 1
        return _wrap(res)

    return method


for _name in dir(numpy.ndarray):
    _base = getattr(numpy.ndarray, _name)
    if _name in ("__eq__", "__ne__"):
        setattr(CheckedArray, _name, _eq_method(_name, _base))
    elif _name not in _NOT_METHODS and type(_base).__name__ in ("method_descriptor", "wrapper_descriptor"):
        setattr(CheckedArray, _name, _method(_name, _base))
CheckedArray.__hash__ = None  # arrays are unhashable; defining __eq__ above would otherwise need it


@contextlib.contextmanager
def record() -> Iterator[list]:
    """Collect the violations made inside the block into the list it yields."""
    start = len(VIOLATIONS)
    found: list = []
    try:
        yield found
    finally:
        found.extend(VIOLATIONS[start:])
        del VIOLATIONS[start:]


@contextlib.contextmanager
def used_names() -> Iterator[set]:
    """Collect the xp names and array methods called inside the block into the set it yields."""
    before = set(USED)
    USED.clear()
    found: set = set()
    try:
        yield found
    finally:
        found |= USED
        USED.update(before)


def missing_in(module: Any, names: set) -> list:
    """The names (as :data:`USED` spells them) that ``module``, e.g. CuPy, does not have."""
    missing = []
    for name in sorted(names):
        obj = module.ndarray if name.startswith("ndarray.") else module
        for part in name.split(".")[1 if name.startswith("ndarray.") else 0:]:
            obj = getattr(obj, part, None)
            if obj is None:
                missing.append(name)
                break
    return missing


def _load() -> tuple:
    return checked_numpy, (CheckedArray,)


BACKEND = register_backend(ArrayBackend(
    "checked", _load, to_host=lambda a: numpy.array(_plain(a)),
    from_host=lambda m, a, i: _VIEW(numpy.array(_plain(a)), CheckedArray)))
