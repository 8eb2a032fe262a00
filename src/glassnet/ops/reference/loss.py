"""The readable cross-entropy: log_softmax, pick each target's log-probability, average.

This is the reference for the fused ``CrossEntropy`` op in ``glassnet/ops/loss.py`` (behind
``F.cross_entropy`` and ``nn.CrossEntropyLoss``), which does all of it in one op and writes the gradient
by hand as ``softmax - target`` (weighted and smoothed) without storing a log-softmax node. Here each
step is an ordinary tensor op and autograd finds that same gradient; ``tests/ops/test_references.py``
checks in float64 that the fused op gives the same values and gradients, with class weights,
``ignore_index``, ``label_smoothing`` and every reduction.
"""

from __future__ import annotations

from typing import Any


def log_softmax(x: Any, dim: int = 1) -> Any:
    """log(softmax(x)) = x - log(sum(exp(x))), shifted by the maximum so that exp cannot overflow.

    Args:
        x: logits.
        dim: the class axis.

    Example:
        >>> from glassnet.ops.reference.loss import log_softmax
        >>> log_softmax(glassnet.tensor([[0.0, 0.0]])).exp()
        tensor([[0.5000, 0.5000]])
    """
    shifted = x - x.max(dim, keepdim=True).values.detach()  # any constant shift cancels; the max is safe
    return shifted - shifted.exp().sum(dim, keepdim=True).log()


def cross_entropy(input: Any, target: Any, weight: Any = None, ignore_index: int = -100,  # noqa: A002
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Any:
    """Softmax cross-entropy from logits: the readable version of ``F.cross_entropy``.

    With class-index targets t, each element's loss is
    ``(1 - eps) * (-w[t] * logp[t]) + (eps / C) * (-sum_c w[c] * logp[c])``, elements whose target is
    ``ignore_index`` count zero, and ``"mean"`` divides by the summed weight ``sum w[t]`` of the kept
    elements (PyTorch's rule). With probability targets q (the input's shape) it is
    ``-sum_c w[c] * q'[c] * logp[c]`` with ``q' = (1 - eps) * q + eps / C``, and "mean" divides by the
    number of elements.

    Args:
        input: logits (N, C) or (N, C, d1, ...).
        target: class indices (N,) or (N, d1, ...), or class probabilities shaped like ``input``.
        weight: a weight per class (C,), or None.
        ignore_index: a class-index target value that contributes nothing.
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.
        label_smoothing: eps in [0, 1], the share of the target spread evenly over all classes.

    Example:
        >>> from glassnet.ops.reference.loss import cross_entropy
        >>> x, t = glassnet.randn(4, 3), glassnet.tensor([0, 2, 1, -100])
        >>> fast = F.cross_entropy(x, t, label_smoothing=0.1)
        >>> bool(glassnet.allclose(cross_entropy(x, t, label_smoothing=0.1), fast))
        True
    """
    logp = log_softmax(input, dim=1)
    C = input.shape[1]
    w = input.new_ones((C,)) if weight is None else weight
    w_c = w.reshape((1, C) + (1,) * (input.ndim - 2))  # the class weights along the class axis
    eps = label_smoothing
    if target.dtype.is_floating_point:  # class probabilities
        q = (1 - eps) * target + eps / C
        loss = -(w_c * q * logp).sum(1)
        return _reduce(loss, reduction, loss.numel())
    keep = target != ignore_index
    t = target.where(keep, 0)  # any valid class where ignored: the mask below zeroes those elements
    picked = logp.gather(1, t.unsqueeze(1)).squeeze(1)  # logp[n, t[n]]
    w_t = w[t] * keep  # each element's weight; 0 where ignored
    loss = (1 - eps) * (-w_t * picked) + (eps / C) * -(w_c * logp).sum(1) * keep
    return _reduce(loss, reduction, w_t.sum())


def _reduce(loss: Any, reduction: str, denominator: Any) -> Any:
    if reduction == "none":
        return loss
    return loss.sum() if reduction == "sum" else loss.sum() / denominator
