"""The multivariate normal distribution N(loc, Sigma), parametrised through a Cholesky factor."""

from __future__ import annotations

import math
from typing import Any

from .. import creation, linalg
from ..tensor import Size, Tensor
from . import constraints
from .distribution import Distribution
from .utils import broadcast_shapes, diagonal, lazy_property, standard_normal


def _batch_mv(bmat: Tensor, bvec: Tensor) -> Tensor:
    """Matrix-vector products over broadcast batch dims."""
    return (bmat @ bvec.unsqueeze(-1)).squeeze(-1)


def _batch_mahalanobis(bl: Tensor, bx: Tensor) -> Tensor:
    """x^T (L L^T)^-1 x = |L^-1 x|^2, by one triangular solve instead of an inverse."""
    solved = linalg.solve_triangular(bl, bx.unsqueeze(-1), upper=False).squeeze(-1)
    return solved.pow(2).sum(-1)


def _flip_matrix(m: Tensor) -> Tensor:
    """Reverse the order of rows and columns (index tensors: PyTorch, so glassnet, refuses negative steps)."""
    r = creation.arange(m.shape[-1] - 1, -1, -1)
    return m[..., r, :][..., r]


def _precision_to_scale_tril(p: Tensor) -> Tensor:
    """The lower Cholesky factor of P^-1, without forming the inverse (PyTorch's method).

    With J the reversal permutation, chol(J P J) = Lf gives P = A A^T for the upper-triangular
    A = J Lf J, so P^-1 = A^-T A^-1 and its lower factor is A^-T: one Cholesky, one triangular solve.
    """
    lf = linalg.cholesky(_flip_matrix(p))
    l_inv = _flip_matrix(lf).mT
    eye = creation.eye(p.shape[-1], dtype=p.dtype)
    return linalg.solve_triangular(l_inv, eye, upper=False)


