"""nn2 margin/ranking losses: values and gradients against torch, float64 gradchecks, errors."""

import numpy as np
import pytest
from conftest import check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

SIGNS = np.array([1.0, -1.0, -1.0, 1.0, 1.0, -1.0], dtype=np.float32)
ML_TARGET = np.array([[3, 0, -1, 1, 0], [1, 4, 2, -1, 3], [-1, 0, 0, 0, 0], [0, 1, 2, 3, 4]], dtype=np.int64)
MM_TARGET = np.array([0, 4, 2, 2], dtype=np.int64)
W5 = np.array([0.5, 1.0, 2.0, 0.1, 1.5], dtype=np.float32)


def _t(f, arr):
    """A constant (no-grad) tensor of the library that f belongs to."""
    return glassnet.tensor(arr) if f is F else __import__("torch").tensor(arr)


def _cases(f):
    return {
        "margin_ranking": (lambda a, b, y, r: f.margin_ranking_loss(a, b, y, margin=0.3, reduction=r),
                           [rand_array((6,)), rand_array((6,), "pos"), SIGNS]),
        "hinge_embedding": (lambda x, y, r: f.hinge_embedding_loss(x, y, margin=1.5, reduction=r),
                            [rand_array((6,)), SIGNS]),
        "soft_margin": (lambda x, r: f.soft_margin_loss(x, _t(f, SIGNS.reshape(2, 3)), reduction=r),
                        [rand_array((2, 3))]),
        "multilabel_margin": (lambda x, y, r: f.multilabel_margin_loss(x, y, reduction=r),
                              [rand_array((4, 5)), ML_TARGET]),
        "multilabel_soft_margin": (lambda x, y, w, r: f.multilabel_soft_margin_loss(x, y, w, reduction=r),
                                   [rand_array((4, 5)), (ML_TARGET > 1).astype(np.float32), W5]),
        "multi_margin_p1": (lambda x, y, r: f.multi_margin_loss(x, y, reduction=r),
                            [rand_array((4, 5)), MM_TARGET]),
        "multi_margin_p2_weight": (lambda x, y, r: f.multi_margin_loss(x, y, p=2, margin=0.7, weight=_t(f, W5),
                                                                       reduction=r),
                                   [rand_array((4, 5)), MM_TARGET]),
        "triplet_default": (lambda a, p, n, r: f.triplet_margin_with_distance_loss(a, p, n, reduction=r),
                            [rand_array((4, 3)), rand_array((4, 3), "pos"), rand_array((4, 3), "away0")]),
        "triplet_swap_cos": (lambda a, p, n, r: f.triplet_margin_with_distance_loss(
            a, p, n, distance_function=lambda u, v: 1 - (u * v).sum(-1), margin=0.5, swap=True, reduction=r),
            [rand_array((4, 3)), rand_array((4, 3), "pos"), rand_array((4, 3), "away0")]),
    }


NAMES = list(_cases(F))


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("name", NAMES)
def test_parity_with_torch(name, reduction):
    torch = pytest.importorskip("torch")
    g_fn, arrays = _cases(F)[name]
    t_fn, _ = _cases(torch.nn.functional)[name]
    check_parity(lambda *a: g_fn(*a, reduction), lambda *a: t_fn(*a, reduction), arrays)


@pytest.mark.parametrize("name", NAMES)
def test_gradcheck(name):
    g_fn, arrays = _cases(F)[name]
    check_gradcheck(lambda *a: g_fn(*a, "sum"), arrays)


def test_unbatched_multilabel_and_multi_margin():
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    check_parity(lambda x, y: F.multilabel_margin_loss(x, y), lambda x, y: tf.multilabel_margin_loss(x, y),
                 [rand_array((5,)), ML_TARGET[1]])
    check_parity(lambda x, y: F.multi_margin_loss(x, y), lambda x, y: tf.multi_margin_loss(x, y),
                 [rand_array((5,)), MM_TARGET[1:2]])


def test_modules_match_torch():
    torch = pytest.importorskip("torch")
    x, w = rand_array((4, 5)), W5
    check_parity(nn.MultiMarginLoss(p=2, margin=0.5, weight=glassnet.tensor(w)),
                 torch.nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.tensor(w)), [x, MM_TARGET])
    check_parity(nn.MultiLabelMarginLoss(reduction="sum"), torch.nn.MultiLabelMarginLoss(reduction="sum"),
                 [x, ML_TARGET])
    check_parity(nn.MarginRankingLoss(0.2), torch.nn.MarginRankingLoss(0.2),
                 [rand_array((6,)), rand_array((6,), "pos"), SIGNS])
    check_parity(nn.HingeEmbeddingLoss(0.5), torch.nn.HingeEmbeddingLoss(0.5), [rand_array((6,)), SIGNS])
    check_parity(lambda a: nn.SoftMarginLoss()(a, glassnet.tensor(SIGNS)),
                 lambda a: torch.nn.SoftMarginLoss()(a, torch.tensor(SIGNS)), [rand_array((6,))])
    y = (ML_TARGET > 1).astype(np.float32)
    check_parity(lambda a: nn.MultiLabelSoftMarginLoss(weight=glassnet.tensor(w))(a, glassnet.tensor(y)),
                 lambda a: torch.nn.MultiLabelSoftMarginLoss(weight=torch.tensor(w))(a, torch.tensor(y)), [x])
    check_parity(nn.TripletMarginWithDistanceLoss(swap=True), torch.nn.TripletMarginWithDistanceLoss(swap=True),
                 [rand_array((4, 3)), rand_array((4, 3), "pos"), rand_array((4, 3), "away0")])
    assert "weight" in nn.MultiMarginLoss(weight=glassnet.tensor(w)).state_dict()


def test_infinite_inputs_match_torch():
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    x = np.array([np.inf, -np.inf, 0.5, -2.0], dtype=np.float32)
    for y in (np.ones(4, dtype=np.float32), -np.ones(4, dtype=np.float32)):
        check_parity(lambda a, y=y: F.hinge_embedding_loss(a, glassnet.tensor(y), reduction="none"),
                     lambda a, y=y: tf.hinge_embedding_loss(a, torch.tensor(y), reduction="none"), [x], grad=False)
    big = np.array([[1e30, 0.0, 1.0]], dtype=np.float32)
    check_parity(lambda a: F.multi_margin_loss(a, glassnet.tensor(np.array([0]))),
                 lambda a: tf.multi_margin_loss(a, torch.tensor(np.array([0]))), [big])


def test_errors():
    x = glassnet.tensor(rand_array((4, 5)))
    with pytest.raises(ValueError, match="p == 1 and p == 2"):
        F.multi_margin_loss(x, glassnet.tensor(MM_TARGET), p=3)
    with pytest.raises(RuntimeError, match="multi_margin_loss: target out of range"):  # torch: RuntimeError
        F.multi_margin_loss(x, glassnet.tensor(np.array([0, 5, 1, 1])))
    with pytest.raises(RuntimeError, match="multilabel_margin_loss"):
        F.multilabel_margin_loss(x, glassnet.tensor(ML_TARGET[:, :3]))
    with pytest.raises(RuntimeError, match="margin_ranking_loss"):
        F.margin_ranking_loss(glassnet.ones(3), glassnet.ones(3), glassnet.ones(3, 1))
    with pytest.raises(ValueError, match="margin must be greater than 0"):
        F.triplet_margin_with_distance_loss(x, x, x, margin=0)
    with pytest.raises(ValueError, match="reduction"):
        F.soft_margin_loss(x, x, reduction="avg")
