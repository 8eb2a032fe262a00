"""``glassnet.autograd.grad``: gradients of outputs with respect to chosen inputs, as values."""

from __future__ import annotations

from typing import Any

from .engine import run_backward, seed_grad


def grad(outputs: Any, inputs: Any, grad_outputs: Any = None, retain_graph: bool | None = None,
         create_graph: bool = False, allow_unused: bool | None = None,
         materialize_grads: bool = False) -> tuple:
    """Return d(outputs)/d(inputs) without touching ``.grad`` (like ``torch.autograd.grad``)."""
    from ..tensor import Tensor

    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    single = isinstance(inputs, Tensor)
    inputs = [inputs] if single else list(inputs)
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    elif isinstance(grad_outputs, Tensor):
        grad_outputs = [grad_outputs]
    gs = [seed_grad(o, g, create_graph, "pass grad_outputs") for o, g in zip(outputs, grad_outputs)]
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    if retain_graph is None:
        retain_graph = create_graph
    res = run_backward(outputs, gs, retain_graph, create_graph, inputs=inputs,
                       allow_unused=bool(allow_unused) or materialize_grads)
    if materialize_grads:
        from ..creation import zeros_like

        res = [zeros_like(t) if r is None else r for t, r in zip(inputs, res)]
    return tuple(res)
