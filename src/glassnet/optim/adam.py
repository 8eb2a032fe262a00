"""Adam: adaptive moment estimation (Kingma & Ba, 2015), with AMSGrad and L2 / decoupled weight decay."""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from .optimizer import Optimizer, _check_hyperparameters


class Adam(Optimizer):
    """Implements the Adam algorithm.

    The rule, as in PyTorch (t counts this parameter's steps)::

        g <- -g                                      if maximize
        p <- p * (1 - lr * wd)                       if decoupled weight decay (AdamW)
        g <- g + wd * p                              if plain L2 weight decay
        m <- m + (1 - beta1) * (g - m)               first moment (a lerp toward g)
        v <- beta2 * v + (1 - beta2) * g * g         second moment
        v_max <- max(v_max, v); use v_max for v      if amsgrad
        p <- p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)

    ``decoupled_weight_decay=True`` makes it :class:`AdamW`.

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the learning rate. Default: ``1e-3``.
        betas (tuple of float, optional): the coefficients of the running averages of the gradient
            and of its square. Default: ``(0.9, 0.999)``.
        eps (float, optional): added to the denominator for numerical stability. Default: ``1e-8``.
        weight_decay (float, optional): weight decay (L2 penalty). Default: ``0``.
        amsgrad (bool, optional): use the AMSGrad variant (Reddi et al., 2018). Default: ``False``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.
        decoupled_weight_decay (bool, optional): decay the weights directly, as AdamW does.
            Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.Adam([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        Parameter containing:
        tensor([ 0.8004, -1.8002], requires_grad=True)
    """

    _load_defaults = {"amsgrad": False, "maximize": False, "decoupled_weight_decay": False}

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, amsgrad: bool = False, *,
                 maximize: bool = False, decoupled_weight_decay: bool = False) -> None:
        _check_hyperparameters(lr=lr, eps=eps, betas=betas, weight_decay=weight_decay)
        defaults = dict(lr=lr, betas=(float(betas[0]), float(betas[1])), eps=eps,
                        weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize,
                        decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        lr, eps = group["lr"], group["eps"]
        beta1, beta2 = group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = self._zeros_like(param)
            state["exp_avg_sq"] = self._zeros_like(param)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = self._zeros_like(param)
        state["step"] += 1
        step = state["step"]

        g = self._decayed_grad(param, grad, group)
        m, v = state["exp_avg"]._data, state["exp_avg_sq"]._data
        tmp = self._buffer(param, 1)

        self._update_moments(g, m, v, beta1, beta2, tmp)
        if group["amsgrad"]:
            v = xp.maximum(state["max_exp_avg_sq"]._data, v, out=state["max_exp_avg_sq"]._data)

        bias_correction1 = 1 - beta1**step
        bias_correction2_sqrt = (1 - beta2**step) ** 0.5
        step_size = lr / bias_correction1
        denom = xp.sqrt(v, out=tmp)
        denom /= bias_correction2_sqrt
        denom += eps
        update = xp.divide(m, denom, out=tmp)
        update *= -step_size
        param += update
