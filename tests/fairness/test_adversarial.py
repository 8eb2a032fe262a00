"""AdversarialDebiasing: the demographic-parity gap of a planted group effect shrinks while accuracy stays well
above chance; the paper's update; scikit-learn compatibility; bad input is one clear error."""

import numpy as np
import pytest

pytest.importorskip("fairlearn")
from fairlearn.metrics import demographic_parity_difference  # noqa: E402
from sklearn.base import clone  # noqa: E402

import glassnet  # noqa: E402
from glassnet.fairness import AdversarialDebiasing  # noqa: E402

from .synthetic import biased_data  # noqa: E402

SMALL = dict(hidden=(16,), epochs=20, batch_size=64, lr=3e-3)


def _gap_and_accuracy(clf, x, y, g):
    pred = clf.predict(x)
    return demographic_parity_difference(y, pred, sensitive_features=g), float((pred == y).mean())


def test_the_adversary_shrinks_the_gap_and_accuracy_stays_well_above_chance():
    x, y, g = biased_data(600, seed=0)
    xt, yt, gt = biased_data(600, seed=1)
    plain_gap, plain_acc = _gap_and_accuracy(AdversarialDebiasing(debias=False, **SMALL).fit(
        x, y, sensitive_features=g), xt, yt, gt)
    clf = AdversarialDebiasing(alpha=0.1, **SMALL).fit(x, y, sensitive_features=g)
    gap, acc = _gap_and_accuracy(clf, xt, yt, gt)
    chance = max(yt.mean(), 1 - yt.mean())
    assert plain_gap > 0.3 and plain_acc > 0.85  # the planted effect: the plain MLP follows the group
    assert gap < plain_gap / 2
    assert acc > chance + 0.15
    assert len(clf.history_["loss"]) == 20 and np.isfinite(clf.history_["adversary_loss"]).all()


def test_equalized_odds_adversary_sees_the_label_and_predictions_use_classes():
    x, y, g = biased_data(300, seed=2)
    labels = np.where(y == 1, "high", "low")
    clf = AdversarialDebiasing(constraint="equalized_odds", **{**SMALL, "epochs": 3}).fit(x, labels,
                                                                                       sensitive_features=g)
    assert clf.classes_.tolist() == ["high", "low"] and clf.groups_ == ["A", "B"]
    proba = clf.predict_proba(x)
    assert proba.shape == (300, 2) and np.allclose(proba.sum(1), 1)
    assert set(clf.predict(x)) <= {"high", "low"}
    assert clone(clf).get_params()["constraint"] == "equalized_odds"  # scikit-learn can clone it


def test_the_update_projects_out_the_adversarys_direction_and_subtracts_alpha_of_it():
    glassnet.manual_seed(0)
    clf = AdversarialDebiasing(alpha=0.5)
    w = glassnet.nn.Parameter(glassnet.tensor([1.0, 2.0]))
    v = glassnet.nn.Parameter(glassnet.tensor([0.5]))
    loss = (w * glassnet.tensor([3.0, 1.0])).sum()  # dL_P/dw = (3, 1)
    adv = (w * glassnet.tensor([1.0, 0.0])).sum() * v.sum()  # dL_A/dw = (0.5, 0), dL_A/dv = 1
    seen = {}

    class Recorder:
        def __init__(self, params):
            self.params = params

        def step(self):
            seen.update({id(p): p.grad.numpy().copy() for p in self.params})

    clf._debiased_step(loss, adv, [w], [v], Recorder([w]), Recorder([v]))
    # (3, 1) minus its projection on (0.5, 0) leaves (0, 1); minus 0.5 * (0.5, 0)
    np.testing.assert_allclose(seen[id(w)], [-0.25, 1.0], atol=1e-6)
    np.testing.assert_allclose(seen[id(v)], [1.0], atol=1e-6)


@pytest.mark.parametrize("kwargs, match", [
    (dict(sensitive_features=["A"] * 10), r"one group only \('A'\)"),
    (dict(sensitive_features=["A", "B"] * 4), "sensitive_features has 8 values but X has 10 rows"),
    (dict(sensitive_features=None), "pass sensitive_features="),
])
def test_bad_sensitive_features_are_one_clear_error(kwargs, match):
    x = np.random.default_rng(0).normal(size=(10, 3)).astype(np.float32)
    with pytest.raises(ValueError, match=match):
        AdversarialDebiasing(epochs=1).fit(x, np.arange(10) % 2, **kwargs)


def test_bad_labels_and_settings_are_one_clear_error():
    x = np.zeros((6, 2), dtype=np.float32)
    g = list("aabbab")
    with pytest.raises(ValueError, match="exactly two classes"):
        AdversarialDebiasing(epochs=1).fit(x, [0, 1, 2, 0, 1, 2], sensitive_features=g)
    with pytest.raises(ValueError, match="y has 5 values but X has 6 rows"):
        AdversarialDebiasing(epochs=1).fit(x, [0, 1, 0, 1, 0], sensitive_features=g)
    with pytest.raises(ValueError, match="alpha must be >= 0"):
        AdversarialDebiasing(alpha=-1).fit(x, [0, 1] * 3, sensitive_features=g)
    with pytest.raises(ValueError, match="constraint must be"):
        AdversarialDebiasing(constraint="parity").fit(x, [0, 1] * 3, sensitive_features=g)
    with pytest.raises(ValueError, match="call fit before"):
        AdversarialDebiasing().predict(x)
