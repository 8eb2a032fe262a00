"""nn2 AdaptiveLogSoftmaxWithLoss: torch weights load; output, loss, gradients, log_prob, predict match."""

import numpy as np
import pytest
from conftest import assert_close

import glassnet
import glassnet.nn as nn


def _pair(head_bias=False):
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    t = torch.nn.AdaptiveLogSoftmaxWithLoss(16, 20, [4, 9, 15], div_value=2.0, head_bias=head_bias)
    g = nn.AdaptiveLogSoftmaxWithLoss(16, 20, [4, 9, 15], div_value=2.0, head_bias=head_bias)
    assert list(g.state_dict()) == list(t.state_dict())
    g.load_state_dict({k: glassnet.tensor(v.numpy()) for k, v in t.state_dict().items()})
    return g, t, torch


@pytest.mark.parametrize("head_bias", [False, True])
def test_forward_and_gradients_match_torch(head_bias):
    g, t, torch = _pair(head_bias)
    x = np.random.default_rng(0).standard_normal((12, 16)).astype(np.float32)
    target = np.array([0, 3, 4, 8, 9, 14, 15, 19, 1, 5, 10, 16])
    gx, tx = glassnet.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    go, to = g(gx, glassnet.tensor(target)), t(tx, torch.tensor(target))
    assert go._fields == to._fields == ("output", "loss")
    assert_close(go.output, to.output)
    assert_close(go.loss, to.loss)
    go.loss.backward()
    to.loss.backward()
    assert_close(gx.grad, tx.grad)
    for (name, gp), (_, tp) in zip(g.named_parameters(), t.named_parameters()):
        assert gp.grad is not None, name
        assert_close(gp.grad, tp.grad)


def test_unbatched_log_prob_and_predict_match_torch():
    g, t, torch = _pair()
    x = np.random.default_rng(1).standard_normal((30, 16)).astype(np.float32) * 3
    out = g(glassnet.tensor(x[0]), glassnet.tensor(np.array(12)))
    ref = t(torch.tensor(x[0]), torch.tensor(12))
    assert_close(out.output, ref.output)
    assert tuple(out.output.shape) == ()
    lp = g.log_prob(glassnet.tensor(x))
    assert_close(lp, t.log_prob(torch.tensor(x)))
    np.testing.assert_allclose(np.exp(lp._data).sum(1), 1, rtol=1e-5)
    pred = g.predict(glassnet.tensor(x))
    assert_close(pred, t.predict(torch.tensor(x)))
    assert np.any(pred._data >= 4)  # some rows go through the tails


def test_errors():
    with pytest.raises(ValueError, match="cutoffs"):
        nn.AdaptiveLogSoftmaxWithLoss(8, 10, [5, 3])
    with pytest.raises(ValueError, match="cutoffs"):
        nn.AdaptiveLogSoftmaxWithLoss(8, 10, [])
    m = nn.AdaptiveLogSoftmaxWithLoss(8, 10, [5])
    with pytest.raises(RuntimeError, match="Target values should be in \\[0, 9\\]"):
        m(glassnet.ones(2, 8), glassnet.tensor(np.array([1, 10])))
    with pytest.raises(RuntimeError, match="same size in the batch"):
        m(glassnet.ones(2, 8), glassnet.tensor(np.array([1])))
    with pytest.raises(RuntimeError, match="multi-target"):
        m(glassnet.ones(2, 8), glassnet.tensor(np.array([[1]])))
