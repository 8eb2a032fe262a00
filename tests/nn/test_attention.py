"""Attention, multi-head attention, transformer layers and positional encodings against PyTorch."""

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn.functional as F
from glassnet import nn
from glassnet.autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")


def _g(t, requires_grad=True):
    return gn.tensor(t.detach().numpy().copy(), requires_grad=requires_grad and t.dtype.is_floating_point)


def _close(a, b, atol=1e-10):
    np.testing.assert_allclose(a._data, b.detach().numpy(), atol=atol)


@pytest.mark.parametrize("mask", [None, "bool", "float", "causal"])
def test_sdpa_matches_torch(mask):
    torch.manual_seed(0)
    q = torch.randn(2, 3, 4, 5, dtype=torch.float64, requires_grad=True)
    k = torch.randn(2, 3, 6, 5, dtype=torch.float64, requires_grad=True)
    v = torch.randn(2, 3, 6, 7, dtype=torch.float64, requires_grad=True)
    kw = {}
    if mask == "bool":
        m = torch.rand(4, 6) > 0.3
        m[:, 0] = True  # every query attends to something
        kw["attn_mask"] = m
    elif mask == "float":
        kw["attn_mask"] = torch.randn(2, 1, 4, 6, dtype=torch.float64)
    elif mask == "causal":
        q = torch.randn(2, 3, 6, 5, dtype=torch.float64, requires_grad=True)
        kw["is_causal"] = True
    out = torch.nn.functional.scaled_dot_product_attention(q, k, v, scale=0.3, **kw)
    gkw = {key: (_g(val, False) if key == "attn_mask" else val) for key, val in kw.items()}
    gq, gk, gv = _g(q), _g(k), _g(v)
    gout = F.scaled_dot_product_attention(gq, gk, gv, scale=0.3, **gkw)
    _close(gout, out)
    w = torch.randn_like(out)
    (out * w).sum().backward()
    (gout * _g(w, False)).sum().backward()
    for a, b in ((gq, q), (gk, k), (gv, v)):
        _close(a.grad, b.grad)


def test_sdpa_gradcheck_and_double_backward():
    gn.manual_seed(0)
    q = gn.randn(2, 3, 4, dtype=gn.float64, requires_grad=True)
    k = gn.randn(2, 5, 4, dtype=gn.float64, requires_grad=True)
    v = gn.randn(2, 5, 3, dtype=gn.float64, requires_grad=True)
    m = gn.randn(3, 5, dtype=gn.float64, requires_grad=True)
    fn = lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, attn_mask=m)
    assert gradcheck(fn, (q, k, v, m))
    assert gradgradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v), (q, k, v))


def test_sdpa_dropout_keeps_expectation_and_errors():
    gn.manual_seed(0)
    q, k, v = gn.randn(1, 4, 8), gn.randn(1, 4, 8), gn.ones(1, 4, 8)
    out = F.scaled_dot_product_attention(q, k, v, dropout_p=0.5)
    assert set(np.unique(np.round(out._data, 4))) - {0.0} != set()  # some kept, scaled
    with pytest.raises(RuntimeError, match="scaled_dot_product_attention"):
        F.scaled_dot_product_attention(q, gn.randn(1, 4, 7), v)


def _mha_pair(E=8, h=2, **kw):
    torch.manual_seed(0)
    tm = torch.nn.MultiheadAttention(E, h, dtype=torch.float64, **kw)
    gm = nn.MultiheadAttention(E, h, **kw).double()
    gm.load_state_dict(tm.state_dict())
    return tm, gm


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("need_weights,average", [(True, True), (True, False), (False, True)])
def test_mha_self_attention_matches_torch(batch_first, need_weights, average):
    tm, gm = _mha_pair(batch_first=batch_first)
    x = torch.randn(3, 5, 8, dtype=torch.float64, requires_grad=True)
    N, S = (3, 5) if batch_first else (5, 3)
    kpm = torch.zeros(N, S, dtype=torch.bool)
    kpm[1, -1] = True
    am = torch.triu(torch.ones(S, S, dtype=torch.bool), 1)
    out, w = tm(x, x, x, key_padding_mask=kpm, attn_mask=am, need_weights=need_weights,
                average_attn_weights=average)
    gx = _g(x)
    gout, gw = gm(gx, gx, gx, key_padding_mask=_g(kpm, False), attn_mask=_g(am, False),
                  need_weights=need_weights, average_attn_weights=average)
    _close(gout, out)
    if need_weights:
        _close(gw, w)
    else:
        assert gw is None
    wt = torch.randn_like(out)
    (out * wt).sum().backward()
    (gout * _g(wt, False)).sum().backward()
    _close(gx.grad, x.grad)
    for name, p in tm.named_parameters():
        np.testing.assert_allclose(dict(gm.named_parameters())[name].grad._data, p.grad.numpy(), atol=1e-10,
                                   err_msg=name)


