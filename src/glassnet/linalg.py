"""glassnet.linalg: PyTorch's torch.linalg on (batches of) matrices, with gradients: norms (vector_norm,
matrix_norm, norm), inv, det, slogdet, solve, cholesky, qr, svd/svdvals, eigh/eigvalsh, and a few
conveniences built from them (matrix_power, multi_dot, cross, vecdot, pinv, matrix_rank).
"""

from __future__ import annotations

import math
from collections import namedtuple
from typing import Any

from .backend import array_module
from .math_functions import scalar_type_name
from .matrix_functions import matrix_power
from .ops import linalg as L
from .ops.linalg import LinAlgError
from .tensor import Tensor, _dims

__all__ = ["LinAlgError", "vector_norm", "matrix_norm", "norm", "inv", "det", "slogdet", "solve", "cholesky",
           "qr", "svd", "svdvals", "eigh", "eigvalsh", "matrix_power", "multi_dot", "cross", "vecdot", "pinv",
           "matrix_rank", "inv_ex", "cholesky_ex", "solve_triangular"]

_slogdet = namedtuple("slogdet", ["sign", "logabsdet"])
_qr = namedtuple("qr", ["Q", "R"])
_svd = namedtuple("svd", ["U", "S", "Vh"])
_eigh = namedtuple("eigh", ["eigenvalues", "eigenvectors"])
_inv_ex = namedtuple("inv_ex", ["inverse", "info"])
_cholesky_ex = namedtuple("cholesky_ex", ["L", "info"])


def _t(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _float(op: str, x: Tensor) -> None:
    if x._data.dtype.kind != "f":
        raise RuntimeError(f"{op}: Expected a floating point or complex tensor as input. Got "
                           f"{scalar_type_name(x._data.dtype)}")


def _square(op: str, x: Tensor) -> None:
    _float(op, x)
    if x.ndim < 2 or x._data.shape[-1] != x._data.shape[-2]:
        dims = "by".join(f" {d} " for d in x.shape[-2:]).strip() if x.ndim >= 2 else f"{x.ndim}-D"
        raise RuntimeError(f"{op}: A must be batches of square matrices, but they are {dims} matrices")


# ---- norms ----------------------------------------------------------------------------------------------
def vector_norm(x: Any, ord: Any = 2, dim: Any = None, keepdim: bool = False, *,  # noqa: A002
                dtype: Any = None) -> Tensor:
    """The ord-norm of x over dim (all elements if None): sum(|x|^ord)^(1/ord); inf/-inf: max/min |x|; 0: count."""
    a = _t(x)
    if dtype is not None:
        a = a.astype(dtype)
    _float("linalg.vector_norm", a)
    axes = _dims(dim, a.ndim, "linalg.vector_norm")
    if ord == math.inf:
        return a.abs().amax(axes if axes is not None else (), keepdim)
    if ord == -math.inf:
        return a.abs().amin(axes if axes is not None else (), keepdim)
    if ord == 0:  # counts nonzeros: a constant, so masked_fill keeps the graph with a zero gradient
        count = (a != 0).astype(a.dtype).sum(axes, keepdim)
        return count + a.masked_fill(a.xp.ones(a._data.shape, dtype=bool), 0).sum(axes, keepdim)
    if ord < 0 and any(a.shape[i] == 0 for i in (range(a.ndim) if axes is None else axes)):
        raise RuntimeError(f"linalg.vector_norm: cannot compute the {ord} norm over an empty dimension of shape "
                           f"{tuple(a.shape)}: the reduction has no identity")
    return L.VectorNorm.apply(a, float(ord), axes, keepdim)


def matrix_norm(A: Any, ord: Any = "fro", dim: Any = (-2, -1), keepdim: bool = False, *,  # noqa: N803,A002
                dtype: Any = None) -> Tensor:
    """A matrix norm over two dims: 'fro', 'nuc', inf/-inf (row sums), 1/-1 (column sums), 2/-2 (singular values)."""
    a = _t(A)
    if dtype is not None:
        a = a.astype(dtype)
    _float("linalg.matrix_norm", a)
    if a.ndim < 2:
        raise RuntimeError(f"linalg.matrix_norm: The input tensor A must have at least 2 dimensions (got {a.ndim})")
    d0, d1 = _dims(tuple(dim), a.ndim, "linalg.matrix_norm")
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})")
    if ord == "fro":
        return vector_norm(a, 2, (d0, d1), keepdim)
    if ord in ("nuc", 2, -2):
        moved = a.permute([i for i in range(a.ndim) if i not in (d0, d1)] + [d0, d1])
        s = svdvals(moved)
        out = s.sum(-1) if ord == "nuc" else (s.amax(-1) if ord == 2 else s.amin(-1))
    elif ord in (1, -1, math.inf, -math.inf):
        summed, reduce_dim = (d0, d1) if ord in (1, -1) else (d1, d0)
        sums = a.abs().sum(summed, keepdim=True)
        out = sums.amax(reduce_dim, keepdim=True) if ord > 0 else sums.amin(reduce_dim, keepdim=True)
        out = out.squeeze((d0, d1))
    else:
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if keepdim:
        for d in sorted((d0, d1)):
            out = out.unsqueeze(d)
    return out


