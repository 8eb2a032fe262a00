"""The losses as functions (``F.cross_entropy``, ``F.mse_loss`` ...): argument checks around the fused ops.

The ops, forward and backward, are in ``glassnet/ops/loss.py``. Reductions follow PyTorch: 'none'
keeps the per-element loss, 'sum' adds it up, 'mean' divides by the number of elements, except for
class-index cross-entropy/NLL, whose weighted mean divides by the total weight of the targets that
are not ``ignore_index``.
"""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from ..ops import elementwise as elementwise_ops
from ..ops.loss import (
    BinaryCrossEntropy,
    BinaryCrossEntropyWithLogits,
    CrossEntropy,
    L1Loss,
    MseLoss,
    NllLoss,
    SmoothL1Loss,
)
from ..tensor import Tensor

_REDUCTIONS = ("none", "mean", "sum")


def _legacy_reduction(size_average: Any, reduce: Any, reduction: str) -> str:
    """Map PyTorch's deprecated size_average/reduce flags onto ``reduction``."""
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    return "none" if not reduce else ("mean" if size_average else "sum")


def _check(name: str, reduction: str, input: Any = None, target: Any = None) -> None:  # noqa: A002
    if reduction not in _REDUCTIONS:
        raise ValueError(
            f"{name}: {reduction!r} is not a valid value for reduction (use 'none', 'mean', 'sum')")
    if input is not None and target is not None and tuple(input.shape) != tuple(target.shape):
        try:
            array_module(input._data).broadcast_shapes(tuple(input.shape), tuple(target.shape))
        except ValueError:
            raise ValueError(
                f"{name}: target of shape {tuple(target.shape)} does not match (or broadcast with) the input "
                f"of shape {tuple(input.shape)}"
            ) from None


def _tensor(x: Any, like: Any) -> Any:
    return x if isinstance(x, Tensor) else Tensor(like.xp.asarray(x, dtype=like._data.dtype))


def _arr(x: Any) -> Any:
    return getattr(x, "_data", x)


def _as_target(target: Any) -> Any:
    """Targets may be Tensors, arrays or (nested) lists of class indices."""
    return target if isinstance(target, Tensor) else Tensor(target)


def mse_loss(input: Any, target: Any, size_average: Any = None, reduce: Any = None,  # noqa: A002
             reduction: str = "mean") -> Any:
    """Computes the mean squared error ``(input - target)**2`` (element-wise, then reduced).

    Args:
        input (Tensor): the prediction, of any shape.
        target (Tensor): the target, of the same shape.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``; Target: ``(*)``, the same shape.
        - Output: a scalar, or ``(*)`` when ``reduction='none'``.

    Example:
        >>> F.mse_loss(glassnet.tensor([1.0, 2.0, 3.0]), glassnet.tensor([1.5, 2.0, 1.0]))
        tensor(1.4167)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check("mse_loss", reduction, input, target)
    return MseLoss.apply(input, _tensor(target, input), reduction)


def l1_loss(input: Any, target: Any, size_average: Any = None, reduce: Any = None,  # noqa: A002
            reduction: str = "mean") -> Any:
    """Computes the mean absolute error ``|input - target|`` (element-wise, then reduced).

    Args:
        input (Tensor): the prediction, of any shape.
        target (Tensor): the target, of the same shape.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``; Target: ``(*)``, the same shape.
        - Output: a scalar, or ``(*)`` when ``reduction='none'``.

    Example:
        >>> F.l1_loss(glassnet.tensor([1.0, 2.0, 3.0]), glassnet.tensor([1.5, 2.0, 1.0]))
        tensor(0.8333)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check("l1_loss", reduction, input, target)
    return L1Loss.apply(input, _tensor(target, input), reduction)


