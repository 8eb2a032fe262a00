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
    """Perform Lp normalization of inputs over specified dimension.

    Each vector along ``dim`` is divided by its p-norm: ``v / max(||v||_p, eps)``.

    Args:
        input (Tensor): input tensor of any shape.
        p (float, optional): the exponent value in the norm formulation. Default: 2.
        dim (int, optional): the dimension to reduce. Default: 1.
        eps (float, optional): small value to avoid division by zero. Default: ``1e-12``.
        out (Tensor, optional): accepted for PyTorch compatibility and ignored. Default: ``None``.

    Example:
        >>> F.normalize(glassnet.tensor([[3.0, 4.0], [1.0, 0.0]]), dim=1)
        tensor([[0.6000, 0.8000],
                [1.0000, 0.0000]])
        >>> F.normalize(glassnet.tensor([[3.0, 4.0]]), p=1, dim=1)
        tensor([[0.4286, 0.5714]])
    """
    if not input.is_floating_point():
        raise RuntimeError(f"normalize: expected a floating point tensor as input, got {input.dtype}")
    d = _dim(dim, input.ndim, "normalize")
    denom = input.norm(p, d, keepdim=True).clamp(min=eps)
    return input / denom


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """Returns cosine similarity between ``x1`` and ``x2``, computed along dim.

    ``similarity = x1 . x2 / (max(||x1||_2, eps) * max(||x2||_2, eps))``; the inputs are broadcast
    to a common shape.

    Args:
        x1 (Tensor): first input.
        x2 (Tensor): second input (broadcastable with ``x1``).
        dim (int, optional): dimension along which cosine similarity is computed. Default: 1.
        eps (float, optional): small value to avoid division by zero. Default: ``1e-8``.

    Example:
        >>> x1 = glassnet.tensor([[1.0, 0.0], [1.0, 1.0]])
        >>> x2 = glassnet.tensor([[0.0, 1.0], [2.0, 2.0]])
        >>> F.cosine_similarity(x1, x2)
        tensor([0.0000, 1.0000])
    """
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
    """Computes the pairwise distance between input vectors, or between columns of input matrices.

    ``dist(x1, x2) = ||x1 - x2 + eps||_p`` over the last dimension (inputs broadcast).

    Args:
        x1 (Tensor): first input, ``(N, D)`` or ``(D)``.
        x2 (Tensor): second input, same (or broadcastable) shape.
        p (float, optional): the norm degree; can be negative. Default: 2.
        eps (float, optional): small value added to the difference to avoid division by zero. Default: ``1e-6``.
        keepdim (bool, optional): keep the vector dimension. Default: ``False``.

    Example:
        >>> F.pairwise_distance(glassnet.tensor([[0.0, 0.0], [1.0, 1.0]]), glassnet.tensor([[3.0, 4.0], [1.0, 1.0]]))
        tensor([5.0000e+00, 1.4142e-06])
    """
    if x1.ndim == 0 or x2.ndim == 0:
        raise RuntimeError(f"pairwise_distance: expected inputs with at least one dim, got shapes "
                           f"{tuple(x1.shape)} and {tuple(x2.shape)}")
    return (x1 - x2 + eps).norm(p, max(x1.ndim, x2.ndim) - 1, keepdim=keepdim)


def pdist(input: Tensor, p: float = 2) -> Tensor:  # noqa: A002
    """Computes the p-norm distance between every pair of row vectors in the input.

    This is identical to the upper triangular portion, excluding the diagonal, of
    ``cdist(input, input, p)``: for an ``(N, M)`` input the output has ``N * (N - 1) / 2`` values,
    ordered ``(0, 1), (0, 2), ..., (1, 2), ...``.

    Args:
        input (Tensor): input tensor of shape ``(N, M)``.
        p (float, optional): p value for the p-norm distance, in ``[0, inf]``. Default: 2.

    Example:
        >>> F.pdist(glassnet.tensor([[0.0, 0.0], [3.0, 4.0], [6.0, 8.0]]))
        tensor([ 5., 10.,  5.])
    """
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
    """Computes the pairwise distance between input vectors, or between columns of input matrices.

    ``dist(x, y) = ||x - y + eps||_p`` over the last dimension; see
    :func:`~glassnet.nn.functional.pairwise_distance`.

    Args:
        p (float, optional): the norm degree; can be negative. Default: 2.
        eps (float, optional): small value to avoid division by zero. Default: ``1e-6``.
        keepdim (bool, optional): determines whether or not to keep the vector dimension. Default: ``False``.

    Shape:
        - Input1: ``(N, D)`` or ``(D)`` where ``N`` is the batch dimension and ``D`` the vector dimension.
        - Input2: ``(N, D)`` or ``(D)``, same shape as Input1.
        - Output: ``(N)`` or ``()``; ``(N, 1)`` or ``(1)`` with ``keepdim=True``.

    Example:
        >>> pdist = nn.PairwiseDistance(p=2)
        >>> pdist(glassnet.randn(100, 128), glassnet.randn(100, 128)).shape
        glassnet.Size([100])
    """

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        """||x1 - x2 + eps||_p over the last dim."""
        return pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CosineSimilarity(Module):
    """Returns cosine similarity between ``x1`` and ``x2``, computed along ``dim``.

    ``similarity = x1 . x2 / (max(||x1||_2, eps) * max(||x2||_2, eps))``; see
    :func:`~glassnet.nn.functional.cosine_similarity`.

    Args:
        dim (int, optional): dimension where cosine similarity is computed. Default: 1.
        eps (float, optional): small value to avoid division by zero. Default: ``1e-8``.

    Shape:
        - Input1: ``(*1, D, *2)`` where ``D`` is at position ``dim``.
        - Input2: ``(*1, D, *2)``, same number of dimensions as x1, matching x1 size at dimension ``dim``,
          and broadcastable with x1 at other dimensions.
        - Output: ``(*1, *2)``.

    Example:
        >>> cos = nn.CosineSimilarity(dim=1, eps=1e-6)
        >>> cos(glassnet.randn(100, 128), glassnet.randn(100, 128)).shape
        glassnet.Size([100])
        >>> cos(glassnet.tensor([[1.0, 1.0]]), glassnet.tensor([[-2.0, -2.0]]))
        tensor([-1.0000])
    """

    def __init__(self, dim: int = 1, eps: float = 1e-8) -> None:
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        """Cosine similarity along dim."""
        return cosine_similarity(x1, x2, self.dim, self.eps)
