"""EmbeddingBag / F.embedding_bag: sum, mean or max of the embeddings of each bag of indices.

Bags are runs of a flat index list starting at ``offsets`` (or the rows of a 2-D input). The lookup is
``F.embedding`` (so max_norm and scale_grad_by_freq behave as there); sums and means scatter-add the
rows into their bags, max gathers each bag's largest row entry per dimension. Entries equal to
padding_idx take no part; an empty bag gives zeros.
"""

from __future__ import annotations

from typing import Any

from .. import creation
from ..tensor import Tensor
from . import init
from .embedding import _index_array, embedding
from .module import Module
from .parameter import Parameter


def _bags(input: Tensor, offsets: Any, include_last_offset: bool) -> tuple:  # noqa: A002
    """The flat indices, each entry's bag, and the number of bags."""
    xp = input.xp
    idx = input._data if isinstance(input, Tensor) else xp.asarray(input)
    if idx.ndim == 2:
        if offsets is not None:
            raise ValueError("embedding_bag: if input is 2D, then offsets has to be None, as input is treated is "
                             f"a mini-batch of fixed length sequences. However, found offsets of type "
                             f"{type(offsets).__name__}")
        n_bags, length = idx.shape
        return idx.reshape(-1), xp.repeat(xp.arange(n_bags), length), n_bags
    if idx.ndim != 1:
        raise ValueError(f"embedding_bag: input has to be 1D or 2D Tensor, but got Tensor of dimension {idx.ndim}")
    if offsets is None:
        raise ValueError("embedding_bag: offsets has to be a 1D Tensor but got None")
    off = (offsets._data if isinstance(offsets, Tensor) else xp.asarray(offsets)).astype("int64")
    if off.ndim != 1:
        raise ValueError(f"embedding_bag: offsets has to be a 1D Tensor, got shape {tuple(off.shape)}")
    if off.size and off[0] != 0:
        raise RuntimeError("offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from "
                           f"position 0. However, got {int(off[0])}")
    if xp.any(xp.diff(off) < 0) or (off.size and off[-1] > idx.size):
        raise RuntimeError(f"embedding_bag: offsets must be non-decreasing and at most {idx.size}, got "
                           f"{off.tolist()}")
    starts = off[:-1] if include_last_offset else off
    # entry i belongs to the last bag starting at or before it; entries past the final end (include_last_offset) to none
    bag = xp.searchsorted(starts, xp.arange(idx.size), side="right") - 1
    if include_last_offset and off.size:
        bag = xp.where(xp.arange(idx.size) < off[-1], bag, -1)
    return idx, bag, starts.size


def embedding_bag(input: Tensor, weight: Tensor, offsets: Tensor | None = None,  # noqa: A002
                  max_norm: float | None = None, norm_type: float = 2, scale_grad_by_freq: bool = False,
                  mode: str = "mean", sparse: bool = False, per_sample_weights: Tensor | None = None,
                  include_last_offset: bool = False, padding_idx: int | None = None) -> Tensor:
    """Reduce (sum/mean/max) the embeddings of each bag: output (number of bags, embedding_dim)."""
    if mode not in ("sum", "mean", "max"):
        raise ValueError(f"embedding_bag: mode has to be one of sum, mean or max, got {mode!r}")
    if weight.ndim != 2:
        raise ValueError(f"embedding_bag: weight has to be a 2D Tensor, but got Tensor of dimension {weight.ndim}")
    if per_sample_weights is not None:
        if mode != "sum":
            raise NotImplementedError("embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                      f"supported for mode='sum' (got mode='{mode}'). Please open a feature "
                                      "request on GitHub.")
        if tuple(per_sample_weights.shape) != tuple(input.shape):
            raise ValueError(f"embedding_bag: per_sample_weights has shape {tuple(per_sample_weights.shape)}, "
                             f"expected the input's shape {tuple(input.shape)}")
    idx, bag, n_bags = _bags(input, offsets, include_last_offset)
    idx = _index_array(idx, weight.shape[0], "embedding_bag")
    xp = weight.xp
    n_rows, dim = weight.shape
    if padding_idx is not None:
        if not -n_rows <= padding_idx < n_rows:
            raise RuntimeError(f"padding_idx must be within the number of embeddings, {-n_rows} through "
                               f"{n_rows - 1}, but got {padding_idx}")
        padding_idx %= n_rows
    keep = bag >= 0
    if padding_idx is not None:
        keep &= idx != padding_idx
    rows = embedding(Tensor._wrap(idx), weight, None, max_norm, norm_type, scale_grad_by_freq)
    if per_sample_weights is not None:
        rows = rows * per_sample_weights.reshape(-1, 1)
    count = xp.bincount(bag[keep], minlength=n_bags)
    if mode == "max" and idx.size == 0:  # only empty bags: zeros, with weight kept in the graph (zero gradient)
        return creation.zeros(n_bags, dim, dtype=weight.dtype) + weight.sum() * 0
    if mode == "max":
        best = xp.zeros((n_bags, dim), dtype="int64")
        for b in range(n_bags):
            members = xp.nonzero(keep & (bag == b))[0]
            if members.size:
                best[b] = members[xp.argmax(rows._data[members], axis=0)]
        filled = Tensor._wrap((count > 0).astype(rows._data.dtype)[:, None])
        return rows.gather(0, Tensor._wrap(best)) * filled
    coef = keep.astype(rows._data.dtype)
    if mode == "mean":
        coef = coef / xp.maximum(count, 1)[xp.where(keep, bag, 0)]
    target = xp.broadcast_to(xp.where(keep, bag, 0)[:, None], (idx.size, dim))
    zeros = creation.zeros(n_bags, dim, dtype=weight.dtype)
    return zeros.scatter_add(0, Tensor._wrap(target), rows * Tensor._wrap(coef[:, None].astype(rows._data.dtype)))


