"""glassnet.linalg: PyTorch's torch.linalg on (batches of) matrices, with gradients: norms (vector_norm,
matrix_norm, norm), inv, det, slogdet, solve, cholesky, qr, svd/svdvals, eigh/eigvalsh, and a few
conveniences built from them (matrix_power, multi_dot, cross, vecdot, pinv, matrix_rank).
"""

from __future__ import annotations

import math
from collections import namedtuple
from typing import Any

from . import dtypes
from .backend import array_module
from .math_functions import scalar_type_name
from .matrix_functions import matrix_power
from .ops import linalg as linalg_ops
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
    """Computes a vector norm.

    Supports input of float and double dtypes. This function does not necessarily treat multidimensional
    ``x`` as a batch of vectors:

    - If ``dim`` is ``None``, ``x`` will be flattened before the norm is computed.
    - If ``dim`` is an ``int`` or a ``tuple``, the norm will be computed over these dimensions and the
      other dimensions will be treated as batch dimensions.

    ``ord`` defines the vector norm that is computed: ``inf`` is ``max(abs(x))``, ``-inf`` is
    ``min(abs(x))``, ``0`` is ``sum(x != 0)``, and any other ``int`` or ``float`` is
    ``sum(abs(x)**ord)**(1./ord)``.

    Args:
        x (Tensor): tensor, flattened by default, but this behavior can be controlled using ``dim``.
        ord (int, float, inf, -inf, optional): order of norm. Default: ``2``.
        dim (int, Tuple[int], optional): dimensions over which to compute the norm. See above for the
            behavior when ``dim`` is ``None``. Default: ``None``.
        keepdim (bool, optional): if set to ``True``, the reduced dimensions are retained in the result as
            dimensions with size one. Default: ``False``.
        dtype (glassnet.dtype, optional): if specified, the input tensor is cast to ``dtype`` before
            performing the operation, and the returned tensor's type will be ``dtype``. Default: ``None``.

    Returns:
        Tensor: a real-valued tensor.

    Example:
        >>> a = glassnet.arange(9, dtype=glassnet.float32) - 4
        >>> glassnet.linalg.vector_norm(a, ord=3.5)
        tensor(5.4345)
        >>> glassnet.linalg.vector_norm(a.view(3, 3), dim=1)
        tensor([5.3852, 1.4142, 5.3852])
        >>> glassnet.linalg.vector_norm(a, float('inf'))
        tensor(4.)
    """
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
    if a.dtype == dtypes.float16:  # PyTorch sums float16 powers at float32: |88|^3 does not overflow
        return linalg_ops.VectorNorm.apply(a.float(), float(ord), axes, keepdim).half()
    return linalg_ops.VectorNorm.apply(a, float(ord), axes, keepdim)


