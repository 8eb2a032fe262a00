"""The core ops the distributions use (lgamma, erf, erfinv, cholesky, triangular solve) against torch, at the
float64 accuracy the distributions need."""

import numpy as np
import pytest
from dist_helpers import close, spd

import glassnet
from glassnet import linalg
from glassnet.distributions import constraints

torch = pytest.importorskip("torch")


def _close(g, t, rtol=1e-7, atol=1e-9):
    close(g, t, rtol=rtol, atol=atol)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_lgamma_and_its_gradient_match_torch(dtype):
    x = np.array([1e-3, 0.3, 0.5, 1.0, 1.5, 2.0, 3.7, 10.0, 55.5, 171.3, -0.5, -1.3, -2.7], dtype=dtype)
    g = glassnet.tensor(x, requires_grad=True)
    t = torch.tensor(x, requires_grad=True)
    out_g, out_t = glassnet.lgamma(g), torch.lgamma(t)
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    _close(out_g, out_t, rtol=rtol, atol=rtol)
    assert out_g.dtype == glassnet.float32 if dtype == np.float32 else glassnet.float64
    out_g.sum().backward()
    out_t.sum().backward()
    _close(g.grad, t.grad, rtol=rtol * 10, atol=rtol * 10)


def test_lgamma_is_inf_at_the_poles():
    out = glassnet.lgamma(glassnet.tensor([0.0, -1.0, -2.0], dtype=glassnet.float64)).numpy()
    assert np.all(np.isposinf(out))


def test_digamma_matches_torch():
    x = np.array([0.01, 0.5, 1.0, 2.5, 5.9, 6.0, 30.0, -0.5, -3.2])
    _close(glassnet.digamma(glassnet.tensor(x)), torch.digamma(torch.tensor(x)), rtol=1e-11, atol=1e-11)


def test_erf_and_erfinv_match_torch():
    x = np.linspace(-3, 3, 41)
    _close(glassnet.erf(glassnet.tensor(x)), torch.erf(torch.tensor(x)), rtol=1e-14, atol=1e-15)
    y = np.array([-0.999999, -0.99, -0.5, -1e-8, 0.0, 0.1, 0.7, 0.95, 0.999999])
    _close(glassnet.erfinv(glassnet.tensor(y)), torch.erfinv(torch.tensor(y)), rtol=1e-12, atol=1e-14)
    edges = glassnet.erfinv(glassnet.tensor([-1.0, 1.0, 1.5])).numpy()
    assert edges[0] == -np.inf and edges[1] == np.inf and np.isnan(edges[2])


def test_elementwise_gradchecks():
    x = glassnet.tensor([0.4, 1.3, 2.2, 7.5, -0.6], dtype=glassnet.float64, requires_grad=True)
    assert glassnet.autograd.gradcheck(glassnet.lgamma, [x])
    assert glassnet.autograd.gradcheck(glassnet.erf, [x])
    y = glassnet.tensor([-0.9, -0.2, 0.3, 0.8], dtype=glassnet.float64, requires_grad=True)
    assert glassnet.autograd.gradcheck(glassnet.erfinv, [y])


def test_cholesky_matches_torch_values_and_gradient():
    a = spd(4, (2,))
    g = glassnet.tensor(a, requires_grad=True)
    t = torch.tensor(a, requires_grad=True)
    lg, lt = linalg.cholesky(g), torch.linalg.cholesky(t)
    _close(lg, lt, rtol=1e-12, atol=1e-12)
    w = np.random.default_rng(3).standard_normal(lg.shape)
    (lg * glassnet.tensor(w)).sum().backward()
    (lt * torch.tensor(w)).sum().backward()
    _close(g.grad, t.grad, rtol=1e-10, atol=1e-10)


def test_cholesky_gradcheck_and_error():
    a = glassnet.tensor(np.random.default_rng(1).standard_normal((3, 3)), dtype=glassnet.float64, requires_grad=True)
    eye = glassnet.eye(3, dtype=glassnet.float64)
    assert glassnet.autograd.gradcheck(lambda m: linalg.cholesky(m @ m.mT + eye), [a])
    with pytest.raises(RuntimeError, match="positive-definite"):
        linalg.cholesky(glassnet.tensor([[1.0, 2.0], [2.0, 1.0]]))


@pytest.mark.parametrize("upper", [False, True])
def test_solve_triangular_matches_torch(upper):
    rng = np.random.default_rng(2)
    a = rng.standard_normal((2, 3, 3)) + 3 * np.eye(3)
    b = rng.standard_normal((4, 2, 3, 2))  # batch dims broadcast: (4, 2) against (2,)
    ga, gb = glassnet.tensor(a, requires_grad=True), glassnet.tensor(b, requires_grad=True)
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    xg = linalg.solve_triangular(ga, gb, upper=upper)
    xt = torch.linalg.solve_triangular(ta, tb, upper=upper)
    _close(xg, xt, rtol=1e-10, atol=1e-12)
    w = rng.standard_normal(xt.shape)
    (xg * glassnet.tensor(w)).sum().backward()
    (xt * torch.tensor(w)).sum().backward()
    _close(ga.grad, ta.grad, rtol=1e-9, atol=1e-10)
    _close(gb.grad, tb.grad, rtol=1e-9, atol=1e-10)


def test_solve_triangular_gradcheck():
    rng = np.random.default_rng(4)
    a = glassnet.tensor(rng.standard_normal((3, 3)) + 3 * np.eye(3), requires_grad=True)
    b = glassnet.tensor(rng.standard_normal((3, 2)), requires_grad=True)
    assert glassnet.autograd.gradcheck(lambda x, y: linalg.solve_triangular(x, y, upper=False), [a, b])


def test_double_backward_through_solve_and_cholesky():
    a = glassnet.tensor(spd(3), requires_grad=True)
    (ga,) = glassnet.autograd.grad(linalg.cholesky(a).sum(), [a], create_graph=True)
    (gga,) = glassnet.autograd.grad(ga.pow(2).sum(), [a])
    t = torch.tensor(spd(3), requires_grad=True)
    (gt,) = torch.autograd.grad(torch.linalg.cholesky(t).sum(), [t], create_graph=True)
    (ggt,) = torch.autograd.grad(gt.pow(2).sum(), [t])
    _close(gga, ggt, rtol=1e-8, atol=1e-10)


def test_is_positive_definite():
    mats = glassnet.tensor(np.stack([spd(3), -spd(3)]))
    assert constraints.positive_definite.check(mats).tolist() == [True, False]
