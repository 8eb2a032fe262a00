"""Margin, embedding, ranking and likelihood losses (PyTorch's functional forms), as tensor compositions.

Each loss is a short formula over differentiable tensor ops (where, clamp, log-sigmoid, the
p-norm), so its gradient needs no code of its own; the functions check shapes and arguments the way
PyTorch does and reduce with 'none' | 'mean' | 'sum'.
"""

from __future__ import annotations

import math
from typing import Any

from ..functions import where
from ..tensor import Tensor
from .activation_functional import logsigmoid, relu
from .loss_functional import _legacy_reduction, _tensor

_REDUCTIONS = ("none", "mean", "sum")


def _reduce(loss: Tensor, reduction: str, op: str) -> Tensor:
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.mean()
    raise ValueError(f"{op}: {reduction!r} is not a valid value for reduction (use 'none', 'mean', 'sum')")


def _same_shape(op: str, **tensors: Tensor) -> None:
    shapes = {k: tuple(v.shape) for k, v in tensors.items()}
    if len(set(shapes.values())) > 1:
        raise ValueError(f"{op}: expected inputs of the same shape, got " +
                         ", ".join(f"{k} {s}" for k, s in shapes.items()))


def _broadcastable(op: str, **tensors: Tensor) -> None:
    try:
        next(iter(tensors.values())).xp.broadcast_shapes(*(tuple(v.shape) for v in tensors.values()))
    except ValueError:
        raise RuntimeError(f"{op}: shapes " + ", ".join(f"{k} {tuple(v.shape)}" for k, v in tensors.items())
                           + " cannot be broadcast together") from None


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0,
                        size_average: Any = None, reduce: Any = None, reduction: str = "mean") -> Tensor:
    """Computes ``max(0, -target * (input1 - input2) + margin)``: ranks ``input1`` above ``input2`` for target 1.

    Args:
        input1 (Tensor): the first scores, ``(N)`` or ``()``.
        input2 (Tensor): the second scores, of the same shape.
        target (Tensor): 1 (``input1`` should rank higher) or -1, of the same shape.
        margin (float, optional): the margin. Default: ``0``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input1, Input2, Target: ``(N)`` or ``()``.
        - Output: a scalar, or ``(N)`` when ``reduction='none'``.

    Example:
        >>> x1, x2 = glassnet.tensor([1.0, 0.2]), glassnet.tensor([0.5, 0.4])
        >>> F.margin_ranking_loss(x1, x2, glassnet.tensor([1, 1]), margin=0.1, reduction='none')
        tensor([0.0000, 0.3000])
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    target = _tensor(target, input1)
    if input1.ndim != input2.ndim or input1.ndim != target.ndim:
        raise RuntimeError(f"margin_ranking_loss: all input tensors should have same dimension but got sizes: "
                           f"input1: {tuple(input1.shape)}, input2: {tuple(input2.shape)}, target: "
                           f"{tuple(target.shape)}")
    _broadcastable("margin_ranking_loss", input1=input1, input2=input2, target=target)
    return _reduce(relu(-target * (input1 - input2) + margin), reduction, "margin_ranking_loss")


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0, size_average: Any = None,  # noqa: A002
                         reduce: Any = None, reduction: str = "mean") -> Tensor:
    """Measures the hinge embedding loss: ``x`` where the target is 1, ``max(0, margin - x)`` where it is -1.

    Typically ``x`` is a distance between two inputs; for targets other than 1 and -1 both terms
    are added, as in PyTorch.

    Args:
        input (Tensor): the input, of any shape.
        target (Tensor): 1 or -1, of the input's shape.
        margin (float, optional): the margin. Default: ``1.0``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``; Target: ``(*)``, the same shape.
        - Output: a scalar, or ``(*)`` when ``reduction='none'``.

    Example:
        >>> d = glassnet.tensor([0.3, 0.3, 2.0])
        >>> F.hinge_embedding_loss(d, glassnet.tensor([1, -1, -1]), reduction='none')
        tensor([0.3000, 0.7000, 0.0000])
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    target = _tensor(target, input)
    _broadcastable("hinge_embedding_loss", input=input, target=target)
    loss = where(target != 1, relu(margin - input), 0.0) + where(target != -1, input, 0.0)
    return _reduce(loss, reduction, "hinge_embedding_loss")


