"""KL divergence KL(p || q) between distributions, dispatched on the pair of types."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

from .. import creation, functions, linalg
from ..tensor import Tensor
from .bernoulli import Bernoulli
from .categorical import Categorical
from .distribution import Distribution
from .independent import Independent
from .multivariate_normal import MultivariateNormal, _batch_mahalanobis
from .normal import Normal
from .uniform import Uniform
from .utils import _sum_rightmost, diagonal, softplus

__all__ = ["kl_divergence", "register_kl"]

_KL_REGISTRY: dict = {}  # (type_p, type_q) -> function(p, q)
_KL_MEMOIZE: dict = {}  # (type(p), type(q)) -> the function the lookup chose


def register_kl(type_p: type, type_q: type) -> Callable:
    """Decorator to register a pairwise function with :func:`kl_divergence`.

    Lookup returns the most specific (type, type) match ordered by subclass. If the match is ambiguous, a
    ``RuntimeWarning`` is raised; to resolve the ambiguity, register the more specific pair.

    Args:
        type_p (type): a subclass of :class:`~glassnet.distributions.Distribution`.
        type_q (type): a subclass of :class:`~glassnet.distributions.Distribution`.

    Returns:
        A decorator that registers the function and returns it unchanged.

    Example:
        >>> class Spike(glassnet.distributions.Normal):
        ...     pass
        >>> @glassnet.distributions.register_kl(Spike, Spike)
        ... def kl_spike_spike(p, q):
        ...     return glassnet.zeros(p.batch_shape)
        >>> glassnet.distributions.kl_divergence(Spike(0.0, 1.0), Spike(3.0, 1.0))
        tensor(0.)
    """
    if not (isinstance(type_p, type) and issubclass(type_p, Distribution)):
        raise TypeError(f"Expected type_p to be a Distribution subclass but got {type_p}")
    if not (isinstance(type_q, type) and issubclass(type_q, Distribution)):
        raise TypeError(f"Expected type_q to be a Distribution subclass but got {type_q}")

    def decorator(fun: Callable) -> Callable:
        _KL_REGISTRY[type_p, type_q] = fun
        _KL_MEMOIZE.clear()  # a new rule may be more specific than a remembered choice
        return fun

    return decorator


def _dispatch_kl(type_p: type, type_q: type) -> Any:
    """The registered function for the most specific pair of base classes (closest in each MRO)."""
    matches = [(sp, sq) for sp, sq in _KL_REGISTRY if issubclass(type_p, sp) and issubclass(type_q, sq)]
    if not matches:
        return NotImplemented
    mro_p, mro_q = type_p.__mro__, type_q.__mro__
    left = min(matches, key=lambda m: (mro_p.index(m[0]), mro_q.index(m[1])))
    right = min(matches, key=lambda m: (mro_q.index(m[1]), mro_p.index(m[0])))
    if _KL_REGISTRY[left] is not _KL_REGISTRY[right]:
        warnings.warn(
            f"Ambiguous kl_divergence({type_p.__name__}, {type_q.__name__}). "
            f"Please register_kl({left[0].__name__}, {right[1].__name__})",
            RuntimeWarning,
            stacklevel=3,
        )
    return _KL_REGISTRY[left]


def kl_divergence(p: Distribution, q: Distribution) -> Tensor:
    r"""Computes the Kullback-Leibler divergence :math:`KL(p \| q)` between two distributions.

    .. math:: KL(p \| q) = \int p(x) \log\frac {p(x)} {q(x)} \,dx

    The function is looked up by the pair of types (see :func:`register_kl`); glassnet implements the
    pairs Bernoulli/Bernoulli, Categorical/Categorical, Normal/Normal, Uniform/Uniform, Uniform/Normal,
    Normal/Uniform, MultivariateNormal/MultivariateNormal and Independent/Independent.

    Args:
        p (Distribution): a ``Distribution`` object.
        q (Distribution): a ``Distribution`` object.

    Returns:
        Tensor: a batch of KL divergences of shape ``batch_shape``.

    Raises:
        NotImplementedError: if the distribution types have not been registered via :func:`register_kl`.

    Example:
        >>> p = glassnet.distributions.Normal(0.0, 1.0)
        >>> q = glassnet.distributions.Normal(1.0, 2.0)
        >>> glassnet.distributions.kl_divergence(p, q)
        tensor(0.4431)
        >>> glassnet.distributions.kl_divergence(p, p)
        tensor(0.)
    """
    key = (type(p), type(q))
    try:
        fun = _KL_MEMOIZE[key]
    except KeyError:
        fun = _dispatch_kl(*key)
        _KL_MEMOIZE[key] = fun
    if fun is NotImplemented:
        raise NotImplementedError(
            f"No KL(p || q) is implemented for p type {p.__class__.__name__} and q type {q.__class__.__name__}"
        )
    return fun(p, q)


def _infinite_like(t: Tensor) -> Tensor:
    return creation.full(tuple(t.shape), float("inf"), dtype=t.dtype)


@register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(p: Bernoulli, q: Bernoulli) -> Tensor:
    inf = float("inf")
    t1 = p.probs * (softplus(-q.logits) - softplus(-p.logits))
    t1 = functions.where(q.probs == 0, inf, t1)  # p puts mass where q has none
    t1 = functions.where(p.probs == 0, 0.0, t1)  # 0 log 0 = 0
    t2 = (1 - p.probs) * (softplus(q.logits) - softplus(p.logits))
    t2 = functions.where(q.probs == 1, inf, t2)
    t2 = functions.where(p.probs == 1, 0.0, t2)
    return t1 + t2


@register_kl(Categorical, Categorical)
def _kl_categorical_categorical(p: Categorical, q: Categorical) -> Tensor:
    t = p.probs * (p.logits - q.logits)
    t = functions.where((q.probs == 0).expand_as(t), float("inf"), t)
    t = functions.where((p.probs == 0).expand_as(t), 0.0, t)
    return t.sum(-1)


@register_kl(Normal, Normal)
def _kl_normal_normal(p: Normal, q: Normal) -> Tensor:
    var_ratio = (p.scale / q.scale).pow(2)
    t1 = ((p.loc - q.loc) / q.scale).pow(2)
    return 0.5 * (var_ratio + t1 - 1 - var_ratio.log())


@register_kl(Uniform, Uniform)
def _kl_uniform_uniform(p: Uniform, q: Uniform) -> Tensor:
    result = ((q.high - q.low) / (p.high - p.low)).log()
    return functions.where((q.low > p.low) | (q.high < p.high), float("inf"), result)


@register_kl(Uniform, Normal)
def _kl_uniform_normal(p: Uniform, q: Normal) -> Tensor:
    common_term = p.high - p.low
    t1 = (math.sqrt(math.pi * 2) * q.scale / common_term).log()
    t2 = common_term.pow(2) / 12
    t3 = ((p.high + p.low - 2 * q.loc) / 2).pow(2)
    return t1 + 0.5 * (t2 + t3) / q.scale.pow(2)


@register_kl(Normal, Uniform)
def _kl_normal_uniform(p: Normal, q: Uniform) -> Tensor:
    # A normal has mass outside any bounded interval, where the uniform density is 0.
    return _infinite_like(p.loc)


@register_kl(MultivariateNormal, MultivariateNormal)
def _kl_mvn_mvn(p: MultivariateNormal, q: MultivariateNormal) -> Tensor:
    if p.event_shape != q.event_shape:
        raise ValueError(
            "KL-divergence between two Multivariate Normals with different event shapes cannot be computed"
        )
    lp, lq = p._unbroadcasted_scale_tril, q._unbroadcasted_scale_tril
    half_term1 = diagonal(lq).log().sum(-1) - diagonal(lp).log().sum(-1)
    # tr(Sigma_q^-1 Sigma_p) = |Lq^-1 Lp|_F^2
    term2 = linalg.solve_triangular(lq, lp, upper=False).pow(2).sum(-1).sum(-1)
    term3 = _batch_mahalanobis(lq, q.loc - p.loc)
    n = p.event_shape[0]
    return half_term1 + 0.5 * (term2 + term3 - n)


@register_kl(Independent, Independent)
def _kl_independent_independent(p: Independent, q: Independent) -> Tensor:
    if p.reinterpreted_batch_ndims != q.reinterpreted_batch_ndims:
        raise NotImplementedError
    result = kl_divergence(p.base_dist, q.base_dist)
    return _sum_rightmost(result, p.reinterpreted_batch_ndims)
