"""Multinomial against torch.distributions.Multinomial."""

import numpy as np
import pytest
from dist_helpers import close

import glassnet
from glassnet.distributions import Multinomial

torch = pytest.importorskip("torch")
TD = torch.distributions


PROBS = np.array([[0.2, 0.3, 0.5], [0.6, 0.4, 0.0]])
VALUE = np.array([[[1.0, 2.0, 2.0], [3.0, 2.0, 0.0]], [[0.0, 0.0, 5.0], [5.0, 0.0, 0.0]]])


@pytest.mark.parametrize("param", ["probs", "logits"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_match_torch(param, dtype):
    arr = (PROBS if param == "probs" else np.array([[0.5, -1.0, 2.0], [0.0, 1.0, -3.0]])).astype(dtype)
    g = Multinomial(5, **{param: glassnet.tensor(arr)})
    t = TD.Multinomial(5, **{param: torch.tensor(arr)})
    assert g.batch_shape == t.batch_shape == (2,) and g.event_shape == t.event_shape == (3,)
    rtol = 1e-5 if dtype == np.float32 else 1e-10
    for name in ("mean", "variance", "probs", "logits"):
        close(getattr(g, name), getattr(t, name), rtol, rtol)
    # torch evaluates the log n! term in float32 even for float64 probs, hence the looser float64 tolerance.
    close(g.entropy(), t.entropy(), max(rtol * 10, 1e-7), max(rtol * 10, 1e-7))
    value = VALUE.astype(dtype)
    close(g.log_prob(glassnet.tensor(value)), t.log_prob(torch.tensor(value)), rtol * 10, rtol * 10)


def test_log_prob_gradients_match_torch():
    g = glassnet.tensor(PROBS[:1], requires_grad=True)
    t = torch.tensor(PROBS[:1], requires_grad=True)
    dg, dt = Multinomial(5, probs=g), TD.Multinomial(5, probs=t)
    (dg.log_prob(glassnet.tensor(VALUE[:, :1])).sum() + dg.entropy().sum()).backward()
    (dt.log_prob(torch.tensor(VALUE[:, :1])).sum() + dt.entropy().sum()).backward()
    close(g.grad, t.grad, 1e-9, 1e-9)


def test_gradcheck_float64():
    logits = glassnet.tensor([[0.5, -1.0, 2.0]], dtype=glassnet.float64, requires_grad=True)
    value = glassnet.tensor([[1.0, 2.0, 2.0]], dtype=glassnet.float64)
    gc = glassnet.autograd.gradcheck
    assert gc(lambda lg: Multinomial(5, logits=lg).log_prob(value), [logits])
    assert gc(lambda lg: Multinomial(5, logits=lg).entropy(), [logits])


def test_sample_shapes_totals_and_mean():
    d = Multinomial(10, probs=glassnet.tensor(PROBS))
    s = d.sample((20000,))
    assert s.shape == (20000, 2, 3) and s.dtype == glassnet.float64  # the dtype of probs
    arr = s.numpy()
    assert np.all(arr.sum(-1) == 10) and np.all(arr >= 0)
    assert np.all(arr[:, 1, 2] == 0)  # a zero-probability category gets no counts
    np.testing.assert_allclose(arr.mean(0), 10 * PROBS, atol=0.06)
    np.testing.assert_allclose(arr.var(0), 10 * PROBS * (1 - PROBS), rtol=0.05, atol=0.01)


def test_errors_and_validation():
    with pytest.raises(NotImplementedError, match="inhomogeneous total_count is not supported"):
        Multinomial(glassnet.tensor([3, 4]), probs=glassnet.tensor([0.5, 0.5]))
    d = Multinomial(3, probs=glassnet.tensor([0.5, 0.5]))
    with pytest.raises(ValueError, match="support"):
        d.log_prob(glassnet.tensor([-1.0, 2.0]))
    with pytest.raises(ValueError, match="right-most size of value must match event_shape"):
        d.log_prob(glassnet.tensor([1.0, 1.0, 1.0]))
    with pytest.raises(ValueError, match="parameter probs"):
        Multinomial(3, probs=glassnet.tensor([-0.5, 1.5]))


def test_expand():
    g = Multinomial(4, probs=glassnet.tensor([0.2, 0.8])).expand((3,))
    t = TD.Multinomial(4, probs=torch.tensor([0.2, 0.8])).expand((3,))
    assert g.batch_shape == t.batch_shape and g.event_shape == t.event_shape
    assert g.sample((2,)).shape == (2, 3, 2)
    close(g.log_prob(glassnet.tensor([1.0, 3.0])), t.log_prob(torch.tensor([1.0, 3.0])))