def soft_margin_loss(input: Tensor, target: Tensor, size_average: Any = None, reduce: Any = None,  # noqa: A002
                     reduction: str = "mean") -> Tensor:
    """Computes the two-class soft margin loss ``log(1 + exp(-target * input))``.

    Args:
        input (Tensor): scores, of any shape.
        target (Tensor): 1 or -1, of the same shape.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``; Target: ``(*)``, the same shape.
        - Output: a scalar, or ``(*)`` when ``reduction='none'``.

    Example:
        >>> F.soft_margin_loss(glassnet.tensor([2.0, -1.0]), glassnet.tensor([1.0, 1.0]), reduction='none')
        tensor([0.1269, 1.3133])
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    target = _tensor(target, input)
    _broadcastable("soft_margin_loss", input=input, target=target)
    return _reduce(-logsigmoid(target * input), reduction, "soft_margin_loss")


def multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,  # noqa: A002
                                size_average: Any = None, reduce: Any = None, reduction: str = "mean") -> Tensor:
    """Computes the multi-label one-versus-all loss: binary cross entropy on logits, averaged over the classes.

    Args:
        input (Tensor): logits of shape ``(N, C)`` or ``(C)``.
        target (Tensor): 0 or 1 per class, of the input's shape.
        weight (Tensor, optional): a rescaling weight per class, ``(C)``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(N, C)`` or ``(C)``; Target: the same shape.
        - Output: a scalar, or ``(N)`` when ``reduction='none'``.

    Example:
        >>> x = glassnet.tensor([[2.0, -1.0, 0.5]])
        >>> F.multilabel_soft_margin_loss(x, glassnet.tensor([[1.0, 0.0, 1.0]]))
        tensor(0.3048)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    target = _tensor(target, input)
    _broadcastable("multilabel_soft_margin_loss", input=input, target=target)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.ndim - 1
    loss = loss.sum(class_dim) / input.shape[class_dim]
    return _reduce(loss, reduction, "multilabel_soft_margin_loss")


def _class_rows(input: Tensor, target: Any, op: str) -> tuple[Tensor, Any, bool]:
    """The input as (N, C) rows (a 1-D input is one sample) and the target as a flat index array."""
    if input.ndim not in (1, 2):
        raise ValueError(f"{op}: expected a 1-D or 2-D input, got shape {tuple(input.shape)}")
    single = input.ndim == 1
    x = input.unsqueeze(0) if single else input
    t = target._data if isinstance(target, Tensor) else x.xp.asarray(target)
    return x, t.reshape(-1), single


