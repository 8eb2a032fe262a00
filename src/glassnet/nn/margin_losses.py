"""Margin and ranking losses (MarginRanking, HingeEmbedding, SoftMargin, MultiLabelMargin,
MultiLabelSoftMargin, MultiMargin, TripletMarginWithDistance), PyTorch's formulas and arguments.

They are written with differentiable tensor ops (the masks chosen by the targets are constants), so the
gradients, double backward included, come from autograd.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..ops import activation as A
from ..ops.loss import _check, _legacy_reduction
from ..tensor import Tensor
from .loss import _Loss, _WeightedLoss


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "none":
        return loss
    return loss.sum() if reduction == "sum" else loss.mean()


def _const(x: Tensor, arr: Any) -> Tensor:
    return Tensor._wrap(x.xp.asarray(arr).astype(x._data.dtype))


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0,
                        size_average: Any = None, reduce: Any = None, reduction: str = "mean") -> Tensor:
    """mean(max(0, -target * (input1 - input2) + margin))."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check("margin_ranking_loss", reduction)
    if not input1.ndim == input2.ndim == target.ndim:
        raise RuntimeError("margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {tuple(input1.shape)}, input2: {tuple(input2.shape)}, "
                           f"target: {tuple(target.shape)}")
    return _reduce(A.relu(-target * (input1 - input2) + margin), reduction)


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0, size_average: Any = None,  # noqa: A002
                         reduce: Any = None, reduction: str = "mean") -> Tensor:
    """x where target is 1, max(0, margin - x) where target is -1."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check("hinge_embedding_loss", reduction)
    t = target._data if isinstance(target, Tensor) else input.xp.asarray(target)
    # PyTorch's formula: any target other than 1 takes the margin term, any other than -1 the x term
    # (fills, not products with 0/1 masks, so an infinite x in the unused term gives 0, not nan)
    loss = A.relu(margin - input).masked_fill(t == 1, 0) + input.masked_fill(t == -1, 0)
    return _reduce(loss, reduction)


def soft_margin_loss(input: Tensor, target: Tensor, size_average: Any = None, reduce: Any = None,  # noqa: A002
                     reduction: str = "mean") -> Tensor:
    """mean(log(1 + exp(-target * input)))."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check("soft_margin_loss", reduction, input, target)
    return _reduce(-A.logsigmoid(target * input), reduction)


def _class_rows(input: Tensor, name: str) -> Tensor:
    if input.ndim not in (1, 2) or input.shape[-1] == 0:
        raise RuntimeError(f"{name}: expected a non-empty 1-D or 2-D input, got shape {tuple(input.shape)}")
    return input if input.ndim == 2 else input.unsqueeze(0)


