"""Recording one forward pass: every op that runs (through ``Function.apply``) and the layers written whole.

``record(model, args, whole)`` sets the op recorder slot ``glassnet.autograd.function.TRACER`` for one
forward pass and hooks every module, so each recorded op knows the module that ran it. Modules of a
type in ``whole`` (recurrent layers) are recorded as one ``ModuleCall`` and the ops inside them are not
recorded: they are written as one ONNX node for the whole layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..autograd import function as _function
from ..autograd.grad_mode import no_grad


@dataclass
class OpCall:
    """One op run by the forward pass: its Function class, the instance (ctx), inputs, keyword args, output."""

    cls: type
    ctx: Any
    inputs: tuple
    kwargs: dict
    out: Any
    module: str  # dotted name of the innermost module running it ("" for the model itself)
    module_type: str
    twin: Any = None  # the same op in the second trace (set by export)

    def describe(self) -> str:
        where = f"module '{self.module}' ({self.module_type})" if self.module else f"the model ({self.module_type})"
        op = self.cls.__name__
        if "op" in self.kwargs and isinstance(self.kwargs["op"], str):  # NoGradOp: which comparison or bitwise op
            op += f"({self.kwargs['op']})"
        return f"op {op} ({self.cls.__module__}) in {where}"


@dataclass
class ModuleCall:
    """One call of a module written whole: the module, its dotted name, positional args and output."""

    module: Any
    name: str
    args: tuple
    out: Any
    kwargs: dict = field(default_factory=dict)
    twin: Any = None

    def describe(self) -> str:
        kind = type(self.module).__name__
        return f"module '{self.name}' ({kind})" if self.name else f"the model ({kind})"


class Recorder:
    """The op recorder: collects OpCalls and ModuleCalls in the order they run."""

    def __init__(self, model: Any) -> None:
        self.events: list = []
        self.stack: list[tuple[str, str]] = [("", type(model).__name__)]
        self.inside = 0  # > 0 while a module written whole is running

    def __call__(self, cls: type, ctx: Any, inputs: tuple, kwargs: dict, out: Any) -> None:
        if not self.inside:
            name, kind = self.stack[-1]
            self.events.append(OpCall(cls, ctx, inputs, kwargs, out, name, kind))


def record(model: Any, args: tuple, whole: tuple) -> tuple[list, Any]:
    """Run ``model(*args)`` once without gradients and return (events, output)."""
    rec = Recorder(model)
    handles = []
    for name, m in model.named_modules():
        is_whole = isinstance(m, whole)

        def pre(mod: Any, a: tuple, name: str = name, is_whole: bool = is_whole) -> None:
            rec.stack.append((name, type(mod).__name__))
            if is_whole:
                rec.inside += 1

        def post(mod: Any, a: tuple, out: Any, name: str = name, is_whole: bool = is_whole) -> None:
            rec.stack.pop()
            if is_whole:
                rec.inside -= 1
                if not rec.inside:
                    rec.events.append(ModuleCall(mod, name, tuple(a), out))

        handles.append(m.register_forward_pre_hook(pre))
        handles.append(m.register_forward_hook(post))
    previous = _function.TRACER
    _function.TRACER = rec
    try:
        with no_grad():
            out = model(*args)
    finally:
        _function.TRACER = previous
        for h in handles:
            h.remove()
    return rec.events, out
