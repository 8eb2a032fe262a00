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
    r"""Computes the expit (also known as the logistic sigmoid function) of the elements of ``input``.

    .. math::
        \text{out}_{i} = \frac{1}{1 + e^{-\text{input}_{i}}}

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.expit(glassnet.tensor([-2.0, 0.0, 2.0]))
        tensor([0.1192, 0.5000, 0.8808])
    """
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
    r"""Computes ``input * log1p(other)`` with the following cases.

    .. math::
        \text{out}_{i} = \begin{cases}
            \text{NaN} & \text{if } \text{other}_{i} = \text{NaN} \\
            0 & \text{if } \text{input}_{i} = 0.0 \text{ and } \text{other}_{i} != \text{NaN} \\
            \text{input}_{i} * \text{log1p}(\text{other}_{i})& \text{otherwise}
        \end{cases}

    Args:
        input (Number or Tensor): multiplier.
        other (Number or Tensor): argument of ``log1p``.

    Example:
        >>> x = glassnet.tensor([1.0, 2.0, 0.0])
        >>> glassnet.special.xlog1py(x, glassnet.tensor([1.0, 0.5, -1.0]))
        tensor([0.6931, 0.8109, 0.0000])
    """
    return _sp.Xlog1py.apply(*_more._binary_float(input, other))


