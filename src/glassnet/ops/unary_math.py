"""More element-wise math: tan, inverse trig, hyperbolic, erf/erfinv, log2/log10/exp2/expm1, and the
two-input atan2, hypot, logaddexp, copysign, lerp. Each backward is the textbook derivative, written
with operators and ``ctx.ns`` so it also runs under create_graph.
"""

from __future__ import annotations

import math

from ..autograd.function import Function
from ..backend import array_module, map_python

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


class Tan(Function):
    @staticmethod
    def forward(ctx, a):
        out = array_module(a).tan(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * (out * out + 1)


def _root_one_minus_square(a):
    """sqrt(1 - a^2), NaN outside [-1, 1] even where a^2 overflows (pow(-inf, 0.5) is +inf, not NaN)."""
    base = 1 - a * a
    # base - base is 0, or NaN where a * a overflowed; unlike a where() it leaves every derivative intact
    return base ** 0.5 + (base - base)


class Asin(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).arcsin(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g / _root_one_minus_square(a)


class Acos(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).arccos(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return -g / _root_one_minus_square(a)


class Atan(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).arctan(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g / (a * a + 1)


class Sinh(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).sinh(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        ns = ctx.ns
        return g * (ns.exp(a) + ns.exp(-a)) * 0.5  # cosh(a)


class Cosh(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).cosh(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        ns = ctx.ns
        return g * (ns.exp(a) - ns.exp(-a)) * 0.5  # sinh(a)


class Asinh(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).arcsinh(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g / (a * a + 1) ** 0.5


class Acosh(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).arccosh(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g / (a * a - 1) ** 0.5


class Atanh(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).arctanh(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g / (1 - a * a)


def erf_array(a):
    """erf element-wise: NumPy has no erf, so each value goes through Python's exact math.erf."""
    return map_python(math.erf, a, a.dtype)


def erfinv_array(y):
    """Inverse erf: Giles' single-precision approximation, polished by Newton steps on erf."""
    xp = array_module(y)
    y64 = y.astype("float64")
    inside = xp.abs(y64) < 1
    t = xp.where(inside, y64, 0.0)
    w = -xp.log((1.0 - t) * (1.0 + t))
    # M. Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011): two polynomials in w.
    small = w - 2.5
    p = 2.81022636e-08
    for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
              -0.00417768164, 0.246640727, 1.50140941):
        p = c + p * small
    big = xp.sqrt(xp.maximum(w, 5.0)) - 3.0
    q = -0.000200214257
    for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
              0.00943887047, 1.00167406, 2.83297682):
        q = c + q * big
    x = xp.where(w < 5.0, p, q) * t
    for _ in range(2):  # Newton on erf(x) = y: each step roughly doubles the correct digits
        x = x - (erf_array(x) - t) / (_TWO_OVER_SQRT_PI * xp.exp(-x * x))
    x = xp.where(xp.abs(y64) == 1, xp.copysign(xp.inf, y64), x)
    x = xp.where((xp.abs(y64) > 1) | xp.isnan(y64), xp.nan, x)
    return x.astype(y.dtype)


class Erf(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return erf_array(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * _TWO_OVER_SQRT_PI * ctx.ns.exp(-(a * a))


class Erfinv(Function):
    @staticmethod
    def forward(ctx, a):
        out = erfinv_array(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g / _TWO_OVER_SQRT_PI * ctx.ns.exp(out * out)


class Log2(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).log2(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g / (a * _LN2)


class Log10(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).log10(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g / (a * _LN10)


class Exp2(Function):
    @staticmethod
    def forward(ctx, a):
        out = array_module(a).exp2(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * out * _LN2


class Expm1(Function):
    @staticmethod
    def forward(ctx, a):
        out = array_module(a).expm1(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * (out + 1)


class Atan2(Function):
    """atan2(y, x); PyTorch gives zero gradients at the origin, where the angle is undefined."""

    @staticmethod
    def forward(ctx, y, x):
        ctx.save_for_backward(y, x)
        return array_module(y, x).arctan2(y, x)

    @staticmethod
    def backward(ctx, g):
        y, x = ctx.saved_tensors
        ns = ctx.ns
        r2 = x * x + y * y
        scale = g / ns.where(r2 == 0, float("inf"), r2)
        return scale * x, -scale * y


class Hypot(Function):
    @staticmethod
    def forward(ctx, a, b):
        out = array_module(a, b).hypot(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, b, out = ctx.saved_tensors
        return g * a / out, g * b / out


class LogAddExp(Function):
    @staticmethod
    def forward(ctx, a, b):
        out = array_module(a, b).logaddexp(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, b, out = ctx.saved_tensors
        ns = ctx.ns
        # PyTorch's form, 1 / (1 + e^(b - a)), rather than e^(a - out): it stays exact when one input is
        # infinite (e^(inf - inf) would be nan where the true weight is 1 or 0).
        return g / (1 + ns.exp(b - a)), g / (1 + ns.exp(a - b))


class CopySign(Function):
    """|a| with b's sign: a's gradient is out/a (0 where a == 0); b's is 0, as in PyTorch."""

    @staticmethod
    def forward(ctx, a, b):
        xp = array_module(a, b)
        out = xp.copysign(a, b)
        ctx.flip = xp.where(a == 0, 0, xp.sign(out) * xp.sign(a)).astype(out.dtype)
        return out

    @staticmethod
    def backward(ctx, g):
        return g * ctx.flip, g * 0


class Lerp(Function):
    """start + weight * (end - start)."""

    @staticmethod
    def forward(ctx, start, end, weight):
        ctx.save_for_backward(start, end, weight)
        return start + weight * (end - start)

    @staticmethod
    def backward(ctx, g):
        start, end, weight = ctx.saved_tensors
        need = ctx.needs_input_grad
        gw = g * (end - start) if need[2] else None
        return g * (1 - weight), g * weight, gw
