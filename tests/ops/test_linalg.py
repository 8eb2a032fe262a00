"""glassnet.linalg (ops/linalg.py) against torch.linalg: values, gradients (float64 gradchecks with
gauge-invariant losses for the factorisations), double backward, batches and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
from glassnet import linalg as LA
from glassnet.autograd import gradgradcheck

torch = pytest.importorskip("torch")


def _well_conditioned(shape) -> np.ndarray:
    n = shape[-1]
    return (rand_array(shape) + 3 * np.eye(n)).astype(np.float32)


def _spd(shape) -> np.ndarray:
    a = rand_array(shape).astype(np.float64)
    return (a @ np.swapaxes(a, -1, -2) + shape[-1] * np.eye(shape[-1])).astype(np.float32)


ORDS = [2, 1, 3, 0.5, math.inf, -math.inf, 0, -1.5]


@pytest.mark.parametrize("ord", ORDS)
@pytest.mark.parametrize("kw", [{}, {"dim": 1}, {"dim": (0, 2), "keepdim": True}, {"dim": -1, "keepdim": True}])
def test_vector_norm(ord, kw):  # noqa: A002
    x = rand_array((3, 4, 2), "away0")
    check_parity(lambda t: LA.vector_norm(t, ord, **kw), lambda t: torch.linalg.vector_norm(t, ord, **kw), [x])
    if ord != 0:
        check_gradcheck(lambda t: LA.vector_norm(t, ord, **kw), [x[:2, :3]])


def test_vector_norm_zeros_dtype_and_errors():
    z = np.array([[0.0, 0.0, 0.0], [0.0, 3.0, -4.0]], np.float32)
    for ord in (2, 1, 0.5, math.inf, 3):
        check_parity(lambda t, o=ord: LA.vector_norm(t, o, dim=1),
                     lambda t, o=ord: torch.linalg.vector_norm(t, o, dim=1), [z])
    assert_close(LA.vector_norm(glassnet.ones(3), dtype=glassnet.float64),
                 torch.linalg.vector_norm(torch.ones(3), dtype=torch.float64))
    with pytest.raises(RuntimeError, match="Expected a floating point or complex tensor as input. Got Long"):
        LA.vector_norm(glassnet.tensor([1, 2]))
    x = glassnet.tensor(rand_array((3, 2), "away0").astype(np.float64), requires_grad=True)
    assert gradgradcheck(lambda t: LA.vector_norm(t, 3, dim=0), [x])


@pytest.mark.parametrize("ord", ["fro", "nuc", 2, -2, 1, -1, math.inf, -math.inf])
def test_matrix_norm(ord):  # noqa: A002
    x = rand_array((2, 3, 4))
    check_parity(lambda t: LA.matrix_norm(t, ord), lambda t: torch.linalg.matrix_norm(t, ord), [x])
    check_parity(lambda t: LA.matrix_norm(t, ord, dim=(2, 0), keepdim=True),
                 lambda t: torch.linalg.matrix_norm(t, ord, dim=(2, 0), keepdim=True), [x])
    check_gradcheck(lambda t: LA.matrix_norm(t, ord), [x])


@pytest.mark.parametrize("args", [{}, {"ord": 2}, {"ord": "fro"}, {"ord": math.inf, "dim": 1}, {"dim": (0, 1)},
                                  {"ord": "nuc", "dim": (1, 0), "keepdim": True}, {"ord": 1}])
def test_norm(args):
    x = rand_array((3, 4))
    check_parity(lambda t: LA.norm(t, **args), lambda t: torch.linalg.norm(t, **args), [x])
    check_parity(lambda t: LA.norm(t[0], **{k: v for k, v in args.items() if k == "ord" and v != "fro" and v != "nuc"}),
                 lambda t: torch.linalg.norm(t[0], **{k: v for k, v in args.items()
                                                     if k == "ord" and v != "fro" and v != "nuc"}), [x])


@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (1, 1)])
def test_inv_det_slogdet(shape):
    a = _well_conditioned(shape)
    check_parity(LA.inv, torch.linalg.inv, [a], rtol=1e-4, atol=1e-5)
    check_parity(LA.det, torch.linalg.det, [a], rtol=1e-4, atol=1e-5)
    check_parity(LA.slogdet, torch.linalg.slogdet, [a * np.float32(-1)], rtol=1e-4, atol=1e-5)
    check_parity(glassnet.logdet, torch.logdet, [a], rtol=1e-4, atol=1e-5)
    check_parity(lambda t: t.inverse(), lambda t: t.inverse(), [a], rtol=1e-4, atol=1e-5)
    check_parity(lambda t: t.det(), lambda t: t.det(), [a], rtol=1e-4, atol=1e-5)
    for fn in (LA.inv, LA.det, lambda t: LA.slogdet(t).logabsdet):
        check_gradcheck(fn, [a])
        t = glassnet.tensor(a.astype(np.float64), requires_grad=True)
        assert gradgradcheck(fn, [t])


def test_det_gradient_of_singular_matrix_is_the_adjugate():
    a = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])
    check_gradcheck(LA.det, [a])
    t = glassnet.tensor(a, requires_grad=True)
    LA.det(t).backward()
    adj_t = np.array([[4.0, 4.0, -4.0], [-2.0, -2.0, 2.0], [0.0, 0.0, 0.0]])  # cofactor matrix
    assert np.allclose(t.grad._data, adj_t)


@pytest.mark.parametrize("b_shape", [(3,), (3, 2), (2, 3, 2), (2, 3)])
def test_solve(b_shape):
    a = _well_conditioned((2, 3, 3)) if len(b_shape) == 3 or b_shape == (2, 3) else _well_conditioned((3, 3))
    b = rand_array(b_shape)
    check_parity(LA.solve, torch.linalg.solve, [a, b], rtol=1e-4, atol=1e-5)
    check_gradcheck(LA.solve, [a, b])
    t = [glassnet.tensor(x.astype(np.float64), requires_grad=True) for x in (a, b)]
    assert gradgradcheck(LA.solve, t)


def test_solve_left_false_and_errors():
    a, b = _well_conditioned((3, 3)), rand_array((2, 3))
    check_parity(lambda x, y: LA.solve(x, y, left=False), lambda x, y: torch.linalg.solve(x, y, left=False), [a, b],
                 rtol=1e-4, atol=1e-5)
    with pytest.raises(LA.LinAlgError, match="singular"):
        LA.solve(glassnet.zeros(2, 2), glassnet.ones(2))
    with pytest.raises(RuntimeError, match="singular"):
        LA.inv(glassnet.zeros(2, 2))
    with pytest.raises(RuntimeError, match="A must be batches of square matrices, but they are 2 by 3 matrices"):
        LA.inv(glassnet.zeros(2, 3))
    with pytest.raises(RuntimeError, match="Incompatible shapes"):
        LA.solve(glassnet.eye(3), glassnet.ones(2, 2))


@pytest.mark.parametrize("upper", [False, True])
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4)])
def test_cholesky(upper, shape):
    a = _spd(shape)
    check_parity(lambda t: LA.cholesky(t, upper=upper), lambda t: torch.linalg.cholesky(t, upper=upper), [a],
                 rtol=1e-4, atol=1e-5)
    sym = lambda t: LA.cholesky((t + t.mT) * 0.5, upper=upper)  # noqa: E731 - gradcheck on symmetric inputs
    check_gradcheck(sym, [a])
    assert gradgradcheck(sym, [glassnet.tensor(a.astype(np.float64), requires_grad=True)])
    with pytest.raises(LA.LinAlgError, match="positive-definite"):
        LA.cholesky(glassnet.tensor([[1.0, 2.0], [2.0, 1.0]]))
    batch = np.stack([np.eye(3), [[1.0, 0, 0], [0, 1, 2], [0, 2, 1]], -np.eye(3)])
    lower, info = LA.cholesky_ex(glassnet.tensor(batch))
    assert info.tolist() == torch.linalg.cholesky_ex(torch.tensor(batch)).info.tolist() == [0, 3, 1]


@pytest.mark.parametrize("shape", [(4, 3), (3, 3), (2, 5, 2)])
def test_qr(shape):
    a = rand_array(shape)
    g_q, g_r = LA.qr(glassnet.tensor(a))
    t_q, t_r = torch.linalg.qr(torch.tensor(a))
    assert_close(g_q.abs(), t_q.abs(), rtol=1e-4, atol=1e-5)  # columns are unique up to sign
    assert_close(g_r.abs(), t_r.abs(), rtol=1e-4, atol=1e-5)
    assert_close(g_q @ g_r, torch.tensor(a), rtol=1e-4, atol=1e-5)
    check_gradcheck(lambda t: LA.qr(t), [a])  # LAPACK's sign choice is smooth near a generic input
    check_gradcheck(lambda t: LA.qr(t).R, [a])
    assert gradgradcheck(lambda t: LA.qr(t).Q, [glassnet.tensor(a.astype(np.float64), requires_grad=True)])
    # a loss that does not depend on the signs: the same gradient as torch
    check_parity(lambda t: (LA.qr(t).Q * LA.qr(t).R[..., :1, :1]).sum(-1),
                 lambda t: (torch.linalg.qr(t).Q * torch.linalg.qr(t).R[..., :1, :1]).sum(-1), [a],
                 rtol=1e-3, atol=1e-4)
    q, r = LA.qr(glassnet.tensor(a), mode="complete")
    assert q.shape == tuple(torch.linalg.qr(torch.tensor(a), mode="complete").Q.shape)
    assert LA.qr(glassnet.tensor(a), mode="r").Q.shape == (0,)


@pytest.mark.parametrize("shape", [(4, 3), (3, 5), (2, 3, 3)])
def test_svd(shape):
    a = rand_array(shape)
    u, s, vh = LA.svd(glassnet.tensor(a), full_matrices=False)
    tu, ts, tvh = torch.linalg.svd(torch.tensor(a), full_matrices=False)
    assert_close(s, ts, rtol=1e-4, atol=1e-5)
    assert_close(u.abs(), tu.abs(), rtol=1e-3, atol=1e-4)
    assert_close((u * s.unsqueeze(-2)) @ vh, torch.tensor(a), rtol=1e-4, atol=1e-5)
    check_parity(LA.svdvals, torch.linalg.svdvals, [a], rtol=1e-4, atol=1e-5)
    full = LA.svd(glassnet.tensor(a)).U
    assert full.shape == tuple(torch.linalg.svd(torch.tensor(a)).U.shape)

    def invariant(t):  # each singular pair's sign cancels in u_i v_i^T and in u * u
        u, s, vh = LA.svd(t, full_matrices=False)
        return u.unsqueeze(-1) * vh.unsqueeze(-3), s, u * u

    check_gradcheck(invariant, [a])
    assert gradgradcheck(lambda t: LA.svdvals(t), [glassnet.tensor(a.astype(np.float64), requires_grad=True)])

    def torch_invariant(t):
        u, s, vh = torch.linalg.svd(t, full_matrices=False)
        return u.unsqueeze(-1) * vh.unsqueeze(-3), s, u * u

    check_parity(invariant, torch_invariant, [a], rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("uplo", ["L", "U"])
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4)])
def test_eigh(uplo, shape):
    a = rand_array(shape)
    w, v = LA.eigh(glassnet.tensor(a), UPLO=uplo)
    tw, tv = torch.linalg.eigh(torch.tensor(a), UPLO=uplo)
    assert_close(w, tw, rtol=1e-4, atol=1e-5)
    assert_close(v.abs(), tv.abs(), rtol=1e-3, atol=1e-4)
    check_parity(lambda t: LA.eigvalsh(t, uplo), lambda t: torch.linalg.eigvalsh(t, uplo), [a], rtol=1e-4, atol=1e-5)
    check_parity(lambda t: (lambda r: (r[0], r[1] * r[1]))(LA.eigh(t, uplo)),
                 lambda t: (lambda r: (r[0], r[1] * r[1]))(torch.linalg.eigh(t, uplo)), [a], rtol=1e-3, atol=1e-4)
    sym = lambda t: (lambda r: (r[0], r[1] * r[1]))(LA.eigh(t + t.mT, uplo))  # noqa: E731
    check_gradcheck(sym, [a])
    assert gradgradcheck(lambda t: LA.eigvalsh(t + t.mT), [glassnet.tensor(a.astype(np.float64), requires_grad=True)])


def test_top_level_spellings_and_helpers():
    a = _well_conditioned((3, 3))
    check_parity(lambda t: glassnet.svd(t).S, lambda t: torch.svd(t).S, [a], rtol=1e-4, atol=1e-5)
    u, s, v = glassnet.svd(glassnet.tensor(a))
    assert_close((u * s) @ v.T, torch.tensor(a), rtol=1e-4, atol=1e-5)
    check_parity(lambda t: glassnet.cholesky(t @ t.T), lambda t: torch.linalg.cholesky(t @ t.T), [a],
                 rtol=1e-4, atol=1e-4)
    check_parity(LA.pinv, torch.linalg.pinv, [rand_array((3, 4))], rtol=1e-4, atol=1e-5)
    assert_close(LA.matrix_rank(glassnet.tensor([[1.0, 2.0], [2.0, 4.0]])),
                 torch.linalg.matrix_rank(torch.tensor([[1.0, 2.0], [2.0, 4.0]])))
    check_parity(lambda x, y, z: LA.multi_dot([x, y, z]), lambda x, y, z: torch.linalg.multi_dot([x, y, z]),
                 [rand_array((2, 3)), rand_array((3, 4)), rand_array((4,))])
    check_parity(LA.cross, torch.linalg.cross, [rand_array((2, 3)), rand_array((2, 3))])
    check_parity(LA.vecdot, torch.linalg.vecdot, [rand_array((2, 3)), rand_array((3,))])
    check_parity(lambda t: LA.matrix_power(t, 3), lambda t: torch.linalg.matrix_power(t, 3), [a], rtol=1e-4)


def test_pinv_matrix_rank_zero_atol_keeps_the_default_rtol():
    # torch sets rtol to 0 only for a positive atol; atol=0 keeps the eps-based default
    a = np.array([[1.0, 0.0], [0.0, 1e-9]], dtype=np.float32)
    for atol in (0.0, None):
        assert_close(LA.pinv(glassnet.tensor(a), atol=atol), torch.linalg.pinv(torch.tensor(a), atol=atol))
        assert_close(LA.matrix_rank(glassnet.tensor(a), atol=atol),
                     torch.linalg.matrix_rank(torch.tensor(a), atol=atol))
    assert_close(LA.matrix_rank(glassnet.tensor(a), atol=1e-12), torch.linalg.matrix_rank(torch.tensor(a), atol=1e-12))


def test_cross_refuses_different_ndims():
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        LA.cross(glassnet.ones(2, 3), glassnet.ones(3))


@pytest.mark.parametrize("args", [("fro",), ("nuc",), (0,), (-math.inf,), (2,), (1, 1), (math.inf, 0, True),
                                  (3, (0, 1)), ("fro", (0, 1), True), (0.5, 1)])
def test_tensor_norm_and_torch_norm(args):
    x = rand_array((3, 4), "away0")
    check_parity(lambda t: t.norm(*args), lambda t: t.norm(*args), [x])
    check_parity(lambda t: glassnet.norm(t, *args), lambda t: torch.norm(t, *args), [x])
    assert_close(glassnet.tensor(x).norm(dtype=glassnet.float64), torch.tensor(x).norm(dtype=torch.float64))
    with pytest.raises(RuntimeError, match="Got Long"):
        glassnet.tensor([1, 2]).norm()


@pytest.mark.parametrize("upper,left,unit", [(True, True, False), (False, True, False), (False, False, True),
                                             (True, False, True)])
def test_solve_triangular(upper, left, unit):
    a = _well_conditioned((2, 3, 3))
    b = rand_array((2, 3, 2) if left else (2, 2, 3))
    kw = dict(upper=upper, left=left, unitriangular=unit)
    check_parity(lambda x, y: LA.solve_triangular(x, y, **kw), lambda x, y: torch.linalg.solve_triangular(x, y, **kw),
                 [a, b], rtol=1e-4, atol=1e-5)
    check_gradcheck(lambda x, y: LA.solve_triangular(x, y, **kw), [a, b])
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        LA.solve_triangular(glassnet.eye(3), glassnet.ones(3), upper=True)
