"""Shared by the backend suites: run glassnet code on a device and on the CPU, and compare what came out.

``on_device(fn, device)`` runs ``fn(device)`` forward and backward; the checked device records every NumPy
call that went around the backend (glassnet/checked_backend.py), and every result and gradient must be an
array of the device's own type, with the CPU's values.
"""

from __future__ import annotations

import contextlib

import numpy as np

import glassnet
from glassnet import checked_backend
from glassnet.array_backend import get_backend

DEVICES = ["checked", "cuda"]


def tensors(out) -> list:
    """The tensors in an op's output (a tensor, or tuples/lists/named tuples of them)."""
    if isinstance(out, glassnet.Tensor):
        return [out]
    if isinstance(out, tuple | list):
        return [t for o in out for t in tensors(o)]
    return []


def backward(outs: list, leaves: list) -> list:
    """Gradients of a fixed weighted sum of the floating outputs, one per leaf (None where unused)."""
    outs = [o for o in outs if o.requires_grad and o.dtype.is_floating_point]
    if not outs or not leaves:
        return []
    ws = [glassnet.linspace(0.5, 1.5, max(o.numel(), 1), dtype=o.dtype, device=o.device)[:o.numel()].reshape(o.shape)
          for o in outs]
    return list(glassnet.autograd.grad(outs, leaves, ws, allow_unused=True))


def host(a) -> np.ndarray:
    """An array of any backend as a plain NumPy array."""
    from glassnet.array_backend import backend_of

    return np.asarray(backend_of(a).to_host(a))


def array_type(device: str) -> type:
    return get_backend(device, "tests").module.ndarray


def compare(found: list, expected: list, device: str, what: str) -> None:
    """Each found tensor holds a device array with the expected (CPU) tensor's dtype, shape and values."""
    assert len(found) == len(expected), f"{what}: {len(found)} results on {device}, {len(expected)} on the CPU"
    kind = array_type(device)
    rtol, atol = (1e-6, 1e-7) if device == "checked" else (2e-4, 2e-5)
    for i, (f, e) in enumerate(zip(found, expected)):
        if e is None or f is None:
            assert (e is None) == (f is None), f"{what}: result {i} is None on one device only"
            continue
        assert isinstance(f._data, kind), (
            f"{what}: result {i} is a {type(f._data).__module__}.{type(f._data).__name__} on device {device}, "
            f"not the backend's {kind.__module__}.{kind.__name__}")
        a, b = host(f._data), host(e._data)
        assert (a.dtype, a.shape) == (b.dtype, b.shape), f"{what}: result {i}: {a.dtype}{a.shape} vs {b.dtype}{b.shape}"
        if a.dtype.kind in "fc":
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, equal_nan=True, err_msg=f"{what}: result {i}")
        else:
            np.testing.assert_array_equal(a, b, err_msg=f"{what}: result {i}")


def violations_text(found: list) -> str:
    return "\n".join(f"  {what} at {where}" for what, where in dict.fromkeys(found))


def _cupy():
    """The CUDA backend's array module (CuPy's namespace and glassnet's additions), if CuPy imports here."""
    try:
        import cupy
    except Exception:  # noqa: BLE001 - not installed, or its CUDA libraries are missing: nothing to compare with
        return None
    from glassnet.array_backend import CupyNamespace

    return CupyNamespace(cupy)


CUPY = _cupy()


@contextlib.contextmanager
def checked(what: str, device: str):
    """Run the block on ``device``; on the checked device, fail if it went around the backend or, where CuPy
    is importable (even without a GPU), if it called an xp function or array method that CuPy lacks."""
    with checked_backend.record() as found, checked_backend.used_names() as names:
        yield
    if device != "checked":
        return
    assert not found, f"{what} went around the backend:\n{violations_text(found)}"
    if CUPY is not None:
        missing = checked_backend.missing_in(CUPY, names)
        assert not missing, f"{what} calls what CuPy {CUPY.__version__} does not have: {', '.join(missing)}"


record = checked_backend.record