def multilabel_margin_loss(input: Tensor, target: Tensor, size_average: Any = None,  # noqa: A002
                           reduce: Any = None, reduction: str = "mean") -> Tensor:
    """Hinge loss between each sample's target classes (target's entries up to the first -1) and the rest."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check("multilabel_margin_loss", reduction)
    x = _class_rows(input, "multilabel_margin_loss")
    xp = x.xp
    if tuple(target.shape) != tuple(input.shape):
        raise RuntimeError(f"multilabel_margin_loss: target shape {tuple(target.shape)} must match input "
                           f"shape {tuple(input.shape)}")
    t = xp.asarray(target._data if isinstance(target, Tensor) else target).reshape(x.shape)
    n, c = x.shape
    # count[n, k]: how often class k appears among sample n's targets (before the first -1)
    valid = xp.cumprod(t >= 0, axis=1).astype(bool)
    if xp.any((t >= c) & valid):
        raise RuntimeError(f"multilabel_margin_loss: target values must be in [-1, {c - 1}], got {t.max()}")
    count = xp.zeros((n, c))
    rows = xp.repeat(xp.arange(n), c)
    xp.add.at(count, (rows[valid.ravel()], t.ravel()[valid.ravel()]), 1)
    pairs = count[:, :, None] * (count == 0)[:, None, :]  # (target class k, non-target class i)
    hinge = A.relu(1 - x.unsqueeze(2) + x.unsqueeze(1))  # hinge[n, k, i] = max(0, 1 - (x_k - x_i))
    loss = (hinge * _const(x, pairs)).sum((1, 2)) / c
    return _reduce(loss if input.ndim == 2 else loss.squeeze(0), reduction)


def multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,  # noqa: A002
                                size_average: Any = None, reduce: Any = None, reduction: str = "mean") -> Tensor:
    """One-vs-all logistic loss averaged over the classes: -(y log s(x) + (1-y) log s(-x))."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check("multilabel_soft_margin_loss", reduction)
    loss = -(target * A.logsigmoid(input) + (1 - target) * A.logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    return _reduce(loss.sum(-1) / input.shape[-1], reduction)


def multi_margin_loss(input: Tensor, target: Tensor, p: int = 1, margin: float = 1.0,  # noqa: A002
                      weight: Tensor | None = None, size_average: Any = None, reduce: Any = None,
                      reduction: str = "mean") -> Tensor:
    """Multi-class hinge loss: sum over i != y of max(0, margin - x[y] + x[i])^p / C (times weight[y])."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check("multi_margin_loss", reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    x = _class_rows(input, "multi_margin_loss")
    xp = x.xp
    t = xp.asarray(target._data if isinstance(target, Tensor) else target).reshape(-1).astype("int64")
    n, c = x.shape
    if t.shape[0] != n:
        raise RuntimeError(f"multi_margin_loss: expected target of shape ({n},), got {tuple(target.shape)}")
    if t.size and (t.min() < 0 or t.max() >= c):
        raise IndexError(f"multi_margin_loss: target values must be in [0, {c - 1}], got {t.tolist()}")
    picked = x.gather(1, Tensor._wrap(t[:, None]))
    hinge = A.relu(margin - picked + x)
    if p == 2:
        hinge = hinge * hinge
    own = xp.zeros((n, c), dtype=bool)
    own[xp.arange(n), t] = True
    hinge = hinge.masked_fill(own, 0)  # the target class itself takes no part
    if weight is not None:
        hinge = hinge * weight.index_select(0, Tensor._wrap(t)).unsqueeze(1)
    loss = hinge.sum(1) / c
    return _reduce(loss if input.ndim == 2 else loss.squeeze(0), reduction)


def _pairwise_l2(x1: Tensor, x2: Tensor) -> Tensor:
    # F.pairwise_distance's default (p=2, eps=1e-6 added to the difference)
    d = x1 - x2 + 1e-6
    return (d * d).sum(-1).sqrt()


def triplet_margin_with_distance_loss(anchor: Tensor, positive: Tensor, negative: Tensor, *,
                                      distance_function: Callable[[Tensor, Tensor], Tensor] | None = None,
                                      margin: float = 1.0, swap: bool = False, reduction: str = "mean") -> Tensor:
    """max(0, margin + d(anchor, positive) - d(anchor, negative)) with a user distance (default L2)."""
    _check("triplet_margin_with_distance_loss", reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    if not anchor.ndim == positive.ndim == negative.ndim:
        raise RuntimeError("triplet_margin_with_distance_loss: The anchor, positive, and negative tensors are "
                           f"expected to have the same number of dimensions, but got: anchor {anchor.ndim}D, "
                           f"positive {positive.ndim}D, and negative {negative.ndim}D inputs")
    dist = distance_function if distance_function is not None else _pairwise_l2
    d_pos, d_neg = dist(anchor, positive), dist(anchor, negative)
    if swap:
        d_neg = d_neg.minimum(dist(positive, negative))
    return _reduce(A.relu(margin + d_pos - d_neg), reduction)


class MarginRankingLoss(_Loss):
    """max(0, -y * (x1 - x2) + margin)."""

    def __init__(self, margin: float = 0.0, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1: Tensor, input2: Tensor, target: Tensor) -> Tensor:
        """Compute the loss."""
        return margin_ranking_loss(input1, input2, target, self.margin, reduction=self.reduction)


class HingeEmbeddingLoss(_Loss):
    """x for target 1, max(0, margin - x) for target -1."""

    def __init__(self, margin: float = 1.0, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Compute the loss."""
        return hinge_embedding_loss(input, target, self.margin, reduction=self.reduction)


class SoftMarginLoss(_Loss):
    """log(1 + exp(-y * x))."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Compute the loss."""
        return soft_margin_loss(input, target, reduction=self.reduction)


class MultiLabelMarginLoss(_Loss):
    """Multi-label hinge loss between target classes and the rest."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Compute the loss."""
        return multilabel_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_WeightedLoss):
    """One-vs-all logistic loss over classes."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Compute the loss."""
        return multilabel_soft_margin_loss(input, target, self.weight, reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    """Multi-class hinge loss (p = 1 or 2)."""

    def __init__(self, p: int = 1, margin: float = 1.0, weight: Tensor | None = None, size_average: Any = None,
                 reduce: Any = None, reduction: str = "mean") -> None:
        if p not in (1, 2):
            raise ValueError("only p == 1 and p == 2 supported")
        if weight is not None and weight.ndim != 1:
            raise ValueError(f"MultiMarginLoss: expected weight to be a 1D tensor, got shape {tuple(weight.shape)}")
        super().__init__(weight, size_average, reduce, reduction)
        self.p, self.margin = p, margin

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Compute the loss."""
        return multi_margin_loss(input, target, self.p, self.margin, self.weight, reduction=self.reduction)


class TripletMarginWithDistanceLoss(_Loss):
    """Triplet loss with a user-supplied distance function (default: pairwise L2)."""

    def __init__(self, *, distance_function: Callable[[Tensor, Tensor], Tensor] | None = None,
                 margin: float = 1.0, swap: bool = False, reduction: str = "mean") -> None:
        super().__init__(reduction=reduction)
        if margin <= 0:
            raise ValueError(f"TripletMarginWithDistanceLoss: expected margin to be greater than 0, got {margin} "
                             "instead")
        self.distance_function, self.margin, self.swap = distance_function, margin, swap

    def forward(self, anchor: Tensor, positive: Tensor, negative: Tensor) -> Tensor:
        """Compute the loss."""
        return triplet_margin_with_distance_loss(anchor, positive, negative, distance_function=self.distance_function,
                                                 margin=self.margin, swap=self.swap, reduction=self.reduction)
