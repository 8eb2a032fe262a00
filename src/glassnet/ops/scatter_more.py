"""Out-of-place writes into a copy: the op behind index_put, index_copy, index_fill, put, masked_scatter,
the *_scatter family, diag_embed and block_diag.
"""

from __future__ import annotations

from ..autograd import function as _fn
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
        from .index import on_device_of

        xp = array_module(base)
        index, values = on_device_of(base, index), on_device_of(base, values)
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


class IndexReduce(Function):
    """A copy of ``base`` whose slices at ``index`` along ``dim`` are reduced with ``source``'s slices.

    reduce is 'prod', 'mean', 'amax' or 'amin'; include_self says whether base's own values take part.
    Gradients follow torch: mean divides by the count, amax/amin split the gradient evenly among the
    tied winners, prod multiplies by the product of the other factors (exact with zeros too).
    """

    @staticmethod
    def forward(ctx, base, source, dim, index, reduce, include_self):
        xp = array_module(base)
        out = xp.moveaxis(base.copy(), dim, 0)
        src = xp.moveaxis(source.astype(out.dtype), dim, 0)
        n = out.shape[0]
        counts = xp.bincount(index, minlength=n)
        hit = counts > 0
        if not include_self:
            if reduce in ("amax", "amin") and out.dtype.kind != "f":
                info = xp.iinfo(out.dtype)
                fill = info.min if reduce == "amax" else info.max
            else:
                fill = {"prod": 1, "mean": 0, "amax": -xp.inf, "amin": xp.inf}[reduce]
            out[hit] = fill
        if reduce == "prod":
            xp.multiply.at(out, index, src)
        elif reduce == "amax":
            xp.maximum.at(out, index, src)
        elif reduce == "amin":
            xp.minimum.at(out, index, src)
        else:
            xp.add.at(out, index, src)
            total = (counts + (1 if include_self else 0)).reshape((-1,) + (1,) * (out.ndim - 1))
            safe = xp.where(total == 0, 1, total)
            mean = out / safe if out.dtype.kind == "f" else xp.floor_divide(out, safe)
            out[hit] = mean[hit]
        ctx.dim, ctx.index, ctx.reduce, ctx.include_self = dim, index, reduce, include_self
        ctx.factors = _reduce_grad_factors(xp, xp.moveaxis(base, dim, 0), src, out, index, hit, reduce, include_self)
        return xp.moveaxis(out, 0, dim)

    @staticmethod
    def backward(ctx, g):
        if ctx.reduce == "prod" and isinstance(g, _fn.Tensor):  # the factors depend on the inputs
            raise NotImplementedError("index_reduce: double backward through reduce='prod' is not implemented")
        self_factor, src_factor, slot_factor = ctx.factors
        xp = array_module(self_factor)
        d = ctx.dim
        g_base = g * xp.moveaxis(self_factor, 0, d) if ctx.needs_input_grad[0] else None
        g_src = None
        if ctx.needs_input_grad[1]:
            sel = (slice(None),) * d + (ctx.index,)
            g_src = (g * xp.moveaxis(slot_factor, 0, d))[sel] * xp.moveaxis(src_factor, 0, d)
        return g_base, g_src, None, None, None, None


def _reduce_grad_factors(xp, base, src, out, index, hit, reduce, include_self):
    """Constant multipliers of the incoming gradient (dim moved to the front): for base, for each
    source slice, and per output slot (read back at index for the sources)."""
    shape = (-1,) + (1,) * (base.ndim - 1)
    hit_b = hit.reshape(shape)
    if reduce == "mean":
        total = (xp.bincount(index, minlength=base.shape[0]) + (1 if include_self else 0)).reshape(shape)
        inv = 1.0 / xp.where(total == 0, 1, total)
        self_factor = xp.where(hit_b, inv if include_self else 0.0, 1.0)
        return self_factor, xp.ones_like(src), xp.broadcast_to(inv, base.shape)
    if reduce in ("amax", "amin"):
        # torch counts base's ties even when include_self is False (then base just gets no share)
        self_win = base == out
        src_win = src == out[index]
        ties = self_win.astype(base.dtype)
        xp.add.at(ties, index, src_win.astype(base.dtype))
        inv = 1.0 / xp.where(ties == 0, 1, ties)
        self_factor = xp.where(hit_b, self_win * inv if include_self else 0.0, 1.0)
        return self_factor, src_win.astype(base.dtype), inv
    # prod: each factor's gradient is the product of the other factors in its slot, counted without
    # dividing by zero: P = product of the nonzero factors, Z = how many factors are zero.
    nonzero = xp.where(hit_b & include_self, base, 1.0)
    zeros = ((base == 0) & hit_b & include_self).astype("int64")
    nonzero = xp.where(nonzero == 0, 1.0, nonzero)
    xp.multiply.at(nonzero, index, xp.where(src == 0, 1.0, src))
    xp.add.at(zeros, index, (src == 0).astype("int64"))

    def others(v, p, z):
        return xp.where(v == 0, xp.where(z == 1, p, 0.0), xp.where(z == 0, p / xp.where(v == 0, 1, v), 0.0))

    self_factor = xp.where(hit_b, others(base, nonzero, zeros) if include_self else 0.0, 1.0)
    src_factor = others(src, nonzero[index], zeros[index])
    return self_factor.astype(base.dtype), src_factor.astype(base.dtype), xp.ones_like(base)
