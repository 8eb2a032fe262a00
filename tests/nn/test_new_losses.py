"""Margin, ranking, embedding and likelihood losses against torch (values, gradients, reductions) and gradchecks."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")

X, Y = rand_array((4, 5)), rand_array((4, 5), "away0")
SIGN = np.sign(rand_array((4, 5), "away0"))
CLASS = np.array([1, 0, 4, 2])
MULTI = np.array([[3, 0, -1, 1, 2], [0, 1, 2, 3, 4], [-1, 1, 1, 1, 1], [4, 4, -1, 0, 0]])

# (module name, constructor kwargs, inputs, how many leading inputs are differentiable)
CASES = [
    ("MarginRankingLoss", dict(margin=0.3), [X[:, 0], Y[:, 0], SIGN[:, 1]], 2),
    ("HingeEmbeddingLoss", dict(margin=0.5), [X, SIGN], 1),
    ("SoftMarginLoss", dict(), [X, SIGN], 1),
    ("MultiLabelSoftMarginLoss", dict(), [X, (Y > 0).astype(np.float32)], 1),
    ("MultiLabelSoftMarginLoss", dict(weight="w5"), [X, (Y > 0).astype(np.float32)], 1),
    ("MultiMarginLoss", dict(), [X, CLASS], 1),
    ("MultiMarginLoss", dict(p=2, margin=0.7, weight="w5"), [X, CLASS], 1),
    ("MultiMarginLoss", dict(), [X[0], CLASS[:1]], 1),
    ("MultiLabelMarginLoss", dict(), [X, MULTI], 1),
    ("MultiLabelMarginLoss", dict(), [X[1], MULTI[1]], 1),
    ("CosineEmbeddingLoss", dict(margin=0.1), [X, Y, np.array([1, -1, 1, -1])], 2),
    ("CosineEmbeddingLoss", dict(), [X[0], Y[0], np.array(-1)], 2),
    ("TripletMarginLoss", dict(), [X, Y, 0.5 * X + Y], 3),
    ("TripletMarginLoss", dict(margin=2.0, p=1, swap=True), [X, Y, 0.5 * X + Y], 3),
    ("TripletMarginWithDistanceLoss", dict(swap=True), [X, Y, 0.5 * X + Y], 3),
    ("PoissonNLLLoss", dict(), [X, np.abs(Y) * 3], 1),
    ("PoissonNLLLoss", dict(full=True), [X, np.abs(Y) * 3], 1),
    ("PoissonNLLLoss", dict(log_input=False), [np.abs(X), np.abs(Y) * 3], 1),
    ("GaussianNLLLoss", dict(), [X, Y, np.abs(Y)], 3),
    ("GaussianNLLLoss", dict(full=True, eps=0.5), [X, Y, np.abs(Y[:, 0])], 3),
    ("GaussianNLLLoss", dict(), [X, Y, np.abs(Y[:, :1])], 3),
]


def _kw(kw, lib):
    kw = dict(kw)
    if kw.get("weight") == "w5":
        kw["weight"] = lib.tensor(np.arange(1.0, 6.0, dtype=np.float32))
    return kw


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("name, kw, arrays, n_diff", CASES)
def test_loss_matches_torch(name, kw, arrays, n_diff, reduction):
    g = getattr(nn, name)(reduction=reduction, **_kw(kw, glassnet))
    t = getattr(torch.nn, name)(reduction=reduction, **_kw(kw, torch))
    gi = [glassnet.tensor(a, requires_grad=i < n_diff) for i, a in enumerate(arrays)]
    ti = [torch.tensor(a, requires_grad=i < n_diff) for i, a in enumerate(arrays)]
    go, to = g(*gi), t(*ti)
    assert_close(go, to)
    w = rand_array(tuple(to.shape))
    (go * glassnet.tensor(w)).sum().backward()
    (to * torch.tensor(w)).sum().backward()
    for a, b in zip(gi[:n_diff], ti[:n_diff]):
        assert_close(a.grad, b.grad)


@pytest.mark.parametrize("name, kw, arrays, n_diff", CASES)
def test_loss_gradcheck(name, kw, arrays, n_diff):
    loss = getattr(nn, name)(**_kw(kw, glassnet))
    if "weight" in kw:
        loss = loss.double()
    arrays = [a.astype(np.float64) if i < n_diff else a for i, a in enumerate(arrays)]
    check_gradcheck(lambda *xs: loss(*xs), arrays)


def test_gaussian_variance_below_eps_has_torch_gradient():
    var = np.abs(Y).astype(np.float64)
    var[0, 0] = 1e-9  # clamped in value, but (as in torch) the gradient is var's own
    gi = [glassnet.tensor(a.astype(np.float64), requires_grad=True) for a in (X, Y, var)]
    ti = [torch.tensor(a.astype(np.float64), requires_grad=True) for a in (X, Y, var)]
    F.gaussian_nll_loss(*gi).backward()
    torch.nn.functional.gaussian_nll_loss(*ti).backward()
    for a, b in zip(gi, ti):
        assert_close(a.grad, b.grad)


def test_scalar_variance_and_errors():
    assert_close(F.gaussian_nll_loss(glassnet.tensor(X), glassnet.tensor(Y), 0.5),
                 torch.nn.functional.gaussian_nll_loss(torch.tensor(X), torch.tensor(Y), 0.5))
    with pytest.raises(ValueError, match="negative"):
        F.gaussian_nll_loss(glassnet.tensor(X), glassnet.tensor(Y), glassnet.tensor(-np.abs(Y)))
    with pytest.raises(ValueError, match="incorrect size"):
        F.gaussian_nll_loss(glassnet.tensor(X), glassnet.tensor(Y), glassnet.ones(3))
    with pytest.raises(ValueError, match="only p == 1 and p == 2"):
        nn.MultiMarginLoss(p=3)
    with pytest.raises(ValueError, match="margin must be greater than 0"):
        nn.TripletMarginWithDistanceLoss(margin=0)
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        F.triplet_margin_loss(glassnet.randn(3, 4), glassnet.randn(3, 4), glassnet.randn(4))
    with pytest.raises(RuntimeError, match="multi_margin_loss: target out of range"):
        F.multi_margin_loss(glassnet.randn(3, 4), glassnet.tensor([0, 4, 1]))
    with pytest.raises(ValueError, match="reduction"):
        F.soft_margin_loss(glassnet.randn(3), glassnet.ones(3), reduction="avg")


def test_triplet_custom_distance_matches_torch():
    def g_dist(a, b):
        return 1 - F.cosine_similarity(a, b)

    def t_dist(a, b):
        return 1 - torch.nn.functional.cosine_similarity(a, b)

    gi = [glassnet.tensor(a, requires_grad=True) for a in (X, Y, 0.5 * X + Y)]
    ti = [torch.tensor(a, requires_grad=True) for a in (X, Y, 0.5 * X + Y)]
    go = F.triplet_margin_with_distance_loss(*gi, distance_function=g_dist, margin=0.5)
    to = torch.nn.functional.triplet_margin_with_distance_loss(*ti, distance_function=t_dist, margin=0.5)
    assert_close(go, to)
    go.backward()
    to.backward()
    for a, b in zip(gi, ti):
        assert_close(a.grad, b.grad)


def test_loss_weights_are_buffers_like_torch():
    g, t = nn.MultiMarginLoss(weight=glassnet.ones(3)), torch.nn.MultiMarginLoss(weight=torch.ones(3))
    assert list(g.state_dict()) == list(t.state_dict()) == ["weight"]
    assert isinstance(nn.NLLLoss2d(), nn.NLLLoss)
