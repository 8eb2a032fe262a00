"""Dropout as an op: multiply by a random keep-mask scaled by 1/(1-p) (inverted dropout).

The mask comes from glassnet's one generator, so ``glassnet.manual_seed`` makes it reproducible.
Channel-wise dropout (Dropout1d/2d) draws one mask value per (sample, channel) and broadcasts it.
The functional forms (``F.dropout`` ...) are in ``glassnet/nn/dropout_functional.py``.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module, generator


class Dropout(Function):
    """out = x * mask, with mask in {0, 1/(1-p)}; ``mask_shape`` broadcasts against x."""

    @staticmethod
    def forward(ctx, x, p, mask_shape):
        # float32 draws are plenty for a keep/drop decision and half the cost of float64 ones
        # drawn on the host from the one generator (same masks on every device), then copied to x's backend
        draws = array_module(x).asarray(generator().random(mask_shape, dtype="float32"))
        if p >= 1:
            mask = (draws < 0).astype(x.dtype)  # drop everything
        else:
            keep = draws >= p
            mask = keep.astype(x.dtype) * x.dtype.type(1.0 / (1.0 - p))
        ctx.mask = mask
        return x * mask

    @staticmethod
    def backward(ctx, g):
        return g * ctx.mask
