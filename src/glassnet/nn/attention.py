"""Multi-head attention (PyTorch's layout: in_proj_weight (3E, E), in_proj_bias, out_proj) and F.sdpa.

Mask conventions follow PyTorch, which differ by API:
- ``F.scaled_dot_product_attention``: boolean ``attn_mask`` True = may attend (take part).
- ``nn.MultiheadAttention``: boolean ``attn_mask`` / ``key_padding_mask`` True = may NOT attend.
Float masks are added to the attention scores in both.
"""

from __future__ import annotations

import math
from typing import Any

from .. import creation
from ..backend import array_module
from ..functions import cat
from ..ops.attention import ScaledDotProductAttention
from ..ops.elementwise import Where
from ..tensor import Tensor
from . import init
from .dropout_functional import dropout
from .linear import Linear, linear
from .module import Module
from .parameter import Parameter


def _additive(mask: Any, dtype: Any, xp: Any) -> Any:
    """MHA mask (bool True = masked, or float) as an additive float array/Tensor."""
    m = mask._data if isinstance(mask, Tensor) else mask
    if m.dtype == bool and isinstance(mask, Tensor):
        # through an op, so that a trace (glassnet.onnx.export) sees how the mask is made from the input
        t = xp.dtype(dtype).type
        return Where.apply(mask, t(-xp.inf), t(0))
    if m.dtype == bool:
        out = xp.zeros(m.shape, dtype=dtype)
        out[m] = -xp.inf
        return out
    return mask if isinstance(mask, Tensor) else xp.asarray(m, dtype=dtype)


