"""Convolution as one matrix product: im2col, the forward, and both backward products.

How im2col turns a convolution into a matrix product
----------------------------------------------------
A 2-D convolution slides a (C, kh, kw) weight block over the padded input and takes a dot product
at each of the OH x OW positions. ``sliding_window_view`` gives every such input patch as a
*view* of shape (N, C, OH, OW, kh, kw) without copying. Laying those patches out as the columns of
one matrix ``cols`` of shape (C*kh*kw, N*OH*OW) (this reshape is the one copy, "im2col") makes the
whole convolution a single BLAS product::

    out (O, N*OH*OW) = W (O, C*kh*kw) @ cols (C*kh*kw, N*OH*OW)

With groups, channels split into G independent blocks and the product is batched over G.

The two gradients are the two other products of the same three matrices:

* weight: ``dW = dOut @ cols.T`` (reuses the ``cols`` saved by the forward; no second im2col);
* input:  ``dcols = W.T @ dOut``, then **col2im** adds each column back onto the input pixels it
  was copied from. Patches overlap, so one pixel receives several contributions; we add them with
  one strided slice-add per kernel position (kh*kw of them, e.g. 25 for a 5x5 kernel), each over
  the whole batch at once. Measured on LeNet shapes this beats the alternative "full convolution
  of the padded output gradient with the flipped kernel" by 3-4x, because that alternative copies
  an im2col matrix O/C times larger (docs/performance.md, finding 2).

When the batch is longer than an output row (batch 64 on a DCGAN's 7x7 maps), the columns are
ordered (OH, OW, N) instead of (N, OH, OW) (``batch_last``): the im2col copy and col2im's slice-adds
then move N contiguous numbers per inner loop instead of one short row (3x faster im2col, 2-3x
faster col2im at those shapes), and outputs are NCHW views of (O, OH, OW, N) memory.

The columns can also be copied and multiplied a few output rows at a time, while they are still in
the cache (``ops/conv_pieces.py``): ``conv2d_forward`` does so when no weight gradient will be taken,
and for layers whose product OpenBLAS runs faster in small pieces.

A transposed convolution is exactly the input-gradient of a convolution (and its backward the
forward convolution), so ``ConvTranspose2d`` reuses the same three functions with roles swapped.

The readable version, a loop over kernel offsets with no im2col, is ``conv2d`` in
``glassnet/ops/reference/conv.py``; ``tests/ops/test_references.py`` checks this op against it.

Arrays are NCHW; weights (O, C/groups, kh, kw) like PyTorch. Padding is ((top, bottom), (left,
right)) so that ``padding='same'`` with an even kernel can pad one more row at the bottom.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..autograd.grad_mode import STATE
from ..backend import array_module
from . import _flops
from .conv_pieces import forward_in_pieces, small_product_columns, weight_grad_in_pieces


def conv_out_size(size: int, k: int, s: int, p_lo: int, p_hi: int, d: int) -> int:
    """Output length of a convolution along one axis (PyTorch's formula)."""
    return (size + p_lo + p_hi - d * (k - 1) - 1) // s + 1


def _pad(x, padding, value=0.0):
    (pt, pb), (pl, pr) = padding
    if not (pt or pb or pl or pr):
        return x
    xp = array_module(x)
    return xp.pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)), constant_values=value)


def windows(xpad, kernel, stride, dilation):
    """All patches of a padded NCHW array as a view (N, C, OH, OW, kh, kw); nothing is copied."""
    xp = array_module(xpad)
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    span = ((kh - 1) * dh + 1, (kw - 1) * dw + 1)
    win = xp.lib.stride_tricks.sliding_window_view(xpad, span, axis=(2, 3))
    return win[:, :, ::sh, ::sw, ::dh, ::dw]


def batch_last(n, ow, groups):
    """Whether the columns of an (N, ., ., OW) output are ordered (OH, OW, N) instead of (N, OH, OW).

    NumPy's copies and slice-adds loop fastest along the innermost axis; the usual order puts an
    output row there (7 numbers on a DCGAN's 7x7 maps), batch-last puts the batch (64). Used when the
    batch is the longer of the two; every producer and consumer of ``cols`` decides from the same
    shapes, so they always agree.
    """
    return groups == 1 and n > ow