def multi_margin_loss(input: Tensor, target: Tensor, p: int = 1, margin: float = 1.0,  # noqa: A002
                      weight: Tensor | None = None, size_average: Any = None, reduce: Any = None,
                      reduction: str = "mean") -> Tensor:
    """Computes the multi-class hinge loss: ``sum_{i != y} max(0, margin - x[y] + x[i])**p / C``.

    ``y`` is the target class of the sample and ``C`` the number of classes; a ``weight`` scales
    each sample's loss by ``weight[y]``.

    Args:
        input (Tensor): scores of shape ``(N, C)`` or ``(C)``.
        target (Tensor): class indices in ``[0, C)``, ``(N)`` or ``()``.
        p (int, optional): 1 or 2. Default: ``1``.
        margin (float, optional): the margin. Default: ``1.0``.
        weight (Tensor, optional): a rescaling weight per class, ``(C)``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(N, C)`` or ``(C)``; Target: ``(N)`` or ``()``.
        - Output: a scalar, or ``(N)`` when ``reduction='none'``.

    Example:
        >>> x = glassnet.tensor([[0.1, 0.2, 0.4, 0.8]])
        >>> F.multi_margin_loss(x, glassnet.tensor([3]))
        tensor(0.3250)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if p not in (1, 2):
        raise ValueError(f"multi_margin_loss: only p == 1 and p == 2 supported, got {p}")
    op = "multi_margin_loss"
    x, t, single = _class_rows(input, target, op)
    n, c = x.shape
    if t.shape[0] != n:
        raise RuntimeError(f"{op}: target tensor should be 1-D with size equal to the number of input samples "
                           f"(batch size). Expected target size [{n}], but got {list(target.shape)}. Input has shape "
                           f"{list(input.shape)}.")
    if t.size and (t.min() < 0 or t.max() >= c):
        raise RuntimeError(f"{op}: target out of range: values must be in [0, {c - 1}], got min {int(t.min())}, "
                           f"max {int(t.max())}")
    xp = x.xp
    rows = xp.arange(n)
    x_y = x[Tensor(rows), Tensor(t)].unsqueeze(1)
    hinge = relu(margin - x_y + x)
    if p == 2:
        hinge = hinge * hinge
    if weight is not None:
        hinge = hinge * weight[Tensor(t)].unsqueeze(1)
    not_y = Tensor(xp.arange(c)[None, :] != t[:, None])
    loss = (hinge * not_y.astype(x.dtype)).sum(1) / c
    if single:  # one sample: the loss takes the target's shape, () or (1,), as in PyTorch
        loss = loss.reshape(tuple(target.shape) if isinstance(target, Tensor) else t.shape[:0])
    return _reduce(loss, reduction, op)


def multilabel_margin_loss(input: Tensor, target: Tensor, size_average: Any = None,  # noqa: A002
                           reduce: Any = None, reduction: str = "mean") -> Tensor:
    """Computes the multi-label hinge loss: each target class should score above every non-target class.

    The target of a sample lists its class indices, ended by the first ``-1`` (the rest is
    ignored); the loss is ``sum_{j, i} max(0, 1 - (x[y_j] - x[i])) / C`` over target classes
    ``y_j`` and non-target classes ``i``.

    Args:
        input (Tensor): scores of shape ``(N, C)`` or ``(C)``.
        target (Tensor): class indices padded with -1, of the input's shape.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(N, C)`` or ``(C)``; Target: the same shape.
        - Output: a scalar, or ``(N)`` when ``reduction='none'``.

    Example:
        >>> x = glassnet.tensor([[0.1, 0.2, 0.4, 0.8]])
        >>> F.multilabel_margin_loss(x, glassnet.tensor([[3, 0, -1, 1]]))
        tensor(0.8500)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    op = "multilabel_margin_loss"
    if input.ndim not in (0, 1, 2):
        raise RuntimeError(f"{op}: Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
                           f"{list(input.shape)}")
    single = input.ndim < 2
    x = input.reshape(1, -1) if single else input
    t = target._data if isinstance(target, Tensor) else x.xp.asarray(target)
    if tuple(t.shape) != tuple(input.shape):
        raise RuntimeError(f"{op}: inconsistent target size: {list(t.shape)} for input of size: "
                           f"{list(input.shape)}")
    t = t.reshape(x.shape)
    xp = x.xp
    n, c = x.shape
    # is_target[i, k]: class k is among sample i's targets (those before the first -1).
    valid = xp.cumprod(t >= 0, axis=1).astype(bool)
    # PyTorch checks every entry, including those after the first -1
    if t.size and (t.min() < -1 or t.max() >= c):
        raise RuntimeError(f"{op}: argument #2 'target' is out of range: values must be in [-1, {c - 1}], got min "
                           f"{int(t.min())}, max {int(t.max())}")
    is_target = xp.zeros((n, c), dtype=bool)
    rows = xp.broadcast_to(xp.arange(n)[:, None], t.shape)
    is_target[rows[valid], t[valid]] = True
    # For every (listed target j, class k not a target): max(0, 1 - (x[j] - x[k])).
    x_t = x.gather(1, Tensor(xp.where(valid, t, 0)))                      # (N, C): value of each listed target
    hinge = relu(1 - x_t.unsqueeze(2) + x.unsqueeze(1))                   # (N, C listed, C classes)
    mask = valid[:, :, None] & ~is_target[:, None, :]
    loss = (hinge * Tensor(mask.astype(x._data.dtype))).sum((1, 2)) / c
    if single:
        loss = loss.squeeze(0)
    return _reduce(loss, reduction, op)


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0,
                          size_average: Any = None, reduce: Any = None, reduction: str = "mean") -> Tensor:
    """Measures whether two inputs are similar or dissimilar by their cosine similarity.

    The loss of a pair is ``1 - cos(x1, x2)`` where the target is 1 and
    ``max(0, cos(x1, x2) - margin)`` where it is -1; the cosine is taken along the last dimension.

    Args:
        input1 (Tensor): the first inputs, ``(N, D)`` or ``(D)``.
        input2 (Tensor): the second inputs, of the same shape.
        target (Tensor): 1 or -1 per pair, ``(N)`` or ``()``.
        margin (float, optional): in ``[-1, 1]``; ``0`` to ``0.5`` is suggested. Default: ``0``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input1, Input2: ``(N, D)`` or ``(D)``.
        - Target: ``(N)`` or ``()``.
        - Output: a scalar, or ``(N)`` when ``reduction='none'``.

    Example:
        >>> a = glassnet.tensor([[1.0, 0.0], [1.0, 1.0]])
        >>> b = glassnet.tensor([[1.0, 0.0], [1.0, 0.0]])
        >>> F.cosine_embedding_loss(a, b, glassnet.tensor([1, -1]), reduction='none')
        tensor([0.0000, 0.7071])
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    op = "cosine_embedding_loss"
    target = _tensor(target, input1)
    if input1.ndim not in (1, 2) or tuple(input1.shape) != tuple(input2.shape):
        raise RuntimeError(f"{op}: expected 1-D or 2-D inputs of the same shape, got {tuple(input1.shape)} and "
                           f"{tuple(input2.shape)}")
    if target.ndim != input1.ndim - 1:
        raise RuntimeError(f"{op}: {input1.ndim}D target tensor expects {input1.ndim - 1}D target tensor, got "
                           f"target of shape {tuple(target.shape)}")
    eps = 1e-12  # PyTorch's EPSILON inside the squared norms
    d = input1.ndim - 1
    cos = (input1 * input2).sum(d) / (((input1 * input1).sum(d) + eps) * ((input2 * input2).sum(d) + eps)).sqrt()
    loss = where(target == 1, 1 - cos, 0.0) + where(target == -1, relu(cos - margin), 0.0)
    return _reduce(loss, reduction, op)


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, margin: float = 1.0, p: float = 2,
                        eps: float = 1e-6, swap: bool = False, size_average: Any = None, reduce: Any = None,
                        reduction: str = "mean") -> Tensor:
    """Computes the triplet loss ``max(0, margin + d(anchor, positive) - d(anchor, negative))``.

    ``d`` is the p-norm distance :func:`pairwise_distance` (with ``eps`` added to the difference).
    With ``swap=True`` the negative distance is ``min(d(a, n), d(p, n))`` (the distance swap of
    Balntas et al., 2016).

    Args:
        anchor (Tensor): anchors, ``(N, D)`` or ``(D)``.
        positive (Tensor): positives, of the same shape.
        negative (Tensor): negatives, of the same shape.
        margin (float, optional): the margin. Default: ``1.0``.
        p (float, optional): the norm degree of the distance. Default: ``2``.
        eps (float, optional): a small constant for numerical stability. Default: ``1e-6``.
        swap (bool, optional): use the distance swap. Default: ``False``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Anchor, Positive, Negative: ``(N, D)`` or ``(D)``.
        - Output: a scalar, or ``(N)`` when ``reduction='none'``.

    Example:
        >>> a = glassnet.tensor([[0.0, 0.0]])
        >>> F.triplet_margin_loss(a, glassnet.tensor([[0.0, 1.0]]), glassnet.tensor([[1.5, 0.0]]))
        tensor(0.5000)
    """
    from .distance import pairwise_distance

    reduction = _legacy_reduction(size_average, reduce, reduction)
    dims = (anchor.ndim, positive.ndim, negative.ndim)
    if len(set(dims)) > 1:
        raise RuntimeError(f"triplet_margin_loss: the anchor, positive, and negative tensors are expected to have "
                           f"the same number of dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, "
                           f"and negative {dims[2]}D inputs")
    return triplet_margin_with_distance_loss(anchor, positive, negative,
                                             distance_function=lambda a, b: pairwise_distance(a, b, p, eps),
                                             margin=margin, swap=swap, reduction=reduction)


def triplet_margin_with_distance_loss(anchor: Tensor, positive: Tensor, negative: Tensor, *,
                                      distance_function: Any = None, margin: float = 1.0, swap: bool = False,
                                      reduction: str = "mean") -> Tensor:
    """Computes the triplet loss ``max(0, margin + d(anchor, positive) - d(anchor, negative))`` with any distance ``d``.

    Args:
        anchor (Tensor): anchors, ``(N, *)``.
        positive (Tensor): positives, of the same shape.
        negative (Tensor): negatives, of the same shape.
        distance_function (callable, optional): a function of two tensors returning non-negative
            distances per sample; ``None`` uses :func:`pairwise_distance`. Default: ``None``.
        margin (float, optional): the margin. Default: ``1.0``.
        swap (bool, optional): use ``min(d(a, n), d(p, n))`` as the negative distance. Default: ``False``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Anchor, Positive, Negative: ``(N, *)``.
        - Output: a scalar, or ``(N)`` when ``reduction='none'``.

    Example:
        >>> a, pos, neg = glassnet.tensor([[1.0, 0.0]]), glassnet.tensor([[1.0, 0.1]]), glassnet.tensor([[0.0, 1.0]])
        >>> cos_dist = lambda x, y: 1 - F.cosine_similarity(x, y)
        >>> F.triplet_margin_with_distance_loss(a, pos, neg, distance_function=cos_dist)
        tensor(0.0050)
    """
    from ..functions import minimum
    from .distance import pairwise_distance

    op = "triplet_margin_with_distance_loss"
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{op}: {reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"{op}: margin must be greater than 0, got {margin}")
    dims = (anchor.ndim, positive.ndim, negative.ndim)
    if len(set(dims)) > 1:
        raise RuntimeError(f"{op}: the anchor, positive, and negative tensors are expected to have the same number "
                           f"of dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative "
                           f"{dims[2]}D inputs")
    dist = distance_function if distance_function is not None else pairwise_distance
    d_pos, d_neg = dist(anchor, positive), dist(anchor, negative)
    if swap:
        d_neg = minimum(d_neg, dist(positive, negative))
    return _reduce(relu(margin + d_pos - d_neg), reduction, op)


def poisson_nll_loss(input: Tensor, target: Tensor, log_input: bool = True, full: bool = False,  # noqa: A002
                     size_average: Any = None, eps: float = 1e-8, reduce: Any = None,
                     reduction: str = "mean") -> Tensor:
    """Computes the Poisson negative log likelihood of targets given predicted rates.

    The loss is ``exp(input) - target * input`` when ``log_input`` (the input is the log rate), else
    ``input - target * log(input + eps)``. ``full=True`` adds Stirling's approximation of
    ``log(target!)``, ``target * log(target) - target + 0.5 * log(2 * pi * target)``, for targets above 1.

    Args:
        input (Tensor): the expected counts (or their logarithm), of any shape.
        target (Tensor): the counts, of the same shape.
        log_input (bool, optional): whether the input is the log rate. Default: ``True``.
        full (bool, optional): add the Stirling term. Default: ``False``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        eps (float, optional): avoids ``log(0)`` when ``log_input=False``. Default: ``1e-8``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``; Target: ``(*)``, the same shape.
        - Output: a scalar, or ``(*)`` when ``reduction='none'``.

    Example:
        >>> log_rate = glassnet.tensor([0.0, 1.0])
        >>> F.poisson_nll_loss(log_rate, glassnet.tensor([1.0, 3.0]), reduction='none')
        tensor([ 1.0000, -0.2817])
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"poisson_nll_loss: {reduction} is not a valid value for reduction")
    target = _tensor(target, input)
    _broadcastable("poisson_nll_loss", input=input, target=target)
    loss = input.exp() - target * input if log_input else input - target * (input + eps).log()
    if full:
        # Stirling's term of log(t!), used only where t > 1 (PyTorch masks the rest to 0)
        big = target > 1
        safe = where(big, target, 2.0)
        stirling = safe * safe.log() - safe + 0.5 * (2 * math.pi * safe).log()
        loss = loss + where(big, stirling, 0.0)
    return _reduce(loss, reduction, "poisson_nll_loss")


