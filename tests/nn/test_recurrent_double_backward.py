"""Double backward through RNN / LSTM / GRU (gradient-penalty style) against torch; gradgradcheck."""

import numpy as np
import pytest
from conftest import assert_close

import glassnet as gn
from glassnet import nn
from glassnet.nn.utils.rnn import pack_padded_sequence

torch = pytest.importorskip("torch")

T, B, F, H = 3, 2, 3, 4


def _pair(kind, **kw):
    torch.manual_seed(0)
    tm = getattr(torch.nn, kind)(F, H, dtype=torch.float64, **kw)
    gm = getattr(nn, kind)(F, H, **kw).double()
    gm.load_state_dict(tm.state_dict())
    return tm, gm


def _penalty(lib, module, x, extra):
    """Gradient of sum(output^2) + |d out/dx|^2 with respect to x and every parameter."""
    out, state = module(x, *extra)
    if isinstance(out, tuple) or type(out).__name__ == "PackedSequence":
        out = out[0]
    hn = state[0] if isinstance(state, tuple) else state
    y = (out * out).sum() + (hn * hn.cos()).sum()
    params = [p for _, p in module.named_parameters()]
    grads = lib.autograd.grad(y, [x, *params], create_graph=True)
    z = sum((g * g).sum() for g in grads)
    return lib.autograd.grad(z, [x, *params])


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("kw", [{}, {"num_layers": 2, "bidirectional": True}, {"bias": False},
                                {"proj_size": 2}, {"nonlinearity": "relu"}], ids=str)
def test_double_backward_matches_torch(kind, kw):
    if "proj_size" in kw and kind != "LSTM" or "nonlinearity" in kw and kind != "RNN":
        pytest.skip("option of another layer")
    tm, gm = _pair(kind, **kw)
    a = np.random.default_rng(1).standard_normal((T, B, F))
    xt, xg = torch.tensor(a, requires_grad=True), gn.tensor(a, requires_grad=True)
    want = _penalty(torch, tm, xt, ())
    got = _penalty(gn, gm, xg, ())
    for g, t in zip(got, want):
        assert_close(g, t, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_double_backward_packed_with_initial_state(kind):
    tm, gm = _pair(kind)
    a = np.random.default_rng(2).standard_normal((T, 3, F))
    lengths = [3, 2, 1]
    h = np.random.default_rng(3).standard_normal((1, 3, H))
    res = []
    for lib, m in ((torch, tm), (gn, gm)):
        x = lib.tensor(a, requires_grad=True)
        h0 = lib.tensor(h, requires_grad=True)
        packed = (torch.nn.utils.rnn.pack_padded_sequence if lib is torch else pack_padded_sequence)(x, lengths)
        state = (h0, h0 * 0.5) if kind == "LSTM" else h0
        res.append(_packed_penalty(lib, m, x, packed, h0, state))
    for g, t in zip(res[1], res[0]):
        assert_close(g, t, rtol=1e-6, atol=1e-8)


def _packed_penalty(lib, module, x, packed, h0, state):
    out, hn = module(packed, state)
    hn = hn[0] if isinstance(hn, tuple) else hn
    y = (out.data * out.data).sum() + (hn * hn).sum()
    params = [p for _, p in module.named_parameters()]
    grads = lib.autograd.grad(y, [x, h0, *params], create_graph=True)
    return lib.autograd.grad(sum((g * g.sin()).sum() for g in grads), [x, h0, *params])


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_gradgradcheck(kind):
    _, gm = _pair(kind)
    x = gn.tensor(np.random.default_rng(4).standard_normal((2, 2, F)), requires_grad=True)
    assert gn.autograd.gradgradcheck(lambda t: gm(t)[0], [x])
