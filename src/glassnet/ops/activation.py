"""Activation ops, forward and backward side by side, on raw arrays.

ReLU, sigmoid, tanh, softmax and log-softmax are ops of the core (elementwise.py, reduce.py); this
file adds the rest. Where a backward reuses a value computed in forward (a sigmoid, a normal CDF), it
is recomputed under create_graph (the rule is in ``autograd.Function``'s docstring). The
functional forms that take Tensors (``F.gelu`` ...) are in ``glassnet/nn/activation_functional.py``.
"""

from __future__ import annotations

import math
from typing import Any

from ..autograd.function import Function
from ..backend import array_module
from . import elementwise as elementwise_ops

_SQRT_2 = math.sqrt(2.0)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def erfc(x: Any) -> Any:
    """Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7).

    NumPy has no erf; this fit is accurate to float32 precision everywhere, including the tails.
    """
    xp = array_module(x)
    z = xp.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))
    ans = t * xp.exp(-z * z + poly)
    return xp.where(x >= 0, ans, 2.0 - ans).astype(x.dtype, copy=False)


def _sigmoid(a: Any) -> Any:
    # 1/(1+e^-x) overflows e^-x for very negative x; the tanh form is stable everywhere.
    return (array_module(a).tanh(a * 0.5) + 1) * 0.5


def _normal_cdf(a: Any) -> Any:
    return 0.5 * erfc(-a / _SQRT_2)


