"""SGD: stochastic gradient descent, optionally with (Nesterov) momentum and L2 weight decay."""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from ..tensor import Tensor
from .optimizer import Optimizer


class SGD(Optimizer):
    """Implements stochastic gradient descent (optionally with momentum).

    The rule, as in PyTorch (g = gradient, b = momentum buffer, mu = momentum, tau = dampening)::

        g <- -g                       if maximize
        g <- g + weight_decay * p     if weight_decay != 0
        b <- g  (first step),  b <- mu * b + (1 - tau) * g  (later steps)     if mu != 0
        g <- g + mu * b  if nesterov else  b                                    if mu != 0
        p <- p - lr * g

    Nesterov momentum follows Sutskever et al. (2013), in PyTorch's form: the momentum buffer holds
    the velocity and the step uses ``g + momentum * b``.

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the learning rate. Default: ``1e-3``.
        momentum (float, optional): the momentum factor. Default: ``0``.
        dampening (float, optional): the dampening of momentum. Default: ``0``.
        weight_decay (float, optional): weight decay (L2 penalty). Default: ``0``.
        nesterov (bool, optional): use Nesterov momentum (needs a momentum and zero dampening).
            Default: ``False``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.SGD([w], lr=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        Parameter containing:
        tensor([ 0.4600, -0.9200], requires_grad=True)
    """

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
