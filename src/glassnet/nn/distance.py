"""Distances and similarities: F.normalize, cosine_similarity, pairwise_distance, pdist and their layers.

All are compositions of differentiable tensor ops (products, sums, the p-norm); the 2-norm uses a
square root whose gradient is 0 at 0, like PyTorch's norm, so identical vectors get finite gradients.
"""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from .module import Module


def _dim(dim: int, ndim: int, op: str) -> int:
    if not -max(ndim, 1) <= dim < max(ndim, 1):
        raise IndexError(f"{op}: dim {dim} is out of range for a {ndim}-D input")
    return dim % max(ndim, 1)


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12,  # noqa: A002
              out: Any = None) -> Tensor:
    """input / max(||input||_p along dim, eps), as torch.nn.functional.normalize."""
    if not input.is_floating_point():
        raise RuntimeError(f"normalize: expected a floating point tensor as input, got {input.dtype}")
    d = _dim(dim, input.ndim, "normalize")
    denom = input.norm(p, d, keepdim=True).clamp(min=eps)
    return input / denom


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """sum(x1 * x2) / (max(||x1||, eps) * max(||x2||, eps)) along dim (inputs broadcast)."""
    ndim = max(x1.ndim, x2.ndim)
    d = _dim(dim, ndim, "cosine_similarity")
    try:
        shape = tuple(x1.xp.broadcast_shapes(tuple(x1.shape), tuple(x2.shape)))
    except ValueError:
        raise RuntimeError(f"cosine_similarity: shapes {tuple(x1.shape)} and {tuple(x2.shape)} cannot be "
                           "broadcast together") from None
    a, b = x1.broadcast_to(shape), x2.broadcast_to(shape)
    # Each input is divided by its own norm first, as PyTorch does, for precision. PyTorch clamps the
    # norms in place under no_grad, so the value is clamped but the gradient is the unclamped norm's.
    na, nb = a.norm(2, d, keepdim=True), b.norm(2, d, keepdim=True)
    na = na + (na.clamp(min=eps) - na).detach()
    nb = nb + (nb.clamp(min=eps) - nb).detach()
    return ((a / na) * (b / nb)).sum(d)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    """||x1 - x2 + eps||_p over the last dim (inputs broadcast)."""
    if x1.ndim == 0 or x2.ndim == 0:
        raise RuntimeError(f"pairwise_distance: expected inputs with at least one dim, got shapes "
                           f"{tuple(x1.shape)} and {tuple(x2.shape)}")
    return (x1 - x2 + eps).norm(p, max(x1.ndim, x2.ndim) - 1, keepdim=keepdim)


def pdist(input: Tensor, p: float = 2) -> Tensor:  # noqa: A002
    """p-norm distances between all row pairs i < j of an (N, M) input, condensed into N*(N-1)/2 values."""
    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D (shape {tuple(input.shape)})")
    if p < 0:
        raise RuntimeError(f"pdist only supports non-negative p values, got {p}")
    i, j = input.xp.triu_indices(input.shape[0], 1)
    diff = input[Tensor(i)] - input[Tensor(j)]
    if p == 0:
        return (diff != 0).sum(-1).astype(input.dtype)
    return diff.norm(p, -1)


class PairwiseDistance(Module):
    """p-norm distance between the rows of two inputs."""

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        """||x1 - x2 + eps||_p over the last dim."""
        return pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CosineSimilarity(Module):
    """Cosine of the angle between x1 and x2 along ``dim``."""

    def __init__(self, dim: int = 1, eps: float = 1e-8) -> None:
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        """Cosine similarity along dim."""
        return cosine_similarity(x1, x2, self.dim, self.eps)
