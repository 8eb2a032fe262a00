"""F.multi_head_attention_forward against torch: packed and separate projections, masks, unbatched input."""

import numpy as np
import pytest
from conftest import assert_close, rand_array

import glassnet
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")

E, H = 8, 2


def _run(lib, fn, arrays, **kw):
    ts = {k: lib.tensor(v, requires_grad=True) for k, v in arrays.items()}
    out, w = fn(ts["q"], ts["k"], ts["v"], E, H, ts.get("in_w"), ts.get("in_b"), None, None, False, 0.0,
                ts["out_w"], ts["out_b"], q_proj_weight=ts.get("qw"), k_proj_weight=ts.get("kw"),
                v_proj_weight=ts.get("vw"), **kw)
    (out * lib.tensor(np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape)))).sum().backward()
    return out, w, ts


@pytest.mark.parametrize("separate", [False, True])
@pytest.mark.parametrize("unbatched", [False, True])
def test_matches_torch(separate, unbatched):
    lead = (5,) if unbatched else (5, 3)
    arrays = {"q": rand_array(lead + (E,), dtype=np.float64), "k": rand_array((4,) + lead[1:] + (E,), dtype=np.float64),
              "v": rand_array((4,) + lead[1:] + (E,), "away0", dtype=np.float64),
              "in_b": rand_array((3 * E,), dtype=np.float64), "out_w": rand_array((E, E), dtype=np.float64),
              "out_b": rand_array((E,), dtype=np.float64)}
    if separate:
        arrays.update(qw=rand_array((E, E), dtype=np.float64), kw=rand_array((E, E), "away0", dtype=np.float64),
                      vw=rand_array((E, E), "pos", dtype=np.float64))
    else:
        arrays["in_w"] = rand_array((3 * E, E), dtype=np.float64)
    mask = np.triu(np.ones((5, 4), dtype=bool), 1)
    go, gw, gt = _run(glassnet, F.multi_head_attention_forward, arrays, use_separate_proj_weight=separate,
                      attn_mask=glassnet.tensor(mask))
    to, tw, tt = _run(torch, torch.nn.functional.multi_head_attention_forward, arrays,
                      use_separate_proj_weight=separate, attn_mask=torch.tensor(mask))
    assert_close(go, to)
    assert_close(gw, tw)
    for k in arrays:
        assert_close(gt[k].grad, tt[k].grad)


def test_errors():
    q = glassnet.randn(3, 2, E)
    with pytest.raises(AssertionError, match="embedding dimension of 6"):
        F.multi_head_attention_forward(q, q, q, 6, H, glassnet.randn(18, 6), None, None, None, False, 0.0,
                                       glassnet.randn(6, 6), None)
    with pytest.raises(NotImplementedError, match="static_k"):
        F.multi_head_attention_forward(q, q, q, E, H, glassnet.randn(3 * E, E), None, None, None, True, 0.0,
                                       glassnet.randn(E, E), None, static_k=glassnet.randn(4, 3, 4))


@pytest.mark.parametrize("add_bias_kv, add_zero_attn", [(True, False), (False, True), (True, True)])
@pytest.mark.parametrize("need_weights", [True, False])
def test_bias_kv_and_zero_attn_match_torch(add_bias_kv, add_zero_attn, need_weights):
    t = torch.nn.MultiheadAttention(E, H, add_bias_kv=add_bias_kv, add_zero_attn=add_zero_attn).double()
    g = glassnet.nn.MultiheadAttention(E, H, add_bias_kv=add_bias_kv, add_zero_attn=add_zero_attn,
                                       dtype=glassnet.float64)
    assert list(g.state_dict()) == list(t.state_dict())
    g.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    q, kv = rand_array((5, 3, E), dtype=np.float64), rand_array((4, 3, E), "away0", dtype=np.float64)
    kpm = np.zeros((3, 4), dtype=bool)
    kpm[1, 2:] = True
    mask = np.triu(np.ones((5, 4), dtype=bool), 1)
    gq, gk = glassnet.tensor(q, requires_grad=True), glassnet.tensor(kv, requires_grad=True)
    tq, tk = torch.tensor(q, requires_grad=True), torch.tensor(kv, requires_grad=True)
    go, gw = g(gq, gk, gk, key_padding_mask=glassnet.tensor(kpm), attn_mask=glassnet.tensor(mask),
               need_weights=need_weights)
    to, tw = t(tq, tk, tk, key_padding_mask=torch.tensor(kpm), attn_mask=torch.tensor(mask),
               need_weights=need_weights)
    assert_close(go, to)
    if need_weights:
        assert_close(gw, tw)
    go.sum().backward()
    to.sum().backward()
    assert_close(gq.grad, tq.grad)
    assert_close(gk.grad, tk.grad)
    if add_bias_kv:
        assert_close(g.bias_k.grad, t.bias_k.grad)
        assert_close(g.bias_v.grad, t.bias_v.grad)


def test_functional_bias_kv_and_zero_attn_match_torch():
    arrays = [rand_array((5, 3, E), dtype=np.float64), rand_array((3 * E, E), dtype=np.float64),
              rand_array((1, 1, E), dtype=np.float64), rand_array((1, 1, E), "away0", dtype=np.float64),
              rand_array((E, E), dtype=np.float64)]

    def run(lib, fn):
        x, w, bk, bv, ow = (lib.tensor(a, requires_grad=True) for a in arrays)
        out, _ = fn(x, x, x, E, H, w, None, bk, bv, True, 0.0, ow, None)
        out.sum().backward()
        return out, bk.grad

    (go, gbk), (to, tbk) = run(glassnet, F.multi_head_attention_forward), \
        run(torch, torch.nn.functional.multi_head_attention_forward)
    assert_close(go, to)
    assert_close(gbk, tbk)
