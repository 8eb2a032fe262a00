"""Attributions to a layer: Grad-CAM for conv layers, integrated gradients of a layer (an Embedding for text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy

from .. import autograd
from ..tensor import Tensor
from .attribution_utils import (
    _approximation,
    _as_input,
    _baseline_like,
    _chunks,
    _extra_args,
    _forward_scores,
    _FrozenParams,
    _LayerTap,
    _per_example_sum,
    _repeat_extra,
    _repeat_target,
    _resolve_layer,
    _target_index,
)


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
