"""Scaled dot-product attention as one op: softmax(Q K^T * scale + mask) V, forward and backward together.

Shapes: q (..., L, E), k (..., S, E), v (..., S, Ev) -> (..., L, Ev). ``mask`` is an additive float mask
broadcastable to (..., L, S) (boolean masks are turned into 0 / -inf before the op). ``drop`` is the
dropout keep-mask already scaled by 1/(1-p), or None.
"""

from __future__ import annotations

import math
from typing import Any

from ..autograd.function import Function
from ..backend import array_module, generator
from ..tensor import Tensor


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


def _float_mask(mask: Any, dtype: Any, xp: Any) -> Any:
    """A boolean 'take part' mask as an additive 0 / -inf float array; float masks pass through."""
    m = mask._data if isinstance(mask, Tensor) else mask
    if m.dtype == bool:
        out = xp.zeros(m.shape, dtype=dtype)
        out[~m] = -xp.inf
        return out
    return mask


def _repeat_heads(query: Tensor, key: Tensor, value: Tensor) -> tuple:
    """Grouped-query attention: repeat each key/value head so every group of query heads shares one.

    As PyTorch's repeat_interleave over dim -3: head h of the result is input head h // (Hq / Hkv).
    """
    for t in (query, key, value):
        if t.ndim < 3:
            raise IndexError(
                f"scaled_dot_product_attention(enable_gqa=True): Dimension out of range (expected to be in range "
                f"of [-{t.ndim}, {t.ndim - 1}], but got -3): query, key and value need a heads dim, got shapes "
                f"{tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}"
            )
    hq, hk, hv = query.shape[-3], key.shape[-3], value.shape[-3]
    if hq % hk or hq % hv:
        raise RuntimeError(
            "scaled_dot_product_attention: Number of heads in key and value must divide the number of heads in "
            f"query (query has {hq} heads, key {hk}, value {hv})"
        )

    def repeat(t: Tensor) -> Tensor:
        h = t.shape[-3]
        if h == hq:
            return t
        lead, rest = tuple(t.shape[:-3]), tuple(t.shape[-2:])
        grouped = t.unsqueeze(-3).expand(*lead, h, hq // h, *rest)
        return grouped.reshape(*lead, hq, *rest)

    return repeat(key), repeat(value)


def scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, attn_mask: Any = None,
                                 dropout_p: float = 0.0, is_causal: bool = False, scale: float | None = None,
                                 enable_gqa: bool = False) -> Tensor:
    """Computes scaled dot product attention ``softmax(Q K^T * scale + mask) V``, with optional dropout.

    ``scale`` defaults to ``1 / sqrt(E)``. A boolean ``attn_mask`` marks with ``True`` the positions
    that take part (the others get ``-inf`` before the softmax); a float mask is added to the scores.
    ``is_causal=True`` applies a lower-triangular mask (pass it or ``attn_mask``, not both).
    Unlike PyTorch there are no fused kernels: this is one glassnet op with a hand-written backward.

    Args:
        query (Tensor): queries, ``(N, ..., L, E)``.
        key (Tensor): keys, ``(N, ..., S, E)``.
        value (Tensor): values, ``(N, ..., S, Ev)``.
        attn_mask (Tensor, optional): a boolean or float mask broadcastable to ``(N, ..., L, S)``.
            Default: ``None``.
        dropout_p (float, optional): the dropout probability of the attention weights. Default: ``0.0``.
        is_causal (bool, optional): apply a causal mask. Default: ``False``.
        scale (float, optional): the scaling of ``Q K^T``; ``None`` means ``1 / sqrt(E)``. Default: ``None``.
        enable_gqa (bool, optional): grouped-query attention: key and value may have fewer heads
            (dim -3) than the query, each shared by a group of query heads. Default: ``False``.

    Shape:
        - Query: ``(N, ..., L, E)``; Key: ``(N, ..., S, E)``; Value: ``(N, ..., S, Ev)``.
        - Output: ``(N, ..., L, Ev)``.

    Example:
        >>> q = glassnet.randn(2, 4, 5, 8)
        >>> k, v = glassnet.randn(2, 4, 6, 8), glassnet.randn(2, 4, 6, 3)
        >>> F.scaled_dot_product_attention(q, k, v).shape
        glassnet.Size([2, 4, 5, 3])
        >>> v1 = glassnet.tensor([[[1.0], [2.0]]])
        >>> F.scaled_dot_product_attention(glassnet.ones(1, 2, 1), glassnet.ones(1, 2, 1), v1, is_causal=True)
        tensor([[[1.0000],
                 [1.5000]]])
    """
    if query.ndim < 2 or key.ndim < 2 or value.ndim < 2:
        raise RuntimeError(
            f"scaled_dot_product_attention: query, key and value need at least 2 dims, got "
            f"{tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}"
        )
    if query.shape[-1] != key.shape[-1] or key.shape[-2] != value.shape[-2]:
        raise RuntimeError(
            f"scaled_dot_product_attention: shapes do not match: query {tuple(query.shape)} and key "
            f"{tuple(key.shape)} need the same last dim; key and value the same length (dim -2), value "
            f"is {tuple(value.shape)}"
        )
    if enable_gqa:
        key, value = _repeat_heads(query, key, value)
    xp = array_module(query._data)
    dtype = query._data.dtype
    L, S = query.shape[-2], key.shape[-2]
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError(
                "scaled_dot_product_attention: pass either attn_mask or is_causal=True, not both"
            )
        attn_mask = xp.tril(xp.ones((L, S), dtype=bool))
    mask = None if attn_mask is None else _float_mask(attn_mask, dtype, xp)
    drop = None
    if dropout_p > 0:
        if dropout_p >= 1:
            drop = xp.zeros(query.shape[:-2] + (L, S), dtype=dtype)
        else:
            shape = tuple(max(a, b) for a, b in zip(query.shape[:-2], key.shape[:-2])) + (L, S)
            drop = xp.asarray((generator().random(shape) >= dropout_p).astype(dtype) / dtype.type(1 - dropout_p))
    s = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    return ScaledDotProductAttention.apply(query, key, value, mask, drop, scale=s)