def matrix_norm(A: Any, ord: Any = "fro", dim: Any = (-2, -1), keepdim: bool = False, *,  # noqa: N803,A002
                dtype: Any = None) -> Tensor:
    """Computes a matrix norm.

    Supports input of float and double dtypes; also supports batches of matrices: the norm will be
    computed over the dimensions specified by the 2-tuple ``dim`` and the other dimensions will be treated
    as batch dimensions. The output will have the same batch dimensions.

    ``ord`` defines the matrix norm that is computed:

    ======================   ========================================================
    ``ord``                  matrix norm
    ======================   ========================================================
    ``'fro'`` (default)      Frobenius norm
    ``'nuc'``                nuclear norm
    ``inf``                  ``max(sum(abs(x), dim=1))``
    ``-inf``                 ``min(sum(abs(x), dim=1))``
    ``1``                    ``max(sum(abs(x), dim=0))``
    ``-1``                   ``min(sum(abs(x), dim=0))``
    ``2``                    largest singular value
    ``-2``                   smallest singular value
    ======================   ========================================================

    Args:
        A (Tensor): tensor with two or more dimensions. By default its shape is interpreted as
            ``(*, m, n)`` where ``*`` is zero or more batch dimensions, but this behavior can be controlled
            using ``dim``.
        ord (int, inf, -inf, 'fro', 'nuc', optional): order of norm. Default: ``'fro'``.
        dim (Tuple[int, int], optional): dimensions over which to compute the norm. Default: ``(-2, -1)``.
        keepdim (bool, optional): if set to ``True``, the reduced dimensions are retained in the result as
            dimensions with size one. Default: ``False``.
        dtype (glassnet.dtype, optional): if specified, the input tensor is cast to ``dtype`` before
            performing the operation, and the returned tensor's type will be ``dtype``. Default: ``None``.

    Returns:
        Tensor: a real-valued tensor.

    Example:
        >>> A = glassnet.arange(9, dtype=glassnet.float32).reshape(3, 3)
        >>> glassnet.linalg.matrix_norm(A)
        tensor(14.2829)
        >>> glassnet.linalg.matrix_norm(A, ord=1)
        tensor(15.)
        >>> glassnet.linalg.matrix_norm(A, ord=float('inf'))
        tensor(21.)
    """
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
    """Computes a vector or matrix norm.

    Whether this function computes a vector or matrix norm is determined as follows:

    - If ``dim`` is an ``int``, the vector norm will be computed.
    - If ``dim`` is a 2-``tuple``, the matrix norm will be computed.
    - If ``dim`` is ``None`` and ``ord`` is ``None``, ``A`` will be flattened to 1-D and the 2-norm of
      the resulting vector will be computed.
    - If ``dim`` is ``None`` and ``ord`` is not ``None``, ``A`` must be 1-D or 2-D.

    See :func:`glassnet.linalg.vector_norm` and :func:`glassnet.linalg.matrix_norm` for the supported
    values of ``ord``.

    Args:
        A (Tensor): tensor of shape ``(*, n)`` or ``(*, m, n)`` where ``*`` is zero or more batch
            dimensions.
        ord (int, float, inf, -inf, 'fro', 'nuc', optional): order of norm. Default: ``None``.
        dim (int, Tuple[int], optional): dimensions over which to compute the vector or matrix norm.
            See above for the behavior when ``dim`` is ``None``. Default: ``None``.
        keepdim (bool, optional): if set to ``True``, the reduced dimensions are retained in the result as
            dimensions with size one. Default: ``False``.
        dtype (glassnet.dtype, optional): if specified, the input tensor is cast to ``dtype`` before
            performing the operation, and the returned tensor's type will be ``dtype``. Default: ``None``.

    Returns:
        Tensor: a real-valued tensor.

    Example:
        >>> a = glassnet.arange(9, dtype=glassnet.float32) - 4
        >>> B = a.reshape(3, 3)
        >>> glassnet.linalg.norm(a)
        tensor(7.7460)
        >>> glassnet.linalg.norm(B)
        tensor(7.7460)
        >>> glassnet.linalg.norm(B, float('inf'))
        tensor(9.)
        >>> glassnet.linalg.norm(B, dim=1)
        tensor([5.3852, 1.4142, 5.3852])
    """
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
    """Computes the inverse of a square matrix if it exists.

    Throws a ``RuntimeError`` (a :class:`glassnet.linalg.LinAlgError`) if the matrix is not invertible.

    Supports input of float and double dtypes, and batches of matrices: if ``A`` is a batch of matrices
    then the output has the same batch dimensions. ``glassnet.inverse`` is the same function.

    Args:
        A (Tensor): tensor of shape ``(*, n, n)`` where ``*`` is zero or more batch dimensions consisting
            of invertible matrices.

    Example:
        >>> A = glassnet.tensor([[4.0, 7.0], [2.0, 6.0]])
        >>> glassnet.linalg.inv(A)
        tensor([[ 0.6000, -0.7000],
                [-0.2000,  0.4000]])
        >>> glassnet.allclose(A @ glassnet.linalg.inv(A), glassnet.eye(2), atol=1e-6)
        True
    """
    a = _t(A)
    _square("linalg.inv", a)
    return linalg_ops.Inv.apply(a)


