"""glassnet.special: PyTorch's torch.special functions (gamma family, Bessel, normal CDF, entropy ...).

The ops live in ``glassnet.ops.special``; functions that are plain aliases (erf, log1p, softmax ...)
look their target up when called, so they follow whichever implementation the Tensor has.
"""

from __future__ import annotations

import math
from typing import Any

from . import more_functions as _more
from .ops import special as _sp
from .tensor import Tensor

_floating = _more._floating

__all__ = [
    "expit", "logit", "xlogy", "xlog1py", "gammaln", "digamma", "psi", "polygamma", "multigammaln", "i0", "i0e",
    "i1", "i1e", "erf", "erfc", "erfinv", "erfcx", "log_ndtr", "ndtr", "ndtri", "log1p", "expm1", "exp2", "sinc",
    "round", "entr", "logsumexp", "softmax", "log_softmax", "zeta", "gammainc", "gammaincc", "modified_bessel_i0",
    "modified_bessel_i1", "spherical_bessel_j0", "chebyshev_polynomial_t", "chebyshev_polynomial_u",
    "chebyshev_polynomial_v", "chebyshev_polynomial_w", "shifted_chebyshev_polynomial_t",
    "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v", "shifted_chebyshev_polynomial_w",
    "hermite_polynomial_h", "hermite_polynomial_he", "laguerre_polynomial_l", "legendre_polynomial_p",
]


def expit(input: Tensor) -> Tensor:  # noqa: A002 - PyTorch argument name
    """The logistic sigmoid."""
    return _floating(input).sigmoid()


logit = _more.logit
xlogy = _more.xlogy
sinc = _more.sinc
digamma = psi = _more.digamma
gammaln = _more.lgamma
polygamma = _more.polygamma
multigammaln = _more.mvlgamma
i0 = _more.i0


def xlog1py(input: Any, other: Any) -> Tensor:  # noqa: A002
    """input * log1p(other), 0 where input is 0."""
    return _sp.Xlog1py.apply(*_more._binary_float(input, other))


def i0e(input: Tensor) -> Tensor:  # noqa: A002
    """exp(-|x|) I0(x), the exponentially scaled Bessel I0."""
    return _sp.I0e.apply(_floating(input))


def i1(input: Tensor) -> Tensor:  # noqa: A002
    """Modified Bessel function of the first kind, order 1."""
    return _sp.I1.apply(_floating(input))


def i1e(input: Tensor) -> Tensor:  # noqa: A002
    """exp(-|x|) I1(x), the exponentially scaled Bessel I1."""
    return _sp.I1e.apply(_floating(input))


def erfcx(input: Tensor) -> Tensor:  # noqa: A002
    """exp(x^2) erfc(x), the scaled complementary error function."""
    return _sp.Erfcx.apply(_floating(input))


def ndtr(input: Tensor) -> Tensor:  # noqa: A002
    """The standard normal CDF."""
    return _sp.Ndtr.apply(_floating(input))


def log_ndtr(input: Tensor) -> Tensor:  # noqa: A002
    """log of the standard normal CDF, accurate far into both tails."""
    return _sp.LogNdtr.apply(_floating(input))


def ndtri(input: Tensor) -> Tensor:  # noqa: A002
    """The inverse of the standard normal CDF."""
    return _sp.Ndtri.apply(_floating(input))


def entr(input: Tensor) -> Tensor:  # noqa: A002
    """-x log x element-wise (0 at 0, -inf below 0)."""
    return _sp.Entr.apply(_floating(input))


