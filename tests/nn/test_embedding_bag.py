"""EmbeddingBag / F.embedding_bag against torch: 2-D and offset bags, sum/mean/max, padding_idx, weights."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")

W = rand_array((10, 4), dtype=np.float64)
FLAT = np.array([1, 2, 4, 5, 4, 3, 2, 9, 0, 0])
BAGS = [
    (np.random.default_rng(0).integers(0, 10, (3, 5)), None, False),
    (FLAT, np.array([0, 4, 4, 7]), False),  # the second bag is empty
    (FLAT, np.array([0, 4, 4, 7, 10]), True),
]


@pytest.mark.parametrize("ids, offsets, last", BAGS)
@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
@pytest.mark.parametrize("padding_idx", [None, 2])
def test_embedding_bag_matches_torch(ids, offsets, last, mode, padding_idx):
    gw, tw = glassnet.tensor(W, requires_grad=True), torch.tensor(W, requires_grad=True)
    kw = dict(mode=mode, padding_idx=padding_idx, include_last_offset=last)
    go = F.embedding_bag(glassnet.tensor(ids), gw, None if offsets is None else glassnet.tensor(offsets), **kw)
    to = torch.nn.functional.embedding_bag(torch.tensor(ids), tw, None if offsets is None else torch.tensor(offsets),
                                           **kw)
    assert_close(go, to)
    w = rand_array(tuple(to.shape), dtype=np.float64)
    (go * glassnet.tensor(w)).sum().backward()
    (to * torch.tensor(w)).sum().backward()
    assert_close(gw.grad, tw.grad)


def test_per_sample_weights_match_torch():
    ids, offsets = FLAT, np.array([0, 3, 7])
    psw = rand_array(FLAT.shape, dtype=np.float64)
    gw, tw = glassnet.tensor(W, requires_grad=True), torch.tensor(W, requires_grad=True)
    gp, tp = glassnet.tensor(psw, requires_grad=True), torch.tensor(psw, requires_grad=True)
    go = F.embedding_bag(glassnet.tensor(ids), gw, glassnet.tensor(offsets), mode="sum", per_sample_weights=gp)
    to = torch.nn.functional.embedding_bag(torch.tensor(ids), tw, torch.tensor(offsets), mode="sum",
                                           per_sample_weights=tp)
    assert_close(go, to)
    go.sum().backward()
    to.sum().backward()
    assert_close(gw.grad, tw.grad)
    assert_close(gp.grad, tp.grad)
    check_gradcheck(lambda w, p: F.embedding_bag(glassnet.tensor(ids), w, glassnet.tensor(offsets), mode="sum",
                                                 per_sample_weights=p), [W, psw])


def test_module_loads_torch_weights_and_from_pretrained():
    t = torch.nn.EmbeddingBag(10, 4, mode="max", padding_idx=0)
    g = nn.EmbeddingBag(10, 4, mode="max", padding_idx=0)
    assert np.all(g.weight._data[0] == 0) and repr(g) == repr(t)
    g.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    ids = np.array([[1, 0, 3], [4, 4, 9]])
    assert_close(g(glassnet.tensor(ids)), t(torch.tensor(ids)))
    frozen = nn.EmbeddingBag.from_pretrained(glassnet.tensor(W), mode="sum")
    assert not frozen.weight.requires_grad
    assert_close(frozen(glassnet.tensor(ids)), torch.nn.EmbeddingBag.from_pretrained(torch.tensor(W), mode="sum")(
        torch.tensor(ids)))


def test_gradcheck_mean_and_max():
    ids, offsets = glassnet.tensor(FLAT), glassnet.tensor(np.array([0, 4, 4, 7]))
    check_gradcheck(lambda w: F.embedding_bag(ids, w, offsets, padding_idx=2), [W])
    check_gradcheck(lambda w: F.embedding_bag(ids, w, offsets, mode="max"), [W])


def test_errors():
    w = glassnet.tensor(W)
    with pytest.raises(ValueError, match="offsets has to be None"):
        F.embedding_bag(glassnet.tensor(np.ones((2, 3), np.int64)), w, glassnet.tensor([0, 1]))
    with pytest.raises(ValueError, match="offsets has to be a 1D Tensor but got None"):
        F.embedding_bag(glassnet.tensor(FLAT), w)
    with pytest.raises(NotImplementedError, match="per_sample_weights"):
        F.embedding_bag(glassnet.tensor(FLAT), w, glassnet.tensor([0]), mode="mean",
                        per_sample_weights=glassnet.ones(10, dtype=glassnet.float64))
    with pytest.raises(RuntimeError, match=r"Index 1 of input takes value 12 which is not in the valid range \[0, "):
        F.embedding_bag(glassnet.tensor(np.array([[1, 12]])), w)
    with pytest.raises(ValueError, match="mode"):
        nn.EmbeddingBag(3, 2, mode="median")


@pytest.mark.parametrize("mode", ["sum", "mean"])
def test_scale_grad_by_freq_divides_by_each_rows_count(mode):
    # torch's own embedding_bag gradient here divides by misaligned counts (on torch 2.13's CPU kernel), so the
    # reference is the documented rule, built from torch.nn.functional.embedding: lookups, then the bag reduction.
    ids, offsets = np.array([1, 2, 2, 3, 3, 3, 1]), np.array([0, 2, 5])
    gw, tw = glassnet.tensor(W, requires_grad=True), torch.tensor(W, requires_grad=True)
    F.embedding_bag(glassnet.tensor(ids), gw, glassnet.tensor(offsets), mode=mode, scale_grad_by_freq=True).sum() \
        .backward()
    rows = torch.nn.functional.embedding(torch.tensor(ids), tw, scale_grad_by_freq=True)
    bags = [rows[0:2], rows[2:5], rows[5:]]
    torch.stack([b.sum(0) if mode == "sum" else b.mean(0) for b in bags]).sum().backward()
    assert_close(gw.grad, tw.grad)
    with pytest.raises(ValueError, match="max mode does not support"):
        F.embedding_bag(glassnet.tensor(ids), gw, glassnet.tensor(offsets), mode="max", scale_grad_by_freq=True)


def test_max_norm_renormalises_like_torch():
    ids = np.array([[1, 2, 3], [3, 4, 9]])
    gw, tw = glassnet.tensor(W * 3), torch.tensor(W * 3)
    go = F.embedding_bag(glassnet.tensor(ids), gw, max_norm=1.5)
    to = torch.nn.functional.embedding_bag(torch.tensor(ids), tw, max_norm=1.5)
    assert_close(go, to, rtol=1e-6, atol=1e-6)
    assert_close(gw, tw, rtol=1e-6, atol=1e-6)
