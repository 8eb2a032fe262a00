"""RMSprop: divide the gradient by a running root-mean-square of recent gradients (Hinton, 2012)."""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from .optimizer import Optimizer, _check_hyperparameters


class RMSprop(Optimizer):
    """Implements the RMSprop algorithm.

    The rule, as in PyTorch::

        g <- -g                                       if maximize
        g <- g + weight_decay * p                     if weight_decay != 0
        s <- alpha * s + (1 - alpha) * g * g          running mean of squares
        a <- a + (1 - alpha) * (g - a)                running mean (centered only)
        avg <- sqrt(s - a * a) if centered else sqrt(s);  avg <- avg + eps
        b <- momentum * b + g / avg;  p <- p - lr * b     if momentum > 0
        p <- p - lr * g / avg                             otherwise

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the learning rate. Default: ``1e-2``.
        alpha (float, optional): the smoothing constant of the running mean of squares. Default: ``0.99``.
        eps (float, optional): added to the denominator for numerical stability. Default: ``1e-8``.
        weight_decay (float, optional): weight decay (L2 penalty). Default: ``0``.
        momentum (float, optional): the momentum factor. Default: ``0``.
        centered (bool, optional): normalize by an estimate of the gradient's variance instead of
            its second moment. Default: ``False``.
        capturable (bool, optional): accepted for PyTorch compatibility (it selects PyTorch kernels);
            glassnet has one NumPy implementation. Default: ``False``.
        foreach (bool, optional): accepted for PyTorch compatibility and unused. Default: ``None``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.
        differentiable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.RMSprop([w], lr=0.01)
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        Parameter containing:
        tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    _load_defaults = {"momentum": 0, "centered": False, "maximize": False}

    def __init__(self, params: Any, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False, differentiable: bool = False) -> None:
        # capturable / foreach / differentiable select PyTorch kernels: taken (in torch's positions) and unused
        _check_hyperparameters(lr=lr, eps=eps, momentum=momentum, weight_decay=weight_decay, alpha=alpha)
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                        weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        alpha, momentum = group["alpha"], group["momentum"]
        if not state:
            state["step"] = 0
            state["square_avg"] = self._zeros_like(param)
            if momentum > 0:
                state["momentum_buffer"] = self._zeros_like(param)
            if group["centered"]:
                state["grad_avg"] = self._zeros_like(param)
        state["step"] += 1

        g = self._effective_grad(param, grad, group["weight_decay"], group["maximize"])
        tmp = self._buffer(param, 1)
        square_avg = state["square_avg"]._data
        square_avg *= alpha
        square_avg += xp.multiply(xp.multiply(g, g, out=tmp), 1 - alpha, out=tmp)
        if group["centered"]:
            grad_avg = state["grad_avg"]._data
            grad_avg += xp.multiply(xp.subtract(g, grad_avg, out=tmp), 1 - alpha, out=tmp)
            avg = xp.subtract(square_avg, xp.multiply(grad_avg, grad_avg, out=tmp), out=tmp)
            avg = xp.sqrt(avg, out=tmp)
        else:
            avg = xp.sqrt(square_avg, out=tmp)
        avg += group["eps"]

        scaled = xp.divide(g, avg, out=tmp)
        if momentum > 0:
            buf = state["momentum_buffer"]._data
            buf *= momentum
            buf += scaled
            scaled = xp.multiply(buf, -group["lr"], out=tmp)
        else:
            scaled *= -group["lr"]
        param += scaled
