"""Attributions for one prediction: which input features pushed the model's score for a class up or down.

Captum's names, arguments and semantics (Saliency, InputXGradient, IntegratedGradients, NoiseTunnel,
Occlusion, LayerGradCam, LayerIntegratedGradients), computed with glassnet's own autograd. Each
``attribute`` returns tensors as Captum does; ``explain`` wraps one method and returns an
``AttributionResult`` that draws itself (a PNG in Jupyter, or a file).

Integrated gradients evaluate all ``n_steps`` points of the path in one batched forward and one backward
pass (``internal_batch_size`` splits the batch when memory is short).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


# ---- gradient methods -----------------------------------------------------------------------------------


class Saliency:
    """Saliency (Simonyan et al., 2013): the gradient of the target score with respect to the input.

    Args:
        forward_func: the model (or any callable) mapping a batch of inputs to scores.

    Example:
        >>> model = nn.Sequential(nn.Linear(4, 3))
        >>> x = glassnet.randn(2, 4)
        >>> from glassnet.inspect import Saliency
        >>> Saliency(model).attribute(x, target=1).shape
        glassnet.Size([2, 4])
    """

    def __init__(self, forward_func: Callable) -> None:
        self.forward_func = forward_func

    def attribute(self, inputs: Any, target: Any = None, abs: bool = True,  # noqa: A002 - Captum's name
                  additional_forward_args: Any = None) -> Tensor:
        """|d score/d input| (the signed gradient with ``abs=False``), same shape as ``inputs``."""
        x = _as_input(inputs, "Saliency", need_float=True)
        grad = _input_gradients(self.forward_func, x, _target_index(target, x.shape[0], "Saliency"),
                                _extra_args(additional_forward_args), "Saliency")
        return grad.abs() if abs else grad


class InputXGradient:
    """Input x gradient: each feature's value times the gradient of the target score with respect to it.

    Args:
        forward_func: the model (or any callable) mapping a batch of inputs to scores.

    Example:
        >>> from glassnet.inspect import InputXGradient
        >>> model = nn.Linear(3, 2)
        >>> x = glassnet.ones(1, 3)
        >>> bool(glassnet.allclose(InputXGradient(model).attribute(x, target=0), model.weight[0:1]))
        True
    """

    def __init__(self, forward_func: Callable) -> None:
        self.forward_func = forward_func

    def attribute(self, inputs: Any, target: Any = None, additional_forward_args: Any = None) -> Tensor:
        """inputs * d score/d inputs."""
        x = _as_input(inputs, "InputXGradient", need_float=True)
        grad = _input_gradients(self.forward_func, x, _target_index(target, x.shape[0], "InputXGradient"),
                                _extra_args(additional_forward_args), "InputXGradient")
        return x.detach() * grad


class IntegratedGradients:
    """Integrated gradients (Sundararajan et al., 2017): the path integral of gradients from a baseline to the input.

    The attributions of one example sum to f(input) - f(baseline) (completeness); the gap left by the
    numerical integral is the convergence delta (``return_convergence_delta=True``).

    Args:
        forward_func: the model (or any callable) mapping a batch of inputs to scores.
        multiply_by_inputs: multiply the averaged gradients by (input - baseline), the global attribution
            (default); ``False`` returns the averaged gradients alone (local attribution).

    Example:
        >>> from glassnet.inspect import IntegratedGradients
        >>> model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
        >>> x = glassnet.randn(2, 4)
        >>> attr, delta = IntegratedGradients(model).attribute(x, target=2, return_convergence_delta=True)
        >>> attr.shape, bool(delta.abs().max() < 1e-3)
        (glassnet.Size([2, 4]), True)
    """

    def __init__(self, forward_func: Callable, multiply_by_inputs: bool = True) -> None:
        self.forward_func = forward_func
        self.multiply_by_inputs = multiply_by_inputs

    def attribute(self, inputs: Any, baselines: Any = None, target: Any = None, additional_forward_args: Any = None,
                  n_steps: int = 50, method: str = "gausslegendre", internal_batch_size: int | None = None,
                  return_convergence_delta: bool = False) -> Any:
        """Attributions shaped like ``inputs`` (and the per-example convergence delta when asked).

        Args:
            inputs: a batch (N, ...).
            baselines: the starting point: None (zeros), a number, or a tensor broadcastable to ``inputs``.
            target: the class to explain: an int, or one per example.
            additional_forward_args: further arguments for ``forward_func`` (tensors with N rows are repeated).
            n_steps: points on the path.
            method: 'gausslegendre' (Captum's default) or riemann_left/right/middle/trapezoid.
            internal_batch_size: evaluate the N * n_steps path points in chunks of this many (None: all at once).
            return_convergence_delta: also return sum(attributions) - (f(inputs) - f(baselines)) per example.
        """
        import glassnet

        who = "IntegratedGradients"
        x = _as_input(inputs, who, need_float=True)
        n = x.shape[0]
        tgt = _target_index(target, n, who)
        extra = _extra_args(additional_forward_args)
        base = _baseline_like(baselines, x, who)
        step_sizes, alphas = _approximation(method, n_steps, who)
        diff = (x - base).detach()
        total = self._path_gradients(x, base, diff, tgt, extra, step_sizes, alphas, internal_batch_size)
        attr = total * diff if self.multiply_by_inputs else total
        if not return_convergence_delta:
            return attr
        with glassnet.no_grad():
            ends = _forward_scores(self.forward_func, glassnet.cat([x, base]).detach(),
                                   _repeat_target(tgt, 2), _repeat_extra(extra, n, 2), who)
        delta = _per_example_sum(total * diff) - (ends[:n] - ends[n:])
        return attr, delta

    def _path_gradients(self, x: Tensor, base: Tensor, diff: Tensor, tgt: Any, extra: tuple,
                        step_sizes: numpy.ndarray, alphas: numpy.ndarray, internal_batch_size: int | None) -> Tensor:
        """sum_k step_k * grad f(base + alpha_k * diff), every path point in one batch (step-major, as Captum)."""
        import glassnet

        n, steps = x.shape[0], len(alphas)
        shape = (steps, n) + tuple(x.shape[1:])
        a = glassnet.as_tensor(alphas.astype(numpy.float32)).to(x.dtype).reshape((steps,) + (1,) * x.ndim)
        path = (base.detach().unsqueeze(0) + a * diff.unsqueeze(0)).reshape((steps * n,) + tuple(x.shape[1:]))
        all_tgt = _repeat_target(tgt, steps)
        all_extra = _repeat_extra(extra, n, steps)
        grads = []
        for part in _chunks(steps * n, internal_batch_size):
            sub_tgt = all_tgt[part] if isinstance(all_tgt, numpy.ndarray) else all_tgt
            sub_extra = tuple(e[part] if isinstance(e, Tensor) and e.ndim and e.shape[0] == steps * n else e
                              for e in all_extra)
            grads.append(_input_gradients(self.forward_func, path[part], sub_tgt, sub_extra,
                                          "IntegratedGradients"))
        g = (grads[0] if len(grads) == 1 else glassnet.cat(grads)).reshape(shape)
        w = glassnet.as_tensor(step_sizes.astype(numpy.float32)).to(x.dtype).reshape((steps,) + (1,) * x.ndim)
        return (g * w).sum(0)


class NoiseTunnel:
    """SmoothGrad and its kin: average an attribution method over copies of the input with Gaussian noise added.

    Args:
        attribution_method: a Saliency, InputXGradient or IntegratedGradients instance.

    Example:
        >>> from glassnet.inspect import NoiseTunnel, Saliency
        >>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
        >>> smooth = NoiseTunnel(Saliency(model))
        >>> smooth.attribute(glassnet.randn(1, 4), nt_type="smoothgrad", nt_samples=10, stdevs=0.1, target=0).shape
        glassnet.Size([1, 4])
    """

    def __init__(self, attribution_method: Any) -> None:
        self.attribution_method = attribution_method

    def attribute(self, inputs: Any, nt_type: str = "smoothgrad", nt_samples: int = 5,
                  nt_samples_batch_size: int | None = None, stdevs: float = 1.0,
                  draw_baseline_from_distrib: bool = False, **kwargs: Any) -> Any:
        """The mean ('smoothgrad'), mean square ('smoothgrad_sq') or variance ('vargrad') over noisy copies.

        Args:
            inputs: a batch (N, ...).
            nt_type: 'smoothgrad', 'smoothgrad_sq' or 'vargrad'.
            nt_samples: noisy copies per example.
            nt_samples_batch_size: copies per call of the wrapped method (None: all copies in one call).
            stdevs: standard deviation of the Gaussian noise.
            draw_baseline_from_distrib: not supported (raises).
            kwargs: passed to the wrapped method's ``attribute`` (target, baselines, n_steps, ...).
        """
        import glassnet

        who = "NoiseTunnel"
        if nt_type not in ("smoothgrad", "smoothgrad_sq", "vargrad"):
            raise ValueError(f"{who}: nt_type must be 'smoothgrad', 'smoothgrad_sq' or 'vargrad', got {nt_type!r}")
        if nt_samples < 1:
            raise ValueError(f"{who}: nt_samples must be >= 1, got {nt_samples}")
        if draw_baseline_from_distrib:
            raise NotImplementedError(f"{who}: draw_baseline_from_distrib is not supported")
        if kwargs.get("return_convergence_delta"):
            raise NotImplementedError(f"{who}: return_convergence_delta is not supported")
        x = _as_input(inputs, who).detach()
        n = x.shape[0]
        tgt = _target_index(kwargs.pop("target", None), n, who)
        extra = _extra_args(kwargs.pop("additional_forward_args", None))
        baselines = kwargs.pop("baselines", None)
        total = total_sq = None
        for part in _chunks(nt_samples, nt_samples_batch_size):
            k = part.stop - part.start
            # Example-major copies (each example's k noisy versions next to each other), as Captum expands them.
            noisy = x.repeat_interleave(k, 0)
            noisy = noisy + glassnet.randn(*noisy.shape, dtype=x.dtype) * stdevs
            call = dict(kwargs, target=None if tgt is None else (
                numpy.repeat(tgt, k) if isinstance(tgt, numpy.ndarray) else tgt))
            sub_extra = tuple(e.repeat_interleave(k, 0) if isinstance(e, Tensor) and e.ndim and e.shape[0] == n
                              else e for e in extra)
            if sub_extra:
                call["additional_forward_args"] = sub_extra
            if baselines is not None:
                b = baselines
                if isinstance(b, Tensor) and b.ndim == x.ndim and b.shape[0] == n:
                    b = b.repeat_interleave(k, 0)
                call["baselines"] = b
            attr = self.attribution_method.attribute(noisy, **call)
            attr = attr.reshape((n, k) + tuple(x.shape[1:]))
            s, s2 = attr.sum(1), (attr * attr).sum(1)
            total = s if total is None else total + s
            total_sq = s2 if total_sq is None else total_sq + s2
        mean = total / nt_samples
        if nt_type == "smoothgrad":
            return mean
        if nt_type == "smoothgrad_sq":
            return total_sq / nt_samples
        return total_sq / nt_samples - mean * mean


# ---- perturbation -------------------------------------------------------------------------------------


class Occlusion:
    """Occlusion (Zeiler and Fergus, 2014): slide a patch of baseline values over the input; a feature's
    attribution is the average drop of the target score over the windows that cover it.

    Args:
        forward_func: the model (or any callable) mapping a batch of inputs to scores.

    Example:
        >>> from glassnet.inspect import Occlusion
        >>> model = nn.Sequential(nn.Flatten(), nn.Linear(16, 2))
        >>> x = glassnet.randn(1, 1, 4, 4)
        >>> Occlusion(model).attribute(x, sliding_window_shapes=(1, 2, 2), target=0).shape
        glassnet.Size([1, 1, 4, 4])
    """

    def __init__(self, forward_func: Callable) -> None:
        self.forward_func = forward_func

    def attribute(self, inputs: Any, sliding_window_shapes: Sequence[int], strides: Any = None, baselines: Any = None,
                  target: Any = None, additional_forward_args: Any = None, perturbations_per_eval: int = 1,
                  show_progress: bool = False) -> Tensor:
        """Attributions shaped like ``inputs``.

        Args:
            inputs: a batch (N, ...).
            sliding_window_shapes: the patch's shape over the non-batch dims, e.g. (1, 3, 3) for (N, 1, H, W).
            strides: steps of the patch (an int for every dim, or one per dim; default 1).
            baselines: the value the patch holds: None (0), a number or a tensor broadcastable to ``inputs``.
            target: the class to explain: an int, or one per example.
            additional_forward_args: further arguments for ``forward_func``.
            perturbations_per_eval: occluded copies per forward pass (more is faster; the result is the same).
            show_progress: show a progress bar over the windows.
        """
        import glassnet

        who = "Occlusion"
        x = _as_input(inputs, who).detach()
        n, dims = x.shape[0], tuple(x.shape[1:])
        window = tuple(int(w) for w in (sliding_window_shapes if isinstance(sliding_window_shapes, Sequence)
                                        else (sliding_window_shapes,)))
        if len(window) != len(dims):
            raise ValueError(f"{who}: sliding_window_shapes {window} must have one entry per non-batch dim of the "
                             f"inputs {dims}")
        stride = (1,) * len(dims) if strides is None else (
            (int(strides),) * len(dims) if isinstance(strides, int) else tuple(int(s) for s in strides))
        if len(stride) != len(dims):
            raise ValueError(f"{who}: strides {stride} must have one entry per non-batch dim of the inputs {dims}")
        for d, w, s in zip(dims, window, stride):
            if w > d or w < 1:
                raise ValueError(f"{who}: sliding window {window} does not fit the inputs' dims {dims}")
            if d > w and s > w:
                raise ValueError(f"{who}: stride {stride} cannot be larger than the sliding window {window}")
        tgt = _target_index(target, n, who)
        extra = _extra_args(additional_forward_args)
        base = _baseline_like(baselines, x, who).detach()
        # Window starts as Captum takes them: ceil((d - w) / s) + 1 per dim; the last may run past the edge.
        starts = [[k * s for k in range(int(numpy.ceil((d - w) / s)) + 1)] for d, w, s in zip(dims, window, stride)]
        grid = numpy.stack(numpy.meshgrid(*starts, indexing="ij"), -1).reshape(-1, len(dims))

        def masks(corners: numpy.ndarray) -> numpy.ndarray:
            # Built per batch of windows: all windows' masks at once would be (windows x input size) booleans.
            m = numpy.zeros((len(corners),) + dims, dtype=bool)
            for i, corner in enumerate(corners):
                m[(i, *(slice(c, c + w) for c, w in zip(corner, window)))] = True
            return m

        with glassnet.no_grad():
            start = _forward_scores(self.forward_func, x, tgt, extra, who).numpy()
            xa, ba = x.numpy(), base.numpy()
            total = numpy.zeros((n,) + dims, dtype=numpy.float64)
            counts = numpy.zeros(dims, dtype=numpy.float64)
            batches = _chunks(len(grid), max(1, int(perturbations_per_eval)))
            if show_progress:
                from tqdm.auto import tqdm

                batches = tqdm(batches, desc="Occlusion", unit="batch", leave=False, disable=len(batches) < 10)
            for part in batches:
                m = masks(grid[part])  # (k, *dims)
                k = len(m)
                occluded = numpy.where(m[:, None], ba[None], xa[None]).reshape((k * n,) + dims)  # window-major
                scores = _forward_scores(self.forward_func, glassnet.from_numpy(occluded.astype(xa.dtype)),
                                         _repeat_target(tgt, k), _repeat_extra(extra, n, k), who)
                drop = (start[None, :] - scores.numpy().reshape(k, n)).astype(numpy.float64)
                total += numpy.einsum("kn,k...->n...", drop, m.astype(numpy.float64))
                counts += m.sum(0)
        return glassnet.from_numpy((total / counts).astype(xa.dtype))


# ---- layer methods ----------------------------------------------------------------------------------------


class LayerGradCam:
    """Grad-CAM (Selvaraju et al., 2017): a conv layer's channels weighted by their mean gradient, summed.

    The map has the layer's spatial size; ``LayerGradCam.interpolate`` upsamples it to the input's.
    Captum's default keeps negative values (``relu_attributions=False``); the paper applies a ReLU.

    Args:
        forward_func: the model (or any callable) mapping a batch of inputs to scores.
        layer: the layer (a Module of the model), or its dotted name such as ``'features.3'``.

    Example:
        >>> from glassnet.inspect import LayerGradCam
        >>> model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(64, 3))
        >>> cam = LayerGradCam(model, "1").attribute(glassnet.randn(2, 1, 4, 4), target=0)
        >>> cam.shape, LayerGradCam.interpolate(cam, (8, 8)).shape
        (glassnet.Size([2, 1, 4, 4]), glassnet.Size([2, 1, 8, 8]))
    """

    def __init__(self, forward_func: Callable, layer: Any, device_ids: Any = None) -> None:
        self.forward_func = forward_func
        self.layer = _resolve_layer(forward_func, layer, "LayerGradCam")

    def attribute(self, inputs: Any, target: Any = None, additional_forward_args: Any = None,
                  attribute_to_layer_input: bool = False, relu_attributions: bool = False,
                  attr_dim_summation: bool = True) -> Tensor:
        """The class activation map, (N, 1, *layer spatial dims) (or per channel without ``attr_dim_summation``).

        Args:
            inputs: a batch (N, ...).
            target: the class to explain: an int, or one per example.
            additional_forward_args: further arguments for ``forward_func``.
            attribute_to_layer_input: use the layer's input instead of its output.
            relu_attributions: keep only the positive evidence (the paper's ReLU).
            attr_dim_summation: sum over channels (False keeps one map per channel).
        """
        import glassnet

        who = "LayerGradCam"
        x = _as_input(inputs, who).detach()
        tgt = _target_index(target, x.shape[0], who)
        with glassnet.enable_grad(), _FrozenParams(self.forward_func), _LayerTap(self.layer,
                                                                                 attribute_to_layer_input) as tap:
            scores = _forward_scores(self.forward_func, x, tgt, _extra_args(additional_forward_args), who)
            if tap.value is None:
                raise RuntimeError(f"{who}: the layer {type(self.layer).__name__} was not called by the forward pass")
            act = tap.value
            (grad,) = autograd.grad(scores.sum(), act)
        act = act.detach()
        weights = grad.mean(dim=tuple(range(2, grad.ndim)), keepdim=True) if grad.ndim > 2 else grad
        cam = (weights * act).sum(1, keepdim=True) if attr_dim_summation else weights * act
        return cam.relu() if relu_attributions else cam

    @staticmethod
    def interpolate(layer_attribution: Tensor, interpolate_dims: Any, interpolate_mode: str = "nearest") -> Tensor:
        """Resize a (N, C, ...) layer attribution to ``interpolate_dims`` (the input's spatial size), as Captum."""
        from ..nn import functional as F

        return F.interpolate(layer_attribution, size=interpolate_dims, mode=interpolate_mode)


class LayerIntegratedGradients:
    """Integrated gradients of a layer's output, e.g. an Embedding's: the way to attribute to tokens of text.

    The path runs between the layer's outputs for the baseline and for the input (for token ids the
    baseline is usually a padding id), so the inputs themselves may be integers.

    Args:
        forward_func: the model (or any callable) mapping a batch of inputs to scores.
        layer: the layer (a Module of the model) or its dotted name, e.g. the ``nn.Embedding``.
        multiply_by_inputs: multiply by (layer output - baseline's layer output) (default).

    Example:
        >>> from glassnet.inspect import LayerIntegratedGradients, token_attributions
        >>> class Bag(nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.emb, self.fc = nn.Embedding(10, 4), nn.Linear(4, 2)
        ...     def forward(self, ids):
        ...         return self.fc(self.emb(ids).mean(1))
        >>> model = Bag()
        >>> ids = glassnet.tensor([[1, 5, 7]])
        >>> attr, delta = LayerIntegratedGradients(model, model.emb).attribute(
        ...     ids, baselines=0, target=1, return_convergence_delta=True)
        >>> token_attributions(attr).shape, bool(delta.abs().max() < 1e-4)
        (glassnet.Size([1, 3]), True)
    """

    def __init__(self, forward_func: Callable, layer: Any, device_ids: Any = None,
                 multiply_by_inputs: bool = True) -> None:
        self.forward_func = forward_func
        self.layer = _resolve_layer(forward_func, layer, "LayerIntegratedGradients")
        self.multiply_by_inputs = multiply_by_inputs

    def _layer_value(self, x: Tensor, extra: tuple, to_input: bool) -> Tensor:
        import glassnet

        with glassnet.no_grad(), _LayerTap(self.layer, to_input) as tap:
            self.forward_func(x, *extra)
        if tap.value is None:
            raise RuntimeError(f"LayerIntegratedGradients: the layer {type(self.layer).__name__} was not called")
        return tap.value.detach()

    def attribute(self, inputs: Any, baselines: Any = None, target: Any = None, additional_forward_args: Any = None,
                  n_steps: int = 50, method: str = "gausslegendre", internal_batch_size: int | None = None,
                  return_convergence_delta: bool = False, attribute_to_layer_input: bool = False) -> Any:
        """Attributions shaped like the layer's output (and the convergence delta when asked).

        Args:
            inputs: a batch (N, ...) of model inputs (token ids for a text model).
            baselines: the baseline inputs: None (zeros), a number (e.g. the padding id) or a tensor.
            target: the class to explain: an int, or one per example.
            additional_forward_args: further arguments for ``forward_func``.
            n_steps: points on the path.
            method: 'gausslegendre' (Captum's default) or riemann_left/right/middle/trapezoid.
            internal_batch_size: evaluate the path in chunks of this many rows (None: all at once).
            return_convergence_delta: also return sum(attributions) - (f(inputs) - f(baselines)) per example.
            attribute_to_layer_input: integrate over the layer's input instead of its output.
        """
        import glassnet

        who = "LayerIntegratedGradients"
        x = _as_input(inputs, who).detach()
        n = x.shape[0]
        base = _baseline_like(baselines, x, who).to(x.dtype)
        tgt = _target_index(target, n, who)
        extra = _extra_args(additional_forward_args)
        step_sizes, alphas = _approximation(method, n_steps, who)
        a_x = self._layer_value(x, extra, attribute_to_layer_input)
        a_b = self._layer_value(base, extra, attribute_to_layer_input)
        diff = a_x - a_b
        steps = len(alphas)
        al = glassnet.as_tensor(alphas.astype(numpy.float32)).to(a_x.dtype).reshape((steps,) + (1,) * a_x.ndim)
        path = (a_b.unsqueeze(0) + al * diff.unsqueeze(0)).reshape((steps * n,) + tuple(a_x.shape[1:]))
        xs = x.repeat(steps, *([1] * (x.ndim - 1)))
        all_tgt, all_extra = _repeat_target(tgt, steps), _repeat_extra(extra, n, steps)
        grads = []
        for part in _chunks(steps * n, internal_batch_size):
            sub_tgt = all_tgt[part] if isinstance(all_tgt, numpy.ndarray) else all_tgt
            sub_extra = tuple(e[part] if isinstance(e, Tensor) and e.ndim and e.shape[0] == steps * n else e
                              for e in all_extra)
            point = path[part].detach().requires_grad_()
            with glassnet.enable_grad(), _FrozenParams(self.forward_func), _LayerTap(
                    self.layer, attribute_to_layer_input, replace=point):
                scores = _forward_scores(self.forward_func, xs[part], sub_tgt, sub_extra, who)
                (g,) = autograd.grad(scores.sum(), point)
            grads.append(g)
        g = (grads[0] if len(grads) == 1 else glassnet.cat(grads)).reshape((steps,) + tuple(a_x.shape))
        w = glassnet.as_tensor(step_sizes.astype(numpy.float32)).to(a_x.dtype).reshape((steps,) + (1,) * a_x.ndim)
        total = (g * w).sum(0)
        attr = total * diff if self.multiply_by_inputs else total
        if not return_convergence_delta:
            return attr
        with glassnet.no_grad():
            ends = _forward_scores(self.forward_func, glassnet.cat([x, base]), _repeat_target(tgt, 2),
                                   _repeat_extra(extra, n, 2), who)
        return attr, _per_example_sum(total * diff) - (ends[:n] - ends[n:])


def token_attributions(attributions: Tensor, normalize: bool = False) -> Tensor:
    """One number per token: a (N, T, E) embedding attribution summed over the embedding dim.

    Args:
        attributions: LayerIntegratedGradients' result on an Embedding layer, (N, T, E).
        normalize: divide each example's scores by their L2 norm (as Captum's tutorials show them).

    Example:
        >>> from glassnet.inspect import token_attributions
        >>> token_attributions(glassnet.ones(1, 3, 4))
        tensor([[4., 4., 4.]])
    """
    if attributions.ndim < 2:
        raise ValueError(f"token_attributions: expected (N, T, E) attributions, got shape {tuple(attributions.shape)}")
    per_token = attributions.sum(-1)
    if normalize:
        norm = (per_token * per_token).sum(-1, keepdim=True).sqrt()
        per_token = per_token / (norm + (norm == 0).to(norm.dtype))
    return per_token
