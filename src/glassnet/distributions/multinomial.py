"""The multinomial distribution: category counts of ``total_count`` categorical draws."""

from __future__ import annotations

from typing import Any

from .. import creation, functions
from ..autograd import no_grad
from ..more_functions import lgamma
from ..tensor import Size, Tensor
from . import constraints
from .categorical import Categorical
from .distribution import Distribution
from .utils import broadcast_all, probs_to_logits, softplus


class Multinomial(Distribution):
    """Creates a Multinomial distribution parameterized by ``total_count`` and ``probs`` or ``logits``.

    Exactly one of ``probs`` and ``logits`` is given. The innermost dimension of ``probs`` indexes over
    categories; all other dimensions index over batches.

    ``sample`` needs a single shared ``total_count`` for all parameters and samples. ``log_prob`` takes
    the sum of the given counts as the number of trials; with validation on, the counts must be
    non-negative and sum to at most ``total_count``.

    ``probs`` must be non-negative, finite and have a non-zero sum (it is normalized); ``logits`` are
    unnormalized log probabilities.

    Args:
        total_count (int): number of trials. Default: ``1``.
        probs (Tensor): event probabilities.
        logits (Tensor): event log probabilities (unnormalized).
        validate_args (bool, optional): whether to validate the parameters and the values given to
            ``log_prob``. Default: ``None`` (see :class:`~glassnet.distributions.Distribution`).

    Example:
        >>> m = glassnet.distributions.Multinomial(100, glassnet.tensor([1.0, 1.0, 1.0, 1.0]))
        >>> x = m.sample()  # equal probability of 0, 1, 2, 3
        >>> x.shape, x.sum()
        (glassnet.Size([4]), tensor(100.))
        >>> m.log_prob(glassnet.tensor([25.0, 25.0, 25.0, 25.0]))
        tensor(-6.9045)
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}

    def __init__(self, total_count: int = 1, probs: Tensor | None = None, logits: Tensor | None = None,
                 validate_args: bool | None = None) -> None:
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits)
        batch_shape = self._categorical.batch_shape
        event_shape = self._categorical.param_shape[-1:]
        super().__init__(batch_shape, event_shape, validate_args=validate_args)

    def expand(self, batch_shape: Any, _instance: Any = None) -> Multinomial:
        """This distribution with its parameters broadcast to batch_shape."""
        new = self._get_checked_instance(Multinomial, _instance)
        batch_shape = Size(batch_shape)
        new.total_count = self.total_count
        new._categorical = self._categorical.expand(batch_shape)
        super(Multinomial, new).__init__(batch_shape, self.event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=1)
    def support(self) -> Any:
        """Non-negative counts summing to at most total_count."""
        return constraints.multinomial(self.total_count)

    @property
    def logits(self) -> Tensor:
        """The categorical's normalised log-probabilities."""
        return self._categorical.logits

    @property
    def probs(self) -> Tensor:
        """The categorical's normalised probabilities."""
        return self._categorical.probs

    @property
    def param_shape(self) -> Size:
        """The shape of the parameter tensor."""
        return self._categorical.param_shape

    @property
    def mean(self) -> Tensor:
        """total_count * probs."""
        return self.probs * self.total_count

    @property
    def variance(self) -> Tensor:
        """total_count * probs * (1 - probs)."""
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """Counts (in probs' dtype): total_count categorical draws, tallied per category."""
        sample_shape = Size(sample_shape if isinstance(sample_shape, tuple | list) else (sample_shape,))
        with no_grad():
            draws = self._categorical.sample((self.total_count,) + tuple(sample_shape))
            # (total_count, sample, batch) -> (sample, batch, total_count): the draws of one count vector last.
            draws = draws.permute(*range(1, draws.ndim), 0)
            counts = creation.zeros(*self._extended_shape(sample_shape), dtype=self.probs.dtype)
            ones = creation.ones(*draws.shape, dtype=self.probs.dtype)
            return counts.scatter_add(-1, draws, ones)

    def log_prob(self, value: Tensor) -> Tensor:
        """log(n! / prod x_i!) + sum x_i log p_i, with n = sum x_i."""
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        # A category with probability 0 that was not drawn contributes 0 * log 0 = 0, not nan.
        logits = functions.where((value == 0) & (logits == float("-inf")), 0.0, logits)
        log_factorial_n = lgamma(value.sum(-1) + 1)
        log_factorial_xs = lgamma(value + 1).sum(-1)
        log_powers = (logits * value).sum(-1)
        return log_factorial_n - log_factorial_xs + log_powers

    def entropy(self) -> Tensor:
        """n H(categorical) - log n! + sum_i E[log x_i!], each x_i ~ Binomial(n, p_i)."""
        n = self.total_count
        log_factorial_n = lgamma(creation.tensor(float(n + 1), dtype=self.probs.dtype))
        term1 = n * self._categorical.entropy() - log_factorial_n
        # The binomial marginals, evaluated on their support 1..n (x = 0 adds log 0! = 0).
        support = creation.arange(1, n + 1, dtype=self.probs.dtype)
        support = support.reshape((-1,) + (1,) * (len(self._batch_shape) + 1))
        binomial_logits = probs_to_logits(self.probs, is_binary=True)
        log_binomial = (
            support * binomial_logits
            - lgamma(support + 1)
            - lgamma(n - support + 1)
            - (n * softplus(binomial_logits) - log_factorial_n)
        )
        weights = lgamma(support + 1)
        term2 = (log_binomial.exp() * weights).sum(0).sum(-1)
        return term1 + term2
