"""Containers, Linear/Bilinear, Dropout and padding: behaviour, PyTorch parity, gradchecks."""

import math
import warnings
from collections import OrderedDict

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn as nn
import glassnet.nn.functional as F
from glassnet.autograd import gradcheck

torch = pytest.importorskip("torch")
RNG = np.random.default_rng(0)


def _load_from_torch(gm, tm):
    gm.load_state_dict(tm.state_dict())


def _rand(*shape, dtype=np.float32):
    return RNG.standard_normal(shape).astype(dtype)


# ---- containers ------------------------------------------------------------------------------
def test_sequential_forms_indexing_slicing():
    a, b, c = nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)
    s = nn.Sequential(a, b, c)
    assert len(s) == 3 and s[0] is a and s[-1] is c and list(s) == [a, b, c]
    sub = s[1:]
    assert isinstance(sub, nn.Sequential) and list(sub) == [b, c]
    named = nn.Sequential(OrderedDict([("fc", a), ("act", b)]))
    assert named.fc is a and [n for n, _ in named.named_children()] == ["fc", "act"]
    s.append(nn.Sigmoid())
    assert len(s) == 4 and isinstance(s[3], nn.Sigmoid)
    del s[1]
    assert [n for n, _ in s.named_children()] == ["0", "1", "2"] and s[1] is c
    with pytest.raises(IndexError):
        s[10]
    x = gn.randn(5, 2)
    np.testing.assert_allclose(nn.Sequential(a, b, c)(x)._data, c(b(a(x)))._data)


def test_modulelist_and_moduledict():
    layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    layers.append(nn.Linear(2, 1))
    assert len(layers) == 4 and len(list(layers.parameters())) == 8
    assert isinstance(layers[1:3], nn.ModuleList) and len(layers[1:3]) == 2

    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = layers
            self.heads = nn.ModuleDict({"a": nn.Linear(2, 1), "b": nn.Identity()})

    m = M()
    assert "blocks.3.weight" in m.state_dict() and "heads.a.bias" in m.state_dict()
    assert list(m.heads.keys()) == ["a", "b"] and "a" in m.heads
    with pytest.raises(NotImplementedError):
        layers(gn.ones(1))


def test_parameter_list_dict():
    pl = nn.ParameterList([gn.ones(2), nn.Parameter(gn.zeros(3))])
    assert len(pl) == 2 and all(isinstance(p, nn.Parameter) for p in pl)
    assert [n for n, _ in pl.named_parameters()] == ["0", "1"]
    pd = nn.ParameterDict({"w": gn.ones(2)})
    assert isinstance(pd["w"], nn.Parameter) and len(list(pd.parameters())) == 1


def test_identity_flatten_unflatten():
    x = gn.randn(2, 3, 4, 5)
    assert nn.Identity(54, unused=1)(x) is x
    assert nn.Flatten()(x).shape == (2, 60)
    assert nn.Flatten(0, 2)(x).shape == (24, 5)
    assert nn.Unflatten(1, (3, 20))(nn.Flatten()(x)).shape == (2, 3, 20)
    assert repr(nn.Flatten()) == "Flatten(start_dim=1, end_dim=-1)"


# ---- Linear ------------------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:Initializing zero-element tensors")  # torch's init on an empty weight
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape, out_features", [((5, 4), 3), ((2, 3, 4), 3), ((4,), 3), ((2, 4, 0), 3),
                                                 ((2, 4, 5), 0)])