def norm(A: Any, ord: Any = None, dim: Any = None, keepdim: bool = False, *,  # noqa: N803,A002
         dtype: Any = None) -> Tensor:
    """vector_norm or matrix_norm, chosen by ord and dim as torch.linalg.norm does."""
    a = _t(A)
    if dim is not None and not isinstance(dim, int) and len(dim) == 2:
        return matrix_norm(a, "fro" if ord is None else ord, dim, keepdim, dtype=dtype)
    if dim is not None or ord is None:
        return vector_norm(a, 2 if ord is None else ord, dim, keepdim, dtype=dtype)
    if a.ndim == 1:
        return vector_norm(a, ord, None, keepdim, dtype=dtype)
    if a.ndim == 2:
        return matrix_norm(a, ord, (-2, -1), keepdim, dtype=dtype)
    raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got {a.ndim}D.")


# ---- inverse, determinant, solve -------------------------------------------------------------------------
def inv(A: Any) -> Tensor:  # noqa: N803
    """The inverse of a (batch of) square matrix."""
    a = _t(A)
    _square("linalg.inv", a)
    return L.Inv.apply(a)


def inv_ex(A: Any, *, check_errors: bool = False) -> Any:  # noqa: N803
    """(inverse, info): info is 0 where the matrix was invertible."""
    a = _t(A)
    try:
        return _inv_ex(inv(a), Tensor._wrap(a.xp.zeros(a._data.shape[:-2], dtype="int32")))
    except LinAlgError:
        if check_errors:
            raise
        nan = a.xp.full(a._data.shape, a.xp.nan, dtype=a._data.dtype)
        return _inv_ex(Tensor._wrap(nan), Tensor._wrap(a.xp.ones(a._data.shape[:-2], dtype="int32")))


def det(A: Any) -> Tensor:  # noqa: N803
    """The determinant of a (batch of) square matrix."""
    a = _t(A)
    _square("linalg.det", a)
    return L.Det.apply(a)


def slogdet(A: Any) -> Any:  # noqa: N803
    """(sign, log|det|) of a (batch of) square matrix; the gradient flows through logabsdet."""
    a = _t(A)
    _square("linalg.slogdet", a)
    logabs = L.SlogDet.apply(a)
    sign = Tensor._wrap(a.xp.sign(a.xp.linalg.det(a._data)).astype(a._data.dtype))
    # the sign is piecewise constant: in the graph (like PyTorch's) with a zero gradient
    in_graph = a.masked_fill(a.xp.ones(a._data.shape, dtype=bool), 0).sum((-2, -1))
    return _slogdet(sign + in_graph, logabs)


def solve(A: Any, B: Any, *, left: bool = True) -> Tensor:  # noqa: N803
    """X with A X = B (or X A = B with left=False); B may be a (batch of) vector."""
    a, b = _t(A), _t(B)
    _square("linalg.solve", a)
    if not left:  # X A = B  <=>  A^T X^T = B^T
        return solve(a.mT, b.mT).mT
    vector = b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1])
    if vector:
        b = b.unsqueeze(-1)
    if b._data.shape[-2] != a._data.shape[-1]:
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation AX = B "
                           f"({a.shape[-2]}x{a.shape[-1]} and {b.shape[-2]}x{b.shape[-1]})")
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A of type "
                           f"{scalar_type_name(a._data.dtype)} and B of type {scalar_type_name(b._data.dtype)} instead")
    out = L.Solve.apply(a, b)
    return out.squeeze(-1) if vector else out


