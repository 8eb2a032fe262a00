"""Switching graph recording on and off: ``no_grad`` and ``enable_grad``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


class _State:
    enabled = True


STATE = _State()


def is_grad_enabled() -> bool:
    """Return True when ops record themselves for backward."""
    return STATE.enabled


def set_grad_enabled(mode: bool) -> None:
    """Turn graph recording on or off globally."""
    STATE.enabled = bool(mode)


class _GradMode:
    """Context manager and decorator that sets grad mode for its body."""

    mode = True

    def __new__(cls, func: Callable | None = None) -> Any:
        # ``@no_grad`` without parentheses decorates func directly, as in PyTorch.
        self = super().__new__(cls)
        return self if func is None else self(func)

    def __enter__(self) -> None:
        self._prev = STATE.enabled
        STATE.enabled = self.mode

    def __exit__(self, *exc: Any) -> None:
        STATE.enabled = self._prev

    def __call__(self, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.__class__():
                return fn(*args, **kwargs)

        return wrapper


class no_grad(_GradMode):  # noqa: N801 - PyTorch name
    """Ops inside record nothing: inference runs without building a graph."""

    mode = False


class enable_grad(_GradMode):  # noqa: N801 - PyTorch name
    """Re-enable graph recording inside a ``no_grad`` block."""

    mode = True
