"""Normal against torch.distributions.Normal."""

import numpy as np
import pytest
from dist_helpers import close

import glassnet
from glassnet.distributions import Distribution, Normal

torch = pytest.importorskip("torch")
TD = torch.distributions


def _params(dtype=np.float32):
    rng = np.random.default_rng(0)
    loc = rng.standard_normal((3, 1)).astype(dtype)
    scale = rng.uniform(0.5, 2.0, (4,)).astype(dtype)
    return loc, scale


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_match_torch(dtype):
    loc, scale = _params(dtype)
    g = Normal(glassnet.tensor(loc), glassnet.tensor(scale))
    t = TD.Normal(torch.tensor(loc), torch.tensor(scale))
    assert g.batch_shape == t.batch_shape == (3, 4) and g.event_shape == ()
    value = np.random.default_rng(1).standard_normal((2, 3, 4)).astype(dtype)
    u = np.random.default_rng(2).uniform(0.01, 0.99, (3, 4)).astype(dtype)
    rtol = 1e-5 if dtype == np.float32 else 1e-10
    for name in ("mean", "mode", "stddev", "variance"):
        close(getattr(g, name), getattr(t, name), rtol, rtol)
    close(g.entropy(), t.entropy(), rtol, rtol)
    close(g.log_prob(glassnet.tensor(value)), t.log_prob(torch.tensor(value)), rtol, rtol)
    close(g.cdf(glassnet.tensor(value)), t.cdf(torch.tensor(value)), rtol, rtol)
    close(g.icdf(glassnet.tensor(u)), t.icdf(torch.tensor(u)), rtol * 10, rtol)
    close(g.perplexity(), t.perplexity(), rtol, rtol)
    assert g.log_prob(glassnet.tensor(value)).dtype == (glassnet.float32 if dtype == np.float32 else glassnet.float64)


def test_scalar_params_give_an_empty_batch_shape():
    g = Normal(0.0, 1.0)
    assert g.batch_shape == () and g.sample().shape == () and g.sample((5, 2)).shape == (5, 2)
    assert g.loc.dtype == glassnet.float32
    close(g.log_prob(glassnet.tensor(0.3)), TD.Normal(0.0, 1.0).log_prob(torch.tensor(0.3)))
    mixed = Normal(glassnet.tensor([0.0, 1.0], dtype=glassnet.float64), 2.0)
    assert mixed.scale.dtype == glassnet.float64 and mixed.batch_shape == (2,)


def test_log_prob_gradients_match_torch():
    loc, scale = _params(np.float64)
    value = np.random.default_rng(1).standard_normal((2, 3, 4))
    gp = [glassnet.tensor(a, requires_grad=True) for a in (loc, scale, value)]
    tp = [torch.tensor(a, requires_grad=True) for a in (loc, scale, value)]
    Normal(gp[0], gp[1]).log_prob(gp[2]).sum().backward()
    TD.Normal(tp[0], tp[1]).log_prob(tp[2]).sum().backward()
    for g, t in zip(gp, tp):
        close(g.grad, t.grad, 1e-10, 1e-10)


def test_rsample_is_differentiable_through_loc_and_scale():
    loc, scale = _params(np.float64)
    gl, gs = glassnet.tensor(loc, requires_grad=True), glassnet.tensor(scale, requires_grad=True)
    x = Normal(gl, gs).rsample((5,))
    assert x.shape == (5, 3, 4) and x.requires_grad
    eps = ((x - gl) / gs).detach().numpy()  # the noise glassnet drew, fed to torch's formula
    w = np.random.default_rng(3).standard_normal(x.shape)
    (x * glassnet.tensor(w)).sum().backward()
    tl, ts = torch.tensor(loc, requires_grad=True), torch.tensor(scale, requires_grad=True)
    (torch.tensor(w) * (tl + torch.tensor(eps) * ts)).sum().backward()
    close(gl.grad, tl.grad, 1e-10, 1e-10)
    close(gs.grad, ts.grad, 1e-10, 1e-10)


