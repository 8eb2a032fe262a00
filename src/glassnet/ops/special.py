"""Special functions as differentiable ops: gamma family, Bessel I0/I1, the normal CDF and friends.

NumPy has none of these and SciPy is not a dependency, so each is written out here from its
series, recurrence or asymptotic expansion, evaluated in float64 and cast back (float32 inputs
would lose digits in the cancelling sums). Every op's derivative is another op of this file, so
backward works on arrays (the fast path) and on Tensors under ``create_graph`` (double backward).
"""

from __future__ import annotations

import math
from typing import Any

from ..autograd import function as _fn
from ..autograd.function import Function
from ..backend import array_module, map_python
from .unary_math import erfinv_array

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2 * math.pi)
_SQRT2 = math.sqrt(2.0)


def _f64(fn):
    """Wrap an array function so it runs in float64 and returns the input's dtype."""

    def run(x: Any, *args: Any) -> Any:
        with array_module(x).errstate(all="ignore"):  # poles and overflow give inf/nan, as in torch
            return fn(x.astype("float64"), *args).astype(x.dtype)

    run.__name__ = fn.__name__
    return run


def _on(op: Any, array_fn: Any, x: Any, *args: Any) -> Any:
    """array_fn on a raw array (plain backward) or the recorded op on a Tensor (create_graph)."""
    if isinstance(x, _fn.Tensor):
        return op.apply(x, *args)
    return array_fn(x, *args)


# ---- gamma family --------------------------------------------------------------------------------
# Lanczos approximation, g = 7, nine terms: relative error about 1e-15 for Re(x) >= 0.5.
_LANCZOS_G = 7.0
_LANCZOS = (
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
)


def _lgamma_array(x: Any) -> Any:
    """log|Gamma(x)| on a float64 array (Lanczos; the reflection formula below 0.5)."""
    xp = array_module(x)
    reflect = x < 0.5
    z = xp.where(reflect, 1.0 - x, x) - 1.0  # Lanczos evaluates Gamma(z + 1) for z >= -0.5
    series = xp.full_like(z, _LANCZOS[0])
    for i in range(1, len(_LANCZOS)):
        series += _LANCZOS[i] / (z + i)
    t = z + _LANCZOS_G + 0.5
    with xp.errstate(invalid="ignore"):
        out = _HALF_LOG_2PI + (z + 0.5) * xp.log(t) - t + xp.log(series)
    with xp.errstate(divide="ignore", invalid="ignore"):
        # Gamma(x) Gamma(1 - x) = pi / sin(pi x); at the poles (x = 0, -1, ...) this gives +inf, as torch does.
        # |sin(pi x)| = sin(pi frac(x)): the exact fraction makes sin exactly 0 at the poles.
        reflected = math.log(math.pi) - xp.log(xp.sin(math.pi * (x - xp.floor(x)))) - out
    out = xp.where(reflect, reflected, out)
    out = xp.where((x == 1) | (x == 2), 0.0, out)  # exact zeros, where the sum would leave a rounding residue
    return xp.where(xp.isinf(x), xp.inf, out)  # lgamma(-inf) = +inf in torch


def _digamma_array(x: Any) -> Any:
    """d/dx lgamma(x) on a float64 array: recurrence up to x >= 6, then the asymptotic series."""
    xp = array_module(x)
    reflect = x < 0.5
    y = xp.where(reflect, 1.0 - x, x)
    acc = xp.zeros_like(y)
    for _ in range(6):  # psi(y) = psi(y + 1) - 1/y moves y into the range where the series is accurate
        small = y < 6
        acc -= xp.where(small, 1.0 / y, 0.0)
        y = xp.where(small, y + 1.0, y)
    inv2 = 1.0 / (y * y)
    series = xp.log(y) - 0.5 / y - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (
        1 / 240 - inv2 * (1 / 132)))))
    psi = acc + series
    with xp.errstate(divide="ignore", invalid="ignore"):
        # psi(1 - x) - psi(x) = pi / tan(pi x)
        reflected = psi - math.pi / xp.tan(math.pi * x)
    out = xp.where(reflect, reflected, psi)
    # torch's conventions at the poles: -inf at 0, nan at the negative integers and at -inf.
    out = xp.where(x == 0, -xp.inf, out)
    return xp.where(((x < 0) & (x == xp.floor(x))) | (x == -xp.inf), xp.nan, out)


