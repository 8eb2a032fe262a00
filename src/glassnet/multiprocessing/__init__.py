"""glassnet.multiprocessing: Python's multiprocessing, with glassnet tensors shared between processes.

Like ``torch.multiprocessing``, this is the standard library's API (Process, Queue, Pool, get_context,
set_start_method, ...) plus reducers that send a tensor in shared memory (``share_memory_()``,
``Module.share_memory()``) as a handle to that memory, so every process updates the same values:
Hogwild-style training. ``spawn(fn, args, nprocs)`` starts ``fn(i, *args)`` in ``nprocs`` processes.

Only CPU (NumPy) tensors can be shared; sharing anything else raises, never silently copies.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing import *  # noqa: F403 - this module IS multiprocessing's API, plus the parts below

from .reductions import register as _register
from .spawn import ProcessContext, ProcessExitedException, ProcessRaisedException, spawn

_register()

__all__ = [*multiprocessing.__all__, "spawn", "ProcessContext", "ProcessRaisedException", "ProcessExitedException",
           "get_sharing_strategy", "set_sharing_strategy", "get_all_sharing_strategies"]

_STRATEGIES = {"file_system"}


def get_all_sharing_strategies() -> set[str]:
    """The sharing strategies this platform supports: glassnet shares through named files ('file_system')."""
    return set(_STRATEGIES)


def get_sharing_strategy() -> str:
    """The current sharing strategy (always 'file_system': segments are named files in /dev/shm)."""
    return "file_system"


def set_sharing_strategy(new_strategy: str) -> None:
    """Choose a sharing strategy; only 'file_system' exists here, any other raises."""
    if new_strategy not in _STRATEGIES:
        raise ValueError(f"set_sharing_strategy: unsupported strategy {new_strategy!r}; glassnet supports "
                         f"{sorted(_STRATEGIES)} (torch's 'file_descriptor' passes descriptors, glassnet does not)")
