"""Switching graph recording on and off: ``no_grad`` and ``enable_grad``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


class _State:
    enabled = True


STATE = _State()


def is_grad_enabled() -> bool:
    """Returns True if grad mode is currently enabled: whether ops on tensors that require grad record
    themselves for backward.

    Example:
        >>> glassnet.is_grad_enabled()
        True
        >>> with glassnet.no_grad():
        ...     print(glassnet.is_grad_enabled())
        False
    """
    return STATE.enabled


def set_grad_enabled(mode: bool) -> None:
    """Sets grad mode on or off globally: with it off, ops record nothing for backward (see
    :class:`glassnet.no_grad`).

    Unlike ``torch.set_grad_enabled`` this is a plain function, not also a context manager: use
    :class:`glassnet.no_grad` / :class:`glassnet.enable_grad` for a block.

    Args:
        mode (bool): enable (True) or disable (False) grad mode.

    Example:
        >>> x = glassnet.tensor([1.0], requires_grad=True)
        >>> glassnet.set_grad_enabled(False)
        >>> (x * 2).requires_grad
        False
        >>> glassnet.set_grad_enabled(True)
        >>> (x * 2).requires_grad
        True
    """
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
    """Context manager (and decorator) that disables gradient calculation inside it.

    Ops inside record nothing for backward and their results have ``requires_grad=False``, even when
    their inputs require grad; inference then builds no graph and uses less memory. It can be used as
    ``with glassnet.no_grad():``, ``@glassnet.no_grad()`` or ``@glassnet.no_grad``.

    Example:
        >>> x = glassnet.tensor([1.0], requires_grad=True)
        >>> with glassnet.no_grad():
        ...     y = x * 2
        >>> y.requires_grad
        False
        >>> @glassnet.no_grad()
        ... def doubler(x):
        ...     return x * 2
        >>> doubler(x).requires_grad
        False
    """

    mode = False


class enable_grad(_GradMode):  # noqa: N801 - PyTorch name
    """Context manager (and decorator) that enables gradient calculation inside it, for example inside a
    :class:`glassnet.no_grad` block.

    Example:
        >>> x = glassnet.tensor([1.0], requires_grad=True)
        >>> with glassnet.no_grad():
        ...     with glassnet.enable_grad():
        ...         y = x * 2
        >>> y.requires_grad
        True
    """

    mode = True
