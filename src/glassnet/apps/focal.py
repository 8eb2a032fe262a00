"""Focal loss for binary classification (Lin et al., "Focal Loss for Dense Object Detection", 2017).

``FL = -alpha_t (1 - p_t)^gamma log(p_t)``, where ``p_t`` is the probability the model gives the true class and
``alpha_t`` is ``alpha`` for positives and ``1 - alpha`` for negatives. The factor ``(1 - p_t)^gamma`` shrinks
the loss of the many easy, confidently right cases, so the rare and hard ones carry more of the gradient;
``gamma = 0`` and ``alpha < 0`` give plain binary cross-entropy. The signature is torchvision's
``sigmoid_focal_loss``.
"""

from __future__ import annotations

import glassnet as gn
import glassnet.nn.functional as F
from glassnet import Tensor


def sigmoid_focal_loss(inputs: Tensor, targets: Tensor, alpha: float = 0.25, gamma: float = 2.0,
                       reduction: str = "none") -> Tensor:
    """Focal loss of logits ``inputs`` against 0/1 ``targets``; ``alpha < 0`` weights both classes alike."""
    targets = targets.to(inputs.dtype)
    ce = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p = gn.sigmoid(inputs)
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * (1 - p_t) ** gamma
    if alpha >= 0:
        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction != "none":
        raise ValueError(f"sigmoid_focal_loss: reduction must be 'none', 'mean' or 'sum', got {reduction!r}")
    return loss


__all__ = ["sigmoid_focal_loss"]
