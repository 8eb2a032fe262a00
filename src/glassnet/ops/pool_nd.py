"""Max, average and adaptive-max pooling over any number of spatial axes (the 3-D pools use these).

The same scheme as ``ops/pool.py`` (read that first), written once for n axes: every kernel
position picks one strided slice of the padded input, a view of the output's shape; a pool is a
running max (or sum) over those views, so no window matrix is ever built. Max pooling keeps the
winning kernel position (the first on ties, like PyTorch) and its backward adds each output
gradient at that position only.
"""

from __future__ import annotations

import itertools
import math

from ..autograd.function import Function
from ..autograd.grad_mode import STATE
from ..backend import array_module
from .index import Gather
from .pool import pool_out_size


def geometry(spatial, kernel, stride, padding, dilation, ceil_mode):
    """Output size and the (lo, hi) padding per axis that makes every window fit."""
    out, pads = [], []
    for n, k, s, p, d in zip(spatial, kernel, stride, padding, dilation):
        o = pool_out_size(n, k, s, p, d, ceil_mode)
        need = (o - 1) * s + d * (k - 1) + 1
        out.append(o)
        pads.append((p, max(need - n - p, 0)))
    return tuple(out), tuple(pads)


def _padded(x, pads, value):
    if not any(lo or hi for lo, hi in pads):
        return x
    return array_module(x).pad(x, ((0, 0), (0, 0)) + tuple(pads), constant_values=value)


def positions(kernel, stride, dilation, out):
    """(t, slices) for every kernel position t (row-major over the kernel)."""
    for t, pos in enumerate(itertools.product(*(range(k) for k in kernel))):
        yield t, tuple(slice(i * d, i * d + (o - 1) * s + 1, s) for i, d, o, s in zip(pos, dilation, out, stride))


def _scatter(g, choose, x_shape, kernel, stride, pads, dilation):
    """Input gradient: kernel position t receives ``choose(t, g)`` at its slice of the padded input."""
    xp = array_module(g)
    padded = tuple(n + lo + hi for n, (lo, hi) in zip(x_shape[2:], pads))
    gx = xp.zeros(tuple(x_shape[:2]) + padded, dtype=g.dtype)
    for t, where in positions(kernel, stride, dilation, g.shape[2:]):
        gx[(slice(None), slice(None)) + where] += choose(t, g)
    return gx[(slice(None), slice(None)) + tuple(slice(lo, lo + n) for n, (lo, _) in zip(x_shape[2:], pads))]


def _gather_windows(gx, winner, out, kernel, stride, pads, dilation):
    """The adjoint of _scatter: sum over kernel positions t of the input-shaped gx read at t's slice."""
    padded = _padded(gx, pads, 0.0)
    total = None
    for t, where in positions(kernel, stride, dilation, out):
        v = padded[(slice(None), slice(None)) + where]
        if winner is not None:
            v = v * (winner == t)
        total = v.copy() if total is None else total + v
    return total


class WindowScatter(Function):
    """A pool's input gradient as an op of its own: g (N, C, *out) -> input shape, adding g at each kernel
    position (only the winning one when ``winner`` holds max pooling's argmax). It is linear in g, so its
    backward is the matching gather; the pair lets a pool's backward be differentiated again.
    """

    @staticmethod
    def forward(ctx, g, winner, x_shape, kernel, stride, pads, dilation):
        ctx.args = (winner, tuple(g.shape[2:]), kernel, stride, pads, dilation)
        ctx.x_shape = x_shape
        choose = (lambda t, gg: gg) if winner is None else (lambda t, gg: gg * (winner == t))
        return _scatter(g, choose, x_shape, kernel, stride, pads, dilation)

    @staticmethod
    def backward(ctx, gx):
        if ctx.ns.GRAPH:
            return WindowGather.apply(gx, *ctx.args, x_shape=ctx.x_shape)
        return _gather_windows(gx, *ctx.args)


