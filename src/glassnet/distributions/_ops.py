"""Private differentiable ops the distributions need and glassnet's core does not have (yet).

lgamma, erf, erfinv, cholesky and a triangular solve. They are written like the core ops (a
``Function`` with forward and backward on raw arrays) so they can move to ``glassnet.ops`` /
``glassnet.linalg`` unchanged; until then only this package uses them. Backward passes run on
arrays, or on Tensors under ``create_graph=True`` (then they call these ops again, so double
backward works). lgamma and digamma now live in ``glassnet.ops.special`` and are re-exported here.
"""

from __future__ import annotations

import math
from typing import Any

from ..autograd.function import Function
from ..backend import array_module
from ..ops.special import Digamma as _Digamma
from ..ops.special import LGamma as _LGamma
from ..ops.special import _erfinv_array
from ..tensor import Tensor

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _erf_array(x: Any) -> Any:
    xp = array_module(x)
    # NumPy has no erf; the math module's is exact to double precision (one Python call per element).
    return xp.frompyfunc(math.erf, 1, 1)(x.astype("float64")).astype("float64")


class _Erf(Function):
    """The error function; d/dx erf(x) = 2/sqrt(pi) exp(-x^2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _erf_array(x).astype(x.dtype)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * ctx.ns.exp(-(x * x)) * _TWO_OVER_SQRT_PI


class _Erfinv(Function):
    """Inverse error function; d/dx erfinv(x) = sqrt(pi)/2 exp(erfinv(x)^2)."""

    @staticmethod
    def forward(ctx, x):
        out = _erfinv_array(x.astype("float64")).astype(x.dtype)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * ctx.ns.exp(out * out) / _TWO_OVER_SQRT_PI


# ---- linear algebra ------------------------------------------------------------------------------
def _mt(x: Any) -> Any:
    """Swap the last two axes of an array or a Tensor."""
    return x.mT if isinstance(x, Tensor) else x.swapaxes(-1, -2)


def _tri_mask(n: int, xp: Any, dtype: Any, upper: bool, diag: float = 1.0) -> Any:
    mask = xp.tri(n, dtype=dtype)
    if upper:
        mask = mask.T
    if diag != 1.0:
        mask = mask - (1.0 - diag) * xp.eye(n, dtype=dtype)
    return mask


def _tri(x: Any, upper: bool = False, diag: float = 1.0) -> Any:
    """The lower (or upper) triangle of x, its diagonal scaled by diag; arrays or Tensors."""
    if isinstance(x, Tensor):
        return x * Tensor(_tri_mask(x.shape[-1], x.xp, x.dtype.np, upper, diag))
    return x * _tri_mask(x.shape[-1], array_module(x), x.dtype, upper, diag)


def _solve_any(a: Any, b: Any, upper: bool) -> Any:
    """a^-1 b for triangular a, recorded as an op when given Tensors (create_graph)."""
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        return _SolveTriangular.apply(a, b, upper)
    return array_module(a, b).linalg.solve(a, b)


class _SolveTriangular(Function):
    """X = A^-1 B for a lower (or upper) triangular A with batch dims broadcast.

    Only A's triangle is read, as in PyTorch: the other entries are zeroed, and get no gradient.
    The forward then uses the general LU solver (NumPy has no triangular one and SciPy is not a
    dependency), which on a triangular matrix gives the triangular solution.
    """

    @staticmethod
    def forward(ctx, a, b, upper=False):
        a = _tri(a, upper=upper)
        x = array_module(a, b).linalg.solve(a, b)
        ctx.save_for_backward(a, x)
        ctx.upper = upper
        return x

    @staticmethod
    def backward(ctx, g):
        a, x = ctx.saved_tensors
        gb = _solve_any(_mt(a), g, not ctx.upper)
        ga = None
        if ctx.needs_input_grad[0]:
            ga = _tri(-(gb @ _mt(x)), upper=ctx.upper)
        return ga, gb, None


class _Cholesky(Function):
    """The lower Cholesky factor L of a symmetric positive-definite A (A = L L^T)."""

    @staticmethod
    def forward(ctx, a):
        xp = array_module(a)
        try:
            out = xp.linalg.cholesky(a)
        except xp.linalg.LinAlgError:
            raise RuntimeError(
                "linalg.cholesky: The factorization could not be completed because the input is not "
                "positive-definite."
            ) from None
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        # gA = 1/2 sym(L^-T Phi(L^T gL) L^-1), Phi = lower triangle with the diagonal halved
        # (Murray 2016, the formula PyTorch uses).
        (lo,) = ctx.saved_tensors
        phi = _tri(_mt(lo) @ g, diag=0.5)
        lt = _mt(lo)
        left = _solve_any(lt, phi, True)  # L^-T Phi
        ga = _mt(_solve_any(lt, _mt(left), True))  # (L^-T (L^-T Phi)^T)^T = L^-T Phi L^-1
        return (ga + _mt(ga)) * 0.5


class _IsPositiveDefinite(Function):
    """A boolean per matrix: is it positive definite (its Cholesky factorisation succeeds)?"""

    differentiable = False

    @staticmethod
    def forward(ctx, a):
        xp = array_module(a)
        flat = a.reshape((-1,) + a.shape[-2:])
        ok = xp.ones(flat.shape[0], dtype=bool)
        try:
            xp.linalg.cholesky(flat)  # the common case: all succeed in one batched call
        except xp.linalg.LinAlgError:
            for i in range(flat.shape[0]):  # find which ones failed
                try:
                    xp.linalg.cholesky(flat[i])
                except xp.linalg.LinAlgError:
                    ok[i] = False
        return ok.reshape(a.shape[:-2])


def lgamma(x: Tensor) -> Tensor:
    """log|Gamma(x)| element-wise (torch.lgamma)."""
    return _LGamma.apply(x)


def digamma(x: Tensor) -> Tensor:
    """digamma(x) = d/dx lgamma(x) element-wise (torch.digamma)."""
    return _Digamma.apply(x)


def erf(x: Tensor) -> Tensor:
    """The error function element-wise (torch.erf)."""
    return _Erf.apply(x)


def erfinv(x: Tensor) -> Tensor:
    """The inverse error function element-wise (torch.erfinv)."""
    return _Erfinv.apply(x)


def cholesky(a: Tensor) -> Tensor:
    """Lower Cholesky factor of symmetric positive-definite matrices (torch.linalg.cholesky)."""
    return _Cholesky.apply(a)


def solve_triangular(a: Tensor, b: Tensor, upper: bool = False) -> Tensor:
    """X with A X = B for triangular A (torch.linalg.solve_triangular(A, B, upper=upper))."""
    return _SolveTriangular.apply(a, b, upper)


def is_positive_definite(a: Tensor) -> Tensor:
    """Boolean tensor of shape a.shape[:-2]: which matrices are positive definite."""
    return _IsPositiveDefinite.apply(a)
