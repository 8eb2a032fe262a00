"""Adagrad: per-coordinate learning rates from the sum of all past squared gradients (Duchi et al., 2011)."""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from .optimizer import Optimizer, _check_hyperparameters


class Adagrad(Optimizer):
    """Implements the Adagrad algorithm.

    The rule, as in PyTorch (t counts this parameter's steps)::

        g <- -g                                   if maximize
        g <- g + weight_decay * p                 if weight_decay != 0
        clr <- lr / (1 + (t - 1) * lr_decay)
        s <- s + g * g                            s starts at initial_accumulator_value
        p <- p - clr * g / (sqrt(s) + eps)

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the learning rate. Default: ``1e-2``.
        lr_decay (float, optional): the learning rate decay. Default: ``0``.
        weight_decay (float, optional): weight decay (L2 penalty). Default: ``0``.
        initial_accumulator_value (float, optional): the initial value of the sum of squared
            gradients. Default: ``0``.
        eps (float, optional): added to the denominator for numerical stability. Default: ``1e-10``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.Adagrad([w], lr=0.1)
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        Parameter containing:
        tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    _load_defaults = {"maximize": False}

    def __init__(self, params: Any, lr: float = 1e-2, lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10, *,
                 maximize: bool = False) -> None:
        _check_hyperparameters(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                               initial_accumulator_value=initial_accumulator_value, eps=eps)
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, maximize=maximize)
        super().__init__(params, defaults)
        # PyTorch creates Adagrad's state up front, so a fresh state_dict already lists every parameter.
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p._data, self.state[p], group)

    def _init_state(self, param: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        state["step"] = 0
        state["sum"] = self._zeros_like(param, group["initial_accumulator_value"])

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        if not state:  # parameters from a group added after construction
            self._init_state(param, state, group)
        state["step"] += 1
        g = self._effective_grad(param, grad, group["weight_decay"], group["maximize"])
        clr = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])

        tmp = self._buffer(param, 1)
        total = state["sum"]._data
        total += xp.multiply(g, g, out=tmp)
        std = xp.sqrt(total, out=tmp)
        std += group["eps"]
        update = xp.divide(g, std, out=tmp)
        update *= -clr
        param += update
