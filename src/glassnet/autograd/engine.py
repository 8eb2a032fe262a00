"""The backward walk: topological order, gradient accumulation, hooks, freeing the graph.

The walk is iterative (a heap of the tensors with a gradient pending), so a 10,000-op chain needs no
recursion.
"""

from __future__ import annotations

import heapq
import itertools
from typing import Any

from .grad_mode import STATE
from .hooks import RemovableHandle, add_hook


class GradientError(RuntimeError):
    """Raised for a misuse of autograd: backward through a graph that was already freed (call
    ``backward(retain_graph=True)`` the first time to go through it twice), a tensor saved for backward
    that was modified in place since, or an input of :func:`glassnet.autograd.grad` that the outputs do
    not use (without ``allow_unused=True``).

    It is a ``RuntimeError``, the type PyTorch raises for the same mistakes.

    Args:
        args: the error message, as for any exception.

    Example:
        >>> x = glassnet.tensor([1.0, 2.0], requires_grad=True)
        >>> y = (x * x).sum()
        >>> y.backward()
        >>> try:
        ...     y.backward()
        ... except glassnet.autograd.GradientError as e:
        ...     print(type(e).__name__, isinstance(e, RuntimeError))
        GradientError True
    """


def seed_grad(output: Any, grad: Any, create_graph: bool, hint: str) -> Any:
    """The gradient a backward pass starts from: ones for a scalar output, else the given one, checked."""
    from ..tensor import Tensor

    if not output.requires_grad:
        raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
    if grad is None:
        if output._data.size != 1:
            raise RuntimeError(
                f"grad can be implicitly created only for scalar outputs (this tensor has shape "
                f"{tuple(output.shape)}); {hint} with a tensor of that shape"
            )
        grad = output.xp.ones_like(output._data)
    else:
        garr = grad._data if isinstance(grad, Tensor) else grad
        if tuple(garr.shape) != tuple(output.shape):
            raise RuntimeError(
                f"backward: gradient has shape {tuple(garr.shape)} but the tensor has shape "
                f"{tuple(output.shape)}"
            )
        if not create_graph:
            grad = garr
    if create_graph and not isinstance(grad, Tensor):
        grad = Tensor(grad)
    return grad


def version_seen(x: Any, ctx: Any) -> Any:
    """The version of x that ``ctx`` consumed: x itself, or the snapshot an in-place op left behind
    if x was modified after ``ctx`` was recorded (so its gradient reaches x's earlier history)."""
    for boundary, old in x._history:
        if ctx.seq < boundary:
            return old
    return x


def _rank(t: Any) -> int:
    """Where ``t`` comes in the walk: the newest op first (a smaller rank pops first), leaves last."""
    ctx = t._ctx
    return -ctx.seq if ctx is not None else 1


def run_backward(
    roots: list,
    grads: list,
    retain_graph: bool,
    create_graph: bool,
    inputs: list | None = None,
    accumulate: bool = True,
    allow_unused: bool = True,
    stop_at_inputs: bool = False,
) -> list | None:
    """Propagate ``grads`` from ``roots`` to the leaves (or to ``inputs`` for ``autograd.grad``).

    The order is a topological one read off the op numbers: every op is numbered when it is recorded
    (``Function.seq``), after the ops that made its inputs, so visiting tensors newest op first reaches a
    tensor only after every op that used it has sent its share. A heap keyed by that number holds the
    tensors that have a gradient pending, so the graph is walked once, with no separate sorting pass.
    Each tensor popped has its gradient complete: it goes through the hooks, is stored (``.grad`` on a
    leaf, a result for ``inputs``), and is sent through its op's backward to the op's inputs, where it
    accumulates. ``stop_at_inputs`` ends the walk at ``inputs`` (an op's own recorded backward uses it,
    so the graph beyond its inputs is left alone)."""
    from . import array_ns, tensor_ns

    ns = tensor_ns if create_graph else array_ns
    pending: dict[int, Any] = {}
    heap: list = []  # (rank, tie-breaker, tensor) of every tensor with a gradient pending
    tie = itertools.count()
    for r, g in zip(roots, grads):  # the same root twice gets the sum of its grads
        g = _walk_form(g, create_graph)
        if id(r) in pending:
            pending[id(r)] = pending[id(r)] + g
        else:
            pending[id(r)] = g
            heapq.heappush(heap, (_rank(r), next(tie), r))
    wanted = {id(t): i for i, t in enumerate(inputs)} if inputs is not None else None
    results: list = [None] * len(inputs) if inputs is not None else []

    prev = STATE.enabled
    STATE.enabled = create_graph
    try:
        while heap:
            t = heapq.heappop(heap)[2]
            g = pending.pop(id(t))
            if t._hooks:
                g = _run_hooks(t, g, create_graph)
            ctx = t._ctx
            if wanted is not None:
                if id(t) in wanted:
                    results[wanted[id(t)]] = g
                    if stop_at_inputs:
                        continue
            elif accumulate and (ctx is None or t._retains_grad):
                _accumulate_grad(t, g, create_graph)
                for hook in list(_POST_ACCUMULATE_HOOKS.get(id(t), {}).values()) if ctx is None else ():
                    hook(t)
            if ctx is None:
                continue
            ctx.ns = ns
            # Run the op's backward and add each input's share to what that input has pending.
            in_grads = type(ctx).backward(ctx, g)
            if type(in_grads) is not tuple:
                in_grads = (in_grads,)
            if _anomaly.STATE.enabled and _anomaly.STATE.check_nan:
                _anomaly.check_grads(ctx, in_grads)
            for x, gx, need in zip(ctx.inputs, in_grads, ctx.needs_input_grad):
                if not need or gx is None:
                    continue
                if x._history is not None:
                    x = version_seen(x, ctx)
                # Compare with the array's shape and dtype: Tensor.shape would build a Size per edge.
                xd = x._data
                if gx.shape != xd.shape:
                    gx = ns.sum_to(gx, xd.shape)
                if gx.dtype != xd.dtype:
                    gx = ns.astype(gx, xd.dtype)
                k = id(x)
                prev_g = pending.get(k)
                if prev_g is None:
                    pending[k] = gx
                    xc = x._ctx  # _rank(x), inlined: this line runs once per edge of the graph
                    heapq.heappush(heap, (-xc.seq if xc is not None else 1, next(tie), x))
                else:
                    pending[k] = prev_g + gx
            ctx.ns = None
            if not retain_graph:
                ctx._saved = None
    finally:
        STATE.enabled = prev
    if inputs is None:
        return None
    return _input_grads(inputs, results, allow_unused, create_graph)


