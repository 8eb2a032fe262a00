"""The playground Engine: it learns, reproduces a run from its seed, steps one sample/batch/epoch, and edits."""

import numpy as np
import pytest

from glassnet.playground.config import ConfigError
from glassnet.playground.engine import Engine, area_resize

ALL_FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


def test_spiral_test_loss_falls_in_a_few_hundred_steps():
    e = Engine({"dataset": "spiral", "features": ALL_FEATURES, "hidden": [8, 8], "optimizer": "adam"})
    start = e.history[0]["test_loss"]
    m = e.train_steps(400)
    assert m["step"] == 400 and e.epoch == pytest.approx(16.0)
    assert start > 0.6 and m["test_loss"] < 0.3 and m["test_acc"] > 0.85
    assert len(e.history) == 2


@pytest.mark.parametrize("opt, reg", [("sgd", "l1"), ("momentum", "l2"), ("adamw", "none")])
def test_every_optimizer_and_penalty_learns_xor(opt, reg):
    e = Engine({"dataset": "xor", "features": ["x1", "x2", "x1*x2"], "optimizer": opt, "regularization": reg,
                "reg_rate": 0.001, "learning_rate": 0.01 if opt == "adamw" else 0.03})
    assert e.train_steps(150)["test_acc"] > 0.85


def test_reset_with_the_seed_reproduces_exactly():
    cfg = {"hidden": [6, 3], "dropout": 0.2, "batch_norm": True, "seed": 7}
    a, b = Engine(cfg), Engine(cfg)
    a.train_steps(60)
    b.train_steps(60)
    assert a.history == b.history
    a.reset()
    a.train_steps(60)
    assert a.history == b.history
    a.reset({**cfg, "seed": 8})
    assert a.history[0] != b.history[0] and a.step == 0


def test_three_classes_use_softmax():
    pts = [[x + dx, y, k] for k, (x, y) in enumerate([(-4, -3), (0, 4), (4, -3)]) for dx in np.linspace(-1, 1, 12)]
    e = Engine({"dataset": "painted", "points": pts, "hidden": [6], "optimizer": "adam", "learning_rate": 0.05})
    assert e.model.out.out_features == 3
    e.train_steps(100)
    assert e.evaluate()["train_acc"] > 0.9
    assert len(e.predict([0, 4])["probs"]) == 3 and e.predict([0, 4])["label"] == 1


def test_step_sample_batch_epoch():
    e = Engine({"batch_size": 10})
    d = e.step_sample(5)
    assert d["indices"] == [5] and e.step == 1 and d["chain_rule"]["match"]
    assert d["weight_after"] - d["weight_before"] == pytest.approx(-0.03 * d["chain_rule"]["autograd_grad"],
                                                                   rel=1e-4, abs=1e-7)
    b = e.step_batch()
    assert len(b["indices"]) == 10 and b["chain_rule"]["match"] and e.step == 2
    e.step_epoch()
    assert e.epoch == pytest.approx(1 / 250 + 10 / 250 + 240 / 250)  # it finishes the epoch in progress
    with pytest.raises(ConfigError, match="index: got 250; expected a training sample 0..249"):
        e.step_sample(250)


def test_set_weight_changes_the_prediction_and_bad_indices_are_named():
    e = Engine({"hidden": [3]})
    before = e.predict([2.0, -1.0])["probs"]
    e.set_weight(2, 1, 0, 5.0)
    assert float(e.model.out.weight[1, 0]) == 5.0
    assert e.predict([2.0, -1.0])["probs"] != before
    for args, words in [((3, 0, 0, 1.0), "layer: got 3; expected 1..2"), ((1, 3, 0, 1.0), "i: got 3"),
                        ((1, 0, 2, 1.0), "j: got 2"), ((1, 0, 0, float("nan")), "value")]:
        with pytest.raises(ConfigError, match=words):
            e.set_weight(*args)


def test_cnn_digits_learns_and_reads_a_drawn_canvas():
    e = Engine({"mode": "cnn", "optimizer": "adam", "learning_rate": 0.01, "batch_size": 32})
    m = e.step_epoch()
    assert m["test_acc"] > 0.8
    # A real test digit, as a canvas with ink = 1, at 8x8 and blown up to 28x28, reads the same.
    mean, std = e.dataset.normalization
    img = np.clip(e.dataset.x_test[0, 0] * std + mean, 0, 1)
    small = e.predict(img.tolist())
    big = e.predict(np.clip(area_resize(img, 28), 0, 1))
    assert small["label"] == big["label"] and len(small["seen"]) == 8
    with pytest.raises(ConfigError, match="x: got shape"):
        e.predict(np.zeros((10, 10)))
    with pytest.raises(ConfigError, match="ink = 1"):
        e.predict(np.full((8, 8), 2.0))


def test_area_resize_keeps_the_mean():
    img = np.random.default_rng(0).random((28, 28))
    assert area_resize(img, 8).mean() == pytest.approx(img.mean())
    assert area_resize(np.ones((8, 8)), 28) == pytest.approx(np.ones((28, 28)))


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_rnn_learns_sum_sign(cell):
    e = Engine({"mode": "rnn", "dataset": "sum-sign", "rnn_cell": cell, "rnn_hidden": 8, "seq_len": 7,
                "optimizer": "adam", "learning_rate": 0.02, "batch_size": 25, "n_samples": 400})
    for _ in range(8):
        m = e.step_epoch()
    assert m["test_acc"] > 0.8
    assert e.predict([1, 1, 1, -1, 1, 1, -1])["label"] == 1


def test_steps_without_measuring_record_nothing_until_measure():
    e = Engine({"dataset": "xor"})
    before = e.history[-1]
    assert e.train_steps(20, measure=False) is before and len(e.history) == 1  # no evaluation was made
    m = e.measure()
    assert m["step"] == 20 and e.history[-1] is m and len(e.history) == 2
    assert e.measure() is m and len(e.history) == 2  # measuring again at the same step adds no point
