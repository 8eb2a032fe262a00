"""The Bernoulli distribution: 1 with probability ``probs``, else 0."""

from __future__ import annotations

from numbers import Number
from typing import Any

from .. import creation, functions
from ..autograd import no_grad
from ..tensor import Size, Tensor
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all, lazy_property, logits_to_probs, probs_to_logits, softplus


def _bce_with_logits(logits: Tensor, target: Tensor) -> Tensor:
    """-[t log sigmoid(x) + (1 - t) log(1 - sigmoid(x))] = softplus(x) - t x, computed stably."""
    return softplus(logits) - logits * target


class Bernoulli(Distribution):
    """Creates a Bernoulli distribution parameterized by ``probs`` or ``logits`` (but not both).

    Samples are binary (0 or 1), in the parameter's dtype. They take the value ``1`` with probability
    ``p`` and ``0`` with probability ``1 - p``.

    Args:
        probs (Number, Tensor): the probability of sampling ``1``.
        logits (Number, Tensor): the log-odds of sampling ``1``.
        validate_args (bool, optional): whether to validate the parameters and the values given to
            ``log_prob``. Default: ``None`` (see :class:`~glassnet.distributions.Distribution`).

    Example:
        >>> m = glassnet.distributions.Bernoulli(glassnet.tensor([0.3]))
        >>> m.sample().shape  # 30% chance 1; 70% chance 0
        glassnet.Size([1])
        >>> m.log_prob(glassnet.tensor([1.0, 0.0]))
        tensor([-1.2040, -0.3567])
        >>> glassnet.distributions.Bernoulli(logits=glassnet.tensor([0.0, 2.0])).probs
        tensor([0.5000, 0.8808])
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True

    def __init__(self, probs: Tensor | float | None = None, logits: Tensor | float | None = None,
                 validate_args: bool | None = None) -> None:
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            is_scalar = isinstance(probs, Number)
            (self.probs,) = broadcast_all(probs)
        else:
            is_scalar = isinstance(logits, Number)
            (self.logits,) = broadcast_all(logits)
        self._param = self.probs if probs is not None else self.logits
        batch_shape = Size() if is_scalar else self._param.shape
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape: Any, _instance: Any = None) -> Bernoulli:
        """This distribution with its parameters broadcast to batch_shape."""
        new = self._get_checked_instance(Bernoulli, _instance)
        batch_shape = Size(batch_shape)
        if "probs" in self.__dict__:
            new.probs = self.probs.expand(batch_shape)
            new._param = new.probs
        if "logits" in self.__dict__:
            new.logits = self.logits.expand(batch_shape)
            new._param = new.logits
        super(Bernoulli, new).__init__(batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @property
    def mean(self) -> Tensor:
        """probs."""
        return self.probs

    @property
    def mode(self) -> Tensor:
        """1 where probs > 1/2, 0 where below, NaN at exactly 1/2 (no unique mode)."""
        mode = (self.probs >= 0.5).to(self.probs.dtype)
        return functions.where(self.probs == 0.5, float("nan"), mode)

    @property
    def variance(self) -> Tensor:
        """probs (1 - probs)."""
        return self.probs * (1 - self.probs)

    @lazy_property
    def logits(self) -> Tensor:
        """Log-odds log(p / (1 - p)), derived from probs when those were given."""
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self) -> Tensor:
        """Probability of 1, derived from logits when those were given."""
        return logits_to_probs(self.logits, is_binary=True)

    @property
    def param_shape(self) -> Size:
        """The shape of the parameter tensor."""
        return self._param.shape

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """0/1 draws (in probs' dtype): 1 where a uniform draw falls below probs."""
        shape = self._extended_shape(sample_shape)
        with no_grad():
            probs = self.probs.expand(shape)
            return (creation.rand(*shape, dtype=probs.dtype) < probs).to(probs.dtype)

    def log_prob(self, value: Tensor) -> Tensor:
        """value log p + (1 - value) log(1 - p), via the logits for stability."""
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -_bce_with_logits(logits, value)

    def entropy(self) -> Tensor:
        """-p log p - (1 - p) log(1 - p)."""
        return _bce_with_logits(self.logits, self.probs)

    def enumerate_support(self, expand: bool = True) -> Tensor:
        """The values 0 and 1 along a new leading dim (broadcast over the batch when expand)."""
        values = creation.arange(2, dtype=self._param.dtype)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = values.expand((-1,) + tuple(self._batch_shape))
        return values
