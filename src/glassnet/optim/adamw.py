"""AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

Weight decay shrinks the parameter directly (``p <- p * (1 - lr * weight_decay)``) instead of being
added to the gradient, so it never passes through Adam's adaptive scaling. See ``adam.py`` for the rule.
"""

from __future__ import annotations

from typing import Any

from .adam import Adam


class AdamW(Adam):
    """Adam with decoupled weight decay (default weight_decay=1e-2)."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize,
                         decoupled_weight_decay=True)

    def _on_load(self) -> None:
        super()._on_load()
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