def smooth_l1_loss(input: Any, target: Any, size_average: Any = None, reduce: Any = None,  # noqa: A002
                   reduction: str = "mean", beta: float = 1.0) -> Any:
    """Computes the smooth L1 loss: ``0.5 * d**2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 * beta``.

    ``d = input - target``. It is less sensitive to outliers than :func:`mse_loss`; ``beta=0``
    gives :func:`l1_loss`.

    Args:
        input (Tensor): the prediction, of any shape.
        target (Tensor): the target, of the same shape.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        beta (float, optional): where the loss changes from quadratic to linear; non-negative.
            Default: ``1.0``.

    Shape:
        - Input: ``(*)``; Target: ``(*)``, the same shape.
        - Output: a scalar, or ``(*)`` when ``reduction='none'``.

    Example:
        >>> x, y = glassnet.tensor([0.5, 3.0]), glassnet.tensor([0.0, 0.0])
        >>> F.smooth_l1_loss(x, y, reduction='none')
        tensor([0.1250, 2.5000])
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check("smooth_l1_loss", reduction, input, target)
    if beta < 0:
        raise ValueError(f"smooth_l1_loss: beta must be >= 0, got {beta}")
    return SmoothL1Loss.apply(input, _tensor(target, input), beta, reduction)


def huber_loss(input: Any, target: Any, reduction: str = "mean", delta: float = 1.0) -> Any:  # noqa: A002
    """Computes the Huber loss: ``0.5 * d**2`` where ``|d| < delta``, else ``delta * (|d| - 0.5 * delta)``.

    ``d = input - target``. It equals ``delta * smooth_l1_loss(input, target, beta=delta)``.

    Args:
        input (Tensor): the prediction, of any shape.
        target (Tensor): the target, of the same shape.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        delta (float, optional): where the loss changes from quadratic to linear; must be positive.
            Default: ``1.0``.

    Shape:
        - Input: ``(*)``; Target: ``(*)``, the same shape.
        - Output: a scalar, or ``(*)`` when ``reduction='none'``.

    Example:
        >>> x, y = glassnet.tensor([0.5, 3.0]), glassnet.tensor([0.0, 0.0])
        >>> F.huber_loss(x, y, reduction='none')
        tensor([0.1250, 2.5000])
    """
    _check("huber_loss", reduction, input, target)
    if delta <= 0:
        raise ValueError(f"huber_loss: delta must be > 0, got {delta}")
    return SmoothL1Loss.apply(input, _tensor(target, input), delta, reduction) * delta


def _class_target(name: str, input: Any, target: Any, weight: Any, ignore_index: int) -> Any:
    """Validate class-index targets (N, d1..) for an (N, C, d1..) input; return the index array."""
    t = _arr(target)
    n_cls = input.shape[1]
    expected = (input.shape[0],) + tuple(input.shape[2:])
    if t.dtype.kind not in "iu":
        raise TypeError(f"{name}: class-index targets must be integers, got dtype {t.dtype} "
                        f"(pass probabilities with the input's shape {tuple(input.shape)} instead)")
    if tuple(t.shape) != expected:
        raise ValueError(f"{name}: expected target of shape {expected} for input of shape "
                         f"{tuple(input.shape)}, got {tuple(t.shape)}")
    bad = ((t < 0) | (t >= n_cls)) & (t != ignore_index)
    if bad.any():
        raise IndexError(f"{name}: target {int(t[bad].reshape(-1)[0])} is out of bounds for {n_cls} classes "
                         f"(valid: 0..{n_cls - 1}, or ignore_index={ignore_index})")
    if weight is not None and tuple(weight.shape) != (n_cls,):
        raise ValueError(
            f"{name}: weight must have shape ({n_cls},) (one per class), got {tuple(weight.shape)}")
    return t


def cross_entropy(input: Any, target: Any, weight: Any = None, size_average: Any = None,  # noqa: A002
                  ignore_index: int = -100, reduce: Any = None, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Any:
    """Computes the cross entropy loss between input logits and target.

    The input holds unnormalised scores (logits) for each class; the loss is
    :func:`nll_loss` of :func:`log_softmax` over dim 1. The target is either class indices
    (optionally ignored with ``ignore_index``) or class probabilities of the input's shape.

    Args:
        input (Tensor): logits of shape ``(C)``, ``(N, C)`` or ``(N, C, d1, ..., dK)``.
        target (Tensor): class indices in ``[0, C)`` of shape ``()``, ``(N)`` or ``(N, d1, ..., dK)``,
            or class probabilities of the input's shape.
        weight (Tensor, optional): a manual rescaling weight per class, of shape ``(C)``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        ignore_index (int, optional): a target value that is ignored and does not count towards the
            mean (class-index targets only). Default: ``-100``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. With class indices, ``'mean'``
            divides by the total weight of the non-ignored targets. Default: ``'mean'``.
        label_smoothing (float, optional): in ``[0, 1]``; the amount of smoothing, mixing the
            target with the uniform distribution. Default: ``0.0``.

    Shape:
        - Input: ``(C)``, ``(N, C)`` or ``(N, C, d1, ..., dK)``.
        - Target: ``()``, ``(N)`` or ``(N, d1, ..., dK)`` for indices; the input's shape for probabilities.
        - Output: a scalar, or the target's (index) shape when ``reduction='none'``.

    Example:
        >>> logits = glassnet.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]])
        >>> F.cross_entropy(logits, glassnet.tensor([0, 2]))
        tensor(0.1755)
        >>> F.cross_entropy(logits, glassnet.tensor([0, 2]), reduction='none')
        tensor([0.2413, 0.1096])
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check("cross_entropy", reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"cross_entropy: label_smoothing must be in [0, 1], got {label_smoothing}")
    if input.ndim == 0:
        raise ValueError("cross_entropy: input must have a class dimension, got a 0-d tensor")
    target = _as_target(target)
    unbatched = input.ndim == 1
    if unbatched:  # (C,) with a scalar target: treat as a batch of one
        input = input.unsqueeze(0)
        target = target.unsqueeze(0)
    w = None if weight is None else _arr(weight)
    probs = _arr(target).dtype.kind == "f"
    if probs:
        if tuple(target.shape) != tuple(input.shape):
            raise ValueError(f"cross_entropy: probability targets must have the input's shape "
                             f"{tuple(input.shape)}, got {tuple(target.shape)}")
        if w is not None and tuple(w.shape) != (input.shape[1],):
            raise ValueError(
                f"cross_entropy: weight must have shape ({input.shape[1]},), got {tuple(w.shape)}")
        out = CrossEntropy.apply(input, target, w, ignore_index, reduction, label_smoothing, True)
    else:
        t = _class_target("cross_entropy", input, target, w, ignore_index)
        out = CrossEntropy.apply(input, t, w, ignore_index, reduction, label_smoothing, False)
    return out.squeeze(0) if unbatched and reduction == "none" else out


