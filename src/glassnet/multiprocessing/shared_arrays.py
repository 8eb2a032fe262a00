"""Arrays in shared memory: what ``Tensor.share_memory_()`` puts a tensor's values into.

A segment is a file in ``/dev/shm`` (RAM-backed POSIX shared memory on Linux; the temp directory
elsewhere) mapped with ``mmap``. A forked child inherits the mapping; a spawned child gets the
segment's path through pickling (reductions.py) and maps the same file. Either way every process
reads and writes the same memory, which is what Hogwild training needs.

Lifetime: the creating process owns the file. It is unlinked when the owner's last array over the
mapping is garbage-collected, or at the owner's exit, whichever is first; processes that attached
keep their mapping (unlinking removes only the name), so no segment outlives the program.
"""

from __future__ import annotations

import mmap
import os
import tempfile
import weakref
from multiprocessing.util import Finalize
from typing import Any

import numpy as np

PREFIX = "glassnet_shm_"
SHM_DIR = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()

# mapping -> its file's path, for every segment this process created or attached
_PATHS: weakref.WeakKeyDictionary[mmap.mmap, str] = weakref.WeakKeyDictionary()


def share_array(arr: np.ndarray) -> np.ndarray:
    """A copy of ``arr`` in a new shared-memory segment (same shape and dtype, C-contiguous)."""
    fd, path = tempfile.mkstemp(prefix=f"{PREFIX}{os.getpid()}_", dir=SHM_DIR)
    size = max(arr.nbytes, 1)  # mmap refuses zero bytes: an empty tensor maps one
    try:
        _reserve(fd, size, path)
        mapping = mmap.mmap(fd, size)
    except BaseException:
        os.unlink(path)
        raise
    finally:
        os.close(fd)
    _PATHS[mapping] = path
    # multiprocessing's Finalize (not weakref.finalize) because it also runs when a multiprocessing
    # child exits (through os._exit, which skips atexit); forked children drop inherited ones, and
    # the pid check keeps any other process from removing the owner's name.
    Finalize(mapping, _unlink_if_owner, args=(path, os.getpid()), exitpriority=0)
    out = _view(mapping, arr.dtype, arr.shape)
    out[...] = arr
    return out


def attach_array(path: str, dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    """Map the segment another process shared at ``path``; writes are seen by every process."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        raise RuntimeError(
            f"glassnet.multiprocessing: the shared tensor's memory {path!r} no longer exists: the process "
            "that shared it freed it (its tensor was garbage-collected or it exited) before this one attached"
        ) from None
    try:
        mapping = mmap.mmap(fd, 0)
    finally:
        os.close(fd)
    _PATHS[mapping] = path
    return _view(mapping, np.dtype(dtype), shape)


def shared_path(arr: Any) -> str | None:
    """The segment path ``arr`` lives in, or None when it is not in glassnet shared memory."""
    base = arr
    while base is not None:
        if isinstance(base, mmap.mmap):
            return _PATHS.get(base)
        base = getattr(base, "base", None) if not isinstance(base, memoryview) else base.obj
    return None


def _view(mapping: mmap.mmap, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    count = int(np.prod(shape, dtype=np.int64))
    return np.frombuffer(mapping, dtype=dtype, count=count).reshape(shape)


def _reserve(fd: int, size: int, path: str) -> None:
    """Give the segment its size, with the memory really reserved where the OS allows it.

    A tmpfs file merely truncated to size gets its pages on first write, and a full /dev/shm then
    kills the process with SIGBUS; reserving now turns that into an error that says what to do.
    """
    if not hasattr(os, "posix_fallocate"):
        os.ftruncate(fd, size)
        return
    try:
        os.posix_fallocate(fd, 0, size)
    except OSError as err:
        raise RuntimeError(
            f"share_memory_: cannot reserve {size} bytes of shared memory in {os.path.dirname(path)} ({err}); "
            "free space there or enlarge it (in Docker: --shm-size)"
        ) from None


def _unlink_if_owner(path: str, owner: int) -> None:
    if os.getpid() == owner:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
