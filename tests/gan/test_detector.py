"""glassnet.gan.detector: the rank-based ROC AUC, and detectors that catch noise but not real images."""

import json

import numpy as np
import pytest

import glassnet
from glassnet.gan.detector import DetectorComparison, compare_detectors, roc_auc, train_detector


# ---- roc_auc ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(4))
def test_roc_auc_matches_sklearn_with_and_without_ties(seed):
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 200)
    y[:2] = [0, 1]
    scores = rng.standard_normal(200) + y * seed * 0.5
    if seed % 2:
        scores = np.round(scores, 1)  # many ties
    assert roc_auc(y, scores) == pytest.approx(metrics.roc_auc_score(y, scores), abs=1e-12)


def test_roc_auc_extremes():
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert roc_auc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]) == 0.0
    assert roc_auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5


def test_roc_auc_rejects_one_class_and_other_labels():
    with pytest.raises(ValueError, match="needs both classes"):
        roc_auc([1, 1], [0.1, 0.2])
    with pytest.raises(ValueError, match="only 0 and 1"):
        roc_auc([0, 2], [0.1, 0.2])
    with pytest.raises(ValueError, match="3 labels but scores has 2"):
        roc_auc([0, 1, 1], [0.1, 0.2])


# ---- train_detector -------------------------------------------------------------------------------
def _real_digits():
    from glassnet.data.datasets import digits

    return digits("train").tensors[0]._data * 2 - 1


def test_noise_against_real_digits_is_caught():
    real = _real_digits()[:400]
    noise = np.random.default_rng(0).uniform(-1, 1, real.shape).astype(np.float32)
    r = train_detector(real, noise, epochs=3, seed=0)
    assert r.auc > 0.99 and r.accuracy > 0.95
    assert r.n_test == 240 and r.n_train == 560
    assert "easy to catch" in str(r) and "ROC AUC" in str(r)
    json.dumps(r.as_dict())


def test_real_against_real_is_a_coin_toss():
    real = _real_digits()
    order = np.random.default_rng(1).permutation(len(real))
    half = len(real) // 2
    r = train_detector(real[order[:half]], real[order[half:]], epochs=5, seed=0)
    assert abs(r.auc - 0.5) < 0.12
    assert abs(r.accuracy - 0.5) < 0.12


def test_detector_is_deterministic_for_a_seed():
    real = _real_digits()[:100]
    fake = np.clip(real + np.random.default_rng(0).normal(0, 0.3, real.shape), -1, 1).astype(np.float32)
    a = train_detector(real, fake, epochs=2, seed=3)
    b = train_detector(glassnet.tensor(real), glassnet.tensor(fake), epochs=2, seed=3)
    assert (a.auc, a.accuracy) == (b.auc, b.accuracy)


def test_compare_detectors_over_checkpoints_shows_fakes_getting_harder_to_catch():
    real = _real_digits()[:300]
    rng = np.random.default_rng(0)
    early = rng.uniform(-1, 1, real.shape).astype(np.float32)
    late = real[::-1].copy()  # a "perfect" generator: other real images
    c = compare_detectors(real, {"epoch 1": early, "epoch 50": lambda: glassnet.tensor(late)}, epochs=3)
    assert isinstance(c, DetectorComparison)
    assert [r.label for r in c.reports] == ["epoch 1", "epoch 50"]
    assert c.aucs()[0] > 0.95 > c.aucs()[1]
    assert "got harder to catch" in c.summary()
    text = str(c)
    assert "epoch 1" in text and "ROC AUC" in text
    assert len(json.loads(json.dumps(c.as_dict()))["checkpoints"]) == 2


def test_bad_input_gives_one_clear_error():
    real = np.zeros((10, 1, 8, 8), np.float32)
    with pytest.raises(ValueError, match=r"real images are \(1, 8, 8\).*fakes are \(1, 4, 4\)"):
        train_detector(real, np.zeros((10, 1, 4, 4), np.float32))
    with pytest.raises(ValueError, match=r"fake must be images \(N, C, H, W\), got shape \(10, 64\)"):
        train_detector(real, np.zeros((10, 64), np.float32))
    with pytest.raises(ValueError, match="test_fraction must be in"):
        train_detector(real, real, test_fraction=1.5)
    with pytest.raises(ValueError, match="too few"):
        train_detector(real[:1], real)
    with pytest.raises(TypeError, match="non-empty mapping"):
        compare_detectors(real, {})
