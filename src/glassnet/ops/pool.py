"""Pooling ops on NCHW arrays: max, average, adaptive max.

Each kernel position (i, j) picks one strided slice of the padded input, a view of shape
(N, C, OH, OW); a pool is a running max (or sum) over those kh*kw views. Nothing is copied into a
window matrix. Max pooling remembers which position won (the first one on ties, like PyTorch), and
its backward sends each output gradient to that position only. When windows tile the input
exactly (kernel == stride, no padding) the backward writes each position once into a reshaped
buffer instead of adding into zeros.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..autograd.grad_mode import STATE
from ..backend import array_module


def pool_out_size(size: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    """Output length along one axis (PyTorch's rule: in ceil mode the last window must start inside)."""
    span = d * (k - 1) + 1
    num = size + 2 * p - span
    out = (-(-num // s) if ceil_mode else num // s) + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return out


def _geometry(x_shape, kernel, stride, padding, dilation, ceil_mode):
    """Output size and the padding (top, bottom, left, right) that makes every window fit."""
    h, w = x_shape[2:]
    oh = pool_out_size(h, kernel[0], stride[0], padding[0], dilation[0], ceil_mode)
    ow = pool_out_size(w, kernel[1], stride[1], padding[1], dilation[1], ceil_mode)
    need_h = (oh - 1) * stride[0] + dilation[0] * (kernel[0] - 1) + 1
    need_w = (ow - 1) * stride[1] + dilation[1] * (kernel[1] - 1) + 1
    pads = (padding[0], max(need_h - h - padding[0], 0), padding[1], max(need_w - w - padding[1], 0))
    return (oh, ow), pads


def _padded(x, pads, value):
    pt, pb, pl, pr = pads
    if not (pt or pb or pl or pr):
        return x
    return array_module(x).pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)), constant_values=value)


