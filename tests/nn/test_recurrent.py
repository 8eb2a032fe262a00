"""RNN / LSTM / GRU and their cells against PyTorch: outputs, final states, every gradient; gradchecks."""

import numpy as np
import pytest

import glassnet as gn
from glassnet import nn
from glassnet.autograd import gradcheck
from glassnet.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch = pytest.importorskip("torch")

T, B, F, H = 4, 3, 5, 6


def _g(t, requires_grad=True):
    return gn.tensor(t.detach().numpy().copy(), requires_grad=requires_grad)


def _pair(kind, dtype=torch.float64, **kw):
    """A torch layer and a glassnet layer holding the same weights (loaded through the state_dict)."""
    torch.manual_seed(0)
    tm = getattr(torch.nn, kind)(F, H, dtype=dtype, **kw)
    gm = getattr(nn, kind)(F, H, **kw)
    if dtype == torch.float64:
        gm = gm.double()
    gm.load_state_dict(tm.state_dict())
    return tm, gm


def _check_grads(tm, gm, atol=1e-9):
    for name, p in tm.named_parameters():
        gp = dict(gm.named_parameters())[name]
        np.testing.assert_allclose(gp.grad._data, p.grad.numpy(), atol=atol, err_msg=name)


def _states(kind, L, D, batch=B):
    P = H
    h0 = torch.randn(L * D, batch, P, dtype=torch.float64, requires_grad=True)
    if kind == "LSTM":
        c0 = torch.randn(L * D, batch, H, dtype=torch.float64, requires_grad=True)
        return (h0, c0), (_g(h0), _g(c0))
    return h0, _g(h0)


def _flat(state):
    return list(state) if isinstance(state, tuple) else [state]


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("layers,bidir,batch_first", [(1, False, False), (2, True, False), (2, True, True),
                                                      (1, True, True)])
@pytest.mark.parametrize("with_state", [False, True])
def test_parity_with_torch(kind, layers, bidir, batch_first, with_state):
    tm, gm = _pair(kind, num_layers=layers, bidirectional=bidir, batch_first=batch_first)
    shape = (B, T, F) if batch_first else (T, B, F)
    x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
    gx = _g(x)
    targs, gargs = ((), ())
    if with_state:
        ts, gs = _states(kind, layers, 2 if bidir else 1)
        targs, gargs = (ts,), (gs,)
    out, st = tm(x, *targs)
    gout, gst = gm(gx, *gargs)
    np.testing.assert_allclose(gout._data, out.detach().numpy(), atol=1e-10)
    for a, b in zip(_flat(gst), _flat(st)):
        np.testing.assert_allclose(a._data, b.detach().numpy(), atol=1e-10)
    # one loss touching output and every final state
    w = torch.randn_like(out)
    ws = [torch.randn_like(s) for s in _flat(st)]
    (out * w).sum().add(sum((s * v).sum() for s, v in zip(_flat(st), ws))).backward()
    loss = (gout * _g(w, False)).sum()
    for s, v in zip(_flat(gst), ws):
        loss = loss + (s * _g(v, False)).sum()
    loss.backward()
    _check_grads(tm, gm)
    np.testing.assert_allclose(gx.grad._data, x.grad.numpy(), atol=1e-10)
    if with_state:
        for a, b in zip(_flat(gargs[0]), _flat(targs[0])):
            np.testing.assert_allclose(a.grad._data, b.grad.numpy(), atol=1e-10)


def test_rnn_relu_and_no_bias():
    tm, gm = _pair("RNN", nonlinearity="relu", bias=False, num_layers=2)
    assert "bias_ih_l0" not in gm.state_dict()
    x = torch.randn(T, B, F, dtype=torch.float64)
    out, h = tm(x)
    gout, gh = gm(_g(x, False))
    np.testing.assert_allclose(gout._data, out.detach().numpy(), atol=1e-10)
    out.sum().backward()
    gout.sum().backward()
    _check_grads(tm, gm)


@pytest.mark.parametrize("kind", ["LSTM", "GRU"])
def test_no_bias_matches_torch(kind):
    tm, gm = _pair(kind, bias=False, num_layers=2, bidirectional=True)
    assert not any("bias" in k for k in gm.state_dict())
    x = torch.randn(T, B, F, dtype=torch.float64, requires_grad=True)
    gx = _g(x)
    out, _ = tm(x)
    gout, _ = gm(gx)
    np.testing.assert_allclose(gout._data, out.detach().numpy(), atol=1e-10)
    (out * 2).sum().backward()
    (gout * 2).sum().backward()
    _check_grads(tm, gm)
    np.testing.assert_allclose(gx.grad._data, x.grad.numpy(), atol=1e-10)


