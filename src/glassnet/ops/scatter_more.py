"""Out-of-place writes into a copy: the op behind index_put, index_copy, index_fill, put, masked_scatter,
the *_scatter family, diag_embed and block_diag.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module
from .index import _is_basic


class PutInto(Function):
    """A copy of ``base`` with ``values`` written (or, with accumulate, added) at ``index``.

    Gradients: base gets g except where it was overwritten; values get g read back at index
    (the engine sums that over any broadcasting of values).
    """

    @staticmethod
    def forward(ctx, base, values, index, accumulate=False):
        xp = array_module(base)
        out = base.copy()
        if accumulate:
            if _is_basic(index):
                out[index] += values
            else:
                xp.add.at(out, index, xp.broadcast_to(values, out[index].shape))
        else:
            out[index] = values
        ctx.index = index
        if not accumulate:
            keep = xp.ones(base.shape, dtype=base.dtype)
            keep[index] = 0
            ctx.save_for_backward(keep)
        ctx.accumulate = accumulate
        return out

    @staticmethod
    def backward(ctx, g):
        g_base = g if ctx.accumulate else g * ctx.saved_tensors[0]
        g_values = g[ctx.index] if ctx.needs_input_grad[1] else None
        return g_base, g_values, None, None
