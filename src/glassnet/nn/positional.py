"""Positional information for attention models: fixed sinusoidal encodings and learned embeddings."""

from __future__ import annotations

import math
from typing import Any

from .. import creation
from ..tensor import Tensor
from . import init
from .dropout import Dropout
from .module import Module
from .parameter import Parameter


def sinusoidal_table(max_len: int, d_model: int, dtype: Any = None) -> Tensor:
    """(max_len, d_model): PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(same)."""
    pe = creation.zeros(max_len, d_model, dtype=dtype)
    xp = pe.xp
    pos = xp.arange(max_len, dtype="float64")[:, None]
    freq = xp.exp(xp.arange(0, d_model, 2, dtype="float64") * (-math.log(10000.0) / d_model))
    pe._data[:, 0::2] = xp.sin(pos * freq)
    pe._data[:, 1::2] = xp.cos(pos * freq[: d_model // 2])
    return pe


def _by_position(module: Module, table: Tensor, x: Tensor) -> Tensor:
    """table[:seq_len] shaped to broadcast over x's batch axis; a clear error for a too long or too wide x."""
    T = x.shape[1 if module.batch_first else 0]
    if T > module.max_len or x.shape[-1] != module.d_model:
        raise RuntimeError(
            f"{type(module).__name__}({module.extra_repr()}): input of shape {tuple(x.shape)} is too long "
            "or has the wrong feature size"
        )
    pe = table[:T]
    return pe.unsqueeze(0) if module.batch_first else pe.unsqueeze(1)


class PositionalEncoding(Module):
    """Adds the fixed sinusoidal positional encoding of "Attention Is All You Need" (a glassnet extra).

    ``PE[pos, 2i] = sin(pos / 10000^(2i / d_model))`` and ``PE[pos, 2i + 1] = cos(pos / 10000^(2i / d_model))``;
    the forward computes ``dropout(x + PE[:seq_len])``, broadcast over the batch. PyTorch has no such
    layer.

    Args:
        d_model (int): the embedding size (the last dimension of the input).
        dropout (float, optional): the dropout probability applied after the addition. Default: ``0.0``.
        max_len (int, optional): the longest sequence the table covers. Default: 5000.
        batch_first (bool, optional): the input is ``(batch, seq, d_model)`` rather than
            ``(seq, batch, d_model)``. Default: ``False``.

    Shape:
        - Input: ``(S, N, E)``, or ``(N, S, E)`` if ``batch_first``, with ``E = d_model`` and ``S <= max_len``.
        - Output: same shape as the input.

    Attributes:
        pe (Tensor): the ``(max_len, d_model)`` table, a non-persistent buffer.

    Example:
        >>> pos = nn.PositionalEncoding(d_model=4, max_len=10)
        >>> pos(glassnet.zeros(3, 1, 4))[:, 0]
        tensor([[ 0.0000,  1.0000,  0.0000,  1.0000],
                [ 0.8415,  0.5403,  0.0100,  0.9999],
                [ 0.9093, -0.4161,  0.0200,  0.9998]])
    """

    def __init__(self, d_model: int, dropout: float = 0.0, max_len: int = 5000,
                 batch_first: bool = False) -> None:
        super().__init__()
        self.d_model, self.max_len, self.batch_first = d_model, max_len, batch_first
        self.dropout = Dropout(dropout)
        self.register_buffer("pe", sinusoidal_table(max_len, d_model), persistent=False)

    def forward(self, x: Tensor) -> Tensor:
        """x + PE[:seq_len], then dropout."""
        return self.dropout(x + _by_position(self, self.pe, x).astype(x.dtype))

    def extra_repr(self) -> str:
        return f"d_model={self.d_model}, max_len={self.max_len}, batch_first={self.batch_first}"


class LearnedPositionalEmbedding(Module):
    """Adds a learned position embedding to a sequence batch, GPT-style (a glassnet extra).

    A ``(max_len, d_model)`` table; the forward computes ``x + weight[:seq_len]``, broadcast over the
    batch.

    Args:
        max_len (int): the longest sequence the table covers.
        d_model (int): the embedding size (the last dimension of the input).
        batch_first (bool, optional): the input is ``(batch, seq, d_model)`` rather than
            ``(seq, batch, d_model)``. Default: ``True``.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - Input: ``(N, S, E)`` if ``batch_first`` else ``(S, N, E)``, with ``E = d_model`` and ``S <= max_len``.
        - Output: same shape as the input.

    Attributes:
        weight (Tensor): the learnable ``(max_len, d_model)`` table, initialised from ``N(0, 0.02^2)``.

    Example:
        >>> pos = nn.LearnedPositionalEmbedding(max_len=16, d_model=8)
        >>> pos(glassnet.zeros(2, 5, 8)).shape
        glassnet.Size([2, 5, 8])
    """

    def __init__(self, max_len: int, d_model: int, batch_first: bool = True, dtype: Any = None) -> None:
        super().__init__()
        self.max_len, self.d_model, self.batch_first = max_len, d_model, batch_first
        self.weight = Parameter(creation.empty(max_len, d_model, dtype=dtype))
        init.normal_(self.weight, std=0.02)

    def forward(self, x: Tensor) -> Tensor:
        """x + weight[:seq_len] (broadcast over the batch)."""
        return x + _by_position(self, self.weight, x)

    def extra_repr(self) -> str:
        return f"max_len={self.max_len}, d_model={self.d_model}"
