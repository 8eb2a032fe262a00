"""Uniform against torch.distributions.Uniform."""

import numpy as np
import pytest
from dist_helpers import close

import glassnet
from glassnet.distributions import Uniform

torch = pytest.importorskip("torch")
TD = torch.distributions


LOW = np.array([[-1.0], [0.5]])
HIGH = np.array([0.0, 2.0, 3.5])  # broadcast with LOW to batch (2, 3); one pair has low > high


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_match_torch(dtype):
    low, high = np.array([-1.0, 0.5, 2.0], dtype=dtype), np.array([0.0, 2.0, 3.5], dtype=dtype)
    g = Uniform(glassnet.tensor(low), glassnet.tensor(high))
    t = TD.Uniform(torch.tensor(low), torch.tensor(high))
    assert g.batch_shape == t.batch_shape == (3,)
    for name in ("mean", "mode", "variance", "stddev"):
        close(getattr(g, name), getattr(t, name))
    close(g.entropy(), t.entropy())
    value = np.array([[-0.5, 1.0, 3.4], [-1.0, 0.5, 2.0]], dtype=dtype)
    close(g.log_prob(glassnet.tensor(value)), t.log_prob(torch.tensor(value)))
    close(g.cdf(glassnet.tensor(value)), t.cdf(torch.tensor(value)))
    q = np.array([0.0, 0.3, 0.99], dtype=dtype)
    close(g.icdf(glassnet.tensor(q)), t.icdf(torch.tensor(q)))


def test_outside_the_support_without_validation():
    g = Uniform(glassnet.tensor([0.0]), glassnet.tensor([1.0]), validate_args=False)
    t = TD.Uniform(torch.tensor([0.0]), torch.tensor([1.0]), validate_args=False)
    value = np.array([[-0.5], [1.0], [2.0], [0.5]], dtype=np.float32)
    close(g.log_prob(glassnet.tensor(value)), t.log_prob(torch.tensor(value)))  # -inf outside, high excluded
    close(g.cdf(glassnet.tensor(value)), t.cdf(torch.tensor(value)))
    d = Uniform(glassnet.tensor([0.0]), glassnet.tensor([1.0]))
    with pytest.raises(ValueError, match="support"):
        d.log_prob(glassnet.tensor([2.0]))


def test_low_must_be_below_high():
    with pytest.raises(ValueError, match=r"parameter low .* LessThan"):
        Uniform(glassnet.tensor(LOW), glassnet.tensor(HIGH))
    with pytest.raises(ValueError):
        Uniform(1.0, 1.0)
    assert Uniform(glassnet.tensor(LOW), glassnet.tensor(HIGH), validate_args=False).batch_shape == (2, 3)


def test_rsample_gradients_and_statistics():
    low = glassnet.tensor([0.0, -2.0], dtype=glassnet.float64, requires_grad=True)
    high = glassnet.tensor([1.0, 4.0], dtype=glassnet.float64, requires_grad=True)
    x = Uniform(low, high).rsample((20000,))
    assert x.shape == (20000, 2) and x.dtype == glassnet.float64
    xs = x.detach().numpy()
    assert np.all(xs >= [0.0, -2.0]) and np.all(xs < [1.0, 4.0])
    np.testing.assert_allclose(xs.mean(0), [0.5, 1.0], atol=0.04)
    np.testing.assert_allclose(xs.var(0), [1 / 12, 3.0], rtol=0.04)
    u = ((x - low) / (high - low)).detach().numpy()  # glassnet's uniform draws, fed to torch's formula
    x.sum().backward()
    tl = torch.tensor([0.0, -2.0], dtype=torch.float64, requires_grad=True)
    th = torch.tensor([1.0, 4.0], dtype=torch.float64, requires_grad=True)
    (tl + torch.tensor(u) * (th - tl)).sum().backward()
    close(low.grad, tl.grad, 1e-9, 1e-9)
    close(high.grad, th.grad, 1e-9, 1e-9)


def test_gradcheck_float64():
    low = glassnet.tensor([0.0, -2.0], dtype=glassnet.float64, requires_grad=True)
    high = glassnet.tensor([1.0, 4.0], dtype=glassnet.float64, requires_grad=True)
    v = glassnet.tensor([0.3, 1.0], dtype=glassnet.float64, requires_grad=True)
    gc = glassnet.autograd.gradcheck
    assert gc(lambda lo, hi: Uniform(lo, hi).log_prob(glassnet.tensor([0.3, 1.0], dtype=glassnet.float64)),
              [low, high])
    assert gc(lambda lo, hi, x: Uniform(lo, hi).cdf(x), [low, high, v])
    assert gc(lambda lo, hi, x: Uniform(lo, hi).icdf(x * 0.5), [low, high, v])
    assert gc(lambda lo, hi: Uniform(lo, hi).entropy(), [low, high])


def test_scalar_params_and_expand():
    d = Uniform(0.0, 2.0)
    assert d.batch_shape == () and d.sample((3,)).shape == (3,)
    e = d.expand((4,))
    assert e.batch_shape == (4,) and e.entropy().shape == (4,)
    close(e.entropy(), TD.Uniform(0.0, 2.0).expand((4,)).entropy())
