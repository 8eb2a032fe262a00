"""Categorical against torch.distributions.Categorical."""

import numpy as np
import pytest
from dist_helpers import close

import glassnet
from glassnet.distributions import Categorical

torch = pytest.importorskip("torch")
TD = torch.distributions


PROBS = np.array([[0.2, 0.3, 0.5, 0.0], [1.0, 2.0, 3.0, 4.0]])  # the second row is unnormalised


@pytest.mark.parametrize("param", ["probs", "logits"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_match_torch(param, dtype):
    arr = (PROBS if param == "probs" else np.array([[0.5, -1.0, 2.0, 0.0], [3.0, 3.0, -2.0, 1.0]])).astype(dtype)
    g = Categorical(**{param: glassnet.tensor(arr)})
    t = TD.Categorical(**{param: torch.tensor(arr)})
    assert g.batch_shape == t.batch_shape == (2,) and g.event_shape == ()
    assert g.param_shape == t.param_shape
    rtol = 1e-5 if dtype == np.float32 else 1e-10
    for name in ("probs", "logits", "mean", "variance"):
        close(getattr(g, name), getattr(t, name), rtol, rtol)
    close(g.mode, t.mode)
    close(g.entropy(), t.entropy(), rtol, rtol)
    value = np.array([[0, 3], [2, 1], [1, 0]])
    close(g.log_prob(glassnet.tensor(value)), t.log_prob(torch.tensor(value)), rtol, rtol)
    close(g.enumerate_support(), t.enumerate_support())
    close(g.enumerate_support(expand=False), t.enumerate_support(expand=False))
    assert repr(g.support) == repr(t.support)


def test_log_prob_broadcasts_the_value_against_the_batch():
    arr = np.array([[0.1, 0.9], [0.6, 0.4], [0.5, 0.5]], dtype=np.float32)
    g, t = Categorical(glassnet.tensor(arr)), TD.Categorical(torch.tensor(arr))
    value = np.array([[0], [1], [1], [0], [1]])  # (5, 1) against batch (3,)
    close(g.log_prob(glassnet.tensor(value)), t.log_prob(torch.tensor(value)))


def test_one_dim_params_and_errors():
    d = Categorical(glassnet.tensor([0.25, 0.75]))
    assert d.batch_shape == () and d.sample().shape == () and d.sample((3,)).dtype == glassnet.int64
    with pytest.raises(ValueError, match="`probs` parameter must be at least one-dimensional."):
        Categorical(glassnet.tensor(0.5))
    with pytest.raises(ValueError, match="`logits` parameter must be at least one-dimensional."):
        Categorical(logits=glassnet.tensor(0.5))
    with pytest.raises(ValueError, match="but not both"):
        Categorical()
    with pytest.raises(ValueError, match=r"parameter probs .* Simplex\(\)"):
        Categorical(glassnet.tensor([0.5, -0.5, 1.0]))
    with pytest.raises(ValueError, match=r"within the support \(IntegerInterval\(lower_bound=0, upper_bound=1\)\)"):
        d.log_prob(glassnet.tensor(2))


@pytest.mark.parametrize("param", ["probs", "logits"])
def test_gradients_match_torch(param):
    arr = np.array([[0.2, 0.3, 0.5], [1.0, 2.0, 3.0]]) if param == "probs" else np.array([[0.5, -1.0, 2.0],
                                                                                           [3.0, 0.0, -2.0]])
    value = np.array([[2, 0], [1, 1]])
    g = glassnet.tensor(arr, requires_grad=True)
    t = torch.tensor(arr, requires_grad=True)
    dg, dt = Categorical(**{param: g}), TD.Categorical(**{param: t})
    (dg.log_prob(glassnet.tensor(value)).sum() + dg.entropy().sum()).backward()
    (dt.log_prob(torch.tensor(value)).sum() + dt.entropy().sum()).backward()
    close(g.grad, t.grad, 1e-10, 1e-10)


def test_gradcheck_float64():
    probs = glassnet.tensor([[0.2, 0.3, 0.5], [1.0, 2.0, 3.0]], dtype=glassnet.float64, requires_grad=True)
    logits = glassnet.tensor([[0.5, -1.0, 2.0]], dtype=glassnet.float64, requires_grad=True)
    value = glassnet.tensor([2, 0])
    gc = glassnet.autograd.gradcheck
    assert gc(lambda p: Categorical(probs=p).log_prob(value), [probs])
    assert gc(lambda p: Categorical(probs=p).entropy(), [probs])
    assert gc(lambda lg: Categorical(logits=lg).log_prob(value), [logits])


def test_sample_frequencies():
    p = np.array([[0.1, 0.0, 0.6, 0.3], [0.25, 0.25, 0.25, 0.25]])
    s = Categorical(glassnet.tensor(p)).sample((20000,))
    assert s.shape == (20000, 2) and s.dtype == glassnet.int64
    counts = np.stack([np.bincount(s.numpy()[:, i], minlength=4) for i in range(2)]) / 20000
    np.testing.assert_allclose(counts, p, atol=0.015)
    assert counts[0, 1] == 0  # a zero-probability category is never drawn


def test_expand():
    d = Categorical(logits=glassnet.tensor([0.0, 1.0, 2.0])).expand((4, 2))
    assert d.batch_shape == (4, 2) and d.param_shape == (4, 2, 3) and d.sample((5,)).shape == (5, 4, 2)
    assert d.log_prob(glassnet.tensor([0, 2])).shape == (4, 2)