def gaussian_nll_loss(input: Tensor, target: Tensor, var: Tensor | float, full: bool = False,  # noqa: A002
                      eps: float = 1e-6, reduction: str = "mean") -> Tensor:
    """Computes the Gaussian negative log likelihood of targets under predicted means and variances.

    The loss is ``0.5 * (log(var) + (input - target)**2 / var)``, with ``var`` clamped below at
    ``eps``; ``full=True`` adds the constant ``0.5 * log(2 * pi)``.

    Args:
        input (Tensor): the predicted means, ``(N, *)`` or ``(*)``.
        target (Tensor): the samples, of the input's shape.
        var (Tensor or float): the predicted variances (positive), of the input's shape or with one
            dimension of size 1 (a shared variance), or a float.
        full (bool, optional): include the constant term. Default: ``False``.
        eps (float, optional): the clamp of ``var`` for stability. Default: ``1e-6``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input, Target: ``(N, *)`` or ``(*)``.
        - Var: the input's shape, or with one dimension of size 1.
        - Output: a scalar, or the input's shape when ``reduction='none'``.

    Example:
        >>> mu, y = glassnet.tensor([0.0, 1.0]), glassnet.tensor([0.5, 1.0])
        >>> F.gaussian_nll_loss(mu, y, glassnet.tensor([1.0, 0.5]), reduction='none')
        tensor([ 0.1250, -0.3466])
    """
    if isinstance(var, (int, float)):
        if var < 0:
            raise ValueError("gaussian_nll_loss: var has negative entry/entries")
        var = Tensor(input.xp.full(tuple(input.shape), var, dtype=input._data.dtype))
    elif bool((var._data < 0).any()):
        raise ValueError("gaussian_nll_loss: var has negative entry/entries")
    if tuple(var.shape) != tuple(input.shape):
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)  # one variance per sample (homoscedastic)
        elif not (input.ndim == var.ndim
                  and sum(v for i, v in zip(input.shape, var.shape) if i != v) == 1):
            raise ValueError(f"gaussian_nll_loss: var is of incorrect size {tuple(var.shape)} for input "
                             f"{tuple(input.shape)}")
    if reduction not in _REDUCTIONS:
        raise ValueError(f"gaussian_nll_loss: {reduction} is not valid")
    # PyTorch clamps a clone in place under no_grad: the value is clamped, the gradient is var's own.
    var = var + (var.clamp(min=eps) - var).detach()
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction, "gaussian_nll_loss")


