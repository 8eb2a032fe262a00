"""What every attribution method shares: input and target checks, the scores to explain, layer hooks.

Captum's conventions: ``target`` is an int or one int per example, ``additional_forward_args`` are
passed after the input, and expanded inputs (a path, noisy copies, occluded copies) are repeated
step-major, so row ``k * N + i`` belongs to example ``i``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy

from .. import autograd
from ..tensor import Tensor

# ---- shared plumbing --------------------------------------------------------------------------------


def _as_input(inputs: Any, who: str, need_float: bool = False) -> Tensor:
    import glassnet

    if isinstance(inputs, tuple):
        if len(inputs) != 1:
            raise TypeError(f"{who}: glassnet's attributions take one input tensor, got a tuple of {len(inputs)}")
        inputs = inputs[0]
    if not isinstance(inputs, Tensor):
        inputs = glassnet.as_tensor(numpy.asarray(inputs, dtype=numpy.float32))
    if inputs.ndim < 1:
        raise ValueError(f"{who}: inputs need a batch dimension first, got a 0-d tensor")
    if need_float and not inputs.is_floating_point():
        raise TypeError(f"{who}: inputs of dtype {inputs.dtype} have no gradient; for token ids attribute through "
                        f"the embedding: LayerIntegratedGradients(model, 'name of the nn.Embedding')")
    return inputs


def _extra_args(additional_forward_args: Any) -> tuple:
    if additional_forward_args is None:
        return ()
    return additional_forward_args if isinstance(additional_forward_args, tuple) else (additional_forward_args,)


def _repeat_extra(extra: tuple, n_inputs: int, times: int) -> tuple:
    """Repeat the tensor arguments that have one row per example, step-major (as the expanded inputs are)."""
    out = []
    for a in extra:
        if isinstance(a, Tensor) and a.ndim >= 1 and a.shape[0] == n_inputs and times > 1:
            a = a.repeat(times, *([1] * (a.ndim - 1)))
        out.append(a)
    return tuple(out)


def _target_index(target: Any, n: int, who: str) -> Any:
    """``target`` as None, an int, or one int per example (a 1-D integer array of length n)."""
    if target is None:
        return None
    if isinstance(target, Tensor):
        target = target.tolist()
    if isinstance(target, (int, numpy.integer)):
        return int(target)
    t = numpy.asarray(target)
    if t.ndim == 0:
        return int(t)
    if t.ndim != 1 or len(t) != n or not numpy.issubdtype(t.dtype, numpy.integer):
        raise ValueError(f"{who}: target must be an int or one int per example ({n}), got {target!r}")
    return t.astype(numpy.int64)


def _repeat_target(target: Any, times: int) -> Any:
    return numpy.tile(target, times) if isinstance(target, numpy.ndarray) else target


def _select(output: Tensor, target: Any, who: str) -> Tensor:
    """The output each example is explained by: output[i, target[i]] (or the output itself when target is None)."""
    if not isinstance(output, Tensor):
        raise TypeError(f"{who}: the forward function must return a Tensor, got {type(output).__name__}")
    if target is None:
        if output.ndim == 1 or (output.ndim == 2 and output.shape[1] == 1):
            return output.reshape(output.shape[0])
        raise ValueError(f"{who}: the model returns shape {tuple(output.shape)}, one score per class: pass "
                         f"target= (the class to explain, 0..{output.shape[-1] - 1})")
    if output.ndim != 2:
        raise ValueError(f"{who}: target= needs a model output of shape (N, classes), got {tuple(output.shape)}")
    k = output.shape[1]
    bad = [int(t) for t in numpy.atleast_1d(target) if not 0 <= int(t) < k]
    if bad:
        raise IndexError(f"{who}: target {bad[0]} is out of range: the model has {k} outputs (classes 0..{k - 1}), "
                         f"output shape {tuple(output.shape)}")
    if isinstance(target, numpy.ndarray):
        import glassnet

        return output[glassnet.arange(output.shape[0]), glassnet.from_numpy(target)]
    return output[:, target]


def _forward_scores(forward_func: Callable, x: Tensor, target: Any, extra: tuple, who: str) -> Tensor:
    return _select(forward_func(x, *extra), target, who)


class _FrozenParams:
    """Parameters stop requiring grad while attributing: the backward pass then computes only the gradients
    that lead to the input (or layer), not the weight gradients, which cost as much again for convolutions."""

    def __init__(self, forward_func: Any) -> None:
        params = forward_func.parameters() if hasattr(forward_func, "parameters") else ()
        self.params = [p for p in params if p.requires_grad]

    def __enter__(self) -> _FrozenParams:
        for p in self.params:
            p.requires_grad_(False)
        return self

    def __exit__(self, *exc: Any) -> None:
        for p in self.params:
            p.requires_grad_(True)


def _input_gradients(forward_func: Callable, x: Tensor, target: Any, extra: tuple, who: str) -> Tensor:
    """d score / d input for every example of the batch, in one backward pass."""
    import glassnet

    with glassnet.enable_grad(), _FrozenParams(forward_func):
        x = x.detach().requires_grad_()
        scores = _forward_scores(forward_func, x, target, extra, who)
        (grad,) = autograd.grad(scores.sum(), x)
    return grad


def _approximation(method: str, n_steps: int, who: str) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(step sizes, alphas) of the path integral, exactly as Captum builds them."""
    if method == "gausslegendre":
        if n_steps < 1:
            raise ValueError(f"{who}: n_steps must be >= 1, got {n_steps}")
        points, weights = numpy.polynomial.legendre.leggauss(n_steps)
        return 0.5 * weights, 0.5 * (1 + points)
    kinds = ("riemann_left", "riemann_right", "riemann_middle", "riemann_trapezoid")
    if method not in kinds:
        raise ValueError(f"{who}: method must be one of {', '.join(kinds)}, gausslegendre; got {method!r}")
    if n_steps < 2:
        raise ValueError(f"{who}: n_steps must be >= 2 for {method}, got {n_steps}")
    steps = numpy.full(n_steps, 1.0 / n_steps)
    if method == "riemann_trapezoid":
        steps[0] /= 2
        steps[-1] /= 2
        return steps, numpy.linspace(0, 1, n_steps)
    if method == "riemann_left":
        return steps, numpy.linspace(0, 1 - 1 / n_steps, n_steps)
    if method == "riemann_middle":
        return steps, numpy.linspace(1 / (2 * n_steps), 1 - 1 / (2 * n_steps), n_steps)
    return steps, numpy.linspace(1 / n_steps, 1, n_steps)