def _positions(kernel, stride, dilation, out_hw):
    """(t, slice_h, slice_w) for every kernel position t = i*kw + j."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, stride, dilation, out_hw
    for i in range(kh):
        for j in range(kw):
            r, s = i * dh, j * dw
            yield i * kw + j, slice(r, r + (oh - 1) * sh + 1, sh), slice(s, s + (ow - 1) * sw + 1, sw)


def _tiles(x_shape, kernel, stride, pads, dilation):
    """True when windows tile the input exactly: the reshape fast path applies."""
    h, w = x_shape[2:]
    return (tuple(kernel) == tuple(stride) and not any(pads) and tuple(dilation) == (1, 1)
            and h % kernel[0] == 0 and w % kernel[1] == 0)


def _scatter_positions(g, choose, x_shape, kernel, stride, pads, dilation):
    """Gradient for the input: each kernel position t receives ``choose(t, g)`` at its slice."""
    xp = array_module(g)
    n, c, h, w = x_shape
    out_hw = g.shape[2:]
    if _tiles(x_shape, kernel, stride, pads, dilation):
        (kh, kw), (oh, ow) = kernel, out_hw
        gx = xp.empty((n, c, oh, kh, ow, kw), dtype=g.dtype)
        for t, _, _ in _positions(kernel, stride, dilation, out_hw):
            gx[:, :, :, t // kw, :, t % kw] = choose(t, g)
        return gx.reshape(x_shape)
    pt, pb, pl, pr = pads
    gx = xp.zeros((n, c, h + pt + pb, w + pl + pr), dtype=g.dtype)
    for t, sh_, sw_ in _positions(kernel, stride, dilation, out_hw):
        gx[:, :, sh_, sw_] += choose(t, g)
    return gx[:, :, pt:pt + h, pl:pl + w]


def _gather_positions(h, choose, kernel, stride, pads, dilation, out_hw):
    """The adjoint of _scatter_positions: sum over kernel positions t of choose(t, h's slice at t)."""
    pt, pb, pl, pr = pads
    hp = _padded(h, pads, 0) if (pt or pb or pl or pr) else h
    total = None
    for t, sh_, sw_ in _positions(kernel, stride, dilation, out_hw):
        v = choose(t, hp[:, :, sh_, sw_])
        total = v if total is None else total + v
    return total


class LinearGrad(Function):
    """y = to_input(g) for a fixed linear map with adjoint to_output: a pooling backward, recorded.

    A pool's gradient is linear in the incoming gradient (the window choices are fixed), so its own
    gradient is the adjoint map, and the adjoint's gradient the map again: any order of derivatives.
    """

    @staticmethod
    def forward(ctx, g, to_input, to_output):
        ctx.maps = (to_input, to_output)
        return to_input(g)

    @staticmethod
    def backward(ctx, gg):
        to_input, to_output = ctx.maps
        return LinearGrad.apply(gg, to_output, to_input) if ctx.ns.GRAPH else to_output(gg)


class MaxPool2d(Function):
    """Max over each window; ``ctx.argmax`` holds the winning kernel position per output element."""

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, dilation, ceil_mode, indices_out=None):
        xp = array_module(x)
        out_hw, pads = _geometry(x.shape, kernel, stride, padding, dilation, ceil_mode)
        # Padding never wins: -inf for floats, the dtype's smallest value for integers (no -inf there).
        low = -xp.inf if x.dtype.kind == "f" else xp.iinfo(x.dtype).min
        xpad = _padded(x, pads, low)
        # The winner is only needed for a backward pass or for return_indices.
        track = indices_out is not None or (ctx.needs_input_grad[0] and STATE.enabled)
        # PyTorch routes the gradient to the last NaN of a window; checked once so NaN-free inputs pay nothing.
        nan_wins = track and x.dtype.kind == "f" and bool(xp.isnan(x).any())
        # A -inf (or the integer minimum) input ties with the padding; a mask of real cells keeps padding from winning.
        real = _padded(xp.ones((1, 1) + x.shape[2:], dtype=bool), pads, False) if track and any(pads) else None
        best = argmax = best_real = None
        for t, sh_, sw_ in _positions(kernel, stride, dilation, out_hw):
            v = xpad[:, :, sh_, sw_]
            if best is None:
                best = v.copy(order="K")  # keep the input's memory order: later ops stay aligned
                argmax = xp.zeros_like(best, dtype=xp.int32) if track else None
                best_real = real[:, :, sh_, sw_].copy() if real is not None else None
                continue
            if track:
                wins = v > best  # strict: the first maximum wins ties, as in PyTorch
                if nan_wins:
                    wins |= xp.isnan(v)
                if real is not None:
                    wins |= real[:, :, sh_, sw_] & ~best_real
                    best_real |= real[:, :, sh_, sw_]
                xp.copyto(argmax, t, where=wins)
            xp.maximum(best, v, out=best)
        ctx.argmax, ctx.conf, ctx.x_shape = argmax, (kernel, stride, pads, dilation), x.shape
        if indices_out is not None:
            indices_out.append(flat_indices(argmax, x.shape, kernel, stride, pads, dilation))
        return best

    @staticmethod
    def backward(ctx, g):
        argmax, x_shape = ctx.argmax, ctx.x_shape
        kernel, stride, pads, dilation = ctx.conf

        def choose(t, gg):
            return gg * (argmax == t)

        def to_input(gg):
            return _scatter_positions(gg, choose, x_shape, kernel, stride, pads, dilation)

        def to_output(h):
            return _gather_positions(h, choose, kernel, stride, pads, dilation, argmax.shape[2:])

        return LinearGrad.apply(g, to_input, to_output) if ctx.ns.GRAPH else to_input(g)


