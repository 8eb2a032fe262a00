"""Adadelta: an adaptive learning rate from running averages of squared gradients and updates (Zeiler, 2012)."""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from .optimizer import Optimizer, _check_hyperparameters


class Adadelta(Optimizer):
    """Implements the Adadelta algorithm.

    The rule, as in PyTorch::

        g <- -g                                          if maximize
        g <- g + weight_decay * p                        if weight_decay != 0
        s <- rho * s + (1 - rho) * g * g                 running mean of squared gradients
        delta <- sqrt(u + eps) / sqrt(s + eps) * g       u: running mean of squared updates
        u <- rho * u + (1 - rho) * delta * delta
        p <- p - lr * delta

    ``lr`` scales the update; ``1.0`` is the rule of the paper.

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the coefficient that scales delta before it is applied. Default: ``1.0``.
        rho (float, optional): the coefficient of the running averages. Default: ``0.9``.
        eps (float, optional): added for numerical stability. Default: ``1e-6``.
        weight_decay (float, optional): weight decay (L2 penalty). Default: ``0``.
        foreach (bool, optional): accepted for PyTorch compatibility and unused. Default: ``None``.
        capturable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.
        differentiable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.Adadelta([w])
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        Parameter containing:
        tensor([ 0.9968, -1.9968], requires_grad=True)
    """

    _load_defaults = {"maximize": False}

    def __init__(self, params: Any, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0, foreach: bool | None = None, *, capturable: bool = False,
                 maximize: bool = False, differentiable: bool = False) -> None:
        _check_hyperparameters(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay)
        # foreach / capturable / differentiable select PyTorch kernels; one NumPy path serves them all
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                        capturable=capturable, foreach=foreach, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        rho, eps = group["rho"], group["eps"]
        if not state:
            state["step"] = 0
            state["square_avg"] = self._zeros_like(param)
            state["acc_delta"] = self._zeros_like(param)
        state["step"] += 1

        g = self._effective_grad(param, grad, group["weight_decay"], group["maximize"])
        square_avg, acc_delta = state["square_avg"]._data, state["acc_delta"]._data
        tmp, delta = self._buffer(param, 1), self._buffer(param, 2)
        square_avg *= rho
        square_avg += xp.multiply(xp.multiply(g, g, out=tmp), 1 - rho, out=tmp)
        std = xp.sqrt(xp.add(square_avg, eps, out=tmp), out=tmp)
        xp.sqrt(xp.add(acc_delta, eps, out=delta), out=delta)
        delta /= std
        delta *= g
        acc_delta *= rho
        acc_delta += xp.multiply(xp.multiply(delta, delta, out=tmp), 1 - rho, out=tmp)
        param += xp.multiply(delta, -group["lr"], out=delta)
