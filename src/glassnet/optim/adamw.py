"""AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019)."""

from __future__ import annotations

from typing import Any

from .adam import Adam


class AdamW(Adam):
    """Implements the AdamW algorithm: Adam with decoupled weight decay.

    Weight decay shrinks the parameter directly (``p <- p * (1 - lr * weight_decay)``) instead of being
    added to the gradient, so it never passes through Adam's adaptive scaling. It is :class:`Adam` with
    ``decoupled_weight_decay=True`` (see there for the rule) and a default ``weight_decay`` of ``1e-2``.

    Args:
        params (iterable): the parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the learning rate. Default: ``1e-3``.
        betas (tuple of float, optional): the coefficients of the running averages of the gradient
            and of its square. Default: ``(0.9, 0.999)``.
        eps (float, optional): added to the denominator for numerical stability. Default: ``1e-8``.
        weight_decay (float, optional): the decoupled weight decay coefficient. Default: ``1e-2``.
        amsgrad (bool, optional): use the AMSGrad variant. Default: ``False``.
        maximize (bool, optional): maximize the objective instead of minimizing it. Default: ``False``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.AdamW([w], lr=0.1, weight_decay=0.1)
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        Parameter containing:
        tensor([ 0.8900, -1.8800], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize,
                         decoupled_weight_decay=True)

    def _on_load(self) -> None:
        super()._on_load()
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
