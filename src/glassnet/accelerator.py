"""``glassnet.accelerator``: PyTorch's device-neutral accelerator queries; CUDA (through CuPy) is the one
accelerator glassnet has, so these answer from ``glassnet.cuda``."""

from __future__ import annotations

from typing import Any


def is_available() -> bool:
    """True if a CUDA GPU is usable (CuPy installed and a GPU visible)."""
    from . import cuda

    return cuda.is_available()


def current_accelerator(check_available: bool = False) -> Any:
    """``device(type='cuda')`` when a CUDA GPU is usable, else None (scripts then fall back to the CPU)."""
    from .device import device

    return device("cuda") if is_available() else None


def device_count() -> int:
    """The number of CUDA GPUs (0 without the backend)."""
    from . import cuda

    return cuda.device_count()
