"""Loss ops, one fused op per loss, on raw arrays; their functional forms (``F.cross_entropy`` ...)
are in ``glassnet/nn/loss_functional.py``.

Reductions follow PyTorch: 'none' keeps the per-element loss, 'sum' adds it up, 'mean' divides by
the number of elements, except for class-index cross-entropy/NLL, whose weighted mean divides by
the total weight of the targets that are not ``ignore_index``.
"""

from __future__ import annotations

from typing import Any

from ..autograd.function import Function
from ..backend import array_module
from . import activation as activation_ops
from . import elementwise as elementwise_ops
from . import reduce as reduce_ops


def _reduce(loss: Any, reduction: str, denom: Any = None) -> Any:
    if reduction == "none":
        return loss
    xp = array_module(loss)
    total = loss.sum()
    if reduction == "sum":
        return xp.asarray(total, dtype=loss.dtype)
    with xp.errstate(invalid="ignore", divide="ignore"):  # all targets ignored: NaN, as in PyTorch
        return xp.asarray(total / (loss.size if denom is None else denom), dtype=loss.dtype)


def _scale(ctx: Any, g: Any) -> Any:
    """The upstream gradient for each element's loss (the backward of _reduce)."""
    if ctx.reduction == "mean":
        # A batch whose targets are all ignore_index has a NaN mean loss (0 / 0) but a zero gradient, as in
        # PyTorch: one all-padding batch must not turn every weight into NaN.
        return g * (1.0 / ctx.denom if ctx.denom else 0.0)
    return g


# ---- regression losses -----------------------------------------------------------------------
class MseLoss(Function):
    """(a - b)^2."""

    @staticmethod
    def forward(ctx, a, b, reduction="mean"):
        d = a - b
        ctx.save_for_backward(a, b)
        ctx.reduction, ctx.denom = reduction, d.size
        return _reduce(d * d, reduction)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        ga = (a - b) * 2 * _scale(ctx, g)
        return ga, (-ga if ctx.needs_input_grad[1] else None)


class L1Loss(Function):
    """``|a - b|``."""

    @staticmethod
    def forward(ctx, a, b, reduction="mean"):
        d = a - b
        xp = array_module(d)
        sign = xp.sign(d)
        ctx.sign = xp.where(xp.isnan(sign), 0, sign)  # PyTorch's sign is 0 at NaN: no NaN gradient
        ctx.reduction, ctx.denom = reduction, d.size
        return _reduce(array_module(d).abs(d), reduction)

    @staticmethod
    def backward(ctx, g):
        ga = _scale(ctx, g) * ctx.sign
        return ga, (-ga if ctx.needs_input_grad[1] else None)


class SmoothL1Loss(Function):
    """``0.5 d^2 / beta`` where ``|d| < beta``, ``|d| - 0.5 beta`` elsewhere (``d = a - b``)."""

    @staticmethod
    def forward(ctx, a, b, beta=1.0, reduction="mean"):
        xp = array_module(a, b)
        d = a - b
        ad = xp.abs(d)
        if beta == 0:
            loss = ad
        else:
            loss = xp.where(ad < beta, 0.5 * d * d / beta, ad - 0.5 * beta).astype(d.dtype, copy=False)
        ctx.save_for_backward(a, b)
        ctx.beta, ctx.reduction, ctx.denom = beta, reduction, d.size
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        ns = ctx.ns
        d = a - b
        sign = ns.sign(d)
        # PyTorch's branches: -1 below -beta, 1 above beta, d / beta between (and at NaN, so NaN passes).
        beta = ctx.beta
        grad = sign if beta == 0 else ns.where(d < -beta, -1.0, ns.where(d > beta, 1.0, d * (1.0 / beta)))
        ga = grad * _scale(ctx, g)
        return ga, (-ga if ctx.needs_input_grad[1] else None)


# ---- classification losses -------------------------------------------------------------------
def _class_weights(weight: Any, ndim: int) -> Any:
    """Class weights shaped to broadcast along the class axis (axis 1)."""
    return weight.reshape((1, -1) + (1,) * (ndim - 2))


def _class_index(t: Any) -> tuple:
    """Index picking x[n, t[n, d..], d..] from an (N, C, d..) array: the result has t's shape."""
    grids = array_module(t).indices(t.shape, sparse=True)
    return (grids[0], t) + tuple(grids[1:])


def _per_class(eps: float, n_cls: int) -> float:
    """Label smoothing's share per class (nothing to share with zero classes)."""
    return eps / n_cls if n_cls else 0.0


