"""Switching graph recording on and off: ``no_grad`` and ``enable_grad``."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any


class _State(threading.local):
    # Per thread, as in PyTorch: one thread evaluating under no_grad must not stop another thread's training
    # from recording its graph (two playground sessions train side by side). A new thread starts enabled.
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


class set_grad_enabled:  # noqa: N801 - PyTorch's name
    """Sets gradient calculation on or off (``torch.set_grad_enabled``): with it off, ops record
    nothing for backward (see :class:`glassnet.no_grad`).

    The setting takes effect at once. Used as a context manager, the previous setting comes back on
    exit, which makes ``with glassnet.set_grad_enabled(is_train):`` one block for training and
    evaluation; used as a decorator, the setting applies inside the function only.

    Args:
        mode (bool): enable (True) or disable (False) grad mode.

    Example:
        >>> x = glassnet.tensor([1.0], requires_grad=True)
        >>> with glassnet.set_grad_enabled(False):
        ...     y = x * 2
        >>> y.requires_grad, glassnet.is_grad_enabled()
        (False, True)
        >>> glassnet.set_grad_enabled(False)
        glassnet.autograd.grad_mode.set_grad_enabled(mode=False)
        >>> (x * 2).requires_grad
        False
        >>> glassnet.set_grad_enabled(True)
        glassnet.autograd.grad_mode.set_grad_enabled(mode=True)
    """

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)
        self._prev = STATE.enabled
        STATE.enabled = self.mode

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc: Any) -> None:
        STATE.enabled = self._prev

    def __call__(self, fn: Callable) -> Callable:
        STATE.enabled = self._prev  # as a decorator the mode belongs to fn's calls, not to the definition
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)

        return wrapper

    def __repr__(self) -> str:
        return f"glassnet.autograd.grad_mode.set_grad_enabled(mode={self.mode})"


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
