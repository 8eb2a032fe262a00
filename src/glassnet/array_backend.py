"""Array backends: which array module computes a device's tensors, and how arrays move between devices.

A backend ties a device type (``'cpu'``, ``'cuda'`` ...) to an array module with NumPy's API (NumPy,
CuPy) and to the array type that module makes. Ops never choose a module: they ask
:func:`glassnet.array_module` for the module that owns their input arrays, which looks the array's
type up in :data:`glassnet.backend.ARRAY_MODULES`, filled here when a backend is first used. So an
op body written against ``xp`` runs on every backend unchanged; docs/gpu.md says how to add one.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import numpy

from . import backend as _backend
from .device import DeviceUnavailableError, device, register_device_type


class ArrayBackend:
    """One device type's array module, loaded on first use.

    Args:
        type (str): the device type it serves, e.g. ``'cuda'``.
        load (callable): returns ``(module, array_types)``; raises DeviceUnavailableError, with the
            reason, when the backend cannot run here (library missing, no device).
        to_host (callable): one array of this backend as a NumPy array.
        from_host (callable): ``from_host(module, numpy_array, index)``: the array on device ``index``.
        device_of (callable, optional): the :class:`glassnet.device` an array of this backend lives
            on. Default: the bare device type.
    """

    def __init__(self, type: str, load: Callable, to_host: Callable, from_host: Callable,  # noqa: A002
                 device_of: Callable | None = None) -> None:
        self.type = type
        self._load = load
        self.to_host = to_host
        self._from_host = from_host
        self._device_of = device_of
        self._module: Any = None

    @property
    def module(self) -> Any:
        """The array module; the first call loads it (and raises if the backend cannot run here)."""
        return self.load()

    def load(self) -> Any:
        """Load the array module (once) and return it; DeviceUnavailableError says why it cannot run here."""
        if self._module is None:
            module, types = self._load()
            for t in types:
                _backend.ARRAY_MODULES[t] = module
                _BY_ARRAY[t] = self
            self._module = module
        return self._module

    def available(self) -> bool:
        """True if the backend loads here."""
        try:
            self.load()
        except DeviceUnavailableError:
            return False
        return True

    def from_host(self, arr: Any, index: int | None = None) -> Any:
        """A NumPy array copied to this backend (device ``index`` where the backend has several)."""
        return self._from_host(self.module, arr, index)

    def device_of(self, arr: Any) -> device:
        """The device an array of this backend lives on."""
        return device(self.type) if self._device_of is None else self._device_of(arr)


_BACKENDS: dict[str, ArrayBackend] = {}
_BY_ARRAY: dict[type, ArrayBackend] = {}


def register_backend(backend: ArrayBackend) -> ArrayBackend:
    """Make ``backend`` the one that serves its device type (and make the type a valid device name)."""
    register_device_type(backend.type)
    _BACKENDS[backend.type] = backend
    return backend


def get_backend(dev: Any, op: str) -> ArrayBackend:
    """The loaded backend for a device (or device string); DeviceUnavailableError naming ``op`` if none runs."""
    d = dev if isinstance(dev, device) else device(dev)
    b = _BACKENDS.get(d.type)
    if b is None:
        raise DeviceUnavailableError(
            f"{op}: device '{d}' is not available: glassnet has no backend for it (backends: "
            f"{', '.join(sorted(_BACKENDS))})")
    try:
        b.load()
    except DeviceUnavailableError as e:
        raise DeviceUnavailableError(f"{op}: device '{d}' is not available: {e}") from None
    return b


def backend_of(arr: Any) -> ArrayBackend:
    """The backend that owns an array (the CPU for NumPy arrays and anything unknown)."""
    t = type(arr)
    if t is numpy.ndarray:
        return CPU_BACKEND
    b = _BY_ARRAY.get(t)
    if b is None and t.__module__.startswith("cupy"):
        b = _BACKENDS["cuda"]
        b.load()
    return CPU_BACKEND if b is None else b


def device_of(arr: Any) -> device:
    """The device an array lives on."""
    return backend_of(arr).device_of(arr)


def move(arr: Any, dev: Any, op: str = "to") -> Any:
    """``arr`` on device ``dev``: the same array if it is there already, else a copy (through host memory
    when it goes between two accelerators)."""
    target = get_backend(dev, op)
    d = dev if isinstance(dev, device) else device(dev)
    source = backend_of(arr)
    if source is target and (d.index is None or source is CPU_BACKEND or source.device_of(arr) == d):
        return arr
    host = source.to_host(arr)
    return target.from_host(host, d.index) if target is not CPU_BACKEND else host


# ---- the built-in backends -----------------------------------------------------------------------------
def _load_numpy() -> tuple:
    return numpy, (numpy.ndarray,)


CPU_BACKEND = register_backend(ArrayBackend(
    "cpu", _load_numpy, to_host=numpy.asarray, from_host=lambda m, a, i: numpy.asarray(a)))


class CupyNamespace(types.ModuleType):
    """The CUDA backend's array module: CuPy's namespace, plus the few NumPy names glassnet's ops use that CuPy
    lacks (the conformance suite lists them: tests/backend/)."""

    errstate = numpy.errstate  # GPU math raises no floating-point warnings, so NumPy's (a no-op there) serves

    def __init__(self, cupy: Any) -> None:
        super().__init__("glassnet.cupy")
        self._cupy = cupy

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._cupy, name)
        setattr(self, name, attr)  # cached: the next lookup is a plain attribute read
        return attr


def _load_cupy() -> tuple:
    try:
        import cupy
    except ImportError:
        raise DeviceUnavailableError(
            'CuPy is not installed; install glassnet\'s GPU backend with pip install "glassnet[cuda]" '
            "(CuPy for CUDA 12)") from None
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as e:  # noqa: BLE001 - CuPy raises its own error types when the driver is missing
        raise DeviceUnavailableError(f"CuPy is installed but finds no CUDA GPU ({type(e).__name__}: {e})") from None
    if count == 0:
        raise DeviceUnavailableError("CuPy is installed but finds no CUDA GPU (device count 0)")
    return CupyNamespace(cupy), (cupy.ndarray,)


def _cupy_from_host(cupy: Any, arr: Any, index: int | None) -> Any:
    if index is None:
        return cupy.asarray(arr)
    with cupy.cuda.Device(index):
        return cupy.asarray(arr)


CUDA_BACKEND = register_backend(ArrayBackend(
    "cuda", _load_cupy, to_host=lambda a: a.get(), from_host=_cupy_from_host,
    device_of=lambda a: device("cuda", a.device.id)))