def test_sample_has_no_graph_and_right_statistics():
    glassnet.manual_seed(0)
    loc = glassnet.tensor([1.0, -2.0], requires_grad=True)
    d = Normal(loc, glassnet.tensor([0.5, 3.0]))
    s = d.sample((20000,))
    assert s.shape == (20000, 2) and not s.requires_grad
    np.testing.assert_allclose(s.mean(0).numpy(), [1.0, -2.0], atol=0.06)
    np.testing.assert_allclose(s.std(0).numpy(), [0.5, 3.0], rtol=0.03)


def test_sampling_follows_the_seed():
    glassnet.manual_seed(7)
    a = Normal(0.0, 1.0).sample((4,))
    glassnet.manual_seed(7)
    b = Normal(0.0, 1.0).sample((4,))
    assert a.equal(b)


def test_expand():
    d = Normal(glassnet.tensor([0.0, 1.0]), glassnet.tensor([1.0, 2.0]))
    e = d.expand((3, 2))
    assert e.batch_shape == (3, 2) and e.sample().shape == (3, 2)
    close(e.log_prob(glassnet.zeros(3, 2)), TD.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
           .expand((3, 2)).log_prob(torch.zeros(3, 2)))


def test_invalid_scale_raises_like_torch():
    with pytest.raises(ValueError, match=r"Expected parameter scale .* GreaterThan\(lower_bound=0.0\)"):
        Normal(glassnet.tensor([0.0]), glassnet.tensor([-1.0]))
    with pytest.raises(ValueError, match="parameter loc"):
        Normal(glassnet.tensor([float("nan")]), glassnet.tensor([1.0]))
    Normal(glassnet.tensor([0.0]), glassnet.tensor([-1.0]), validate_args=False)  # no check


def test_default_validation_can_be_turned_off():
    Distribution.set_default_validate_args(False)
    try:
        Normal(0.0, -1.0)
    finally:
        Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError):
        Normal(0.0, -1.0)
    with pytest.raises(ValueError):
        Distribution.set_default_validate_args(2)


def test_log_prob_validates_the_value_shape():
    d = Normal(glassnet.zeros(3), glassnet.ones(3))
    with pytest.raises(ValueError, match="not broadcastable"):
        d.log_prob(glassnet.zeros(4))
    with pytest.raises(ValueError, match="must be a Tensor"):
        d.log_prob(0.5)
    assert d.log_prob(glassnet.zeros(2, 1)).shape == (2, 3)


def test_gradcheck_float64():
    loc, scale = _params(np.float64)
    value = np.random.default_rng(1).standard_normal((3, 4))
    u = np.random.default_rng(2).uniform(0.05, 0.95, (3, 4))
    ins = [glassnet.tensor(a, requires_grad=True) for a in (loc, scale, value)]
    gc = glassnet.autograd.gradcheck
    assert gc(lambda m, s, v: Normal(m, s).log_prob(v), ins)
    assert gc(lambda m, s, v: Normal(m, s).cdf(v), ins)
    assert gc(lambda m, s: Normal(m, s).entropy(), ins[:2])
    assert gc(lambda m, s, q: Normal(m, s).icdf(q), ins[:2] + [glassnet.tensor(u, requires_grad=True)])


def test_repr_matches_torch():
    assert repr(Normal(0.0, 1.0)) == repr(TD.Normal(0.0, 1.0)) == "Normal(loc: 0.0, scale: 1.0)"
    shaped = Normal(glassnet.zeros(3), glassnet.ones(3))
    assert repr(shaped) == "Normal(loc: glassnet.Size([3]), scale: glassnet.Size([3]))"


def test_glassnet_loads_the_package_lazily():
    import subprocess
    import sys

    code = ("import sys, glassnet; assert 'glassnet.distributions' not in sys.modules; "
            "print(glassnet.distributions.Normal)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Normal" in out.stdout
