"""Matrix product: 1-D, 2-D and batched (broadcast) cases vs PyTorch, plus float64 gradchecks."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import check_gradcheck, check_parity, rand_array

import glassnet

torch = pytest.importorskip("torch")

CASES = {
    "vec_vec": ((4,), (4,)),
    "vec_mat": ((3,), (3, 5)),
    "mat_vec": ((2, 3), (3,)),
    "mat_mat": ((2, 3), (3, 4)),
    "vec_batch": ((3,), (2, 3, 4)),
    "batch_vec": ((2, 4, 3), (3,)),
    "batch_mat": ((2, 4, 3), (3, 5)),
    "mat_batch": ((4, 3), (2, 3, 5)),
    "batch_batch": ((2, 4, 3), (2, 3, 5)),
    "broadcast_batch": ((2, 1, 4, 3), (3, 3, 2)),
    "empty_inner": ((2, 0), (0, 3)),
    "empty_rows": ((0, 3), (3, 2)),
}

FORMS = {
    "@": lambda m: lambda a, b: a @ b,
    "matmul": lambda m: lambda a, b: m.matmul(a, b),
    "method": lambda m: lambda a, b: a.matmul(b),
}


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("case", list(CASES))
def test_matmul_parity(case, form):
    sa, sb = CASES[case]
    check_parity(FORMS[form](glassnet), FORMS[form](torch), [rand_array(sa), rand_array(sb)])


@pytest.mark.parametrize("case", [c for c in CASES if "empty" not in c])
def test_matmul_gradcheck(case):
    sa, sb = CASES[case]
    check_gradcheck(lambda a, b: a @ b, [rand_array(sa, dtype=np.float64), rand_array(sb, dtype=np.float64)])


def test_mm_and_bmm_aliases():
    for name in ("mm", "bmm"):
        fn_g, fn_t = getattr(glassnet, name), getattr(torch, name)
        shapes = ((2, 3), (3, 4)) if name == "mm" else ((2, 2, 3), (2, 3, 4))
        check_parity(fn_g, fn_t, [rand_array(s) for s in shapes])


@pytest.mark.cpu_only  # a NumPy array is a CPU operand: with a GPU tensor it is a device mix, as in PyTorch
def test_reflected_matmul_with_a_numpy_array():
    a = rand_array((2, 3))
    x = glassnet.tensor(rand_array((3, 4)), requires_grad=True)
    out = a @ x
    assert isinstance(out, glassnet.Tensor) and out.shape == (2, 4)
    out.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), a.sum(0)[:, None].repeat(4, 1), rtol=1e-6)


def test_one_side_needs_grad():
    a = glassnet.tensor(rand_array((2, 3)))
    b = glassnet.tensor(rand_array((3, 4)), requires_grad=True)
    (a @ b).sum().backward()
    assert a.grad is None and b.grad.shape == (3, 4)


@pytest.mark.parametrize("sa, sb", [((2, 3), (4, 5)), ((3,), (4,)), ((), (3,)), ((2, 2, 3), (3, 3, 1))])
def test_mismatched_shapes_are_a_clear_error(sa, sb):
    with pytest.raises(RuntimeError, match="cannot be multiplied"):
        glassnet.ones(*sa) @ glassnet.ones(*sb)


@pytest.mark.parametrize("sa, sb", [((4, 3, 5), (5, 2)), ((2, 3, 0), (0, 4)), ((0, 3, 5), (5, 4)), ((2, 3, 5), (5, 0))])
def test_batched_times_matrix_as_one_product(sa, sb):
    """(..., m, k) @ (k, n) runs as one 2-D product: values and gradients as torch, empty dims included."""
    check_parity(lambda a, b: a @ b, lambda a, b: a @ b, [rand_array(sa), rand_array(sb)])

