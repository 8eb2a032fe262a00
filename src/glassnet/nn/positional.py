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
    """Add the fixed sinusoidal encoding (Vaswani et al. 2017) to (seq, batch, d) or (batch, seq, d) input."""

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
    """A learned (max_len, d_model) table added by position (GPT-style), init N(0, 0.02^2)."""

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