def _picked(x: Any, index: tuple, n_cls: int) -> Any:
    """x at each element's target class; with zero classes (all targets ignored) there is nothing to pick."""
    return x[index] if n_cls else array_module(x).zeros(index[1].shape, dtype=x.dtype)


class CrossEntropy(Function):
    """log_softmax over the class axis (1) and the negative log-likelihood, in one op.

    Each element's loss is -sum_c q_c log p_c with q the (weighted, smoothed) target distribution,
    so the gradient w.r.t. the logits is (sum_c q_c) * softmax - q: no log-softmax node is stored.
    ``target`` holds class indices (N, d1..) or probabilities shaped like the input. The readable
    version (log_softmax, gather, mean as separate tensor ops) is ``cross_entropy`` in
    ``glassnet/ops/reference/loss.py``; ``tests/ops/test_references.py`` checks this op against it.
    """

    @staticmethod
    def forward(ctx, x, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0,
                probs=False):
        xp = array_module(x)
        n_cls = x.shape[1]
        logp = x - x.max(axis=1, keepdims=True, initial=-xp.inf)  # initial: zero classes is valid input
        softmax = xp.exp(logp)
        total = softmax.sum(axis=1, keepdims=True)
        logp -= xp.log(total)
        softmax /= total  # kept for backward: the gradient is built from it without another exp
        eps = label_smoothing
        wb = None if weight is None else _class_weights(weight, x.ndim)
        ctx.n_cls, ctx.eps, ctx.probs, ctx.reduction = n_cls, eps, probs, reduction
        ctx.weight, ctx.wb = weight, wb
        if probs:
            q = target * (1 - eps) + _per_class(eps, n_cls) if eps else target
            if wb is not None:
                q = q * wb
            loss = -(q * logp).sum(axis=1)
            ctx.denom = loss.size
            ctx.save_for_backward(x, logp, target)
            return _reduce(loss.astype(x.dtype, copy=False), reduction)
        valid = target != ignore_index
        t = xp.where(valid, target, 0)
        wt = valid.astype(x.dtype) if weight is None else weight[t] * valid
        index = _class_index(t)
        loss = xp.where(valid, -wt * _picked(logp, index, n_cls), 0)  # ignored: 0, even where the logit is inf
        if eps:
            smooth = -(logp.sum(axis=1) if wb is None else (logp * wb).sum(axis=1))
            loss = xp.where(valid, (1 - eps) * loss + _per_class(eps, n_cls) * smooth, 0)
        ctx.index, ctx.wt, ctx.valid = index, wt, valid
        ctx.denom = wt.sum()
        ctx.save_for_backward(x, logp, softmax)
        return _reduce(loss.astype(x.dtype, copy=False), reduction, ctx.denom)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        saved = ctx.saved_tensors
        x, logp = saved[0], saved[1]
        if ns.GRAPH:
            logp = reduce_ops.LogSoftmax.apply(x, 1)
        scale = _scale(ctx, g)
        if ctx.reduction == "none":
            scale = ns.unsqueeze(scale, 1)
        eps, n_cls, wb = ctx.eps, ctx.n_cls, ctx.wb
        if ctx.probs:
            target = saved[2]
            q = target * (1 - eps) + _per_class(eps, n_cls) if eps else target
            if wb is not None:
                q = q * wb
            gx = (ns.sum(q, 1, True) * ns.exp(logp) - q) * scale if ctx.needs_input_grad[0] else None
            gt = None
            if ctx.needs_input_grad[1]:
                gt = logp * (-(1 - eps)) * scale
                if wb is not None:
                    gt = gt * wb
            return gx, gt
        xp = array_module(ctx.wt)
        if not ns.GRAPH and not eps:  # the common case in two passes: softmax * w, minus w at the target
            w = ctx.wt * (scale if ctx.reduction != "none" else g)  # each element's weight, t's shape
            gx = saved[2] * xp.expand_dims(w, 1)
            if ctx.n_cls:
                gx[ctx.index] -= w
            return gx, None
        wt, valid = ctx.wt[:, None], ctx.valid[:, None]
        # q = (1 - eps) * wt * onehot(t) + (eps / C) * w * valid, built densely: one small array.
        q = xp.zeros(logp.shape, dtype=wt.dtype)
        if n_cls:
            q[ctx.index] = (1 - eps) * ctx.wt
        qsum = (1 - eps) * wt
        if eps:
            w_all = 1.0 if wb is None else wb
            q = q + (_per_class(eps, n_cls)) * w_all * valid
            qsum = qsum + (_per_class(eps, n_cls)) * (n_cls if wb is None else ctx.weight.sum()) * valid
        return (ns.exp(logp) * qsum - q) * scale, None


