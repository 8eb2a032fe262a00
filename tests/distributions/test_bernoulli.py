"""Bernoulli against torch.distributions.Bernoulli."""

import numpy as np
import pytest
from dist_helpers import close

import glassnet
from glassnet.distributions import Bernoulli

torch = pytest.importorskip("torch")
TD = torch.distributions


PROBS = np.array([[0.0, 0.1, 0.5], [0.7, 0.99, 1.0]])


@pytest.mark.parametrize("param", ["probs", "logits"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_match_torch(param, dtype):
    arr = PROBS if param == "probs" else np.array([[-30.0, -2.0, 0.0], [0.5, 4.0, 30.0]])
    arr = arr.astype(dtype)
    g = Bernoulli(**{param: glassnet.tensor(arr)})
    t = TD.Bernoulli(**{param: torch.tensor(arr)})
    assert g.batch_shape == t.batch_shape == (2, 3) and g.event_shape == ()
    rtol = 1e-5 if dtype == np.float32 else 1e-10
    for name in ("mean", "mode", "variance", "stddev", "probs", "logits"):
        close(getattr(g, name), getattr(t, name), rtol, rtol)
    close(g.entropy(), t.entropy(), rtol, rtol)
    value = np.array([[[0.0, 1.0, 1.0], [1.0, 0.0, 1.0]], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]], dtype=dtype)
    close(g.log_prob(glassnet.tensor(value)), t.log_prob(torch.tensor(value)), rtol, rtol)
    close(g.enumerate_support(), t.enumerate_support())
    close(g.enumerate_support(expand=False), t.enumerate_support(expand=False))


def test_exactly_one_parametrisation():
    with pytest.raises(ValueError, match="Either `probs` or `logits` must be specified, but not both."):
        Bernoulli()
    with pytest.raises(ValueError, match="but not both"):
        Bernoulli(probs=glassnet.tensor(0.5), logits=glassnet.tensor(0.0))


def test_scalar_probs():
    d = Bernoulli(0.3)
    assert d.batch_shape == () and d.sample((4,)).shape == (4,)
    close(d.log_prob(glassnet.tensor(1.0)), TD.Bernoulli(0.3).log_prob(torch.tensor(1.0)))


@pytest.mark.parametrize("param", ["probs", "logits"])
def test_log_prob_and_entropy_gradients_match_torch(param):
    arr = np.array([0.2, 0.5, 0.9]) if param == "probs" else np.array([-1.5, 0.0, 2.0])
    value = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    g = glassnet.tensor(arr, requires_grad=True)
    t = torch.tensor(arr, requires_grad=True)
    dg, dt = Bernoulli(**{param: g}), TD.Bernoulli(**{param: t})
    (dg.log_prob(glassnet.tensor(value)).sum() + dg.entropy().sum()).backward()
    (dt.log_prob(torch.tensor(value)).sum() + dt.entropy().sum()).backward()
    close(g.grad, t.grad, 1e-10, 1e-10)


def test_gradcheck_float64():
    probs = glassnet.tensor([0.2, 0.5, 0.9], dtype=glassnet.float64, requires_grad=True)
    logits = glassnet.tensor([-1.5, 0.0, 2.0], dtype=glassnet.float64, requires_grad=True)
    value = glassnet.tensor([1.0, 0.0, 1.0], dtype=glassnet.float64)
    gc = glassnet.autograd.gradcheck
    assert gc(lambda p: Bernoulli(probs=p).log_prob(value), [probs])
    assert gc(lambda p: Bernoulli(probs=p).entropy(), [probs])
    assert gc(lambda lg: Bernoulli(logits=lg).log_prob(value), [logits])


def test_sample_statistics():
    d = Bernoulli(glassnet.tensor([0.1, 0.5, 0.8]))
    s = d.sample((20000,))
    assert s.shape == (20000, 3) and s.dtype == glassnet.float32 and not s.requires_grad
    assert set(np.unique(s.numpy()).tolist()) <= {0.0, 1.0}
    np.testing.assert_allclose(s.mean(0).numpy(), [0.1, 0.5, 0.8], atol=0.015)
    assert not Bernoulli.has_rsample
    with pytest.raises(NotImplementedError):
        d.rsample()


def test_validation_errors():
    with pytest.raises(ValueError, match=r"parameter probs .* Interval\(lower_bound=0.0, upper_bound=1.0\)"):
        Bernoulli(probs=glassnet.tensor([0.5, 1.5]))
    d = Bernoulli(probs=glassnet.tensor([0.5, 0.5]))
    with pytest.raises(ValueError, match=r"within the support \(Boolean\(\)\)"):
        d.log_prob(glassnet.tensor([0.5, 1.0]))


def test_expand_keeps_the_parametrisation():
    d = Bernoulli(logits=glassnet.tensor([0.0, 1.0])).expand((3, 2))
    assert d.batch_shape == (3, 2) and "logits" in d.__dict__ and "probs" not in d.__dict__
    close(d.probs, TD.Bernoulli(logits=torch.tensor([0.0, 1.0])).expand((3, 2)).probs)
