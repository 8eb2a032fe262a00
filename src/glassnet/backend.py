"""The array module (NumPy, or another backend's such as CuPy) and the one random generator.

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
# Array type -> its module, for every backend loaded so far (glassnet.array_backend fills it).
ARRAY_MODULES: dict = {}


def array_module(*arrays: Any) -> Any:
    """Returns the array module that owns the given arrays: NumPy, unless one of them belongs to another
    array backend (CuPy for ``device('cuda')``; see glassnet/array_backend.py), whose module is returned.

    Ops call it to get ``xp`` for their math, so that one op body serves every backend.

    Args:
        arrays (array...): the arrays to inspect (NumPy arrays, or another backend's arrays).

    Example:
        >>> glassnet.array_module(np.zeros(3)).__name__
        'numpy'
        >>> glassnet.array_module(glassnet.ones(2)._data) is np
        True
    """
    for a in arrays:
        t = type(a)
        if t is _ndarray:  # the common case, checked first: ops call this on every forward
            continue
        m = ARRAY_MODULES.get(t)
        if m is not None:
            return m
        if t.__module__.startswith("cupy"):  # pragma: no cover - the CUDA backend, not loaded yet
            from .array_backend import CUDA_BACKEND

            return CUDA_BACKEND.load()
    return numpy


def map_python(fn: Any, a: Any, dtype: Any) -> Any:
    """A Python scalar function (``math.erf``) applied element-wise to an array of any backend, as ``dtype``.

    NumPy runs it through ``frompyfunc``; arrays of other backends (which have no ``frompyfunc``) make the
    round trip through host memory, so ops with no array-module formula still run everywhere.
    """
    if type(a) is _ndarray or isinstance(a, numpy.generic):
        return numpy.asarray(numpy.frompyfunc(fn, 1, 1)(a), dtype=dtype)
    from .array_backend import backend_of

    b = backend_of(a)
    return b.from_host(numpy.asarray(numpy.frompyfunc(fn, 1, 1)(b.to_host(a)), dtype=dtype))


# --- random numbers: one seeded generator drives every draw in glassnet -------------------------
_generator = numpy.random.default_rng()
_initial_seed: int | None = None


def manual_seed(seed: int) -> Generator:
    """Sets the seed for generating random numbers (like ``torch.manual_seed``).

    glassnet draws every random number (creation functions, initialisers, dropout, data shuffling)
    from one global generator; this reseeds it. NumPy's generator is used, so the values differ from
    PyTorch's for the same seed.

    Args:
        seed (int): the desired seed.

    Returns:
        ``glassnet.default_generator``, the global generator seen as a :class:`glassnet.Generator`.

    Example:
        >>> _ = glassnet.manual_seed(42)
        >>> a = glassnet.rand(3)
        >>> _ = glassnet.manual_seed(42)
        >>> glassnet.equal(a, glassnet.rand(3))
        True
    """
    global _generator, _initial_seed
    _initial_seed = int(seed)
    _generator = numpy.random.default_rng(int(seed))
    return default_generator


def generator() -> numpy.random.Generator:
    """Returns glassnet's global random generator, the ``numpy.random.Generator`` every draw comes from.

    :func:`glassnet.manual_seed` replaces it; fetch it again after seeding rather than keeping it.

    Example:
        >>> rng = glassnet.nn.init.generator()
        >>> type(rng).__name__, rng.random() < 1.0
        ('Generator', True)
    """
    return _generator


class Generator:
    """Creates and returns a generator object that manages the state of the algorithm which produces
    pseudo random numbers (like ``torch.Generator``).

    Random functions take it as ``generator=g`` and then draw from it, leaving glassnet's global
    generator alone; two generators seeded alike draw alike. ``manual_seed`` returns the generator
    itself, so ``g = glassnet.Generator().manual_seed(0)`` reads naturally.

    Args:
        device (glassnet.device, optional): only the CPU is accepted. Default: ``'cpu'``.

    Example:
        >>> g = glassnet.Generator().manual_seed(0)
        >>> a = glassnet.randn(3, generator=g)
        >>> glassnet.equal(a, glassnet.randn(3, generator=glassnet.Generator().manual_seed(0)))
        True
        >>> g.initial_seed()
        0
    """

    def __init__(self, device: Any = "cpu") -> None:
        from .device import CPU, check_device

        check_device(device, "Generator")
        self.device = CPU
        self.seed()

    def manual_seed(self, seed: int) -> Generator:
        """Reseed this generator; returns it, so ``Generator().manual_seed(0)`` reads naturally."""
        self._initial_seed = int(seed)
        self._rng = numpy.random.default_rng(self._initial_seed)
        return self

    def seed(self) -> int:
        """Reseed from fresh OS entropy and return the new seed."""
        seed = int(numpy.random.SeedSequence().entropy % 2**63)
        self.manual_seed(seed)
        return seed

    def initial_seed(self) -> int:
        """The seed this generator was last seeded with."""
        return self._initial_seed

    def get_state(self) -> dict:
        """The generator's state (a dict, where PyTorch returns a byte tensor)."""
        return self._rng.bit_generator.state

    def set_state(self, state: dict) -> Generator:
        """Restore a state returned by get_state."""
        self._rng.bit_generator.state = state
        return self


class _DefaultGenerator(Generator):
    """``glassnet.default_generator``: the global generator seen through the Generator interface."""

    def __init__(self) -> None:
        from .device import CPU

        self.device = CPU

    @property
    def _rng(self) -> numpy.random.Generator:
        return _generator

    def manual_seed(self, seed: int) -> Generator:
        """Seed the global generator (same as glassnet.manual_seed)."""
        manual_seed(seed)
        return self

    def initial_seed(self) -> int:
        """The last seed given to glassnet.manual_seed (None if never seeded)."""
        return _initial_seed

    def get_state(self) -> dict:
        """The global generator's state."""
        return get_rng_state()

    def set_state(self, state: dict) -> Generator:
        """Restore the global generator's state."""
        set_rng_state(state)
        return self


default_generator = _DefaultGenerator()


def rng(generator: Any = None) -> numpy.random.Generator:
    """The NumPy generator to draw from: ``generator``'s own (a Generator or NumPy one) or the global one."""
    if generator is None:
        return _generator
    if isinstance(generator, Generator):
        return generator._rng
    if isinstance(generator, numpy.random.Generator):
        return generator
    raise TypeError(f"generator must be a glassnet.Generator, got {type(generator).__name__}")


def initial_seed() -> int | None:
    """Returns the initial seed for generating random numbers: the last seed given to
    :func:`glassnet.manual_seed` (``None`` if it was never called, where PyTorch returns a random seed).

    Example:
        >>> _ = glassnet.manual_seed(7)
        >>> glassnet.initial_seed()
        7
    """
    return _initial_seed


def get_rng_state() -> dict:
    """Returns the global random generator's state as a JSON-serialisable dict (PyTorch returns a byte
    tensor), so that a run can resume drawing exactly where it stopped.

    Example:
        >>> state = glassnet.get_rng_state()
        >>> a = glassnet.rand(2)
        >>> glassnet.set_rng_state(state)
        >>> glassnet.equal(a, glassnet.rand(2))
        True
    """
    return _generator.bit_generator.state


def set_rng_state(state: dict) -> None:
    """Sets the global random generator's state to one returned by :func:`glassnet.get_rng_state`.

    Args:
        state (dict): the desired state.

    Example:
        >>> state = glassnet.get_rng_state()
        >>> a = glassnet.randn(2)
        >>> glassnet.set_rng_state(state)
        >>> glassnet.equal(a, glassnet.randn(2))
        True
    """
    _generator.bit_generator.state = state


# --- the allocator -----------------------------------------------------------------------------
# glibc hands big temporaries back to the OS after every step, so each training step pays
# thousands of page faults (docs/performance.md, finding 1). Asking it to keep freed memory makes
# steady-state training allocation-free at the OS level. It is process-wide, so importing glassnet
# never does it: fit, fit_gan, the command line and the benchmarks call tune_allocator, and so can
# any user. GLASSNET_MALLOPT=0 turns it off everywhere.
ALLOCATOR_TUNED = False


def tune_allocator(mmap_threshold: int = 32 * 1024 * 1024) -> bool:
    """Tell glibc malloc to keep freed memory (process-wide); return True if it is in effect.

    Training allocates the same large temporaries every step; glibc's default returns them to the OS
    and maps them again, a page fault per page. This raises the mmap threshold to ``mmap_threshold``
    and makes the trim threshold effectively infinite. A no-op returning False off Linux/glibc or when
    the environment variable ``GLASSNET_MALLOPT`` is ``0``. ``glassnet.train.fit``, ``fit_gan`` and the
    ``glassnet`` command call it; a script with its own loop may call it once at start.

    Args:
        mmap_threshold (int, optional): allocations above this many bytes still go straight to the OS.
            Default: 32 MiB.

    Example:
        >>> glassnet.backend.tune_allocator() in (True, False)
        True
    """
    global ALLOCATOR_TUNED
    if os.environ.get("GLASSNET_MALLOPT", "1") == "0" or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        ok = libc.mallopt(m_mmap_threshold, int(mmap_threshold)) == 1
        ok = libc.mallopt(m_trim_threshold, 2**31 - 1) == 1 and ok
    except (OSError, AttributeError):
        return False
    ALLOCATOR_TUNED = ALLOCATOR_TUNED or ok
    return ok
