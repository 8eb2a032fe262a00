"""``glassnet.jit`` and ``glassnet.compile``: documented pass-throughs, since glassnet has no compiler.

PyTorch programs often call ``torch.jit.script(model)``, ``torch.jit.trace(fn, example)`` or
``torch.compile(model)`` for speed. glassnet runs every op eagerly in Python, so these return the
model or function unchanged and it behaves exactly as before. Saving a "scripted" program is
refused with a clear error, since there is no graph to save: save ``model.state_dict()`` with
``glassnet.save`` instead and rebuild the model in Python to load it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_SAVE_HINT = ("glassnet has no TorchScript compiler, so there is no scripted program to save; save the "
              "weights with glassnet.save(model.state_dict(), path) and load them into a model built in Python")


def _refuse_save(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError(f"ScriptModule.save: {_SAVE_HINT}")


def _mark_scripted(obj: Any) -> Any:
    # A scripted module has .save(); ours explains why it cannot save instead of an AttributeError.
    try:
        object.__setattr__(obj, "save", _refuse_save)
    except (AttributeError, TypeError):  # bound methods and builtins take no attributes
        pass
    return obj


def script(obj: Any, optimize: Any = None, _frames_up: int = 0, _rcb: Any = None,
           example_inputs: Any = None) -> Any:
    """Return ``obj`` unchanged: glassnet runs eagerly, with no TorchScript compiler."""
    return _mark_scripted(obj)


def trace(func: Any, example_inputs: Any = None, *args: Any, **kwargs: Any) -> Any:
    """Return ``func`` unchanged (the example inputs are not run): glassnet has no tracer."""
    return _mark_scripted(func)


def save(m: Any, f: Any, _extra_files: Any = None) -> None:
    """Raise: there is no scripted program to save (use glassnet.save on a state_dict)."""
    raise RuntimeError(f"glassnet.jit.save: {_SAVE_HINT}")


def load(f: Any, map_location: Any = None, _extra_files: Any = None) -> None:
    """Raise: glassnet cannot read TorchScript archives (use glassnet.load on a saved state_dict)."""
    raise RuntimeError(
        "glassnet.jit.load: glassnet cannot run TorchScript programs; load a state_dict saved with "
        "glassnet.save (or torch.save) into a model built in Python")


def _decorator(fn: Any = None, **kwargs: Any) -> Any:
    """Accept ``@deco`` and ``@deco(drop=...)``; either way the function is returned unchanged."""
    if fn is None or not callable(fn):
        return lambda f: f
    return fn


def ignore(drop: Any = False, **kwargs: Any) -> Any:
    """Decorator kept for PyTorch programs: leaves the function as it is."""
    return _decorator(drop)


def unused(fn: Callable) -> Callable:
    """Decorator kept for PyTorch programs: leaves the function as it is."""
    return fn


def export(fn: Callable) -> Callable:
    """Decorator kept for PyTorch programs: leaves the function as it is."""
    return fn


def is_scripting() -> bool:
    """False: code never runs under a TorchScript compiler."""
    return False


def is_tracing() -> bool:
    """False: code never runs under a tracer."""
    return False


def compile(model: Any = None, *, fullgraph: bool = False, dynamic: Any = None, backend: Any = None,  # noqa: A001
            mode: Any = None, options: Any = None, disable: bool = False, **kwargs: Any) -> Any:
    """``glassnet.compile``: return the model unchanged (also usable as ``@compile`` or ``@compile(...)``)."""
    if model is None:
        return lambda m: m
    return model
