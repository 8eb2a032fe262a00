"""Metrics agree with scikit-learn, as functions and as streaming accumulators."""

import numpy as np
import pytest

import glassnet
from glassnet.train import metrics as M

skm = pytest.importorskip("sklearn.metrics")


@pytest.fixture
def classification():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 5, size=200)
    logits = rng.normal(size=(200, 5)).astype(np.float32)
    logits[np.arange(200), y] += rng.normal(1.0, 1.0, size=200)  # better than chance, not perfect
    return y, logits


def test_accuracy_from_logits_labels_and_tensors(classification):
    y, logits = classification
    expected = skm.accuracy_score(y, logits.argmax(1))
    assert M.accuracy(y, logits) == pytest.approx(expected)
    assert M.accuracy(glassnet.tensor(y), glassnet.tensor(logits)) == pytest.approx(expected)
    assert M.accuracy(y, logits.argmax(1)) == pytest.approx(expected)
    one_hot = np.eye(5)[y]
    assert M.accuracy(one_hot, logits) == pytest.approx(expected)


def test_binary_accuracy_thresholds_scores():
    y = np.array([0, 1, 1, 0])
    probs = np.array([[0.2], [0.7], [0.4], [0.6]])
    assert M.accuracy(y, probs) == 0.5
    assert M.accuracy(y, np.array([-1.0, 2.0, 0.5, -0.1]), threshold=0.0) == 1.0


def test_swapped_arguments_are_caught(classification):
    y, logits = classification
    with pytest.raises(ValueError, match="Swap"):
        M.accuracy(logits, y)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_top_k_accuracy(classification, k):
    y, logits = classification
    expected = skm.top_k_accuracy_score(y, logits, k=k, labels=range(5))
    assert M.top_k_accuracy(y, logits, k=k) == pytest.approx(expected)


def test_confusion_matrix(classification):
    y, logits = classification
    np.testing.assert_array_equal(M.confusion_matrix(y, logits), skm.confusion_matrix(y, logits.argmax(1)))


@pytest.mark.parametrize("average", ["macro", "micro", "weighted"])
def test_precision_recall_f1(classification, average):
    y, logits = classification
    p = logits.argmax(1)
    assert M.precision(y, logits, average) == pytest.approx(skm.precision_score(y, p, average=average))
    assert M.recall(y, logits, average) == pytest.approx(skm.recall_score(y, p, average=average))
    assert M.f1_score(y, logits, average) == pytest.approx(skm.f1_score(y, p, average=average))


def test_precision_with_a_never_predicted_class_matches_sklearn_zero_division():
    y = np.array([0, 1, 2, 2, 1])
    p = np.array([0, 0, 2, 2, 0])
    with pytest.warns(Warning):
        expected = skm.precision_score(y, p, average="macro")
    assert M.precision(y, p) == pytest.approx(expected)
    assert M.f1_score(y, p, "weighted") == pytest.approx(skm.f1_score(y, p, average="weighted"))


def test_regression_metrics():
    rng = np.random.default_rng(1)
    y = rng.normal(size=(100, 3))
    pred = y + rng.normal(scale=0.5, size=(100, 3))
    assert M.mse(y, pred) == pytest.approx(skm.mean_squared_error(y, pred))
    assert M.mae(y, pred) == pytest.approx(skm.mean_absolute_error(y, pred))
    assert M.r2_score(y, pred) == pytest.approx(skm.r2_score(y, pred))
    assert M.r2_score(y[:, 0], pred[:, :1]) == pytest.approx(skm.r2_score(y[:, 0], pred[:, 0]))


@pytest.mark.filterwarnings("ignore:.*ill-defined")  # sklearn's note about a never-predicted class
@pytest.mark.parametrize("name,reference", [
    ("accuracy", lambda y, s: skm.accuracy_score(y, s.argmax(1))),
    ("top3_accuracy", lambda y, s: skm.top_k_accuracy_score(y, s, k=3, labels=range(5))),
    ("precision", lambda y, s: skm.precision_score(y, s.argmax(1), average="macro")),
    ("recall_weighted", lambda y, s: skm.recall_score(y, s.argmax(1), average="weighted")),
    ("f1_micro", lambda y, s: skm.f1_score(y, s.argmax(1), average="micro")),
    ("f1", lambda y, s: skm.f1_score(y, s.argmax(1), average="macro")),
])
def test_streaming_classification_equals_whole_epoch(classification, name, reference):
    y, logits = classification
    metric = M.get_metric(name)
    for start in range(0, 200, 32):  # uneven last batch
        metric.update(y[start:start + 32], glassnet.tensor(logits[start:start + 32]))
    assert metric.result() == pytest.approx(reference(y, logits))
    metric.reset()
    metric.update(y[:10], logits[:10])
    assert metric.result() == pytest.approx(reference(y[:10], logits[:10]))


@pytest.mark.parametrize("name,reference", [
    ("mse", skm.mean_squared_error), ("mae", skm.mean_absolute_error), ("r2", skm.r2_score),
])
def test_streaming_regression_equals_whole_epoch(name, reference):
    rng = np.random.default_rng(2)
    y = rng.normal(size=(90, 2))
    pred = y + rng.normal(scale=0.3, size=(90, 2))
    metric = M.get_metric(name)
    for start in range(0, 90, 25):
        metric.update(y[start:start + 25], pred[start:start + 25])
    assert metric.result() == pytest.approx(reference(y, pred))


def test_streaming_confusion_matrix_grows_with_new_classes():
    cm = M.ConfusionMatrix()
    cm.update(np.array([0, 1]), np.array([0, 1]))
    cm.update(np.array([3, 2]), np.array([3, 0]))
    np.testing.assert_array_equal(cm.result(), skm.confusion_matrix([0, 1, 3, 2], [0, 1, 3, 0]))


def test_function_metrics_and_unknown_names():
    m = M.get_metric(lambda y, p: float(np.mean(np.asarray(y) == np.asarray(p))))
    m.update(np.array([1, 1]), np.array([1, 0]))
    m.update(np.array([1, 1, 1, 1]), np.array([1, 1, 1, 1]))
    assert m.result() == pytest.approx(5 / 6)
    with pytest.raises(ValueError, match="unknown metric"):
        M.get_metric("accurracy")
