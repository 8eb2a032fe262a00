"""Scaled dot-product attention as one op: softmax(Q K^T * scale + mask) V, forward and backward together.

Shapes: q (..., L, E), k (..., S, E), v (..., S, Ev) -> (..., L, Ev). ``mask`` is an additive float mask
broadcastable to (..., L, S) (boolean masks are turned into 0 / -inf before the op). ``drop`` is the
dropout keep-mask already scaled by 1/(1-p), or None. The functional form that takes Tensors
(``F.scaled_dot_product_attention``) is in ``glassnet/nn/attention_functional.py``.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module


def _softmax(s, xp):
    """Row softmax along the last axis (stable: subtract the row max).

    A fully masked row (all -inf) gets weights 0, so its output is 0 and not NaN (PyTorch 2.13's rule):
    a padded query must not poison the batch.
    """
    m = s.max(axis=-1, keepdims=True, initial=-xp.inf)
    e = xp.exp(s - xp.where(m == -xp.inf, 0, m))
    total = e.sum(axis=-1, keepdims=True)
    e /= xp.where(total == 0, 1, total)
    return e


class ScaledDotProductAttention(Function):
    @staticmethod
    def forward(ctx, q, k, v, mask=None, drop=None, scale=1.0):
        xp = array_module(q, k, v)
        s = q @ k.mT
        s *= scale
        if mask is not None:
            s = s + mask
        p = _softmax(s, xp)  # attention weights
        pd = p if drop is None else p * drop
        ctx.save_for_backward(q, k, v, *(() if mask is None else (mask,)))
        ctx.p, ctx.drop, ctx.scale, ctx.has_mask = p, drop, scale, mask is not None
        return pd @ v

    @staticmethod
    def backward(ctx, g):
        q, k, v, *mask = ctx.saved_tensors
        ns, scale, drop = ctx.ns, ctx.scale, ctx.drop
        if ns.GRAPH:  # double backward: recompute the weights from Tensors so they are differentiable
            s = q @ k.mT * scale
            p = (s + mask[0] if mask else s).softmax(-1)
            p = ns.where(ctx.p.sum(axis=-1, keepdims=True) == 0, 0, p)  # fully masked rows stay 0
        else:
            p = ctx.p
        pd = p if drop is None else p * drop
        dv = pd.mT @ g
        dp = g @ v.mT
        if drop is not None:
            dp = dp * drop
        ds = p * (dp - ns.sum(dp * p, -1, True))  # back through the row softmax
        dq = ds @ k * scale
        dk = ds.mT @ q * scale
        dmask = ds if ctx.has_mask and ctx.needs_input_grad[3] else None
        return dq, dk, dv, dmask, None