def inv_ex(A: Any, *, check_errors: bool = False) -> Any:  # noqa: N803
    """Computes the inverse of a square matrix if it is invertible.

    Returns a namedtuple ``(inverse, info)``. ``inverse`` contains the result of inverting ``A`` and
    ``info`` stores the LAPACK error codes (``0`` where the inversion succeeded). If ``A`` is not
    invertible and ``check_errors`` is ``False``, glassnet fills ``inverse`` with NaN and sets every
    ``info`` entry of the batch to ``1``.

    Args:
        A (Tensor): tensor of shape ``(*, n, n)`` where ``*`` is zero or more batch dimensions consisting
            of square matrices.
        check_errors (bool, optional): controls whether to check the content of ``info``. Default:
            ``False``.

    Example:
        >>> inverse, info = glassnet.linalg.inv_ex(glassnet.tensor([[2.0, 0.0], [0.0, 4.0]]))
        >>> inverse
        tensor([[0.5000, 0.0000],
                [0.0000, 0.2500]])
        >>> info
        tensor(0, dtype=glassnet.int32)
    """
    a = _t(A)
    try:
        return _inv_ex(inv(a), Tensor._wrap(a.xp.zeros(a._data.shape[:-2], dtype="int32")))
    except LinAlgError:
        if check_errors:
            raise
        nan = a.xp.full(a._data.shape, a.xp.nan, dtype=a._data.dtype)
        return _inv_ex(Tensor._wrap(nan), Tensor._wrap(a.xp.ones(a._data.shape[:-2], dtype="int32")))


def det(A: Any) -> Tensor:  # noqa: N803
    """Computes the determinant of a square matrix.

    Supports input of float and double dtypes, and batches of matrices: if ``A`` is a batch of matrices
    then the output has the same batch dimensions. ``glassnet.det`` and ``Tensor.det`` are the same
    function.

    Args:
        A (Tensor): tensor of shape ``(*, n, n)`` where ``*`` is zero or more batch dimensions.

    Example:
        >>> A = glassnet.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> glassnet.linalg.det(A)
        tensor(-2.)
        >>> glassnet.det(glassnet.eye(3).expand(2, 3, 3) * 2)
        tensor([8., 8.])
    """
    a = _t(A)
    _square("linalg.det", a)
    return linalg_ops.Det.apply(a)


def slogdet(A: Any) -> Any:  # noqa: N803
    """Computes the sign and natural logarithm of the absolute value of the determinant of a square matrix.

    Supports input of float and double dtypes, and batches of matrices. The determinant can be recovered
    as ``sign * exp(logabsdet)``. When the determinant is zero, ``sign = 0`` and ``logabsdet = -inf``.
    The gradient flows through ``logabsdet``; ``sign`` has a zero gradient. ``glassnet.slogdet`` is the
    same function.

    Args:
        A (Tensor): tensor of shape ``(*, n, n)`` where ``*`` is zero or more batch dimensions.

    Returns:
        A named tuple ``(sign, logabsdet)``.

    Example:
        >>> A = glassnet.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> glassnet.linalg.slogdet(A)
        slogdet(sign=tensor(-1.), logabsdet=tensor(0.6931))
    """
    a = _t(A)
    _square("linalg.slogdet", a)
    logabs = linalg_ops.SlogDet.apply(a)
    sign = Tensor._wrap(a.xp.sign(a.xp.linalg.det(a._data)).astype(a._data.dtype))
    # the sign is piecewise constant: in the graph (like PyTorch's) with a zero gradient
    in_graph = a.masked_fill(a.xp.ones(a._data.shape, dtype=bool), 0).sum((-2, -1))
    return _slogdet(sign + in_graph, logabs)


def solve(A: Any, B: Any, *, left: bool = True) -> Tensor:  # noqa: N803
    r"""Computes the solution of a square system of linear equations with a unique solution.

    That is ``X`` such that ``A X = B`` (or ``X A = B`` with ``left=False``).

    Letting :math:`\mathbb{K}` be :math:`\mathbb{R}`, this function computes the solution
    :math:`X \in \mathbb{K}^{n \times k}` of the linear system associated to
    :math:`A \in \mathbb{K}^{n \times n}, B \in \mathbb{K}^{n \times k}`, which is defined as
    :math:`AX = B`. This system of linear equations has one solution if and only if :math:`A` is
    invertible. Supports batches of matrices, and ``B`` may be a (batch of) vector of shape ``(*, n)``.

    Args:
        A (Tensor): tensor of shape ``(*, n, n)`` where ``*`` is zero or more batch dimensions.
        B (Tensor): right-hand side tensor of shape ``(*, n)`` or ``(*, n, k)`` or ``(n,)`` or ``(n, k)``,
            of ``A``'s dtype.
        left (bool, optional): whether to solve the system :math:`AX=B` or :math:`XA = B`. Default:
            ``True``.

    Example:
        >>> A = glassnet.tensor([[3.0, 1.0], [1.0, 2.0]])
        >>> b = glassnet.tensor([9.0, 8.0])
        >>> glassnet.linalg.solve(A, b)
        tensor([2., 3.])
    """
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
    out = linalg_ops.Solve.apply(a, b)
    return out.squeeze(-1) if vector else out


