"""Special functions (ops/special.py, glassnet.special): values over wide ranges, poles, inf/nan,
gradients against torch, float64 finite-difference checks and double backward."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity

import glassnet
import glassnet.special as gs

torch = pytest.importorskip("torch")

WIDE = np.concatenate([np.linspace(-30, 30, 241) + 0.0137, [0.0, -1.0, -2.0, 1e-8, 1e-3, 0.5, 1.0, 2.0, 50.0,
                                                            100.0, 300.0, 800.0, np.inf, -np.inf, np.nan]])
POS = np.concatenate([np.geomspace(1e-6, 1e3, 60), [np.inf, np.nan]])

# (glassnet function, torch function, inputs)
UNARY = [
    (glassnet.lgamma, torch.lgamma, WIDE),
    (glassnet.digamma, torch.digamma, WIDE),
    (gs.gammaln, torch.special.gammaln, WIDE),
    (gs.psi, torch.special.psi, WIDE),
    (gs.i0, torch.special.i0, WIDE),
    (gs.i0e, torch.special.i0e, WIDE),
    (gs.i1, torch.special.i1, WIDE),
    (gs.i1e, torch.special.i1e, WIDE),
    (gs.erfc, torch.special.erfc, WIDE),
    (gs.erfcx, torch.special.erfcx, WIDE),
    (gs.log_ndtr, torch.special.log_ndtr, WIDE),
    (gs.entr, torch.special.entr, WIDE),
    (gs.sinc, torch.special.sinc, WIDE),
    (gs.ndtri, torch.special.ndtri, np.concatenate([np.linspace(0, 1, 101), [1e-300, 1e-20, 1 - 1e-12, -1, 2]])),
    (gs.logit, torch.special.logit, np.concatenate([np.linspace(-0.5, 1.5, 41), [0.0, 1.0, np.nan]])),
]


@pytest.mark.parametrize("gfn,tfn,x", UNARY, ids=lambda v: getattr(v, "__name__", ""))
def test_values_float64_match_torch_over_wide_range(gfn, tfn, x):
    out = gfn(glassnet.tensor(x))
    expected = tfn(torch.tensor(x))
    assert_close(out, expected, rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("gfn,tfn,x", UNARY, ids=lambda v: getattr(v, "__name__", ""))
def test_values_float32_keep_dtype(gfn, tfn, x):
    x32 = x.astype(np.float32)
    with np.errstate(all="ignore"):
        assert_close(gfn(glassnet.tensor(x32)), tfn(torch.tensor(x32)), rtol=2e-5, atol=1e-30)


def test_ndtr_matches_torch_and_keeps_the_left_tail():
    x = np.linspace(-30, 30, 121) + 0.01
    assert_close(gs.ndtr(glassnet.tensor(x)), torch.special.ndtr(torch.tensor(x)), rtol=1e-9, atol=1e-15)
    # torch's float64 ndtr cancels (1 + erf) in the far left tail; glassnet keeps full relative precision there
    scipy_special = pytest.importorskip("scipy.special")
    left = np.linspace(-35, -5, 31)
    np.testing.assert_allclose(gs.ndtr(glassnet.tensor(left)).numpy(), scipy_special.ndtr(left), rtol=1e-12)


def test_expit_is_sigmoid():
    # expit uses Tensor.sigmoid, whose tanh form is exact in absolute (not relative) terms in the left tail
    x = np.linspace(-20, 20, 81)
    check_parity(gs.expit, torch.special.expit, [x], atol=1e-15)
    check_parity(gs.expit, torch.special.expit, [x.astype(np.float32)], atol=1e-7)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_polygamma_values(n):
    x = np.concatenate([np.linspace(0.05, 30, 80), [-0.5, -1.5, -2.25]]) if n == 1 else np.linspace(0.05, 30, 80)
    assert_close(glassnet.polygamma(n, glassnet.tensor(x)), torch.polygamma(n, torch.tensor(x)), rtol=1e-8)
    assert_close(glassnet.tensor(x).polygamma(n), torch.tensor(x).polygamma(n), rtol=1e-8)


def test_polygamma_at_poles_and_negative_n():
    x = np.array([0.0, -1.0])
    out = glassnet.polygamma(2, glassnet.tensor(x)).numpy()
    assert np.isinf(out).all()
    with pytest.raises(RuntimeError, match="negative n"):
        glassnet.polygamma(-1, glassnet.tensor(x))


def test_zeta_values_including_poles_and_negative_q():
    s = np.array([2.0, 3.0, 1.0, 0.5, 2.0, 4.0, 2.0, 1.5, 3.0])
    q = np.array([0.5, 1.0, 2.0, -1.5, -2.0, 10.0, 0.0, 3.3, -2.5])
    assert_close(gs.zeta(glassnet.tensor(s), glassnet.tensor(q)), torch.special.zeta(torch.tensor(s), torch.tensor(q)),
                 rtol=1e-9)


def test_mvlgamma_matches_torch_and_rejects_small_x():
    x = np.linspace(2.0, 9.0, 8)
    check_parity(lambda t: glassnet.mvlgamma(t, 3), lambda t: torch.mvlgamma(t, 3), [x], rtol=1e-9)
    with pytest.raises(RuntimeError, match="greater than"):
        glassnet.mvlgamma(glassnet.tensor([0.5]), 3)


def test_integer_input_gives_default_float():
    for fn, tfn in [(glassnet.lgamma, torch.lgamma), (gs.i0, torch.special.i0), (gs.ndtr, torch.special.ndtr)]:
        assert_close(fn(glassnet.tensor([1, 2, 3])), tfn(torch.tensor([1, 2, 3])))


GRAD_POINTS = np.array([-2.7, -0.4, 0.3, 1.1, 2.5, 7.0, 15.0])

GRAD_CASES = [
    (glassnet.lgamma, torch.lgamma, GRAD_POINTS),
    (glassnet.digamma, torch.digamma, GRAD_POINTS),
    (lambda t: glassnet.polygamma(2, t), lambda t: torch.polygamma(2, t), GRAD_POINTS[2:]),
    (gs.i0, torch.special.i0, GRAD_POINTS),
    (gs.i0e, torch.special.i0e, GRAD_POINTS),
    (gs.i1, torch.special.i1, np.append(GRAD_POINTS, 0.0)),
    (gs.i1e, torch.special.i1e, np.append(GRAD_POINTS, 0.0)),
    (gs.erfc, torch.special.erfc, GRAD_POINTS),
    (gs.erfcx, torch.special.erfcx, GRAD_POINTS),
    (gs.ndtr, torch.special.ndtr, GRAD_POINTS),
    (gs.log_ndtr, torch.special.log_ndtr, np.append(GRAD_POINTS, [-30.0, 30.0])),
    (gs.ndtri, torch.special.ndtri, np.array([1e-3, 0.01, 0.3, 0.5, 0.9, 0.999])),
    (gs.entr, torch.special.entr, np.array([0.1, 0.5, 2.0, 7.0])),
    (gs.sinc, torch.special.sinc, np.append(GRAD_POINTS, 0.0)),
    (glassnet.logit, torch.logit, np.array([0.01, 0.3, 0.5, 0.95])),
    (lambda t: glassnet.logit(t, 0.1), lambda t: torch.logit(t, 0.1), np.array([0.01, 0.3, 0.5, 0.95])),
]


@pytest.mark.parametrize("gfn,tfn,x", GRAD_CASES)
def test_gradients_match_torch(gfn, tfn, x):
    check_parity(gfn, tfn, [x], rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("gfn,tfn,x", GRAD_CASES)
def test_gradcheck(gfn, tfn, x):
    if gfn is GRAD_CASES[-1][0]:
        x = x[(np.abs(x - 0.1) > 1e-3) & (np.abs(x - 0.9) > 1e-3)]  # the clamp's kinks are not differentiable
    check_gradcheck(gfn, [x])


def test_binary_xlogy_xlog1py_values_and_gradients():
    x = np.array([0.0, 0.0, 1.0, 2.0, -1.5, 3.0])
    y = np.array([0.0, -1.0, 0.0, np.nan, 2.0, 0.5])
    for gfn, tfn in [(glassnet.xlogy, torch.xlogy), (gs.xlog1py, torch.special.xlog1py)]:
        check_parity(gfn, tfn, [x, y])
    xs, ys = np.array([0.5, 1.5, -2.0]), np.array([0.7, 2.0, 3.0])
    check_gradcheck(glassnet.xlogy, [xs, ys])
    check_gradcheck(gs.xlog1py, [xs, ys])


def test_xlogy_accepts_scalars_and_broadcasts():
    assert_close(glassnet.xlogy(2.0, glassnet.tensor([1.0, 3.0])), torch.xlogy(2.0, torch.tensor([1.0, 3.0])))
    assert_close(glassnet.tensor([[1.0], [2.0]]).xlogy(glassnet.tensor([1.0, 3.0])),
                 torch.tensor([[1.0], [2.0]]).xlogy(torch.tensor([1.0, 3.0])))


def test_zeta_gradient_in_q_and_error_in_x():
    s, q = np.array([2.0, 3.5]), np.array([0.7, 4.0])
    check_parity(gs.zeta, lambda a, b: torch.special.zeta(a.detach(), b), [s, q], grad=False)
    qt = glassnet.tensor(q, requires_grad=True)
    gs.zeta(glassnet.tensor(s), qt).sum().backward()
    tq = torch.tensor(q, requires_grad=True)
    torch.special.zeta(torch.tensor(s), tq).sum().backward()
    assert_close(qt.grad, tq.grad, rtol=1e-8)
    st = glassnet.tensor(s, requires_grad=True)
    with pytest.raises(RuntimeError, match="zeta"):
        gs.zeta(st, glassnet.tensor(q)).sum().backward()


@pytest.mark.parametrize("name", ["lgamma", "digamma", "i0", "i1"])
def test_double_backward_matches_torch(name):
    x = np.array([0.6, 1.7, 3.2])
    gx = glassnet.tensor(x, requires_grad=True)
    tx = torch.tensor(x, requires_grad=True)
    gfn = getattr(glassnet, name) if hasattr(glassnet, name) else getattr(gs, name)
    tfn = getattr(torch.special, name) if name.startswith("i") else getattr(torch, name)
    (g1,) = glassnet.autograd.grad(gfn(gx).sum(), gx, create_graph=True)
    (t1,) = torch.autograd.grad(tfn(tx).sum(), tx, create_graph=True)
    g1.sum().backward()
    t1.sum().backward()
    assert_close(gx.grad, tx.grad, rtol=1e-7)


def test_gammainc_and_gammaincc():
    a = np.array([0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 3.0])
    x = np.array([0.1, 1.0, 3.0, 4.0, 12.0, 25.0, 0.0])
    assert_close(gs.gammainc(glassnet.tensor(a), glassnet.tensor(x)),
                 torch.special.gammainc(torch.tensor(a), torch.tensor(x)), rtol=1e-8)
    assert_close(gs.gammaincc(glassnet.tensor(a), glassnet.tensor(x)),
                 torch.special.gammaincc(torch.tensor(a), torch.tensor(x)), rtol=1e-8)


def test_special_aliases_and_reductions():
    x = np.random.default_rng(0).normal(size=(3, 4))
    t = torch.tensor(x)
    g = glassnet.tensor(x)
    assert_close(gs.logsumexp(g, 1), torch.special.logsumexp(t, 1))
    assert_close(gs.softmax(g, 0), torch.special.softmax(t, 0))
    assert_close(gs.log_softmax(g, 1, dtype=glassnet.float32), torch.special.log_softmax(t, 1, dtype=torch.float32))
    assert_close(gs.round(g, decimals=2), torch.special.round(t, decimals=2))
    assert_close(gs.log1p(glassnet.tensor(np.abs(x))), torch.special.log1p(torch.tensor(np.abs(x))))
    assert_close(gs.exp2(g), torch.special.exp2(t))
    assert_close(gs.multigammaln(glassnet.tensor(np.abs(x) + 2), 2), torch.special.multigammaln(
        torch.tensor(np.abs(x) + 2), 2))


@pytest.mark.parametrize("name", ["erf", "erfinv", "expm1"])
def test_special_aliases_of_other_engineers_ops(name):
    if not hasattr(glassnet.Tensor, name):
        pytest.skip(f"Tensor.{name} is not in this branch yet")
    x = np.linspace(-0.9, 0.9, 7)
    assert_close(getattr(gs, name)(glassnet.tensor(x)), getattr(torch.special, name)(torch.tensor(x)))


@pytest.mark.parametrize("gfn,tfn,x", UNARY, ids=lambda v: getattr(v, "__name__", ""))
def test_zero_dim_and_empty_inputs(gfn, tfn, x):
    for arr in (np.array(0.3), np.zeros((0, 2))):
        assert_close(gfn(glassnet.tensor(arr)), tfn(torch.tensor(arr)), rtol=1e-9)


@pytest.mark.parametrize("lower", [True, False])
def test_gammainc_gradient_in_x_matches_torch(lower):
    a, x = np.array([0.5, 2.0, 5.0, 12.0]), np.array([0.3, 1.5, 6.0, 9.0])
    gfn, tfn = (gs.gammainc, torch.special.gammainc) if lower else (gs.gammaincc, torch.special.gammaincc)
    check_parity(lambda t: gfn(glassnet.tensor(a), t), lambda t: tfn(torch.tensor(a), t), [x], rtol=1e-8)
    check_gradcheck(lambda t: gfn(glassnet.tensor(a), t), [x])
    with pytest.raises(RuntimeError, match="igamma"):
        gfn(glassnet.tensor(a, requires_grad=True), glassnet.tensor(x)).sum().backward()


POLYNOMIALS = ["chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w",
               "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
               "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he",
               "laguerre_polynomial_l", "legendre_polynomial_p"]


@pytest.mark.parametrize("name", POLYNOMIALS)
def test_orthogonal_polynomials_match_torch(name):
    x = np.array([-1.5, -1.0, -0.3, 0.0, 0.25, 0.5, 1.0, 2.0])
    n = np.array([0, 1, 2, 3, 5, 7, 4, -1], dtype=np.float64)
    gfn, tfn = getattr(gs, name), getattr(torch.special, name)
    for nn in (3, 6):
        assert_close(gfn(glassnet.tensor(x), nn), tfn(torch.tensor(x), nn), rtol=1e-6, atol=1e-6)
    assert_close(gfn(glassnet.tensor(x), glassnet.tensor(n)), tfn(torch.tensor(x), torch.tensor(n)), rtol=1e-6,
                 atol=1e-6)
    assert_close(gfn(glassnet.tensor([0.5], dtype=glassnet.float32), glassnet.tensor([2.5])),
                 tfn(torch.tensor([0.5]), torch.tensor([2.5])))


def test_modified_and_spherical_bessel():
    x = np.array([-3.0, -0.5, 0.0, 1e-3, 2.0, 10.0])
    for name in ("modified_bessel_i0", "modified_bessel_i1", "spherical_bessel_j0"):
        assert_close(getattr(gs, name)(glassnet.tensor(x)), getattr(torch.special, name)(torch.tensor(x)), rtol=1e-9)
