"""``glassnet.accelerator``: PyTorch's device-neutral accelerator queries, answered for a CPU-only framework."""

from __future__ import annotations

from typing import Any


def is_available() -> bool:
    """False: glassnet runs on the CPU, with no accelerator."""
    return False


def current_accelerator(check_available: bool = False) -> Any:
    """None: there is no accelerator (scripts then fall back to the CPU)."""
    return None


def device_count() -> int:
    """0: no accelerator devices."""
    return 0