class WindowGather(Function):
    """The adjoint of WindowScatter (input-shaped gx -> pooled shape); its backward is the scatter."""

    @staticmethod
    def forward(ctx, gx, winner, out, kernel, stride, pads, dilation, x_shape=None):
        ctx.args = (winner, x_shape, kernel, stride, pads, dilation)
        return _gather_windows(gx, winner, out, kernel, stride, pads, dilation)

    @staticmethod
    def backward(ctx, g):
        if ctx.ns.GRAPH:
            return WindowScatter.apply(g, *ctx.args)
        winner, x_shape, kernel, stride, pads, dilation = ctx.args
        choose = (lambda t, gg: gg) if winner is None else (lambda t, gg: gg * (winner == t))
        return _scatter(g, choose, x_shape, kernel, stride, pads, dilation)


def flat_indices(argmax, x_shape, kernel, stride, pads, dilation):
    """PyTorch's return_indices: the winner's row-major offset inside its (unpadded) input plane."""
    xp = array_module(argmax)
    n_sp = len(kernel)
    within = xp.unravel_index(argmax, kernel)
    flat = 0
    for a in range(n_sp):
        shape = [1] * n_sp
        shape[a] = -1
        start = (xp.arange(argmax.shape[2 + a]) * stride[a] - pads[a][0]).reshape(shape)
        flat = flat * x_shape[2 + a] + start + within[a] * dilation[a]
    return flat.astype(xp.int64)


class MaxPoolNd(Function):
    """Max over each window; ``ctx.argmax`` holds the winning kernel position per output element."""

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, dilation, ceil_mode, indices_out=None):
        xp = array_module(x)
        out, pads = geometry(x.shape[2:], kernel, stride, padding, dilation, ceil_mode)
        xpad = _padded(x, pads, -xp.inf)
        track = indices_out is not None or (ctx.needs_input_grad[0] and STATE.enabled)
        # A -inf input ties with the padding; a mask of real cells keeps the padding from ever winning.
        real = _padded(xp.ones((1, 1) + x.shape[2:], dtype=bool), pads, False) if track else None
        best = argmax = best_real = None
        for t, where in positions(kernel, stride, dilation, out):
            v = xpad[(slice(None), slice(None)) + where]
            if best is None:
                best = v.copy()
                argmax = xp.zeros(best.shape, dtype=xp.int32) if track else None
                best_real = real[(slice(None), slice(None)) + where].copy() if track else None
                continue
            if track:  # strict >: the first maximum wins ties; the last NaN wins, as in PyTorch
                is_real = real[(slice(None), slice(None)) + where]
                xp.copyto(argmax, t, where=(v > best) | xp.isnan(v) | (is_real & ~best_real))
                best_real |= is_real
            best = xp.where(xp.isnan(best) | (best >= v), best, v)
        ctx.argmax, ctx.conf, ctx.x_shape = argmax, (kernel, stride, pads, dilation), x.shape
        if indices_out is not None:
            indices_out.append(flat_indices(argmax, x.shape, kernel, stride, pads, dilation))
        return best

    @staticmethod
    def backward(ctx, g):
        if ctx.ns.GRAPH:  # double backward: the same scatter, as a recorded (linear) op
            return WindowScatter.apply(g, ctx.argmax, ctx.x_shape, *ctx.conf)
        argmax = ctx.argmax
        return _scatter(g, lambda t, gg: gg * (argmax == t), ctx.x_shape, *ctx.conf)


class AvgPoolNd(Function):
    """Mean over each window; ``ctx.divisor`` counts the cells each window averages (PyTorch's rule)."""

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override=None):
        xp = array_module(x)
        dil = (1,) * len(kernel)
        out, pads = geometry(x.shape[2:], kernel, stride, padding, dil, ceil_mode)
        ctx.conf, ctx.x_shape = (kernel, stride, pads, dil), x.shape
        xpad = _padded(x, pads, 0.0)
        total = None
        for _, where in positions(kernel, stride, dil, out):
            v = xpad[(slice(None), slice(None)) + where]
            total = v.copy() if total is None else total + v
        if divisor_override:
            divisor = divisor_override
        else:
            divisor = 1
            for a, (n, o, k, s, p) in enumerate(zip(x.shape[2:], out, kernel, stride, padding)):
                c = _counts(n, o, k, s, p, count_include_pad, xp)
                shape = [1] * len(kernel)
                shape[a] = -1
                divisor = divisor * c.reshape(shape)
            divisor = divisor.astype(x.dtype)
        ctx.divisor = divisor
        return total / divisor

    @staticmethod
    def backward(ctx, g):
        if ctx.ns.GRAPH:
            return WindowScatter.apply(g / ctx.divisor, None, ctx.x_shape, *ctx.conf)
        return _scatter(g / ctx.divisor, lambda t, gg: gg, ctx.x_shape, *ctx.conf)