def solve_triangular(A: Any, B: Any, *, upper: bool, left: bool = True,  # noqa: N803
                     unitriangular: bool = False) -> Tensor:
    """Computes the solution of a triangular system of linear equations with a unique solution.

    That is ``X`` such that ``A X = B`` (or ``X A = B`` with ``left=False``), reading only the upper
    (``upper=True``) or lower triangle of ``A``.

    Supports batches of matrices.

    Args:
        A (Tensor): tensor of shape ``(*, n, n)`` (or ``(*, k, k)`` if ``left=False``) where ``*`` is
            zero or more batch dimensions.
        B (Tensor): right-hand side tensor of shape ``(*, n, k)``.
        upper (bool): whether ``A`` is an upper or lower triangular matrix (keyword only).
        left (bool, optional): whether to solve the system :math:`AX=B` or :math:`XA = B`. Default:
            ``True``.
        unitriangular (bool, optional): if ``True``, the diagonal elements of ``A`` are assumed to be all
            equal to 1. Default: ``False``.

    Example:
        >>> A = glassnet.tensor([[2.0, 1.0], [0.0, 4.0]])
        >>> B = glassnet.tensor([[4.0], [8.0]])
        >>> glassnet.linalg.solve_triangular(A, B, upper=True)
        tensor([[1.],
                [2.]])
    """
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
    """Computes the Cholesky decomposition of a real symmetric positive-definite matrix.

    ``A = L L^T`` with ``L`` lower triangular with positive diagonal (or ``A = U^T U`` with ``upper=True``).

    Supports input of float and double dtypes, and batches of matrices. Raises a
    :class:`glassnet.linalg.LinAlgError` if ``A`` is not positive-definite. ``glassnet.cholesky`` is the
    same function.

    Args:
        A (Tensor): tensor of shape ``(*, n, n)`` where ``*`` is zero or more batch dimensions consisting
            of symmetric positive-definite matrices.
        upper (bool, optional): whether to return an upper triangular matrix. Default: ``False``.

    Example:
        >>> A = glassnet.tensor([[4.0, 2.0], [2.0, 3.0]])
        >>> L = glassnet.linalg.cholesky(A)
        >>> L
        tensor([[2.0000, 0.0000],
                [1.0000, 1.4142]])
        >>> L @ L.mT
        tensor([[4., 2.],
                [2., 3.]])
    """
    a = _t(A)
    _square("linalg.cholesky", a)
    lower = linalg_ops.Cholesky.apply(a)
    return lower.mT if upper else lower


def cholesky_ex(A: Any, *, upper: bool = False, check_errors: bool = False) -> Any:  # noqa: N803
    """Computes the Cholesky decomposition of a symmetric positive-definite matrix, without raising.

    Returns a namedtuple ``(L, info)``: ``info`` is ``0`` where the decomposition succeeded, and otherwise
    the order of the leading minor that is not positive-definite (as LAPACK reports it), with ``L`` then
    filled with zeros.

    Args:
        A (Tensor): tensor of shape ``(*, n, n)`` where ``*`` is zero or more batch dimensions.
        upper (bool, optional): whether to return an upper triangular matrix. Default: ``False``.
        check_errors (bool, optional): controls whether to raise an error when ``info`` is nonzero.
            Default: ``False``.

    Example:
        >>> glassnet.linalg.cholesky_ex(glassnet.tensor([[1.0, 2.0], [2.0, 1.0]])).info
        tensor(2, dtype=glassnet.int32)
    """
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
    packed = linalg_ops.Factorize.apply(a, kind, option)
    return linalg_ops.unpack(_TensorNS, packed, linalg_ops.factor_shapes(kind, a._data.shape, option))


class _TensorNS:
    """The one helper ``unpack`` needs, on Tensors."""

    @staticmethod
    def reshape(x: Tensor, shape: tuple) -> Tensor:
        return x.reshape(shape)


