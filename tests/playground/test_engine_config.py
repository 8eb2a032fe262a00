"""The playground's config: defaults fill in, and every bad value is refused with the key, value and what fits."""

import pytest

from glassnet.playground.config import DEFAULTS, ConfigError, validate


def test_defaults_fill_in_and_are_a_copy():
    cfg = validate({})
    assert cfg == validate(None) and set(cfg) == set(DEFAULTS)
    cfg["hidden"].append(3)
    assert DEFAULTS["hidden"] == [4, 2]


def test_mode_alone_picks_its_first_dataset_and_features_get_a_fixed_order():
    assert validate({"mode": "cnn"})["dataset"] == "digits"
    assert validate({"mode": "rnn"})["dataset"] == "sum-sign"
    assert validate({"features": ["x2", "x1"]})["features"] == ["x1", "x2"]
    assert validate({"n_samples": 200.0})["n_samples"] == 200  # JSON numbers may arrive as floats


@pytest.mark.parametrize("patch, words", [
    ({"hidden": [4, 4, 0]}, ["hidden", "layer 3 has 0 neurons", "1..32"]),
    ({"hidden": [4] * 7}, ["hidden", "0..6"]),
    ({"activation": "swish"}, ["activation", "'swish'", "'tanh'"]),
    ({"learning_rate": -1}, ["learning_rate", "-1"]),
    ({"learning_rate": True}, ["learning_rate", "True"]),
    ({"noise": 80}, ["noise", "80", "0..50"]),
    ({"batch_size": 2.5}, ["batch_size", "2.5", "whole"]),
    ({"features": []}, ["features", "non-empty"]),
    ({"features": ["x3"]}, ["features", "x3"]),
    ({"dataset": "mnist"}, ["dataset", "'mnist'", "'digits'"]),  # MNIST is a CNN dataset
    ({"mode": "cnn", "dataset": "mnist"}, ["data_dir", "None", "IDX files"]),
    ({"mode": "cnn", "dataset": "spiral"}, ["dataset", "'spiral'", "'digits'"]),
    ({"mode": "cnn", "conv": [4, 4, 4, 4]}, ["conv", "at most 3"]),
    ({"dataset": "painted", "points": [[0, 0, 1]]}, ["points", "at least 4"]),
    ({"dataset": "painted", "points": [[0, 0, 1]] * 3 + [[9, 0, 0]]}, ["points", "point 3", "-6..6"]),
    ({"dataset": "painted", "points": [[0, 0, 1]] * 4}, ["points", "two different labels"]),
    ({"dataset": "csv", "csv": {"text": "a,b"}}, ["csv", "target"]),
    ({"batch_norm": True, "batch_size": 1}, ["batch_size", "batch_norm"]),
    ({"learning_rte": 0.1}, ["learning_rte", "unknown"]),
])
def test_bad_values_name_the_key(patch, words):
    with pytest.raises(ConfigError) as err:
        validate(patch)
    assert isinstance(err.value, ValueError)
    for w in words:
        assert w in str(err.value), (w, str(err.value))