class MultivariateNormal(Distribution):
    r"""Creates a multivariate normal (also called Gaussian) distribution with a mean vector and a covariance.

    The multivariate normal distribution can be parameterized either in terms of a positive definite
    covariance matrix :math:`\mathbf{\Sigma}`, a positive definite precision matrix
    :math:`\mathbf{\Sigma}^{-1}`, or a lower-triangular matrix :math:`\mathbf{L}` with positive-valued
    diagonal entries, such that :math:`\mathbf{\Sigma} = \mathbf{L}\mathbf{L}^\top`. This triangular
    matrix can be obtained via e.g. Cholesky decomposition of the covariance. Only one of
    ``covariance_matrix`` or ``precision_matrix`` or ``scale_tril`` can be specified.

    All three are reduced to ``L``, which gives sampling (``loc + L eps``), ``log_prob`` (one triangular
    solve) and ``entropy`` (``log det L``); using ``scale_tril`` is the most efficient.

    Args:
        loc (Tensor): mean of the distribution, of shape ``(*, k)``.
        covariance_matrix (Tensor): positive-definite covariance matrix, of shape ``(*, k, k)``.
        precision_matrix (Tensor): positive-definite precision matrix, of shape ``(*, k, k)``.
        scale_tril (Tensor): lower-triangular factor of covariance, with positive-valued diagonal, of shape
            ``(*, k, k)``.
        validate_args (bool, optional): whether to validate the parameters and the values given to
            ``log_prob``. Default: ``None`` (see :class:`~glassnet.distributions.Distribution`).

    Example:
        >>> m = glassnet.distributions.MultivariateNormal(glassnet.zeros(2), glassnet.eye(2))
        >>> m.sample().shape  # normally distributed with mean=`[0,0]` and covariance_matrix=`I`
        glassnet.Size([2])
        >>> m.sample((3,)).shape
        glassnet.Size([3, 2])
        >>> m.log_prob(glassnet.zeros(2))
        tensor(-1.8379)
        >>> m.entropy()
        tensor(2.8379)
    """

    arg_constraints = {
        "loc": constraints.real_vector,
        "covariance_matrix": constraints.positive_definite,
        "precision_matrix": constraints.positive_definite,
        "scale_tril": constraints.lower_cholesky,
    }
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc: Tensor, covariance_matrix: Tensor | None = None, precision_matrix: Tensor | None = None,
                 scale_tril: Tensor | None = None, validate_args: bool | None = None) -> None:
        if loc.ndim < 1:
            raise ValueError("loc must be at least one-dimensional.")
        if (covariance_matrix is not None) + (scale_tril is not None) + (precision_matrix is not None) != 1:
            raise ValueError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.")
        if scale_tril is not None:
            if scale_tril.ndim < 2:
                raise ValueError(
                    "scale_tril matrix must be at least two-dimensional, with optional leading batch dimensions"
                )
            batch_shape = broadcast_shapes(scale_tril.shape[:-2], loc.shape[:-1])
            self.scale_tril = scale_tril.expand(tuple(batch_shape) + (-1, -1))
        elif covariance_matrix is not None:
            if covariance_matrix.ndim < 2:
                raise ValueError(
                    "covariance_matrix must be at least two-dimensional, with optional leading batch dimensions"
                )
            batch_shape = broadcast_shapes(covariance_matrix.shape[:-2], loc.shape[:-1])
            self.covariance_matrix = covariance_matrix.expand(tuple(batch_shape) + (-1, -1))
        else:
            if precision_matrix.ndim < 2:
                raise ValueError(
                    "precision_matrix must be at least two-dimensional, with optional leading batch dimensions"
                )
            batch_shape = broadcast_shapes(precision_matrix.shape[:-2], loc.shape[:-1])
            self.precision_matrix = precision_matrix.expand(tuple(batch_shape) + (-1, -1))
        self.loc = loc.expand(tuple(batch_shape) + (-1,))
        event_shape = self.loc.shape[-1:]
        super().__init__(batch_shape, event_shape, validate_args=validate_args)

        # Validation ran first, so an invalid matrix gets torch's ValueError rather than a failed factorisation.
        if scale_tril is not None:
            self._unbroadcasted_scale_tril = scale_tril
        elif covariance_matrix is not None:
            self._unbroadcasted_scale_tril = linalg.cholesky(covariance_matrix)
        else:
            self._unbroadcasted_scale_tril = _precision_to_scale_tril(precision_matrix)

    def expand(self, batch_shape: Any, _instance: Any = None) -> MultivariateNormal:
        """This distribution with its parameters broadcast to batch_shape (the factor is shared)."""
        new = self._get_checked_instance(MultivariateNormal, _instance)
        batch_shape = Size(batch_shape)
        loc_shape = tuple(batch_shape) + tuple(self.event_shape)
        cov_shape = loc_shape + tuple(self.event_shape)
        new.loc = self.loc.expand(loc_shape)
        new._unbroadcasted_scale_tril = self._unbroadcasted_scale_tril
        for name in ("covariance_matrix", "scale_tril", "precision_matrix"):
            if name in self.__dict__:
                setattr(new, name, getattr(self, name).expand(cov_shape))
        super(MultivariateNormal, new).__init__(batch_shape, self.event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def _matrix_shape(self) -> tuple:
        return tuple(self._batch_shape) + tuple(self._event_shape) * 2

    @lazy_property
    def scale_tril(self) -> Tensor:
        """L, the lower Cholesky factor of the covariance."""
        return self._unbroadcasted_scale_tril.expand(self._matrix_shape())

    @lazy_property
    def covariance_matrix(self) -> Tensor:
        """Sigma = L L^T."""
        lo = self._unbroadcasted_scale_tril
        return (lo @ lo.mT).expand(self._matrix_shape())

    @lazy_property
    def precision_matrix(self) -> Tensor:
        """Sigma^-1 = L^-T L^-1."""
        lo = self._unbroadcasted_scale_tril
        l_inv = linalg.solve_triangular(lo, creation.eye(lo.shape[-1], dtype=lo.dtype), upper=False)
        return (l_inv.mT @ l_inv).expand(self._matrix_shape())

    @property
    def mean(self) -> Tensor:
        """loc."""
        return self.loc

    @property
    def mode(self) -> Tensor:
        """loc."""
        return self.loc

    @property
    def variance(self) -> Tensor:
        """The diagonal of Sigma: the row sums of L squared."""
        shape = tuple(self._batch_shape) + tuple(self._event_shape)
        return self._unbroadcasted_scale_tril.pow(2).sum(-1).expand(shape)

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        """loc + L eps with eps ~ N(0, I): gradients flow to loc and the matrix parameter."""
        shape = self._extended_shape(sample_shape)
        eps = standard_normal(shape, self.loc.dtype)
        return self.loc + _batch_mv(self._unbroadcasted_scale_tril, eps)

    def _half_log_det(self) -> Tensor:
        """log det(L) = 1/2 log det(Sigma)."""
        return diagonal(self._unbroadcasted_scale_tril).log().sum(-1)

    def log_prob(self, value: Tensor) -> Tensor:
        """-(k log 2 pi + (x - loc)^T Sigma^-1 (x - loc)) / 2 - log det L."""
        if self._validate_args:
            self._validate_sample(value)
        diff = value - self.loc
        m = _batch_mahalanobis(self._unbroadcasted_scale_tril, diff)
        return -0.5 * (self._event_shape[0] * math.log(2 * math.pi) + m) - self._half_log_det()

    def entropy(self) -> Tensor:
        """k/2 (1 + log 2 pi) + log det L."""
        h = 0.5 * self._event_shape[0] * (1.0 + math.log(2 * math.pi)) + self._half_log_det()
        if len(self._batch_shape) == 0:
            return h
        return h.expand(self._batch_shape)
