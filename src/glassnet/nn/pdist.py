"""F.pdist (distances between all row pairs) and F.bilinear (the functional form of nn.Bilinear)."""

from __future__ import annotations

from ..tensor import Tensor


def pdist(input: Tensor, p: float = 2) -> Tensor:  # noqa: A002
    """p-norm distances between the rows of an (N, M) input, for i < j in row-major order: N(N-1)/2 values."""
    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D")
    if p < 0:
        raise RuntimeError(f"pdist only supports non-negative p values, got {p}")
    i, j = input.xp.triu_indices(input.shape[0], 1)
    diff = (input[Tensor._wrap(i)] - input[Tensor._wrap(j)]).abs()
    if p == float("inf"):
        return diff.amax(-1) if diff.shape[-1] else diff.sum(-1)
    if p == 0:
        return (diff != 0).astype(input.dtype).sum(-1)
    # |d|^p summed, then the p-th root; at a zero distance PyTorch's gradient is 0, so route it there
    total = (diff ** p).sum(-1)
    zero = Tensor._wrap((total._data == 0).astype(total._data.dtype))
    return (total + zero) ** (1.0 / p) - zero


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """y = x1^T A x2 + b over the last dims: x1 (..., in1), x2 (..., in2), A (out, in1, in2), b (out)."""
    if weight.ndim != 3 or input1.shape[-1] != weight.shape[1] or input2.shape[-1] != weight.shape[2]:
        raise RuntimeError(f"bilinear: input1 {tuple(input1.shape)}, input2 {tuple(input2.shape)} and weight "
                           f"{tuple(weight.shape)} must be (..., in1), (..., in2), (out, in1, in2)")
    t = input1.unsqueeze(-2).unsqueeze(-2) @ weight
    y = (t.squeeze(-2) * input2.unsqueeze(-2)).sum(-1)
    return y if bias is None else y + bias
