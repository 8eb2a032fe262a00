"""Convolution over any number of spatial axes (used for 3-D and transposed 1-D/3-D convolutions).

The same im2col idea as ``ops/conv.py`` (read that file first), written once for n spatial axes:
``sliding_window_view`` gives every patch as a view (N, C, *out, *kernel), the im2col copy lays the
patches out as columns, and the convolution is one matrix product ``W @ cols``. The input gradient
is ``W.T @ dOut`` followed by col2im, which adds every column back with one strided slice-add per
kernel position. A transposed convolution is that input gradient, so the three functions below
serve both layers. Arrays are (N, C, *spatial); weights (O, C/groups, *kernel) like PyTorch;
``pads`` is one (lo, hi) pair per spatial axis.
"""

from __future__ import annotations

import itertools
import math

from ..autograd.function import Function
from ..backend import array_module
from . import _flops


def _pad(x, pads):
    if not any(lo or hi for lo, hi in pads):
        return x
    return array_module(x).pad(x, ((0, 0), (0, 0)) + tuple(pads))


def im2col(x, kernel, stride, pads, dilation, groups):
    """Patches as columns (G, C/G*prod(kernel), N*prod(out)); returns them and the output's spatial size."""
    xp = array_module(x)
    n_sp = len(kernel)
    span = tuple((k - 1) * d + 1 for k, d in zip(kernel, dilation))
    win = xp.lib.stride_tricks.sliding_window_view(_pad(x, pads), span, axis=tuple(range(2, 2 + n_sp)))
    win = win[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in stride)
              + tuple(slice(None, None, d) for d in dilation)]
    n, out = win.shape[0], win.shape[2:2 + n_sp]
    # (C, *kernel, N, *out): each column is one patch; the reshape is the im2col copy.
    order = (1,) + tuple(range(2 + n_sp, 2 + 2 * n_sp)) + (0,) + tuple(range(2, 2 + n_sp))
    rows = win.shape[1] // groups * math.prod(kernel)  # explicit sizes: -1 is ambiguous for an empty batch
    return win.transpose(order).reshape(groups, rows, n * math.prod(out)), out


def col2im(dcols, x_shape, kernel, stride, pads, dilation):
    """Add columns (C, *kernel, N, *out) back onto the input positions they came from -> (N, C, *spatial)."""
    xp = array_module(dcols)
    n_sp = len(kernel)
    n, c = x_shape[:2]
    out = dcols.shape[-n_sp:]
    padded = tuple(s + lo + hi for s, (lo, hi) in zip(x_shape[2:], pads))
    gx = xp.zeros((c, n) + padded, dtype=dcols.dtype)  # channel-major, like dcols: contiguous slice-adds
    for pos in itertools.product(*(range(k) for k in kernel)):
        where = tuple(slice(i * d, i * d + (o - 1) * s + 1, s) for i, d, o, s in zip(pos, dilation, out, stride))
        gx[(slice(None), slice(None)) + where] += dcols[(slice(None),) + pos]
    crop = tuple(slice(lo, lo + s) for s, (lo, _) in zip(x_shape[2:], pads))
    return gx[(slice(None), slice(None)) + crop].swapaxes(0, 1)