class EmbeddingBag(Module):
    """An embedding table whose forward reduces each bag of indices (sum, mean or max)."""

    def __init__(self, num_embeddings: int, embedding_dim: int, max_norm: float | None = None,
                 norm_type: float = 2.0, scale_grad_by_freq: bool = False, mode: str = "mean",
                 sparse: bool = False, _weight: Tensor | None = None, include_last_offset: bool = False,
                 padding_idx: int | None = None, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError(f"EmbeddingBag: padding_idx must be within num_embeddings ({num_embeddings}), "
                                     f"got {padding_idx}")
            if padding_idx < 0:
                padding_idx += num_embeddings
        if mode not in ("sum", "mean", "max"):
            raise ValueError(f"EmbeddingBag: mode has to be one of sum, mean or max, got {mode!r}")
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.max_norm, self.norm_type, self.scale_grad_by_freq = max_norm, norm_type, scale_grad_by_freq
        self.mode, self.sparse, self.include_last_offset = mode, sparse, include_last_offset
        self.padding_idx = padding_idx
        if _weight is None:
            self.weight = Parameter(creation.empty(num_embeddings, embedding_dim, dtype=dtype))
            self.reset_parameters()
        else:
            if tuple(_weight.shape) != (num_embeddings, embedding_dim):
                raise AssertionError(f"EmbeddingBag: _weight has shape {tuple(_weight.shape)}, expected "
                                     f"{(num_embeddings, embedding_dim)}")
            self.weight = Parameter(_weight)

    def reset_parameters(self) -> None:
        """Weights ~ N(0, 1), padding row zeroed, as PyTorch."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            self.weight._data[self.padding_idx] = 0

    def forward(self, input: Tensor, offsets: Tensor | None = None,  # noqa: A002
                per_sample_weights: Tensor | None = None) -> Tensor:
        """Reduce each bag's embeddings: (bags, embedding_dim)."""
        return embedding_bag(input, self.weight, offsets, self.max_norm, self.norm_type, self.scale_grad_by_freq,
                             self.mode, self.sparse, per_sample_weights, self.include_last_offset, self.padding_idx)

    @classmethod
    def from_pretrained(cls, embeddings: Any, freeze: bool = True, max_norm: float | None = None,
                        norm_type: float = 2.0, scale_grad_by_freq: bool = False, mode: str = "mean",
                        sparse: bool = False, include_last_offset: bool = False,
                        padding_idx: int | None = None) -> EmbeddingBag:
        """An EmbeddingBag holding ``embeddings`` (2-D); frozen (no gradient) unless freeze=False."""
        w = embeddings if isinstance(embeddings, Tensor) else Tensor(embeddings)
        if w.ndim != 2:
            raise ValueError(f"Embeddings parameter is expected to be 2-dimensional, got {tuple(w.shape)}")
        bag = cls(w.shape[0], w.shape[1], max_norm, norm_type, scale_grad_by_freq, mode, sparse,
                  _weight=Tensor(w._data), include_last_offset=include_last_offset, padding_idx=padding_idx)
        bag.weight.requires_grad = not freeze
        return bag

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm!r}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type!r}"
        if self.scale_grad_by_freq:
            s += f", scale_grad_by_freq={self.scale_grad_by_freq!r}"
        s += f", mode={self.mode!r}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx!r}"
        return s
