"""NAdam: Adam with Nesterov momentum (Dozat, 2016), with PyTorch's momentum-decay schedule."""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from .optimizer import Optimizer, _check_hyperparameters


class NAdam(Optimizer):
    """Implements the NAdam algorithm (Adam with Nesterov momentum).

    The rule, as in PyTorch (t counts this parameter's steps; mu_t is the momentum schedule)::

        g <- -g                                          if maximize
        p <- p * (1 - lr * wd)                           if decoupled weight decay
        g <- g + wd * p                                  if plain L2 weight decay
        mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay));   mu_product <- mu_product * mu_t
        m <- m + (1 - beta1) * (g - m);   v <- beta2 * v + (1 - beta2) * g * g
        denom = sqrt(v / (1 - beta2^t)) + eps
        p <- p - lr * (1 - mu_t) / (1 - mu_product) * g / denom
               - lr * mu_{t+1} / (1 - mu_product * mu_{t+1}) * m / denom

    ``decoupled_weight_decay=True`` gives NAdamW.

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the learning rate. Default: ``2e-3``.
        betas (tuple of float, optional): the coefficients of the running averages of the gradient
            and of its square. Default: ``(0.9, 0.999)``.
        eps (float, optional): added to the denominator for numerical stability. Default: ``1e-8``.
        weight_decay (float, optional): weight decay (L2 penalty). Default: ``0``.
        momentum_decay (float, optional): the momentum decay ``psi`` of the schedule. Default: ``4e-3``.
        decoupled_weight_decay (bool, optional): decay the weights directly, as AdamW does. Default: ``False``.
        foreach (bool, optional): accepted for PyTorch compatibility and unused. Default: ``None``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.
        capturable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.
        differentiable (bool, optional): accepted for PyTorch compatibility and unused. Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.NAdam([w], lr=0.1)
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        Parameter containing:
        tensor([ 0.8944, -1.8944], requires_grad=True)
    """

    _load_defaults = {"maximize": False, "decoupled_weight_decay": False}

    _scalar_state = ("step", "mu_product")

    def __init__(self, params: Any, lr: float = 2e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, momentum_decay: float = 4e-3,
                 decoupled_weight_decay: bool = False, *, foreach: bool | None = None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False) -> None:
        _check_hyperparameters(lr=lr, eps=eps, betas=betas, weight_decay=weight_decay, momentum_decay=momentum_decay)
        defaults = dict(lr=lr, betas=(float(betas[0]), float(betas[1])), eps=eps, weight_decay=weight_decay,
                        momentum_decay=momentum_decay, decoupled_weight_decay=decoupled_weight_decay,
                        maximize=maximize, foreach=foreach, capturable=capturable, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        lr, decay = group["lr"], group["momentum_decay"]
        beta1, beta2 = group["betas"]
        if not state:
            state["step"] = 0
            state["mu_product"] = 1.0
            state["exp_avg"] = self._zeros_like(param)
            state["exp_avg_sq"] = self._zeros_like(param)
        state["step"] += 1
        step = state["step"]

        g = self._decayed_grad(param, grad, group)
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * decay))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * decay))
        mu_product = state["mu_product"] = state["mu_product"] * mu
        mu_product_next = mu_product * mu_next

        m, v = state["exp_avg"]._data, state["exp_avg_sq"]._data
        tmp, denom = self._buffer(param, 1), self._buffer(param, 2)
        self._update_moments(g, m, v, beta1, beta2, tmp)
        xp.sqrt(xp.divide(v, 1 - beta2**step, out=denom), out=denom)
        denom += group["eps"]
        param += xp.multiply(xp.divide(g, denom, out=tmp), -lr * (1.0 - mu) / (1.0 - mu_product), out=tmp)
        param += xp.multiply(xp.divide(m, denom, out=tmp), -lr * mu_next / (1.0 - mu_product_next), out=tmp)