def _lengths(v: Any, xp: Any, name: str) -> Any:
    arr = v._data if isinstance(v, Tensor) else xp.asarray(v)
    if arr.dtype.kind not in "iu":
        raise RuntimeError(f"ctc_loss: {name} must be integers, got dtype {arr.dtype}")
    return arr.astype(xp.int64).reshape(-1)


def ctc_loss(log_probs: Tensor, targets: Any, input_lengths: Any, target_lengths: Any, blank: int = 0,
             reduction: str = "mean", zero_infinity: bool = False) -> Tensor:
    """Computes the Connectionist Temporal Classification loss of unaligned label sequences.

    It sums the probability of every alignment of each target sequence to the input frames (with
    ``blank`` between repeats). With ``reduction='mean'`` each sequence's loss is divided by its
    target length, then the batch is averaged, as in PyTorch.

    Args:
        log_probs (Tensor): log-probabilities (e.g. from :func:`log_softmax`) of shape ``(T, N, C)``
            or ``(T, C)``.
        targets (Tensor): the label sequences, padded ``(N, S)`` or concatenated
            ``(sum(target_lengths),)``; they must not contain ``blank``.
        input_lengths (Tensor or tuple of int): the number of valid frames per sequence, ``(N)``.
        target_lengths (Tensor or tuple of int): the length of each target, ``(N)``.
        blank (int, optional): the blank label. Default: ``0``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        zero_infinity (bool, optional): replace infinite losses (impossible alignments) and their
            gradients by zero. Default: ``False``.

    Shape:
        - Log_probs: ``(T, N, C)`` or ``(T, C)``.
        - Targets: ``(N, S)`` or ``(sum(target_lengths))``.
        - Output: a scalar, or ``(N)`` when ``reduction='none'``.

    Example:
        >>> log_probs = glassnet.randn(6, 2, 4).log_softmax(2)
        >>> targets = glassnet.tensor([[1, 2], [3, 3]])
        >>> F.ctc_loss(log_probs, targets, (6, 6), (2, 2), reduction='none').shape
        glassnet.Size([2])
    """
    from ..ops.ctc import CTCLoss

    op = "ctc_loss"
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{op}: {reduction!r} is not a valid value for reduction (use 'none', 'mean', 'sum')")
    if log_probs.ndim not in (2, 3):
        raise RuntimeError(f"{op}: expected log_probs of shape (T, N, C) or (T, C), got {tuple(log_probs.shape)}")
    unbatched = log_probs.ndim == 2
    lp = log_probs.unsqueeze(1) if unbatched else log_probs
    xp = lp.xp
    t_max, n, c = lp.shape
    if not 0 <= blank < c:
        raise RuntimeError(f"{op}: blank must be in label range [0, {c}), got {blank}")
    in_len, tg_len = _lengths(input_lengths, xp, "input_lengths"), _lengths(target_lengths, xp, "target_lengths")
    if in_len.shape[0] != n or tg_len.shape[0] != n:
        raise RuntimeError(f"{op}: expected input_lengths and target_lengths to have {n} entries (batch size), got "
                           f"{in_len.shape[0]} and {tg_len.shape[0]}")
    if n and (in_len.max() > t_max or in_len.min() < 0):
        raise RuntimeError(f"{op}: expected input_lengths to have values in [0, {t_max}], got {in_len.tolist()}")
    if n and tg_len.min() < 0:
        raise RuntimeError(f"{op}: target_lengths must be non-negative, got {tg_len.tolist()}")
    tg = targets._data if isinstance(targets, Tensor) else xp.asarray(targets)
    if unbatched and tg.ndim == 1:
        tg = tg[None, :]
    if tg.ndim == 2 and not (unbatched and tg.shape[0] != 1):
        if n and tg_len.max() > tg.shape[1]:
            raise RuntimeError(f"{op}: expected targets to have size at least {int(tg_len.max())} at dimension 1, "
                               f"but got size {tg.shape[1]} (targets shape {tuple(tg.shape)})")
        padded = tg.astype(xp.int64)
    elif tg.ndim == 1:
        if tg.shape[0] != int(tg_len.sum()):
            raise RuntimeError(f"{op}: concatenated targets have {tg.shape[0]} labels but target_lengths sum to "
                               f"{int(tg_len.sum())}")
        width = int(tg_len.max()) if n else 0
        padded = xp.full((n, width), blank, dtype=xp.int64)
        starts = xp.concatenate([xp.zeros(1, xp.int64), xp.cumsum(tg_len)[:-1]])
        for i in range(n):  # one slice per sample: cheap next to the recursions
            padded[i, : tg_len[i]] = tg[starts[i]: starts[i] + tg_len[i]]
    else:
        raise RuntimeError(f"{op}: targets must be 1-D (concatenated) or 2-D (padded), got shape {tuple(tg.shape)}")
    labels = padded[xp.arange(padded.shape[1])[None, :] < tg_len[:, None]] if padded.size else padded
    if labels.size and (labels.min() < 0 or labels.max() >= c or (labels == blank).any()):
        raise RuntimeError(f"{op}: target labels must be in [0, {c}) and differ from blank={blank}")
    loss = CTCLoss.apply(lp, padded, in_len, tg_len, blank, bool(zero_infinity))
    if reduction == "mean":
        per = Tensor(xp.maximum(tg_len, 1).astype(lp._data.dtype))
        return (loss / per).mean()
    if reduction == "sum":
        return loss.sum()
    return loss.squeeze(0) if unbatched else loss
