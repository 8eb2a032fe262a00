"""nn2 F.linear_cross_entropy / nn.LinearCrossEntropyLoss against torch (K-dim, bias, weights, probabilities)."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

TARGET = np.array([0, 3, 1, 4, 2, 4], dtype=np.int64)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_matches_torch_with_bias_weight_and_smoothing(reduction):
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    cw = rand_array((5,), "pos")

    def run(lib, t, x, w, b):
        return lib.linear_cross_entropy(x, w, t(TARGET), linear_bias=b, weight=t(cw), reduction=reduction,
                                        ignore_index=4, label_smoothing=0.1)

    check_parity(lambda x, w, b: run(F, glassnet.tensor, x, w, b), lambda x, w, b: run(tf, torch.tensor, x, w, b),
                 [rand_array((6, 3)), rand_array((5, 3)), rand_array((5,))])


def test_k_dimensional_unbatched_and_probability_targets_match_torch():
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    kt = np.array([[0, 1], [2, 2], [1, 0]], dtype=np.int64)
    check_parity(lambda x, w, t: F.linear_cross_entropy(x, w, t), lambda x, w, t: tf.linear_cross_entropy(x, w, t),
                 [rand_array((3, 4)), rand_array((3, 2, 4)), kt])
    check_parity(lambda x, w, t: F.linear_cross_entropy(x, w, t), lambda x, w, t: tf.linear_cross_entropy(x, w, t),
                 [rand_array((4,)), rand_array((5, 4)), np.array(2)])
    probs = np.full((6, 5), 0.2, dtype=np.float32)
    check_parity(lambda x, w: F.linear_cross_entropy(x, w, glassnet.tensor(probs)),
                 lambda x, w: tf.linear_cross_entropy(x, w, torch.tensor(probs)),
                 [rand_array((6, 3)), rand_array((5, 3))])
    check_gradcheck(lambda x, w: F.linear_cross_entropy(x, w, glassnet.tensor(TARGET)),
                    [rand_array((6, 3)), rand_array((5, 3))])


def test_module_loads_torch_weights_and_matches():
    torch = pytest.importorskip("torch")
    t = torch.nn.LinearCrossEntropyLoss(3, 4, out_features=(2,), bias=True)
    g = nn.LinearCrossEntropyLoss(3, 4, out_features=(2,), bias=True)
    assert list(g.state_dict()) == list(t.state_dict())
    assert repr(g) == repr(t)
    g.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    x, y = rand_array((5, 3)), np.array([[0, 3], [1, 1], [2, 0], [3, 3], [0, 0]])
    assert_close(g(glassnet.tensor(x), glassnet.tensor(y)), t(torch.tensor(x), torch.tensor(y)).detach())


def test_errors():
    x, w = glassnet.ones(2, 3), glassnet.ones(4, 3)
    with pytest.raises(RuntimeError, match="in_features"):
        F.linear_cross_entropy(x, glassnet.ones(4, 5), glassnet.tensor(np.array([0, 1])))
    with pytest.raises(RuntimeError, match="dimensionality 1 or 2"):
        F.linear_cross_entropy(glassnet.ones(2, 2, 3), w, glassnet.tensor(np.array([0, 1])))
    with pytest.raises(RuntimeError, match="ignore_index cannot be specified"):
        F.linear_cross_entropy(x, w, glassnet.ones(2, 4) / 4, ignore_index=1)
    with pytest.raises(RuntimeError, match="label_smoothing"):
        nn.LinearCrossEntropyLoss(3, 4, label_smoothing=2.0)
