"""Adafactor: Adam-like steps from a factored second moment, O(rows + cols) memory per matrix
(Shazeer & Stern, 2018)."""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from ..tensor import Tensor
from .optimizer import Optimizer, _lerp


class Adafactor(Optimizer):
    """Implements the Adafactor algorithm.

    The rule, as in PyTorch (t counts this parameter's steps; eps1 defaults to the dtype's machine epsilon)::

        g <- -g                                                  if maximize
        w = t^beta2_decay                                        (1 - beta2_t: 1 at t=1, then decaying)
        rho = min(lr, 1 / sqrt(t))                               relative step size
        alpha = max(eps2, RMS(p)) * rho                          step size, relative to the parameter's scale
        p <- p * (1 - lr * weight_decay)                         decoupled weight decay
        if p has 2+ dims (factored over the last two):
            R <- lerp(R, mean(g*g, dim=-1), w)                   row factor,    shape [..., m, 1]
            C <- lerp(C, mean(g*g, dim=-2), w)                   column factor, shape [..., 1, n]
            V = R @ C / max(mean(R, dim=-2), eps1)               rank-1 estimate of the second moment
        else:
            V <- lerp(V, g*g, w)                                 the full second moment (vectors are cheap)
        U = g / sqrt(max(V, eps1^2))
        p <- p - alpha * U / max(1, RMS(U) / d)                  update clipping at threshold d

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the upper bound of the relative step size. Default: ``1e-2``.
        beta2_decay (float, optional): the decay exponent of the second-moment weight. Default: ``-0.8``.
        eps (tuple of float, optional): ``(eps1, eps2)``: eps1 guards the second moment (``None``
            means the dtype's machine epsilon), eps2 bounds the parameter scale below.
            Default: ``(None, 1e-3)``.
        d (float, optional): the clipping threshold of the update's RMS. Default: ``1.0``.
        weight_decay (float, optional): the decoupled weight decay coefficient. Default: ``0.0``.
        foreach (bool, optional): accepted for PyTorch compatibility and unused. Default: ``None``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([[1.0, -2.0], [0.5, 3.0]]))
        >>> opt = optim.Adafactor([w], lr=0.1)
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        Parameter containing:
        tensor([[ 0.7322, -1.8339],
                [ 0.4016,  2.8169]], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float = 1e-2, beta2_decay: float = -0.8,
                 eps: tuple[float | None, float] = (None, 1e-3), d: float = 1.0, weight_decay: float = 0.0, *,
                 foreach: bool | None = None, maximize: bool = False) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 >= beta2_decay:
            raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
        if eps[0] is not None and not 0.0 <= eps[0]:
            raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
        if not 0.0 <= eps[1]:
            raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
        if not 1.0 <= d:
            raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")
        defaults = dict(lr=lr, beta2_decay=beta2_decay, eps=tuple(eps), d=d, weight_decay=weight_decay,
                        foreach=foreach, maximize=maximize)
        super().__init__(params, defaults)

    def _on_load(self) -> None:
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group["eps"] = tuple(group["eps"])  # a JSON round trip turns tuples into lists

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        if param.dtype.kind == "c":
            raise RuntimeError("Adafactor does not support complex parameters")
        lr, (eps1, eps2) = group["lr"], group["eps"]
        if eps1 is None:
            eps1 = float(xp.finfo(param.dtype).eps)
        if not state:
            state["step"] = 0
            if param.ndim > 1:  # factored over the last two dims: one value per row, one per column
                state["row_var"] = Tensor._wrap(xp.zeros((*param.shape[:-1], 1), dtype=param.dtype))
                state["col_var"] = Tensor._wrap(xp.zeros((*param.shape[:-2], 1, param.shape[-1]), dtype=param.dtype))
            else:
                state["variance"] = self._zeros_like(param)
        state["step"] += 1
        step = float(state["step"])

        g = self._effective_grad(param, grad, 0, group["maximize"])
        weight = step ** group["beta2_decay"]
        rho = min(lr, 1 / step**0.5)
        alpha = max(eps2, _rms(xp, param)) * rho  # from the parameter before weight decay, as torch
        if group["weight_decay"] != 0:
            param *= 1 - lr * group["weight_decay"]

        g2 = xp.multiply(g, g, out=self._buffer(param, 1))
        if param.ndim > 1:
            row_var, col_var = state["row_var"]._data, state["col_var"]._data
            _lerp(xp, row_var, xp.mean(g2, axis=-1, keepdims=True), weight, out=row_var)
            _lerp(xp, col_var, xp.mean(g2, axis=-2, keepdims=True), weight, out=col_var)
            var = xp.matmul(row_var, col_var, out=g2)  # the outer product, row x column
            var /= xp.maximum(xp.mean(row_var, axis=-2, keepdims=True), eps1)
        else:
            variance = state["variance"]._data
            _lerp(xp, variance, g2, weight, out=variance)
            xp.copyto(g2, variance)  # the update is built in scratch space, never in the state
            var = g2
        update = xp.maximum(var, eps1 * eps1, out=var)  # eps1 squared: the square root comes next
        xp.sqrt(update, out=update)
        xp.divide(g, update, out=update)
        denom = max(1.0, _rms(xp, update) / group["d"])
        update *= -alpha / denom
        param += update


def _rms(xp: Any, a: Any) -> float:
    """Root mean square of an array, as ``norm(a) / sqrt(numel)`` (torch's expression)."""
    return float(xp.linalg.norm(a.reshape(-1))) / a.size**0.5