def flat_indices(argmax, x_shape, kernel, stride, pads, dilation):
    """PyTorch's return_indices: the winner's offset h*W + w inside its (unpadded) input plane."""
    xp = array_module(argmax)
    kw = kernel[1]
    oh, ow = argmax.shape[2:]
    rows = (xp.arange(oh) * stride[0] - pads[0])[:, None] + (argmax // kw) * dilation[0]
    cols = (xp.arange(ow) * stride[1] - pads[2])[None, :] + (argmax % kw) * dilation[1]
    return (rows * x_shape[3] + cols).astype(xp.int64)


class AvgPool2d(Function):
    """Mean over each window; ``divisor`` (OH, OW) counts the cells each window averages."""

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override=None):
        xp = array_module(x)
        dil = (1, 1)
        out_hw, pads = _geometry(x.shape, kernel, stride, padding, dil, ceil_mode)
        ctx.conf, ctx.x_shape, ctx.out_hw = (kernel, stride, pads, dil), x.shape, out_hw
        if _tiles(x.shape, kernel, stride, pads, dil) and divisor_override is None:
            n, c, h, w = x.shape
            ctx.divisor = kernel[0] * kernel[1]
            return _like_input(x.reshape(n, c, out_hw[0], kernel[0], out_hw[1], kernel[1]).mean(axis=(3, 5)), x)
        xpad = _padded(x, pads, 0.0)
        total = None
        for _, sh_, sw_ in _positions(kernel, stride, dil, out_hw):
            v = xpad[:, :, sh_, sw_]
            total = v.copy(order="K") if total is None else xp.add(total, v, out=total)
        if divisor_override:
            divisor = divisor_override
        else:
            ch = _counts(x.shape[2], out_hw[0], kernel[0], stride[0], padding[0], count_include_pad, xp)
            cw = _counts(x.shape[3], out_hw[1], kernel[1], stride[1], padding[1], count_include_pad, xp)
            divisor = (ch[:, None] * cw).astype(x.dtype)
        ctx.divisor = divisor
        return _like_input(total / divisor, x)

    @staticmethod
    def backward(ctx, g):
        kernel, stride, pads, dil = ctx.conf
        divisor, x_shape, out_hw = ctx.divisor, ctx.x_shape, ctx.out_hw

        def keep(t, gg):
            return gg

        def to_input(gg):
            return _scatter_positions(gg / divisor, keep, x_shape, kernel, stride, pads, dil)

        def to_output(h):
            return _gather_positions(h, keep, kernel, stride, pads, dil, out_hw) / divisor

        return LinearGrad.apply(g, to_input, to_output) if ctx.ns.GRAPH else to_input(g)


def _like_input(mean, x):
    """Integer inputs keep their dtype, the mean truncated toward zero (PyTorch's integer division)."""
    if x.dtype.kind == "f":
        return mean
    return array_module(mean).trunc(mean).astype(x.dtype)


def _counts(size, out, k, s, p, include_pad, xp):
    """How many cells each window covers along one axis (PyTorch's avg_pool divisor rule)."""
    start = xp.arange(out) * s - p
    end = xp.minimum(start + k, size + p)  # windows may use the padding but not the ceil overhang
    if not include_pad:
        start, end = xp.maximum(start, 0), xp.minimum(end, size)
    return end - start


class AdaptiveMaxPool2d(Function):
    """Max over PyTorch's adaptive bins [floor(i*H/OH), ceil((i+1)*H/OH)); one loop step per bin."""

    @staticmethod
    def forward(ctx, x, out_hw, indices_out=None):
        xp = array_module(x)
        n, c, h, w = x.shape
        oh, ow = out_hw
        out = xp.empty((n, c, oh, ow), dtype=x.dtype)
        flat = xp.empty((n, c, oh, ow), dtype=xp.int64)
        for i in range(oh):
            h0, h1 = (i * h) // oh, -(-((i + 1) * h) // oh)
            for j in range(ow):
                w0, w1 = (j * w) // ow, -(-((j + 1) * w) // ow)
                block = x[:, :, h0:h1, w0:w1].reshape(n, c, -1)
                k = block.argmax(-1)
                out[:, :, i, j] = xp.take_along_axis(block, k[..., None], -1)[..., 0]
                flat[:, :, i, j] = (h0 + k // (w1 - w0)) * w + w0 + k % (w1 - w0)
        ctx.flat, ctx.x_shape = flat, x.shape
        if indices_out is not None:
            indices_out.append(flat)
        return out

    @staticmethod
    def backward(ctx, g):
        flat, x_shape = ctx.flat, ctx.x_shape

        def to_input(gg):
            return scatter_flat(gg, flat, x_shape)

        def to_output(h):
            n, c = x_shape[:2]
            picked = array_module(h).take_along_axis(h.reshape(n, c, -1), flat.reshape(n, c, -1), -1)
            return picked.reshape(flat.shape)

        return LinearGrad.apply(g, to_input, to_output) if ctx.ns.GRAPH else to_input(g)


def scatter_flat(g, flat, x_shape):
    """Add g into zeros(x_shape) at per-plane flat indices (bins may overlap, so accumulate)."""
    xp = array_module(g)
    n, c, h, w = x_shape
    offsets = (xp.arange(n * c) * (h * w)).reshape(n, c, 1, 1)
    gx = xp.bincount((flat + offsets).ravel(), weights=g.ravel(), minlength=n * c * h * w)
    return gx.astype(g.dtype, copy=False).reshape(x_shape)
