"""unfold (im2col as an op) and fold (col2im as an op): each is the other's backward.

unfold: (N, C, H, W) -> (N, C*kh*kw, L), one column per sliding block (L = OH*OW), as torch's
F.unfold. fold sums such columns back into an image, adding where blocks overlap.
"""

from __future__ import annotations

from ..autograd.function import Function
from .conv import _pad, col2im, conv_out_size, windows


def unfold_array(x, kernel, dilation, padding, stride):
    """The blocks of x as columns (N, C*kh*kw, OH*OW)."""
    n, c = x.shape[:2]
    win = windows(_pad(x, padding), kernel, stride, dilation)  # (N, C, OH, OW, kh, kw) view
    return win.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * kernel[0] * kernel[1], -1)


def fold_array(cols, x_shape, out_hw, kernel, dilation, padding, stride):
    """Sum columns (N, C*kh*kw, OH*OW) back into an (N, C, H, W) image."""
    n, c = x_shape[:2]
    kh, kw = kernel
    dcols = cols.reshape(n, c, kh, kw, out_hw[0], out_hw[1]).transpose(1, 2, 3, 0, 4, 5)
    return col2im(dcols, x_shape, kernel, stride, padding, dilation)


class Unfold(Function):
    @staticmethod
    def forward(ctx, x, kernel, dilation, padding, stride):
        ctx.conf, ctx.x_shape = (kernel, dilation, padding, stride), x.shape
        ctx.out_hw = tuple(conv_out_size(x.shape[2 + a], kernel[a], stride[a], *padding[a], dilation[a])
                           for a in range(2))
        return unfold_array(x, kernel, dilation, padding, stride)

    @staticmethod
    def backward(ctx, g):
        kernel, dilation, padding, stride = ctx.conf
        if ctx.ns.GRAPH:
            return Fold.apply(g, ctx.x_shape, ctx.out_hw, kernel, dilation, padding, stride)
        return fold_array(g, ctx.x_shape, ctx.out_hw, kernel, dilation, padding, stride)


class Fold(Function):
    @staticmethod
    def forward(ctx, cols, x_shape, out_hw, kernel, dilation, padding, stride):
        ctx.conf = (kernel, dilation, padding, stride)
        return fold_array(cols, x_shape, out_hw, kernel, dilation, padding, stride)

    @staticmethod
    def backward(ctx, g):
        kernel, dilation, padding, stride = ctx.conf
        if ctx.ns.GRAPH:
            return Unfold.apply(g, kernel, dilation, padding, stride)
        return unfold_array(g, kernel, dilation, padding, stride)
