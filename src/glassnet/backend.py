"""The array module (NumPy today, CuPy later) and the one random generator.

This is the only module that picks ``xp``. Ops ask ``array_module(arr)`` for the
module that owns an array, so a CuPy backend needs no change to any op.
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any

import numpy

xp = numpy  # the default array module
_ndarray = numpy.ndarray


def array_module(*arrays: Any) -> Any:
    """Return the array module that owns these arrays (NumPy unless a GPU array is given)."""
    for a in arrays:
        if type(a) is _ndarray:  # the common case, checked first: ops call this on every forward
            continue
        if type(a).__module__.startswith("cupy"):
            import cupy  # pragma: no cover - optional GPU backend

            return cupy
    return numpy


# --- random numbers: one seeded generator drives every draw in glassnet -------------------------
_generator = numpy.random.default_rng()
_initial_seed: int | None = None


def manual_seed(seed: int) -> numpy.random.Generator:
    """Seed glassnet's single random generator (like ``torch.manual_seed``)."""
    global _generator, _initial_seed
    _initial_seed = int(seed)
    _generator = numpy.random.default_rng(int(seed))
    return _generator


def generator() -> numpy.random.Generator:
    """Return glassnet's random generator."""
    return _generator


def initial_seed() -> int | None:
    """Return the last seed given to ``manual_seed`` (None if never seeded)."""
    return _initial_seed


def get_rng_state() -> dict:
    """Return the generator's state as a JSON-serialisable dict (for exact resume)."""
    return _generator.bit_generator.state


def set_rng_state(state: dict) -> None:
    """Restore a state returned by ``get_rng_state``."""
    _generator.bit_generator.state = state


# --- the allocator -----------------------------------------------------------------------------
# glibc hands big temporaries back to the OS after every step, so each training step pays
# thousands of page faults (see performance-notes.md, finding 1). Asking it to keep freed memory
# makes steady-state training allocation-free at the OS level. Opt out with GLASSNET_MALLOPT=0.
ALLOCATOR_TUNED = False


def tune_allocator(mmap_threshold: int = 32 * 1024 * 1024) -> bool:
    """Tell glibc malloc to keep freed memory (process-wide); return True if it took effect."""
    global ALLOCATOR_TUNED
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        ok = libc.mallopt(m_mmap_threshold, int(mmap_threshold)) == 1
        ok = libc.mallopt(m_trim_threshold, 2**31 - 1) == 1 and ok
    except (OSError, AttributeError):
        return False
    ALLOCATOR_TUNED = ok
    return ok


if os.environ.get("GLASSNET_MALLOPT", "1") != "0":
    tune_allocator()
