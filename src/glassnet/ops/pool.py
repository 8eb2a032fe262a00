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


def memory_order(x) -> tuple:
    """x's axes from outermost to innermost in memory: (0, 1, 2, 3) for C order; a convolution's output
    (a view of channel-major or batch-last memory, see ops/conv.py) gives (1, 0, 2, 3) or (1, 2, 3, 0)."""
    return tuple(sorted(range(x.ndim), key=lambda i: -x.strides[i]))


def _empty_in_order(xp, shape, dtype, order, zero):
    """An array of ``shape`` whose memory runs in ``order`` (a view of a contiguous buffer)."""
    buf = (xp.zeros if zero else xp.empty)(tuple(shape[i] for i in order), dtype=dtype)
    return buf.transpose(tuple(order.index(i) for i in range(len(order))))


def _copy_in_order(a, order):
    """A copy of ``a`` whose memory runs in ``order``."""
    out = _empty_in_order(array_module(a), a.shape, a.dtype, order, zero=False)
    out[...] = a
    return out


def _scatter_positions(g, choose, x_shape, kernel, stride, pads, dilation, order=(0, 1, 2, 3)):
    """Gradient for the input: each kernel position t receives ``choose(t, g)`` at its slice.

    The result is laid out in memory like the input was (``order``, from ``memory_order``): the ReLU
    before a pool and the convolution before that then read it in their own order, with no strided
    loops and no copy (a mismatch made LeNet's ReLU backward several times slower).
    """
    xp = array_module(g)
    n, c, h, w = x_shape
    out_hw = g.shape[2:]
    if _tiles(x_shape, kernel, stride, pads, dilation):
        (kh, kw), (oh, ow) = kernel, out_hw
        # (N, C, OH, kh, OW, kw) laid out so that merging (OH, kh) and (OW, kw) back into H and W is free.
        full = (n, c, oh, kh, ow, kw)
        order6 = tuple(j for i in order for j in ((i,) if i < 2 else (2 * i - 2, 2 * i - 1)))
        gx = _empty_in_order(xp, full, g.dtype, order6, zero=False)
        for t, _, _ in _positions(kernel, stride, dilation, out_hw):
            choose(t, g, out=gx[:, :, :, t // kw, :, t % kw])
        buf = gx.transpose(order6)  # the contiguous buffer again
        merged = buf.reshape(tuple(x_shape[i] for i in order))
        return merged.transpose(tuple(order.index(i) for i in range(4)))
    pt, pb, pl, pr = pads
    gx = _empty_in_order(xp, (n, c, h + pt + pb, w + pl + pr), g.dtype, order, zero=True)
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


def _separable_max(xpad, kernel, stride, dilation, out_hw, track):
    """Window max in two passes, along W inside every row and then along H (a max over a rectangle is
    a max of row maxima); with ``track``, also the winning position i*kw + j of each window.

    Ties keep the first maximum in row-major order, as the one-pass loop does: the strict ``>`` keeps
    the leftmost column within a row, then the topmost row. About twice as fast as visiting the kh*kw
    positions one by one, since the first pass runs over whole rows. NaN inputs and padded windows of
    a tracked pool take the one-pass loop, which knows their rules.
    """
    xp = array_module(xpad)
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, stride, dilation, out_hw
    code = winner_dtype(xp, kernel)

    def cols(j):
        return xpad[..., j * dw:j * dw + (ow - 1) * sw + 1:sw]

    def rows_at(a, i):
        return a[:, :, i * dh:i * dh + (oh - 1) * sh + 1:sh]

    # Pass 1: the max over the kw columns of every window, for every input row.
    if kw == 1:
        rowmax, colwin = cols(0), (xp.zeros(cols(0).shape, dtype=code) if track else None)
    else:
        colwin = xp.greater(cols(1), cols(0)).astype(code) if track else None
        rowmax = xp.maximum(cols(0), cols(1))
        for j in range(2, kw):
            v = cols(j)
            if track:
                xp.copyto(colwin, j, where=v > rowmax)
            xp.maximum(rowmax, v, out=rowmax)
    # Pass 2: the max over the kh rows of those row maxima.
    if kh == 1:
        best = rows_at(rowmax, 0).copy(order="K")
        argmax = rows_at(colwin, 0).astype(code) if track else None
        return best, argmax
    top, bottom = rows_at(rowmax, 0), rows_at(rowmax, 1)
    argmax = None
    if track:
        # The bottom row's column + kw where it wins, else the top row's: top + wins * (bottom + kw - top),
        # in arithmetic on the small integers (a where() or masked copy over them is slower).
        upper = rows_at(colwin, 0)
        argmax = rows_at(colwin, 1) - upper
        argmax += kw
        argmax *= (bottom > top)
        argmax += upper
    best = xp.maximum(top, bottom)
    for i in range(2, kh):
        v = rows_at(rowmax, i)
        if track:
            xp.copyto(argmax, rows_at(colwin, i) + i * kw, where=v > best)
        xp.maximum(best, v, out=best)
    return best, argmax


def winner_dtype(xp, kernel):
    """The integer type of a window's winning position i*kw + j: int8 when it fits (a quarter of the
    memory traffic of int32, in the forward and in each of the backward's comparisons)."""
    return xp.int8 if kernel[0] * kernel[1] <= 127 else xp.int32


def _finish_max(ctx, x, best, argmax, kernel, stride, pads, dilation, indices_out):
    """Keep what the max pool's backward needs; hand out PyTorch's indices when asked."""
    ctx.argmax, ctx.conf, ctx.x_shape = argmax, (kernel, stride, pads, dilation), x.shape
    ctx.order = memory_order(x)
    if indices_out is not None:
        indices_out.append(flat_indices(argmax, x.shape, kernel, stride, pads, dilation))
    return best


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
        if not nan_wins and real is None:
            best, argmax = _separable_max(xpad, kernel, stride, dilation, out_hw, track)
            return _finish_max(ctx, x, best, argmax, kernel, stride, pads, dilation, indices_out)
        best = argmax = best_real = None
        for t, sh_, sw_ in _positions(kernel, stride, dilation, out_hw):
            v = xpad[:, :, sh_, sw_]
            if best is None:
                best = v.copy(order="K")  # keep the input's memory order: later ops stay aligned
                argmax = xp.zeros_like(best, dtype=winner_dtype(xp, kernel)) if track else None
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
        return _finish_max(ctx, x, best, argmax, kernel, stride, pads, dilation, indices_out)

    @staticmethod
    def backward(ctx, g):
        argmax, x_shape, order = ctx.argmax, ctx.x_shape, ctx.order
        kernel, stride, pads, dilation = ctx.conf
        winners_order = memory_order(argmax)

        def choose(t, gg, out=None):
            if out is None:
                return gg * (argmax == t)
            # Straight into the gradient's slice: no temporary product to copy over.
            return array_module(gg).multiply(gg, argmax == t, out=out)

        def to_input(gg):
            # A gradient laid out unlike the winners (a Linear's C-order gradient after a convolution's batch-last
            # pool) is copied once, so that the products below run over matching strides: LeNet's second pool
            # took 0.93 ms per backward without the copy, for 25,600 outputs.
            if memory_order(gg) != winners_order:
                gg = _copy_in_order(gg, winners_order)
            return _scatter_positions(gg, choose, x_shape, kernel, stride, pads, dilation, order)

        def to_output(h):
            return _gather_positions(h, choose, kernel, stride, pads, dilation, argmax.shape[2:])

        return LinearGrad.apply(g, to_input, to_output) if ctx.ns.GRAPH else to_input(g)


def flat_indices(argmax, x_shape, kernel, stride, pads, dilation):
    """PyTorch's return_indices: the winner's offset h*W + w inside its (unpadded) input plane."""
    xp = array_module(argmax)
    argmax = argmax.astype(xp.int64)  # the offsets below outgrow the winners' small type
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

        def keep(t, gg, out=None):
            if out is None:
                return gg
            out[...] = gg
            return out

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