def qr(A: Any, mode: str = "reduced") -> Any:  # noqa: N803
    """Computes the QR decomposition of a matrix.

    ``A = Q R`` with ``Q`` orthonormal (its columns) and ``R`` upper triangular.

    Supports input of float and double dtypes, and batches of matrices. The parameter ``mode`` chooses
    between the full and reduced QR decomposition. If ``A`` has shape ``(*, m, n)``, denoting
    ``k = min(m, n)``:

    - ``mode='reduced'`` (default): returns ``(Q, R)`` of shapes ``(*, m, k)``, ``(*, k, n)``.
    - ``mode='complete'``: returns ``(Q, R)`` of shapes ``(*, m, m)``, ``(*, m, n)``.
    - ``mode='r'``: computes only the reduced ``R``; returns ``(Q, R)`` with ``Q`` empty.

    Args:
        A (Tensor): tensor of shape ``(*, m, n)`` where ``*`` is zero or more batch dimensions.
        mode (str, optional): one of ``'reduced'``, ``'complete'``, ``'r'``. Default: ``'reduced'``.

    Returns:
        A named tuple ``(Q, R)``.

    Example:
        >>> A = glassnet.tensor([[12.0, -51.0, 4.0], [6.0, 167.0, -68.0], [-4.0, 24.0, -41.0]])
        >>> Q, R = glassnet.linalg.qr(A)
        >>> R.abs().round()
        tensor([[ 14.,  21.,  14.],
                [  0., 175.,  70.],
                [  0.,   0.,  35.]])
        >>> glassnet.allclose(Q @ R, A, atol=1e-4)
        True
        >>> [t.shape for t in glassnet.linalg.qr(glassnet.zeros(4, 2), mode='complete')]
        [glassnet.Size([4, 4]), glassnet.Size([4, 2])]
    """
    a = _t(A)
    _float("linalg.qr", a)
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', "
                           "or 'complete'")
    q, r = _factorize(a, "qr", mode)
    return _qr(q, r)


def svd(A: Any, full_matrices: bool = True) -> Any:  # noqa: N803
    """Computes the singular value decomposition (SVD) of a matrix.

    ``A = U diag(S) Vh`` with ``S`` descending.

    Supports input of float and double dtypes, and batches of matrices. With ``A`` of shape
    ``(*, m, n)`` and ``k = min(m, n)``, ``full_matrices=True`` returns ``U`` of shape ``(*, m, m)`` and
    ``Vh`` of shape ``(*, n, n)``; ``full_matrices=False`` (the reduced SVD) returns ``(*, m, k)`` and
    ``(*, k, n)``. ``S`` has shape ``(*, k)``. The singular vectors are unique only up to sign.

    Args:
        A (Tensor): tensor of shape ``(*, m, n)`` where ``*`` is zero or more batch dimensions.
        full_matrices (bool, optional): controls whether to compute the full or reduced SVD, and
            consequently, the shape of the returned tensors ``U`` and ``Vh``. Default: ``True``.

    Returns:
        A named tuple ``(U, S, Vh)``.

    Example:
        >>> A = glassnet.tensor([[3.0, 0.0], [0.0, -2.0], [0.0, 0.0]])
        >>> U, S, Vh = glassnet.linalg.svd(A, full_matrices=False)
        >>> S
        tensor([3., 2.])
        >>> U.shape, Vh.shape
        (glassnet.Size([3, 2]), glassnet.Size([2, 2]))
        >>> glassnet.allclose(U @ glassnet.diag(S) @ Vh, A)
        True
    """
    a = _t(A)
    _float("linalg.svd", a)
    return _svd(*_factorize(a, "svd", bool(full_matrices)))


def svdvals(A: Any) -> Tensor:  # noqa: N803
    """Computes the singular values of a matrix, in descending order.

    Supports input of float and double dtypes, and batches of matrices. Equivalent to
    ``glassnet.linalg.svd(A, full_matrices=False).S``.

    Args:
        A (Tensor): tensor of shape ``(*, m, n)`` where ``*`` is zero or more batch dimensions.

    Returns:
        Tensor: real-valued tensor of shape ``(*, min(m, n))``.

    Example:
        >>> glassnet.linalg.svdvals(glassnet.tensor([[3.0, 0.0], [0.0, -2.0], [0.0, 0.0]]))
        tensor([3., 2.])
    """
    return svd(A, full_matrices=False).S


