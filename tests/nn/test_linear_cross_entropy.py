"""linear_cross_entropy / LinearCrossEntropyLoss (reference path) against torch."""

import numpy as np
import pytest
from conftest import assert_close, rand_array

import glassnet
import glassnet.nn as nn

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("kw, target", [
    (dict(), np.array([1, 4, 0])),
    (dict(bias=True, reduction="none", ignore_index=4), np.array([1, 4, 0])),
    (dict(out_features=(2,), bias=True, label_smoothing=0.1), np.array([[1, 2], [4, 0], [3, 3]])),
    (dict(reduction="sum"), "probs"),
])
def test_module_matches_torch(kw, target):
    t = torch.nn.LinearCrossEntropyLoss(6, 5, **kw).double()
    g = nn.LinearCrossEntropyLoss(6, 5, dtype=glassnet.float64, **kw)
    assert list(g.state_dict()) == list(t.state_dict())
    g.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    if isinstance(target, str):
        target = np.random.default_rng(0).dirichlet(np.ones(5), 3)
    x = rand_array((3, 6), dtype=np.float64)
    gx, tx = glassnet.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    go, to = g(gx, glassnet.tensor(target)), t(tx, torch.tensor(target))
    assert_close(go, to)
    go.sum().backward()
    to.sum().backward()
    assert_close(gx.grad, tx.grad)
    assert_close(g.linear.weight.grad, t.linear.weight.grad)


def test_errors():
    with pytest.raises(RuntimeError, match="requires batched input"):
        nn.functional.linear_cross_entropy(glassnet.randn(4), glassnet.randn(3, 2, 4), glassnet.tensor(1))
    with pytest.raises(RuntimeError, match="in_features"):
        nn.functional.linear_cross_entropy(glassnet.randn(2, 4), glassnet.randn(3, 5), glassnet.tensor([1, 2]))