def test_linear_parity(bias, shape, out_features):
    tl = torch.nn.Linear(shape[-1], out_features, bias=bias)
    gl = nn.Linear(shape[-1], out_features, bias=bias)
    _load_from_torch(gl, tl)
    x = _rand(*shape)
    gx, tx = gn.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    gy, ty = gl(gx), tl(tx)
    np.testing.assert_allclose(gy._data, ty.detach().numpy(), rtol=1e-5, atol=1e-6)
    g = _rand(*ty.shape)
    gy.backward(gn.tensor(g))
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(gx.grad._data, tx.grad.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(gl.weight.grad._data, tl.weight.grad.numpy(), rtol=1e-5, atol=1e-5)
    if bias:
        np.testing.assert_allclose(gl.bias.grad._data, tl.bias.grad.numpy(), rtol=1e-5, atol=1e-5)


def test_linear_layout_init_and_errors():
    gn.manual_seed(0)
    lin = nn.Linear(100, 200)
    assert lin.weight.shape == (200, 100) and lin.bias.shape == (200,)
    bound = 1 / math.sqrt(100)  # kaiming_uniform(a=sqrt(5)) == U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    w = lin.weight._data
    assert w.min() >= -bound and w.max() <= bound and abs(w.std() - bound / math.sqrt(3)) < 0.003
    assert abs(lin.bias._data).max() <= bound
    assert lin.weight.dtype == gn.float32 and nn.Linear(2, 2, dtype=gn.float64).weight.dtype == gn.float64
    with pytest.raises(RuntimeError, match=r"Linear\(in_features=100, out_features=200\).*\(3, 7\)"):
        lin(gn.ones(3, 7))
    assert nn.Linear(3, 2, bias=False).bias is None


def test_linear_gradcheck_and_functional():
    w = gn.tensor(_rand(3, 4, dtype=np.float64), requires_grad=True)
    b = gn.tensor(_rand(3, dtype=np.float64), requires_grad=True)
    x = gn.tensor(_rand(2, 4, dtype=np.float64), requires_grad=True)
    assert gradcheck(F.linear, (x, w, b))
    assert gradcheck(lambda x, w: F.linear(x, w), (x, w))


def test_lazy_linear_and_bilinear():
    lazy = nn.LazyLinear(3)
    assert lazy(gn.ones(2, 7)).shape == (2, 3) and lazy.weight.shape == (3, 7)
    tb = torch.nn.Bilinear(3, 4, 2)
    gb = nn.Bilinear(3, 4, 2)
    _load_from_torch(gb, tb)
    x1, x2 = _rand(5, 3), _rand(5, 4)
    np.testing.assert_allclose(gb(gn.tensor(x1), gn.tensor(x2))._data,
                               tb(torch.tensor(x1), torch.tensor(x2)).detach().numpy(), rtol=1e-5, atol=1e-5)


# ---- Dropout -----------------------------------------------------------------------------------
def test_dropout_train_eval_and_scaling():
    gn.manual_seed(1)
    d = nn.Dropout(0.3)
    x = gn.ones(200, 100)
    y = d(x)
    vals = np.unique(y._data)
    np.testing.assert_allclose(vals, [0.0, 1 / 0.7], rtol=1e-6)
    assert abs((y._data == 0).mean() - 0.3) < 0.01
    d.eval()
    assert d(x) is x
    assert nn.Dropout(0.0)(x) is x
    assert float(abs(nn.Dropout(1.0)(x)).sum()) == 0
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.Dropout(1.5)


def test_dropout_gradient_uses_same_mask():
    gn.manual_seed(2)
    x = gn.randn(50, 40, requires_grad=True)
    y = F.dropout(x, 0.5)
    y.sum().backward()
    np.testing.assert_allclose(x.grad._data, (y._data != 0) * 2.0)


def test_dropout_reproducible_with_seed():
    gn.manual_seed(3)
    a = F.dropout(gn.ones(10, 10), 0.5)
    gn.manual_seed(3)
    b = F.dropout(gn.ones(10, 10), 0.5)
    np.testing.assert_array_equal(a._data, b._data)


@pytest.mark.parametrize("cls,shape,keep", [(nn.Dropout1d, (8, 16, 5), 2), (nn.Dropout2d, (8, 16, 3, 3), 2),
                                            (nn.Dropout3d, (16, 3, 3, 2), 1)])
def test_channel_dropout_zeroes_whole_channels(cls, shape, keep):
    gn.manual_seed(4)
    y = cls(0.5)(gn.ones(*shape))._data
    per_channel = y.reshape(shape[:keep] + (-1,))  # (N, C, rest) or, unbatched, (C, rest)
    assert np.all((per_channel == 0).all(-1) | (per_channel == 2.0).all(-1))
    with pytest.raises(RuntimeError, match="expected|Expected|Feature dropout"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dropout2d/3d warn about the rank before refusing it
        cls(0.5)(gn.ones(2) if cls is not nn.Dropout3d else gn.tensor(1.0))


def test_alpha_dropout_keeps_moments():
    gn.manual_seed(5)
    x = gn.randn(400, 500)
    y = nn.AlphaDropout(0.2)(x)._data
    assert abs(y.mean()) < 0.02 and abs(y.std() - 1) < 0.02
    assert nn.AlphaDropout(0.2).eval()(x) is x


# ---- padding -----------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("shape,pad", [((2, 3, 6), (2, 1)), ((2, 2, 5, 4), (1, 2, 3, 1)),
                                       ((1, 2, 3, 4, 5), (1, 1, 2, 0, 1, 2))])
def test_pad_parity(mode, shape, pad):
    x = _rand(*shape)
    gx, tx = gn.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    gy = F.pad(gx, pad, mode=mode)
    ty = torch.nn.functional.pad(tx, pad, mode=mode)
    np.testing.assert_allclose(gy._data, ty.detach().numpy())
    g = _rand(*ty.shape)
    gy.backward(gn.tensor(g))
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(gx.grad._data, tx.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_pad_gradcheck_and_errors():
    x = gn.tensor(_rand(1, 2, 4, 3, dtype=np.float64), requires_grad=True)
    for mode in ("reflect", "replicate", "circular"):
        assert gradcheck(lambda x, m=mode: F.pad(x, (2, 1, 1, 2), mode=m), (x,))
    with pytest.raises(ValueError, match="reflect padding"):
        F.pad(x, (3, 3), mode="reflect")
    with pytest.raises(ValueError, match="mode"):
        F.pad(x, (1, 1), mode="wrap")
    assert F.pad(x, (1, 1), value=5.0)._data[0, 0, 0, 0] == 5.0
    assert nn.ReflectionPad2d(1)(x).shape == (1, 2, 6, 5)
    assert nn.ZeroPad2d((1, 0, 0, 2))(x).shape == (1, 2, 6, 4)


def test_dropout_gradcheck_with_fixed_mask():
    x = gn.tensor(_rand(4, 3, 2, dtype=np.float64), requires_grad=True)

    def fn(x, draw=F.dropout):  # re-seeding makes every evaluation draw the same mask
        gn.manual_seed(0)
        return draw(x, 0.4)

    assert gradcheck(fn, (x,))
    assert gradcheck(lambda x: fn(x, F.dropout1d), (x,))
