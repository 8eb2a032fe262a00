"""MultivariateNormal against torch.distributions.MultivariateNormal."""

import numpy as np
import pytest
from dist_helpers import close, spd

import glassnet
from glassnet.distributions import MultivariateNormal

torch = pytest.importorskip("torch")
TD = torch.distributions


COV = spd(3, (2,))
LOC = np.random.default_rng(5).standard_normal((4, 1, 3))  # batch (4, 1) broadcasts with the matrices' (2,)
VALUE = np.random.default_rng(6).standard_normal((5, 4, 2, 3))


def _param(name, cov):
    if name == "covariance_matrix":
        return cov
    if name == "precision_matrix":
        return np.linalg.inv(cov)
    return np.linalg.cholesky(cov)


@pytest.mark.parametrize("name", ["covariance_matrix", "precision_matrix", "scale_tril"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_match_torch(name, dtype):
    loc, mat = LOC.astype(dtype), _param(name, COV).astype(dtype)
    g = MultivariateNormal(glassnet.tensor(loc), **{name: glassnet.tensor(mat)})
    t = TD.MultivariateNormal(torch.tensor(loc), **{name: torch.tensor(mat)})
    assert g.batch_shape == t.batch_shape == (4, 2) and g.event_shape == t.event_shape == (3,)
    rtol = 1e-4 if dtype == np.float32 else 1e-9
    for attr in ("mean", "mode", "variance", "stddev", "covariance_matrix", "precision_matrix", "scale_tril"):
        close(getattr(g, attr), getattr(t, attr), rtol, rtol)
    close(g.entropy(), t.entropy(), rtol, rtol)
    value = VALUE.astype(dtype)
    close(g.log_prob(glassnet.tensor(value)), t.log_prob(torch.tensor(value)), rtol, rtol)


@pytest.mark.parametrize("name", ["covariance_matrix", "precision_matrix", "scale_tril"])
def test_log_prob_gradients_match_torch(name):
    mat = _param(name, COV)
    gl, gm = glassnet.tensor(LOC, requires_grad=True), glassnet.tensor(mat, requires_grad=True)
    tl, tm = torch.tensor(LOC, requires_grad=True), torch.tensor(mat, requires_grad=True)
    dg = MultivariateNormal(gl, **{name: gm})
    dt = TD.MultivariateNormal(tl, **{name: tm})
    (dg.log_prob(glassnet.tensor(VALUE)).sum() + dg.entropy().sum()).backward()
    (dt.log_prob(torch.tensor(VALUE)).sum() + dt.entropy().sum()).backward()
    close(gl.grad, tl.grad, 1e-9, 1e-9)
    close(gm.grad, tm.grad, 1e-8, 1e-9)


def test_gradcheck_float64():
    rng = np.random.default_rng(7)
    loc = glassnet.tensor(rng.standard_normal(3), requires_grad=True)
    a = glassnet.tensor(rng.standard_normal((3, 3)), requires_grad=True)
    value = glassnet.tensor(rng.standard_normal((2, 3)))
    eye = glassnet.eye(3, dtype=glassnet.float64)
    gc = glassnet.autograd.gradcheck
    assert gc(lambda m, x: MultivariateNormal(m, covariance_matrix=x @ x.mT + eye).log_prob(value), [loc, a])
    assert gc(lambda m, x: MultivariateNormal(m, precision_matrix=x @ x.mT + eye).log_prob(value), [loc, a])
    tril = glassnet.tensor(np.tril(rng.standard_normal((3, 3))) + 3 * np.eye(3), requires_grad=True)
    # gradcheck also nudges the zeros above the diagonal, which validation would reject; log_prob ignores them.
    assert gc(lambda m, lo: MultivariateNormal(m, scale_tril=lo, validate_args=False).log_prob(value), [loc, tril])


def test_rsample_shape_gradient_and_statistics():
    loc = glassnet.tensor([1.0, -1.0], dtype=glassnet.float64, requires_grad=True)
    tril = glassnet.tensor([[1.0, 0.0], [0.8, 0.5]], dtype=glassnet.float64, requires_grad=True)
    d = MultivariateNormal(loc, scale_tril=tril)
    x = d.rsample((20000,))
    assert x.shape == (20000, 2) and x.requires_grad
    xs = x.detach().numpy()
    np.testing.assert_allclose(xs.mean(0), [1.0, -1.0], atol=0.03)
    np.testing.assert_allclose(np.cov(xs.T), [[1.0, 0.8], [0.8, 0.89]], atol=0.04)
    # the same noise through torch's formula loc + L eps gives the same gradients
    eps = np.linalg.solve(np.array([[1.0, 0.0], [0.8, 0.5]]), (xs - [1.0, -1.0]).T).T
    w = np.random.default_rng(1).standard_normal(xs.shape)
    (x * glassnet.tensor(w)).sum().backward()
    tl = torch.tensor([1.0, -1.0], dtype=torch.float64, requires_grad=True)
    tt = torch.tensor([[1.0, 0.0], [0.8, 0.5]], dtype=torch.float64, requires_grad=True)
    ((tl + (tt @ torch.tensor(eps).unsqueeze(-1)).squeeze(-1)) * torch.tensor(w)).sum().backward()
    close(loc.grad, tl.grad, 1e-9, 1e-9)
    close(tril.grad, tt.grad, 1e-8, 1e-8)
    assert d.sample((3, 2)).shape == (3, 2, 2) and not d.sample().requires_grad


def test_argument_errors_match_torch():
    loc, cov = glassnet.zeros(2), glassnet.eye(2)
    with pytest.raises(ValueError, match="loc must be at least one-dimensional."):
        MultivariateNormal(glassnet.tensor(0.0), cov)
    with pytest.raises(ValueError, match="Exactly one of covariance_matrix or precision_matrix or scale_tril"):
        MultivariateNormal(loc)
    with pytest.raises(ValueError, match="Exactly one of"):
        MultivariateNormal(loc, covariance_matrix=cov, scale_tril=cov)
    with pytest.raises(ValueError, match="covariance_matrix must be at least two-dimensional"):
        MultivariateNormal(loc, covariance_matrix=glassnet.ones(2))
    with pytest.raises(ValueError, match=r"parameter covariance_matrix .* PositiveDefinite\(\)"):
        MultivariateNormal(loc, covariance_matrix=glassnet.tensor([[1.0, 2.0], [2.0, 1.0]]))
    with pytest.raises(ValueError, match=r"PositiveDefinite"):
        MultivariateNormal(loc, precision_matrix=glassnet.tensor([[1.0, 0.5], [0.0, 1.0]]))  # not symmetric
    with pytest.raises(ValueError, match=r"parameter scale_tril .* LowerCholesky\(\)"):
        MultivariateNormal(loc, scale_tril=glassnet.tensor([[1.0, 0.5], [0.0, 1.0]]))
    with pytest.raises(ValueError, match=r"LowerCholesky"):
        MultivariateNormal(loc, scale_tril=glassnet.tensor([[1.0, 0.0], [0.5, -1.0]]))
    with pytest.raises(ValueError, match="right-most size of value must match event_shape"):
        MultivariateNormal(loc, cov).log_prob(glassnet.zeros(3))


def test_expand_shares_the_factor():
    cov = glassnet.tensor(COV[0])
    g = MultivariateNormal(glassnet.zeros(3), cov).expand((4, 2))
    t = TD.MultivariateNormal(torch.zeros(3, dtype=torch.float64), torch.tensor(COV[0])).expand((4, 2))
    assert g.batch_shape == t.batch_shape == (4, 2)
    assert g.covariance_matrix.shape == (4, 2, 3, 3) and g.sample().shape == (4, 2, 3)
    value = VALUE[0]
    close(g.log_prob(glassnet.tensor(value)), t.log_prob(torch.tensor(value)), 1e-9, 1e-9)
    close(g.entropy(), t.entropy(), 1e-9, 1e-9)
