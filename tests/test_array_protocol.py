"""Tensor.__array__ (NumPy takes tensors as it takes torch's CPU tensors), the constants, and the
guarantee that every tensor holds an array, never a NumPy scalar (so in-place updates always work)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import glassnet
from glassnet.tensor import Tensor

torch = pytest.importorskip("torch")


def test_np_asarray_shares_memory_like_torch():
    for lib in (glassnet, torch):
        x = lib.ones(2)
        a = np.asarray(x)
        a[0] = 5.0
        assert x[0].item() == 5.0 and a.dtype == np.float32


@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")  # torch's side
@pytest.mark.parametrize("call", [
    lambda x: np.asarray(x, dtype=np.float64),
    lambda x: np.array(x),
    lambda x: np.asarray(x.sum()),
    lambda x: np.stack([x, x]),
    lambda x: np.concatenate([x, x]),
])
def test_numpy_functions_take_tensors_like_torch(call):
    g, t = call(glassnet.arange(4.0)), call(torch.arange(4.0))
    assert isinstance(g, np.ndarray) and g.dtype == t.dtype and g.shape == t.shape and np.array_equal(g, t)


def test_copies_and_dtype_requests():
    x = glassnet.ones(2)
    c = np.array(x)  # np.array copies by default
    c[0] = 3.0
    assert x[0].item() == 1.0
    assert x.__array__(copy=False) is x._data
    with pytest.raises(ValueError, match="without a copy"):
        x.__array__(np.float64, copy=False)


def test_tensors_requiring_grad_are_refused_like_torch():
    for lib in (glassnet, torch):
        with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that requires grad"):
            np.asarray(lib.ones(2, requires_grad=True))
    assert np.asarray(glassnet.ones(2, requires_grad=True).detach()).tolist() == [1.0, 1.0]


def test_constants_match_torch():
    assert (glassnet.pi, glassnet.e, glassnet.inf) == (torch.pi, torch.e, torch.inf) == (math.pi, math.e, math.inf)
    assert math.isnan(glassnet.nan) and glassnet.newaxis is None


# ---- 0-d results stay arrays --------------------------------------------------------------------
ZERO_D_OPS = {
    "rsub_float": lambda x: 10.0 - x,
    "radd_int": lambda x: 3 + x,
    "rmul": lambda x: 2.0 * x,
    "rdiv": lambda x: 1.0 / x,
    "rpow": lambda x: 2.0 ** x,
    "sub": lambda x: x - 1.0,
    "mul_0d": lambda x: x * x,
    "div_0d": lambda x: x / (x + 1),
    "pow": lambda x: x ** 2,
    "neg": lambda x: -x,
    "exp": lambda x: x.exp(),
    "log": lambda x: x.log(),
    "sqrt": lambda x: x.sqrt(),
    "tanh": lambda x: x.tanh(),
    "sigmoid": lambda x: x.sigmoid(),
    "relu": lambda x: x.relu(),
    "abs": lambda x: x.abs(),
    "clamp": lambda x: x.clamp(0.0, 1.0),
    "maximum": lambda x: glassnet.maximum(x, glassnet.tensor(0.5)),
    "where": lambda x: glassnet.where(x > 0, x, 0.0),
    "sum": lambda x: x.sum(),
    "mean": lambda x: x.mean(),
    "amax": lambda x: x.amax(),
    "prod": lambda x: x.prod(),
    "norm": lambda x: x.norm(),
    "matmul_1d": lambda x: x.reshape(1) @ x.reshape(1),
    "sum_of_vector": lambda x: (x.reshape(1) * 2).sum(),
}


@pytest.mark.parametrize("name", list(ZERO_D_OPS))
@pytest.mark.parametrize("requires_grad", [False, True])
def test_ops_on_0d_tensors_return_tensors_backed_by_arrays(name, requires_grad):
    x = glassnet.tensor(1.5, requires_grad=requires_grad)
    out = ZERO_D_OPS[name](x)
    assert type(out._data) is np.ndarray and out.ndim == 0
    if requires_grad:
        out.backward()
        assert type(x.grad._data) is np.ndarray
        return
    before = out.item()
    out += 1  # in-place arithmetic writes into the 0-d array (failed when it held a NumPy scalar)
    out.mul_(2)
    assert out.item() == pytest.approx((before + 1) * 2)


def test_wrap_turns_numpy_scalars_and_numbers_into_0d_arrays():
    for value in (np.float32(2.5), np.int64(3), np.bool_(True), 2.5):
        t = Tensor._wrap(value)
        assert type(t._data) is np.ndarray and t.ndim == 0 and t.item() == value


def test_the_reported_bug():
    y = 10.0 - glassnet.tensor(1.5)
    y.sub_(0.5)
    y.fill_(2.0)
    assert y.item() == 2.0


@pytest.mark.parametrize("fn", [lambda m, x: x.std(), lambda m, x: x.sum().sqrt(), lambda m, x: x.norm(),
                                lambda m, x: (x * x).sum().exp()])
def test_double_backward_through_0d_outputs_matches_torch(fn):
    # The 0-d output saved for backward must stay linked to the result tensor under create_graph.
    data = np.array([[0.3, 1.2, 2.0], [0.5, 0.7, 1.1]])
    grads = []
    for m in (glassnet, torch):
        x = m.tensor(data, requires_grad=True)
        (g,) = m.autograd.grad(fn(m, x), x, create_graph=True)
        (g ** 3).sum().backward()  # not (g * g): |grad std|^2 is constant, so its gradient is zero
        grads.append(x.grad.tolist())
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-10, atol=1e-14)
