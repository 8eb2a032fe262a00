"""nn.Transformer against torch: state_dict names, loading torch's weights, outputs and gradients."""

import numpy as np
import pytest
from conftest import assert_close, rand_array

import glassnet
import glassnet.nn as nn

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("ignore:enable_nested_tensor")


def _pair(batch_first, norm_first, **kw):
    kw = dict(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=16, dropout=0.0,
              batch_first=batch_first, norm_first=norm_first, **kw)
    t = torch.nn.Transformer(**kw).double().eval()
    g = nn.Transformer(**kw, dtype=glassnet.float64).eval()
    g.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    return g, t


def test_state_dict_keys_and_shapes_match_torch():
    g, t = nn.Transformer(16, 4, 2, 3, 32), torch.nn.Transformer(16, 4, 2, 3, 32)
    gs, ts = g.state_dict(), t.state_dict()
    assert list(gs) == list(ts)
    assert all(tuple(gs[k].shape) == tuple(ts[k].shape) for k in gs)


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("norm_first", [False, True])
def test_forward_and_grads_match_torch(batch_first, norm_first):
    g, t = _pair(batch_first, norm_first)
    src, tgt = rand_array((3, 5, 8), dtype=np.float64), rand_array((3, 4, 8), "away0", dtype=np.float64)
    if not batch_first:
        src, tgt = src.transpose(1, 0, 2).copy(), tgt.transpose(1, 0, 2).copy()
    mask = nn.Transformer.generate_square_subsequent_mask(4, dtype=glassnet.float64)
    tmask = torch.nn.Transformer.generate_square_subsequent_mask(4, dtype=torch.float64)
    assert_close(mask, tmask)
    kpm = np.zeros((3, 5), dtype=bool)
    kpm[1, 3:] = True
    gs, gt = glassnet.tensor(src, requires_grad=True), glassnet.tensor(tgt, requires_grad=True)
    ts, tt = torch.tensor(src, requires_grad=True), torch.tensor(tgt, requires_grad=True)
    go = g(gs, gt, tgt_mask=mask, src_key_padding_mask=glassnet.tensor(kpm),
           memory_key_padding_mask=glassnet.tensor(kpm))
    to = t(ts, tt, tgt_mask=tmask, src_key_padding_mask=torch.tensor(kpm), memory_key_padding_mask=torch.tensor(kpm))
    assert_close(go, to)
    w = rand_array(tuple(to.shape), dtype=np.float64)
    (go * glassnet.tensor(w)).sum().backward()
    (to * torch.tensor(w)).sum().backward()
    assert_close(gs.grad, ts.grad)
    assert_close(gt.grad, tt.grad)
    gp, tp = dict(g.named_parameters()), dict(t.named_parameters())
    for k in ("encoder.layers.0.self_attn.in_proj_weight", "decoder.layers.1.linear2.weight", "decoder.norm.bias"):
        assert_close(gp[k].grad, tp[k].grad)


def test_init_is_xavier_on_matrices():
    g = nn.Transformer(32, 4, 1, 1, 64)
    w = g.encoder.layers[0].linear1.weight._data
    bound = np.sqrt(6 / (32 + 64))
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.8 * bound


def test_bad_inputs_raise():
    g = nn.Transformer(8, 2, 1, 1, 16)
    with pytest.raises(RuntimeError, match="batch number"):
        g(glassnet.randn(3, 2, 8), glassnet.randn(3, 4, 8))
    with pytest.raises(RuntimeError, match="d_model"):
        g(glassnet.randn(3, 2, 6), glassnet.randn(3, 2, 6))
