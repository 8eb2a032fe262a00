"""``glassnet.autograd.grad``: gradients of outputs with respect to chosen inputs, as values."""

from __future__ import annotations

from typing import Any

from .engine import run_backward, seed_grad


def grad(outputs: Any, inputs: Any, grad_outputs: Any = None, retain_graph: bool | None = None,
         create_graph: bool = False, allow_unused: bool | None = None,
         materialize_grads: bool = False) -> tuple:
    """Computes and returns the sum of gradients of :attr:`outputs` with respect to the :attr:`inputs`
    (``torch.autograd.grad``), without accumulating them into ``.grad``.

    :attr:`grad_outputs` are the vectors of the vector-Jacobian products, one per output; they may be
    left out for scalar outputs. With ``create_graph=True`` the returned gradients are themselves
    recorded, so they can be differentiated again (higher-order derivatives).

    Args:
        outputs (Tensor or sequence of Tensor): the outputs of the differentiated function.
        inputs (Tensor or sequence of Tensor): the inputs the gradients are taken with respect to.
        grad_outputs (Tensor or sequence of Tensor, optional): the vector of each vector-Jacobian
            product, shaped like each output. Default: ``None`` (ones, for scalar outputs).
        retain_graph (bool, optional): keep the graph for another backward. Default: ``None`` (the
            value of :attr:`create_graph`).
        create_graph (bool, optional): record the gradient computation, for higher-order derivatives.
            Default: ``False``.
        allow_unused (bool, optional): return ``None`` for an input the outputs do not depend on, instead
            of raising. Default: ``None`` (False).
        materialize_grads (bool, optional): return zeros instead of ``None`` for such inputs (implies
            :attr:`allow_unused`). Default: ``False``.

    Returns:
        A tuple with one gradient (or ``None``) per input.

    Example:
        >>> x = glassnet.tensor([1.0, 2.0, 3.0], requires_grad=True)
        >>> (g,) = glassnet.autograd.grad((x ** 3).sum(), x, create_graph=True)
        >>> g
        tensor([ 3., 12., 27.], grad_fn=<MulBackward0>)
        >>> glassnet.autograd.grad(g.sum(), x)
        (tensor([ 6., 12., 18.]),)
        >>> x.grad is None
        True
    """
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
