"""matrix_functions.py and ops/einsum.py: dot/mm/bmm/mv/outer/addmm family, matrix_power, kron, tensordot,
inner and einsum (ellipsis, repeated labels, implicit output, broadcasting) against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import check_gradcheck, check_parity, rand_array

import glassnet
from glassnet.autograd import gradgradcheck

torch = pytest.importorskip("torch")

PRODUCTS = {
    "dot": (lambda m, a, b: m.dot(a, b), (4,), (4,)),
    "vdot": (lambda m, a, b: m.vdot(a, b), (3,), (3,)),
    "inner": (lambda m, a, b: m.inner(a, b), (2, 3), (4, 3)),
    "mm": (lambda m, a, b: m.mm(a, b), (3, 4), (4, 2)),
    "bmm": (lambda m, a, b: m.bmm(a, b), (2, 3, 4), (2, 4, 5)),
    "mv": (lambda m, a, b: m.mv(a, b), (3, 4), (4,)),
    "outer": (lambda m, a, b: m.outer(a, b), (3,), (4,)),
    "ger": (lambda m, a, b: m.ger(a, b), (2,), (3,)),
    "kron": (lambda m, a, b: m.kron(a, b), (2, 3), (3, 2)),
    "kron_mixed": (lambda m, a, b: m.kron(a, b), (2,), (3, 2)),
    "tensordot": (lambda m, a, b: m.tensordot(a, b, dims=2), (2, 3, 4), (3, 4, 5)),
    "tensordot_pairs": (lambda m, a, b: m.tensordot(a, b, dims=([0, 2], [1, 0])), (2, 3, 4), (4, 2, 5)),
}


@pytest.mark.parametrize("name", PRODUCTS)
def test_products(name):
    call, sa, sb = PRODUCTS[name]
    a, b = rand_array(sa), rand_array(sb)
    check_parity(lambda x, y: call(glassnet, x, y), lambda x, y: call(torch, x, y), [a, b])
    check_gradcheck(lambda x, y: call(glassnet, x, y), [a, b])
    if hasattr(torch.Tensor, name):
        check_parity(lambda x, y: getattr(x, name)(y), lambda x, y: getattr(x, name)(y), [a, b])


ADD_PRODUCTS = {
    "addmm": ((3, 1), (3, 4), (4, 2)),
    "addmv": ((3,), (3, 4), (4,)),
    "baddbmm": ((2, 3, 5), (2, 3, 4), (2, 4, 5)),
    "addbmm": ((3, 5), (2, 3, 4), (2, 4, 5)),
    "addr": ((3, 4), (3,), (4,)),
}


@pytest.mark.parametrize("name", ADD_PRODUCTS)
@pytest.mark.parametrize("beta,alpha", [(1, 1), (0.5, -2.0), (0, 1.5)])
def test_add_products(name, beta, alpha):
    arrays = [rand_array(s) for s in ADD_PRODUCTS[name]]
    arrays[0][..., 0] = np.nan if beta == 0 else arrays[0][..., 0]  # beta=0 ignores input, NaN included
    check_parity(lambda *t: getattr(glassnet, name)(*t, beta=beta, alpha=alpha),
                 lambda *t: getattr(torch, name)(*t, beta=beta, alpha=alpha), arrays)
    check_parity(lambda x, *t: getattr(x, name)(*t, beta=beta, alpha=alpha),
                 lambda x, *t: getattr(x, name)(*t, beta=beta, alpha=alpha), arrays)
    if beta != 0:
        check_gradcheck(lambda *t: getattr(glassnet, name)(*t, beta=beta, alpha=alpha), arrays)


def test_integer_products_and_dtype_errors():
    a, b = np.array([1, 2, 3]), np.array([4, 5, 6])
    check_parity(glassnet.dot, torch.dot, [a, b])
    check_parity(glassnet.mm, torch.mm, [a.reshape(3, 1), b.reshape(1, 3)])
    with pytest.raises(RuntimeError, match="same dtype"):
        glassnet.dot(glassnet.ones(3), glassnet.ones(3, dtype=glassnet.float64))
    with pytest.raises(RuntimeError, match="inconsistent tensor size"):
        glassnet.dot(glassnet.ones(3), glassnet.ones(2))
    with pytest.raises(RuntimeError, match="Expected 2-D"):
        glassnet.mm(glassnet.ones(3), glassnet.ones(3, 2))
    with pytest.raises(RuntimeError, match="mat1 and mat2 shapes cannot be multiplied \\(2x3 and 4x2\\)"):
        glassnet.mm(glassnet.ones(2, 3), glassnet.ones(4, 2))
    with pytest.raises(RuntimeError, match="first two dimensions of batch2"):
        glassnet.bmm(glassnet.ones(2, 3, 4), glassnet.ones(3, 4, 5))
    with pytest.raises(RuntimeError, match="size mismatch"):
        glassnet.mv(glassnet.ones(2, 3), glassnet.ones(2))
    with pytest.raises(RuntimeError, match="Expected 1-D argument self"):
        glassnet.outer(glassnet.ones(2, 1), glassnet.ones(2))


@pytest.mark.parametrize("n", [0, 1, 2, 5, -1, -3])
def test_matrix_power(n):
    a = rand_array((2, 3, 3)) + 3 * np.eye(3, dtype=np.float32)
    check_parity(lambda t: glassnet.matrix_power(t, n), lambda t: torch.matrix_power(t, n), [a], rtol=1e-4, atol=1e-5)
    if n:
        check_gradcheck(lambda t: t.matrix_power(n), [a])


EINSUM = {
    "matmul": ("ij,jk->ik", [(3, 4), (4, 2)]),
    "implicit_matmul": ("ij,jk", [(3, 4), (4, 2)]),
    "trace": ("ii", [(4, 4)]),
    "diag": ("ii->i", [(3, 3)]),
    "diag_batch": ("bii->bi", [(2, 3, 3)]),
    "repeated_kept": ("iij,jk->ik", [(3, 3, 2), (2, 4)]),
    "outer": ("i,j->ij", [(3,), (4,)]),
    "sum_all": ("ijk->", [(2, 3, 4)]),
    "sum_one_operand_label": ("ij,k->i", [(2, 3), (4,)]),
    "transpose": ("ij->ji", [(2, 3)]),
    "batch": ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    "ellipsis": ("...ij,...jk->...ik", [(2, 3, 4), (4, 5)]),
    "ellipsis_implicit": ("...j,j", [(2, 3, 4), (4,)]),
    "ellipsis_broadcast": ("...i,...i->...", [(2, 1, 3), (4, 3)]),
    "three_operands": ("ab,bc,cd->ad", [(2, 3), (3, 4), (4, 2)]),
    "bilinear": ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
    "upper_and_lower": ("aB,Ba->aB", [(2, 3), (3, 2)]),
    "spaces": (" ij , jk -> ik ", [(2, 3), (3, 2)]),
    "size1_broadcast": ("ab,ab->ab", [(1, 3), (2, 3)]),
}


@pytest.mark.parametrize("name", EINSUM)
def test_einsum(name):
    eq, shapes = EINSUM[name]
    arrays = [rand_array(s) for s in shapes]
    check_parity(lambda *t: glassnet.einsum(eq, *t), lambda *t: torch.einsum(eq, *t), arrays)
    check_parity(lambda *t: glassnet.einsum(eq, list(t)), lambda *t: torch.einsum(eq, list(t)), arrays)
    check_gradcheck(lambda *t: glassnet.einsum(eq, *t), arrays)


@pytest.mark.parametrize("name", ["matmul", "trace", "repeated_kept", "bilinear", "sum_one_operand_label"])
def test_einsum_double_backward(name):
    eq, shapes = EINSUM[name]
    ts = [glassnet.tensor(rand_array(s).astype(np.float64), requires_grad=True) for s in shapes]
    assert gradgradcheck(lambda *t: glassnet.einsum(eq, *[x * x for x in t]), ts)


def test_einsum_errors():
    with pytest.raises(RuntimeError, match="number of subscripts"):
        glassnet.einsum("ij,jk", glassnet.ones(2, 3), glassnet.ones(3))
    with pytest.raises(RuntimeError, match="subscript j has sizes 3 and 4"):
        glassnet.einsum("ij,jk", glassnet.ones(2, 3), glassnet.ones(4, 2))
    with pytest.raises(RuntimeError, match="operands in the equation"):
        glassnet.einsum("ij,jk", glassnet.ones(2, 3))
    with pytest.raises(RuntimeError, match="output subscript k"):
        glassnet.einsum("ij->ik", glassnet.ones(2, 3))
