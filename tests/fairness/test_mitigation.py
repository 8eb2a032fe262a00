"""The three mitigations reduce the demographic-parity gap of a glassnet MLP on a synthetic biased dataset."""

import numpy as np
import pytest

pytest.importorskip("fairlearn")

import glassnet  # noqa: E402
from glassnet import fairness  # noqa: E402

from .synthetic import biased_data  # noqa: E402


def _mlp(x, y, weights=None):
    glassnet.manual_seed(0)
    model = glassnet.models.get_model("mlp", in_features=3, hidden=[16], num_classes=2)
    glassnet.train.fit(model, (x, y), loss=glassnet.nn.CrossEntropyLoss(), optimizer="adam", lr=0.02, epochs=10,
                       verbose=0, seed=0, sample_weight=weights)
    return model


def _gap(yt, pred, gt):
    return fairness.fairness_report(yt, pred, gt).gaps["demographic_parity_difference"]


def test_reweighing_weights_make_label_independent_of_group():
    x, y, g = biased_data(600, 0)
    w = fairness.reweighing_weights(y, g)
    assert w.dtype == np.float32 and w.mean() == pytest.approx(1.0)
    rate = {gv: np.average(y[g == gv], weights=w[g == gv]) for gv in ("A", "B")}
    assert rate["A"] == pytest.approx(rate["B"], abs=1e-6) == pytest.approx(y.mean(), abs=1e-6)


@pytest.mark.slow
def test_mitigations_reduce_the_gap():
    x, y, g = biased_data(600, 0)
    xt, yt, gt = biased_data(400, 1)
    model = _mlp(x, y)
    base = _gap(yt, glassnet.train.predict(model, xt).numpy().argmax(1), gt)
    assert base > 0.3  # the bias is there to remove

    reweighed = _mlp(x, y, fairness.reweighing_weights(y, g))
    assert _gap(yt, glassnet.train.predict(reweighed, xt).numpy().argmax(1), gt) < base - 0.1

    post = fairness.threshold_optimizer(model, x, y, g)
    assert _gap(yt, post.predict(xt, sensitive_features=gt, random_state=0), gt) < base - 0.2

    eg = fairness.exponentiated_gradient(fairness.GlassnetClassifier(epochs=5, lr=0.02), x, y, g, max_iter=5)
    assert _gap(yt, eg.predict(xt, random_state=0), gt) < base - 0.2


def test_wrappers_are_sklearn_estimators():
    from sklearn.base import clone

    clf = fairness.GlassnetClassifier(hidden=(8,), epochs=3, lr=0.05)
    assert clone(clf).get_params()["hidden"] == (8,)
    x, y, _ = biased_data(100, 0)
    clf.fit(x, y, sample_weight=np.ones(len(y)))
    assert clf.predict_proba(x).shape == (100, 2) and set(clf.predict(x)) <= {0, 1}
    pre = fairness.PrefitClassifier(clf.model_)
    np.testing.assert_allclose(pre.predict_proba(x), clf.predict_proba(x))


def test_bad_input():
    x, y, g = biased_data(50, 0)
    with pytest.raises(ValueError, match="constraints must be one of"):
        fairness.exponentiated_gradient(fairness.GlassnetClassifier(), x, y, g, constraints="parity")
    with pytest.raises(ValueError, match="sensitive_features has 3 values but X has 50 rows"):
        fairness.threshold_optimizer(glassnet.nn.Linear(3, 2), x, y, g[:3])
    with pytest.raises(ValueError, match="y has 50 values but sensitive_features has 2"):
        fairness.reweighing_weights(y, g[:2])