def eigh(A: Any, UPLO: str = "L") -> Any:  # noqa: N803
    """Computes the eigenvalue decomposition of a real symmetric matrix.

    ``A = Q diag(L) Q^T``.

    Supports input of float and double dtypes, and batches of matrices. ``A`` is assumed to be symmetric
    and only its lower triangle (``UPLO='L'``) or upper triangle (``UPLO='U'``) is read. The eigenvalues
    are returned in ascending order; the eigenvectors (the columns of ``Q``) are unique only up to sign.

    Args:
        A (Tensor): tensor of shape ``(*, n, n)`` where ``*`` is zero or more batch dimensions consisting
            of symmetric matrices.
        UPLO ('L', 'U', optional): controls whether to use the upper or lower triangular part of ``A`` in
            the computations. Default: ``'L'``.

    Returns:
        A named tuple ``(eigenvalues, eigenvectors)``.

    Example:
        >>> A = glassnet.tensor([[2.0, 1.0], [1.0, 2.0]])
        >>> L, Q = glassnet.linalg.eigh(A)
        >>> L
        tensor([1., 3.])
        >>> glassnet.allclose(Q @ glassnet.diag(L) @ Q.mT, A)
        True
    """
    a = _t(A)
    _square("linalg.eigh", a)
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    w, v = _factorize(a, "eigh", UPLO)
    return _eigh(w, v)


def eigvalsh(A: Any, UPLO: str = "L") -> Tensor:  # noqa: N803
    """Computes the eigenvalues of a real symmetric matrix, in ascending order.

    Supports input of float and double dtypes, and batches of matrices. Only the lower (``UPLO='L'``) or
    upper (``UPLO='U'``) triangle of ``A`` is read.

    Args:
        A (Tensor): tensor of shape ``(*, n, n)`` where ``*`` is zero or more batch dimensions consisting
            of symmetric matrices.
        UPLO ('L', 'U', optional): controls whether to use the upper or lower triangular part of ``A`` in
            the computations. Default: ``'L'``.

    Returns:
        Tensor: a real-valued tensor of shape ``(*, n)``.

    Example:
        >>> glassnet.linalg.eigvalsh(glassnet.tensor([[2.0, 1.0], [1.0, 2.0]]))
        tensor([1., 3.])
    """
    return eigh(A, UPLO).eigenvalues


# ---- built from the above -----------------------------------------------------------------------------------
def multi_dot(tensors: Any) -> Tensor:
    """Multiplies two or more matrices in a chain.

    PyTorch reorders the products so that the fewest arithmetic operations are performed; glassnet
    multiplies the chain left to right (the same result up to rounding). The first tensor may be 1-D
    (treated as a row vector) and the last may be 1-D (a column vector); the others must be 2-D.

    Args:
        tensors (Sequence[Tensor]): two or more tensors to multiply.

    Example:
        >>> A = glassnet.arange(6.0).reshape(2, 3)
        >>> B = glassnet.arange(12.0).reshape(3, 4)
        >>> glassnet.linalg.multi_dot([glassnet.tensor([1.0, 1.0]), A, B])
        tensor([ 76.,  91., 106., 121.])
    """
    ts = [_t(t) for t in tensors]
    if len(ts) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(ts)}")
    out = ts[0]
    for t in ts[1:]:
        out = out @ t
    return out


def cross(input: Any, other: Any, *, dim: int = -1) -> Tensor:  # noqa: A002
    """Computes the cross product of two 3-dimensional vectors along ``dim``.

    Supports batches of vectors, for which it computes the product along the dimension ``dim``; it
    broadcasts over the batch dimensions.

    Args:
        input (Tensor): the first input tensor.
        other (Tensor): the second input tensor.
        dim (int, optional): the dimension along which to take the cross-product. Default: ``-1``.

    Example:
        >>> a = glassnet.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
        >>> b = glassnet.tensor([[0.0, 0.0, 1.0]])
        >>> glassnet.linalg.cross(a, b)
        tensor([[ 0., -1.,  0.],
                [ 1.,  0.,  0.]])
    """
    a, b = _t(input), _t(other)
    if a.ndim != b.ndim:
        raise RuntimeError(f"linalg.cross: inputs must have the same number of dimensions, got shapes "
                           f"{list(a.shape)} and {list(b.shape)}")
    d = dim % max(a.ndim, b.ndim)
    if a.shape[d] != 3 or b.shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {a.shape[d]} and "
                           f"{b.shape[d]}")
    a0, a1, a2 = a.unbind(d)
    b0, b1, b2 = b.unbind(d)
    from .functions import stack

    return stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], d)


