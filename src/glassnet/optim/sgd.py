"""SGD: stochastic gradient descent, optionally with (Nesterov) momentum and L2 weight decay.

The rule, as in PyTorch (g = gradient, b = momentum buffer, mu = momentum, tau = dampening)::

    g <- -g                       if maximize
    g <- g + weight_decay * p     if weight_decay != 0
    b <- g  (first step),  b <- mu * b + (1 - tau) * g  (later steps)     if mu != 0
    g <- g + mu * b  if nesterov else  b                                    if mu != 0
    p <- p - lr * g
"""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from ..tensor import Tensor
from .optimizer import Optimizer


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay."""

    _load_defaults = {"nesterov": False, "maximize": False}

    def __init__(self, params: Any, lr: float = 1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False) -> None:
        # torch's SGD checks "x < 0", so unlike the other optimizers it lets NaN through
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize)
        super().__init__(params, defaults)

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        lr, momentum = group["lr"], group["momentum"]
        g = self._effective_grad(param, grad, group["weight_decay"], group["maximize"])
        work = self._buffer(param, 0)  # may be the same array as g: every use below allows that
        if momentum != 0:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = Tensor._wrap(g.copy())
            else:
                b = buf._data
                b *= momentum
                dampening = group["dampening"]
                if dampening == 0:
                    b += g
                else:
                    b += xp.multiply(g, 1 - dampening, out=work)
            if group["nesterov"]:
                # g + momentum * b; built in `work` (g may already live there, so scale b separately)
                if g is work:
                    work += momentum * buf._data
                else:
                    xp.multiply(buf._data, momentum, out=work)
                    work += g
                g = work
            else:
                g = buf._data
        param += xp.multiply(g, -lr, out=work)
