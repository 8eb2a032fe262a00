"""Products with PyTorch's strict shapes: dot, vdot, inner, mm, bmm, mv, outer, addmm, addmv, baddbmm,
addbmm, addr, matrix_power, kron, tensordot and einsum. The products reuse the MatMul op (its gradients
and batch rules); einsum is its own op.
"""

from __future__ import annotations

from types import FunctionType
from typing import Any

from .math_functions import scalar_type_name
from .ops import matmul as matmul_ops
from .ops.einsum import Einsum, normalize_equation
from .tensor import Tensor


def _t(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _same_dtype(op: str, a: Tensor, b: Tensor) -> None:
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"{op}: expected both arguments to have the same dtype, but found "
                           f"{scalar_type_name(a._data.dtype)} and {scalar_type_name(b._data.dtype)}")


def _need_ndim(op: str, name: str, x: Tensor, ndim: int) -> None:
    if x.ndim != ndim:
        raise RuntimeError(f"{op}: Expected {ndim}-D argument {name}, but got {x.ndim}-D")


def dot(input: Any, tensor: Any) -> Tensor:  # noqa: A002
    """Computes the dot product of two 1-D tensors: ``sum(input * tensor)``.

    Unlike NumPy's ``dot``, both must be 1-D, of the same length and dtype (as in PyTorch).
    ``glassnet.vdot`` is an alias (real tensors need no conjugation).

    Args:
        input (Tensor): the first tensor in the dot product, 1-D.
        tensor (Tensor): the second tensor in the dot product, 1-D.

    Example:
        >>> glassnet.dot(glassnet.tensor([2.0, 3.0]), glassnet.tensor([2.0, 1.0]))
        tensor(7.)
    """
    a, b = _t(input), _t(tensor)
    _need_ndim("dot", "self", a, 1)
    _need_ndim("dot", "tensor", b, 1)
    _same_dtype("dot", a, b)
    if a._data.shape != b._data.shape:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{a._data.shape[0]}] and src [{b._data.shape[0]}] to have "
            f"the same number of elements, but got {a._data.shape[0]} and {b._data.shape[0]} elements respectively"
        )
    return matmul_ops.MatMul.apply(a, b)


vdot = dot  # the same for real tensors


