"""Cumulative (scan) ops along one axis: cumsum, cumprod, logcumsumexp, and the running argmax/argmin
behind cummax/cummin (whose values are a gather, so their gradient comes from Gather).
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module


def _flip(a, axis):
    return array_module(a).flip(a, axis)


def cumsum_array(a, axis, reverse=False):
    """Running sum along axis; ``reverse`` sums from the end (the backward of a forward cumsum)."""
    xp = array_module(a)
    if reverse:
        return _flip(xp.cumsum(_flip(a, axis), axis=axis, dtype=a.dtype), axis)
    return xp.cumsum(a, axis=axis, dtype=a.dtype)


def logcumsumexp_array(a, axis, reverse=False):
    """Running log(sum(exp)) along axis, exact and stable through logaddexp.accumulate."""
    xp = array_module(a)
    if a.shape[axis] == 0:
        return a.copy()
    if reverse:
        return _flip(xp.logaddexp.accumulate(_flip(a, axis), axis=axis), axis)
    return xp.logaddexp.accumulate(a, axis=axis)


class CumSum(Function):
    @staticmethod
    def forward(ctx, a, axis, reverse=False):
        ctx.axis, ctx.reverse = axis, reverse
        return cumsum_array(a, axis, reverse)

    @staticmethod
    def backward(ctx, g):
        # each input feeds every later (earlier, if reversed) output: the gradient is a scan the other way
        if ctx.ns.GRAPH:
            return CumSum.apply(g, ctx.axis, not ctx.reverse)
        return cumsum_array(g, ctx.axis, not ctx.reverse)


class CumProd(Function):
    """Running product. The gradient is exact even with zeros: PyTorch's first-zero formula.

    Before the first zero along the axis, d out_j / d a_k = out_j / a_k. At the first zero z the
    gradient is sum_{j>=z} g_j * prod_{i<=j, i!=z} a_i. After it, every product holds a_z = 0.
    """

    @staticmethod
    def forward(ctx, a, axis):
        xp = array_module(a)
        out = xp.cumprod(a, axis=axis, dtype=a.dtype)
        zeros_seen = xp.cumsum(a == 0, axis=axis)
        ctx.before = zeros_seen == 0  # positions before the first zero
        ctx.one_zero = zeros_seen == 1  # from the first zero up to (not including) the second
        ctx.first = (a == 0) & ctx.one_zero
        ctx.has_zero = bool(ctx.first.any())
        ctx.axis = axis
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        ns, axis = ctx.ns, ctx.axis
        graph = ns.GRAPH
        if a.shape[axis] <= 1:  # out is a itself: the gradient passes through (no out / a, which is nan at inf)
            return g

        def rev_cumsum(x):
            return CumSum.apply(x, axis, True) if graph else cumsum_array(x, axis, True)

        if not ctx.has_zero:
            return rev_cumsum(g * out) / a
        if graph:
            return _cumprod_grad_pairwise(ns, a, g, axis)
        xp = array_module(a)
        # Before the first zero only the outputs before it count: every later one holds a_z = 0 (and
        # 0 * inf = nan would leak in from an inf after the zero), as in PyTorch's formula.
        grad = rev_cumsum(xp.where(ctx.before, g * out, 0)) / xp.where(ctx.before, a, 1)
        # At the first zero z: prod_{i<z} a_i * sum_{j>=z} g_j prod_{z<i<=j} a_i, with the prefix product taken
        # out of the sum and the sum stopped at the second zero, as PyTorch does: a = [-inf, 0, 0] gives -inf
        # there, not -inf * 0 = nan.
        prefix = xp.prod(xp.where(ctx.before, a, 1), axis=axis, keepdims=True)
        after = xp.cumprod(xp.where(ctx.one_zero & ~ctx.first, a, 1), axis=axis)
        at_zero = prefix * rev_cumsum(xp.where(ctx.one_zero, g * after, 0))
        return xp.where(ctx.before, grad, xp.where(ctx.first, at_zero, 0))


def _cumprod_grad_pairwise(ns, a, g, axis):
    """grad_k = sum_{j>=k} g_j prod_{i<=j, i!=k} a_i from an n x n table of products (O(n^2) memory).

    Used only under create_graph when a has zeros: unlike the first-zero formula it stays a smooth
    function of every a_i, so its own derivative (the second derivative of cumprod) is right too.
    """
    xp = array_module(a._data)
    n = a.shape[axis]
    perm = [i for i in range(a.ndim) if i != axis] + [axis]
    inv = [0] * a.ndim
    for i, p in enumerate(perm):
        inv[p] = i
    a_last, g_last = ns.permute(a, perm), ns.permute(g, perm)
    eye = xp.eye(n, dtype=bool)
    # row k of the table is a with a_k replaced by 1; its running product skips a_k
    table = CumProd.apply(ns.where(eye, 1, ns.unsqueeze(a_last, -2)), a.ndim)
    upper = xp.triu(xp.ones((n, n), dtype=a._data.dtype))  # only j >= k contributes
    grad = ns.sum(table * upper * ns.unsqueeze(g_last, -2), -1, False)
    return ns.permute(grad, inv)


class LogCumSumExp(Function):
    """Running logsumexp. The gradient sum_{j>=k} g_j exp(a_k - out_j) is itself a reversed
    logcumsumexp, taken separately over the positive and negative parts of g so nothing overflows."""

    @staticmethod
    def forward(ctx, a, axis, reverse=False):
        out = logcumsumexp_array(a, axis, reverse)
        ctx.axis, ctx.reverse = axis, reverse
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        ns, axis, rev = ctx.ns, ctx.axis, not ctx.reverse
        if ns.GRAPH:
            def scan(x):
                return LogCumSumExp.apply(x, axis, rev)
        else:
            def scan(x):
                return logcumsumexp_array(x, axis, rev)
        xp = array_module(a._data if ns.GRAPH else a)
        with xp.errstate(divide="ignore"):
            neg_inf = float("-inf")
            log_pos = ns.log(ns.where(g > 0, g, 1))
            log_neg = ns.log(ns.where(g < 0, -g, 1))
            pos = ns.exp(scan(ns.where(g > 0, log_pos - out, neg_inf)) + a)
            neg = ns.exp(scan(ns.where(g < 0, log_neg - out, neg_inf)) + a)
        return pos - neg


def running_arg_extreme(a, axis, largest):
    """Indices of the running max (or min) along axis; ties and NaNs move the index forward, as in PyTorch."""
    xp = array_module(a)
    moved = xp.moveaxis(a, axis, 0)
    idx = xp.zeros(moved.shape, dtype="int64")
    if moved.shape[0] == 0:
        return xp.moveaxis(idx, 0, axis)
    best = moved[0].copy()
    cur = xp.zeros(moved.shape[1:], dtype="int64")
    for i in range(1, moved.shape[0]):
        x = moved[i]
        better = (x >= best) if largest else (x <= best)
        if moved.dtype.kind == "f":
            better |= xp.isnan(x)
        best = xp.where(better, x, best)
        cur = xp.where(better, i, cur)
        idx[i] = cur
    return xp.moveaxis(idx, 0, axis)