def _grad_matrix(g, groups):
    """Output gradient (N, O, *out) as the matrix (G, O/G, N*prod(out))."""
    return g.swapaxes(0, 1).reshape(groups, g.shape[1] // groups, g.shape[0] * math.prod(g.shape[2:]))


def conv_forward(x, w, b, stride, pads, dilation, groups):
    """out = W @ cols (+ b); returns (N, O, *out) and ``cols`` for the weight gradient."""
    o = w.shape[0]
    cols, out = im2col(x, w.shape[2:], stride, pads, dilation, groups)
    wm = w.reshape(groups, o // groups, -1)
    y = (wm @ cols).reshape(o, cols.shape[2])
    if b is not None:
        y = y + b[:, None]
    return y.reshape((o, x.shape[0]) + tuple(out)).swapaxes(0, 1), cols


def conv_input_grad(g, w, x_shape, stride, pads, dilation, groups):
    """dx: dcols = W.T @ dOut, then col2im (also the forward of a transposed convolution)."""
    kernel = w.shape[2:]
    wm = w.reshape(groups, w.shape[0] // groups, -1)
    dcols = wm.transpose(0, 2, 1) @ _grad_matrix(g, groups)
    dcols = dcols.reshape((x_shape[1],) + tuple(kernel) + (g.shape[0],) + tuple(g.shape[2:]))
    return col2im(dcols, x_shape, kernel, stride, pads, dilation)


def conv_weight_grad(g, cols, w_shape, groups):
    """dW = dOut @ cols.T."""
    return (_grad_matrix(g, groups) @ cols.transpose(0, 2, 1)).reshape(w_shape)


def _bias_grad(ctx, g):
    return ctx.ns.sum(g, (0,) + tuple(range(2, g.ndim)), False)


class ConvNd(Function):
    """Cross-correlation over n spatial axes; x (N, C, *spatial), w (O, C/groups, *kernel), b (O,)."""

    @staticmethod
    def forward(ctx, x, w, b=None, stride=(1,), pads=((0, 0),), dilation=(1,), groups=1):
        ctx.conf = (stride, pads, dilation, groups)
        ctx.x_shape, ctx.w_shape = x.shape, w.shape
        out, cols = conv_forward(x, w, b, stride, pads, dilation, groups)
        ctx.cols = cols if ctx.needs_input_grad[1] else None
        ctx.save_for_backward(x, w)
        if _flops.ACTIVE:
            ctx.flops = _flops.conv_flops(x.shape, w.shape, out.shape)
            _flops.add("forward", ctx.flops)
        return out

    @staticmethod
    def backward(ctx, g):
        stride, pads, dilation, groups = ctx.conf
        x, w = ctx.saved_tensors
        need = ctx.needs_input_grad
        if _flops.ACTIVE:
            per = getattr(ctx, "flops", None) or _flops.conv_flops(x.shape, w.shape, g.shape)
            _flops.add("backward", per * sum(map(bool, need[:2])))
        gx = gw = gb = None
        if ctx.ns.GRAPH:  # double backward: the same products, as recorded ops
            if need[0]:
                gx = ConvTransposeNd.apply(g, w, None, stride, pads, dilation, groups, out_size=ctx.x_shape[2:])
            if need[1]:
                gw = ConvNdWeightGrad.apply(x, g, ctx.w_shape, stride, pads, dilation, groups)
        else:
            if need[0]:
                gx = conv_input_grad(g, w, ctx.x_shape, stride, pads, dilation, groups)
            if need[1]:
                gw = conv_weight_grad(g, ctx.cols, ctx.w_shape, groups)
        if len(need) > 2 and need[2]:
            gb = _bias_grad(ctx, g)
        return gx, gw, gb


class ConvTransposeNd(Function):
    """Transposed convolution (the input gradient of ConvNd); w (C_in, C_out/groups, *kernel).

    ``out_size`` is the output's spatial size (it fixes PyTorch's ``output_padding``).
    """

    @staticmethod
    def forward(ctx, x, w, b=None, stride=(1,), pads=((0, 0),), dilation=(1,), groups=1, out_size=None):
        ctx.conf = (stride, pads, dilation, groups)
        out_shape = (x.shape[0], w.shape[1] * groups) + tuple(out_size)
        ctx.w_shape = w.shape
        out = conv_input_grad(x, w, out_shape, stride, pads, dilation, groups)
        if b is not None:
            out = out + b.reshape((-1,) + (1,) * len(out_size))
        ctx.save_for_backward(x, w)
        return out

    @staticmethod
    def backward(ctx, g):
        stride, pads, dilation, groups = ctx.conf
        x, w = ctx.saved_tensors
        need = ctx.needs_input_grad
        gx = gw = gb = None
        if ctx.ns.GRAPH:
            if need[0]:
                gx = ConvNd.apply(g, w, None, stride, pads, dilation, groups)
            if need[1]:
                gw = ConvNdWeightGrad.apply(g, x, ctx.w_shape, stride, pads, dilation, groups)
        elif need[0] or need[1]:
            cols, _ = im2col(g, ctx.w_shape[2:], stride, pads, dilation, groups)
            if need[0]:  # the forward convolution of g, reusing its im2col
                gxm = w.reshape(groups, w.shape[0] // groups, -1) @ cols
                gx = gxm.reshape((w.shape[0], x.shape[0]) + tuple(x.shape[2:])).swapaxes(0, 1)
            if need[1]:
                gw = conv_weight_grad(x, cols, ctx.w_shape, groups)
        if len(need) > 2 and need[2]:
            gb = _bias_grad(ctx, g)
        return gx, gw, gb


class ConvNdWeightGrad(Function):
    """dW of ConvNd as a function of (x, dOut); exists so that the convolution's backward is differentiable."""

    @staticmethod
    def forward(ctx, x, g, w_shape, stride, pads, dilation, groups):
        ctx.conf = (stride, pads, dilation, groups)
        ctx.x_shape = x.shape
        ctx.save_for_backward(x, g)
        cols, _ = im2col(x, w_shape[2:], stride, pads, dilation, groups)
        return conv_weight_grad(g, cols, w_shape, groups)

    @staticmethod
    def backward(ctx, ggw):
        stride, pads, dilation, groups = ctx.conf
        x, g = ctx.saved_tensors
        need = ctx.needs_input_grad
        gx = gg = None
        if ctx.ns.GRAPH:
            if need[0]:
                gx = ConvTransposeNd.apply(g, ggw, None, stride, pads, dilation, groups, out_size=ctx.x_shape[2:])
            if need[1]:
                gg = ConvNd.apply(x, ggw, None, stride, pads, dilation, groups)
        else:
            if need[0]:
                gx = conv_input_grad(g, ggw, ctx.x_shape, stride, pads, dilation, groups)
            if need[1]:
                gg = conv_forward(x, ggw, None, stride, pads, dilation, groups)[0]
        return gx, gg
