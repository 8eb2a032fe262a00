"""Attention as functions: F.scaled_dot_product_attention and F.multi_head_attention_forward.

``scaled_dot_product_attention`` checks shapes, builds the float mask and the dropout mask, and
applies the one op of ``glassnet/ops/attention.py`` (forward and backward together).
``multi_head_attention_forward`` is MultiheadAttention's computation with the weights passed in:
rather than repeat the projections, head split, masking and output projection, it runs
``MultiheadAttention.forward`` on a parameter-free instance that simply holds the given tensors.
"""

from __future__ import annotations

import math
from typing import Any

from ..backend import array_module, generator
from ..ops.attention import ScaledDotProductAttention
from ..tensor import Tensor
from .attention import MultiheadAttention
from .linear import linear
from .module import Module


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


def multi_head_attention_forward(query: Tensor, key: Tensor, value: Tensor, embed_dim_to_check: int, num_heads: int,
                                 in_proj_weight: Tensor | None, in_proj_bias: Tensor | None, bias_k: Tensor | None,
                                 bias_v: Tensor | None, add_zero_attn: bool, dropout_p: float,
                                 out_proj_weight: Tensor, out_proj_bias: Tensor | None, training: bool = True,
                                 key_padding_mask: Any = None, need_weights: bool = True, attn_mask: Any = None,
                                 use_separate_proj_weight: bool = False, q_proj_weight: Tensor | None = None,
                                 k_proj_weight: Tensor | None = None, v_proj_weight: Tensor | None = None,
                                 static_k: Tensor | None = None, static_v: Tensor | None = None,
                                 average_attn_weights: bool = True, is_causal: bool = False) -> tuple:
    """Multi-head attention with explicit weights: the computation behind :class:`~glassnet.nn.MultiheadAttention`.

    Args:
        query (Tensor): ``(L, N, E)`` or ``(L, E)``.
        key (Tensor): ``(S, N, E)`` or ``(S, E)``.
        value (Tensor): ``(S, N, E)`` or ``(S, E)``.
        embed_dim_to_check (int): the expected ``E``.
        num_heads (int): the number of parallel attention heads.
        in_proj_weight (Tensor or None): the packed input projection ``(3 * E, E)``.
        in_proj_bias (Tensor or None): the packed input projection bias ``(3 * E)``.
        bias_k (Tensor or None): bias appended to the keys, ``(1, 1, E)``.
        bias_v (Tensor or None): bias appended to the values, ``(1, 1, E)``.
        add_zero_attn (bool): append a batch of zeros to the keys and values.
        dropout_p (float): dropout probability on the attention weights.
        out_proj_weight (Tensor): the output projection ``(E, E)``.
        out_proj_bias (Tensor or None): the output projection bias ``(E)``.
        training (bool, optional): apply dropout. Default: ``True``.
        key_padding_mask (Tensor, optional): ``(N, S)``, ``True`` marks keys to ignore. Default: ``None``.
        need_weights (bool, optional): also return the attention weights. Default: ``True``.
        attn_mask (Tensor, optional): ``(L, S)`` or ``(N * num_heads, L, S)``. Default: ``None``.
        use_separate_proj_weight (bool, optional): use ``q_proj_weight``, ``k_proj_weight`` and
            ``v_proj_weight`` instead of ``in_proj_weight``. Default: ``False``.
        q_proj_weight (Tensor, optional): query projection ``(E, E)``. Default: ``None``.
        k_proj_weight (Tensor, optional): key projection ``(E, kdim)``. Default: ``None``.
        v_proj_weight (Tensor, optional): value projection ``(E, vdim)``. Default: ``None``.
        static_k (Tensor, optional): precomputed projected keys ``(N * num_heads, S, E / num_heads)``.
            Default: ``None``.
        static_v (Tensor, optional): precomputed projected values ``(N * num_heads, S, E / num_heads)``.
            Default: ``None``.
        average_attn_weights (bool, optional): average the returned weights over the heads.
            Default: ``True``.
        is_causal (bool, optional): a hint that ``attn_mask`` is the causal mask. Default: ``False``.

    Returns:
        tuple: ``(attn_output (L, N, E), attn_output_weights (N, L, S) or None)``.

    Example:
        >>> mha = nn.MultiheadAttention(8, 2)
        >>> x = glassnet.randn(4, 1, 8)
        >>> out, w = F.multi_head_attention_forward(
        ...     x, x, x, 8, 2, mha.in_proj_weight, mha.in_proj_bias, None, None, False, 0.0,
        ...     mha.out_proj.weight, mha.out_proj.bias, training=False)
        >>> out.shape, w.shape
        (glassnet.Size([4, 1, 8]), glassnet.Size([1, 4, 4]))
    """
    op = "multi_head_attention_forward"
    if static_k is not None or static_v is not None:
        raise NotImplementedError(f"{op}: static_k/static_v are not supported")
    # PyTorch raises AssertionError for these argument checks (explicitly, so they survive python -O)
    if (bias_k is None) != (bias_v is None):
        which = "bias_k is set but bias_v is None" if bias_v is None else "bias_v is set but bias_k is None"
        raise AssertionError(f"{op}: {which}")
    if query.shape[-1] != embed_dim_to_check:
        raise AssertionError(f"{op}: was expecting embedding dimension of {embed_dim_to_check}, but got "
                           f"{query.shape[-1]}")
    if embed_dim_to_check % num_heads:
        raise AssertionError(f"{op}: embed_dim {embed_dim_to_check} not divisible by num_heads {num_heads}")
    mha = MultiheadAttention.__new__(MultiheadAttention)
    Module.__init__(mha)
    mha.embed_dim, mha.num_heads, mha.dropout = embed_dim_to_check, num_heads, dropout_p
    mha.head_dim, mha.batch_first, mha.add_zero_attn = embed_dim_to_check // num_heads, False, add_zero_attn
    mha.bias_k, mha.bias_v = bias_k, bias_v
    mha.training = training
    if use_separate_proj_weight:
        if q_proj_weight is None or k_proj_weight is None or v_proj_weight is None:
            raise AssertionError(f"{op}: use_separate_proj_weight is True but q_proj_weight, k_proj_weight or "
                               "v_proj_weight is None")
        mha._qkv_same_embed_dim = False
        mha.q_proj_weight, mha.k_proj_weight, mha.v_proj_weight = q_proj_weight, k_proj_weight, v_proj_weight
        mha.kdim, mha.vdim = k_proj_weight.shape[1], v_proj_weight.shape[1]
    else:
        if in_proj_weight is None:
            raise AssertionError(f"{op}: use_separate_proj_weight is False but in_proj_weight is None")
        mha._qkv_same_embed_dim = True
        mha.in_proj_weight = in_proj_weight
        mha.kdim = mha.vdim = embed_dim_to_check
    mha.in_proj_bias = in_proj_bias
    mha.out_proj = lambda x: linear(x, out_proj_weight, out_proj_bias)
    return mha.forward(query, key, value, key_padding_mask=key_padding_mask, need_weights=need_weights,
                       attn_mask=attn_mask, average_attn_weights=average_attn_weights, is_causal=is_causal)
