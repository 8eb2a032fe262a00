"""The training loss of the estimators: the criterion per sample, times each sample's weight, averaged.

glassnet.train.fit hands a loss ``(output, target)``; to give it the sample weights too, the estimators
pack them as the last column of the target (labels or regression targets in the columns before).
Averaging ``weight * loss`` over the batch (not dividing by the weights' sum) makes a weight act like
repeating the sample, scikit-learn's meaning of ``sample_weight``, and keeps all-ones weights bit-for-bit
equal to the plain mean.
"""

from __future__ import annotations

import copy
from typing import Any

from ..tensor import Tensor


def unreduced(criterion: Any) -> Any:
    """A copy of ``criterion`` that returns one loss per sample (``reduction='none'``)."""
    if hasattr(criterion, "reduction"):
        out = copy.copy(criterion)
        out.reduction = "none"
        return out
    if callable(criterion):  # a function such as F.cross_entropy
        return lambda output, target: criterion(output, target, reduction="none")
    raise TypeError(f"criterion must be a loss module or function, got {type(criterion).__name__}")


class WeightedLoss:
    """``mean(weight * criterion(output, target))`` over a batch whose target carries the weights."""

    def __init__(self, criterion: Any, classification: bool, log_of_output: bool = False) -> None:
        self.criterion = unreduced(criterion)
        self.classification = classification
        self.log_of_output = log_of_output  # NLLLoss on probabilities, as skorch does

    def __call__(self, output: Tensor, target: Tensor) -> Tensor:
        weight = target[:, -1]
        if self.classification:
            y = target[:, 0].long()
        else:
            y = target[:, :-1]
            if tuple(output.shape) != tuple(y.shape) and output.numel() == y.numel():
                output = output.reshape(tuple(y.shape))  # (n,) against (n, 1) would broadcast to (n, n)
        if self.log_of_output:
            output = (output + 1e-7).log()
        per_sample = self.criterion(output, y)
        if per_sample.dim() > 1:
            per_sample = per_sample.reshape(per_sample.shape[0], -1).mean(1)
        return (per_sample * weight).mean()
