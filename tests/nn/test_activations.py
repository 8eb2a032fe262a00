"""Activations (modules and functional): PyTorch parity of values and gradients, gradchecks, stability."""

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn as nn
import glassnet.nn.functional as F
from glassnet.autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
RNG = np.random.default_rng(0)

# (glassnet module, torch module): constructor arguments shared by both
MODULES = [
    ("ReLU", {}), ("ReLU6", {}), ("LeakyReLU", {}), ("LeakyReLU", {"negative_slope": 0.2}), ("ELU", {}),
    ("ELU", {"alpha": 0.5}), ("CELU", {"alpha": 1.5}), ("SELU", {}), ("GELU", {}),
    ("GELU", {"approximate": "tanh"}), ("SiLU", {}), ("Mish", {}), ("Sigmoid", {}), ("Tanh", {}),
    ("Softplus", {}), ("Softplus", {"beta": 2.0, "threshold": 5.0}), ("Softsign", {}), ("Tanhshrink", {}),
    ("Hardtanh", {}), ("Hardtanh", {"min_val": -2.0, "max_val": 0.5}), ("Hardsigmoid", {}), ("Hardswish", {}),
    ("LogSigmoid", {}), ("Softmax", {"dim": 1}), ("Softmax", {"dim": -1}), ("LogSoftmax", {"dim": 1}),
    ("Softmin", {"dim": 0}), ("PReLU", {}), ("PReLU", {"num_parameters": 4, "init": 0.1}),
]


@pytest.mark.parametrize("name,kw", MODULES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activation_parity(name, kw, dtype):
    x = (RNG.standard_normal((3, 4, 5)) * 3).astype(dtype)
    gm, tm = getattr(nn, name)(**kw), getattr(torch.nn, name)(**kw)
    if name == "PReLU":
        gm.load_state_dict(tm.state_dict())
        if dtype == np.float64:
            gm.double()
            tm.double()
    gx, tx = gn.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    gy, ty = gm(gx), tm(tx)
    tol = {"rtol": 1e-5, "atol": 1e-6} if dtype == np.float32 else {"rtol": 1e-6, "atol": 1e-7}
    np.testing.assert_allclose(gy._data, ty.detach().numpy(), **tol)
    assert gy.dtype == gx.dtype
    g = RNG.standard_normal(x.shape).astype(dtype)
    gy.backward(gn.tensor(g))
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(gx.grad._data, tx.grad.numpy(), **tol)
    if name == "PReLU":
        np.testing.assert_allclose(gm.weight.grad._data, tm.weight.grad.numpy(), rtol=1e-4, atol=1e-5)


FUNCTIONAL = [
    lambda x: F.leaky_relu(x, 0.1), lambda x: F.elu(x, 0.7), F.gelu, lambda x: F.gelu(x, approximate="tanh"),
    F.silu, F.mish, lambda x: F.softplus(x, beta=1.5, threshold=3.0), F.selu, F.softsign, F.logsigmoid,
    lambda x: F.hardtanh(x, -0.8, 0.6), lambda x: F.softmax(x, dim=1), lambda x: F.log_softmax(x, dim=0),
    lambda x: F.prelu(x, gn.tensor(np.array([0.1, 0.3, -0.2]), requires_grad=True)),
]


@pytest.mark.parametrize("fn", FUNCTIONAL)
def test_activation_gradcheck(fn):
    x = RNG.standard_normal((4, 3)) * 2
    x[np.abs(x) < 0.05] = 0.3  # keep away from kinks, where finite differences are meaningless
    x[np.abs(np.abs(x) - 0.6) < 0.05] = 1.1
    x[np.abs(x - 3 / 1.5) < 0.05] = 1.0
    xt = gn.tensor(x, requires_grad=True)
    assert gradcheck(fn, (xt,))


@pytest.mark.parametrize("fn", [F.gelu, F.silu, F.elu, lambda x: F.softplus(x, 2.0), F.mish,
                                lambda x: F.gelu(x, approximate="tanh")])
def test_activation_double_backward(fn):
    x = gn.tensor(RNG.standard_normal((3, 2)) + 0.1, requires_grad=True)
    assert gradgradcheck(fn, (x,))


def test_extreme_inputs_are_finite():
    x = gn.tensor([-1e4, -100.0, 0.0, 100.0, 1e4], requires_grad=True)
    for fn in (F.sigmoid, F.silu, F.gelu, F.elu, F.softplus, F.mish, F.logsigmoid, F.tanh,
               lambda t: F.softmax(t, 0), lambda t: F.log_softmax(t, 0)):
        y = fn(x)
        y.sum().backward()
        assert np.all(np.isfinite(y._data)) and np.all(np.isfinite(x.grad._data)), fn
        x.grad = None


def test_erfc_accuracy():
    from math import erfc

    from glassnet.ops.activation import erfc as gerfc

    xs = np.linspace(-6, 9, 301)
    ref = np.array([erfc(v) for v in xs])
    assert np.max(np.abs(gerfc(xs) - ref) / ref) < 2e-7


def test_inplace_accepted_and_repr():
    assert repr(nn.ReLU(inplace=True)) == "ReLU(inplace=True)"
    assert repr(nn.LeakyReLU(0.2)) == "LeakyReLU(negative_slope=0.2)"
    assert repr(nn.Softmax(dim=1)) == "Softmax(dim=1)"
    x = gn.tensor([-1.0, 2.0])
    y = F.relu(x, inplace=True)
    assert y is not x and x._data[0] == -1.0  # documented: inplace is ignored
    with pytest.raises(ValueError, match="approximate"):
        nn.GELU("fast")
    with pytest.raises(RuntimeError, match="prelu"):
        F.prelu(gn.ones(2, 3), gn.ones(4))


def test_softmax_implicit_dim_warns_like_torch():
    with pytest.warns(UserWarning, match="Implicit dimension"):
        out = F.softmax(gn.ones(2, 3))
    np.testing.assert_allclose(out._data.sum(1), 1.0, rtol=1e-6)