def solve_triangular(A: Any, B: Any, *, upper: bool, left: bool = True,  # noqa: N803
                     unitriangular: bool = False) -> Tensor:
    """X with A X = B (X A = B with left=False), reading only A's upper or lower triangle."""
    a, b = _t(A), _t(B)
    _square("linalg.solve_triangular", a)
    if b.ndim < 2:
        raise RuntimeError("linalg.solve_triangular: The input tensor B must have at least 2 dimensions.")
    from .index_functions import tril, triu

    t = triu(a) if upper else tril(a)  # the other triangle is never read, so it gets no gradient
    if unitriangular:
        eye = a.xp.eye(a._data.shape[-1], dtype=bool)
        t = t.masked_fill(eye, 1.0)
    return solve(t, b, left=left)


# ---- factorisations ---------------------------------------------------------------------------------------
def cholesky(A: Any, *, upper: bool = False) -> Tensor:  # noqa: N803
    """L lower-triangular with A = L L^T (or U = L^T with upper=True), for symmetric positive-definite A."""
    a = _t(A)
    _square("linalg.cholesky", a)
    lower = L.Cholesky.apply(a)
    return lower.mT if upper else lower


def cholesky_ex(A: Any, *, upper: bool = False, check_errors: bool = False) -> Any:  # noqa: N803
    """(L, info): info is 0 where the factorisation succeeded."""
    a = _t(A)
    try:
        return _cholesky_ex(cholesky(a, upper=upper), Tensor._wrap(a.xp.zeros(a._data.shape[:-2], dtype="int32")))
    except LinAlgError:
        if check_errors:
            raise
        return _cholesky_ex(Tensor._wrap(a.xp.zeros_like(a._data)), Tensor._wrap(_cholesky_info(a._data)))


def _cholesky_info(a: Any) -> Any:
    """Per matrix, as LAPACK reports it: 0 if positive-definite, else the order of the first failing leading minor."""
    xp = array_module(a)
    flat = a.reshape((-1,) + a.shape[-2:])
    info = xp.zeros(flat.shape[0], dtype="int32")
    for i, m in enumerate(flat):
        for k in range(1, m.shape[-1] + 1):
            try:
                xp.linalg.cholesky(m[:k, :k])
            except xp.linalg.LinAlgError:
                info[i] = k
                break
    return info.reshape(a.shape[:-2])


def _factorize(a: Tensor, kind: str, option: Any) -> list:
    packed = L.Factorize.apply(a, kind, option)
    return L.unpack(_TensorNS, packed, L.factor_shapes(kind, a._data.shape, option))


class _TensorNS:
    """The one helper ``unpack`` needs, on Tensors."""

    @staticmethod
    def reshape(x: Tensor, shape: tuple) -> Tensor:
        return x.reshape(shape)


def qr(A: Any, mode: str = "reduced") -> Any:  # noqa: N803
    """(Q, R) with A = Q R, Q orthonormal columns, R upper-triangular; mode 'reduced', 'complete' or 'r'."""
    a = _t(A)
    _float("linalg.qr", a)
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', "
                           "or 'complete'")
    q, r = _factorize(a, "qr", mode)
    return _qr(q, r)


def svd(A: Any, full_matrices: bool = True) -> Any:  # noqa: N803
    """(U, S, Vh) with A = U diag(S) Vh and S descending."""
    a = _t(A)
    _float("linalg.svd", a)
    return _svd(*_factorize(a, "svd", bool(full_matrices)))


def svdvals(A: Any) -> Tensor:  # noqa: N803
    """The singular values of A, descending."""
    return svd(A, full_matrices=False).S


def eigh(A: Any, UPLO: str = "L") -> Any:  # noqa: N803
    """(eigenvalues ascending, eigenvectors) of a symmetric matrix, read from its lower (or upper) triangle."""
    a = _t(A)
    _square("linalg.eigh", a)
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    w, v = _factorize(a, "eigh", UPLO)
    return _eigh(w, v)


def eigvalsh(A: Any, UPLO: str = "L") -> Tensor:  # noqa: N803
    """The eigenvalues of a symmetric matrix, ascending."""
    return eigh(A, UPLO).eigenvalues


