"""The categorical distribution over {0, ..., K-1}."""

from __future__ import annotations

from typing import Any

from .. import creation
from ..autograd import no_grad
from ..dtypes import int64
from ..tensor import Size, Tensor
from . import constraints
from .distribution import Distribution
from .utils import broadcast_shapes, finfo_min, finfo_tiny, lazy_property, logits_to_probs, probs_to_logits


class Categorical(Distribution):
    r"""Creates a categorical distribution parameterized by either ``probs`` or ``logits`` (but not both).

    Samples are integers from :math:`\{0, \ldots, K-1\}` where ``K`` is ``probs.size(-1)``. If ``probs``
    is 1-dimensional with length ``K``, each element is the relative probability of sampling the class at
    that index; if it is N-dimensional, the first N-1 dimensions are treated as a batch of relative
    probability vectors.

    ``probs`` must be non-negative, finite and have a non-zero sum; it is normalized to sum to 1 along
    the last dimension. ``logits`` are unnormalized log probabilities, normalized so that the resulting
    probabilities sum to 1 along the last dimension.

    Args:
        probs (Tensor): event probabilities.
        logits (Tensor): event log probabilities (unnormalized).
        validate_args (bool, optional): whether to validate the parameters and the values given to
            ``log_prob``. Default: ``None`` (see :class:`~glassnet.distributions.Distribution`).

    Example:
        >>> m = glassnet.distributions.Categorical(glassnet.tensor([0.25, 0.25, 0.25, 0.25]))
        >>> m.sample().shape  # equal probability of 0, 1, 2, 3
        glassnet.Size([])
        >>> m.sample((2, 3)).dtype
        glassnet.int64
        >>> m.log_prob(glassnet.tensor([0, 3]))
        tensor([-1.3863, -1.3863])
        >>> glassnet.distributions.Categorical(logits=glassnet.zeros(2, 5)).batch_shape
        glassnet.Size([2])
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    has_enumerate_support = True

    def __init__(self, probs: Tensor | None = None, logits: Tensor | None = None,
                 validate_args: bool | None = None) -> None:
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            if probs.ndim < 1:
                raise ValueError("`probs` parameter must be at least one-dimensional.")
            self.probs = probs / probs.sum(-1, keepdim=True)
        else:
            if logits.ndim < 1:
                raise ValueError("`logits` parameter must be at least one-dimensional.")
            self.logits = logits - logits.logsumexp(-1, keepdim=True)
        self._param = self.probs if probs is not None else self.logits
        self._num_events = self._param.shape[-1]
        batch_shape = self._param.shape[:-1] if self._param.ndim > 1 else Size()
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape: Any, _instance: Any = None) -> Categorical:
        """This distribution with its parameters broadcast to batch_shape."""
        new = self._get_checked_instance(Categorical, _instance)
        batch_shape = Size(batch_shape)
        param_shape = tuple(batch_shape) + (self._num_events,)
        if "probs" in self.__dict__:
            new.probs = self.probs.expand(param_shape)
            new._param = new.probs
        if "logits" in self.__dict__:
            new.logits = self.logits.expand(param_shape)
            new._param = new.logits
        new._num_events = self._num_events
        super(Categorical, new).__init__(batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self) -> Any:
        """The integers 0 .. K-1."""
        return constraints.integer_interval(0, self._num_events - 1)

    @lazy_property
    def logits(self) -> Tensor:
        """Normalised log-probabilities, derived from probs when those were given."""
        return probs_to_logits(self.probs)

    @lazy_property
    def probs(self) -> Tensor:
        """Normalised probabilities, derived from logits when those were given."""
        return logits_to_probs(self.logits)

    @property
    def param_shape(self) -> Size:
        """The shape of the parameter tensor (batch_shape + (K,))."""
        return self._param.shape

    @property
    def mean(self) -> Tensor:
        """NaN: category indices have no meaningful mean (as in torch)."""
        return creation.full(tuple(self._extended_shape()), float("nan"), dtype=self.probs.dtype)

    @property
    def mode(self) -> Tensor:
        """The most probable category."""
        return self.probs.argmax(-1)

    @property
    def variance(self) -> Tensor:
        """NaN, as the mean."""
        return creation.full(tuple(self._extended_shape()), float("nan"), dtype=self.probs.dtype)

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """int64 category draws by the Gumbel-max trick: argmax(logits + Gumbel noise) ~ Categorical."""
        shape = tuple(self._extended_shape(sample_shape))
        with no_grad():
            logits = self.logits.expand(shape + (self._num_events,))
            u = creation.rand(*logits.shape, dtype=logits.dtype)
            # rand is in [0, 1): keep u off 0 so that -log(-log(u)) stays finite.
            u = u.clamp(min=finfo_tiny(u.dtype))
            gumbel = -(-u.log()).log()
            return (logits + gumbel).argmax(-1).to(int64)

    def log_prob(self, value: Tensor) -> Tensor:
        """The log-probability of each category index in value."""
        if self._validate_args:
            self._validate_sample(value)
        value = value.to(int64).unsqueeze(-1)
        shape = tuple(broadcast_shapes(value.shape[:-1], self.logits.shape[:-1]))
        log_pmf = self.logits.expand(shape + (self._num_events,))
        index = value.expand(shape + (1,))
        return log_pmf.gather(-1, index).squeeze(-1)

    def entropy(self) -> Tensor:
        """-sum p log p (zero-probability categories contribute 0)."""
        # log 0 = -inf would give 0 * -inf = nan; the most negative float gives 0 instead.
        logits = self.logits.clamp(min=finfo_min(self.logits.dtype))
        return -(logits * self.probs).sum(-1)

    def enumerate_support(self, expand: bool = True) -> Tensor:
        """The categories 0 .. K-1 along a new leading dim (broadcast over the batch when expand)."""
        values = creation.arange(self._num_events, dtype=int64)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = values.expand((-1,) + tuple(self._batch_shape))
        return values

