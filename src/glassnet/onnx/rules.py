"""The table from glassnet op (Function class) to the function that writes it as ONNX nodes.

A rule is ``rule(g, call) -> str``: it reads the recorded op ``call`` (an OpCall: inputs, keyword args,
the instance ``ctx`` with what forward kept on it, the output), appends nodes to the Graph ``g`` and
returns the ONNX name of the op's output. Rules register themselves with ``@rule(OpClass, ...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

RULES: dict[type, Callable] = {}


def rule(*classes: type) -> Callable:
    """Register the decorated function as the ONNX writer of these op classes."""
    def deco(fn: Callable) -> Callable:
        for c in classes:
            RULES[c] = fn
        return fn

    return deco


def arg(g: Any, call: Any, i: int, dtype: Any = None) -> str:
    """The ONNX name of the op's i-th input (checked against the second trace's if it is a constant)."""
    twin = call.twin.inputs[i] if call.twin is not None and i < len(call.twin.inputs) else None
    return g.value(call.inputs[i], twin, dtype)


def out_dtype(call: Any) -> Any:
    return call.out._data.dtype


def ndim_of(x: Any) -> int:
    return len(getattr(x, "shape", ()))
