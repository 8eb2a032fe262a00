"""`glassnet explain` (a heat map of what drove a prediction) and `glassnet evaluate --plot`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from glassnet.cli.main import main

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def conv_run(tmp_path_factory) -> Path:
    """A small CNN trained for one epoch on the shipped 8x8 digits."""
    out = tmp_path_factory.mktemp("runs") / "cnn"
    assert main(["train", "--model", "cnn_small", "--dataset", "digits", "--epochs", "1", "--verbose", "0",
                 "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def digit(tmp_path_factory) -> Path:
    from glassnet.data.datasets import digits

    path = tmp_path_factory.mktemp("inputs") / "digit.npy"
    np.save(path, digits("test").tensors[0].numpy()[0])
    return path


@pytest.mark.parametrize("method", ["saliency", "input-x-gradient", "integrated-gradients", "smoothgrad",
                                   "occlusion", "grad-cam"])
def test_explain_writes_a_heatmap_for_every_method(conv_run, digit, tmp_path, capsys, method):
    out = tmp_path / "heatmap.png"
    assert main(["explain", str(conv_run), str(digit), "--method", method, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert out.read_bytes()[:8] == PNG
    assert text.startswith("predicted: ") and f"with {method}" in text and f"wrote {out}" in text
    if method == "integrated-gradients":
        assert "add up to score(image) - score(black)" in text


def test_explain_a_png_for_a_chosen_class(conv_run, tmp_path, capsys, monkeypatch):
    from PIL import Image

    img = np.zeros((64, 64), np.uint8)
    img[10:54, 28:36] = 255  # a "1"
    Image.fromarray(img).save(tmp_path / "one.png")
    monkeypatch.chdir(tmp_path)
    assert main(["explain", str(conv_run), "one.png", "--target", "7", "--method", "saliency"]) == 0
    assert "explained class 7 " in capsys.readouterr().out
    assert (tmp_path / "one-saliency.png").read_bytes()[:8] == PNG


def test_explain_errors_are_one_line(conv_run, digit, tmp_path, capsys):
    assert main(["explain", str(conv_run), str(digit), "--target", "10"]) == 2
    assert "--target 10 is out of range: the model has 10 classes (0..9" in capsys.readouterr().err
    assert main(["explain", str(conv_run), str(digit), "--method", "grad-cam", "--layer", "conv9"]) == 2
    err = capsys.readouterr().err
    assert "no layer named 'conv9'; its layers are: features, features.0" in err and "Traceback" not in err
    assert main(["explain", str(conv_run), str(tmp_path / "missing.png")]) == 2
    assert "input file not found" in capsys.readouterr().err
    np.save(tmp_path / "wrong.npy", np.zeros(10, np.float32))
    assert main(["explain", str(conv_run), str(tmp_path / "wrong.npy")]) == 2
    assert "one sample of shape (1, 8, 8)" in capsys.readouterr().err
    assert main(["explain", str(conv_run), str(digit), "--out", str(tmp_path / "map.jpg")]) == 2
    assert "must be a .png" in capsys.readouterr().err


def test_grad_cam_on_a_model_without_convolutions(tmp_path, digit, capsys):
    run = tmp_path / "mlp"
    assert main(["train", "--model", "mlp", "--dataset", "digits", "--epochs", "1", "--verbose", "0",
                 "--out", str(run)]) == 0
    capsys.readouterr()
    assert main(["explain", str(run), str(digit), "--method", "grad-cam"]) == 2
    assert "grad-cam needs a convolutional layer" in capsys.readouterr().err
    assert main(["explain", str(run), str(digit), "--out", str(tmp_path / "ig.png")]) == 0


def test_evaluate_plot_writes_the_confusion_matrix(conv_run, tmp_path, capsys):
    assert main(["evaluate", str(conv_run), "--plot"]) == 0
    assert f"wrote {conv_run / 'confusion_matrix.png'}" in capsys.readouterr().out
    assert (conv_run / "confusion_matrix.png").read_bytes()[:8] == PNG
    assert (conv_run / "misclassified.png").read_bytes()[:8] == PNG
    assert main(["evaluate", str(conv_run), "--plot", str(tmp_path)]) == 0
    assert (tmp_path / "confusion_matrix.png").is_file()
    assert main(["evaluate", str(conv_run), "--plot", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
