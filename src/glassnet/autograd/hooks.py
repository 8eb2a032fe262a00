"""The handle every ``register_*_hook`` returns, for tensor hooks and module hooks alike.

A hook is stored in a dictionary under the id of its handle; ``handle.remove()`` pops it again. The
class lives here, at the bottom of the package, because ``Tensor`` (which cannot import ``glassnet.nn``)
hands it out as well as ``Module``; ``glassnet.utils.hooks`` and ``glassnet.nn.hooks`` re-export it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any


class RemovableHandle:
    """A handle which provides the capability to remove a hook; returned by the ``register_*_hook`` methods.

    It is also a context manager that removes the hook on exit.

    Args:
        hooks (dict): the dictionary of hooks the handle's hook was added to (by ``id``).

    Example:
        >>> m = nn.Linear(2, 2)
        >>> with m.register_forward_hook(lambda mod, args, out: print("called")):
        ...     _ = m(glassnet.ones(1, 2))
        called
        >>> _ = m(glassnet.ones(1, 2))
    """

    # One counter for every hook dictionary, as PyTorch's, so an id names a single hook process-wide.
    _ids = itertools.count()

    def __init__(self, hooks: dict) -> None:
        self.hooks = hooks
        self.id = next(RemovableHandle._ids)

    def remove(self) -> None:
        """Remove the hook this handle was returned for; removing it twice does nothing.

        Example:
            >>> m = nn.Linear(2, 2)
            >>> h = m.register_forward_hook(lambda mod, args, out: print("called"))
            >>> h.remove()
            >>> _ = m(glassnet.ones(1, 2))
        """
        self.hooks.pop(self.id, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.remove()


def add_hook(hooks: dict, hook: Callable) -> RemovableHandle:
    """Store ``hook`` in ``hooks`` under a new handle's id and return that handle."""
    handle = RemovableHandle(hooks)
    hooks[handle.id] = hook
    return handle