def test_mha_cross_attention_kdim_vdim_and_float_mask():
    tm, gm = _mha_pair(E=8, h=4, kdim=6, vdim=5)
    assert "q_proj_weight" in gm.state_dict() and "in_proj_weight" not in gm.state_dict()
    q = torch.randn(4, 2, 8, dtype=torch.float64, requires_grad=True)
    k = torch.randn(3, 2, 6, dtype=torch.float64, requires_grad=True)
    v = torch.randn(3, 2, 5, dtype=torch.float64, requires_grad=True)
    am = torch.randn(8, 4, 3, dtype=torch.float64)  # (N * heads, L, S) float mask
    out, w = tm(q, k, v, attn_mask=am)
    gq, gk, gv = _g(q), _g(k), _g(v)
    gout, gw = gm(gq, gk, gv, attn_mask=_g(am, False))
    _close(gout, out)
    _close(gw, w)
    out.sum().backward()
    gout.sum().backward()
    for a, b in ((gq, q), (gk, k), (gv, v)):
        _close(a.grad, b.grad)


def test_mha_unbatched_and_init():
    tm, gm = _mha_pair()
    x = torch.randn(3, 8, dtype=torch.float64)
    out, w = tm(x, x, x)
    gout, gw = gm(_g(x, False), _g(x, False), _g(x, False))
    _close(gout, out)
    _close(gw, w)
    fresh = nn.MultiheadAttention(16, 4)
    assert list(fresh.state_dict()) == list(torch.nn.MultiheadAttention(16, 4).state_dict())
    assert (fresh.in_proj_bias._data == 0).all() and (fresh.out_proj.bias._data == 0).all()
    with pytest.raises(AssertionError, match="divisible"):
        nn.MultiheadAttention(10, 3)


@pytest.mark.parametrize("norm_first,activation,batch_first", [(False, "relu", False), (True, "gelu", True)])
def test_transformer_encoder_matches_torch(norm_first, activation, batch_first):
    torch.manual_seed(0)
    tl = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation=activation,
                                          batch_first=batch_first, norm_first=norm_first, dtype=torch.float64)
    te = torch.nn.TransformerEncoder(tl, 2, norm=torch.nn.LayerNorm(8, dtype=torch.float64),
                                     enable_nested_tensor=False)
    gl = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation=activation,
                                    batch_first=batch_first, norm_first=norm_first)
    ge = nn.TransformerEncoder(gl, 2, norm=nn.LayerNorm(8)).double()
    assert list(ge.state_dict()) == list(te.state_dict())
    ge.load_state_dict(te.state_dict())
    x = torch.randn(3, 4, 8, dtype=torch.float64, requires_grad=True)
    S = x.shape[1] if batch_first else x.shape[0]
    mask = torch.nn.Transformer.generate_square_subsequent_mask(S, dtype=torch.float64)
    out = te(x, mask=mask)
    gx = _g(x)
    gout = ge(gx, mask=_g(mask, False))
    tol = 1e-9 if activation == "relu" else 1e-6  # glassnet's float64 gelu (erf) is good to ~1e-8
    _close(gout, out, atol=tol)
    out.sum().backward()
    gout.sum().backward()
    _close(gx.grad, x.grad, atol=tol)
    for name, p in te.named_parameters():
        np.testing.assert_allclose(dict(ge.named_parameters())[name].grad._data, p.grad.numpy(), atol=tol,
                                   err_msg=name)


def test_transformer_decoder_layer_matches_torch():
    torch.manual_seed(0)
    tl = torch.nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0, dtype=torch.float64)
    gl = nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0).double()
    gl.load_state_dict(tl.state_dict())
    tgt = torch.randn(4, 2, 8, dtype=torch.float64, requires_grad=True)
    mem = torch.randn(3, 2, 8, dtype=torch.float64, requires_grad=True)
    out = tl(tgt, mem)
    gt, gmem = _g(tgt), _g(mem)
    gout = gl(gt, gmem)
    _close(gout, out, atol=1e-9)
    out.sum().backward()
    gout.sum().backward()
    _close(gmem.grad, mem.grad, atol=1e-9)


def test_positional_encodings():
    pe = nn.PositionalEncoding(6, max_len=10)
    x = gn.zeros(4, 2, 6)
    y = pe(x)
    pos, i = 3, 1  # PE[3, 2] = sin(3 / 10000^(2/6)), PE[3, 3] = cos(...)
    assert np.isclose(y._data[pos, 0, 2 * i], np.sin(pos / 10000 ** (2 * i / 6)), atol=1e-6)
    assert np.isclose(y._data[pos, 1, 2 * i + 1], np.cos(pos / 10000 ** (2 * i / 6)), atol=1e-6)
    assert "pe" not in pe.state_dict()
    lp = nn.LearnedPositionalEmbedding(10, 6)
    x = gn.zeros(2, 4, 6, requires_grad=True)
    out = lp(x)
    out.sum().backward()
    assert np.allclose(lp.weight.grad._data[:4], 2) and np.allclose(lp.weight.grad._data[4:], 0)
    with pytest.raises(RuntimeError, match="PositionalEncoding"):
        pe(gn.zeros(11, 1, 6))
    with pytest.raises(RuntimeError, match="LearnedPositionalEmbedding.*wrong feature size"):
        lp(gn.zeros(1, 4, 5))
