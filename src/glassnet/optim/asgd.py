"""ASGD: averaged stochastic gradient descent (Polyak & Juditsky, 1992), with a decaying step size."""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from .optimizer import Optimizer, _check_hyperparameters


class ASGD(Optimizer):
    """Implements averaged stochastic gradient descent.

    The rule, as in PyTorch (t counts this parameter's steps; eta and mu start at lr and 1)::

        g <- -g                                          if maximize
        g <- g + weight_decay * p                        if weight_decay != 0
        p <- p * (1 - lambd * eta) - eta * g
        ax <- ax + mu * (p - ax)   (ax <- p while mu == 1)    the running average of the iterates
        eta <- lr / (1 + lambd * lr * t)^alpha
        mu <- 1 / max(1, t - t0)                         averaging starts after t0 steps

    The averaged parameters are in ``optimizer.state[p]['ax']``.

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the learning rate. Default: ``1e-2``.
        lambd (float, optional): the decay term. Default: ``1e-4``.
        alpha (float, optional): the power of the eta update. Default: ``0.75``.
        t0 (float, optional): the step at which averaging starts. Default: ``1e6``.
        weight_decay (float, optional): weight decay (L2 penalty). Default: ``0``.
        foreach (bool, optional): accepted for PyTorch compatibility and unused. Default: ``None``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.
        differentiable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.
        capturable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.ASGD([w], lr=0.1, t0=0)
        >>> for _ in range(3):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        Parameter containing:
        tensor([ 0.5120, -1.0240], requires_grad=True)
        >>> opt.state[w]['ax']
        tensor([ 0.5760, -1.1520])
    """

    _load_defaults = {"maximize": False}

    _scalar_state = ("step", "eta", "mu")

    def __init__(self, params: Any, lr: float = 1e-2, lambd: float = 1e-4, alpha: float = 0.75, t0: float = 1e6,
                 weight_decay: float = 0, foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False) -> None:
        _check_hyperparameters(lr=lr, weight_decay=weight_decay)
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        lr, lambd = group["lr"], group["lambd"]
        if not state:
            state["step"] = 0
            state["eta"] = float(lr)
            state["mu"] = 1.0
            state["ax"] = self._zeros_like(param)
        state["step"] += 1
        step, eta, mu = state["step"], state["eta"], state["mu"]

        g = self._effective_grad(param, grad, group["weight_decay"], group["maximize"])
        tmp = self._buffer(param, 1)
        param *= 1 - lambd * eta
        param += xp.multiply(g, -eta, out=tmp)
        ax = state["ax"]._data
        if mu != 1:
            ax += xp.multiply(xp.subtract(param, ax, out=tmp), mu, out=tmp)
        else:
            xp.copyto(ax, param)
        state["eta"] = lr / ((1 + lambd * lr * step) ** group["alpha"])
        state["mu"] = 1 / max(1, step - group["t0"])