def inner(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes the dot product for 1-D tensors; for higher dimensions, sums the product of elements from
    :attr:`input` and :attr:`other` along their last dimension.

    If either is 0-d, the result is the other multiplied by that scalar. The result has shape
    ``input.shape[:-1] + other.shape[:-1]``.

    Args:
        input (Tensor): the first input tensor.
        other (Tensor): the second input tensor (its last dimension matches :attr:`input`'s).

    Example:
        >>> glassnet.inner(glassnet.tensor([1.0, 2.0, 3.0]), glassnet.tensor([0.0, 2.0, 1.0]))
        tensor(7.)
        >>> glassnet.inner(glassnet.ones(2, 3), glassnet.ones(4, 3)).shape
        glassnet.Size([2, 4])
    """
    a, b = _t(input), _t(other)
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    return tensordot(a, b, ([-1], [-1]))


def mm(input: Any, mat2: Any) -> Tensor:  # noqa: A002
    """Performs a matrix multiplication of the matrices :attr:`input` and :attr:`mat2`.

    No broadcasting (see :func:`glassnet.matmul` for that); both must be 2-D and of one dtype.

    Args:
        input (Tensor): the first matrix to be matrix multiplied.
        mat2 (Tensor): the second matrix to be matrix multiplied.

    Shape:
        - input: ``(n, m)``
        - mat2: ``(m, p)``
        - Output: ``(n, p)``

    Example:
        >>> glassnet.mm(glassnet.tensor([[1.0, 2.0], [3.0, 4.0]]), glassnet.tensor([[1.0], [1.0]]))
        tensor([[3.],
                [7.]])
    """
    a, b = _t(input), _t(mat2)
    _need_ndim("mm", "self", a, 2)
    _need_ndim("mm", "mat2", b, 2)
    _same_dtype("mm", a, b)
    if a._data.shape[1] != b._data.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
                           f"{b.shape[0]}x{b.shape[1]})")
    return matmul_ops.MatMul.apply(a, b)


def bmm(input: Any, mat2: Any) -> Tensor:  # noqa: A002
    """Performs a batch matrix-matrix product of matrices stored in :attr:`input` and :attr:`mat2`.

    Both must be 3-D with the same number of matrices; there is no broadcasting (see
    :func:`glassnet.matmul` for that).

    Args:
        input (Tensor): the first batch of matrices to be multiplied.
        mat2 (Tensor): the second batch of matrices to be multiplied.

    Shape:
        - input: ``(b, n, m)``
        - mat2: ``(b, m, p)``
        - Output: ``(b, n, p)``

    Example:
        >>> glassnet.bmm(glassnet.randn(10, 3, 4), glassnet.randn(10, 4, 5)).shape
        glassnet.Size([10, 3, 5])
    """
    a, b = _t(input), _t(mat2)
    _need_ndim("bmm", "batch1", a, 3)
    _need_ndim("bmm", "batch2", b, 3)
    _same_dtype("bmm", a, b)
    want = [a._data.shape[0], a._data.shape[2]]
    if list(b._data.shape[:2]) != want:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: {want} but got: "
                           f"{list(b._data.shape[:2])}.")
    return matmul_ops.MatMul.apply(a, b)


def mv(input: Any, vec: Any) -> Tensor:  # noqa: A002
    """Performs a matrix-vector product of the matrix :attr:`input` and the vector :attr:`vec`.

    Args:
        input (Tensor): the matrix to be multiplied, 2-D.
        vec (Tensor): the vector to be multiplied, 1-D.

    Shape:
        - input: ``(n, m)``
        - vec: ``(m,)``
        - Output: ``(n,)``

    Example:
        >>> glassnet.mv(glassnet.tensor([[1.0, 2.0], [3.0, 4.0]]), glassnet.tensor([1.0, -1.0]))
        tensor([-1., -1.])
    """
    a, v = _t(input), _t(vec)
    _need_ndim("mv", "self", a, 2)
    _need_ndim("mv", "vec", v, 1)
    _same_dtype("mv", a, v)
    if a._data.shape[1] != v._data.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat ({a.shape[0]}x{a.shape[1]}), "
                           f"vec ({v.shape[0]})")
    return matmul_ops.MatMul.apply(a, v)


def outer(input: Any, vec2: Any) -> Tensor:  # noqa: A002
    """Outer product of :attr:`input` and :attr:`vec2`: ``out[i, j] = input[i] * vec2[j]``.

    ``glassnet.ger`` is an alias.

    Args:
        input (Tensor): a 1-D input vector of size ``n``.
        vec2 (Tensor): a 1-D input vector of size ``m``.

    Shape:
        - Output: ``(n, m)``

    Example:
        >>> glassnet.outer(glassnet.arange(1.0, 4.0), glassnet.arange(1.0, 3.0))
        tensor([[1., 2.],
                [2., 4.],
                [3., 6.]])
    """
    a, b = _t(input), _t(vec2)
    _need_ndim("outer", "self", a, 1)
    _need_ndim("outer", "vec2", b, 1)
    return a.reshape(-1, 1) * b.reshape(1, -1)


ger = outer


def _scaled_sum(input: Any, product: Tensor, beta: Any, alpha: Any) -> Tensor:  # noqa: A002
    """beta * input + alpha * product; beta = 0 ignores input entirely (even its NaNs), as PyTorch does."""
    out = product if alpha == 1 else product * alpha
    x = _t(input)
    if beta == 0:  # masked_fill, not x * 0: NaN * 0 would still be NaN
        return out + x.masked_fill(x.xp.ones(x._data.shape, dtype=bool), 0)
    return out + (x if beta == 1 else x * beta)


def addmm(input: Any, mat1: Any, mat2: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:  # noqa: A002
    """Performs a matrix multiplication of the matrices :attr:`mat1` and :attr:`mat2`, and adds
    :attr:`input`: ``out = beta * input + alpha * (mat1 @ mat2)``.

    :attr:`input` broadcasts to the shape of the product.

    Args:
        input (Tensor): the matrix to be added.
        mat1 (Tensor): the first matrix to be matrix multiplied, ``(n, m)``.
        mat2 (Tensor): the second matrix to be matrix multiplied, ``(m, p)``.

    Keyword args:
        beta (Number, optional): the multiplier for :attr:`input`. Default: ``1``; ``0`` ignores
            :attr:`input` entirely (even its NaNs), as in PyTorch.
        alpha (Number, optional): the multiplier for the product. Default: ``1``.

    Example:
        >>> m1, m2 = glassnet.tensor([[1.0, 2.0], [3.0, 4.0]]), glassnet.eye(2)
        >>> glassnet.addmm(glassnet.tensor([10.0, 20.0]), m1, m2, beta=0.5, alpha=2)
        tensor([[ 7., 14.],
                [11., 18.]])
    """
    return _scaled_sum(input, mm(mat1, mat2), beta, alpha)


def addmv(input: Any, mat: Any, vec: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:  # noqa: A002
    """Performs a matrix-vector product of the matrix :attr:`mat` and the vector :attr:`vec`, and adds
    :attr:`input`: ``out = beta * input + alpha * (mat @ vec)``.

    Args:
        input (Tensor): the vector to be added (broadcast to ``(n,)``).
        mat (Tensor): the matrix to be multiplied, ``(n, m)``.
        vec (Tensor): the vector to be multiplied, ``(m,)``.

    Keyword args:
        beta (Number, optional): the multiplier for :attr:`input`. Default: ``1``; ``0`` ignores
            :attr:`input` entirely (even its NaNs), as in PyTorch.
        alpha (Number, optional): the multiplier for the product. Default: ``1``.

    Example:
        >>> glassnet.addmv(glassnet.ones(2), glassnet.tensor([[1.0, 2.0], [3.0, 4.0]]), glassnet.tensor([1.0, 1.0]))
        tensor([4., 8.])
    """
    return _scaled_sum(input, mv(mat, vec), beta, alpha)


def baddbmm(input: Any, batch1: Any, batch2: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:  # noqa: A002
    """Performs a batch matrix-matrix product of matrices in :attr:`batch1` and :attr:`batch2`, and adds
    :attr:`input`: ``out_i = beta * input_i + alpha * (batch1_i @ batch2_i)``.

    Args:
        input (Tensor): the tensor to be added (broadcast to ``(b, n, p)``).
        batch1 (Tensor): the first batch of matrices to be multiplied, ``(b, n, m)``.
        batch2 (Tensor): the second batch of matrices to be multiplied, ``(b, m, p)``.

    Keyword args:
        beta (Number, optional): the multiplier for :attr:`input`. Default: ``1``; ``0`` ignores
            :attr:`input` entirely (even its NaNs), as in PyTorch.
        alpha (Number, optional): the multiplier for the product. Default: ``1``.

    Example:
        >>> glassnet.baddbmm(glassnet.zeros(1, 3, 5), glassnet.randn(10, 3, 4), glassnet.randn(10, 4, 5)).shape
        glassnet.Size([10, 3, 5])
    """
    return _scaled_sum(input, bmm(batch1, batch2), beta, alpha)


def addbmm(input: Any, batch1: Any, batch2: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:  # noqa: A002
    """Performs a batch matrix-matrix product of matrices in :attr:`batch1` and :attr:`batch2`, sums the
    products over the batch, and adds :attr:`input`:
    ``out = beta * input + alpha * sum_i(batch1_i @ batch2_i)``.

    Args:
        input (Tensor): the matrix to be added (broadcast to ``(n, p)``).
        batch1 (Tensor): the first batch of matrices to be multiplied, ``(b, n, m)``.
        batch2 (Tensor): the second batch of matrices to be multiplied, ``(b, m, p)``.

    Keyword args:
        beta (Number, optional): the multiplier for :attr:`input`. Default: ``1``; ``0`` ignores
            :attr:`input` entirely (even its NaNs), as in PyTorch.
        alpha (Number, optional): the multiplier for the product. Default: ``1``.

    Example:
        >>> glassnet.addbmm(glassnet.zeros(2, 2), glassnet.ones(3, 2, 4), glassnet.ones(3, 4, 2))
        tensor([[12., 12.],
                [12., 12.]])
    """
    return _scaled_sum(input, bmm(batch1, batch2).sum(0), beta, alpha)


def addr(input: Any, vec1: Any, vec2: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:  # noqa: A002
    """Performs the outer-product of vectors :attr:`vec1` and :attr:`vec2` and adds it to the matrix
    :attr:`input`: ``out = beta * input + alpha * outer(vec1, vec2)``.

    Args:
        input (Tensor): the matrix to be added (broadcast to ``(n, m)``).
        vec1 (Tensor): the first vector of the outer product, ``(n,)``.
        vec2 (Tensor): the second vector of the outer product, ``(m,)``.

    Keyword args:
        beta (Number, optional): the multiplier for :attr:`input`. Default: ``1``; ``0`` ignores
            :attr:`input` entirely (even its NaNs), as in PyTorch.
        alpha (Number, optional): the multiplier for the product. Default: ``1``.

    Example:
        >>> glassnet.addr(glassnet.zeros(3, 2), glassnet.arange(1.0, 4.0), glassnet.arange(1.0, 3.0))
        tensor([[1., 2.],
                [2., 4.],
                [3., 6.]])
    """
    return _scaled_sum(input, outer(vec1, vec2), beta, alpha)


def matrix_power(input: Any, n: int) -> Tensor:  # noqa: A002
    """Computes the n-th power of a square matrix (or of each matrix of a batch) for an integer n.

    ``n = 0`` gives the identity; a negative ``n`` takes the inverse of the matrix first, then its power.

    Args:
        input (Tensor): the input tensor, ``(*, m, m)``.
        n (int): the exponent.

    Example:
        >>> a = glassnet.tensor([[1.0, 1.0], [0.0, 1.0]])
        >>> glassnet.matrix_power(a, 3)
        tensor([[1., 3.],
                [0., 1.]])
        >>> glassnet.matrix_power(a, -1)
        tensor([[ 1., -1.],
                [ 0.,  1.]])
    """
    a = _t(input)
    if a.ndim < 2 or a._data.shape[-1] != a._data.shape[-2]:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but they are "
                           f"{tuple(a.shape[-2:]) if a.ndim >= 2 else tuple(a.shape)} matrices")
    if n < 0:
        from .linalg import inv

        a, n = inv(a), -n
    if n == 0:  # the identity, still in the graph (with a zero gradient) as in PyTorch
        eye = a.xp.eye(a._data.shape[-1], dtype=a._data.dtype)
        return a.masked_fill(a.xp.ones(a._data.shape, dtype=bool), 0) + eye
    result, base = None, a
    while n:  # square-and-multiply: log2(n) products
        if n & 1:
            result = base if result is None else result @ base
        n >>= 1
        if n:
            base = base @ base
    return result


def kron(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes the Kronecker product of :attr:`input` and :attr:`other`: every element of :attr:`input`
    multiplies the whole of :attr:`other`, and the products are tiled into one block tensor.

    For 2-D inputs of shapes ``(a, b)`` and ``(c, d)`` the result has shape ``(a*c, b*d)``; inputs with
    fewer dimensions get leading ones.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor.

    Example:
        >>> glassnet.kron(glassnet.eye(2), glassnet.tensor([[1.0, 2.0], [3.0, 4.0]]))
        tensor([[1., 2., 0., 0.],
                [3., 4., 0., 0.],
                [0., 0., 1., 2.],
                [0., 0., 3., 4.]])
    """
    a, b = _t(input), _t(other)
    nd = max(a.ndim, b.ndim)
    a = a.reshape((1,) * (nd - a.ndim) + tuple(a.shape))
    b = b.reshape((1,) * (nd - b.ndim) + tuple(b.shape))
    # interleave: a's dims at even positions, b's at odd ones, then merge each pair
    prod = a.reshape(sum(((n, 1) for n in a.shape), ())) * b.reshape(sum(((1, n) for n in b.shape), ()))
    return prod.reshape(tuple(x * y for x, y in zip(a.shape, b.shape)))


def tensordot(a: Any, b: Any, dims: Any = 2) -> Tensor:
    """Returns a contraction of :attr:`a` and :attr:`b` over multiple dimensions (a generalised matrix product).

    With an int :attr:`dims` ``d``, the last ``d`` dimensions of :attr:`a` are contracted with the first
    ``d`` of :attr:`b`; with a pair of lists ``(dims_a, dims_b)``, those dimensions are contracted pairwise.

    Args:
        a (Tensor): the left tensor to contract.
        b (Tensor): the right tensor to contract.
        dims (int or tuple of two lists of ints, optional): the number of dimensions to contract or
            the explicit lists of dimensions of :attr:`a` and :attr:`b`. Default: ``2``.

    Example:
        >>> a, b = glassnet.arange(60.0).reshape(3, 4, 5), glassnet.arange(24.0).reshape(4, 3, 2)
        >>> glassnet.tensordot(a, b, dims=([1, 0], [0, 1])).shape
        glassnet.Size([5, 2])
        >>> glassnet.tensordot(glassnet.ones(2, 3), glassnet.ones(3, 4), dims=1)
        tensor([[3., 3., 3., 3.],
                [3., 3., 3., 3.]])
    """
    x, y = _t(a), _t(b)
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        da, db = list(range(x.ndim - dims, x.ndim)), list(range(dims))
    else:
        da, db = ([d] if isinstance(d, int) else list(d) for d in dims)
    da = [d % x.ndim for d in da]
    db = [d % y.ndim for d in db]
    for i, j in zip(da, db):
        if x._data.shape[i] != y._data.shape[j]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {x._data.shape[i]} in dim "
                               f"{i} and second has size {y._data.shape[j]} in dim {j}")
    letters = iter("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    ta = [next(letters) for _ in range(x.ndim)]
    tb = [next(letters) for _ in range(y.ndim)]
    for i, j in zip(da, db):
        tb[j] = ta[i]
    out = [c for k, c in enumerate(ta) if k not in da] + [c for k, c in enumerate(tb) if k not in db]
    return einsum(f"{''.join(ta)},{''.join(tb)}->{''.join(out)}", x, y)


def einsum(equation: str, *operands: Any) -> Tensor:
    """Sums the product of the elements of the input :attr:`operands` along dimensions specified using a
    notation based on the Einstein summation convention.

    The equation names each operand's dimensions with letters, operands separated by commas
    (``'ij,jk'``); an optional ``->`` gives the output's letters (without it, the letters that appear
    once, in alphabetical order). Letters missing from the output are summed over; ``...`` stands for
    broadcast dimensions. All operands must have one dtype, as in PyTorch.

    Args:
        equation (str): the subscripts for the Einstein summation.
        operands (Tensor...): the tensors to compute the Einstein summation of (or one list of them).

    Example:
        >>> a, b = glassnet.tensor([[1.0, 2.0], [3.0, 4.0]]), glassnet.tensor([[0.0, 1.0], [1.0, 0.0]])
        >>> glassnet.einsum('ij,jk->ik', a, b)
        tensor([[2., 1.],
                [4., 3.]])
        >>> glassnet.einsum('ii', a)
        tensor(5.)
        >>> glassnet.einsum('bij->bji', glassnet.zeros(5, 2, 3)).shape
        glassnet.Size([5, 3, 2])
    """
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    tensors = [_t(x) for x in operands]
    terms, out = normalize_equation(equation, [t.ndim for t in tensors])
    for t in tensors[1:]:
        _same_dtype("einsum()", tensors[0], t)
    for term, t in zip(terms, tensors):
        for c, n in zip(term, t._data.shape):
            for other_term, o in zip(terms, tensors):
                for c2, n2 in zip(other_term, o._data.shape):
                    if c == c2 and n != n2 and 1 not in (n, n2):
                        raise RuntimeError(f"einsum(): operands do not broadcast with remapped shapes (original->"
                                           f"remapped): subscript {c} has sizes {n} and {n2}")
    for c in sorted(set(out) - set("".join(terms))):
        raise RuntimeError(f"einsum(): output subscript {c} does not appear in the equation for any input operand")
    return Einsum.apply(*tensors, terms=terms, out=out)


__all__ = [n for n, v in list(globals().items())
           if not n.startswith("_") and isinstance(v, FunctionType) and v.__module__ == __name__]