def nll_loss(input: Any, target: Any, weight: Any = None, size_average: Any = None,  # noqa: A002
             ignore_index: int = -100, reduce: Any = None, reduction: str = "mean") -> Any:
    """Computes the negative log likelihood loss of class-index targets given log-probabilities.

    The loss of a sample is ``-weight[t] * input[t]`` where ``t`` is its target class; ``'mean'``
    divides the sum by the total weight of the non-ignored targets. Use it after :func:`log_softmax`
    (or use :func:`cross_entropy`, which does both).

    Args:
        input (Tensor): log-probabilities of shape ``(C)``, ``(N, C)`` or ``(N, C, d1, ..., dK)``.
        target (Tensor): class indices in ``[0, C)`` of shape ``()``, ``(N)`` or ``(N, d1, ..., dK)``.
        weight (Tensor, optional): a manual rescaling weight per class, of shape ``(C)``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        ignore_index (int, optional): a target value that is ignored and does not count towards the
            mean. Default: ``-100``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(C)``, ``(N, C)`` or ``(N, C, d1, ..., dK)``.
        - Target: ``()``, ``(N)`` or ``(N, d1, ..., dK)``.
        - Output: a scalar, or the target's shape when ``reduction='none'``.

    Example:
        >>> logp = F.log_softmax(glassnet.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]]), dim=1)
        >>> F.nll_loss(logp, glassnet.tensor([0, 2]))
        tensor(0.1755)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check("nll_loss", reduction)
    target = _as_target(target)
    unbatched = input.ndim == 1
    if unbatched:
        input = input.unsqueeze(0)
        target = target.unsqueeze(0)
    w = None if weight is None else _arr(weight)
    t = _class_target("nll_loss", input, target, w, ignore_index)
    out = NllLoss.apply(input, t, w, ignore_index, reduction)
    return out.squeeze(0) if unbatched and reduction == "none" else out


def binary_cross_entropy(input: Any, target: Any, weight: Any = None, size_average: Any = None,  # noqa: A002
                         reduce: Any = None, reduction: str = "mean") -> Any:
    """Measures the binary cross entropy between target probabilities and input probabilities.

    The loss per element is ``-w * (t * log(x) + (1 - t) * log(1 - x))``; as in PyTorch the logarithms
    are clamped at -100, so an input of exactly 0 or 1 gives a finite loss.

    Args:
        input (Tensor): probabilities in ``[0, 1]``, of any shape.
        target (Tensor): target probabilities of the same shape.
        weight (Tensor, optional): a rescaling weight broadcast to the input's shape. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean or the
            sum of the elementwise losses. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``, any shape.
        - Target: ``(*)``, the shape of the input.
        - Output: a scalar, or ``(*)`` when ``reduction='none'``.

    Example:
        >>> p = glassnet.tensor([0.9, 0.2, 0.6])
        >>> F.binary_cross_entropy(p, glassnet.tensor([1.0, 0.0, 1.0]))
        tensor(0.2798)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"binary_cross_entropy: target size {tuple(target.shape)} must be the same as the "
                         f"input size {tuple(input.shape)}")
    _check("binary_cross_entropy", reduction)
    p = input._data
    if p.size and (p.min() < 0 or p.max() > 1):
        raise ValueError("binary_cross_entropy: all elements of input should be between 0 and 1 "
                         "(use binary_cross_entropy_with_logits for raw scores)")
    return BinaryCrossEntropy.apply(input, _tensor(target, input), _arr(weight), reduction)


