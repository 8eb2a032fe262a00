"""Matrix product with PyTorch's 1-D and batched rules; batch broadcasting is undone by the engine."""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module
from . import _flops


def _matrix(a) -> tuple:
    """The shape (rows, k) that views ``a`` (..., k) as one matrix, so a product is ONE BLAS call instead of
    one per leading index (rows counted explicitly: ``(-1, k)`` fails when k = 0)."""
    rows = 1
    for d in a.shape[:-1]:
        rows *= d
    return rows, a.shape[-1]


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        if _flops.ACTIVE:
            _flops.add("forward", _flops.matmul_flops(a.shape, b.shape))
        try:
            if a.ndim > 2 and b.ndim == 2 and a.shape[-1] == b.shape[0]:
                # (..., m, k) @ (k, n) as ONE 2-D product: NumPy would run a BLAS call per leading index
                return (a.reshape(_matrix(a)) @ b).reshape(a.shape[:-1] + (b.shape[1],))
            return array_module(a, b).matmul(a, b)
        except ValueError:
            raise RuntimeError(
                f"matmul: shapes {tuple(a.shape)} and {tuple(b.shape)} cannot be multiplied "
                "(inner dimensions must match; 0-d tensors are not allowed)"
            ) from None

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        ns = ctx.ns
        if _flops.ACTIVE:  # one product of the forward's size per input that needs a gradient
            _flops.add("backward", _flops.matmul_flops(a.shape, b.shape) * sum(map(bool, ctx.needs_input_grad[:2])))
        na, nb = a.ndim, b.ndim
        ga = gb = None
        if na == 1 and nb == 1:  # dot product: g is a scalar
            return g * b, g * a
        if na == 1:  # (k) @ (..., k, n) -> (..., n)
            g2 = ns.unsqueeze(g, -2)  # (..., 1, n)
            if ctx.needs_input_grad[0]:
                ga = ns.squeeze(g2 @ b.mT, -2)
            if ctx.needs_input_grad[1]:
                gb = ns.unsqueeze(a, -1) * g2
            return ga, gb
        if nb == 1:  # (..., m, k) @ (k) -> (..., m)
            g2 = ns.unsqueeze(g, -1)  # (..., m, 1)
            if ctx.needs_input_grad[0]:
                ga = g2 * b
            if ctx.needs_input_grad[1]:
                gb = ns.squeeze(a.mT @ g2, -1)
            return ga, gb
        if na > 2 and nb == 2:  # the 2-D product of forward, undone as 2-D products
            g2 = ns.reshape(g, _matrix(g))
            if ctx.needs_input_grad[0]:
                ga = ns.reshape(g2 @ b.mT, a.shape)
            if ctx.needs_input_grad[1]:
                gb = ns.reshape(a, _matrix(a)).mT @ g2
            return ga, gb
        if ctx.needs_input_grad[0]:
            ga = g @ b.mT
        if ctx.needs_input_grad[1]:
            gb = a.mT @ g
        return ga, gb


class Linear(Function):
    """x @ W.T + b in one op (fewer temporaries and one node instead of three)."""

    @staticmethod
    def forward(ctx, x, w, b=None):
        ctx.save_for_backward(x, w)
        if _flops.ACTIVE:
            _flops.add("forward", 2 * (x.size // max(1, x.shape[-1])) * x.shape[-1] * w.shape[0])
        if x.ndim > 2:  # one 2-D product instead of a BLAS call per leading index
            out = (x.reshape(_matrix(x)) @ w.T).reshape(x.shape[:-1] + (w.shape[0],))
        else:
            out = x @ w.T
        if b is not None:
            out += b
        return out

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        ns = ctx.ns
        if _flops.ACTIVE:
            flops = 2 * (x.size // max(1, x.shape[-1])) * x.shape[-1] * w.shape[0]
            _flops.add("backward", flops * sum(map(bool, ctx.needs_input_grad[:2])))
        gx = gw = gb = None
        if ctx.needs_input_grad[0]:
            gx = g @ w if g.ndim <= 2 else ns.reshape(ns.reshape(g, _matrix(g)) @ w, x.shape)
        if ctx.needs_input_grad[1]:
            if x.ndim == 2:
                gw = g.mT @ x
            else:
                gw = ns.reshape(g, _matrix(g)).mT @ ns.reshape(x, _matrix(x))
        if len(ctx.needs_input_grad) > 2 and ctx.needs_input_grad[2]:
            gb = ns.sum(ns.reshape(g, _matrix(g)), 0, False)
        return gx, gw, gb