def _counts(size, out, k, s, p, include_pad, xp):
    """How many cells each window covers along one axis (windows may use padding, not the ceil overhang)."""
    start = xp.arange(out) * s - p
    end = xp.minimum(start + k, size + p)
    if not include_pad:
        start, end = xp.maximum(start, 0), xp.minimum(end, size)
    return end - start


def adaptive_bins(n_in, n_out):
    """PyTorch's adaptive bins along one axis: [floor(i*n/m), ceil((i+1)*n/m))."""
    return [((i * n_in) // n_out, -(-((i + 1) * n_in) // n_out)) for i in range(n_out)]


class AdaptiveMaxPoolNd(Function):
    """Max over each adaptive bin (bins may overlap); one loop step per output cell."""

    @staticmethod
    def forward(ctx, x, out_size, indices_out=None):
        xp = array_module(x)
        n, c = x.shape[:2]
        spatial = x.shape[2:]
        out = xp.empty((n, c) + tuple(out_size), dtype=x.dtype)
        flat = xp.empty((n, c) + tuple(out_size), dtype=xp.int64)
        bins = [adaptive_bins(i, o) for i, o in zip(spatial, out_size)]
        for cell in itertools.product(*(range(o) for o in out_size)):
            lims = [bins[a][i] for a, i in enumerate(cell)]
            block = x[(slice(None), slice(None)) + tuple(slice(lo, hi) for lo, hi in lims)]
            rows = block.reshape(n, c, math.prod(block.shape[2:]))
            k = rows.argmax(-1)  # NaN counts as the maximum, like PyTorch
            out[(slice(None), slice(None)) + cell] = xp.take_along_axis(rows, k[..., None], -1)[..., 0]
            within = xp.unravel_index(k, tuple(hi - lo for lo, hi in lims))
            f = 0
            for a, (lo, _) in enumerate(lims):
                f = f * spatial[a] + lo + within[a]
            flat[(slice(None), slice(None)) + cell] = f
        ctx.flat, ctx.x_shape = flat, x.shape
        if indices_out is not None:
            indices_out.append(flat)
        return out

    @staticmethod
    def backward(ctx, g):
        if ctx.ns.GRAPH:
            raise NotImplementedError("double backward through adaptive max pooling is not supported")
        return scatter_flat(g, ctx.flat, ctx.x_shape)


def scatter_flat(g, flat, x_shape):
    """Add g into zeros(x_shape) at per-plane flat indices (entries may repeat, so accumulate)."""
    xp = array_module(g)
    planes, size = x_shape[0] * x_shape[1], math.prod(x_shape[2:])
    offsets = (xp.arange(planes) * size).reshape(x_shape[:2] + (1,) * (g.ndim - 2))
    gx = xp.bincount((flat + offsets).ravel(), weights=g.ravel(), minlength=planes * size)
    return gx.astype(g.dtype, copy=False).reshape(x_shape)


class MaxUnpool(Function):
    """Place each value at its flat index inside a zero plane of ``out_size`` (the inverse of max pooling)."""

    @staticmethod
    def forward(ctx, x, indices, out_size):
        xp = array_module(x)
        n, c = x.shape[:2]
        flat = indices.reshape(n, c, -1)
        out = xp.zeros((n, c, math.prod(out_size)), dtype=x.dtype)
        xp.put_along_axis(out, flat, x.reshape(n, c, -1), -1)
        ctx.flat, ctx.x_shape = flat, x.shape
        return out.reshape((n, c) + tuple(out_size))

    @staticmethod
    def backward(ctx, g):
        n, c = ctx.x_shape[:2]
        g = g.reshape(n, c, -1)
        if ctx.ns.GRAPH:  # a recorded gather, so the gradient is itself differentiable
            return Gather.apply(g, 2, ctx.flat).reshape(ctx.x_shape), None
        return array_module(g).take_along_axis(g, ctx.flat, -1).reshape(ctx.x_shape), None