def zeta(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Hurwitz zeta sum_k (k + other)^-input."""
    return _sp.Zeta.apply(*_more._binary_float(input, other))


def erfc(input: Tensor) -> Tensor:  # noqa: A002
    """1 - erf(x), computed without cancellation (Tensor.erfc)."""
    return _floating(input).erfc()


def erf(input: Tensor) -> Tensor:  # noqa: A002
    """The error function (Tensor.erf)."""
    return _floating(input).erf()


def erfinv(input: Tensor) -> Tensor:  # noqa: A002
    """The inverse error function (Tensor.erfinv)."""
    return _floating(input).erfinv()


def log1p(input: Tensor) -> Tensor:  # noqa: A002
    """log(1 + x)."""
    return _floating(input).log1p()


def expm1(input: Tensor) -> Tensor:  # noqa: A002
    """exp(x) - 1 (Tensor.expm1)."""
    return _floating(input).expm1()


def exp2(input: Tensor) -> Tensor:  # noqa: A002
    """2 ** x."""
    return 2.0 ** _floating(input)


def round(input: Tensor, *, decimals: int = 0) -> Tensor:  # noqa: A001,A002
    """Round half to even (to ``decimals`` places)."""
    if decimals == 0:
        return input.round()
    scale = 10.0 ** decimals
    return (input * scale).round() / scale


def logsumexp(input: Tensor, dim: Any, keepdim: bool = False) -> Tensor:  # noqa: A002
    """log(sum(exp(x))) over dim, computed stably."""
    return input.logsumexp(dim, keepdim)


def softmax(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """softmax over dim (cast to dtype first when given)."""
    return (input if dtype is None else input.astype(dtype)).softmax(dim)


def log_softmax(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """log_softmax over dim (cast to dtype first when given)."""
    return (input if dtype is None else input.astype(dtype)).log_softmax(dim)


def gammainc(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Regularised lower incomplete gamma P(a, x); differentiable in x only, as in torch."""
    return _sp.Gammainc.apply(*_more._binary_float(input, other), True)


def gammaincc(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Regularised upper incomplete gamma Q(a, x); differentiable in x only, as in torch."""
    return _sp.Gammainc.apply(*_more._binary_float(input, other), False)


def modified_bessel_i0(input: Tensor) -> Tensor:  # noqa: A002
    """Modified Bessel function I0 (same as i0)."""
    return i0(input)


def modified_bessel_i1(input: Tensor) -> Tensor:  # noqa: A002
    """Modified Bessel function I1 (same as i1)."""
    return i1(input)


def spherical_bessel_j0(input: Tensor) -> Tensor:  # noqa: A002
    """sin(x) / x, 1 at 0."""
    return _more.sinc(_floating(input) / math.pi)


# ---- orthogonal polynomials: P_n(x) by their three-term recurrences ------------------------------
# Each entry gives P_1 from x, and P_{k+1} from (x, P_k, P_{k-1}, k). As in torch they are not
# differentiable, n is truncated to an integer, and a negative n gives 0.
_RECURRENCES = {
    "chebyshev_t": (lambda x: x, lambda x, p, q, k: 2 * x * p - q),
    "chebyshev_u": (lambda x: 2 * x, lambda x, p, q, k: 2 * x * p - q),
    "chebyshev_v": (lambda x: 2 * x - 1, lambda x, p, q, k: 2 * x * p - q),
    "chebyshev_w": (lambda x: 2 * x + 1, lambda x, p, q, k: 2 * x * p - q),
    "hermite_h": (lambda x: 2 * x, lambda x, p, q, k: 2 * x * p - 2 * k * q),
    "hermite_he": (lambda x: x, lambda x, p, q, k: x * p - k * q),
    "laguerre_l": (lambda x: 1 - x, lambda x, p, q, k: ((2 * k + 1 - x) * p - k * q) / (k + 1)),
    "legendre_p": (lambda x: x, lambda x, p, q, k: ((2 * k + 1) * x * p - k * q) / (k + 1)),
}


def _polynomial(kind: str, input: Any, n: Any, shifted: bool = False) -> Tensor:  # noqa: A002
    x = _floating(input)
    xp = x.xp
    xa = x._data.astype("float64")
    if shifted:
        xa = 2 * xa - 1
    na = xp.trunc(xp.asarray(n._data if isinstance(n, Tensor) else n, dtype="float64"))
    xa, na = xp.broadcast_arrays(xa, na)
    first, step = _RECURRENCES[kind]
    prev, cur = xp.ones_like(xa), first(xa)
    out = xp.where(na == 0, prev, xp.where(na == 1, cur, 0.0))
    top = int(na.max()) if na.size else 0
    with xp.errstate(all="ignore"):
        for k in range(1, top):
            prev, cur = cur, step(xa, cur, prev, k)
            out = xp.where(na == k + 1, cur, out)
    return Tensor._wrap(out.astype(x._data.dtype))


def chebyshev_polynomial_t(input: Any, n: Any) -> Tensor:  # noqa: A002
    """Chebyshev polynomial of the first kind T_n(x)."""
    return _polynomial("chebyshev_t", input, n)


def chebyshev_polynomial_u(input: Any, n: Any) -> Tensor:  # noqa: A002
    """Chebyshev polynomial of the second kind U_n(x)."""
    return _polynomial("chebyshev_u", input, n)


def chebyshev_polynomial_v(input: Any, n: Any) -> Tensor:  # noqa: A002
    """Chebyshev polynomial of the third kind V_n(x)."""
    return _polynomial("chebyshev_v", input, n)


def chebyshev_polynomial_w(input: Any, n: Any) -> Tensor:  # noqa: A002
    """Chebyshev polynomial of the fourth kind W_n(x)."""
    return _polynomial("chebyshev_w", input, n)


def shifted_chebyshev_polynomial_t(input: Any, n: Any) -> Tensor:  # noqa: A002
    """T_n(2x - 1)."""
    return _polynomial("chebyshev_t", input, n, shifted=True)


def shifted_chebyshev_polynomial_u(input: Any, n: Any) -> Tensor:  # noqa: A002
    """U_n(2x - 1)."""
    return _polynomial("chebyshev_u", input, n, shifted=True)


def shifted_chebyshev_polynomial_v(input: Any, n: Any) -> Tensor:  # noqa: A002
    """V_n(2x - 1)."""
    return _polynomial("chebyshev_v", input, n, shifted=True)


def shifted_chebyshev_polynomial_w(input: Any, n: Any) -> Tensor:  # noqa: A002
    """W_n(2x - 1)."""
    return _polynomial("chebyshev_w", input, n, shifted=True)


def hermite_polynomial_h(input: Any, n: Any) -> Tensor:  # noqa: A002
    """Physicists' Hermite polynomial H_n(x)."""
    return _polynomial("hermite_h", input, n)


def hermite_polynomial_he(input: Any, n: Any) -> Tensor:  # noqa: A002
    """Probabilists' Hermite polynomial He_n(x)."""
    return _polynomial("hermite_he", input, n)


def laguerre_polynomial_l(input: Any, n: Any) -> Tensor:  # noqa: A002
    """Laguerre polynomial L_n(x)."""
    return _polynomial("laguerre_l", input, n)


def legendre_polynomial_p(input: Any, n: Any) -> Tensor:  # noqa: A002
    """Legendre polynomial P_n(x)."""
    return _polynomial("legendre_p", input, n)
