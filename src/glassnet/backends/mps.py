"""``glassnet.backends.mps``: Apple's Metal backend, which glassnet does not have."""

from __future__ import annotations


def is_available() -> bool:
    """False: glassnet has no MPS backend."""
    return False


def is_built() -> bool:
    """False: glassnet was not built with MPS."""
    return False
