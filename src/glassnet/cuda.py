"""``glassnet.cuda``: the answers a CPU-only PyTorch gives, so a script's CPU branch runs.

glassnet has no GPU backend yet: ``is_available()`` is False and ``device_count()`` is 0. Seeding
is accepted and does nothing (there is no CUDA generator to seed); anything that needs a GPU
(``synchronize``, ``current_device`` ...) raises the same clear error as ``tensor.cuda()``.
"""

from __future__ import annotations

from typing import Any

from .device import DeviceUnavailableError


def _unavailable(op: str) -> DeviceUnavailableError:
    return DeviceUnavailableError(
        f"glassnet.cuda.{op}: CUDA is not available: glassnet runs on the CPU only "
        "(check glassnet.cuda.is_available() first)")


def is_available() -> bool:
    """False: glassnet has no CUDA backend."""
    return False


def device_count() -> int:
    """0: no CUDA devices are visible to glassnet."""
    return 0


def is_initialized() -> bool:
    """False: CUDA is never initialised."""
    return False


def manual_seed(seed: int) -> None:
    """Accepted and ignored: there is no CUDA generator (seed the CPU one with glassnet.manual_seed)."""
    int(seed)


def manual_seed_all(seed: int) -> None:
    """Accepted and ignored, like manual_seed."""
    int(seed)


def empty_cache() -> None:
    """Nothing to free: no CUDA memory is ever allocated."""


def synchronize(device: Any = None) -> None:  # noqa: A002 - PyTorch argument name
    """Raise: there is no CUDA stream to wait for (as in CPU-only PyTorch)."""
    raise _unavailable("synchronize")


def current_device() -> int:
    """Raise: there is no current CUDA device."""
    raise _unavailable("current_device")


def get_device_name(device: Any = None) -> str:  # noqa: A002 - PyTorch argument name
    """Raise: there is no CUDA device to name."""
    raise _unavailable("get_device_name")


def set_device(device: Any) -> None:  # noqa: A002 - PyTorch argument name
    """Raise: there is no CUDA device to select."""
    raise _unavailable("set_device")