class NllLoss(Function):
    """-weight[t] * x[t] for log-probabilities x with the class axis 1."""

    @staticmethod
    def forward(ctx, x, target, weight=None, ignore_index=-100, reduction="mean"):
        xp = array_module(x)
        valid = target != ignore_index
        t = xp.where(valid, target, 0)
        wt = valid.astype(x.dtype) if weight is None else weight[t] * valid
        ctx.index, ctx.wt, ctx.shape = _class_index(t), wt, x.shape
        loss = xp.where(valid, -wt * _picked(x, ctx.index, x.shape[1]), 0)  # ignored: 0, even at x = -inf
        ctx.reduction, ctx.denom = reduction, wt.sum()
        return _reduce(loss.astype(x.dtype, copy=False), reduction, ctx.denom)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        gvals = _scale(ctx, g) * -ctx.wt  # one value per (n, d..), put at its target class
        if not ctx.shape[1]:  # no classes: every target was ignore_index, nothing to put anywhere
            return array_module(ctx.wt).zeros(ctx.shape, dtype=ctx.wt.dtype), None
        return ns.index_into_zeros(gvals, ctx.shape, ctx.index), None


class BinaryCrossEntropy(Function):
    """-w (y log p + (1 - y) log(1 - p)), logs clamped at -100 as in PyTorch."""

    @staticmethod
    def forward(ctx, p, y, weight=None, reduction="mean"):
        xp = array_module(p)
        with xp.errstate(divide="ignore"):  # log(0) = -inf, clamped to -100 like PyTorch
            logp = xp.maximum(xp.log(p), -100)
            log1mp = xp.maximum(xp.log1p(-p), -100)
        loss = -(y * logp + (1 - y) * log1mp)
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(p, y)
        ctx.w = weight
        ctx.logs = (logp, log1mp)
        ctx.reduction, ctx.denom = reduction, loss.size
        return _reduce(loss.astype(p.dtype, copy=False), reduction)

    @staticmethod
    def backward(ctx, g):
        p, y = ctx.saved_tensors
        w, ns = ctx.w, ctx.ns
        scale = _scale(ctx, g) if w is None else _scale(ctx, g) * w
        gp = gy = None
        if ctx.needs_input_grad[0]:
            denom = (1 - p) * p
            gp = (p - y) / ns.where(denom > 1e-12, denom, 1e-12) * scale
        if ctx.needs_input_grad[1]:
            # Unclamped logs, as PyTorch: the target's gradient at p = 0 or 1 is infinite, not +-100.
            with array_module(ctx.logs[0]).errstate(divide="ignore", invalid="ignore"):
                gy = (ns.log(1 - p) - ns.log(p)) * scale
        return gp, gy, None


class BinaryCrossEntropyWithLogits(Function):
    """BCE of sigmoid(x), computed stably: (1 - y) x + (1 + (pw - 1) y) softplus(-x), times w."""

    @staticmethod
    def forward(ctx, x, y, weight=None, pos_weight=None, reduction="mean"):
        xp = array_module(x)
        sp_neg = xp.logaddexp(0, -x)  # softplus(-x) = -log(sigmoid(x)), finite for any x
        lw = 1 if pos_weight is None else 1 + (pos_weight - 1) * y
        loss = (1 - y) * x + lw * sp_neg
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(x, y)
        ctx.w, ctx.pw, ctx.sp_neg = weight, pos_weight, sp_neg
        ctx.reduction, ctx.denom = reduction, loss.size
        return _reduce(loss.astype(x.dtype, copy=False), reduction)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        w, pw, ns = ctx.w, ctx.pw, ctx.ns
        scale = _scale(ctx, g) if w is None else _scale(ctx, g) * w
        gx = gy = None
        if ctx.needs_input_grad[0]:
            s = elementwise_ops.Sigmoid.apply(x) if ns.GRAPH else activation_ops._sigmoid(x)
            lw = 1 if pw is None else (pw - 1) * y + 1
            gx = ((1 - y) - lw * (1 - s)) * scale
        if ctx.needs_input_grad[1]:
            gy = -x * scale
            if pw is not None:
                sp_neg = activation_ops.Softplus.apply(-x, 1.0, 20.0) if ns.GRAPH else ctx.sp_neg
                gy = gy + (pw - 1) * sp_neg * scale
        return gx, gy, None, None