def patches(x, kernel, stride, padding, dilation, groups):
    """Every patch as a view (C, kh, kw, then the columns' three axes); nothing but the padding is copied.

    The column axes are (N, OH, OW), or (OH, OW, N) when ``batch_last(N, OW, groups)``. Returns the view
    and (OH, OW).
    """
    n = x.shape[0]
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    (pt, pb), (pl, pr) = padding
    ow = conv_out_size(x.shape[3], kw, sw, pl, pr, dw)
    if batch_last(n, ow, groups):
        xp = array_module(x)
        c, h, w = x.shape[1:]
        # (C, H, W, N) padded: the copy that the transposed view needs anyway, with the zeros around it.
        xt = xp.zeros((c, h + pt + pb, w + pl + pr, n), dtype=x.dtype)
        xt[:, pt:pt + h, pl:pl + w] = x.transpose(1, 2, 3, 0)
        span = ((kh - 1) * dh + 1, (kw - 1) * dw + 1)
        win = xp.lib.stride_tricks.sliding_window_view(xt, span, axis=(1, 2))[:, ::sh, ::sw, :, ::dh, ::dw]
        return win.transpose(0, 4, 5, 1, 2, 3), (win.shape[1], ow)  # (C, kh, kw, OH, OW, N)
    win = windows(_pad(x, padding), kernel, stride, dilation)
    return win.transpose(1, 4, 5, 0, 2, 3), win.shape[2:4]  # (C, kh, kw, N, OH, OW)


