"""Reductions: sum, mean, var, amax/amin, max/min along a dim, logsumexp, prod, softmax."""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module


def _keep(g, shape, axis, keepdim):
    """Re-insert reduced axes into g so it broadcasts against the input."""
    if keepdim or axis is None and g.ndim == len(shape):
        return g
    if axis is None:
        return g.reshape((1,) * len(shape)) if len(shape) else g
    axes = sorted(a % len(shape) for a in axis)
    new = list(g.shape)
    for a in axes:
        new.insert(a, 1)
    return g.reshape(tuple(new))


class Sum(Function):
    @staticmethod
    def forward(ctx, a, axis=None, keepdim=False):
        ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
        ctx.torch_name = "SumBackward0" if axis is None else "SumBackward1"
        return a.sum(axis=axis, keepdims=keepdim)

    @staticmethod
    def backward(ctx, g):
        return ctx.ns.broadcast_to(_keep(g, ctx.shape, ctx.axis, ctx.keepdim), ctx.shape)


class Mean(Function):
    @staticmethod
    def forward(ctx, a, axis=None, keepdim=False):
        ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
        ctx.torch_name = "MeanBackward0" if axis is None else "MeanBackward1"
        out = a.mean(axis=axis, keepdims=keepdim)
        ctx.n = a.size // max(out.size, 1) if a.size else 0
        return out.astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        g = _keep(g, ctx.shape, ctx.axis, ctx.keepdim) * (1.0 / ctx.n if ctx.n else float("nan"))
        return ctx.ns.broadcast_to(g, ctx.shape)


class Var(Function):
    """Variance with Bessel-style ``correction`` (1 = unbiased, PyTorch's default)."""

    @staticmethod
    def forward(ctx, a, axis=None, correction=1, keepdim=False):
        xp = array_module(a)
        mu = a.mean(axis=axis, keepdims=True)
        n = a.size // max(mu.size, 1)
        ctx.save_for_backward(a)
        ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
        ctx.denom = max(n - correction, 0)
        d = a - mu
        with_nan = xp.errstate(divide="ignore", invalid="ignore")
        with with_nan:
            out = (d * d).sum(axis=axis, keepdims=keepdim) / ctx.denom
        return out.astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        ns = ctx.ns
        mu = ns.mean(a, ctx.axis)
        g = _keep(g, ctx.shape, ctx.axis, ctx.keepdim)
        return g * (a - mu) * (2.0 / ctx.denom if ctx.denom else float("nan"))


class AMax(Function):
    """amax/amin: ties share the gradient evenly (PyTorch's rule)."""

    @staticmethod
    def forward(ctx, a, axis=None, keepdim=False, largest=True):
        out = a.max(axis=axis, keepdims=True) if largest else a.min(axis=axis, keepdims=True)
        mask = a == out
        ctx.w = mask / mask.sum(axis=axis, keepdims=True)
        ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
        return out if keepdim else (out.reshape(()) if axis is None else out.squeeze(axis))

    @staticmethod
    def backward(ctx, g):
        return _keep(g, ctx.shape, ctx.axis, ctx.keepdim) * ctx.w.astype(g.dtype)


class LogSumExp(Function):
    @staticmethod
    def forward(ctx, a, axis=None, keepdim=False):
        xp = array_module(a)
        m = a.max(axis=axis, keepdims=True, initial=-xp.inf)  # initial: an empty dim gives -inf
        m = xp.where(xp.isfinite(m), m, 0)
        out = xp.log(xp.exp(a - m).sum(axis=axis, keepdims=True)) + m
        out = out if keepdim else (out.reshape(()) if axis is None else out.squeeze(axis))
        ctx.save_for_backward(a, out)
        ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        k = (ctx.shape, ctx.axis, ctx.keepdim)
        return _keep(g, *k) * ctx.ns.exp(a - _keep(out, *k))


class Prod(Function):
    """Product; the gradient is the product of the others (exact even with zeros)."""

    @staticmethod
    def forward(ctx, a, axis=None, keepdim=False):
        ctx.save_for_backward(a)
        ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
        ctx.torch_name = "ProdBackward0" if axis is None else "ProdBackward1"
        return a.prod(axis=axis, keepdims=keepdim)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        g = _keep(g, ctx.shape, ctx.axis, ctx.keepdim)
        if ctx.ns.GRAPH:
            return g * _others_recorded(ctx.ns, a, ctx.axis)
        xp = array_module(a)
        ax = 0 if ctx.axis is None else ctx.axis[0]
        flat = a.reshape(-1) if ctx.axis is None else a
        moved = xp.moveaxis(flat, ax, -1)
        ones = xp.ones(moved.shape[:-1] + (1,), dtype=a.dtype)
        left = xp.cumprod(xp.concatenate([ones, moved[..., :-1]], -1), -1)
        right = xp.flip(xp.cumprod(xp.concatenate([ones, xp.flip(moved, -1)[..., :-1]], -1), -1), -1)
        others = xp.moveaxis(left * right, -1, ax).reshape(a.shape)
        return g * others


def _others_recorded(ns, a, axis):
    """prod_{j != i} a_j for each i along axis, from recorded ops (for double backward).

    Dividing the product by a_i fails at zeros, so each element's product is taken over a row of an
    (n, n) table whose diagonal is replaced by 1. It costs n times the memory, only under create_graph.
    """
    flat = ns.reshape(a, (-1,)) if axis is None else a
    ax = 0 if axis is None else axis[0]
    nd = flat.ndim
    n = flat.shape[ax]
    axes = [i for i in range(nd) if i != ax] + [ax]
    moved = ns.permute(flat, axes)
    table = ns.broadcast_to(ns.unsqueeze(moved, -2), tuple(moved.shape) + (n,))
    table = ns.where(array_module(a._data).eye(n, dtype=bool), 1, table)
    others = ns.reshape(ns.prod(table, (nd,)), tuple(moved.shape))
    inverse = [0] * nd
    for i, x in enumerate(axes):
        inverse[x] = i
    return ns.reshape(ns.permute(others, inverse), tuple(a.shape))


class Softmax(Function):
    @staticmethod
    def forward(ctx, a, axis=-1):
        xp = array_module(a)
        e = xp.exp(a - a.max(axis=axis, keepdims=True, initial=-xp.inf))
        e /= e.sum(axis=axis, keepdims=True)
        ctx.save_for_backward(e)
        ctx.axis = axis
        return e

    @staticmethod
    def backward(ctx, g):
        (s,) = ctx.saved_tensors
        gs = g * s
        return gs - s * ctx.ns.sum(gs, ctx.axis, True)


class LogSoftmax(Function):
    @staticmethod
    def forward(ctx, a, axis=-1):
        xp = array_module(a)
        sh = a - a.max(axis=axis, keepdims=True, initial=-xp.inf)
        out = sh - xp.log(xp.exp(sh).sum(axis=axis, keepdims=True))
        ctx.save_for_backward(out)
        ctx.axis = axis
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        ns = ctx.ns
        return g - ns.exp(out) * ns.sum(g, ctx.axis, True)
