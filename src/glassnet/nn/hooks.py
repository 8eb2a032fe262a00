"""Module hooks: what ``Module.__call__`` runs around ``forward`` once a hook is registered.

Forward pre-hooks and forward hooks are plain calls before and after ``forward``. A full backward hook
needs the gradients with respect to the module's inputs and outputs, which autograd does not keep per
module: :func:`call_with_hooks` wraps each such tensor in an identity op (``_BackwardHookPass``) and
registers a tensor hook on it that collects its gradient, then runs the module's backward hooks once
all have arrived. The handle the ``register_*_hook`` methods return is
:class:`~glassnet.autograd.hooks.RemovableHandle`, the one tensors return too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..autograd.function import Function
from ..autograd.hooks import RemovableHandle, add_hook
from ..tensor import Tensor

__all__ = ["RemovableHandle", "add_hook", "call_with_hooks"]


class _BackwardHookPass(Function):
    """Identity op marking a module's inputs/outputs so backward hooks can see their gradients."""

    @staticmethod
    def forward(ctx, a):
        return a.view()

    @staticmethod
    def backward(ctx, g):
        return g


def call_with_hooks(module: Any, args: tuple, kwargs: dict) -> Any:
    """Run ``module.forward`` with its forward pre-hooks, forward hooks and full backward hooks."""
    for hook in list(module._forward_pre_hooks.values()):
        res = hook(module, args)
        if res is not None:
            args = res if isinstance(res, tuple) else (res,)
    if module._backward_hooks:
        return _call_with_backward_hooks(module, args, kwargs)
    out = module.forward(*args, **kwargs)
    for hook in list(module._forward_hooks.values()):
        res = hook(module, args, out)
        if res is not None:
            out = res
    return out


def _call_with_backward_hooks(module: Any, args: tuple, kwargs: dict) -> Any:
    """Run forward with identity ops around inputs and outputs whose gradients the hooks report.

    grad_input holds the gradients w.r.t. the positional tensor inputs (None for inputs that do
    not require grad); grad_output the gradients w.r.t. the tensor outputs. The hooks run once
    every input gradient has arrived (or, when no input requires grad, right after grad_output is
    known). A hook may return a new grad_input tuple; its entries replace the gradients that flow
    on to the inputs (for inputs whose gradient has not already been passed on).
    """
    positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
    state = {"grad_in": [None] * len(positions), "waiting": 0, "grad_out": None, "new": None}
    args = list(args)
    for k, i in enumerate(positions):
        if args[i].requires_grad:
            args[i] = _BackwardHookPass.apply(args[i])
            state["waiting"] += 1
            args[i].register_hook(_input_grad_hook(module, state, k))
    need_in = state["waiting"]
    out = module.forward(*args, **kwargs)
    for hook in list(module._forward_hooks.values()):
        res = hook(module, tuple(args), out)
        if res is not None:
            out = res
    outs = [out] if isinstance(out, Tensor) else list(out) if isinstance(out, (tuple, list)) else []
    slots = [j for j, o in enumerate(outs) if isinstance(o, Tensor) and o.requires_grad]
    if not slots:
        return out
    state["grad_out"] = [None] * len(outs)
    state["pending_out"] = len(slots)
    for j in slots:
        outs[j] = _BackwardHookPass.apply(outs[j])
        outs[j].register_hook(_output_grad_hook(module, state, j, need_in))
    if isinstance(out, Tensor):
        return outs[0]
    if type(out) is tuple:
        return tuple(outs)
    return type(out)(*outs) if isinstance(out, tuple) else outs  # a namedtuple, or a list


def _output_grad_hook(module: Any, state: dict, j: int, need_in: int) -> Callable:
    def hook(g: Tensor) -> None:
        state["grad_out"][j] = g
        state["pending_out"] -= 1
        if state["pending_out"] == 0 and need_in == 0:
            _run_backward_hooks(module, state)

    return hook


def _input_grad_hook(module: Any, state: dict, k: int) -> Callable:
    def hook(g: Tensor) -> Any:
        state["grad_in"][k] = g
        state["waiting"] -= 1
        if state["waiting"] == 0:
            _run_backward_hooks(module, state)
        new = state["new"]
        return new[k] if new is not None and k < len(new) else None

    return hook


def _run_backward_hooks(module: Any, state: dict) -> None:
    grad_out = tuple(state["grad_out"] or ())
    grad_in = tuple(state["grad_in"])
    for hook in list(module._backward_hooks.values()):
        res = hook(module, grad_in, grad_out)
        if res is not None:
            grad_in = tuple(res)
            state["new"] = grad_in
