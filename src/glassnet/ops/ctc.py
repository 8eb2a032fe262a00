"""Connectionist Temporal Classification loss: the alpha-beta recursions in log space.

CTC sums the probability of every frame-level path that collapses (merge repeats, drop blanks)
to the target. Interleave the target with blanks, l' = (blank, l1, blank, l2, ..., blank), length
S' = 2S + 1. The forward variable alpha_t(s) is the log-probability of all path prefixes that end
in l'_s at time t:

    alpha_t(s) = logsumexp(alpha_{t-1}(s), alpha_{t-1}(s-1), [alpha_{t-1}(s-2)]) + log y_t(l'_s)

where the skip from s-2 is allowed only onto a label that differs from the label two back (a
repeated label needs a blank between). The loss is -log p with p = alpha_{T-1}(S'-1) +
alpha_{T-1}(S'-2). The backward variable beta is the same recursion run from the end; alpha*beta
at (t, s) is then the probability of all complete paths through l'_s at time t, which gives the
gradient. All samples of a batch run together, padded to the longest S' and T (padding stays at
-inf, i.e. probability 0).

Like PyTorch, the gradient is ``exp(log_probs) - exp(log(sum alpha*beta) + nll - log_probs)``: it
treats log_probs as normalised (the output of log_softmax), which is how CTC is used; downstream of
a log_softmax it equals the exact gradient.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module


def _lse(xp, *terms):
    """logsumexp of same-shaped arrays, elementwise; all -inf gives -inf (no nan)."""
    m = terms[0]
    for t in terms[1:]:
        m = xp.maximum(m, t)
    safe = xp.where(xp.isfinite(m), m, 0.0)
    total = sum(xp.exp(t - safe) for t in terms)
    with xp.errstate(divide="ignore"):
        return xp.log(total) + safe


def _extended(xp, targets, target_lengths, blank, s_ext):
    """Blank-interleaved labels (N, S') and whether the two-back skip onto s is allowed (N, S')."""
    n = len(target_lengths)
    ext = xp.full((n, s_ext), blank, dtype=xp.int64)
    ext[:, 1::2] = targets[:, : (s_ext - 1) // 2]
    skip = xp.zeros((n, s_ext), dtype=bool)
    skip[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
    return ext, skip


def ctc_forward_backward(lp, targets, input_lengths, target_lengths, blank):
    """Per-sample nll (N,) and, for the gradient, log(sum alpha*beta) per (t, n, class)."""
    xp = array_module(lp)
    t_max, n, c = lp.shape
    s_ext = 2 * (int(target_lengths.max()) if n else 0) + 1
    ext, skip = _extended(xp, targets, target_lengths, blank, s_ext)
    valid = xp.arange(s_ext)[None, :] < (2 * target_lengths + 1)[:, None]  # (N, S') inside each l'
    rows = xp.arange(n)[:, None]
    emit = lp[:, rows, ext]  # (T, N, S'): log y_t(l'_s)
    neg = xp.asarray(-xp.inf, dtype=lp.dtype)
    alpha = xp.full((t_max, n, s_ext), neg, dtype=lp.dtype)
    alpha[0, :, 0] = emit[0, :, 0]
    if s_ext > 1:
        alpha[0, :, 1] = xp.where(target_lengths > 0, emit[0, :, 1], neg)
    for t in range(1, t_max):
        prev = alpha[t - 1]
        one = xp.concatenate([xp.full((n, 1), neg, lp.dtype), prev[:, :-1]], 1)
        two = xp.concatenate([xp.full((n, 2), neg, lp.dtype), prev[:, :-2]], 1)[:, :s_ext]
        alpha[t] = xp.where(valid, _lse(xp, prev, one, xp.where(skip, two, neg)) + emit[t], neg)
    last_t = xp.maximum(input_lengths - 1, 0)
    end = 2 * target_lengths  # index of the final blank in each l'
    a_last = alpha[last_t, xp.arange(n)]  # (N, S')
    tail = xp.where(target_lengths > 0, a_last[xp.arange(n), xp.maximum(end - 1, 0)], neg)
    nll = -_lse(xp, a_last[xp.arange(n), end], tail)
    nll = xp.where(input_lengths > 0, nll, xp.where(target_lengths > 0, xp.inf, 0.0)).astype(lp.dtype)

    beta = xp.full((t_max, n, s_ext), neg, dtype=lp.dtype)
    skip_back = xp.zeros((n, s_ext), dtype=bool)  # from s onto s+2 (the same rule, seen from s+2)
    skip_back[:, :-2] = skip[:, 2:]
    for t in range(t_max - 1, -1, -1):
        start = xp.full((n, s_ext), neg, lp.dtype)
        on_end = xp.arange(s_ext)[None, :] == end[:, None]
        before_end = (xp.arange(s_ext)[None, :] == (end - 1)[:, None]) & (target_lengths > 0)[:, None]
        start = xp.where(on_end | before_end, emit[t], start)
        if t + 1 < t_max:
            nxt = beta[t + 1]
            one = xp.concatenate([nxt[:, 1:], xp.full((n, 1), neg, lp.dtype)], 1)
            two = xp.concatenate([nxt[:, 2:], xp.full((n, 2), neg, lp.dtype)], 1)[:, :s_ext]
            rec = _lse(xp, nxt, one, xp.where(skip_back, two, neg)) + emit[t]
        else:
            rec = xp.full((n, s_ext), neg, lp.dtype)
        here = (t == input_lengths - 1)[:, None]
        inside = (t < input_lengths - 1)[:, None]
        beta[t] = xp.where(valid & here, start, xp.where(valid & inside, rec, neg))

    # log(sum over s with l'_s = c of alpha*beta), per (t, n): a log-space scatter-add over classes.
    ab = alpha + beta
    m = ab.max(axis=2, keepdims=True)
    m = xp.where(xp.isfinite(m), m, 0.0)
    acc = xp.zeros((t_max, n, c), dtype=lp.dtype)
    tt = xp.arange(t_max)[:, None, None]
    nn_ = xp.arange(n)[None, :, None]
    xp.add.at(acc, (xp.broadcast_to(tt, ab.shape), xp.broadcast_to(nn_, ab.shape),
                    xp.broadcast_to(ext[None], ab.shape)), xp.exp(ab - m))
    with xp.errstate(divide="ignore"):
        lcab = xp.log(acc) + m
    return nll, lcab


class CTCLoss(Function):
    """Per-sample CTC negative log-likelihood (N,) of log_probs (T, N, C); targets padded to (N, S)."""

    @staticmethod
    def forward(ctx, log_probs, targets, input_lengths, target_lengths, blank, zero_infinity):
        xp = array_module(log_probs)
        nll, lcab = ctc_forward_backward(log_probs, targets, input_lengths, target_lengths, blank)
        inf = xp.isinf(nll)
        ctx.lcab, ctx.nll, ctx.inf = lcab, nll, inf
        ctx.input_lengths, ctx.zero_infinity = input_lengths, zero_infinity
        ctx.save_for_backward(log_probs)
        return xp.where(inf, 0.0, nll).astype(nll.dtype) if zero_infinity else nll

    @staticmethod
    def backward(ctx, g):
        if ctx.ns.GRAPH:
            raise NotImplementedError("double backward through ctc_loss is not supported")
        (lp,) = ctx.saved_tensors
        xp = array_module(lp)
        with xp.errstate(over="ignore", invalid="ignore"):
            grad = (xp.exp(lp) - xp.exp(ctx.lcab + ctx.nll[None, :, None] - lp)) * g[None, :, None]
        t_idx = xp.arange(lp.shape[0])[:, None, None]
        keep = t_idx < ctx.input_lengths[None, :, None]
        if ctx.zero_infinity:
            keep = keep & ~ctx.inf[None, :, None]
        return xp.where(keep, grad, 0.0).astype(lp.dtype), None, None, None
