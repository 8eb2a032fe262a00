"""Transformer encoder/decoder layers and stacks (PyTorch names, defaults and parameter layout)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from ..tensor import Tensor
from .activation_functional import gelu, relu
from .attention import MultiheadAttention
from .container import ModuleList
from .dropout import Dropout
from .linear import Linear
from .module import Module
from .normalization import LayerNorm


def _activation(activation: str | Callable) -> Callable:
    if callable(activation):
        return activation
    if activation == "relu":
        return relu
    if activation == "gelu":
        return gelu
    raise RuntimeError(f"activation should be relu/gelu, not {activation}")


def _get_clones(module: Module, n: int) -> ModuleList:
    return ModuleList([copy.deepcopy(module) for _ in range(n)])


def generate_square_subsequent_mask(sz: int, dtype: Any = None) -> Tensor:
    """Generate a square causal mask for the sequence.

    The masked positions are filled with ``float('-inf')``; unmasked positions are filled with
    ``float(0.0)``, so position ``i`` may attend to positions ``j <= i`` only.

    Args:
        sz (int): the size of the mask.
        dtype (glassnet.dtype, optional): the dtype of the mask. Default: ``None`` (float32).

    Example:
        >>> nn.Transformer.generate_square_subsequent_mask(3)
        tensor([[0., -inf, -inf],
                [0., 0., -inf],
                [0., 0., 0.]])
    """
    from .. import creation

    m = creation.zeros(sz, sz, dtype=dtype)
    xp = m.xp
    m._data[xp.triu(xp.ones((sz, sz), dtype=bool), 1)] = -xp.inf
    return m


class TransformerEncoderLayer(Module):
    """TransformerEncoderLayer is made up of self-attn and feedforward network.

    This standard encoder layer is based on the paper "Attention Is All You Need": self-attention
    then a feed-forward block (``linear2(dropout(activation(linear1(x))))``), each with dropout, a
    residual connection and a LayerNorm (after it, or before it with ``norm_first=True``).

    Args:
        d_model (int): the number of expected features in the input (required).
        nhead (int): the number of heads in the multihead attention models (required).
        dim_feedforward (int, optional): the dimension of the feedforward network model. Default: 2048.
        dropout (float, optional): the dropout value. Default: 0.1.
        activation (str or Callable, optional): the activation function of the intermediate layer, ``'relu'``,
            ``'gelu'`` or a unary callable. Default: ``'relu'``.
        layer_norm_eps (float, optional): the eps value in layer normalization components. Default: ``1e-5``.
        batch_first (bool, optional): if ``True``, the input and output tensors are provided as
            ``(batch, seq, feature)``. Default: ``False`` (seq, batch, feature).
        norm_first (bool, optional): if ``True``, layer norm is done prior to attention and feedforward
            operations (pre-norm); otherwise after (post-norm). Default: ``False``.
        bias (bool, optional): if ``False``, the Linear and LayerNorm layers will not learn an additive
            bias. Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - src: ``(S, E)``, ``(S, N, E)``, or ``(N, S, E)`` if ``batch_first``.
        - Output: same shape as ``src``.

    Example:
        >>> encoder_layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64)
        >>> src = glassnet.rand(10, 2, 32)
        >>> encoder_layer(src).shape
        glassnet.Size([10, 2, 32])
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: str | Callable = "relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, dtype=dtype)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.activation = _activation(activation)

    def forward(self, src: Tensor, src_mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool = False) -> Tensor:
        """Pass the input through the encoder layer.

        Args:
            src (Tensor): the sequence to the encoder layer (required).
            src_mask (Tensor, optional): the mask for the src sequence. Default: ``None``.
            src_key_padding_mask (Tensor, optional): the mask for the src keys per batch. Default: ``None``.
            is_causal (bool, optional): a hint that ``src_mask`` is the causal mask. Default: ``False``.

        The masks follow :class:`MultiheadAttention`: an ``attn_mask`` is ``(L, S)`` or
        ``(N * nhead, L, S)``, bool (``True`` = not allowed to attend) or float (added to the attention
        scores); a ``key_padding_mask`` is ``(N, S)`` with ``True`` at padding positions.

        Example:
            >>> layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
            >>> pad = glassnet.tensor([[False] * 5, [False] * 3 + [True] * 2])  # the last 2 tokens of sample 1
            >>> layer(glassnet.rand(2, 5, 8), src_key_padding_mask=pad).shape
            glassnet.Size([2, 5, 8])
        """
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            x = x + self._ff_block(self.norm2(x))
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
            x = self.norm2(x + self._ff_block(x))
        return x

    def _sa_block(self, x: Tensor, attn_mask: Any, key_padding_mask: Any, is_causal: bool) -> Tensor:
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(x)

    def _ff_block(self, x: Tensor) -> Tensor:
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TransformerEncoder(Module):
    """TransformerEncoder is a stack of N encoder layers.

    The ``encoder_layer`` is deep-copied ``num_layers`` times; the copies are applied in turn, followed
    by the optional ``norm``.

    Args:
        encoder_layer (TransformerEncoderLayer): an instance of the TransformerEncoderLayer class (required).
        num_layers (int): the number of sub-encoder-layers in the encoder (required).
        norm (Module, optional): the layer normalization component. Default: ``None``.
        enable_nested_tensor (bool, optional): accepted for PyTorch compatibility (glassnet has no nested
            tensors). Default: ``True``.
        mask_check (bool, optional): accepted for PyTorch compatibility. Default: ``True``.

    Shape:
        - src: ``(S, E)``, ``(S, N, E)``, or ``(N, S, E)`` if the layer is ``batch_first``.
        - Output: same shape as ``src``.

    Example:
        >>> encoder_layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64)
        >>> transformer_encoder = nn.TransformerEncoder(encoder_layer, num_layers=2)
        >>> transformer_encoder(glassnet.rand(10, 2, 32)).shape
        glassnet.Size([10, 2, 32])
    """

    def __init__(self, encoder_layer: TransformerEncoderLayer, num_layers: int, norm: Module | None = None,
                 enable_nested_tensor: bool = True, mask_check: bool = True) -> None:
        super().__init__()
        self.layers = _get_clones(encoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, src: Tensor, mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool | None = None) -> Tensor:
        """Pass the input through the encoder layers in turn.

        Args:
            src (Tensor): the sequence to the encoder (required).
            mask (Tensor, optional): the mask for the src sequence. Default: ``None``.
            src_key_padding_mask (Tensor, optional): the mask for the src keys per batch. Default: ``None``.
            is_causal (bool, optional): a hint that ``mask`` is the causal mask. Default: ``None``.

        Example:
            >>> enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), num_layers=2)
            >>> enc(glassnet.rand(5, 1, 8), mask=nn.Transformer.generate_square_subsequent_mask(5)).shape
            glassnet.Size([5, 1, 8])
        """
        out = src
        for layer in self.layers:
            out = layer(out, src_mask=mask, src_key_padding_mask=src_key_padding_mask,
                        is_causal=bool(is_causal))
        return self.norm(out) if self.norm is not None else out