def binary_cross_entropy_with_logits(input: Any, target: Any, weight: Any = None,  # noqa: A002
                                     size_average: Any = None, reduce: Any = None, reduction: str = "mean",
                                     pos_weight: Any = None) -> Any:
    """Measures the binary cross entropy between targets and the sigmoid of the input logits.

    This combines a sigmoid and :func:`binary_cross_entropy` in one numerically stable op (it is
    finite for any logit). The loss per element is
    ``-w * (pos_weight * t * log(sigmoid(x)) + (1 - t) * log(1 - sigmoid(x)))``.

    Args:
        input (Tensor): logits of any shape.
        target (Tensor): target probabilities of the same shape.
        weight (Tensor, optional): a rescaling weight broadcast to the input's shape. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        pos_weight (Tensor, optional): a weight of positive examples, broadcast along the last
            (class) dimension. Default: ``None``.

    Shape:
        - Input: ``(*)``, any shape.
        - Target: ``(*)``, the shape of the input.
        - Output: a scalar, or ``(*)`` when ``reduction='none'``.

    Example:
        >>> logits = glassnet.tensor([2.0, -1.0, 0.5])
        >>> F.binary_cross_entropy_with_logits(logits, glassnet.tensor([1.0, 0.0, 1.0]))
        tensor(0.3048)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"binary_cross_entropy_with_logits: target size {tuple(target.shape)} must be the "
                         f"same as the input size {tuple(input.shape)}")
    _check("binary_cross_entropy_with_logits", reduction)
    return BinaryCrossEntropyWithLogits.apply(input, _tensor(target, input), _arr(weight), _arr(pos_weight),
                                              reduction)


def kl_div(input: Any, target: Any, size_average: Any = None, reduce: Any = None,  # noqa: A002
           reduction: str = "mean", log_target: bool = False) -> Any:
    """Computes the Kullback-Leibler divergence ``KL(target || input)`` with ``input`` as log-probabilities.

    The pointwise loss is ``target * (log(target) - input)`` (``exp(target) * (target - input)`` when
    ``log_target=True``). ``reduction='batchmean'`` divides the sum by the batch size (dim 0), which
    is the mathematically correct KL divergence; ``'mean'`` divides by the number of elements.

    Args:
        input (Tensor): log-probabilities, of any shape.
        target (Tensor): probabilities (log-probabilities if ``log_target``), of the same shape.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'batchmean'`` | ``'sum'`` | ``'mean'``. Default: ``'mean'``.
        log_target (bool, optional): whether ``target`` is given in log space. Default: ``False``.

    Shape:
        - Input: ``(*)``; Target: ``(*)``, the same shape.
        - Output: a scalar, or ``(*)`` when ``reduction='none'``.

    Example:
        >>> logq = F.log_softmax(glassnet.tensor([[1.0, 2.0, 3.0]]), dim=1)
        >>> p = glassnet.tensor([[0.2, 0.3, 0.5]])
        >>> F.kl_div(logq, p, reduction='batchmean')
        tensor(0.0780)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS + ("batchmean",):
        raise ValueError(f"kl_div: {reduction!r} is not a valid value for reduction")
    target = _tensor(target, input)
    if log_target:
        loss = target.exp() * (target - input)
    else:
        # target * log(target), defined as 0 where target == 0 (xlogy)
        pos = target._data > 0
        safe = elementwise_ops.Where.apply(pos, target, 1.0)
        loss = elementwise_ops.Where.apply(pos, target * safe.log(), 0.0) - target * input
    if reduction == "none":
        return loss
    if reduction == "batchmean":
        return loss.sum() / (input.shape[0] if input.ndim else 1)
    return loss.sum() if reduction == "sum" else loss.mean()


def one_hot(tensor: Any, num_classes: int = -1) -> Any:
    """Turns class indices into one-hot rows: a new last dimension of size ``num_classes``, int64.

    Args:
        tensor (Tensor): class indices (an integer tensor) of any shape.
        num_classes (int, optional): the number of classes; ``-1`` infers it as the largest index
            plus one. Default: ``-1``.

    Shape:
        - Input: ``(*)``.
        - Output: ``(*, num_classes)``.

    Example:
        >>> F.one_hot(glassnet.tensor([0, 2, 1]), num_classes=3)
        tensor([[1, 0, 0],
                [0, 0, 1],
                [0, 1, 0]])
    """
    t = _arr(tensor)
    if t.dtype.kind not in "iu":
        raise TypeError(f"one_hot is only applicable to index tensors, got dtype {t.dtype}")
    xp = array_module(t)
    if num_classes == -1:
        num_classes = int(t.max()) + 1 if t.size else 0
    if t.size and (t.min() < 0 or t.max() >= num_classes):
        raise RuntimeError(f"one_hot: class values must be in [0, {num_classes - 1}], "
                           f"got min {int(t.min())}, max {int(t.max())}")
    return Tensor._wrap((t[..., None] == xp.arange(num_classes)).astype(xp.int64))
