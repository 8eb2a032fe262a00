"""Embedding against PyTorch: lookup, gradients (repeats, padding_idx, scale_grad_by_freq), max_norm."""

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn.functional as F
from glassnet import nn
from glassnet.autograd import gradcheck

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("kw", [{}, {"padding_idx": 1}, {"padding_idx": -2, "scale_grad_by_freq": True}])
def test_embedding_matches_torch(kw):
    torch.manual_seed(0)
    tm = torch.nn.Embedding(7, 4, dtype=torch.float64, **kw)
    gm = nn.Embedding(7, 4, **kw).double()
    gm.load_state_dict(tm.state_dict())
    idx = torch.tensor([[1, 2, 1, 5], [5, 5, 0, 1]])
    out = tm(idx)
    gout = gm(gn.tensor(idx.numpy()))
    np.testing.assert_allclose(gout._data, out.detach().numpy())
    w = torch.randn_like(out)
    (out * w).sum().backward()
    (gout * gn.tensor(w.numpy())).sum().backward()
    np.testing.assert_allclose(gm.weight.grad._data, tm.weight.grad.numpy(), atol=1e-12)


def test_init_padding_and_functional():
    gn.manual_seed(0)
    m = nn.Embedding(1000, 16, padding_idx=3)
    assert (m.weight._data[3] == 0).all()
    assert abs(m.weight._data.std() - 1) < 0.05 and m.weight.dtype == gn.float32
    out = F.embedding(gn.tensor([0, 3]), m.weight)
    assert tuple(out.shape) == (2, 16)
    assert "padding_idx=3" in repr(m)


def test_max_norm_renormalises_rows_like_torch():
    torch.manual_seed(0)
    tm = torch.nn.Embedding(5, 3, max_norm=1.0, dtype=torch.float64)
    gm = nn.Embedding(5, 3, max_norm=1.0).double()
    gm.load_state_dict(tm.state_dict())
    idx = torch.tensor([0, 2, 2])
    tm(idx)
    gm(gn.tensor(idx.numpy()))
    np.testing.assert_allclose(gm.weight._data, tm.weight.detach().numpy(), atol=1e-12)


def test_from_pretrained_and_gradcheck():
    w = gn.randn(4, 3, dtype=gn.float64)
    frozen = nn.Embedding.from_pretrained(w)
    assert not frozen.weight.requires_grad
    trainable = nn.Embedding.from_pretrained(w, freeze=False)
    idx = gn.tensor([[0, 3, 3], [2, 0, 1]])
    assert gradcheck(lambda wt: F.embedding(idx, wt), (trainable.weight,))


def test_bad_indices_are_reported():
    m = nn.Embedding(4, 2)
    with pytest.raises(IndexError, match="index out of range"):
        m(gn.tensor([0, 4]))
    with pytest.raises(TypeError, match="integer"):
        m(gn.tensor([0.0, 1.0]))
