"""nn.init: PyTorch's gains and fans exactly, and the same distributions (checked statistically)."""

import math

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn as nn
from glassnet.nn import init


@pytest.mark.parametrize("name,param,expected", [
    ("linear", None, 1), ("conv2d", None, 1), ("sigmoid", None, 1), ("tanh", None, 5.0 / 3),
    ("relu", None, math.sqrt(2.0)), ("leaky_relu", None, math.sqrt(2.0 / (1 + 0.01**2))),
    ("leaky_relu", 0.2, math.sqrt(2.0 / 1.04)), ("selu", None, 0.75),
])
def test_calculate_gain_exact(name, param, expected):
    assert init.calculate_gain(name, param) == expected
    torch = pytest.importorskip("torch")
    assert init.calculate_gain(name, param) == torch.nn.init.calculate_gain(name, param)


def test_gain_and_fan_errors():
    with pytest.raises(ValueError, match="Unsupported nonlinearity"):
        init.calculate_gain("swish")
    with pytest.raises(ValueError, match="negative_slope"):
        init.calculate_gain("leaky_relu", "x")
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init._calculate_fan_in_and_fan_out(gn.zeros(5))
    assert init._calculate_fan_in_and_fan_out(gn.zeros(16, 8, 3, 3)) == (72, 144)
    with pytest.raises(ValueError, match="Mode"):
        init.kaiming_uniform_(gn.zeros(3, 3), mode="fan_avg")


def _big(*shape):
    return gn.zeros(*shape)


def test_uniform_normal_constant():
    gn.manual_seed(0)
    t = init.uniform_(_big(200, 300), -2, 3)
    assert t._data.min() >= -2 and t._data.max() < 3 and abs(t._data.mean() - 0.5) < 0.02
    t = init.normal_(_big(200, 300), 1.0, 2.0)
    assert abs(t._data.mean() - 1) < 0.02 and abs(t._data.std() - 2) < 0.02
    assert float(init.constant_(_big(3), 0.5).sum()) == 1.5
    assert float(init.ones_(_big(3)).sum()) == 3 and float(init.zeros_(gn.ones(3)).sum()) == 0
    np.testing.assert_array_equal(init.eye_(_big(2, 3))._data, np.eye(2, 3))


@pytest.mark.parametrize("shape", [(256, 512), (64, 32, 3, 3)])
def test_xavier_and_kaiming_distributions(shape):
    gn.manual_seed(1)
    t = _big(*shape)
    fan_in, fan_out = init._calculate_fan_in_and_fan_out(t)
    a = math.sqrt(6.0 / (fan_in + fan_out))
    x = init.xavier_uniform_(t)._data
    assert x.min() >= -a and x.max() <= a and abs(x.std() - a / math.sqrt(3)) < 0.02 * a
    x = init.xavier_normal_(t, gain=2.0)._data
    assert abs(x.std() - 2 * math.sqrt(2.0 / (fan_in + fan_out))) < 0.02 * x.std()
    bound = math.sqrt(2.0) * math.sqrt(3.0 / fan_in)
    x = init.kaiming_uniform_(t, nonlinearity="relu")._data
    assert x.min() >= -bound and x.max() <= bound and abs(x.std() - bound / math.sqrt(3)) < 0.02 * bound
    x = init.kaiming_normal_(t, mode="fan_out", nonlinearity="relu")._data
    assert abs(x.std() - math.sqrt(2.0 / fan_out)) < 0.02 * math.sqrt(2.0 / fan_out)
    assert abs(x.mean()) < 0.01 * x.std() * 10


def test_trunc_normal_and_orthogonal():
    gn.manual_seed(2)
    x = init.trunc_normal_(_big(300, 300), mean=0.5, std=1.0, a=-1.0, b=2.0)._data
    assert x.min() >= -1 and x.max() <= 2
    # mean of N(0.5, 1) truncated to [-1, 2] is 0.5 (symmetric bounds around the mean)
    assert abs(x.mean() - 0.5) < 0.01
    for shape in [(6, 10), (10, 6), (4, 3, 2)]:
        q = init.orthogonal_(_big(*shape), gain=2.0)._data.reshape(shape[0], -1)
        small = min(q.shape)
        prod = q @ q.T if q.shape[0] == small else q.T @ q
        np.testing.assert_allclose(prod, 4 * np.eye(small), atol=1e-5)


def test_dirac_and_sparse():
    w = init.dirac_(gn.zeros(4, 4, 3, 3))._data
    x = np.random.default_rng(0).standard_normal((4, 5, 5))
    centre = np.einsum("oi,ihw->ohw", w[:, :, 1, 1], x)
    np.testing.assert_allclose(centre, x)
    s = init.sparse_(gn.zeros(10, 20), sparsity=0.3)._data
    assert np.all((s == 0).sum(0) >= 3)


def test_init_under_no_grad_and_reproducible():
    p = nn.Parameter(gn.zeros(3, 4))
    init.kaiming_uniform_(p)  # a leaf that requires grad can be filled: init runs under no_grad
    assert p.requires_grad and p.grad_fn is None
    gn.manual_seed(7)
    a = nn.Linear(5, 5).weight._data.copy()
    gn.manual_seed(7)
    np.testing.assert_array_equal(nn.Linear(5, 5).weight._data, a)
