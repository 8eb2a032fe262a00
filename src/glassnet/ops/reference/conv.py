"""The readable 2-D convolution: a loop over kernel offsets, each one a small matrix product.

This is the reference for the fast ``Conv2d`` op in ``glassnet/ops/conv.py`` (behind ``F.conv2d`` and
``nn.Conv2d``), which copies every input patch into one big matrix (im2col) and does the whole
convolution as a single BLAS product, with a hand-written backward (col2im). Both compute

    out[n, o, y, x] = b[o] + sum over c, i, j of  W[o, c, i, j] * xpad[n, c, y*sh + i*dh, x*sw + j*dw]

Here the sum over the kernel offsets (i, j) is an explicit loop: for each offset, the input pixels that
offset touches, over every output position at once, are one strided slice of the padded input
(N, C, OH, OW); multiplying that slice by the (O, C) matrix ``W[:, :, i, j]`` and adding it to the output
is the whole step. Groups split the channels into independent blocks, each with its own slice of W.
Everything is an ordinary tensor op, so autograd gives the gradients; ``tests/ops/test_references.py``
checks in float64 that the im2col op gives the same values and gradients.
"""

from __future__ import annotations

from typing import Any

from ...functions import cat
from ..shape import Pad


def _pair(v: Any) -> tuple:
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d(input: Any, weight: Any, bias: Any = None, stride: Any = 1, padding: Any = 0,  # noqa: A002
           dilation: Any = 1, groups: int = 1) -> Any:
    """2-D convolution (cross-correlation) as a loop over kernel offsets: the readable version of ``F.conv2d``.

    Args:
        input: (N, C, H, W).
        weight: (O, C / groups, kh, kw).
        bias: (O,), or None.
        stride: step between output positions, an int or (sh, sw).
        padding: zeros added on both sides, an int or (ph, pw).
        dilation: spacing between kernel taps, an int or (dh, dw).
        groups: number of independent channel blocks.

    Example:
        >>> from glassnet.ops.reference.conv import conv2d
        >>> x, w = glassnet.randn(2, 4, 7, 7), glassnet.randn(6, 2, 3, 3)
        >>> out = conv2d(x, w, stride=2, padding=1, groups=2)
        >>> out.shape, bool(glassnet.allclose(out, F.conv2d(x, w, stride=2, padding=1, groups=2), atol=1e-5))
        (glassnet.Size([2, 6, 4, 4]), True)
    """
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    N, C, H, W = input.shape
    O, Cg, kh, kw = weight.shape
    Og = O // groups
    xpad = Pad.apply(input, (pw, pw, ph, ph), 0.0) if ph or pw else input
    OH = (H + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    OW = (W + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    outs = []
    for g in range(groups):  # each group: its own input channels and its own output channels
        x_g, w_g = xpad[:, g * Cg: (g + 1) * Cg], weight[g * Og: (g + 1) * Og]
        out = None
        for i in range(kh):
            for j in range(kw):
                # the pixel that tap (i, j) reads, for every output position: (N, Cg, OH, OW)
                patch = x_g[:, :, i * dh: i * dh + (OH - 1) * sh + 1: sh, j * dw: j * dw + (OW - 1) * sw + 1: sw]
                # (N, OH, OW, Cg) @ (Cg, Og) -> (N, OH, OW, Og): every output channel's dot over Cg
                term = patch.permute(0, 2, 3, 1) @ w_g[:, :, i, j].T
                out = term if out is None else out + term
        outs.append(out)
    out = (outs[0] if groups == 1 else cat(outs, dim=3)).permute(0, 3, 1, 2)  # back to (N, O, OH, OW)
    return out if bias is None else out + bias.reshape(1, O, 1, 1)
