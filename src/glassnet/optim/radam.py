"""RAdam: Adam with a rectified adaptive learning rate (Liu et al., 2019)."""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from .optimizer import Optimizer, _check_hyperparameters


class RAdam(Optimizer):
    """Implements the RAdam algorithm (Adam with a rectified adaptive learning rate).

    Early on the variance of the adaptive rate is too large to trust, so the step is plain momentum SGD
    until the length of the approximated simple moving average, rho_t, passes 5. The rule, as in PyTorch::

        g <- -g                                          if maximize
        p <- p * (1 - lr * wd)                           if decoupled weight decay
        g <- g + wd * p                                  if plain L2 weight decay
        m <- m + (1 - beta1) * (g - m);   v <- beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1^t)
        rho_inf = 2 / (1 - beta2) - 1;   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
        if rho_t > 5:
            r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
            p <- p - lr * m_hat * r * sqrt(1 - beta2^t) / (sqrt(v) + eps)
        else:
            p <- p - lr * m_hat

    ``decoupled_weight_decay=True`` applies AdamW-style weight decay.

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the learning rate. Default: ``1e-3``.
        betas (tuple of float, optional): the coefficients of the running averages of the gradient
            and of its square. Default: ``(0.9, 0.999)``.
        eps (float, optional): added to the denominator for numerical stability. Default: ``1e-8``.
        weight_decay (float, optional): weight decay (L2 penalty). Default: ``0``.
        decoupled_weight_decay (bool, optional): decay the weights directly, as AdamW does. Default: ``False``.
        foreach (bool, optional): accepted for PyTorch compatibility and unused. Default: ``None``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.
        capturable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.
        differentiable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.RAdam([w], lr=0.1)
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        Parameter containing:
        tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    _load_defaults = {"maximize": False, "decoupled_weight_decay": False}

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, decoupled_weight_decay: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
        _check_hyperparameters(lr=lr, eps=eps, betas=betas, weight_decay=weight_decay)
        defaults = dict(lr=lr, betas=(float(betas[0]), float(betas[1])), eps=eps, weight_decay=weight_decay,
                        maximize=maximize, foreach=foreach, capturable=capturable,
                        decoupled_weight_decay=decoupled_weight_decay, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        lr = group["lr"]
        beta1, beta2 = group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = self._zeros_like(param)
            state["exp_avg_sq"] = self._zeros_like(param)
        state["step"] += 1
        step = state["step"]

        g = self._decayed_grad(param, grad, group)
        m, v = state["exp_avg"]._data, state["exp_avg_sq"]._data
        tmp, update = self._buffer(param, 1), self._buffer(param, 2)
        self._update_moments(g, m, v, beta1, beta2, tmp)

        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        xp.multiply(xp.divide(m, bias_correction1, out=update), lr, out=update)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            adaptive = xp.add(xp.sqrt(v, out=tmp), group["eps"], out=tmp)
            xp.divide(bias_correction2**0.5, adaptive, out=adaptive)
            update *= adaptive
            update *= rect
        param -= update