def vecdot(x: Any, y: Any, *, dim: int = -1) -> Tensor:
    """Computes the dot product of two batches of vectors along a dimension.

    Supports broadcasting: the result has the broadcast shape of ``x`` and ``y`` without ``dim``.

    Args:
        x (Tensor): first batch of vectors of shape ``(*, n)``.
        y (Tensor): second batch of vectors of shape ``(*, n)``.
        dim (int, optional): dimension along which to compute the dot product. Default: ``-1``.

    Example:
        >>> v1 = glassnet.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        >>> v2 = glassnet.tensor([1.0, 0.0, -1.0])
        >>> glassnet.linalg.vecdot(v1, v2)
        tensor([-2., -2.])
    """
    return (_t(x) * _t(y)).sum(dim)


def pinv(A: Any, *, atol: float | None = None, rtol: float | None = None, hermitian: bool = False) -> Tensor:  # noqa: N803
    """Computes the pseudoinverse (Moore-Penrose inverse) of a matrix, from its SVD.

    Supports input of float and double dtypes, and batches of matrices. Singular values below
    ``max(atol, sigma_1 * rtol)``, with ``sigma_1`` the largest singular value, are treated as zero.
    If ``rtol`` is not given, it is the eps of ``A``'s dtype times ``max(m, n)`` when ``atol`` is not
    given or not positive, and ``0`` when ``atol`` is positive. ``glassnet.pinverse`` is the same
    function (it takes ``atol``/``rtol``, not PyTorch's older ``rcond``).

    Args:
        A (Tensor): tensor of shape ``(*, m, n)`` where ``*`` is zero or more batch dimensions.
        atol (float, optional): the absolute tolerance value. Default: ``None`` (zero).
        rtol (float, optional): the relative tolerance value. See above for its default. Default: ``None``.
        hermitian (bool, optional): accepted for compatibility; glassnet always uses the SVD. Default:
            ``False``.

    Example:
        >>> A = glassnet.tensor([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
        >>> glassnet.linalg.pinv(A)
        tensor([[1.0000, 0.0000, 0.0000],
                [0.0000, 0.5000, 0.0000]])
    """
    a = _t(A)
    u, s, vh = svd(a, full_matrices=False)
    smax = s._data.max(axis=-1, keepdims=True) if s._data.size else s._data
    if rtol is None:
        # as torch: the eps-based default unless a positive atol is given
        rtol = max(a._data.shape[-2:]) * a.xp.finfo(a._data.dtype).eps if atol is None or atol <= 0 else 0.0
    tol = a.xp.maximum(atol or 0.0, rtol * smax)
    keep = s._data > tol
    s_inv = (1 / s.masked_fill(~keep, 1)).masked_fill(~keep, 0)
    return (vh.mT * s_inv.unsqueeze(-2)) @ u.mT


def matrix_rank(A: Any, *, atol: float | None = None, rtol: float | None = None, hermitian: bool = False) -> Tensor:  # noqa: N803
    """Computes the numerical rank of a matrix.

    The rank is the number of singular values greater than ``max(atol, sigma_1 * rtol)``, with
    ``sigma_1`` the largest singular value. Supports input of float and double dtypes, and batches of
    matrices. If ``rtol`` is not given, it is the eps of ``A``'s dtype times ``max(m, n)`` when ``atol``
    is not given or not positive, and ``0`` when ``atol`` is positive. ``glassnet.matrix_rank`` is the
    same function.

    Args:
        A (Tensor): tensor of shape ``(*, m, n)`` where ``*`` is zero or more batch dimensions.
        atol (float, optional): the absolute tolerance value. Default: ``None`` (zero).
        rtol (float, optional): the relative tolerance value. See above for its default. Default: ``None``.
        hermitian (bool, optional): accepted for compatibility; glassnet always uses the SVD. Default:
            ``False``.

    Returns:
        Tensor: an int64 tensor of shape ``*``.

    Example:
        >>> glassnet.linalg.matrix_rank(glassnet.tensor([[1.0, 2.0], [2.0, 4.0]]))
        tensor(1)
        >>> glassnet.linalg.matrix_rank(glassnet.eye(3))
        tensor(3)
    """
    a = _t(A)
    s = a.xp.linalg.svd(a._data, compute_uv=False)
    smax = s.max(axis=-1, keepdims=True) if s.size else s
    if rtol is None:
        # as torch: the eps-based default unless a positive atol is given
        rtol = max(a._data.shape[-2:]) * a.xp.finfo(a._data.dtype).eps if atol is None or atol <= 0 else 0.0
    tol = a.xp.maximum(atol or 0.0, rtol * smax)
    return Tensor._wrap((s > tol).sum(axis=-1).astype("int64"))


