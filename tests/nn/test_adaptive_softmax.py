"""AdaptiveLogSoftmaxWithLoss against torch: parameter layout, output, loss, gradients, log_prob and predict."""

import numpy as np
import pytest
from conftest import assert_close, rand_array

import glassnet
import glassnet.nn as nn

torch = pytest.importorskip("torch")


def _pair(head_bias=False):
    t = torch.nn.AdaptiveLogSoftmaxWithLoss(16, 20, [4, 9, 15], div_value=2.0, head_bias=head_bias).double()
    g = nn.AdaptiveLogSoftmaxWithLoss(16, 20, [4, 9, 15], div_value=2.0, head_bias=head_bias,
                                      dtype=glassnet.float64)
    assert {k: tuple(v.shape) for k, v in g.state_dict().items()} == \
        {k: tuple(v.shape) for k, v in t.state_dict().items()}
    g.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    return g, t


@pytest.mark.parametrize("head_bias", [False, True])
def test_output_loss_and_gradients_match_torch(head_bias):
    g, t = _pair(head_bias)
    x = rand_array((7, 16), dtype=np.float64)
    target = np.array([0, 3, 5, 19, 9, 12, 16])
    gx, tx = glassnet.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    go, to = g(gx, glassnet.tensor(target)), t(tx, torch.tensor(target))
    assert_close(go.output, to.output)
    assert_close(go.loss, to.loss)
    go.loss.backward()
    to.loss.backward()
    assert_close(gx.grad, tx.grad)
    for (_, gp), (_, tp) in zip(g.named_parameters(), t.named_parameters()):
        assert_close(gp.grad, tp.grad)


def test_unbatched_log_prob_and_predict_match_torch():
    g, t = _pair()
    x = rand_array((5, 16), dtype=np.float64)
    assert_close(g.log_prob(glassnet.tensor(x)), t.log_prob(torch.tensor(x)))
    assert_close(g.predict(glassnet.tensor(x)), t.predict(torch.tensor(x)))
    assert_close(np.exp(g.log_prob(glassnet.tensor(x))._data).sum(1), np.ones(5))
    out = g(glassnet.tensor(x[0]), glassnet.tensor(np.array(11)))
    ref = t(torch.tensor(x[0]), torch.tensor(11))
    assert_close(out.output, ref.output)


def test_errors():
    with pytest.raises(ValueError, match="cutoffs should be a sequence of unique"):
        nn.AdaptiveLogSoftmaxWithLoss(8, 10, [5, 3])
    g = nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6])
    with pytest.raises(RuntimeError, match=r"Target values should be in \[0, 9\]"):
        g(glassnet.randn(2, 8), glassnet.tensor([1, 10]))
    with pytest.raises(RuntimeError, match="same size in the batch dimension"):
        g(glassnet.randn(3, 8), glassnet.tensor([1, 2]))