class MultiheadAttention(Module):
    """Allows the model to jointly attend to information from different representation subspaces.

    ``MultiHead(Q, K, V) = Concat(head_1, ..., head_h) W^O`` where
    ``head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V)`` and
    ``Attention(q, k, v) = softmax(q k^T / sqrt(d_k) + mask) v``, as described in "Attention Is All
    You Need". The forward call is ``mha(query, key, value, key_padding_mask=None, need_weights=True,
    attn_mask=None, average_attn_weights=True, is_causal=False)`` and returns
    ``(attn_output, attn_output_weights)``; the weights are averaged over the heads unless
    ``average_attn_weights=False``, and ``None`` when ``need_weights=False``.

    Args:
        embed_dim (int): total dimension of the model.
        num_heads (int): number of parallel attention heads; ``embed_dim`` is split across them (each head
            has dimension ``embed_dim // num_heads``).
        dropout (float, optional): dropout probability on the attention weights. Default: ``0.0``.
        bias (bool, optional): if specified, adds bias to input / output projection layers. Default: ``True``.
        add_bias_kv (bool, optional): if specified, adds bias to the key and value sequences at dim=0.
            Default: ``False``.
        add_zero_attn (bool, optional): if specified, adds a new batch of zeros to the key and value
            sequences at dim=1. Default: ``False``.
        kdim (int, optional): total number of features for keys. Default: ``None`` (uses ``kdim=embed_dim``).
        vdim (int, optional): total number of features for values. Default: ``None`` (uses ``vdim=embed_dim``).
        batch_first (bool, optional): if ``True``, the input and output tensors are provided as
            ``(batch, seq, feature)``. Default: ``False`` (seq, batch, feature).
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - query: ``(L, E_q)``, ``(L, N, E_q)``, or ``(N, L, E_q)`` if ``batch_first``.
        - key: ``(S, E_k)``, ``(S, N, E_k)``, or ``(N, S, E_k)`` if ``batch_first``.
        - value: ``(S, E_v)``, ``(S, N, E_v)``, or ``(N, S, E_v)`` if ``batch_first``.
        - key_padding_mask: ``(N, S)`` or ``(S)``; ``True`` (or a float added to the scores) marks keys
          to ignore.
        - attn_mask: ``(L, S)`` or ``(N * num_heads, L, S)``; bool (``True`` = not allowed to attend) or
          float (added to the scores).
        - attn_output: ``(L, E)``, ``(L, N, E)``, or ``(N, L, E)`` if ``batch_first``.
        - attn_output_weights: ``(N, L, S)`` (or ``(L, S)`` unbatched), or ``(N, num_heads, L, S)``
          when ``average_attn_weights=False``.

    Attributes:
        in_proj_weight (Tensor): ``(3 * embed_dim, embed_dim)``, Xavier-uniform initialised (when
            ``kdim == vdim == embed_dim``; otherwise ``q_proj_weight``, ``k_proj_weight`` and
            ``v_proj_weight``).
        in_proj_bias (Tensor): ``(3 * embed_dim)``, initialised to zeros.
        out_proj (Linear): the output projection ``(embed_dim, embed_dim)``, its bias zeroed.

    Example:
        >>> multihead_attn = nn.MultiheadAttention(embed_dim=16, num_heads=4)
        >>> query, key = glassnet.randn(5, 2, 16), glassnet.randn(7, 2, 16)
        >>> attn_output, attn_weights = multihead_attn(query, key, key)
        >>> attn_output.shape, attn_weights.shape
        (glassnet.Size([5, 2, 16]), glassnet.Size([2, 5, 7]))
    """

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: int | None = None,
                 vdim: int | None = None, batch_first: bool = False, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(f"MultiheadAttention: embed_dim and num_heads must be > 0, got {embed_dim} "
                             f"and {num_heads}")
        if embed_dim % num_heads:
            raise AssertionError(
                f"MultiheadAttention: embed_dim ({embed_dim}) must be divisible by num_heads ({num_heads})"
            )
        self.embed_dim, self.num_heads, self.dropout = embed_dim, num_heads, dropout
        self.kdim, self.vdim = kdim or embed_dim, vdim or embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.head_dim, self.batch_first = embed_dim // num_heads, batch_first
        self.add_zero_attn = add_zero_attn
        E = embed_dim
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(creation.empty(3 * E, E, dtype=dtype))
            self.register_parameter("q_proj_weight", None)
            self.register_parameter("k_proj_weight", None)
            self.register_parameter("v_proj_weight", None)
        else:
            self.q_proj_weight = Parameter(creation.empty(E, E, dtype=dtype))
            self.k_proj_weight = Parameter(creation.empty(E, self.kdim, dtype=dtype))
            self.v_proj_weight = Parameter(creation.empty(E, self.vdim, dtype=dtype))
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(creation.empty(3 * E, dtype=dtype))
        else:
            self.register_parameter("in_proj_bias", None)
        if add_bias_kv:  # one learned key and value appended to every sequence
            self.bias_k = Parameter(creation.empty(1, 1, E, dtype=dtype))
            self.bias_v = Parameter(creation.empty(1, 1, E, dtype=dtype))
        else:
            self.bias_k = self.bias_v = None
        self.out_proj = Linear(E, E, bias=bias, dtype=dtype)
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        """Xavier-uniform input projections, zero biases (as PyTorch)."""
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            init.xavier_uniform_(self.q_proj_weight)
            init.xavier_uniform_(self.k_proj_weight)
            init.xavier_uniform_(self.v_proj_weight)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
            init.xavier_normal_(self.bias_v)

    def _project(self, query: Tensor, key: Tensor, value: Tensor) -> tuple:
        E, b = self.embed_dim, self.in_proj_bias
        bq, bk, bv = (None, None, None) if b is None else (b[:E], b[E: 2 * E], b[2 * E:])
        if self._qkv_same_embed_dim:
            w = self.in_proj_weight
            if query is key and key is value:  # self-attention: one product for q, k and v
                return linear(query, w, b).chunk(3, dim=-1)
            wq, wk, wv = w[:E], w[E: 2 * E], w[2 * E:]
        else:
            wq, wk, wv = self.q_proj_weight, self.k_proj_weight, self.v_proj_weight
        return linear(query, wq, bq), linear(key, wk, bk), linear(value, wv, bv)

    def forward(self, query: Tensor, key: Tensor, value: Tensor, key_padding_mask: Any = None,
                need_weights: bool = True, attn_mask: Any = None, average_attn_weights: bool = True,
                is_causal: bool = False) -> tuple:
        """Compute attention outputs using query, key and value embeddings.

        Args:
            query (Tensor): query embeddings of shape ``(L, E_q)``, ``(L, N, E_q)`` or ``(N, L, E_q)`` when
                ``batch_first``.
            key (Tensor): key embeddings of shape ``(S, E_k)``, ``(S, N, E_k)`` or ``(N, S, E_k)``.
            value (Tensor): value embeddings of shape ``(S, E_v)``, ``(S, N, E_v)`` or ``(N, S, E_v)``.
            key_padding_mask (Tensor, optional): ``(N, S)``; ``True`` (bool) or a float added to the scores
                marks keys to ignore. Default: ``None``.
            need_weights (bool, optional): also return the attention weights. Default: ``True``.
            attn_mask (Tensor, optional): ``(L, S)`` or ``(N * num_heads, L, S)``; ``True`` (bool) or a float
                added to the scores. Default: ``None``.
            average_attn_weights (bool, optional): average the returned weights over the heads.
                Default: ``True``.
            is_causal (bool, optional): a hint that ``attn_mask`` is the causal mask. Default: ``False``.

        Returns:
            tuple: ``(attn_output, attn_output_weights)``; the weights are ``None`` when ``need_weights``
            is ``False``.

        Example:
            >>> mha = nn.MultiheadAttention(8, 2, batch_first=True)
            >>> x = glassnet.randn(3, 4, 8)
            >>> out, w = mha(x, x, x, need_weights=True, average_attn_weights=False)
            >>> out.shape, w.shape
            (glassnet.Size([3, 4, 8]), glassnet.Size([3, 2, 4, 4]))
        """
        batched = query.ndim == 3
        if query.ndim not in (2, 3) or key.ndim != query.ndim or value.ndim != query.ndim:
            raise RuntimeError(
                f"MultiheadAttention: query, key, value must all be 2-D (unbatched) or 3-D, got "
                f"{tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}"
            )
        if is_causal and attn_mask is None:
            raise RuntimeError("MultiheadAttention: need attn_mask if specifying the is_causal hint")
        same = query is key and key is value
        if not batched:
            query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
            if key_padding_mask is not None:
                key_padding_mask = key_padding_mask[None] if isinstance(key_padding_mask, Tensor) \
                    else key_padding_mask.reshape(1, -1)
        elif self.batch_first:
            query, key, value = (t.transpose(0, 1) for t in (query, key, value))
        if same:
            key = value = query
        L, N, E = query.shape
        S = key.shape[0]
        if E != self.embed_dim or key.shape[-1] != self.kdim or value.shape[-1] != self.vdim:
            raise RuntimeError(
                f"MultiheadAttention(embed_dim={self.embed_dim}, kdim={self.kdim}, vdim={self.vdim}): got "
                f"query {tuple(query.shape)}, key {tuple(key.shape)}, value {tuple(value.shape)} "
                "(seq, batch, dim)"
            )
        if key.shape[:2] != value.shape[:2] or key.shape[1] != N:
            raise RuntimeError(
                f"MultiheadAttention: key {tuple(key.shape)} and value {tuple(value.shape)} must match "
                f"query's "
                f"batch ({N}) and each other's length"
            )
        h, hd = self.num_heads, self.head_dim
        q, k, v = self._project(query, key, value)
        mask = self._merged_mask(attn_mask, key_padding_mask, N, L, S, query)
        extra = 0  # key positions appended below; the masks let every query see them
        if self.bias_k is not None:
            k, v = cat([k, self.bias_k.expand(1, N, E)]), cat([v, self.bias_v.expand(1, N, E)])
            extra += 1
        # (len, N, E) -> (N, heads, len, head_dim)
        q = q.reshape(L, N, h, hd).permute(1, 2, 0, 3)
        k = k.reshape(S + extra, N, h, hd).permute(1, 2, 0, 3)
        v = v.reshape(S + extra, N, h, hd).permute(1, 2, 0, 3)
        if self.add_zero_attn:  # an all-zero key and value: attention may go "nowhere"
            zero = creation.zeros(N, h, 1, hd, dtype=q.dtype)
            k, v = cat([k, zero], 2), cat([v, zero], 2)
            extra += 1
        if extra and mask is not None:
            mask = _pad_last(mask, extra)
        p = self.dropout if self.training else 0.0
        if need_weights:
            scores = q @ k.mT * (1.0 / math.sqrt(hd))
            if mask is not None:
                scores = scores + mask
            weights = dropout(scores.softmax(-1), p, True)
            out = weights @ v
        else:
            weights = None
            drop = _drop(p, (N, h, L, S + extra), q)
            out = ScaledDotProductAttention.apply(q, k, v, mask, drop, scale=1 / math.sqrt(hd))
        out = self.out_proj(out.permute(2, 0, 1, 3).reshape(L, N, E))
        if weights is not None and average_attn_weights:
            weights = weights.mean(1)
        if not batched:
            out = out.squeeze(1)
            weights = weights.squeeze(0) if weights is not None else None
        elif self.batch_first:
            out = out.transpose(0, 1)
        return out, weights

    def _merged_mask(self, attn_mask: Any, key_padding_mask: Any, N: int, L: int, S: int, ref: Tensor) -> Any:
        """attn_mask (L, S) or (N*heads, L, S) and key_padding_mask (N, S) as one additive mask."""
        xp, dtype = array_module(ref._data), ref._data.dtype
        h = self.num_heads
        mask = None
        if attn_mask is not None:
            shape = tuple(attn_mask.shape)
            if shape == (L, S):
                mask = _additive(attn_mask, dtype, xp)
            elif shape == (N * h, L, S):
                mask = _additive(attn_mask, dtype, xp).reshape(N, h, L, S)
            else:
                raise RuntimeError(f"MultiheadAttention: attn_mask should have shape {(L, S)} or "
                                   f"{(N * h, L, S)}, got {shape}")
        if key_padding_mask is not None:
            if tuple(key_padding_mask.shape) != (N, S):
                raise RuntimeError(f"MultiheadAttention: key_padding_mask should have shape {(N, S)}, got "
                                   f"{tuple(key_padding_mask.shape)}")
            kp = _additive(key_padding_mask, dtype, xp).reshape(N, 1, 1, S)
            mask = kp if mask is None else mask + kp
        return mask

    def extra_repr(self) -> str:
        return f"embed_dim={self.embed_dim}, num_heads={self.num_heads}, batch_first={self.batch_first}"


def _pad_last(mask: Any, extra: int) -> Any:
    """An additive mask with ``extra`` zero columns for appended keys (array or Tensor)."""
    if isinstance(mask, Tensor):
        from .padding import pad

        return pad(mask, (0, extra))
    xp = array_module(mask)
    return xp.pad(mask, [(0, 0)] * (mask.ndim - 1) + [(0, extra)])


def _drop(p: float, shape: tuple, ref: Tensor) -> Any:
    """Dropout keep-mask for the attention weights, scaled by 1/(1-p) (None when p == 0)."""
    if not p:
        return None
    from ..backend import array_module, generator

    dtype = ref._data.dtype
    return array_module(ref._data).asarray((generator().random(shape) >= p).astype(dtype) / dtype.type(1 - p))
