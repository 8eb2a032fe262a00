"""Shape ops: reshape, permute, expand, cat/stack, pad, repeat. Each backward undoes its forward."""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module


class Reshape(Function):
    @staticmethod
    def forward(ctx, a, shape):
        ctx.in_shape = a.shape
        return a.reshape(shape)

    @staticmethod
    def backward(ctx, g):
        return ctx.ns.reshape(g, ctx.in_shape)


class Permute(Function):
    @staticmethod
    def forward(ctx, a, axes):
        ctx.axes = axes
        return a.transpose(axes)

    @staticmethod
    def backward(ctx, g):
        inv = [0] * len(ctx.axes)
        for i, ax in enumerate(ctx.axes):
            inv[ax] = i
        return ctx.ns.permute(g, tuple(inv))


class Expand(Function):
    """broadcast_to/expand: a view; the engine sums the gradient back to the input's shape."""

    @staticmethod
    def forward(ctx, a, shape):
        return array_module(a).broadcast_to(a, shape)

    @staticmethod
    def backward(ctx, g):
        return g


class SumTo(Function):
    """Sum a broadcast gradient back to ``shape`` (the backward of broadcasting, as an op)."""

    @staticmethod
    def forward(ctx, a, shape):
        ctx.in_shape = a.shape
        return sum_to(a, shape)

    @staticmethod
    def backward(ctx, g):
        return ctx.ns.broadcast_to(g, ctx.in_shape)


def sum_to(a, shape):
    """Sum array ``a`` over the dimensions that broadcasting added or stretched to reach ``shape``."""
    if a.shape == tuple(shape):
        return a
    lead = a.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, s in enumerate(shape) if s == 1 and a.shape[i + lead] != 1
    )
    out = a.sum(axis=axes, keepdims=True) if axes else a
    if lead:
        out = out.reshape(out.shape[lead:])
    return out.reshape(shape)


class Cat(Function):
    @staticmethod
    def forward(ctx, *arrays, axis=0):
        ctx.axis = axis
        ctx.sizes = [a.shape[axis] for a in arrays]
        return array_module(*arrays).concatenate(arrays, axis=axis)

    @staticmethod
    def backward(ctx, g):
        out, start = [], 0
        for n in ctx.sizes:
            idx = [slice(None)] * g.ndim
            idx[ctx.axis] = slice(start, start + n)
            out.append(g[tuple(idx)])
            start += n
        return tuple(out)


class Stack(Function):
    @staticmethod
    def forward(ctx, *arrays, axis=0):
        ctx.axis = axis
        return array_module(*arrays).stack(arrays, axis=axis)

    @staticmethod
    def backward(ctx, g):
        n = g.shape[ctx.axis]
        out = []
        for i in range(n):
            idx = [slice(None)] * g.ndim
            idx[ctx.axis] = i
            out.append(g[tuple(idx)])
        return tuple(out)


class Pad(Function):
    """Constant padding; ``pad`` is PyTorch's flat list, last dimension first."""

    @staticmethod
    def forward(ctx, a, pad, value=0.0):
        xp = array_module(a)
        width = [(0, 0)] * a.ndim
        for i in range(len(pad) // 2):
            width[a.ndim - 1 - i] = (pad[2 * i], pad[2 * i + 1])
        ctx.slices = []
        for (lo, _hi), n in zip(width, a.shape):
            ctx.slices.append(slice(lo, lo + n))
        if any(lo < 0 or hi < 0 for lo, hi in width):  # negative padding crops, as in PyTorch
            crop = tuple(slice(-lo if lo < 0 else 0, n + hi if hi < 0 else n)
                         for (lo, hi), n in zip(width, a.shape))
            ctx.crop, ctx.in_shape = crop, a.shape
            a = a[crop]
            width = [(max(lo, 0), max(hi, 0)) for lo, hi in width]
            ctx.slices = [slice(lo, lo + n) for (lo, _), n in zip(width, a.shape)]
        else:
            ctx.crop = None
        return xp.pad(a, width, mode="constant", constant_values=value)

    @staticmethod
    def backward(ctx, g):
        g = g[tuple(ctx.slices)]
        if ctx.crop is not None:
            g = ctx.ns.index_into_zeros(g, ctx.in_shape, ctx.crop)
        return g


class Repeat(Function):
    """Tensor.repeat (tile); backward folds each copy back and sums."""

    @staticmethod
    def forward(ctx, a, reps):
        xp = array_module(a)
        lead = len(reps) - a.ndim
        ctx.in_shape = (1,) * lead + a.shape
        ctx.orig_shape = a.shape
        ctx.reps = reps
        return xp.tile(a.reshape(ctx.in_shape), reps)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        split = []
        for r, n in zip(ctx.reps, ctx.in_shape):
            split += [r, n]
        g = ns.reshape(g, tuple(split))
        g = ns.sum(g, tuple(range(0, len(split), 2)), False)
        return ns.reshape(g, ctx.orig_shape)
