"""`glassnet finetune`: from a run folder or shipped weights to a new run that evaluate/predict/info read."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import glassnet as gn
from glassnet.cli.main import main
from glassnet.cli.runs import write_json


@pytest.fixture(scope="module")
def source_run(tmp_path_factory) -> Path:
    """A digits_cnn run folder as `glassnet train` writes it, without spending time on training it."""
    out = tmp_path_factory.mktemp("runs") / "source"
    out.mkdir()
    gn.manual_seed(0)
    kwargs = {"num_classes": 10, "in_channels": 1, "input_size": 8}
    model = gn.models.get_model("digits_cnn", **kwargs)
    gn.save(model.state_dict(), out / "model.safetensors")
    write_json(out / "config.json", {
        "format": "glassnet-run", "model": "digits_cnn", "model_kwargs": kwargs, "dataset": "digits",
        "task": "classification", "input_shape": [1, 8, 8], "classes": [str(i) for i in range(10)],
        "epochs": 1, "batch_size": 32, "lr": 3e-3, "optimizer": "adam", "seed": 0, "val_split": 0.1})
    return out


@pytest.fixture(scope="module")
def finetuned(source_run, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "ft"
    assert main(["finetune", "--from", str(source_run), "--freeze", "features", "--n-per-class", "5",
                 "--epochs", "2", "--seed", "1", "--out", str(out), "--verbose", "0"]) == 0
    return out


def test_run_folder_records_the_finetuning(finetuned, source_run):
    config = json.loads((finetuned / "config.json").read_text())
    ft = config["finetune"]
    assert ft["from"]["kind"] == "run" and ft["freeze"] == ["features"] and ft["n_per_class"] == 5
    assert ft["new_head"] is False  # same dataset: the head is kept
    metrics = json.loads((finetuned / "metrics.json").read_text())
    assert metrics["train_samples"] == 50 and metrics["epochs"] == 2
    for f in ("model.safetensors", "history.csv", "learning_curves.png"):
        assert (finetuned / f).is_file()


def test_frozen_part_is_unchanged_and_the_rest_trained(finetuned, source_run):
    before, after = gn.load(source_run / "model.safetensors"), gn.load(finetuned / "model.safetensors")
    np.testing.assert_array_equal(before["features.0.weight"]._data, after["features.0.weight"]._data)
    assert not np.array_equal(before["classifier.1.weight"]._data, after["classifier.1.weight"]._data)


def test_evaluate_info_predict_read_it(finetuned, tmp_path, capsys):
    assert main(["evaluate", str(finetuned)]) == 0
    assert main(["info", str(finetuned)]) == 0
    np.save(tmp_path / "x.npy", np.zeros((8, 8), np.float32))
    assert main(["predict", str(finetuned), str(tmp_path / "x.npy")]) == 0
    out = capsys.readouterr().out
    assert "digits_cnn" in out and "frozen: features; 5 examples per class" in out


def test_without_freeze_everything_trains(source_run, tmp_path):
    out = tmp_path / "all"
    assert main(["finetune", "--from", str(source_run), "--n-per-class", "3", "--epochs", "1", "--out", str(out),
                 "--verbose", "0"]) == 0
    config = json.loads((out / "config.json").read_text())
    assert config["finetune"]["freeze"] == [] and config["finetune"]["trainable_parameters"] == config["parameters"]
    before, after = gn.load(source_run / "model.safetensors"), gn.load(out / "model.safetensors")
    assert not np.array_equal(before["features.0.weight"]._data, after["features.0.weight"]._data)
    assert (out / "MODEL_CARD.md").is_file()


@pytest.mark.parametrize(("argv", "needle"), [
    (["--from", "no-such-thing"], "neither a run folder nor shipped weights; pretrained names: cnn_small, lenet5"),
    (["--from", "lenet5", "--dataset", "digits"], "takes inputs of shape (1, 28, 28)"),
    (["--from", "SOURCE", "--freeze", "feature"], "children of the model are ['features', 'classifier']"),
    (["--from", "SOURCE", "--freeze", "features,classifier"], "leaves nothing to train"),
    (["--from", "SOURCE", "--n-per-class", "0"], "--n-per-class must be >= 1"),
])
def test_errors_are_one_clear_line(argv, needle, source_run, tmp_path, capsys):
    argv = [str(source_run) if a == "SOURCE" else a for a in argv]
    assert main(["finetune", *argv, "--out", str(tmp_path / "r"), "--verbose", "0"]) == 2
    err = capsys.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists()


@pytest.mark.slow
def test_from_pretrained_lenet5_to_fashion_mnist(shared_data, tmp_path):
    out = tmp_path / "fashion"
    assert main(["finetune", "--from", "lenet5", "--dataset", "fashion-mnist", "--data-dir",
                 str(shared_data / "fashion-mnist"), "--freeze", "features", "--n-per-class", "10",
                 "--epochs", "10", "--batch-size", "20", "--val-split", "0.02", "--out", str(out),
                 "--verbose", "0"]) == 0
    config = json.loads((out / "config.json").read_text())
    assert config["finetune"]["new_head"] and config["finetune"]["from"]["kind"] == "pretrained"
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["train_samples"] == 100
    assert metrics["test_accuracy"] > 0.4  # 100 labelled images; chance is 0.1
    assert main(["info", str(out)]) == 0