class TransformerDecoderLayer(Module):
    """TransformerDecoderLayer is made up of self-attn, multi-head-attn and feedforward network.

    This standard decoder layer is based on the paper "Attention Is All You Need": self-attention
    over the target, attention over the encoder output (``memory``), then a feed-forward block, each
    with dropout, a residual connection and a LayerNorm (after it, or before it with ``norm_first``).

    Args:
        d_model (int): the number of expected features in the input (required).
        nhead (int): the number of heads in the multihead attention models (required).
        dim_feedforward (int, optional): the dimension of the feedforward network model. Default: 2048.
        dropout (float, optional): the dropout value. Default: 0.1.
        activation (str or Callable, optional): the activation function of the intermediate layer, ``'relu'``,
            ``'gelu'`` or a unary callable. Default: ``'relu'``.
        layer_norm_eps (float, optional): the eps value in layer normalization components. Default: ``1e-5``.
        batch_first (bool, optional): if ``True``, the input and output tensors are provided as
            ``(batch, seq, feature)``. Default: ``False`` (seq, batch, feature).
        norm_first (bool, optional): if ``True``, layer norm is done prior to attention and feedforward
            operations (pre-norm); otherwise after (post-norm). Default: ``False``.
        bias (bool, optional): if ``False``, the Linear and LayerNorm layers will not learn an additive
            bias. Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - tgt: ``(T, E)``, ``(T, N, E)``, or ``(N, T, E)`` if ``batch_first``.
        - memory: ``(S, E)``, ``(S, N, E)``, or ``(N, S, E)`` if ``batch_first``.
        - Output: same shape as ``tgt``.

    Example:
        >>> decoder_layer = nn.TransformerDecoderLayer(d_model=32, nhead=4, dim_feedforward=64)
        >>> memory = glassnet.rand(10, 2, 32)
        >>> tgt = glassnet.rand(7, 2, 32)
        >>> decoder_layer(tgt, memory).shape
        glassnet.Size([7, 2, 32])
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: str | Callable = "relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, dtype=dtype)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                                 batch_first=batch_first, dtype=dtype)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1, self.dropout2, self.dropout3 = Dropout(dropout), Dropout(dropout), Dropout(dropout)
        self.activation = _activation(activation)

    def forward(self, tgt: Tensor, memory: Tensor, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool = False, memory_is_causal: bool = False) -> Tensor:
        """Pass the inputs (and masks) through the decoder layer.

        Args:
            tgt (Tensor): the sequence to the decoder layer (required).
            memory (Tensor): the sequence from the last layer of the encoder (required).
            tgt_mask (Tensor, optional): the mask for the tgt sequence. Default: ``None``.
            memory_mask (Tensor, optional): the mask for the memory sequence. Default: ``None``.
            tgt_key_padding_mask (Tensor, optional): the mask for the tgt keys per batch. Default: ``None``.
            memory_key_padding_mask (Tensor, optional): the mask for the memory keys per batch. Default: ``None``.
            tgt_is_causal (bool, optional): a hint that ``tgt_mask`` is the causal mask. Default: ``False``.
            memory_is_causal (bool, optional): a hint that ``memory_mask`` is the causal mask. Default: ``False``.

        The masks follow :class:`MultiheadAttention`: an ``attn_mask`` is ``(L, S)`` or
        ``(N * nhead, L, S)``, bool (``True`` = not allowed to attend) or float (added to the attention
        scores); a ``key_padding_mask`` is ``(N, S)`` with ``True`` at padding positions.

        Example:
            >>> layer = nn.TransformerDecoderLayer(8, 2, 16)
            >>> mask = nn.Transformer.generate_square_subsequent_mask(4)
            >>> layer(glassnet.rand(4, 1, 8), glassnet.rand(6, 1, 8), tgt_mask=mask).shape
            glassnet.Size([4, 1, 8])
        """
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask,
                                    memory_is_causal)
            x = x + self._ff_block(self.norm3(x))
        else:
            x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
            x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask,
                                               memory_is_causal))
            x = self.norm3(x + self._ff_block(x))
        return x

    def _sa_block(self, x: Tensor, attn_mask: Any, key_padding_mask: Any, is_causal: bool) -> Tensor:
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           is_causal=is_causal, need_weights=False)[0]
        return self.dropout1(x)

    def _mha_block(self, x: Tensor, mem: Tensor, attn_mask: Any, key_padding_mask: Any,
                   is_causal: bool) -> Tensor:
        x = self.multihead_attn(x, mem, mem, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                                is_causal=is_causal, need_weights=False)[0]
        return self.dropout2(x)

    def _ff_block(self, x: Tensor) -> Tensor:
        return self.dropout3(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TransformerDecoder(Module):
    """TransformerDecoder is a stack of N decoder layers.

    The ``decoder_layer`` is deep-copied ``num_layers`` times; the copies are applied in turn (each
    attending to the same ``memory``), followed by the optional ``norm``.

    Args:
        decoder_layer (TransformerDecoderLayer): an instance of the TransformerDecoderLayer class (required).
        num_layers (int): the number of sub-decoder-layers in the decoder (required).
        norm (Module, optional): the layer normalization component. Default: ``None``.

    Shape:
        - tgt: ``(T, E)``, ``(T, N, E)``, or ``(N, T, E)`` if the layer is ``batch_first``.
        - memory: ``(S, E)``, ``(S, N, E)``, or ``(N, S, E)`` if the layer is ``batch_first``.
        - Output: same shape as ``tgt``.

    Example:
        >>> decoder_layer = nn.TransformerDecoderLayer(d_model=32, nhead=4, dim_feedforward=64)
        >>> transformer_decoder = nn.TransformerDecoder(decoder_layer, num_layers=2)
        >>> transformer_decoder(glassnet.rand(7, 2, 32), glassnet.rand(10, 2, 32)).shape
        glassnet.Size([7, 2, 32])
    """

    def __init__(self, decoder_layer: TransformerDecoderLayer, num_layers: int,
                 norm: Module | None = None) -> None:
        super().__init__()
        self.layers = _get_clones(decoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt: Tensor, memory: Tensor, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool | None = None, memory_is_causal: bool = False) -> Tensor:
        """Pass the inputs (and masks) through the decoder layers in turn.

        Args:
            tgt (Tensor): the sequence to the decoder (required).
            memory (Tensor): the sequence from the last layer of the encoder (required).
            tgt_mask (Tensor, optional): the mask for the tgt sequence. Default: ``None``.
            memory_mask (Tensor, optional): the mask for the memory sequence. Default: ``None``.
            tgt_key_padding_mask (Tensor, optional): the mask for the tgt keys per batch. Default: ``None``.
            memory_key_padding_mask (Tensor, optional): the mask for the memory keys per batch. Default: ``None``.
            tgt_is_causal (bool, optional): a hint that ``tgt_mask`` is the causal mask. Default: ``None``.
            memory_is_causal (bool, optional): a hint that ``memory_mask`` is the causal mask. Default: ``False``.

        Example:
            >>> dec = nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), num_layers=2)
            >>> dec(glassnet.rand(4, 1, 8), glassnet.rand(6, 1, 8)).shape
            glassnet.Size([4, 1, 8])
        """
        out = tgt
        for layer in self.layers:
            out = layer(out, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                        tgt_key_padding_mask=tgt_key_padding_mask,
                        memory_key_padding_mask=memory_key_padding_mask,
                        tgt_is_causal=bool(tgt_is_causal), memory_is_causal=memory_is_causal)
        return self.norm(out) if self.norm is not None else out


class Transformer(Module):
    """A basic transformer layer: the encoder-decoder model of "Attention Is All You Need".

    An encoder (``num_encoder_layers`` :class:`TransformerEncoderLayer` and a final LayerNorm) turns
    ``src`` into a memory, which a decoder (``num_decoder_layers`` :class:`TransformerDecoderLayer`
    and a final LayerNorm) attends to while transforming ``tgt``. The parameters of more than one
    dimension are initialised with :func:`~glassnet.nn.init.xavier_uniform_`, as in PyTorch.

    Args:
        d_model (int, optional): the number of expected features in the encoder/decoder inputs. Default: 512.
        nhead (int, optional): the number of heads in the multiheadattention models. Default: 8.
        num_encoder_layers (int, optional): the number of sub-encoder-layers in the encoder. Default: 6.
        num_decoder_layers (int, optional): the number of sub-decoder-layers in the decoder. Default: 6.
        dim_feedforward (int, optional): the dimension of the feedforward network model. Default: 2048.
        dropout (float, optional): the dropout value. Default: 0.1.
        activation (str or Callable, optional): the activation function of the intermediate layer, ``'relu'``,
            ``'gelu'`` or a unary callable. Default: ``'relu'``.
        custom_encoder (Module, optional): custom encoder used instead of the default one. Default: ``None``.
        custom_decoder (Module, optional): custom decoder used instead of the default one. Default: ``None``.
        layer_norm_eps (float, optional): the eps value in layer normalization components. Default: ``1e-5``.
        batch_first (bool, optional): if ``True``, the input and output tensors are provided as
            ``(batch, seq, feature)``. Default: ``False`` (seq, batch, feature).
        norm_first (bool, optional): if ``True``, layer norm is done prior to attention and feedforward
            operations (pre-norm); otherwise after (post-norm). Default: ``False``.
        bias (bool, optional): if ``False``, the Linear and LayerNorm layers will not learn an additive
            bias. Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - src: ``(S, E)`` for unbatched input, ``(S, N, E)`` if ``batch_first=False`` or ``(N, S, E)``
          if ``batch_first=True``.
        - tgt: ``(T, E)``, ``(T, N, E)`` or ``(N, T, E)`` likewise.
        - Output: ``(T, E)``, ``(T, N, E)`` or ``(N, T, E)`` likewise,

        where ``S`` is the source sequence length, ``T`` the target sequence length, ``N`` the batch
        size and ``E`` the feature number (``d_model``).

    Example:
        >>> transformer_model = nn.Transformer(d_model=32, nhead=4, num_encoder_layers=2,
        ...                                    num_decoder_layers=2, dim_feedforward=64)
        >>> src = glassnet.rand(10, 2, 32)
        >>> tgt = glassnet.rand(7, 2, 32)
        >>> transformer_model(src, tgt).shape
        glassnet.Size([7, 2, 32])
    """

    def __init__(self, d_model: int = 512, nhead: int = 8, num_encoder_layers: int = 6,
                 num_decoder_layers: int = 6, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: str | Callable = "relu", custom_encoder: Module | None = None,
                 custom_decoder: Module | None = None, layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        layer_args = dict(dim_feedforward=dim_feedforward, dropout=dropout, activation=activation,
                          layer_norm_eps=layer_norm_eps, batch_first=batch_first, norm_first=norm_first,
                          bias=bias, dtype=dtype)
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            self.encoder = TransformerEncoder(TransformerEncoderLayer(d_model, nhead, **layer_args),
                                              num_encoder_layers,
                                              LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            self.decoder = TransformerDecoder(TransformerDecoderLayer(d_model, nhead, **layer_args),
                                              num_decoder_layers,
                                              LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        self._reset_parameters()
        self.d_model, self.nhead, self.batch_first = d_model, nhead, batch_first

    def _reset_parameters(self) -> None:
        # PyTorch re-initialises every matrix of the whole model with Xavier-uniform (biases keep theirs).
        from .init import xavier_uniform_

        for p in self.parameters():
            if p.ndim > 1:
                xavier_uniform_(p)

    def forward(self, src: Tensor, tgt: Tensor, src_mask: Any = None, tgt_mask: Any = None,
                memory_mask: Any = None, src_key_padding_mask: Any = None, tgt_key_padding_mask: Any = None,
                memory_key_padding_mask: Any = None, src_is_causal: bool | None = None,
                tgt_is_causal: bool | None = None, memory_is_causal: bool = False) -> Tensor:
        """Take in and process masked source/target sequences.

        Args:
            src (Tensor): the sequence to the encoder (required).
            tgt (Tensor): the sequence to the decoder (required).
            src_mask (Tensor, optional): the additive mask for the src sequence. Default: ``None``.
            tgt_mask (Tensor, optional): the additive mask for the tgt sequence, e.g. the causal
                :meth:`generate_square_subsequent_mask`. Default: ``None``.
            memory_mask (Tensor, optional): the additive mask for the encoder output. Default: ``None``.
            src_key_padding_mask (Tensor, optional): the mask for the src keys per batch. Default: ``None``.
            tgt_key_padding_mask (Tensor, optional): the mask for the tgt keys per batch. Default: ``None``.
            memory_key_padding_mask (Tensor, optional): the mask for the memory keys per batch. Default: ``None``.
            src_is_causal (bool, optional): a hint that ``src_mask`` is the causal mask. Default: ``None``.
            tgt_is_causal (bool, optional): a hint that ``tgt_mask`` is the causal mask. Default: ``None``.
            memory_is_causal (bool, optional): a hint that ``memory_mask`` is the causal mask. Default: ``False``.

        Returns:
            Tensor: ``(T, N, E)`` (or ``(N, T, E)`` when ``batch_first``).

        Example:
            >>> model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
            ...                        dim_feedforward=16)
            >>> tgt_mask = nn.Transformer.generate_square_subsequent_mask(4)
            >>> model(glassnet.rand(6, 1, 8), glassnet.rand(4, 1, 8), tgt_mask=tgt_mask).shape
            glassnet.Size([4, 1, 8])
        """
        batch_dim = 0 if self.batch_first else 1
        if src.ndim == 3 and src.shape[batch_dim] != tgt.shape[batch_dim]:
            raise RuntimeError(f"Transformer: the batch number of src and tgt must be equal, got src "
                               f"{tuple(src.shape)} and tgt {tuple(tgt.shape)} (batch_first={self.batch_first})")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise RuntimeError(f"Transformer: the feature number of src and tgt must be equal to d_model "
                               f"({self.d_model}), got src {tuple(src.shape)} and tgt {tuple(tgt.shape)}")
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask, tgt_is_causal=tgt_is_causal,
                            memory_is_causal=memory_is_causal)

    @staticmethod
    def generate_square_subsequent_mask(sz: int, device: Any = None, dtype: Any = None) -> Tensor:
        """Generate a square causal mask for the sequence.

        The masked positions are filled with ``float('-inf')``; unmasked positions with ``float(0.0)``.

        Args:
            sz (int): the size of the mask.
            device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
            dtype (glassnet.dtype, optional): the dtype of the mask. Default: ``None`` (float32).

        Example:
            >>> nn.Transformer.generate_square_subsequent_mask(3)
            tensor([[0., -inf, -inf],
                    [0., 0., -inf],
                    [0., 0., 0.]])
        """
        return generate_square_subsequent_mask(sz, dtype=dtype)
