"""F.multi_head_attention_forward: MultiheadAttention's computation with the weights passed in.

Rather than repeat the projections, head split, masking and output projection, the function runs
``MultiheadAttention.forward`` on a parameter-free instance that simply holds the given tensors.
"""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from .attention import MultiheadAttention
from .linear import linear
from .module import Module


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
