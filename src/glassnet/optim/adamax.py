"""Adamax: Adam with the infinity norm in place of the second moment (Kingma & Ba, 2015, section 7)."""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from .optimizer import Optimizer, _check_hyperparameters


class Adamax(Optimizer):
    """Implements the Adamax algorithm (a variant of Adam based on the infinity norm).

    The rule, as in PyTorch (t counts this parameter's steps)::

        g <- -g                                          if maximize
        g <- g + weight_decay * p                        if weight_decay != 0
        m <- m + (1 - beta1) * (g - m)                   first moment (a lerp toward g)
        u <- max(beta2 * u, |g| + eps)                   exponentially weighted infinity norm
        p <- p - lr / (1 - beta1^t) * m / u

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the learning rate. Default: ``2e-3``.
        betas (tuple of float, optional): the coefficients of the running average of the gradient
            and of the infinity norm. Default: ``(0.9, 0.999)``.
        eps (float, optional): added to the denominator for numerical stability. Default: ``1e-8``.
        weight_decay (float, optional): weight decay (L2 penalty). Default: ``0``.
        foreach (bool, optional): accepted for PyTorch compatibility and unused. Default: ``None``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.
        differentiable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.
        capturable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.Adamax([w], lr=0.1)
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        Parameter containing:
        tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    _load_defaults = {"maximize": False}

    def __init__(self, params: Any, lr: float = 2e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, foreach: bool | None = None, *,
                 maximize: bool = False, differentiable: bool = False, capturable: bool = False) -> None:
        _check_hyperparameters(lr=lr, eps=eps, betas=betas, weight_decay=weight_decay)
        defaults = dict(lr=lr, betas=(float(betas[0]), float(betas[1])), eps=eps, weight_decay=weight_decay,
                        foreach=foreach, maximize=maximize, differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        beta1, beta2 = group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = self._zeros_like(param)
            state["exp_inf"] = self._zeros_like(param)
        state["step"] += 1

        g = self._effective_grad(param, grad, group["weight_decay"], group["maximize"])
        exp_avg, exp_inf = state["exp_avg"]._data, state["exp_inf"]._data
        tmp = self._buffer(param, 1)
        exp_avg += xp.multiply(xp.subtract(g, exp_avg, out=tmp), 1 - beta1, out=tmp)
        exp_inf *= beta2
        xp.maximum(exp_inf, xp.add(xp.abs(g, out=tmp), group["eps"], out=tmp), out=exp_inf)
        step_size = group["lr"] / (1 - beta1 ** state["step"])
        param += xp.multiply(xp.divide(exp_avg, exp_inf, out=tmp), -step_size, out=tmp)
