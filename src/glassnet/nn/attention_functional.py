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
    """Multi-head attention on (L, N, E) / (L, E) inputs with explicit weights; returns (output, weights or None)."""
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