def i0e(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the exponentially scaled zeroth order modified Bessel function of the first kind.

    .. math::
        \text{out}_{i} = \exp(-|x|) * i0(x) = \exp(-|x|) * \sum_{k=0}^{\infty} \frac{(\text{input}_{i}^2/4)^k}{(k!)^2}

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.i0e(glassnet.arange(5, dtype=glassnet.float32))
        tensor([1.0000, 0.4658, 0.3085, 0.2430, 0.2070])
    """
    return _sp.I0e.apply(_floating(input))


def i1(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the first order modified Bessel function of the first kind.

    .. math::
        \text{out}_{i} = \frac{\text{input}_{i}}{2} \sum_{k=0}^{\infty} \frac{(\text{input}_{i}^2/4)^k}{k! (k+1)!}

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.i1(glassnet.arange(5, dtype=glassnet.float32))
        tensor([0.0000, 0.5652, 1.5906, 3.9534, 9.7595])
    """
    return _sp.I1.apply(_floating(input))


def i1e(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the exponentially scaled first order modified Bessel function of the first kind.

    .. math::
        \text{out}_{i} = \exp(-|x|) * i1(x)

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.i1e(glassnet.arange(5, dtype=glassnet.float32))
        tensor([0.0000, 0.2079, 0.2153, 0.1968, 0.1788])
    """
    return _sp.I1e.apply(_floating(input))


def erfcx(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the scaled complementary error function for each element of ``input``.

    .. math::
        \mathrm{erfcx}(x) = e^{x^2} \mathrm{erfc}(x)

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.erfcx(glassnet.tensor([0.0, -1.0, 10.0]))
        tensor([1.0000, 5.0090, 0.0561])
    """
    return _sp.Erfcx.apply(_floating(input))


def ndtr(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the standard normal CDF of ``input``, element-wise.

    The area under the standard Gaussian probability density function, integrated from minus infinity to
    ``input``:

    .. math::
        \text{ndtr}(x) = \frac{1}{\sqrt{2 \pi}}\int_{-\infty}^{x} e^{-\frac{1}{2}t^2} dt

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.ndtr(glassnet.tensor([-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0]))
        tensor([0.0013, 0.0228, 0.1587, 0.5000, 0.8413, 0.9772, 0.9987])
    """
    return _sp.Ndtr.apply(_floating(input))


def log_ndtr(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the log of the standard normal CDF of ``input``, element-wise, accurately far into both tails.

    The log of the area under the standard Gaussian probability density function, integrated from minus
    infinity to ``input``:

    .. math::
        \text{log\_ndtr}(x) = \log\left(\frac{1}{\sqrt{2 \pi}}\int_{-\infty}^{x} e^{-\frac{1}{2}t^2} dt \right)

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.log_ndtr(glassnet.tensor([-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0]))
        tensor([-6.6077e+00, -3.7832e+00, -1.8410e+00, -6.9315e-01, -1.7275e-01,
                -2.3013e-02, -1.3508e-03])
    """
    return _sp.LogNdtr.apply(_floating(input))


def ndtri(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the inverse of the standard normal CDF of ``input``, element-wise.

    The argument, x, for which the area under the Gaussian probability density function (integrated from
    minus infinity to x) is equal to ``input``:

    .. math::
        \text{ndtri}(p) = \sqrt{2}\text{erf}^{-1}(2p - 1)

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.ndtri(glassnet.tensor([0.0, 0.25, 0.5, 0.75, 1.0]))
        tensor([   -inf, -0.6745,  0.0000,  0.6745,     inf])
    """
    return _sp.Ndtri.apply(_floating(input))


def entr(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the entropy on ``input`` (as defined below), element-wise.

    .. math::
        \text{entr(x)} = \begin{cases} -x * \ln(x) & x > 0 \\ 0 & x = 0.0 \\ -\infty & x < 0 \end{cases}

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.entr(glassnet.tensor([-0.5, 0.0, 0.5, 1.0]))
        tensor([  -inf, 0.0000, 0.3466, -0.0000])
    """
    return _sp.Entr.apply(_floating(input))


def zeta(input: Any, other: Any) -> Tensor:  # noqa: A002
    r"""Computes the Hurwitz zeta function, elementwise.

    .. math:: \zeta(x, q) = \sum_{k=0}^{\infty} \frac{1}{(k + q)^x}

    Args:
        input (Tensor): the input tensor corresponding to ``x``.
        other (Tensor): the input tensor corresponding to ``q``.

    Example:
        >>> x = glassnet.tensor([2.0, 4.0])
        >>> glassnet.special.zeta(x, 1)
        tensor([1.6449, 1.0823])
        >>> glassnet.special.zeta(x, glassnet.tensor([1.0, 2.0]))
        tensor([1.6449, 0.0823])
    """
    return _sp.Zeta.apply(*_more._binary_float(input, other))


def erfc(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the complementary error function of ``input``, without the cancellation of ``1 - erf(x)``.

    .. math::
        \mathrm{erfc}(x) = 1 - \frac{2}{\sqrt{\pi}} \int_{0}^{x} e^{-t^2} dt

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.erfc(glassnet.tensor([0.0, -1.0, 10.0]))
        tensor([1.0000e+00, 1.8427e+00, 1.4013e-45])
    """
    return _floating(input).erfc()


def erf(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the error function of ``input``.

    .. math::
        \mathrm{erf}(x) = \frac{2}{\sqrt{\pi}} \int_{0}^{x} e^{-t^2} dt

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.erf(glassnet.tensor([0.0, -1.0, 10.0]))
        tensor([ 0.0000, -0.8427,  1.0000])
    """
    return _floating(input).erf()


def erfinv(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the inverse error function of ``input``.

    The inverse error function is defined in the range :math:`(-1, 1)` as:

    .. math::
        \mathrm{erfinv}(\mathrm{erf}(x)) = x

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.erfinv(glassnet.tensor([0.0, 0.5, -1.0]))
        tensor([0.0000, 0.4769,   -inf])
    """
    return _floating(input).erfinv()


def log1p(input: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the natural logarithm of (1 + ``input``). Alias of :func:`glassnet.log1p`.

    It is more accurate than ``log(1 + input)`` for small values of ``input``.

    .. math::
        y_i = \log_{e} (x_i + 1)

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.log1p(glassnet.tensor([0.0, 1e-8, 1.0]))
        tensor([0.0000e+00, 1.0000e-08, 6.9315e-01])
    """
    return _floating(input).log1p()


def expm1(input: Tensor) -> Tensor:  # noqa: A002
    """Computes the exponential of the elements minus 1 of ``input``. Alias of :func:`glassnet.expm1`.

    It is more accurate than ``exp(input) - 1`` for small values of ``input``.

    .. math::
        y_{i} = e^{x_{i}} - 1

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.expm1(glassnet.tensor([0.0, 1e-8, 1.0]))
        tensor([0.0000e+00, 1.0000e-08, 1.7183e+00])
    """
    return _floating(input).expm1()


def exp2(input: Tensor) -> Tensor:  # noqa: A002
    """Computes the base two exponential function of ``input``.

    .. math::
        y_{i} = 2^{x_{i}}

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.exp2(glassnet.tensor([0.0, 1.0, 3.0, -1.0]))
        tensor([1.0000, 2.0000, 8.0000, 0.5000])
    """
    return 2.0 ** _floating(input)


def round(input: Tensor, *, decimals: int = 0) -> Tensor:  # noqa: A001,A002
    """Rounds elements of ``input`` to the nearest integer, or to ``decimals`` decimal places.

    Ties go to even, as :func:`glassnet.round`.

    Args:
        input (Tensor): the input tensor.
        decimals (int, optional): number of decimal places to round to. If negative, it specifies the
            number of positions to the left of the decimal point. Default: ``0``.

    Example:
        >>> glassnet.special.round(glassnet.tensor([0.5, 1.5, 2.5, -0.7]))
        tensor([ 0.,  2.,  2., -1.])
        >>> glassnet.special.round(glassnet.tensor([1.2345, 123.0]), decimals=2)
        tensor([  1.2300, 123.0000])
    """
    if decimals == 0:
        return input.round()
    scale = 10.0 ** decimals
    return (input * scale).round() / scale


def logsumexp(input: Tensor, dim: Any, keepdim: bool = False) -> Tensor:  # noqa: A002
    r"""Returns the log of summed exponentials of each row of ``input`` in the dimension ``dim``.

    It is computed stably. Alias of :func:`glassnet.logsumexp`.

    .. math:: \text{logsumexp}(x)_{i} = \log \sum_j \exp(x_{ij})

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints): the dimension or dimensions to reduce.
        keepdim (bool, optional): whether the output tensor has ``dim`` retained or not. Default:
            ``False``.

    Example:
        >>> glassnet.special.logsumexp(glassnet.tensor([[0.0, 0.0], [1000.0, 1000.0]]), dim=1)
        tensor([6.9315e-01, 1.0007e+03])
    """
    return input.logsumexp(dim, keepdim)


def softmax(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:  # noqa: A002
    r"""Computes the softmax function over ``dim``.

    .. math:: \text{Softmax}(x_{i}) = \frac{\exp(x_i)}{\sum_j \exp(x_j)}

    Args:
        input (Tensor): input.
        dim (int): a dimension along which softmax will be computed.
        dtype (glassnet.dtype, optional): the desired data type of returned tensor. If specified, the
            input tensor is cast to ``dtype`` before the operation is performed. Default: ``None``.

    Example:
        >>> glassnet.special.softmax(glassnet.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]), dim=1)
        tensor([[0.0900, 0.2447, 0.6652],
                [0.3333, 0.3333, 0.3333]])
    """
    return (input if dtype is None else input.astype(dtype)).softmax(dim)


def log_softmax(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:  # noqa: A002
    r"""Computes softmax followed by a logarithm, over ``dim``.

    Mathematically equivalent to ``log(softmax(x))``, but more stable.

    .. math:: \text{log\_softmax}(x_{i}) = \log\left(\frac{\exp(x_i)}{\sum_j \exp(x_j)}\right)

    Args:
        input (Tensor): input.
        dim (int): a dimension along which log_softmax will be computed.
        dtype (glassnet.dtype, optional): the desired data type of returned tensor. If specified, the
            input tensor is cast to ``dtype`` before the operation is performed. Default: ``None``.

    Example:
        >>> glassnet.special.log_softmax(glassnet.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([-2.4076, -1.4076, -0.4076])
    """
    return (input if dtype is None else input.astype(dtype)).log_softmax(dim)


def gammainc(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the regularized lower incomplete gamma function:

    .. math:: \text{out}_{i} = \frac{1}{\Gamma(\text{input}_i)} \int_0^{\text{other}_i} t^{\text{input}_i-1} e^{-t} dt

    where both ``input`` and ``other`` are weakly positive and at least one is strictly positive. As in
    PyTorch, it is differentiable in ``other`` only.

    Args:
        input (Tensor): the first non-negative input tensor.
        other (Tensor): the second non-negative input tensor.

    Example:
        >>> a1 = glassnet.tensor([4.0])
        >>> a2 = glassnet.tensor([3.0, 4.0, 5.0])
        >>> glassnet.special.gammainc(a1, a2)
        tensor([0.3528, 0.5665, 0.7350])
        >>> glassnet.special.gammainc(a1, a2) + glassnet.special.gammaincc(a1, a2)
        tensor([1., 1., 1.])
    """
    return _sp.Gammainc.apply(*_more._binary_float(input, other), True)


def gammaincc(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    r"""Computes the regularized upper incomplete gamma function:

    .. math::
        \text{out}_{i} = \frac{1}{\Gamma(\text{input}_i)} \int_{\text{other}_i}^{\infty} t^{\text{input}_i-1} e^{-t} dt

    where both ``input`` and ``other`` are weakly positive and at least one is strictly positive. As in
    PyTorch, it is differentiable in ``other`` only.

    Args:
        input (Tensor): the first non-negative input tensor.
        other (Tensor): the second non-negative input tensor.

    Example:
        >>> glassnet.special.gammaincc(glassnet.tensor([4.0]), glassnet.tensor([3.0, 4.0, 5.0]))
        tensor([0.6472, 0.4335, 0.2650])
    """
    return _sp.Gammainc.apply(*_more._binary_float(input, other), False)


def modified_bessel_i0(input: Tensor) -> Tensor:  # noqa: A002
    """Modified Bessel function of the first kind of order :math:`0` (the same as :func:`glassnet.special.i0`).

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.modified_bessel_i0(glassnet.tensor([0.0, 1.0, 2.0]))
        tensor([1.0000, 1.2661, 2.2796])
    """
    return i0(input)


def modified_bessel_i1(input: Tensor) -> Tensor:  # noqa: A002
    """Modified Bessel function of the first kind of order :math:`1` (the same as :func:`glassnet.special.i1`).

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.modified_bessel_i1(glassnet.tensor([0.0, 1.0, 2.0]))
        tensor([0.0000, 0.5652, 1.5906])
    """
    return i1(input)


def spherical_bessel_j0(input: Tensor) -> Tensor:  # noqa: A002
    """Spherical Bessel function of the first kind of order :math:`0`: ``sin(x) / x``, and 1 at 0.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.special.spherical_bessel_j0(glassnet.tensor([0.0, 1.0, 3.1416]))
        tensor([ 1.0000e+00,  8.4147e-01, -2.3046e-06])
    """
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
    r"""Chebyshev polynomial of the first kind :math:`T_{n}(\text{input})`.

    It satisfies :math:`T_{0} = 1`, :math:`T_{1} = x` and :math:`T_{n + 1} = 2 x T_{n} - T_{n - 1}`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.chebyshev_polynomial_t(x, 3)
        tensor([-1., -0., -1.,  1.])
        >>> glassnet.special.chebyshev_polynomial_t(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([ 1.0000,  0.5000, -0.5000])
    """
    return _polynomial("chebyshev_t", input, n)


def chebyshev_polynomial_u(input: Any, n: Any) -> Tensor:  # noqa: A002
    r"""Chebyshev polynomial of the second kind :math:`U_{n}(\text{input})`.

    It satisfies :math:`U_{0} = 1`, :math:`U_{1} = 2x` and :math:`U_{n + 1} = 2 x U_{n} - U_{n - 1}`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.chebyshev_polynomial_u(x, 3)
        tensor([-4., -0., -1.,  4.])
        >>> glassnet.special.chebyshev_polynomial_u(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([1., 1., 0.])
    """
    return _polynomial("chebyshev_u", input, n)


def chebyshev_polynomial_v(input: Any, n: Any) -> Tensor:  # noqa: A002
    r"""Chebyshev polynomial of the third kind :math:`V_{n}(\text{input})`.

    It satisfies :math:`V_{0} = 1`, :math:`V_{1} = 2x - 1` and :math:`V_{n + 1} = 2 x V_{n} - V_{n - 1}`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.chebyshev_polynomial_v(x, 3)
        tensor([-7.,  1., -1.,  1.])
        >>> glassnet.special.chebyshev_polynomial_v(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([ 1.,  0., -1.])
    """
    return _polynomial("chebyshev_v", input, n)


def chebyshev_polynomial_w(input: Any, n: Any) -> Tensor:  # noqa: A002
    r"""Chebyshev polynomial of the fourth kind :math:`W_{n}(\text{input})`.

    It satisfies :math:`W_{0} = 1`, :math:`W_{1} = 2x + 1` and :math:`W_{n + 1} = 2 x W_{n} - W_{n - 1}`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.chebyshev_polynomial_w(x, 3)
        tensor([-1., -1., -1.,  7.])
        >>> glassnet.special.chebyshev_polynomial_w(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([1., 2., 1.])
    """
    return _polynomial("chebyshev_w", input, n)


def shifted_chebyshev_polynomial_t(input: Any, n: Any) -> Tensor:  # noqa: A002
    r"""Shifted Chebyshev polynomial :math:`T_{n}^{*}(\text{input}) = T_{n}(2 \cdot \text{input} - 1)`.

    See :func:`glassnet.special.chebyshev_polynomial_t`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.shifted_chebyshev_polynomial_t(x, 3)
        tensor([-99.,  -1.,  -0.,   1.])
        >>> glassnet.special.shifted_chebyshev_polynomial_t(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([ 1.,  0., -1.])
    """
    return _polynomial("chebyshev_t", input, n, shifted=True)


def shifted_chebyshev_polynomial_u(input: Any, n: Any) -> Tensor:  # noqa: A002
    r"""Shifted Chebyshev polynomial :math:`U_{n}^{*}(\text{input}) = U_{n}(2 \cdot \text{input} - 1)`.

    See :func:`glassnet.special.chebyshev_polynomial_u`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.shifted_chebyshev_polynomial_u(x, 3)
        tensor([-204.,   -4.,   -0.,    4.])
        >>> glassnet.special.shifted_chebyshev_polynomial_u(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([ 1.,  0., -1.])
    """
    return _polynomial("chebyshev_u", input, n, shifted=True)


def shifted_chebyshev_polynomial_v(input: Any, n: Any) -> Tensor:  # noqa: A002
    r"""Shifted Chebyshev polynomial :math:`V_{n}^{*}(\text{input}) = V_{n}(2 \cdot \text{input} - 1)`.

    See :func:`glassnet.special.chebyshev_polynomial_v`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.shifted_chebyshev_polynomial_v(x, 3)
        tensor([-239.,   -7.,    1.,    1.])
        >>> glassnet.special.shifted_chebyshev_polynomial_v(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([ 1., -1., -1.])
    """
    return _polynomial("chebyshev_v", input, n, shifted=True)


def shifted_chebyshev_polynomial_w(input: Any, n: Any) -> Tensor:  # noqa: A002
    r"""Shifted Chebyshev polynomial :math:`W_{n}^{*}(\text{input}) = W_{n}(2 \cdot \text{input} - 1)`.

    See :func:`glassnet.special.chebyshev_polynomial_w`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.shifted_chebyshev_polynomial_w(x, 3)
        tensor([-169.,   -1.,   -1.,    7.])
        >>> glassnet.special.shifted_chebyshev_polynomial_w(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([ 1.,  1., -1.])
    """
    return _polynomial("chebyshev_w", input, n, shifted=True)


def hermite_polynomial_h(input: Any, n: Any) -> Tensor:  # noqa: A002
    r"""Physicists' Hermite polynomial :math:`H_{n}(\text{input})`.

    It satisfies :math:`H_{0} = 1`, :math:`H_{1} = 2x` and :math:`H_{n + 1} = 2 x H_{n} - 2 n H_{n - 1}`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.hermite_polynomial_h(x, 3)
        tensor([ 4., -0., -5., -4.])
        >>> glassnet.special.hermite_polynomial_h(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([ 1.,  1., -1.])
    """
    return _polynomial("hermite_h", input, n)


def hermite_polynomial_he(input: Any, n: Any) -> Tensor:  # noqa: A002
    r"""Probabilists' Hermite polynomial :math:`He_{n}(\text{input})`.

    It satisfies :math:`He_{0} = 1`, :math:`He_{1} = x` and :math:`He_{n + 1} = x He_{n} - n He_{n - 1}`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.hermite_polynomial_he(x, 3)
        tensor([ 2.0000, -0.0000, -1.3750, -2.0000])
        >>> glassnet.special.hermite_polynomial_he(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([ 1.0000,  0.5000, -0.7500])
    """
    return _polynomial("hermite_he", input, n)


def laguerre_polynomial_l(input: Any, n: Any) -> Tensor:  # noqa: A002
    r"""Laguerre polynomial :math:`L_{n}(\text{input})`.

    It satisfies :math:`L_{0} = 1`, :math:`L_{1} = 1 - x` and
    :math:`(n + 1) L_{n + 1} = (2n + 1 - x) L_{n} - n L_{n - 1}`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.laguerre_polynomial_l(x, 3)
        tensor([ 5.6667,  1.0000, -0.1458, -0.6667])
        >>> glassnet.special.laguerre_polynomial_l(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([1.0000, 0.5000, 0.1250])
    """
    return _polynomial("laguerre_l", input, n)


def legendre_polynomial_p(input: Any, n: Any) -> Tensor:  # noqa: A002
    r"""Legendre polynomial :math:`P_{n}(\text{input})`.

    It satisfies :math:`P_{0} = 1`, :math:`P_{1} = x` and
    :math:`(n + 1) P_{n + 1} = (2n + 1) x P_{n} - n P_{n - 1}`.

    As in PyTorch, ``n`` is truncated to an integer, a negative ``n`` gives 0, and the result is
    not differentiable.

    Args:
        input (Tensor): the input tensor.
        n (Tensor or int): the degree of the polynomial (broadcast with ``input``).

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 0.5, 1.0])
        >>> glassnet.special.legendre_polynomial_p(x, 3)
        tensor([-1.0000, -0.0000, -0.4375,  1.0000])
        >>> glassnet.special.legendre_polynomial_p(glassnet.tensor(0.5), glassnet.tensor([0, 1, 2]))
        tensor([ 1.0000,  0.5000, -0.1250])
    """
    return _polynomial("legendre_p", input, n)
