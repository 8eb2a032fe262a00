"""The Distribution base class: shapes, argument and sample validation, and the shared API."""

from __future__ import annotations

import warnings
from typing import Any

from ..autograd import no_grad
from ..tensor import Size, Tensor
from . import constraints
from .utils import lazy_property


class Distribution:
    """The abstract base class for probability distributions, as ``torch.distributions.Distribution``.

    ``batch_shape`` indexes independent distributions; ``event_shape`` is the shape of one draw. A sample
    has shape ``sample_shape + batch_shape + event_shape``. Parameters are checked against
    ``arg_constraints`` unless ``validate_args=False`` (validation is on by default, unless Python runs
    with ``-O``; :meth:`set_default_validate_args` changes the default).

    Args:
        batch_shape (glassnet.Size or tuple, optional): the shape over which parameters are batched.
            Default: ``()``.
        event_shape (glassnet.Size or tuple, optional): the shape of a single sample (without batching).
            Default: ``()``.
        validate_args (bool, optional): whether to validate the arguments (and, in ``log_prob``, the
            values). Default: ``None`` (the class default).

    Example:
        >>> d = glassnet.distributions.Normal(glassnet.zeros(3), glassnet.ones(3))
        >>> d.batch_shape, d.event_shape
        (glassnet.Size([3]), glassnet.Size([]))
        >>> d.sample((5,)).shape
        glassnet.Size([5, 3])
        >>> isinstance(d, glassnet.distributions.Distribution)
        True
    """

    has_rsample = False
    has_enumerate_support = False
    _validate_args = __debug__  # validation is on unless Python runs with -O, as in PyTorch

    @staticmethod
    def set_default_validate_args(value: bool) -> None:
        """Turn argument validation on or off for distributions built without ``validate_args``.

        Args:
            value (bool): whether to validate.
        """
        if value not in [True, False]:
            raise ValueError
        Distribution._validate_args = value

    def __init__(self, batch_shape: Any = (), event_shape: Any = (), validate_args: bool | None = None) -> None:
        self._batch_shape = Size(batch_shape)
        self._event_shape = Size(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            try:
                arg_constraints = self.arg_constraints
            except NotImplementedError:
                arg_constraints = {}
                warnings.warn(
                    f"{self.__class__} does not define `arg_constraints`. Please set `arg_constraints = {{}}` "
                    "or initialize the distribution with `validate_args=False` to turn off validation.",
                    stacklevel=2,
                )
            for param, constraint in arg_constraints.items():
                if constraints.is_dependent(constraint):
                    continue  # constraints that depend on other parameters cannot be checked alone
                if param not in self.__dict__ and isinstance(getattr(type(self), param), lazy_property):
                    continue  # the other parametrisation was given; this one is derived, not checked
                value = getattr(self, param)
                if not bool(constraint.check(value).all()):
                    raise ValueError(
                        f"Expected parameter {param} ({type(value).__name__} of shape {tuple(value.shape)}) "
                        f"of distribution {self!r} to satisfy the constraint {constraint!r}, "
                        f"but found invalid values:\n{value}"
                    )

    def expand(self, batch_shape: Any, _instance: Any = None) -> Distribution:
        """A new distribution with its batch dims expanded to batch_shape (no copy of the parameters).

        Args:
            batch_shape (glassnet.Size): the desired expanded size.
            _instance: new instance provided by subclasses that need to override ``.expand``.

        Returns:
            A new distribution instance with batch dimensions expanded to ``batch_shape``.
        """
        raise NotImplementedError

    @property
    def batch_shape(self) -> Size:
        """The shape over which parameters are batched."""
        return self._batch_shape

    @property
    def event_shape(self) -> Size:
        """The shape of a single sample (without batching)."""
        return self._event_shape

    @property
    def arg_constraints(self) -> dict:
        """Each parameter's name and the constraint it must satisfy."""
        raise NotImplementedError

    @property
    def support(self) -> Any:
        """The constraint every sample satisfies."""
        raise NotImplementedError

    @property
    def mean(self) -> Tensor:
        """The mean of the distribution."""
        raise NotImplementedError(f"{self.__class__} does not implement mean")

    @property
    def mode(self) -> Tensor:
        """The mode of the distribution."""
        raise NotImplementedError(f"{self.__class__} does not implement mode")

    @property
    def variance(self) -> Tensor:
        """The variance of the distribution."""
        raise NotImplementedError(f"{self.__class__} does not implement variance")

    @property
    def stddev(self) -> Tensor:
        """The standard deviation (the square root of the variance)."""
        return self.variance.sqrt()

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """Draw a sample of shape sample_shape + batch_shape + event_shape (no gradient).

        Args:
            sample_shape (glassnet.Size or tuple, optional): the leading shape of independent draws.
                Default: ``()``.
        """
        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        """A reparameterised sample: differentiable with respect to the parameters.

        Args:
            sample_shape (glassnet.Size or tuple, optional): the leading shape of independent draws.
                Default: ``()``.
        """
        raise NotImplementedError

    def log_prob(self, value: Tensor) -> Tensor:
        """The log of the probability density (or mass) at value.

        Args:
            value (Tensor): the value(s), broadcastable with ``batch_shape + event_shape``.
        """
        raise NotImplementedError

    def cdf(self, value: Tensor) -> Tensor:
        """The cumulative distribution function at value.

        Args:
            value (Tensor): the value(s).
        """
        raise NotImplementedError

    def icdf(self, value: Tensor) -> Tensor:
        """The inverse cumulative distribution function at value.

        Args:
            value (Tensor): the probabilities, in ``[0, 1]``.
        """
        raise NotImplementedError

    def enumerate_support(self, expand: bool = True) -> Tensor:
        """All values of a discrete support, along a new leading dim.

        Args:
            expand (bool, optional): whether to expand the support over the batch dims to match the
                distribution's ``batch_shape``. Default: ``True``.
        """
        raise NotImplementedError

    def entropy(self) -> Tensor:
        """The entropy, one value per batch entry."""
        raise NotImplementedError

    def perplexity(self) -> Tensor:
        """exp(entropy)."""
        return self.entropy().exp()

    def _extended_shape(self, sample_shape: Any = ()) -> Size:
        """sample_shape + batch_shape + event_shape."""
        if not isinstance(sample_shape, tuple | list):
            sample_shape = (sample_shape,)
        return Size(tuple(sample_shape) + tuple(self._batch_shape) + tuple(self._event_shape))

    def _validate_sample(self, value: Tensor) -> None:
        """Check a value's shape against batch/event shapes and its values against the support."""
        if not isinstance(value, Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        event_dim_start = value.ndim - len(self._event_shape)
        if tuple(value.shape[event_dim_start:]) != tuple(self._event_shape):
            raise ValueError(
                f"The right-most size of value must match event_shape: {value.shape} vs {self._event_shape}."
            )
        actual_shape = value.shape
        expected_shape = self._batch_shape + self._event_shape
        for i, j in zip(reversed(actual_shape), reversed(expected_shape)):
            if i != 1 and j != 1 and i != j:
                raise ValueError(
                    f"Value is not broadcastable with batch_shape+event_shape: {actual_shape} vs {expected_shape}."
                )
        try:
            support = self.support
        except NotImplementedError:
            warnings.warn(
                f"{self.__class__} does not define `support` to enable sample validation. Please initialize "
                "the distribution with `validate_args=False` to turn off validation.",
                stacklevel=2,
            )
            return
        if not bool(support.check(value).all()):
            raise ValueError(
                f"Expected value argument ({type(value).__name__} of shape {tuple(value.shape)}) to be within "
                f"the support ({support!r}) of the distribution {self!r}, but found invalid values:\n{value}"
            )

    def _get_checked_instance(self, cls: type, _instance: Any = None) -> Any:
        """A blank instance for expand(); subclasses with their own __init__ must define expand."""
        if _instance is None and type(self).__init__ != cls.__init__:
            raise NotImplementedError(
                f"Subclass {self.__class__.__name__} of {cls.__name__} that defines a custom __init__ method "
                "must also define a custom .expand() method."
            )
        return self.__new__(type(self)) if _instance is None else _instance

    def __repr__(self) -> str:
        try:
            names = [k for k in self.arg_constraints if k in self.__dict__]
        except NotImplementedError:
            names = []
        return f"{self.__class__.__name__}({', '.join(f'{p}: {_short(self.__dict__[p])}' for p in names)})"


def _short(value: Tensor) -> Any:
    """A parameter as torch's repr shows it: a 0-dim value as a number, one element as is, else the shape."""
    if value.numel() != 1:
        return value.size()
    return value.item() if value.ndim == 0 else value
