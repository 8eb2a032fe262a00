"""Attributions for one prediction: which input features pushed the model's score for a class up or down.

Captum's names, arguments and semantics, computed with glassnet's own autograd: the gradient methods
here (Saliency, InputXGradient, IntegratedGradients, NoiseTunnel), Occlusion in occlusion.py, and
LayerGradCam and LayerIntegratedGradients in layer_attribution.py. Each ``attribute`` returns tensors
as Captum does; ``explain`` (explanation.py) wraps one method and returns an ``AttributionResult``
that draws itself (a PNG in Jupyter, or a file).

Integrated gradients evaluate all ``n_steps`` points of the path in one batched forward and one backward
pass (``internal_batch_size`` splits the batch when memory is short).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy

from ..tensor import Tensor
from .attribution_utils import (
    _approximation,
    _as_input,
    _baseline_like,
    _chunks,
    _extra_args,
    _forward_scores,
    _input_gradients,
    _per_example_sum,
    _repeat_extra,
    _repeat_target,
    _target_index,
)


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
