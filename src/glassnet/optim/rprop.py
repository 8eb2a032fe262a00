"""Rprop: resilient backpropagation, a per-weight step size driven only by the gradient's sign (Riedmiller, 1993)."""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from .optimizer import Optimizer, _check_hyperparameters


class Rprop(Optimizer):
    """Implements the resilient backpropagation algorithm (Rprop).

    The rule, as in PyTorch (etas = (eta_minus, eta_plus), step_sizes = (smallest, largest))::

        g <- -g                                          if maximize
        s = sign(g * g_prev)
        step <- clamp(step * (eta_plus if s > 0, eta_minus if s < 0, 1 if s == 0), smallest, largest)
        g <- 0 where s < 0                               (a sign flip skips this update...)
        p <- p - sign(g) * step
        g_prev <- g                                      (...and the next comparison)

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the initial step size of every weight. Default: ``1e-2``.
        etas (tuple of float, optional): ``(eta_minus, eta_plus)``, the factors that shrink and grow
            the step size. Default: ``(0.5, 1.2)``.
        step_sizes (tuple of float, optional): the smallest and largest step size. Default: ``(1e-6, 50)``.
        capturable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.
        foreach (bool, optional): accepted for PyTorch compatibility and unused. Default: ``None``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.
        differentiable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.Rprop([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        Parameter containing:
        tensor([ 0.7800, -1.7800], requires_grad=True)
    """

    _load_defaults = {"maximize": False}

    def __init__(self, params: Any, lr: float = 1e-2, etas: tuple[float, float] = (0.5, 1.2),
                 step_sizes: tuple[float, float] = (1e-6, 50), *, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False, differentiable: bool = False) -> None:
        _check_hyperparameters(lr=lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = dict(lr=lr, etas=tuple(etas), step_sizes=tuple(step_sizes), foreach=foreach, maximize=maximize,
                        differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def _on_load(self) -> None:
        super()._on_load()
        for group in self.param_groups:
            group["etas"] = tuple(group["etas"])  # a JSON round trip turns tuples into lists
            group["step_sizes"] = tuple(group["step_sizes"])

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        eta_minus, eta_plus = group["etas"]
        smallest, largest = group["step_sizes"]
        if not state:
            state["step"] = 0
            state["prev"] = self._zeros_like(param)
            state["step_size"] = self._zeros_like(param, fill=group["lr"])
        state["step"] += 1

        g = self._effective_grad(param, grad, 0, group["maximize"])
        prev, step_size = state["prev"]._data, state["step_size"]._data
        sign = xp.sign(xp.multiply(g, prev, out=self._buffer(param, 1)))
        factor = xp.where(sign > 0, eta_plus, xp.where(sign < 0, eta_minus, 1.0)).astype(param.dtype)
        step_size *= factor
        xp.clip(step_size, smallest, largest, out=step_size)
        xp.copyto(prev, g)
        prev[sign < 0] = 0
        param -= xp.multiply(xp.sign(prev, out=sign), step_size, out=sign)
