"""Scatter ops: scatter (write), scatter_reduce (sum, prod, mean, amax, amin; with or without self),
index_add. Forward uses NumPy's unbuffered ``ufunc.at`` so repeated indices all count; backward
follows PyTorch's formulas, gathering the gradient back from where each source value went.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module
from .index import Gather, _along


def _gather(ns, x, dim, index):
    """x gathered along dim at index: recorded under create_graph, a plain array lookup otherwise."""
    return Gather.apply(x, dim, index) if ns.GRAPH else x[_along(index, dim)]


def _scatter_add_into_zeros(ns, src, shape, dim, index):
    """zeros(shape) with src added at index along dim."""
    return ns.index_into_zeros(src, shape, _along(index, dim))


def _src_part(index, src):
    """The leading block of src that index addresses (src may be larger than index)."""
    return src[tuple(slice(0, n) for n in index.shape)]


def _grad_for_src(ns, g_src, src_shape, index):
    """A gradient for the used block of src, padded with zeros to src's full shape."""
    if tuple(g_src.shape) == tuple(src_shape):
        return g_src
    return ns.index_into_zeros(g_src, src_shape, tuple(slice(0, n) for n in index.shape))


class Scatter(Function):
    """out = a.clone(); out[index[i][j]][j] = src[i][j] along dim (a scalar src writes a value)."""

    @staticmethod
    def forward(ctx, a, dim, index, src):
        xp = array_module(a)
        out = a.copy()
        where = _along(index, dim)
        out[where] = _src_part(index, src) if getattr(src, "ndim", 0) else src
        ctx.dim, ctx.index = dim, index
        ctx.src_shape = getattr(src, "shape", ())
        ctx.written = xp.zeros(a.shape, dtype=bool)
        ctx.written[where] = True
        return out

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        g_self = ns.where(ctx.written, 0, g)
        g_src = None
        if ctx.needs_input_grad[3]:
            g_src = _grad_for_src(ns, _gather(ns, g, ctx.dim, ctx.index), ctx.src_shape, ctx.index)
        return g_self, None, None, g_src


_UFUNC = {"sum": "add", "mean": "add", "prod": "multiply", "amax": "maximum", "amin": "minimum"}


def scatter_reduce_array(a, dim, index, src, reduce, include_self):
    """The scatter_reduce forward on arrays; also returns how many values reached each slot."""
    xp = array_module(a)
    where = _along(index, dim)
    src = _src_part(index, src)
    out = a.copy()
    count = xp.zeros(a.shape, dtype="int64")
    xp.add.at(count, where, 1)
    if not include_self:  # scattered-to slots start from the reduction's identity instead of self
        identity = {"sum": 0, "mean": 0, "prod": 1}.get(reduce)
        if identity is None:
            info = xp.finfo(a.dtype) if a.dtype.kind == "f" else xp.iinfo(a.dtype)
            identity = (-xp.inf if a.dtype.kind == "f" else info.min) if reduce == "amax" else (
                xp.inf if a.dtype.kind == "f" else info.max)
        out[count > 0] = identity
    getattr(xp, _UFUNC[reduce]).at(out, where, src)
    if include_self:
        count = count + 1
    if reduce == "mean":
        n = xp.maximum(count, 1).astype(a.dtype)
        out = out // n if a.dtype.kind in "iub" else out / n
    return out, count


