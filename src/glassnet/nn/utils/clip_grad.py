"""Gradient clipping: by global norm (``clip_grad_norm_``) and by value (``clip_grad_value_``)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from ...tensor import Tensor


def _params(parameters: Any) -> list:
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [p for p in parameters if p.grad is not None]


def clip_grad_norm_(parameters: Iterable[Tensor] | Tensor, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False, foreach: Any = None) -> Tensor:
    """Clips the gradient norm of an iterable of parameters.

    The norm is computed over the gradients of all parameters together, as if they were
    concatenated into a single vector; if it exceeds ``max_norm`` every gradient is scaled, in
    place, by ``max_norm / (total_norm + 1e-6)``.

    Args:
        parameters (iterable of Tensor or Tensor): the tensors whose gradients are clipped
            (those without a gradient are skipped).
        max_norm (float): the maximal norm of the gradients.
        norm_type (float, optional): the type of the p-norm; ``inf`` for the infinity norm. Default: ``2.0``.
        error_if_nonfinite (bool, optional): raise an error if the total norm is ``nan``, ``inf`` or
            ``-inf``. Default: ``False``.
        foreach (bool, optional): accepted for PyTorch compatibility and unused. Default: ``None``.

    Returns:
        Tensor: the total norm of the gradients before clipping (viewed as a single vector).

    Example:
        >>> w = nn.Parameter(glassnet.zeros(2))
        >>> w.grad = glassnet.tensor([3.0, 4.0])
        >>> nn.utils.clip_grad_norm_([w], max_norm=1.0)
        tensor(5.)
        >>> w.grad
        tensor([0.6000, 0.8000])
    """
    params = _params(parameters)
    norm_type = float(norm_type)
    if not params:
        return Tensor(0.0)
    grads = [p.grad._data for p in params]
    xp = params[0].grad.xp
    if norm_type == math.inf:
        total = max(float(xp.abs(g).max()) if g.size else 0.0 for g in grads)
    else:
        total = sum(float((xp.abs(g.astype(xp.float64)) ** norm_type).sum()) for g in grads)
        total = total ** (1.0 / norm_type)
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so it "
            "cannot be clipped. To disable this error and scale the gradients by the non-finite norm "
            "anyway, set "
            "`error_if_nonfinite=False`"
        )
    coef = min(max_norm / (total + 1e-6), 1.0)  # PyTorch's epsilon and clamp
    if coef < 1.0 or not math.isfinite(total):
        for p in params:
            p.grad._data *= coef
            p.grad._version += 1
    return Tensor(total)


def clip_grad_value_(parameters: Iterable[Tensor] | Tensor, clip_value: float, foreach: Any = None) -> None:
    """Clips the gradients of an iterable of parameters at the specified value, in place.

    Every gradient element is clamped into ``[-clip_value, clip_value]``.

    Args:
        parameters (iterable of Tensor or Tensor): the tensors whose gradients are clipped.
        clip_value (float): the maximum allowed absolute value of the gradients.
        foreach (bool, optional): accepted for PyTorch compatibility and unused. Default: ``None``.

    Example:
        >>> w = nn.Parameter(glassnet.zeros(3))
        >>> w.grad = glassnet.tensor([-2.0, 0.5, 3.0])
        >>> nn.utils.clip_grad_value_([w], clip_value=1.0)
        >>> w.grad
        tensor([-1.0000,  0.5000,  1.0000])
    """
    clip_value = float(clip_value)
    for p in _params(parameters):
        xp = p.grad.xp
        xp.clip(p.grad._data, -clip_value, clip_value, out=p.grad._data)
        p.grad._version += 1
