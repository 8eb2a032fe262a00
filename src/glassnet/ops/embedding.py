"""Embedding lookup: out = weight[indices]; its gradient adds each output row back into its weight row."""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module


def rows_add(g, indices, num_rows):
    """zeros(num_rows, D) with row g[k] added at indices[k] (repeats accumulate): a segment sum.

    Sorting the indices and summing each run with ``add.reduceat`` is several times faster than
    ``add.at`` (which handles one element at a time).
    """
    xp = array_module(g)
    out = xp.zeros((num_rows, g.shape[-1]), dtype=g.dtype)
    if indices.size == 0:
        return out
    order = xp.argsort(indices, kind="stable")
    sorted_idx = indices[order]
    starts = xp.flatnonzero(xp.concatenate((xp.ones(1, dtype=bool), sorted_idx[1:] != sorted_idx[:-1])))
    out[sorted_idx[starts]] = xp.add.reduceat(g[order], starts, axis=0)
    return out


class Embedding(Function):
    """Rows of ``weight`` picked by integer ``indices`` (any shape); padding_idx rows get no gradient."""

    @staticmethod
    def forward(ctx, weight, indices, padding_idx=None, scale_grad_by_freq=False):
        xp = array_module(weight)
        flat = indices.reshape(-1)
        ctx.flat, ctx.num_rows = flat, weight.shape[0]
        ctx.padding_idx, ctx.scale = padding_idx, scale_grad_by_freq
        return xp.take(weight, flat, axis=0).reshape(indices.shape + (weight.shape[1],))

    @staticmethod
    def backward(ctx, g):
        xp = array_module(ctx.flat)
        g = ctx.ns.reshape(g, (ctx.flat.size, g.shape[-1]))
        if ctx.scale:  # divide each row's gradient by how often its index occurs in the batch
            counts = xp.bincount(ctx.flat, minlength=ctx.num_rows)
            g = g * (1.0 / counts[ctx.flat]).astype(g.dtype)[:, None]
        if ctx.padding_idx is not None:
            g = g * (ctx.flat != ctx.padding_idx).astype(g.dtype)[:, None]
        if ctx.ns.GRAPH:
            gw = ctx.ns.index_into_zeros(g, (ctx.num_rows, g.shape[-1]), (ctx.flat,))
        else:
            gw = rows_add(g, ctx.flat, ctx.num_rows)
        return gw, None