@pytest.mark.parametrize("bidir", [False, True])
def test_lstm_proj_size(bidir):
    tm, gm = _pair("LSTM", proj_size=3, num_layers=2, bidirectional=bidir)
    assert tuple(gm.weight_hr_l0.shape) == (3, H) and tuple(gm.weight_hh_l0.shape) == (4 * H, 3)
    x = torch.randn(T, B, F, dtype=torch.float64, requires_grad=True)
    gx = _g(x)
    out, (h, c) = tm(x)
    gout, (gh, gc) = gm(gx)
    assert tuple(gh.shape) == tuple(h.shape) and tuple(gc.shape) == tuple(c.shape)
    np.testing.assert_allclose(gout._data, out.detach().numpy(), atol=1e-10)
    (out.sum() + (h * 2).sum() + (c * 3).sum()).backward()
    (gout.sum() + (gh * 2).sum() + (gc * 3).sum()).backward()
    _check_grads(tm, gm)
    np.testing.assert_allclose(gx.grad._data, x.grad.numpy(), atol=1e-10)


def test_lstm_proj_size_packed_unsorted():
    """Projection with a packed, unsorted, bidirectional batch: the op's gather/scatter of states per step."""
    tm, gm = _pair("LSTM", proj_size=2, bidirectional=True)
    lengths = [2, 4, 1]
    x = torch.randn(T, len(lengths), F, dtype=torch.float64, requires_grad=True)
    gx = _g(x)
    out, (h, c) = tm(torch.nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False))
    gout, (gh, gc) = gm(pack_padded_sequence(gx, lengths, enforce_sorted=False))
    np.testing.assert_allclose(gout.data._data, out.data.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(gh._data, h.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(gc._data, c.detach().numpy(), atol=1e-10)
    (out.data.sum() + (h * 2).sum() + (c * 3).sum()).backward()
    (gout.data.sum() + (gh * 2).sum() + (gc * 3).sum()).backward()
    _check_grads(tm, gm)
    np.testing.assert_allclose(gx.grad._data, x.grad.numpy(), atol=1e-10)


def test_lstm_saturated_gates_float32(recwarn):
    """Gate pre-activations far beyond float32 exp's range: exact 0/1 limits, no overflow warning, no NaN."""
    tm, gm = _pair("LSTM", dtype=torch.float32)
    x = torch.randn(T, B, F) * 1e4
    out, (h, c) = tm(x)
    gout, (gh, gc) = gm(_g(x, False))
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
    assert np.isfinite(gout._data).all() and np.isfinite(gc._data).all()
    np.testing.assert_allclose(gout._data, out.detach().numpy(), atol=1e-5)
    np.testing.assert_allclose(gc._data, c.detach().numpy(), rtol=1e-5, atol=1e-5)
    out.sum().backward()
    gout.sum().backward()
    _check_grads(tm, gm, atol=1e-2)
    for p in gm.parameters():
        assert np.isfinite(p.grad._data).all()


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_unbatched_input(kind):
    tm, gm = _pair(kind, bidirectional=True)
    x = torch.randn(T, F, dtype=torch.float64)
    out, st = tm(x)
    gout, gst = gm(_g(x, False))
    assert tuple(gout.shape) == tuple(out.shape)
    np.testing.assert_allclose(gout._data, out.detach().numpy(), atol=1e-10)
    for a, b in zip(_flat(gst), _flat(st)):
        np.testing.assert_allclose(a._data, b.detach().numpy(), atol=1e-10)
    gout2, _ = gm(_g(x, False), gst)  # unbatched states go back in
    assert tuple(gout2.shape) == tuple(out.shape)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_packed_sequence_matches_torch(kind, enforce_sorted):
    tm, gm = _pair(kind, num_layers=2, bidirectional=True)
    lengths = [4, 3, 3, 1] if enforce_sorted else [2, 4, 1, 3]
    x = torch.randn(T, len(lengths), F, dtype=torch.float64, requires_grad=True)
    gx = _g(x)
    ts, gs = _states(kind, 2, 2, batch=len(lengths))
    tp = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=enforce_sorted)
    gp = pack_padded_sequence(gx, lengths, enforce_sorted=enforce_sorted)
    np.testing.assert_array_equal(gp.batch_sizes._data, tp.batch_sizes.numpy())
    np.testing.assert_allclose(gp.data._data, tp.data.detach().numpy())
    out, st = tm(tp, ts)
    gout, gst = gm(gp, gs)
    np.testing.assert_allclose(gout.data._data, out.data.detach().numpy(), atol=1e-10)
    for a, b in zip(_flat(gst), _flat(st)):
        np.testing.assert_allclose(a._data, b.detach().numpy(), atol=1e-10)
    pad, lens = torch.nn.utils.rnn.pad_packed_sequence(out, padding_value=-1.0)
    gpad, glens = pad_packed_sequence(gout, padding_value=-1.0)
    np.testing.assert_allclose(gpad._data, pad.detach().numpy(), atol=1e-10)
    np.testing.assert_array_equal(glens._data, lens.numpy())
    w = torch.randn_like(pad)
    ws = [torch.randn_like(s) for s in _flat(st)]
    ((pad * w).sum() + sum((s * v).sum() for s, v in zip(_flat(st), ws))).backward()
    loss = (gpad * _g(w, False)).sum()
    for s, v in zip(_flat(gst), ws):
        loss = loss + (s * _g(v, False)).sum()
    loss.backward()
    _check_grads(tm, gm)
    np.testing.assert_allclose(gx.grad._data, x.grad.numpy(), atol=1e-10)
    for a, b in zip(_flat(gs), _flat(ts)):
        np.testing.assert_allclose(a.grad._data, b.grad.numpy(), atol=1e-10)


def test_padding_does_not_change_results():
    """A short sequence gives the same output and final state alone as packed in a padded batch."""
    gn.manual_seed(0)
    m = nn.LSTM(F, H)
    x = gn.randn(T, 2, F)
    x._data[2:, 1] = 1e3  # garbage in the padding of sequence 1 (length 2)
    out, (h, c) = m(pack_padded_sequence(x, [4, 2]))
    alone, (h1, c1) = m(x[:2, 1:2])
    np.testing.assert_allclose(h._data[0, 1], h1._data[0, 0], atol=1e-6)
    np.testing.assert_allclose(c._data[0, 1], c1._data[0, 0], atol=1e-6)
    padded, _ = pad_packed_sequence(out)
    np.testing.assert_allclose(padded._data[:2, 1], alone._data[:, 0], atol=1e-6)
    assert (padded._data[2:, 1] == 0).all()


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cells_match_torch(kind):
    torch.manual_seed(0)
    tm = getattr(torch.nn, kind)(F, H, dtype=torch.float64)
    gm = getattr(nn, kind)(F, H).double()
    gm.load_state_dict(tm.state_dict())
    x = torch.randn(B, F, dtype=torch.float64, requires_grad=True)
    h = torch.randn(B, H, dtype=torch.float64, requires_grad=True)
    c = torch.randn(B, H, dtype=torch.float64, requires_grad=True)
    gx, gh, gc = _g(x), _g(h), _g(c)
    if kind == "LSTMCell":
        th, tc = tm(x, (h, c))
        ghh, gcc = gm(gx, (gh, gc))
        (th.sum() + (tc * 2).sum()).backward()
        (ghh.sum() + (gcc * 2).sum()).backward()
        np.testing.assert_allclose(gcc._data, tc.detach().numpy(), atol=1e-10)
        np.testing.assert_allclose(gc.grad._data, c.grad.numpy(), atol=1e-10)
    else:
        th, ghh = tm(x, h), gm(gx, gh)
        (th * 3).sum().backward()
        (ghh * 3).sum().backward()
    np.testing.assert_allclose(ghh._data, th.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(gx.grad._data, x.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(gh.grad._data, h.grad.numpy(), atol=1e-10)
    _check_grads(tm, gm)
    # unbatched and default state
    out = gm(_g(x[0], False))
    assert tuple((out[0] if kind == "LSTMCell" else out).shape) == (H,)


def test_init_and_state_dict_names_match_torch():
    t = torch.nn.LSTM(F, H, num_layers=2, bidirectional=True, proj_size=2)
    g = nn.LSTM(F, H, num_layers=2, bidirectional=True, proj_size=2)
    assert list(g.state_dict().keys()) == list(t.state_dict().keys())
    for k, v in t.state_dict().items():
        assert tuple(g.state_dict()[k].shape) == tuple(v.shape), k
    bound = 1 / np.sqrt(H)
    w = np.concatenate([p._data.ravel() for p in g.parameters()])
    assert np.abs(w).max() <= bound and w.std() > bound / 3
    assert "LSTM(5, 6, proj_size=2, num_layers=2, bidirectional=True)" in repr(g)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_gradcheck_float64(kind):
    gn.manual_seed(0)
    m = getattr(nn, kind)(2, 3, num_layers=2, bidirectional=True).double()
    x = gn.randn(3, 2, 2, dtype=gn.float64, requires_grad=True)
    params = list(m.parameters())

    def fn(x):
        out, st = m(x)
        return (out,) + tuple(_flat(st))

    assert gradcheck(fn, (x,))
    # weights: each is a leaf the layer reads, so perturbing it in place is seen by m(x)
    for p in (params[0], params[1], params[2], params[-1]):
        assert gradcheck(lambda p_: fn(x), (p,))


def test_float32_default_and_dropout_between_layers():
    gn.manual_seed(0)
    m = nn.GRU(F, H, num_layers=2, dropout=0.5)
    x = gn.randn(T, B, F)
    out, h = m(x)
    assert out.dtype == gn.float32 and tuple(h.shape) == (2, B, H)
    m.eval()
    a, _ = m(x)
    b, _ = m(x)
    np.testing.assert_array_equal(a._data, b._data)


def test_errors_name_the_layer():
    m = nn.LSTM(F, H)
    with pytest.raises(RuntimeError, match="LSTM: input.size"):
        m(gn.randn(T, B, F + 1))
    with pytest.raises(RuntimeError, match="LSTM: expected hidden state h_0 of shape"):
        m(gn.randn(T, B, F), (gn.zeros(1, B + 1, H), gn.zeros(1, B, H)))
    with pytest.raises(ValueError, match="GRU: Expected input to be 2D or 3D"):
        nn.GRU(F, H)(gn.randn(T))
    with pytest.raises(ValueError, match="nonlinearity"):
        nn.RNN(F, H, nonlinearity="sigmoid")
