"""Normalisation ops: batch, layer and group norm, each one op with a hand-written backward.

All three compute xhat = (x - mean) / sqrt(var + eps) over some axes and return xhat * w + b. They
share one backward: with dxhat = g * w (means over the same axes)::

    dx = invstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))

Under create_graph the statistics are recomputed (the rule is in ``autograd.Function``'s docstring).
The functional forms (``F.batch_norm`` ...) are in ``glassnet/nn/normalization_functional.py``.
"""

from __future__ import annotations

from typing import Any

from ..autograd.function import Function
from ..backend import array_module


def _norm_backward(ns: Any, dxhat: Any, xhat: Any, invstd: Any, axes: tuple) -> Any:
    return (dxhat - ns.mean(dxhat, axes) - xhat * ns.mean(dxhat * xhat, axes)) * invstd


def _first_finite(x: Any, axes: tuple) -> Any:
    """Each row's first value over ``axes`` (0 where it is not finite), with kept dims: the shift of the mean.

    The mean is taken of the values less this shift: a constant row then has the exact mean and zero
    variance, as PyTorch's running (Welford) moments give, where the plain mean of three -1e30 is off by an
    ulp and normalises the row to 1 instead of 0; large offsets lose less precision too.
    """
    xp = array_module(x)
    shift = x[tuple(slice(0, 1) if i in axes else slice(None) for i in range(x.ndim))]
    return xp.where(xp.isfinite(shift), shift, 0)


def _graph_stats(ns: Any, x: Any, axes: tuple, eps: float) -> tuple:
    """(xhat, invstd) recomputed from x with recorded ops (create_graph only), as ``_stats`` computes them."""
    shifted = x - _first_finite(x._data, axes)  # a constant shift: the mean's gradient is unchanged
    d = shifted - ns.mean(shifted, axes)
    invstd = (ns.mean(d * d, axes) + eps) ** -0.5
    return d * invstd, invstd


def _stats(x: Any, axes: tuple, eps: float) -> tuple:
    """(xhat, invstd, mean, biased var) over axes, with kept dims; the mean is shifted (``_first_finite``)."""
    xp = array_module(x)
    shift = _first_finite(x, axes)
    shifted = x - shift
    offset = shifted.mean(axis=axes, keepdims=True)
    mean = shift + offset
    d = shifted - offset
    var = (d * d).mean(axis=axes, keepdims=True)
    invstd = 1.0 / xp.sqrt(var + eps)
    return d * invstd, invstd, mean, var


def _affine(xhat: Any, w: Any, b: Any, shape: Any) -> Any:
    out = xhat if w is None else xhat * w.reshape(shape)
    return out if b is None else out + b.reshape(shape)


class BatchNorm(Function):
    """Normalise each channel (axis 1) over the batch and spatial axes.

    In training the batch statistics are used and the running ones updated in place (unbiased var,
    as PyTorch); in eval the running statistics are used, which makes the op an affine map.
    """

    @staticmethod
    def forward(ctx, x, weight, bias, running_mean, running_var, training, momentum, eps):
        axes = (0,) + tuple(range(2, x.ndim))
        shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        if training:
            xhat, invstd, mean, var = _stats(x, axes, eps)
            if running_mean is not None:
                n = x.size // x.shape[1]
                running_mean *= 1 - momentum
                running_mean += momentum * mean.reshape(-1)
                running_var *= 1 - momentum
                running_var += momentum * var.reshape(-1) * (n / max(n - 1, 1))
        else:
            xp = array_module(x)
            invstd = (1.0 / xp.sqrt(running_var + eps)).reshape(shape).astype(x.dtype)
            xhat = (x - running_mean.reshape(shape)) * invstd
        ctx.xhat, ctx.invstd, ctx.axes, ctx.shape = xhat, invstd, axes, shape
        ctx.training, ctx.eps = training, eps
        ctx.running_mean = None if training else running_mean.reshape(shape)
        ctx.save_for_backward(*((x,) if weight is None else (x, weight)))
        return _affine(xhat, weight, bias, shape).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        saved = ctx.saved_tensors
        x, w = saved[0], (saved[1] if len(saved) > 1 else None)
        xhat, invstd = ctx.xhat, ctx.invstd
        if ns.GRAPH:
            if ctx.training:
                xhat, invstd = _graph_stats(ns, x, ctx.axes, ctx.eps)
            else:
                xhat = (x - ctx.running_mean) * invstd
        if ctx.training and not ns.GRAPH:
            return _batch_norm_train_backward(g, xhat, invstd, w, ctx.axes, ctx.shape, ctx.needs_input_grad)
        gx = gw = gb = None
        if ctx.needs_input_grad[0]:
            dxhat = g if w is None else g * ns.reshape(w, ctx.shape)
            gx = _norm_backward(ns, dxhat, xhat, invstd, ctx.axes) if ctx.training else dxhat * invstd
        if ctx.needs_input_grad[1]:
            gw = ns.sum(g * xhat, ctx.axes, False)
        if ctx.needs_input_grad[2]:
            gb = ns.sum(g, ctx.axes, False)
        return gx, gw, gb, None, None