class NormalCdf(Function):
    """Phi(x), the standard normal CDF; its derivative is the normal density."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _normal_cdf(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * ctx.ns.exp(a * a * -0.5) * _INV_SQRT_2PI


class LeakyRelu(Function):
    """x for x > 0, slope * x otherwise.

    NumPy's three-argument ``where`` is many times slower than arithmetic (about 10x for a
    (64, 64, 14, 14) float32 array), and a DCGAN discriminator runs this op on every layer, so both
    directions avoid it: for 0 < slope <= 1 the output is ``maximum(x, slope * x)``, and for
    0 <= slope <= 1 the gradient is ``g * scale`` with ``scale = (x > 0) * (1 - slope) + slope``, which
    is exactly 1 or ``slope`` in floating point (1 - slope is exact or off by at most half an ulp of a
    number in [0.5, 1], which rounding the sum back to 1 absorbs). Other slopes take the ``where`` path.
    """

    @staticmethod
    def forward(ctx, a, slope):
        xp = array_module(a)
        ctx.save_for_backward(a)
        ctx.slope = slope
        # slope 0 would turn inf * 0 into NaN; a 0-d product is a NumPy scalar, which out= refuses
        if 0 < slope <= 1 and a.dtype.kind == "f" and a.ndim:
            out = a * a.dtype.type(slope)
            return xp.maximum(a, out, out=out)
        return xp.where(a > 0, a, a * slope).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        if ctx.ns.GRAPH or not 0 <= ctx.slope <= 1 or g.dtype != a.dtype or a.dtype.kind != "f" or not a.ndim:
            return ctx.ns.where(a > 0, g, g * ctx.slope)
        s = a.dtype.type(ctx.slope)
        scale = (a > 0).astype(a.dtype)
        scale *= 1 - s
        scale += s
        scale *= g
        return scale


class Elu(Function):
    """x for x > 0, alpha * (e^x - 1) otherwise (the gradient at NaN is 1, as PyTorch's)."""

    @staticmethod
    def forward(ctx, a, alpha):
        xp = array_module(a)
        neg = alpha * xp.expm1(xp.minimum(a, 0))  # min() keeps exp from overflowing on large x
        out = xp.where(a > 0, a, neg).astype(a.dtype, copy=False)
        ctx.save_for_backward(a, out)
        ctx.alpha = alpha
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        return ctx.ns.where(a <= 0, g * (out + ctx.alpha), g)


class Gelu(Function):
    """x * Phi(x) exactly, or the tanh approximation (``approximate='tanh'``)."""

    @staticmethod
    def forward(ctx, a, approximate="none"):
        xp = array_module(a)
        ctx.approximate = approximate
        if approximate == "tanh":
            t = xp.tanh(_SQRT_2_OVER_PI * (a + 0.044715 * a * a * a))
            ctx.save_for_backward(a, t)
            return (0.5 * a * (1 + t)).astype(a.dtype, copy=False)
        cdf = _normal_cdf(a)
        ctx.save_for_backward(a, cdf)
        return a * cdf

    @staticmethod
    def backward(ctx, g):
        a, saved = ctx.saved_tensors
        graph = ctx.ns.GRAPH
        if ctx.approximate == "tanh":
            t = elementwise_ops.Tanh.apply((a + a * a * a * 0.044715) * _SQRT_2_OVER_PI) if graph else saved
            dinner = (a * a * (3 * 0.044715) + 1) * _SQRT_2_OVER_PI
            return g * ((t + 1) * 0.5 + a * 0.5 * (1 - t * t) * dinner)
        cdf = NormalCdf.apply(a) if graph else saved
        pdf = ctx.ns.exp(a * a * -0.5) * _INV_SQRT_2PI
        return g * (cdf + a * pdf)


class Silu(Function):
    """x * sigmoid(x) (also called swish)."""

    @staticmethod
    def forward(ctx, a):
        s = _sigmoid(a)
        ctx.save_for_backward(a, s)
        return a * s

    @staticmethod
    def backward(ctx, g):
        a, s = ctx.saved_tensors
        if ctx.ns.GRAPH:
            s = elementwise_ops.Sigmoid.apply(a)
        return g * (s * (1 + a * (1 - s)))


class Softplus(Function):
    """log(1 + e^(beta x)) / beta, linear where beta x > threshold (as PyTorch)."""

    @staticmethod
    def forward(ctx, a, beta=1.0, threshold=20.0):
        xp = array_module(a)
        bx = a * beta
        out = xp.where(bx > threshold, a, xp.logaddexp(0, bx) / beta).astype(a.dtype, copy=False)
        s = _sigmoid(bx)
        ctx.save_for_backward(a, s)
        ctx.beta, ctx.threshold = beta, threshold
        return out

    @staticmethod
    def backward(ctx, g):
        a, s = ctx.saved_tensors
        if ctx.ns.GRAPH:
            s = elementwise_ops.Sigmoid.apply(a * ctx.beta)
        return ctx.ns.where(a * ctx.beta > ctx.threshold, g, g * s)


class Hardtanh(Function):
    """clamp(x, min_val, max_val); the gradient is zero at and beyond the limits (as PyTorch). At NaN
    hardtanh passes the gradient (PyTorch's rule); hardsigmoid, built on it, blocks it (``nan_grad``)."""

    @staticmethod
    def forward(ctx, a, lo, hi, nan_grad=True):
        xp = array_module(a)
        if a.dtype.kind == "b":
            raise RuntimeError("hardtanh: Bool inputs not supported for hardtanh")
        ctx.mask = ~((a <= lo) | (a >= hi)) if nan_grad else (a > lo) & (a < hi)
        return xp.clip(a, lo, hi).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        return g * ctx.mask


class Hardswish(Function):
    """x * relu6(x + 3) / 6; gradient 0 for x <= -3, x / 3 + 0.5 below 3, and 1 above (also at +inf and NaN)."""

    @staticmethod
    def forward(ctx, a):
        xp = array_module(a)
        ctx.save_for_backward(a)
        with xp.errstate(invalid="ignore"):  # -inf * 0 is NaN, as in PyTorch
            return (a * (xp.clip(a + 3, 0, 6) / 6)).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        ns = ctx.ns
        return ns.where(a <= -3, 0, ns.where(a < 3, g * (a * (1 / 3) + 0.5), g))


class Prelu(Function):
    """x for x > 0, w * x otherwise, with a learnable (broadcast) slope w."""

    @staticmethod
    def forward(ctx, a, w):
        xp = array_module(a)
        ctx.save_for_backward(a, w)
        return xp.where(a > 0, a, a * w).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        a, w = ctx.saved_tensors
        ns = ctx.ns
        pos = a > 0
        ga = ns.where(pos, g, g * w) if ctx.needs_input_grad[0] else None
        gw = ns.where(pos, 0, g * a) if ctx.needs_input_grad[1] else None
        return ga, gw