# Cephes' Euler-Maclaurin coefficients (2k)! / B_2k for the Hurwitz zeta function.
_ZETA_A = (
    12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
    -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15,
    1.8152105401943546773e17, -7.1661652561756670113e18,
)


def _zeta_array(x: Any, q: Any) -> Any:
    """Hurwitz zeta sum_k (k + q)^-x on float64 arrays (Cephes' algorithm, as torch uses)."""
    xp = array_module(x, q)
    x, q = xp.broadcast_arrays(x, q)
    # Sum enough leading terms that the Euler-Maclaurin tail starts at a >= 9.
    qmin = float(xp.nanmin(xp.where(xp.isfinite(q), q, 0.0))) if q.size else 0.0
    steps = max(9, int(math.ceil(9 - qmin)) + 1)
    s = xp.zeros_like(q)
    for k in range(steps):
        s = s + xp.power(q + k, -x)
    a = q + steps
    b = xp.power(a, -x)
    s = s + b + b * a / (x - 1) - 0.5 * b
    fac, k = xp.ones_like(x), 0.0
    for coef in _ZETA_A:
        fac = fac * (x + k)
        b = b / a
        s = s + fac * b / coef
        k += 1
        fac = fac * (x + k)
        b = b / a
        k += 1
    s = xp.where(x == 1, xp.inf, s)
    s = xp.where(x < 1, xp.nan, s)
    s = xp.where((q <= 0) & (q == xp.floor(q)), xp.inf, s)
    return xp.where((q <= 0) & (q != xp.floor(q)) & (x != xp.floor(x)), xp.nan, s)


def _polygamma_array(x: Any, n: int) -> Any:
    """The n-th derivative of digamma: (-1)^(n+1) n! zeta(n + 1, x); trigamma reflects below 0.5."""
    xp = array_module(x)
    if n == 0:
        return _digamma_array(x)
    if n == 1:
        # psi1(x) + psi1(1 - x) = pi^2 / sin^2(pi x): keeps trigamma finite between the negative poles.
        reflect = x < 0.5
        y = xp.where(reflect, 1.0 - x, x)
        z = _zeta_array(xp.asarray(2.0), y)
        return xp.where(reflect, -z + (math.pi / xp.sin(math.pi * x)) ** 2, z)
    return (-1.0) ** (n + 1) * math.factorial(n) * _zeta_array(xp.asarray(n + 1.0), x)


class Polygamma(Function):
    """polygamma(n, x); its derivative is polygamma(n + 1, x)."""

    @staticmethod
    def forward(ctx, x, n):
        ctx.save_for_backward(x)
        ctx.n = n
        return _f64(_polygamma_array)(x, n)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * _on(Polygamma, _f64(_polygamma_array), x, ctx.n + 1), None


