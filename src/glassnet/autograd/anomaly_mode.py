"""Anomaly detection: with it on, backward stops at the first op whose gradient contains NaN.

``with glassnet.autograd.detect_anomaly():`` (or ``set_detect_anomaly(True)``) makes the engine
check every op's input gradients as they are computed and raise a RuntimeError naming the op
(``Function 'LogBackward0' returned nan values in its 0th output.``, PyTorch's wording), instead
of letting the NaN spread silently into the parameters' .grad. As in PyTorch, ops recorded while
anomaly mode is on also keep the stack of their forward call, and the error shows it, so it points
at the line of the model that made the op.
"""

from __future__ import annotations

from typing import Any


class _State:
    enabled = False
    check_nan = True


STATE = _State()


def is_anomaly_enabled() -> bool:
    """Whether anomaly detection is on."""
    return STATE.enabled


def is_anomaly_check_nan_enabled() -> bool:
    """Whether anomaly detection checks gradients for NaN."""
    return STATE.check_nan


def set_anomaly_enabled(mode: bool, check_nan: bool = True) -> None:
    """Turn anomaly detection on or off."""
    STATE.enabled = bool(mode)
    STATE.check_nan = bool(check_nan)


class detect_anomaly:  # noqa: N801 - PyTorch's name
    """Context manager (or decorator) that enables anomaly detection for the autograd engine inside it.

    While it is on, each op remembers where in the code its forward pass was called, and backward
    stops with an error at the first op whose computed gradient holds NaN, naming that op and showing
    the forward call's stack (the model's lines, without glassnet's own frames). It slows backward
    down; use it for debugging only.

    Args:
        check_nan (bool, optional): check the gradients for NaN. Default: ``True``.

    Example:
        >>> x = glassnet.tensor([0.0], requires_grad=True)
        >>> with glassnet.autograd.detect_anomaly():
        ...     y = glassnet.sqrt(x) * 0.0
        ...     y.sum().backward()
        Traceback (most recent call last):
            ...
        RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.
        Traceback of the forward call that made this op:
        ...
    """

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan
        self.prev = (STATE.enabled, STATE.check_nan)

    def __enter__(self) -> None:
        self.prev = (STATE.enabled, STATE.check_nan)
        set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *exc: Any) -> None:
        STATE.enabled, STATE.check_nan = self.prev

    def __call__(self, fn: Any) -> Any:
        import functools

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with type(self)(self.check_nan):
                return fn(*args, **kwargs)

        return wrapper


class set_detect_anomaly(detect_anomaly):  # noqa: N801 - PyTorch's name
    """Sets anomaly detection for the autograd engine on or off now (see
    :class:`glassnet.autograd.detect_anomaly`); used as a context manager, it restores the previous
    setting on exit.

    Args:
        mode (bool): turn anomaly detection on (True) or off (False).
        check_nan (bool, optional): check the gradients for NaN. Default: ``True``.

    Example:
        >>> from glassnet.autograd.anomaly_mode import is_anomaly_enabled
        >>> with glassnet.autograd.set_detect_anomaly(True):
        ...     print(is_anomaly_enabled())
        True
        >>> is_anomaly_enabled()
        False
    """

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.prev = (STATE.enabled, STATE.check_nan)
        self.mode = mode
        self.check_nan = check_nan
        set_anomaly_enabled(mode, check_nan)

    def __enter__(self) -> None:
        pass

    def __call__(self, fn: Any) -> Any:
        raise TypeError("set_detect_anomaly is a context manager; use detect_anomaly as a decorator")


def forward_stack() -> str:
    """The caller's stack, without glassnet's own frames (the model's lines are what help)."""
    import traceback

    frames = [f for f in traceback.extract_stack()[:-1] if "/glassnet/" not in f.filename.replace("\\", "/")]
    return "".join(traceback.format_list(frames))


def check_grads(ctx: Any, grads: tuple) -> None:
    """Raise if any gradient an op returned holds NaN (called by the engine while anomaly mode is on)."""
    for i, g in enumerate(grads):
        if g is None:
            continue
        arr = getattr(g, "_data", g)
        if arr.dtype.kind == "f" and bool((arr != arr).any()):
            stack = getattr(ctx, "forward_stack", None)
            where = f"\nTraceback of the forward call that made this op:\n{stack}" if stack else ""
            raise RuntimeError(f"Function '{ctx.name()}' returned nan values in its {i}th output.{where}")