# ---- built from the above -----------------------------------------------------------------------------------
def multi_dot(tensors: Any) -> Tensor:
    """The product of a chain of matrices (first and last may be vectors)."""
    ts = [_t(t) for t in tensors]
    if len(ts) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(ts)}")
    out = ts[0]
    for t in ts[1:]:
        out = out @ t
    return out


def cross(input: Any, other: Any, *, dim: int = -1) -> Tensor:  # noqa: A002
    """The cross product of 3-vectors along dim."""
    a, b = _t(input), _t(other)
    d = dim % max(a.ndim, b.ndim)
    if a.shape[d] != 3 or b.shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {a.shape[d]} and "
                           f"{b.shape[d]}")
    a0, a1, a2 = a.unbind(d)
    b0, b1, b2 = b.unbind(d)
    from .functions import stack

    return stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], d)


def vecdot(x: Any, y: Any, *, dim: int = -1) -> Tensor:
    """The dot product of vectors along dim (broadcasting the rest)."""
    return (_t(x) * _t(y)).sum(dim)


def pinv(A: Any, *, atol: float | None = None, rtol: float | None = None, hermitian: bool = False) -> Tensor:  # noqa: N803
    """The Moore-Penrose pseudo-inverse from the SVD (singular values below the tolerance count as zero)."""
    a = _t(A)
    u, s, vh = svd(a, full_matrices=False)
    smax = s._data.max(axis=-1, keepdims=True) if s._data.size else s._data
    if rtol is None:
        rtol = max(a._data.shape[-2:]) * a.xp.finfo(a._data.dtype).eps if atol is None else 0.0
    tol = a.xp.maximum(atol or 0.0, rtol * smax)
    keep = s._data > tol
    s_inv = (1 / s.masked_fill(~keep, 1)).masked_fill(~keep, 0)
    return (vh.mT * s_inv.unsqueeze(-2)) @ u.mT


def matrix_rank(A: Any, *, atol: float | None = None, rtol: float | None = None, hermitian: bool = False) -> Tensor:  # noqa: N803
    """The number of singular values above the tolerance (an int64 tensor)."""
    a = _t(A)
    s = a.xp.linalg.svd(a._data, compute_uv=False)
    smax = s.max(axis=-1, keepdims=True) if s.size else s
    if rtol is None:
        rtol = max(a._data.shape[-2:]) * a.xp.finfo(a._data.dtype).eps if atol is None else 0.0
    tol = a.xp.maximum(atol or 0.0, rtol * smax)
    return Tensor._wrap((s > tol).sum(axis=-1).astype("int64"))


# ---- the older top-level spellings (glassnet.det, glassnet.inverse ...) and Tensor methods ------------------
def logdet(input: Any) -> Tensor:  # noqa: A002
    """log(det(A)): NaN where the determinant is negative, -inf where it is zero."""
    sign, logabs = slogdet(input)
    xp = sign.xp
    return logabs + Tensor._wrap(xp.where(sign._data < 0, xp.nan, 0).astype(sign._data.dtype))


def svd_torch(input: Any, some: bool = True, compute_uv: bool = True) -> Any:  # noqa: A002
    """torch.svd: (U, S, V) with V (not Vh); some=False gives the full square U and V."""
    u, s, vh = svd(input, full_matrices=not some)
    if not compute_uv:
        return _svd_old(Tensor._wrap(u.xp.zeros_like(u._data)), s, Tensor._wrap(vh.xp.zeros_like(vh._data)))
    return _svd_old(u, s, vh.mT)


def qr_torch(input: Any, some: bool = True) -> Any:  # noqa: A002
    """torch.qr: linalg.qr with mode 'reduced' (some=True) or 'complete'."""
    return qr(input, "reduced" if some else "complete")


_svd_old = namedtuple("svd", ["U", "S", "V"])

TOP_LEVEL = {"det": det, "logdet": logdet, "slogdet": slogdet, "inverse": inv, "cholesky": cholesky,
             "svd": svd_torch, "qr": qr_torch, "pinverse": pinv, "matrix_rank": matrix_rank}
for _name, _fn in TOP_LEVEL.items():
    setattr(Tensor, _name, _fn)