def _baseline_like(baselines: Any, x: Tensor, who: str) -> Tensor:
    import glassnet

    if baselines is None:
        return glassnet.zeros_like(x)
    if isinstance(baselines, (int, float)):
        return glassnet.full_like(x, float(baselines))
    b = baselines if isinstance(baselines, Tensor) else glassnet.as_tensor(numpy.asarray(baselines))
    try:
        return (b + glassnet.zeros_like(x)).to(x.dtype)
    except (ValueError, RuntimeError):
        raise ValueError(f"{who}: baselines of shape {tuple(b.shape)} do not broadcast to the inputs' shape "
                         f"{tuple(x.shape)}") from None


def _per_example_sum(t: Tensor) -> Tensor:
    return t.reshape(t.shape[0], -1).sum(1)


def _chunks(n: int, size: int | None) -> list[slice]:
    size = n if not size else max(1, int(size))
    return [slice(i, min(i + size, n)) for i in range(0, n, size)]


def _resolve_layer(model: Any, layer: Any, who: str) -> Any:
    """A Module, or a dotted name such as 'features.3' looked up in ``model``."""
    from ..nn import Module

    if isinstance(layer, Module):
        return layer
    if not isinstance(layer, str):
        raise TypeError(f"{who}: layer must be a Module or a layer name, got {type(layer).__name__}")
    names = [n for n, _ in model.named_modules() if n] if isinstance(model, Module) else []
    if layer not in names:
        shown = ", ".join(names[:40]) + (" ..." if len(names) > 40 else "")
        raise ValueError(f"{who}: the model has no layer named {layer!r}; its layers are: {shown or '(none)'}")
    return model.get_submodule(layer)


class _LayerTap:
    """A forward hook on one layer that keeps its output (or input) in the graph, optionally replacing it."""

    def __init__(self, layer: Any, to_input: bool = False, replace: Tensor | None = None) -> None:
        self.value: Tensor | None = None
        self.replace = replace
        self.to_input = to_input
        self.handle = (layer.register_forward_pre_hook(self._pre) if to_input
                       else layer.register_forward_hook(self._post))

    def _own(self, t: Any) -> Tensor:
        if not isinstance(t, Tensor):
            raise TypeError(f"the hooked layer passes a {type(t).__name__}, not a Tensor")
        if self.replace is not None:
            t = self.replace
        elif not t.requires_grad:  # e.g. the first layer's input: make it a leaf the gradient can reach
            t = t.detach().requires_grad_()
        self.value = t
        return t

    def _pre(self, module: Any, args: tuple) -> tuple:
        return (self._own(args[0]), *args[1:])

    def _post(self, module: Any, args: tuple, output: Any) -> Tensor:
        return self._own(output)

    def __enter__(self) -> _LayerTap:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.handle.remove()