class ScatterReduce(Function):
    """torch.scatter_reduce with PyTorch's gradients (ties of amax/amin share the gradient evenly)."""

    @staticmethod
    def forward(ctx, a, dim, index, src, reduce, include_self):
        out, count = scatter_reduce_array(a, dim, index, src, reduce, include_self)
        ctx.dim, ctx.index, ctx.reduce, ctx.include_self = dim, index, reduce, include_self
        ctx.src_shape = src.shape
        ctx.scattered = array_module(a).zeros(a.shape, dtype=bool)
        ctx.scattered[_along(index, dim)] = True
        # constants for backward: how many values met in each slot, and whether self's value counts
        ctx.count = array_module(a).maximum(count, 1).astype(a.dtype)
        ctx.keep_self = (~ctx.scattered if not include_self else (ctx.scattered | True)).astype(a.dtype)
        ctx.save_for_backward(a, src, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, src, out = ctx.saved_tensors
        ns, dim, index, reduce = ctx.ns, ctx.dim, ctx.index, ctx.reduce
        src = _src_part(index, src)
        if reduce == "sum":
            g_self, g_src = g * ctx.keep_self, _gather(ns, g, dim, index)
        elif reduce == "mean":
            per = g / ctx.count
            g_self = ns.where(ctx.scattered, per, g) * ctx.keep_self
            g_src = _gather(ns, per, dim, index)
        elif reduce == "prod":
            g_self, g_src = _prod_grads(ns, g, a, src, out, dim, index, ctx)
        else:  # amax / amin: every element equal to the result shares its gradient
            raw = [x._data if ns.GRAPH else x for x in (a, src, out)]
            xp = array_module(raw[0])
            # PyTorch counts self among the ties even when include_self=False (self then gets no share)
            hits_self = (raw[0] == raw[2]).astype(ctx.keep_self.dtype)
            hits_src = (raw[1] == raw[2][_along(index, dim)]).astype(hits_self.dtype)
            n_hits = hits_self.copy()
            xp.add.at(n_hits, _along(index, dim), hits_src)
            per = g / xp.maximum(n_hits, 1)
            g_self = per * (hits_self * ctx.keep_self)
            g_src = _gather(ns, per, dim, index) * hits_src
        g_src = _grad_for_src(ns, g_src, ctx.src_shape, index)
        return g_self, None, None, g_src, None, None


def _prod_grads(ns, g, a, src, out, dim, index, ctx):
    """Gradients of a scatter product; exact when one factor of a product is zero (PyTorch's method)."""
    xp = array_module(g._data if ns.GRAPH else g)
    raw_a = a._data if ns.GRAPH else a
    raw_src = src._data if ns.GRAPH else src
    # self: the product of everything else, recomputed with self's zeros replaced by 1
    masked_self = ns.where(raw_a == 0, 1, a)
    if ns.GRAPH:
        others = ScatterReduce.apply(masked_self, dim, index, src, "prod", ctx.include_self)
    else:
        others = scatter_reduce_array(masked_self, dim, index, src, "prod", ctx.include_self)[0]
    g_self = g * others / masked_self
    if not ctx.include_self:
        g_self = ns.where(ctx.scattered, 0, g)
    # src: out / src where src != 0; for a lone zero in its slot, the product with it replaced by 1
    src_zero = raw_src == 0
    zeros_per_slot = xp.zeros(raw_a.shape, dtype="int64")
    xp.add.at(zeros_per_slot, _along(index, dim), src_zero)
    lone_zero = src_zero & (zeros_per_slot[_along(index, dim)] == 1)
    masked_src = ns.where(lone_zero, 1, src)
    if ns.GRAPH:
        with_one = ScatterReduce.apply(a, dim, index, masked_src, "prod", ctx.include_self)
    else:
        with_one = scatter_reduce_array(a, dim, index, masked_src, "prod", ctx.include_self)[0]
    g_src = ns.where(lone_zero, _gather(ns, g * with_one, dim, index),
                     _gather(ns, g * out, dim, index) / ns.where(src_zero, 1, src))
    return g_self, g_src


class IndexAdd(Function):
    """out = a.clone(); out.index_select(dim, index) += alpha * source (repeated indices accumulate)."""

    @staticmethod
    def forward(ctx, a, dim, index, source, alpha):
        xp = array_module(a)
        out = a.copy()
        moved = xp.moveaxis(out, dim, 0)  # a view: adding into it adds into out
        xp.add.at(moved, index, xp.moveaxis(source * alpha if alpha != 1 else source, dim, 0))
        ctx.dim, ctx.index, ctx.alpha = dim, index, alpha
        return out

    @staticmethod
    def backward(ctx, g):
        g_src = None
        if ctx.needs_input_grad[3]:
            picked = g[(slice(None),) * ctx.dim + (ctx.index,)]
            g_src = picked * ctx.alpha if ctx.alpha != 1 else picked
        return g, None, None, g_src, None
