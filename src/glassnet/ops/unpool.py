"""Max unpooling as an op: put each value at its flat index in a zero output (PyTorch's max_unpool).

Indices from a max pool with overlapping windows repeat (one input maximum wins several windows); the
forward writes, it does not add, so a repeated index holds the value once, and the backward reads each
input's gradient from its index.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module


def _along_last(index):
    xp = array_module(index)
    grids = list(xp.indices(index.shape, sparse=True))
    grids[-1] = index
    return tuple(grids)


class MaxUnpool(Function):
    """(N, C, L) values and int64 flat indices -> (N, C, size) zeros with out[n, c, index] = value."""

    @staticmethod
    def forward(ctx, x, index, size):
        xp = array_module(x)
        out = xp.zeros(x.shape[:-1] + (size,), dtype=x.dtype)
        ctx.where = _along_last(index)
        out[ctx.where] = x
        return out

    @staticmethod
    def backward(ctx, g):
        return g[ctx.where], None, None
