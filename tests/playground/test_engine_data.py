"""The playground's datasets: TensorFlow Playground's generators, painted points, CSV, images and sequences."""

import numpy as np
import pytest

from glassnet.playground.config import ConfigError, validate
from glassnet.playground.data import expand_features, make_dataset


@pytest.mark.parametrize("name", ["circle", "xor", "gauss", "spiral"])
def test_2d_generators_are_balanced_in_range_and_seeded(name):
    d = make_dataset(validate({"dataset": name, "noise": 20, "n_samples": 400}))
    pts = np.concatenate([d.raw_train, d.raw_test])
    assert pts.shape == (400, 2) and np.abs(pts).max() <= 6
    assert d.kind == "points" and d.num_classes == 2 and d.x_train.dtype == np.float32
    assert 0.35 < np.concatenate([d.y_train, d.y_test]).mean() < 0.65
    again = make_dataset(validate({"dataset": name, "noise": 20, "n_samples": 400}))
    assert np.array_equal(d.x_train, again.x_train)
    other = make_dataset(validate({"dataset": name, "noise": 20, "n_samples": 400, "seed": 1}))
    assert not np.array_equal(d.x_train, other.x_train)


def test_noiseless_shapes_follow_tensorflow_playground():
    c = make_dataset(validate({"dataset": "circle"}))
    r = np.hypot(*np.concatenate([c.raw_train, c.raw_test]).T)
    y = np.concatenate([c.y_train, c.y_test])
    assert r[y == 1].max() < 2.5 and r[y == 0].min() >= 3.5 - 1e-6
    x = make_dataset(validate({"dataset": "xor"}))
    p = np.concatenate([x.raw_train, x.raw_test])
    assert np.array_equal(np.concatenate([x.y_train, x.y_test]), (p[:, 0] * p[:, 1] >= 0).astype(int))
    assert np.abs(p).min() >= 0.3  # the padding keeps points off the axes


def test_features_and_split_ratio():
    d = make_dataset(validate({"dataset": "spiral", "features": ["x1", "x1*x2", "sin(x2)"], "train_ratio": 70}))
    assert d.x_train.shape == (350, 3) and d.x_test.shape == (150, 3)
    assert np.allclose(d.x_train, expand_features(d.raw_train, ["x1", "x1*x2", "sin(x2)"]))
    assert np.allclose(d.x_train[:, 1], d.raw_train[:, 0] * d.raw_train[:, 1], atol=1e-5)


def test_painted_points_with_three_classes():
    pts = [[x, y, k] for k, (x, y) in enumerate([(-4, -4), (0, 4), (4, -4)]) for _ in range(5)]
    d = make_dataset(validate({"dataset": "painted", "points": pts}))
    assert d.num_classes == 3 and len(d.y_train) + len(d.y_test) == 15


def test_csv_numeric_columns_named_target_standardised():
    rows = ["height,weight,city,kind"] + [f"{h},{w},x,{'cat' if h < 30 else 'dog'}"
                                          for h, w in zip(range(10, 50, 2), range(3, 43, 2))]
    d = make_dataset(validate({"dataset": "csv", "csv": {"text": "\n".join(rows), "target": "kind"}}))
    assert d.kind == "table" and d.classes == ["cat", "dog"] and d.feature_names == ["height", "weight"]
    assert abs(d.x_train.mean()) < 1e-5 and abs(d.x_train.std() - 1) < 1e-3
    with pytest.raises(ConfigError, match="csv.target: got 'colour'"):
        make_dataset(validate({"dataset": "csv", "csv": {"text": "\n".join(rows), "target": "colour"}}))


def test_digits_for_cnn_and_dense():
    cnn = make_dataset(validate({"mode": "cnn"}))
    assert cnn.x_train.shape == (1437, 1, 8, 8) and cnn.num_classes == 10
    assert abs(cnn.x_train.mean()) < 0.05 and abs(cnn.x_train.std() - 1) < 0.05
    dense = make_dataset(validate({"dataset": "digits"}))
    assert dense.x_train.shape == (1437, 64) and dense.kind == "images"


def test_mnist_from_a_folder(shared_data):
    d = make_dataset(validate({"mode": "cnn", "dataset": "mnist", "data_dir": str(shared_data), "image_limit": 500}))
    assert d.x_train.shape == (500, 1, 28, 28) and d.x_test.shape == (125, 1, 28, 28)
    with pytest.raises(ConfigError, match="data_dir"):
        make_dataset(validate({"mode": "cnn", "dataset": "mnist", "data_dir": str(shared_data / "nowhere")}))


@pytest.mark.parametrize("task, classes", [("sum-sign", 2), ("parity", 2), ("sine", 3)])
def test_sequence_tasks(task, classes):
    d = make_dataset(validate({"mode": "rnn", "dataset": task, "seq_len": 9}))
    assert d.x_train.shape[1:] == (9, 1) and d.num_classes == classes and d.kind == "sequence"
    x, y = np.concatenate([d.x_train, d.x_test]), np.concatenate([d.y_train, d.y_test])
    if task == "sum-sign":
        assert np.array_equal(y, (x.sum(axis=(1, 2)) > 0).astype(int))
    if task == "parity":
        assert np.array_equal(y, x.sum(axis=(1, 2)).astype(int) % 2)