def _batch_norm_train_backward(g: Any, xhat: Any, invstd: Any, w: Any, axes: tuple, shape: tuple,
                               need: tuple) -> tuple:
    """BatchNorm's backward in training, from two per-channel sums of g (NumPy/CuPy arrays, no graph).

    With ``dxhat = g * w``, ``mean(dxhat) = w * sum(g) / n`` and ``mean(dxhat * xhat) = w * sum(g * xhat) / n``,
    and those two sums are also the bias and weight gradients. So
    ``dx = k * g - (xhat * (k * sum(g * xhat) / n) + k * sum(g) / n)`` with ``k = w * invstd`` per channel:
    seven passes over the activations instead of the eleven of ``_norm_backward`` plus the separate
    weight and bias sums (2-3x faster on a DCGAN's BatchNorm2d layers).
    """
    n = g.size // g.shape[1]
    gb = g.sum(axis=axes)
    gw = (xhat * g).sum(axis=axes)
    gx = None
    if need[0]:
        k = invstd.reshape(-1) if w is None else invstd.reshape(-1) * w
        tmp = xhat * (k * gw / n).reshape(shape).astype(g.dtype, copy=False)
        tmp += (k * gb / n).reshape(shape).astype(g.dtype, copy=False)
        gx = g * k.reshape(shape).astype(g.dtype, copy=False)
        gx -= tmp
    return gx, (gw if need[1] else None), (gb if len(need) > 2 and need[2] else None), None, None


class LayerNorm(Function):
    """Normalise over the last ``ndim`` axes; weight and bias have those axes' shape."""

    @staticmethod
    def forward(ctx, x, weight, bias, ndim, eps):
        axes = tuple(range(x.ndim - ndim, x.ndim))
        xhat, invstd, _, _ = _stats(x, axes, eps)
        ctx.xhat, ctx.invstd, ctx.axes, ctx.eps = xhat, invstd, axes, eps
        ctx.save_for_backward(*((x,) if weight is None else (x, weight)))
        return _affine(xhat, weight, bias, x.shape[x.ndim - ndim:]).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        saved = ctx.saved_tensors
        x, w = saved[0], (saved[1] if len(saved) > 1 else None)
        xhat, invstd = _graph_stats(ns, x, ctx.axes, ctx.eps) if ns.GRAPH else (ctx.xhat, ctx.invstd)
        gx = gw = gb = None
        if ctx.needs_input_grad[0]:
            gx = _norm_backward(ns, g if w is None else g * w, xhat, invstd, ctx.axes)
        if ctx.needs_input_grad[1]:
            gw = g * xhat  # the engine sums over the leading (batch) axes
        if ctx.needs_input_grad[2]:
            gb = g
        return gx, gw, gb


class GroupNorm(Function):
    """Split channels into G groups; normalise each (sample, group) over its channels and positions."""

    @staticmethod
    def forward(ctx, x, weight, bias, num_groups, eps):
        n, c = x.shape[0], x.shape[1]
        shape = (1, c) + (1,) * (x.ndim - 2)
        xhat, invstd, _, _ = _stats(x.reshape(n, num_groups, -1), (2,), eps)
        ctx.xhat, ctx.invstd, ctx.eps = xhat, invstd, eps
        ctx.shape, ctx.group_shape, ctx.in_shape = shape, (n, num_groups, -1), x.shape
        ctx.axes = (0,) + tuple(range(2, x.ndim))
        ctx.save_for_backward(*((x,) if weight is None else (x, weight)))
        return _affine(xhat.reshape(x.shape), weight, bias, shape).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        saved = ctx.saved_tensors
        x, w = saved[0], (saved[1] if len(saved) > 1 else None)
        if ns.GRAPH:
            xhat, invstd = _graph_stats(ns, ns.reshape(x, ctx.group_shape), (2,), ctx.eps)
        else:
            xhat, invstd = ctx.xhat, ctx.invstd
        gx = gw = gb = None
        if ctx.needs_input_grad[0]:
            dxhat = ns.reshape(g if w is None else g * ns.reshape(w, ctx.shape), ctx.group_shape)
            gx = ns.reshape(_norm_backward(ns, dxhat, xhat, invstd, (2,)), ctx.in_shape)
        if ctx.needs_input_grad[1]:
            gw = ns.sum(g * ns.reshape(xhat, ctx.in_shape), ctx.axes, False)
        if ctx.needs_input_grad[2]:
            gb = ns.sum(g, ctx.axes, False)
        return gx, gw, gb
