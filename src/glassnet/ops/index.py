"""Indexing ops: __getitem__, gather, scatter_add, index_select, masked_fill.

Gradients of indexing scatter-add, so an index repeated k times receives k gradients.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module


def _is_basic(index) -> bool:
    items = index if isinstance(index, tuple) else (index,)
    return all(i is None or i is Ellipsis or isinstance(i, (int, slice)) for i in items)


class GetItem(Function):
    @staticmethod
    def forward(ctx, a, index):
        ctx.index, ctx.in_shape = index, a.shape
        return a[index]

    @staticmethod
    def backward(ctx, g):
        return ctx.ns.index_into_zeros(g, ctx.in_shape, ctx.index)


class IndexIntoZeros(Function):
    """zeros(shape)[index] += g: the backward of GetItem, itself differentiable (for double backward)."""

    @staticmethod
    def forward(ctx, g, shape, index):
        ctx.index = index
        return scatter_into_zeros(g, shape, index)

    @staticmethod
    def backward(ctx, gg):
        return gg[ctx.index]


def scatter_into_zeros(g, shape, index):
    """Return zeros of ``shape`` with g added at ``index`` (repeated indices accumulate)."""
    xp = array_module(g)
    out = xp.zeros(shape, dtype=g.dtype)
    if _is_basic(index):
        out[index] = g
    else:
        xp.add.at(out, index, g)
    return out


def _along(index, dim):
    """Full index tuple addressing ``index`` along ``dim`` (for take/put along an axis)."""
    xp = array_module(index)
    grids = list(xp.indices(index.shape, sparse=True))
    grids[dim] = index
    return tuple(grids)


class Gather(Function):
    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.dim, ctx.index, ctx.in_shape = dim, index, a.shape
        return a[_along(index, dim)]

    @staticmethod
    def backward(ctx, g):
        return ctx.ns.index_into_zeros(g, ctx.in_shape, _along(ctx.index, ctx.dim))


class ScatterAdd(Function):
    """out = a.clone(); out[index[i][j]][j] += src[i][j] along dim (torch.scatter_add)."""

    @staticmethod
    def forward(ctx, a, dim, index, src):
        xp = array_module(a)
        ctx.dim, ctx.index = dim, index
        out = a.copy()
        ctx.src_shape = src.shape
        ctx.src_part = tuple(slice(0, n) for n in index.shape)
        xp.add.at(out, _along(index, dim), src[ctx.src_part])
        return out

    @staticmethod
    def backward(ctx, g):
        gsrc = g[_along(ctx.index, ctx.dim)]
        if gsrc.shape != ctx.src_shape:  # src larger than index: the unused part gets zero
            gsrc = ctx.ns.index_into_zeros(gsrc, ctx.src_shape, ctx.src_part)
        return g, None, None, gsrc


class IndexSelect(Function):
    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.dim, ctx.index, ctx.in_shape = dim, index, a.shape
        return array_module(a).take(a, index, axis=dim)

    @staticmethod
    def backward(ctx, g):
        idx = (slice(None),) * ctx.dim + (ctx.index,)
        return ctx.ns.index_into_zeros(g, ctx.in_shape, idx)


class MaskedFill(Function):
    @staticmethod
    def forward(ctx, a, mask, value):
        xp = array_module(a)
        ctx.mask = mask
        return xp.where(mask, xp.asarray(value, dtype=a.dtype), a)

    @staticmethod
    def backward(ctx, g):
        return ctx.ns.where(ctx.mask, 0, g)