def im2col(x, kernel, stride, padding, dilation, groups):
    """Copy the patches into the matrix ``cols`` (G, C/G*kh*kw, N*OH*OW); return it and (OH, OW).

    Columns are ordered (N, OH, OW), or (OH, OW, N) when ``batch_last(N, OW, groups)``.
    """
    win, (oh, ow) = patches(x, kernel, stride, padding, dilation, groups)
    c, kh, kw = win.shape[:3]
    # Each column is one patch; this reshape is the im2col copy (N contiguous numbers at a time when
    # the batch is last). Sizes named, not -1: an empty batch leaves nothing to infer them from.
    return win.reshape(groups, c * kh * kw // groups, x.shape[0] * oh * ow), (oh, ow)


def _from_columns(m, c, n, oh, ow, groups):
    """A product (C, columns) seen as NCHW (a view), for either column order (see ``batch_last``)."""
    if batch_last(n, ow, groups):
        return m.reshape(c, oh, ow, n).transpose(3, 0, 1, 2)
    return m.reshape(c, n, oh, ow).transpose(1, 0, 2, 3)


def col2im(dcols, x_shape, kernel, stride, padding, dilation):
    """Add columns (C, kh, kw, N, OH, OW) back onto the input pixels they came from -> (N, C, H, W)."""
    xp = array_module(dcols)
    n, c, h, w = x_shape
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    (pt, pb), (pl, pr) = padding
    oh, ow = dcols.shape[-2:]
    # Accumulate channel-major (C, N, H, W) so each slice-add reads a contiguous block of dcols.
    gx = xp.zeros((c, n, h + pt + pb, w + pl + pr), dtype=dcols.dtype)
    for i in range(kh):
        for j in range(kw):
            r, s = i * dh, j * dw
            gx[:, :, r:r + (oh - 1) * sh + 1:sh, s:s + (ow - 1) * sw + 1:sw] += dcols[:, i, j]
    return gx[:, :, pt:pt + h, pl:pl + w].transpose(1, 0, 2, 3)


def _grad_matrix(g, groups):
    """Output gradient (N, O, OH, OW) as the matrix (G, O/G, N*OH*OW) (free if g is channel-major).

    Its columns follow the order ``im2col`` chose for the same shapes (see ``batch_last``).
    """
    n, o = g.shape[:2]
    if batch_last(n, g.shape[3], groups):
        return g.transpose(1, 2, 3, 0).reshape(1, o, -1)
    return g.transpose(1, 0, 2, 3).reshape(groups, o // groups, -1)


def conv2d_forward(x, w, b, stride, padding, dilation, groups, keep_cols=True):
    """out = W @ cols (+ b); returns the output (N, O, OH, OW) and ``cols`` for the weight gradient.

    A convolution without groups goes piece by piece (``conv_pieces.forward_in_pieces``) when its columns
    need not be kept (``keep_cols=False``: no weight gradient will be taken; None is returned for them)
    or when its product is small enough per column to gain from OpenBLAS's small-matrix kernel.
    """
    n = x.shape[0]
    o, kh, kw = w.shape[0], w.shape[2], w.shape[3]
    if groups == 1 and x.size and w.size and (not keep_cols or small_product_columns(o, w[0].size)):
        win, (oh, ow) = patches(x, (kh, kw), stride, padding, dilation, 1)
        out, cols = forward_in_pieces(win, w.reshape(o, -1), b, keep_cols)
        return _from_columns(out, o, n, oh, ow, 1), cols
    cols, (oh, ow) = im2col(x, (kh, kw), stride, padding, dilation, groups)
    wm = w.reshape(groups, o // groups, -1)
    out = wm[0] @ cols[0] if groups == 1 else wm @ cols  # the one BLAS product
    out = out.reshape(o, n * oh * ow)
    if b is not None:
        out += b[:, None]
    # Channel-major memory (O, N, OH, OW) or (O, OH, OW, N) seen as NCHW: a view, no copy.
    return _from_columns(out, o, n, oh, ow, groups), cols


def col2im_batch_last(dcols, x_shape, kernel, stride, padding, dilation):
    """col2im for columns laid out (C, kh, kw, OH, OW, N): the same sums, batch as the innermost axis.

    Each slice-add of ``col2im`` runs NumPy's inner loop over one output row (OW elements, e.g. 7),
    so small feature maps pay the loop overhead per handful of numbers. With the batch innermost the
    inner loop covers N contiguous numbers instead: 2-3x faster for a DCGAN's 4x4 stride-2 layers
    at batch 64. Returns (N, C, H, W) as a view of a (C, H, W, N) array.
    """
    xp = array_module(dcols)
    n, c, h, w = x_shape
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    (pt, pb), (pl, pr) = padding
    oh, ow = dcols.shape[3:5]
    gx = xp.zeros((c, h + pt + pb, w + pl + pr, n), dtype=dcols.dtype)
    for i in range(kh):
        for j in range(kw):
            r, s = i * dh, j * dw
            gx[:, r:r + (oh - 1) * sh + 1:sh, s:s + (ow - 1) * sw + 1:sw] += dcols[:, i, j]
    return gx[:, pt:pt + h, pl:pl + w].transpose(3, 0, 1, 2)


def conv2d_input_grad(g, w, x_shape, stride, padding, dilation, groups):
    """dx: dcols = W.T @ dOut, then col2im."""
    kh, kw = w.shape[2], w.shape[3]
    n, o, oh, ow = g.shape
    gm = _grad_matrix(g, groups)
    if batch_last(n, ow, groups):  # add along the batch (see col2im_batch_last)
        dcols = (w.reshape(o, -1).T @ gm[0]).reshape(x_shape[1], kh, kw, oh, ow, n)
        return col2im_batch_last(dcols, x_shape, (kh, kw), stride, padding, dilation)
    wm = w.reshape(groups, w.shape[0] // groups, -1)
    dcols = wm[0].T @ gm[0] if groups == 1 else wm.transpose(0, 2, 1) @ gm
    c = x_shape[1]
    dcols = dcols.reshape(c, kh, kw, g.shape[0], g.shape[2], g.shape[3])
    return col2im(dcols, x_shape, (kh, kw), stride, padding, dilation)


def conv2d_weight_grad(g, cols, w_shape, groups):
    """dW = dOut @ cols.T."""
    gm = _grad_matrix(g, groups)
    if groups != 1:
        return (gm @ cols.transpose(0, 2, 1)).reshape(w_shape)
    most = small_product_columns(gm.shape[1], cols.shape[1])
    if 0 < most < cols.shape[2]:
        return weight_grad_in_pieces(gm[0], cols[0], most).reshape(w_shape)
    if cols.shape[1] > gm.shape[1]:
        # The same product as (cols @ dOut.T).T: OpenBLAS runs a long-K product with few output rows
        # 1.2-2x faster when the longer side is the rows (docs/performance.md, finding 7).
        return (cols[0] @ gm[0].T).T.reshape(w_shape)
    return (gm[0] @ cols[0].T).reshape(w_shape)


class Conv2d(Function):
    """2-D cross-correlation (PyTorch's conv2d); x (N, C, H, W), w (O, C/groups, kh, kw), b (O,).

    The readable version: ``conv2d`` in ``glassnet/ops/reference/conv.py`` (a loop over kernel offsets).
    """

    @staticmethod
    def forward(ctx, x, w, b=None, stride=(1, 1), padding=((0, 0), (0, 0)), dilation=(1, 1), groups=1):
        ctx.conf = (stride, padding, dilation, groups)
        ctx.x_shape, ctx.w_shape = x.shape, w.shape
        keep = ctx.needs_input_grad[1] and STATE.enabled  # the columns are kept only for dW
        out, cols = conv2d_forward(x, w, b, stride, padding, dilation, groups, keep_cols=keep)
        ctx.cols = cols if keep else None
        ctx.save_for_backward(x, w)
        if _flops.ACTIVE:
            ctx.flops = _flops.conv_flops(x.shape, w.shape, out.shape)
            _flops.add("forward", ctx.flops)
        return out

    @staticmethod
    def backward(ctx, g):
        stride, padding, dilation, groups = ctx.conf
        x, w = ctx.saved_tensors
        need = ctx.needs_input_grad
        if _flops.ACTIVE:
            per = getattr(ctx, "flops", None) or _flops.conv_flops(x.shape, w.shape, g.shape)
            _flops.add("backward", per * sum(map(bool, need[:2])))
        gx = gw = gb = None
        if ctx.ns.GRAPH:  # double backward: the same products, as recorded ops
            if need[0]:
                gx = ConvTranspose2d.apply(g, w, None, stride, padding, dilation, groups,
                                           out_hw=ctx.x_shape[2:])
            if need[1]:
                gw = Conv2dWeightGrad.apply(x, g, ctx.w_shape, stride, padding, dilation, groups)
        else:
            if need[0]:
                gx = conv2d_input_grad(g, w, ctx.x_shape, stride, padding, dilation, groups)
            if need[1]:
                gw = conv2d_weight_grad(g, ctx.cols, ctx.w_shape, groups)
        if len(need) > 2 and need[2]:
            gb = ctx.ns.sum(g, (0, 2, 3), False)
        return gx, gw, gb


class ConvTranspose2d(Function):
    """Transposed convolution: the input-gradient of conv2d; w (C_in, C_out/groups, kh, kw).

    ``out_hw`` is the output's spatial size (it fixes PyTorch's ``output_padding``).
    """

    @staticmethod
    def forward(ctx, x, w, b=None, stride=(1, 1), padding=((0, 0), (0, 0)), dilation=(1, 1), groups=1,
                out_hw=None):
        ctx.conf = (stride, padding, dilation, groups)
        out_shape = (x.shape[0], w.shape[1] * groups) + tuple(out_hw)
        ctx.out_shape, ctx.w_shape = out_shape, w.shape
        out = conv2d_input_grad(x, w, out_shape, stride, padding, dilation, groups)
        if b is not None:
            out = out + b[:, None, None]
        ctx.save_for_backward(x, w)
        return out

    @staticmethod
    def backward(ctx, g):
        stride, padding, dilation, groups = ctx.conf
        x, w = ctx.saved_tensors
        need = ctx.needs_input_grad
        gx = gw = gb = None
        if ctx.ns.GRAPH:
            if need[0]:
                gx = Conv2d.apply(g, w, None, stride, padding, dilation, groups)
            if need[1]:
                gw = Conv2dWeightGrad.apply(g, x, ctx.w_shape, stride, padding, dilation, groups)
        else:
            kernel = ctx.w_shape[2:]
            cols = None
            if need[0] or need[1]:
                cols, _ = im2col(g, kernel, stride, padding, dilation, groups)
            if need[0]:  # the forward convolution of g, reusing its im2col
                xo = ctx.w_shape[0]
                n, oh, ow = x.shape[0], x.shape[2], x.shape[3]
                wm = w.reshape(groups, xo // groups, -1)
                gxm = wm[0] @ cols[0] if groups == 1 else wm @ cols
                gx = _from_columns(gxm, xo, n, oh, ow, groups)
            if need[1]:
                gw = conv2d_weight_grad(x, cols, ctx.w_shape, groups)
        if len(need) > 2 and need[2]:
            gb = ctx.ns.sum(g, (0, 2, 3), False)
        return gx, gw, gb


class Conv2dWeightGrad(Function):
    """dW of conv2d as a function of (x, dOut); exists so that conv's backward is differentiable."""

    @staticmethod
    def forward(ctx, x, g, w_shape, stride, padding, dilation, groups):
        ctx.conf = (stride, padding, dilation, groups)
        ctx.x_shape = x.shape
        ctx.save_for_backward(x, g)
        cols, _ = im2col(x, w_shape[2:], stride, padding, dilation, groups)
        return conv2d_weight_grad(g, cols, w_shape, groups)

    @staticmethod
    def backward(ctx, ggw):
        stride, padding, dilation, groups = ctx.conf
        x, g = ctx.saved_tensors
        need = ctx.needs_input_grad
        gx = gg = None
        if ctx.ns.GRAPH:
            if need[0]:
                gx = ConvTranspose2d.apply(g, ggw, None, stride, padding, dilation, groups,
                                           out_hw=ctx.x_shape[2:])
            if need[1]:
                gg = Conv2d.apply(x, ggw, None, stride, padding, dilation, groups)
        else:
            if need[0]:
                gx = conv2d_input_grad(g, ggw, ctx.x_shape, stride, padding, dilation, groups)
            if need[1]:
                gg = conv2d_forward(x, ggw, None, stride, padding, dilation, groups, keep_cols=False)[0]
        return gx, gg
