"""glassnet.serialization: the parts of torch.serialization that make sense for glassnet's files.

glassnet saves to safetensors with a JSON skeleton and never unpickles (see glassnet.io), so every
load is what PyTorch calls ``weights_only``: no code from a file ever runs. The allow-list functions
(``add_safe_globals`` ...) are kept so PyTorch programs run unchanged: they record the classes they
are given, as torch does, but loading has no globals to check them against.
"""

from __future__ import annotations

import os
from typing import Any, BinaryIO

from .io import load, read_header, save

__all__ = ["save", "load", "add_safe_globals", "get_safe_globals", "clear_safe_globals", "safe_globals",
           "get_unsafe_globals_in_checkpoint", "default_restore_location"]

_safe_globals: list[Any] = []


def add_safe_globals(safe_globals: list[Any]) -> None:
    """Mark classes/functions as safe to load (recorded; glassnet files hold no pickled globals)."""
    if not isinstance(safe_globals, list):
        raise TypeError(f"add_safe_globals expects a list of globals, got {type(safe_globals).__name__}")
    _safe_globals.extend(safe_globals)


def get_safe_globals() -> list[Any]:
    """The globals recorded by ``add_safe_globals``."""
    return list(_safe_globals)


def clear_safe_globals() -> None:
    """Forget every global recorded by ``add_safe_globals``."""
    _safe_globals.clear()


class safe_globals:  # noqa: N801 - PyTorch's name for this context manager
    """Context manager: the given globals count as safe inside the ``with`` block only."""

    def __init__(self, safe_globals: list[Any]) -> None:
        self.safe_globals = safe_globals

    def __enter__(self) -> None:
        add_safe_globals(self.safe_globals)

    def __exit__(self, *exc: Any) -> None:
        for g in self.safe_globals:
            _safe_globals.remove(g)


def get_unsafe_globals_in_checkpoint(f: str | os.PathLike | BinaryIO) -> list[str]:
    """The pickled globals a checkpoint needs: none, for any file glassnet can load (it is checked)."""
    if hasattr(f, "read"):
        pos = f.tell()
        load(f)
        f.seek(pos)
    else:
        read_header(f)
    return []


def default_restore_location(storage: Any, location: str) -> Any:
    """Where a loaded tensor goes: glassnet computes on the CPU, so it stays where it is."""
    return storage
