"""nn2 activations: shrink/threshold, RReLU, Softmax2d, in-place functional forms, gumbel_softmax."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

# values on and around the kinks, where the gradient conventions matter
KINKS = np.array([-2.0, -1.0, -0.5, -0.2, 0.0, 0.2, 0.5, 1.0, 2.0], dtype=np.float32)

CASES = [
    ("hardshrink", lambda f, x: f.hardshrink(x, 0.5)),
    ("softshrink", lambda f, x: f.softshrink(x, 0.5)),
    ("threshold", lambda f, x: f.threshold(x, 0.2, -3.0)),
    ("rrelu_eval", lambda f, x: f.rrelu(x, 0.1, 0.3, training=False)),
]


@pytest.mark.parametrize("name,fn", CASES)
def test_parity_including_kinks(name, fn):
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    for x in (KINKS, rand_array((3, 5))):
        check_parity(lambda a: fn(F, a), lambda a: fn(tf, a), [x])


@pytest.mark.parametrize("name,fn", CASES)
def test_gradcheck(name, fn):
    check_gradcheck(lambda a: fn(F, a), [rand_array((4, 3), "away0")])


def test_modules_match_torch():
    torch = pytest.importorskip("torch")
    x = rand_array((2, 3, 4, 4))
    pairs = [(nn.Hardshrink(0.3), torch.nn.Hardshrink(0.3)), (nn.Softshrink(0.3), torch.nn.Softshrink(0.3)),
             (nn.Threshold(0.1, 20.0), torch.nn.Threshold(0.1, 20.0)),
             (nn.RReLU(0.2, 0.4).eval(), torch.nn.RReLU(0.2, 0.4).eval()), (nn.Softmax2d(), torch.nn.Softmax2d())]
    for g, t in pairs:
        check_parity(g, t, [x])
    check_parity(nn.Softmax2d(), torch.nn.Softmax2d(), [x[0]])
    assert repr(nn.Threshold(0.1, 20.0)) == repr(torch.nn.Threshold(0.1, 20.0))


@pytest.mark.parametrize("name,fn", CASES)
def test_nan_and_inf_match_torch(name, fn):
    torch = pytest.importorskip("torch")
    x = np.array([np.nan, np.inf, -np.inf, 0.5, -2.0], dtype=np.float32)
    check_parity(lambda a: fn(F, a), lambda a: fn(torch.nn.functional, a), [x], grad=False)


def test_softshrink_rejects_negative_lambda():
    with pytest.raises(RuntimeError, match="softshrink"):
        F.softshrink(glassnet.ones(3), -1.0)


def test_softmax2d_rejects_2d():
    with pytest.raises(ValueError, match="Softmax2d"):
        nn.Softmax2d()(glassnet.ones(3, 4))


def test_rrelu_training_slopes_are_uniform_in_bounds():
    x = -glassnet.ones(200_000)
    slopes = -F.rrelu(x, 0.1, 0.3, training=True)._data
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3
    assert abs(slopes.mean() - 0.2) < 2e-3  # U(0.1, 0.3): mean 0.2, std of the mean ~1.3e-4
    assert abs(slopes.var() - 0.2 ** 2 / 12) < 2e-4
    pos = F.rrelu(glassnet.ones(10), training=True)
    assert np.all(pos._data == 1.0)


def test_rrelu_training_gradient_is_the_drawn_slope():
    x = glassnet.tensor(-rand_array((50,), "pos"), requires_grad=True)
    y = F.rrelu(x, training=True)
    y.sum().backward()
    assert_close(x.grad, y.detach() / x.detach())


def test_rrelu_is_reproducible_from_the_seed():
    glassnet.manual_seed(3)
    a = F.rrelu(-glassnet.ones(5), training=True)
    glassnet.manual_seed(3)
    b = F.rrelu(-glassnet.ones(5), training=True)
    assert_close(a, b)


@pytest.mark.parametrize("name,args", [("relu_", ()), ("elu_", (0.7,)), ("celu_", (0.7,)), ("selu_", ()),
                                       ("leaky_relu_", (0.2,)), ("hardtanh_", (-0.5, 0.5)),
                                       ("threshold_", (0.1, 5.0)), ("rrelu_", (0.1, 0.3, False))])
def test_inplace_functionals_write_into_input(name, args):
    torch = pytest.importorskip("torch")
    x = rand_array((3, 4))
    g, t = glassnet.tensor(x), torch.tensor(x)
    version = g._version
    out = getattr(F, name)(g, *args)
    getattr(torch.nn.functional, name)(t, *args)
    assert out is g
    assert g._version == version + 1
    assert_close(g, t)


def test_inplace_functional_on_leaf_requiring_grad_raises():
    x = glassnet.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="relu_"):
        F.relu_(x)


def test_threshold_inplace_flag():
    x = glassnet.tensor([-1.0, 2.0])
    assert F.threshold(x, 0.0, 7.0, inplace=True) is x
    assert x.tolist() == [7.0, 2.0]


def test_gumbel_softmax_soft_sums_to_one_and_matches_softmax_statistics():
    logits = glassnet.tensor(np.log(np.array([0.1, 0.2, 0.7], dtype=np.float32)))
    y = F.gumbel_softmax(logits.expand(40_000, 3), tau=0.5)
    assert_close(y.sum(-1), glassnet.ones(40_000), atol=1e-5)
    # argmax of logits + Gumbel noise is an exact sample from softmax(logits)
    freq = np.bincount(y._data.argmax(-1), minlength=3) / 40_000
    np.testing.assert_allclose(freq, [0.1, 0.2, 0.7], atol=0.01)


def test_gumbel_softmax_hard_is_one_hot_with_soft_gradient():
    logits = glassnet.tensor(rand_array((6, 5)), requires_grad=True)
    glassnet.manual_seed(1)
    y = F.gumbel_softmax(logits, tau=0.7, hard=True, dim=0)
    assert set(np.unique(y._data)) == {0.0, 1.0}
    assert np.all(y._data.sum(0) == 1)
    w = glassnet.tensor(rand_array((6, 5), "pos"))
    (y * w).sum().backward()
    glassnet.manual_seed(1)
    logits2 = glassnet.tensor(logits._data, requires_grad=True)
    (F.gumbel_softmax(logits2, tau=0.7, hard=False, dim=0) * w).sum().backward()
    assert_close(logits.grad, logits2.grad)
    assert np.any(logits.grad._data != 0)