# ---- the older top-level spellings (glassnet.det, glassnet.inverse ...) and Tensor methods ------------------
def logdet(input: Any) -> Tensor:  # noqa: A002
    """Calculates the log determinant of a square matrix or batches of square matrices.

    The result is ``-inf`` where the determinant is zero, and ``nan`` where it is negative.
    ``Tensor.logdet`` is the same function; see also :func:`glassnet.linalg.slogdet`.

    Args:
        input (Tensor): the input tensor of size ``(*, n, n)`` where ``*`` is zero or more batch
            dimensions.

    Example:
        >>> glassnet.logdet(glassnet.tensor([[2.0, 0.0], [0.0, 3.0]]))
        tensor(1.7918)
        >>> glassnet.logdet(glassnet.tensor([[0.0, 1.0], [1.0, 0.0]]))
        tensor(nan)
    """
    sign, logabs = slogdet(input)
    xp = sign.xp
    return logabs + Tensor._wrap(xp.where(sign._data < 0, xp.nan, 0).astype(sign._data.dtype))


def svd_torch(input: Any, some: bool = True, compute_uv: bool = True) -> Any:  # noqa: A002
    """Computes the singular value decomposition of ``input`` as ``(U, S, V)``.

    ``input = U diag(S) V^T``. This is ``glassnet.svd``, PyTorch's older spelling of
    :func:`glassnet.linalg.svd`, which returns ``Vh = V^T`` instead of ``V``.

    Args:
        input (Tensor): the input tensor of size ``(*, m, n)`` where ``*`` is zero or more batch dimensions.
        some (bool, optional): controls whether to compute the reduced (``True``) or full (``False``)
            decomposition. Default: ``True``.
        compute_uv (bool, optional): if ``False``, ``U`` and ``V`` are returned zero-filled. Default:
            ``True``.

    Example:
        >>> U, S, V = glassnet.svd(glassnet.tensor([[3.0, 0.0], [0.0, -2.0], [0.0, 0.0]]))
        >>> S
        tensor([3., 2.])
        >>> U.shape, V.shape
        (glassnet.Size([3, 2]), glassnet.Size([2, 2]))
    """
    u, s, vh = svd(input, full_matrices=not some)
    if not compute_uv:
        return _svd_old(Tensor._wrap(u.xp.zeros_like(u._data)), s, Tensor._wrap(vh.xp.zeros_like(vh._data)))
    return _svd_old(u, s, vh.mT)


def qr_torch(input: Any, some: bool = True) -> Any:  # noqa: A002
    """Computes the QR decomposition of a matrix or a batch of matrices ``input``.

    It returns a namedtuple ``(Q, R)``. This is ``glassnet.qr``, PyTorch's older spelling of
    :func:`glassnet.linalg.qr`.

    Args:
        input (Tensor): the input tensor of size ``(*, m, n)`` where ``*`` is zero or more batch
            dimensions.
        some (bool, optional): ``True`` for the reduced QR decomposition (``mode='reduced'``), ``False``
            for the complete one (``mode='complete'``). Default: ``True``.

    Example:
        >>> Q, R = glassnet.qr(glassnet.zeros(4, 2))
        >>> Q.shape, R.shape
        (glassnet.Size([4, 2]), glassnet.Size([2, 2]))
    """
    return qr(input, "reduced" if some else "complete")


_svd_old = namedtuple("svd", ["U", "S", "V"])

# PyTorch's older top-level spellings: glassnet.det, glassnet.inverse ... (the Tensor methods of the same
# names are declared in tensor_methods.py).
TOP_LEVEL = {"det": det, "logdet": logdet, "slogdet": slogdet, "inverse": inv, "cholesky": cholesky,
             "svd": svd_torch, "qr": qr_torch, "pinverse": pinv, "matrix_rank": matrix_rank}
