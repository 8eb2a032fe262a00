"""glassnet.special: PyTorch's torch.special functions (gamma family, Bessel, normal CDF, entropy ...).

The ops live in ``glassnet.ops.special``; functions that are plain aliases (erf, log1p, softmax ...)
look their target up when called, so they follow whichever implementation the Tensor has.
"""

from __future__ import annotations

from typing import Any

from . import more_functions as _more
from .ops import special as _sp
from .tensor import Tensor

_floating = _more._floating

__all__ = [
    "expit", "logit", "xlogy", "xlog1py", "gammaln", "digamma", "psi", "polygamma", "multigammaln", "i0", "i0e",
    "i1", "i1e", "erf", "erfc", "erfinv", "erfcx", "log_ndtr", "ndtr", "ndtri", "log1p", "expm1", "exp2", "sinc",
    "round", "entr", "logsumexp", "softmax", "log_softmax", "zeta", "gammainc", "gammaincc",
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