class Digamma(Function):
    """digamma(x) = d/dx lgamma(x); its derivative is trigamma = polygamma(1, x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _f64(_digamma_array)(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * _on(Polygamma, _f64(_polygamma_array), x, 1)


class LGamma(Function):
    """log|Gamma(x)|; its derivative is digamma(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _f64(_lgamma_array)(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * _on(Digamma, _f64(_digamma_array), x)


class Zeta(Function):
    """Hurwitz zeta(x, q); differentiable in q (d/dq = -x zeta(x + 1, q)), not in x, as in torch."""

    @staticmethod
    def forward(ctx, x, q):
        ctx.save_for_backward(x, q)
        dtype = (x + q).dtype
        with array_module(x, q).errstate(all="ignore"):
            return _zeta_array(x.astype("float64"), q.astype("float64")).astype(dtype)

    @staticmethod
    def backward(ctx, g):
        if ctx.needs_input_grad[0]:
            raise RuntimeError("zeta: the derivative with respect to x (the exponent) is not implemented, as in torch")
        x, q = ctx.saved_tensors
        if isinstance(q, _fn.Tensor):
            return None, -g * x * Zeta.apply(x + 1, q)
        with array_module(x, q).errstate(all="ignore"):
            return None, -g * x * _zeta_array(x + 1.0, q).astype(q.dtype)


# ---- error function family -----------------------------------------------------------------------
def _erfc_array(x: Any) -> Any:
    # NumPy has no erfc; the math module's is exact to double precision (one Python call per element).
    return map_python(math.erfc, x, "float64")


def _erfcx_array(x: Any) -> Any:
    """exp(x^2) erfc(x): directly below 25, the asymptotic series above (where erfc underflows)."""
    xp = array_module(x)
    small = x < 25
    xs = xp.where(small, x, 0.0)
    direct = xp.exp(xs * xs) * _erfc_array(xs)
    xl = xp.where(small, 25.0, x)
    inv = 1.0 / (2.0 * xl * xl)
    term, total = xp.ones_like(xl), xp.ones_like(xl)
    for k in range(1, 12):  # 1 - 1/(2x^2) + 1*3/(2x^2)^2 - ...
        term = -term * (2 * k - 1) * inv
        total = total + term
    asym = total / (xl * math.sqrt(math.pi))
    return xp.where(small, direct, xp.where(x == xp.inf, 0.0, asym))


def _ndtr_array(x: Any) -> Any:
    return 0.5 * _erfc_array(-x / _SQRT2)


def _log_ndtr_array(x: Any) -> Any:
    """log Phi(x): log1p(-Phi(-x)) on the right, log(erfcx(-x/sqrt2) / 2) - x^2/2 on the far left."""
    xp = array_module(x)
    left = x < -1
    xl = xp.where(left, x, -1.0)
    far = xp.log(_erfcx_array(-xl / _SQRT2) / 2.0) - 0.5 * xl * xl
    xr = xp.where(left, 0.0, x)
    near = xp.log1p(-_ndtr_array(-xr))
    return xp.where(left, far, near)


def _ndtri_array(p: Any) -> Any:
    """Inverse of Phi: a tail or central first guess, then Newton steps on log Phi (exact tails)."""
    xp = array_module(p)
    lower = xp.minimum(p, 1.0 - p)  # solve on the lower half, mirror the upper one
    inside = (lower > 0) & (lower <= 0.5)
    q = xp.where(inside, lower, 0.25)
    t = -2.0 * xp.log(q)
    x = xp.where(q < 0.02, -xp.sqrt(t - xp.log(t) - math.log(2 * math.pi)), -_SQRT2 * erfinv_array(1.0 - 2.0 * q))
    for _ in range(4):  # Newton on f(x) = log Phi(x) - log q: quadratic, and well scaled in the tail
        step = (_log_ndtr_array(x) - xp.log(q)) * xp.exp(_log_ndtr_array(x) + 0.5 * x * x - math.log(_INV_SQRT_2PI))
        x = x - step
    x = xp.where(q == 0.5, 0.0, x)
    x = xp.where(p > 0.5, -x, x)
    edge = xp.where(p == 0, -xp.inf, xp.where(p == 1, xp.inf, xp.nan))
    return xp.where(inside, x, edge)


class Erfc(Function):
    """1 - erf(x) without the cancellation (which loses every digit for x > 6); d/dx = -2/sqrt(pi) exp(-x^2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _f64(_erfc_array)(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return -g * ctx.ns.exp(-(x * x)) * _TWO_OVER_SQRT_PI


class Erfcx(Function):
    """exp(x^2) erfc(x); d/dx = 2 x erfcx(x) - 2/sqrt(pi)."""

    @staticmethod
    def forward(ctx, x):
        out = _f64(_erfcx_array)(x)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        return g * (2 * x * out - _TWO_OVER_SQRT_PI)


class Ndtr(Function):
    """The standard normal CDF; d/dx = exp(-x^2/2) / sqrt(2 pi)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _f64(_ndtr_array)(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * ctx.ns.exp(-0.5 * x * x) * _INV_SQRT_2PI


class LogNdtr(Function):
    """log Phi(x), accurate in both tails; d/dx = pdf(x) / Phi(x) = exp(-x^2/2 - log Phi(x)) / sqrt(2 pi)."""

    @staticmethod
    def forward(ctx, x):
        out = _f64(_log_ndtr_array)(x)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        return g * ctx.ns.exp(-0.5 * x * x - out) * _INV_SQRT_2PI


class Ndtri(Function):
    """The inverse of the normal CDF; d/dp = sqrt(2 pi) exp(ndtri(p)^2 / 2)."""

    @staticmethod
    def forward(ctx, p):
        out = _f64(_ndtri_array)(p)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * ctx.ns.exp(0.5 * out * out) / _INV_SQRT_2PI


# ---- modified Bessel functions of the first kind -------------------------------------------------
_BESSEL_SWITCH = 30.0  # power series below, asymptotic expansion above: both at full float64 precision


def _bessel_scaled(x: Any, nu: int) -> Any:
    """exp(-|x|) I_nu(|x|) for nu in {0, 1} on float64 arrays."""
    xp = array_module(x)
    ax = xp.abs(x)
    small = ax <= _BESSEL_SWITCH
    xs = xp.where(small, ax, 0.0)
    half2 = (xs / 2) ** 2
    term = xp.ones_like(xs) if nu == 0 else xs / 2
    total = term
    for k in range(1, 90):  # sum (x/2)^(2k+nu) / (k! (k+nu)!)
        term = term * half2 / (k * (k + nu))
        total = total + term
    series = total * xp.exp(-xs)
    xl = xp.where(small, _BESSEL_SWITCH, ax)
    mu = 4.0 * nu * nu
    term, total = xp.ones_like(xl), xp.ones_like(xl)
    for k in range(1, 40):  # I_nu(x) e^-x sqrt(2 pi x) ~ sum_k (-1)^k prod_j (mu - (2j-1)^2) / (k! (8x)^k)
        term = -term * (mu - (2 * k - 1) ** 2) / (k * 8.0 * xl)
        total = total + term
    asym = total / xp.sqrt(2 * math.pi * xl)
    asym = xp.where(ax == xp.inf, 0.0, asym)
    return xp.where(small, series, asym)


def _i0e_array(x: Any) -> Any:
    return _bessel_scaled(x, 0)


def _i1e_array(x: Any) -> Any:
    return array_module(x).sign(x) * _bessel_scaled(x, 1)  # I1 is odd


def _i0_array(x: Any) -> Any:
    xp = array_module(x)
    return _bessel_scaled(x, 0) * xp.exp(xp.abs(x))


def _i1_array(x: Any) -> Any:
    xp = array_module(x)
    return _i1e_array(x) * xp.exp(xp.abs(x))


class I0(Function):
    """Modified Bessel I0; d/dx = I1(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _f64(_i0_array)(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * _on(I1, _f64(_i1_array), x)


class I1(Function):
    """Modified Bessel I1; d/dx = I0(x) - I1(x)/x (1/2 at 0)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _f64(_i1_array)(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        zero = x == 0
        safe = ctx.ns.where(zero, 1.0, x)
        return g * ctx.ns.where(zero, 0.5, _on(I0, _f64(_i0_array), x) - _on(I1, _f64(_i1_array), x) / safe)


class I0e(Function):
    """exp(-|x|) I0(x); d/dx = i1e(x) - sign(x) i0e(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _f64(_i0e_array)(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * (_on(I1e, _f64(_i1e_array), x) - ctx.ns.sign(x) * _on(I0e, _f64(_i0e_array), x))


class I1e(Function):
    """exp(-|x|) I1(x); d/dx = i0e(x) - i1e(x) (sign(x) + 1/x) (1/2 at 0)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _f64(_i1e_array)(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        zero = x == 0
        safe = ctx.ns.where(zero, 1.0, x)
        i1e = _on(I1e, _f64(_i1e_array), x)
        d = _on(I0e, _f64(_i0e_array), x) - i1e * (ctx.ns.sign(x) + 1.0 / safe)
        return g * ctx.ns.where(zero, 0.5, d)


# ---- incomplete gamma ---------------------------------------------------------------------------
def _gammainc_array(a: Any, x: Any, lower: bool) -> Any:
    """P(a, x) by its power series for x < a + 1, Q(a, x) by Lentz's continued fraction above."""
    xp = array_module(a, x)
    dtype = a.dtype
    a, x = xp.broadcast_arrays(a.astype("float64"), x.astype("float64"))
    with xp.errstate(all="ignore"):
        log_pre = a * xp.log(x) - x - _lgamma_array(a)
        series = xp.where(x < a + 1, x, 0.0)
        term = 1.0 / a
        total = term
        for n in range(1, 300):
            term = term * series / (a + n)
            total = total + term
        p_series = total * xp.exp(log_pre)
        xc = xp.where(x < a + 1, a + 2.0, x)  # keep the fraction's argument in its good range
        tiny = 1e-300
        b = xc + 1.0 - a
        c = xp.full_like(b, 1.0 / tiny)
        d = 1.0 / b
        h = d
        for i in range(1, 300):
            an = -i * (i - a)
            b = b + 2.0
            d = an * d + b
            d = xp.where(xp.abs(d) < tiny, tiny, d)
            c = b + an / c
            c = xp.where(xp.abs(c) < tiny, tiny, c)
            d = 1.0 / d
            h = h * d * c
        q_frac = xp.exp(a * xp.log(xc) - xc - _lgamma_array(a)) * h
        p = xp.where(x < a + 1, p_series, 1.0 - q_frac)
        q = xp.where(x < a + 1, 1.0 - p_series, q_frac)
        out = p if lower else q
        out = xp.where(x == 0, 0.0 if lower else 1.0, out)
        out = xp.where(x == xp.inf, 1.0 if lower else 0.0, out)
        out = xp.where((a < 0) | (x < 0) | xp.isnan(a) | xp.isnan(x), xp.nan, out)
        return out.astype(dtype)


class Gammainc(Function):
    """P(a, x) (lower=True) or Q(a, x); d/dx P = x^(a-1) e^-x / Gamma(a) (Q: minus that). No derivative in a."""

    @staticmethod
    def forward(ctx, a, x, lower):
        ctx.save_for_backward(a, x)
        ctx.lower = lower
        return _gammainc_array(a, x, lower)

    @staticmethod
    def backward(ctx, g):
        if ctx.needs_input_grad[0]:
            raise RuntimeError("igamma: the derivative with respect to the first argument (a) is not implemented, "
                               "as in torch")
        a, x = ctx.saved_tensors
        lg = _on(LGamma, _f64(_lgamma_array), a)
        density = ctx.ns.exp((a - 1) * ctx.ns.log(x) - x - lg)
        return None, (g * density if ctx.lower else -g * density), None


# ---- products with logs, and other elementary special functions ----------------------------------
class Xlogy(Function):
    """x * log(y), 0 where x == 0 (unless y is nan); the x-gradient is 0 there too, as in torch."""

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        xp = array_module(x, y)
        with xp.errstate(divide="ignore", invalid="ignore"):
            return xp.where((x == 0) & ~xp.isnan(y), 0.0, x * xp.log(y)).astype((x * y).dtype)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        gx = gy = None
        if ctx.needs_input_grad[0]:
            gx = g * ctx.ns.where((x == 0) & (y == y), 0.0, ctx.ns.log(y))
        if ctx.needs_input_grad[1]:
            gy = g * x / y
        return gx, gy


class Xlog1py(Function):
    """x * log1p(y), 0 where x == 0 (unless y is nan)."""

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        xp = array_module(x, y)
        with xp.errstate(divide="ignore", invalid="ignore"):
            return xp.where((x == 0) & ~xp.isnan(y), 0.0, x * xp.log1p(y)).astype((x * y).dtype)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        gx = gy = None
        if ctx.needs_input_grad[0]:
            gx = g * ctx.ns.where((x == 0) & (y == y), 0.0, ctx.ns.log(y + 1))
        if ctx.needs_input_grad[1]:
            gy = g * x / (y + 1)
        return gx, gy


class Entr(Function):
    """-x log x for x > 0, 0 at 0, -inf below; d/dx = -(1 + log x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        xp = array_module(x)
        with xp.errstate(divide="ignore", invalid="ignore"):
            out = xp.where(x > 0, -x * xp.log(xp.where(x > 0, x, 1.0)), xp.where(x == 0, 0.0, -xp.inf))
        return xp.where(xp.isnan(x), x, out).astype(x.dtype)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return -g * (ctx.ns.log(x) + 1)


class Sinc(Function):
    """sin(pi x) / (pi x), 1 at 0; d/dx = (pi x cos(pi x) - sin(pi x)) / (pi x^2), 0 at 0."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        xp = array_module(x)
        px = math.pi * xp.where(x == 0, 1.0, x)
        return xp.where(x == 0, 1.0, xp.sin(px) / px).astype(x.dtype)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        zero = x == 0
        safe = ctx.ns.where(zero, 1.0, x)
        px = safe * math.pi
        d = (px * ctx.ns.cos(px) - ctx.ns.sin(px)) / (px * safe)
        return g * ctx.ns.where(zero, 0.0, d)


class Logit(Function):
    """log(x / (1 - x)), x first clamped to [eps, 1 - eps] when eps is given; the clamp stops the gradient."""

    @staticmethod
    def forward(ctx, x, eps):
        xp = array_module(x)
        ctx.save_for_backward(x)
        ctx.eps = eps
        xc = x if eps is None else xp.clip(x, eps, 1.0 - eps)
        with xp.errstate(divide="ignore", invalid="ignore"):
            return xp.log(xc / (1 - xc)).astype(x.dtype)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        d = g / (x * (1 - x))
        if ctx.eps is None:
            return d, None
        return ctx.ns.where((x < ctx.eps) | (x > 1 - ctx.eps), 0.0, d), None
