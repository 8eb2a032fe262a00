"""Products with PyTorch's strict shapes: dot, vdot, inner, mm, bmm, mv, outer, addmm, addmv, baddbmm,
addbmm, addr, matrix_power, kron, tensordot and einsum. The products reuse the MatMul op (its gradients
and batch rules); einsum is its own op.
"""

from __future__ import annotations

from types import FunctionType
from typing import Any

from .math_functions import scalar_type_name
from .ops import matmul as M
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
    """Inner product of two 1-D tensors of the same length and dtype."""
    a, b = _t(input), _t(tensor)
    _need_ndim("dot", "self", a, 1)
    _need_ndim("dot", "tensor", b, 1)
    _same_dtype("dot", a, b)
    if a._data.shape != b._data.shape:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{a._data.shape[0]}] and src [{b._data.shape[0]}] to have "
            f"the same number of elements, but got {a._data.shape[0]} and {b._data.shape[0]} elements respectively"
        )
    return M.MatMul.apply(a, b)


vdot = dot  # the same for real tensors


def inner(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Sum of products over the last dims (a scalar times a tensor when either is 0-d)."""
    a, b = _t(input), _t(other)
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    return tensordot(a, b, ([-1], [-1]))


def mm(input: Any, mat2: Any) -> Tensor:  # noqa: A002
    """Product of two matrices (n, m) @ (m, p)."""
    a, b = _t(input), _t(mat2)
    _need_ndim("mm", "self", a, 2)
    _need_ndim("mm", "mat2", b, 2)
    _same_dtype("mm", a, b)
    if a._data.shape[1] != b._data.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
                           f"{b.shape[0]}x{b.shape[1]})")
    return M.MatMul.apply(a, b)


def bmm(input: Any, mat2: Any) -> Tensor:  # noqa: A002
    """Batched matrix product (b, n, m) @ (b, m, p), no broadcasting."""
    a, b = _t(input), _t(mat2)
    _need_ndim("bmm", "batch1", a, 3)
    _need_ndim("bmm", "batch2", b, 3)
    _same_dtype("bmm", a, b)
    want = [a._data.shape[0], a._data.shape[2]]
    if list(b._data.shape[:2]) != want:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: {want} but got: "
                           f"{list(b._data.shape[:2])}.")
    return M.MatMul.apply(a, b)


def mv(input: Any, vec: Any) -> Tensor:  # noqa: A002
    """Matrix-vector product (n, m) @ (m,)."""
    a, v = _t(input), _t(vec)
    _need_ndim("mv", "self", a, 2)
    _need_ndim("mv", "vec", v, 1)
    _same_dtype("mv", a, v)
    if a._data.shape[1] != v._data.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat ({a.shape[0]}x{a.shape[1]}), "
                           f"vec ({v.shape[0]})")
    return M.MatMul.apply(a, v)


def outer(input: Any, vec2: Any) -> Tensor:  # noqa: A002
    """Outer product of two 1-D tensors: out[i, j] = input[i] * vec2[j]."""
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
    """beta * input + alpha * (mat1 @ mat2)."""
    return _scaled_sum(input, mm(mat1, mat2), beta, alpha)


def addmv(input: Any, mat: Any, vec: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:  # noqa: A002
    """beta * input + alpha * (mat @ vec)."""
    return _scaled_sum(input, mv(mat, vec), beta, alpha)


def baddbmm(input: Any, batch1: Any, batch2: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:  # noqa: A002
    """beta * input + alpha * bmm(batch1, batch2)."""
    return _scaled_sum(input, bmm(batch1, batch2), beta, alpha)


def addbmm(input: Any, batch1: Any, batch2: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:  # noqa: A002
    """beta * input + alpha * (sum over the batch of batch1[i] @ batch2[i])."""
    return _scaled_sum(input, bmm(batch1, batch2).sum(0), beta, alpha)


def addr(input: Any, vec1: Any, vec2: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:  # noqa: A002
    """beta * input + alpha * outer(vec1, vec2)."""
    return _scaled_sum(input, outer(vec1, vec2), beta, alpha)


def matrix_power(input: Any, n: int) -> Tensor:  # noqa: A002
    """The square matrix (or batch) multiplied by itself n times (n < 0 uses the inverse)."""
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
    """Kronecker product: every element of input times the whole of other, tiled into a block tensor."""
    a, b = _t(input), _t(other)
    nd = max(a.ndim, b.ndim)
    a = a.reshape((1,) * (nd - a.ndim) + tuple(a.shape))
    b = b.reshape((1,) * (nd - b.ndim) + tuple(b.shape))
    # interleave: a's dims at even positions, b's at odd ones, then merge each pair
    prod = a.reshape(sum(((n, 1) for n in a.shape), ())) * b.reshape(sum(((1, n) for n in b.shape), ()))
    return prod.reshape(tuple(x * y for x, y in zip(a.shape, b.shape)))


def tensordot(a: Any, b: Any, dims: Any = 2) -> Tensor:
    """Contract the last ``dims`` dims of a with the first of b (or the listed dim pairs)."""
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
    """Sum of products over the labelled dims of the operands (NumPy/PyTorch einsum notation)."""
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

_METHODS = ("dot", "vdot", "inner", "mm", "bmm", "mv", "outer", "ger", "addmm", "addmv", "baddbmm", "addbmm", "addr",
            "matrix_power", "kron")
for _name in _METHODS:
    setattr(Tensor, _name, globals()[_name])