def _run_hooks(t: Any, g: Any, create_graph: bool) -> Any:
    """Call ``t``'s gradient hooks in order; each sees the gradient so far and may replace it."""
    for hook in t._hooks.values():
        new = hook(_user_form(g, create_graph))
        if new is not None:
            g = _walk_form(new, create_graph)
    return g


def _input_grads(inputs: list, results: list, allow_unused: bool, create_graph: bool) -> list:
    """What ``autograd.grad`` returns: one Tensor (or None, if allowed) per input."""
    out = []
    for t, g in zip(inputs, results):
        if g is None and not allow_unused:
            raise GradientError(
                "One of the differentiated Tensors appears to not have been used in the graph "
                f"(shape {tuple(t.shape)}). Set allow_unused=True if this is the desired behavior."
            )
        out.append(None if g is None else _user_form(g, create_graph))
    return out


# The walk carries Tensors under create_graph (so the backward pass is recorded) and raw arrays
# otherwise (fast); these two convert at its edges.
def _walk_form(g: Any, create_graph: bool) -> Any:
    """A gradient from outside the walk (a root's grad, a hook's result) in the form the walk carries."""
    if create_graph:
        return g
    from ..tensor import Tensor

    return g._data if isinstance(g, Tensor) else g


def _user_form(g: Any, create_graph: bool) -> Any:
    """A gradient from the walk as hooks and ``autograd.grad`` hand it out: always a Tensor."""
    if create_graph:
        return g
    from ..tensor import Tensor

    return Tensor(g)


def _accumulate_grad(t: Any, g: Any, create_graph: bool) -> None:
    """Add ``g`` into ``t.grad`` (PyTorch accumulates across backward calls)."""
    from ..tensor import Tensor

    if create_graph:
        gt = g if isinstance(g, Tensor) else Tensor(g)
        t.grad = gt if t.grad is None else t.grad + gt
        return
    if t.grad is None:
        # .grad is owned, writable and contiguous so optimizers may update it in place.
        if not g.flags.writeable or not g.flags.c_contiguous or g.base is not None:
            g = g.copy()
        t.grad = Tensor(g)
    else:
        gd = t.grad._data
        if gd.flags.writeable and gd.shape == g.shape:
            gd += g
            t.grad._version += 1
        else:
            t.grad = Tensor(gd + g)


# Tensor.register_post_accumulate_grad_hook: hooks per leaf, keyed by id and dropped when the leaf dies
# (Tensor has __slots__ and defines __eq__, so it can be neither given a new attribute nor a dict key).
_POST_ACCUMULATE_HOOKS: dict[int, dict] = {}


def add_post_accumulate_grad_hook(t: Any, hook: Any) -> RemovableHandle:
    """Register hook(t) to run after t.grad is accumulated; returns its RemovableHandle."""
    import weakref

    hooks = _POST_ACCUMULATE_HOOKS.get(id(t))
    if hooks is None:
        hooks = _POST_ACCUMULATE_HOOKS[id(t)] = {}
        weakref.finalize(t, _POST_ACCUMULATE_HOOKS.pop, id(t), None)
    return add_hook(hooks, hook)


from . import anomaly_mode as _anomaly  # noqa: E402
