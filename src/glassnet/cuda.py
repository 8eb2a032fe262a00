"""``glassnet.cuda``: the CUDA GPU backend's state (CuPy, extra ``[cuda]``), as ``torch.cuda`` reports it.

Without CuPy or a GPU it gives the answers a CPU-only PyTorch gives, so a script's CPU branch runs:
``is_available()`` is False and ``device_count()`` is 0, and anything that needs a GPU
(``synchronize``, ``current_device`` ...) raises the same clear error as ``tensor.cuda()``, saying
which of the two is missing. Seeding is accepted and does nothing: random numbers are drawn on the
CPU from glassnet's one generator and copied to the GPU.
"""

from __future__ import annotations

from typing import Any

from .device import DeviceUnavailableError


def _cupy(op: str) -> Any:
    """CuPy, or DeviceUnavailableError naming ``op`` and what is missing (CuPy or a GPU)."""
    from .array_backend import CUDA_BACKEND

    try:
        return CUDA_BACKEND.module
    except DeviceUnavailableError as e:
        raise DeviceUnavailableError(f"glassnet.cuda.{op}: CUDA is not available: {e}") from None


def is_available() -> bool:
    """True if CuPy is installed and sees a CUDA GPU."""
    from .array_backend import CUDA_BACKEND

    return CUDA_BACKEND.available()


def device_count() -> int:
    """The number of CUDA GPUs CuPy sees (0 without CuPy or a GPU)."""
    return _cupy("device_count").cuda.runtime.getDeviceCount() if is_available() else 0


def is_initialized() -> bool:
    """True once the CUDA backend has been loaded."""
    from .array_backend import CUDA_BACKEND

    return CUDA_BACKEND._module is not None


def manual_seed(seed: int) -> None:
    """Accepted and ignored: there is no CUDA generator (seed the CPU one with glassnet.manual_seed)."""
    int(seed)


def manual_seed_all(seed: int) -> None:
    """Accepted and ignored, like manual_seed."""
    int(seed)


def empty_cache() -> None:
    """Hand CuPy's cached, unused GPU memory back to the driver (nothing to do without the backend)."""
    if is_initialized():
        _cupy("empty_cache").get_default_memory_pool().free_all_blocks()


def _index(device: Any) -> int | None:
    if device is None or isinstance(device, int):
        return device
    from .device import device as _device

    return (device if isinstance(device, _device) else _device(device)).index


def synchronize(device: Any = None) -> None:  # noqa: A002 - PyTorch argument name
    """Wait for all work queued on the GPU to finish (raises without CuPy or a GPU)."""
    cupy = _cupy("synchronize")
    i = _index(device)
    with cupy.cuda.Device(cupy.cuda.runtime.getDevice() if i is None else i):
        cupy.cuda.Stream.null.synchronize()
        cupy.cuda.get_current_stream().synchronize()


def current_device() -> int:
    """The index of the current CUDA device (raises without CuPy or a GPU)."""
    return _cupy("current_device").cuda.runtime.getDevice()


def get_device_name(device: Any = None) -> str:  # noqa: A002 - PyTorch argument name
    """The name of a CUDA device, e.g. ``'NVIDIA H100 80GB HBM3'`` (raises without CuPy or a GPU)."""
    cupy = _cupy("get_device_name")
    i = _index(device)
    props = cupy.cuda.runtime.getDeviceProperties(cupy.cuda.runtime.getDevice() if i is None else i)
    name = props["name"]
    return name.decode() if isinstance(name, bytes) else name


def set_device(device: Any) -> None:  # noqa: A002 - PyTorch argument name
    """Select the current CUDA device (raises without CuPy or a GPU)."""
    _cupy("set_device").cuda.Device(_index(device) or 0).use()
