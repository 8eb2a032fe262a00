"""F.multi_head_attention_forward: nn.MultiheadAttention's forward with the weights passed in.

It runs the very code of ``MultiheadAttention.forward`` (projection, masks, attention, output
projection) on a plain holder of the given tensors, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from .attention import MultiheadAttention
from .linear import linear


class _GivenWeights:
    """The attributes MultiheadAttention.forward reads, filled from the functional arguments."""

    forward = MultiheadAttention.forward
    _project = MultiheadAttention._project
    _merged_mask = MultiheadAttention._merged_mask

    def __init__(self, **attrs: Any) -> None:
        self.__dict__.update(attrs)

    def out_proj(self, x: Tensor) -> Tensor:
        return linear(x, self.out_proj_weight, self.out_proj_bias)


def multi_head_attention_forward(query: Tensor, key: Tensor, value: Tensor, embed_dim_to_check: int, num_heads: int,
                                 in_proj_weight: Tensor | None, in_proj_bias: Tensor | None,
                                 bias_k: Tensor | None, bias_v: Tensor | None, add_zero_attn: bool,
                                 dropout_p: float, out_proj_weight: Tensor, out_proj_bias: Tensor | None,
                                 training: bool = True, key_padding_mask: Any = None, need_weights: bool = True,
                                 attn_mask: Any = None, use_separate_proj_weight: bool = False,
                                 q_proj_weight: Tensor | None = None, k_proj_weight: Tensor | None = None,
                                 v_proj_weight: Tensor | None = None, static_k: Tensor | None = None,
                                 static_v: Tensor | None = None, average_attn_weights: bool = True,
                                 is_causal: bool = False) -> tuple[Tensor, Tensor | None]:
    """Multi-head attention on (L, N, E) / (L, E) inputs with explicit weights; returns (output, weights)."""
    if bias_k is not None or bias_v is not None or add_zero_attn:
        raise NotImplementedError("multi_head_attention_forward: bias_k, bias_v and add_zero_attn are not "
                                  "supported (nor by glassnet's nn.MultiheadAttention)")
    if static_k is not None or static_v is not None:
        raise NotImplementedError("multi_head_attention_forward: static_k and static_v are not supported")
    embed_dim = query.shape[-1]
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}")
    if embed_dim % num_heads:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if q_proj_weight is None or k_proj_weight is None or v_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is True but q_proj_weight, k_proj_weight or "
                                 "v_proj_weight is None")
    elif in_proj_weight is None:
        raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
    holder = _GivenWeights(
        embed_dim=embed_dim, num_heads=num_heads, head_dim=embed_dim // num_heads, batch_first=False,
        kdim=key.shape[-1], vdim=value.shape[-1], dropout=dropout_p, training=training,
        _qkv_same_embed_dim=not use_separate_proj_weight, in_proj_weight=in_proj_weight, in_proj_bias=in_proj_bias,
        q_proj_weight=q_proj_weight, k_proj_weight=k_proj_weight, v_proj_weight=v_proj_weight,
        out_proj_weight=out_proj_weight, out_proj_bias=out_proj_bias)
    return holder.forward(query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights,
                          is_causal)
