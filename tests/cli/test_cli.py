"""The `glassnet` command as a new user meets it: train, evaluate, predict, info, and its errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from glassnet.cli.main import main


def _run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glassnet", *argv], capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def digits_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """`glassnet train` with no options but --out: the default job on the shipped digits."""
    out = tmp_path_factory.mktemp("runs") / "digits"
    proc = _run("train", "--out", str(out))
    return out, proc


def test_default_train_reaches_95_percent_on_digits(digits_run):
    out, proc = digits_run
    assert proc.returncode == 0, proc.stderr
    assert "test accuracy" in proc.stdout and str(out) in proc.stdout
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["test_accuracy"] >= 0.95
    for name in ("model.safetensors", "config.json", "metrics.json", "history.csv", "learning_curves.png"):
        assert (out / name).is_file(), name
    assert (out / "learning_curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    header = (out / "history.csv").read_text().splitlines()[0].split(",")
    assert {"epoch", "loss", "val_loss", "accuracy", "val_accuracy"} <= set(header)


def test_evaluate_and_info(digits_run, capsys):
    out, _ = digits_run
    assert main(["evaluate", str(out)]) == 0
    text = capsys.readouterr().out
    acc = float(text.split("accuracy ")[1].split("%")[0]) / 100
    assert acc == pytest.approx(json.loads((out / "metrics.json").read_text())["test_accuracy"], abs=1e-4)
    assert main(["info", str(out)]) == 0
    assert "parameters" in capsys.readouterr().out


def test_predict_npy_and_png(digits_run, tmp_path, capsys):
    from glassnet.data.datasets import digits

    out, _ = digits_run
    test = digits("test")
    x = test.tensors[0].numpy()[:5]
    y = test.tensors[1].numpy()[:5]
    np.save(tmp_path / "five.npy", x)
    assert main(["predict", str(out), str(tmp_path / "five.npy")]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 5
    top1 = [int(line.split(": ")[1].split(" ")[0]) for line in lines]
    assert sum(int(a == b) for a, b in zip(top1, y)) >= 4
    assert all(line.count("%") == 3 for line in lines)  # top-3 with probabilities

    Image = pytest.importorskip("PIL.Image")
    # a picture of the array itself, larger than 8x8: --no-preprocess only resizes it back
    img = np.kron(x[0, 0] * 255, np.ones((4, 4))).astype(np.uint8)
    Image.fromarray(img).save(tmp_path / "digit.png")
    assert main(["predict", str(out), str(tmp_path / "digit.png"), "--no-preprocess"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.split(" ")[0] == str(top1[0])  # the drawing reads as the array it was drawn from


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["train", "--model", "nosuchnet", "--epochs", "1"], "unknown model"),
        (["train", "--dataset", "nosuchdata"], "unknown dataset"),
        (["train", "--epochs", "0"], "--epochs"),
        (["train", "--lr", "-1"], "--lr"),
        (["train", "--optimizer", "adamax"], "unknown optimizer"),
        (["info", "/nonexistent/run"], "not found"),
    ],
)
def test_errors_are_one_clear_line(argv, needle, tmp_path):
    proc = _run(*argv, *(["--out", str(tmp_path / "r")] if argv[0] == "train" else []))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert needle.lower() in proc.stderr.lower()
    assert len(proc.stderr.strip().splitlines()) == 1


def test_not_a_model_file_is_refused(tmp_path, digits_run):
    out, _ = digits_run
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "config.json").write_text((out / "config.json").read_text())
    (bad / "model.safetensors").write_bytes(b"this is not a safetensors file at all")
    proc = _run("evaluate", str(bad))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "model.safetensors" in proc.stderr
