"""Errors that help: whole messages, no internal error or traceback, data folders checked, pipes closed early."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from glassnet.cli import datasets
from glassnet.cli.errors import CLIError
from glassnet.cli.main import main


def _run(*argv: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glassnet", *argv], capture_output=True, text=True, timeout=600,
                          **kw)


def test_missing_mnist_message_is_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("GLASSNET_DATA", str(tmp_path / "nothing"))
    proc = _run("train", "--dataset", "mnist", "--out", str(tmp_path / "r"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    for needle in ("Put the four IDX files", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "Searched:",
                   "GLASSNET_DATA", "~/.glassnet/data"):
        assert needle in proc.stderr, needle


def test_help_documents_data_folder_defaults_and_version(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for needle in ("GLASSNET_DATA", "~/.glassnet/data", "default: 20 for digits", "default: adam", "--no-header",
                   "--label-column", "--resume", "--overwrite"):
        assert needle in text, needle
    with pytest.raises(SystemExit):
        main(["--version"])
    import glassnet

    assert capsys.readouterr().out.strip() == f"glassnet {glassnet.__version__}"
    with pytest.raises(SystemExit):
        main(["predict", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "bounding box" in text and "--no-preprocess" in text and "centred by mass" in text


@pytest.mark.parametrize("model", ["resnet8", "resnet20", "cnn_small", "lenet5", "vgg_small", "mlp"])
def test_every_zoo_model_on_digits_trains_or_says_why(model, tmp_path, capsys):
    status = main(["train", "--model", model, "--epochs", "1", "--verbose", "0", "--val-split", "0.5",
                   "--out", str(tmp_path / model)])
    err = capsys.readouterr().err
    assert "unexpected keyword" not in err and "internal error" not in err
    if model != "lenet5":
        assert status == 0, err
    else:
        assert status != 0 and "LeNet5: input_size must be 28 or 32, got 8" in err and not (tmp_path / model).exists()


def test_internal_errors_never_show_a_traceback(monkeypatch, capsys):
    from glassnet.cli import info

    def boom(args):
        return 1 / 0

    monkeypatch.setattr(info, "run", boom)
    assert main(["info", "x"]) == 1
    err = capsys.readouterr().err
    assert "internal error: ZeroDivisionError" in err and "GLASSNET_DEBUG" in err


def _write_labels(path: Path, labels: np.ndarray) -> None:
    header = (2049).to_bytes(4, "big") + len(labels).to_bytes(4, "big")
    with gzip.open(path, "wb") as fh:
        fh.write(header + labels.astype(np.uint8).tobytes())


def test_data_dir_without_dataset_is_inferred_or_refused(tmp_path):
    fashion = tmp_path / "f"
    fashion.mkdir()
    _write_labels(fashion / "train-labels-idx1-ubyte.gz", np.repeat(np.arange(10), 6000))
    assert datasets.infer_dataset(fashion) == "fashion-mnist"
    mnist = tmp_path / "m" / "mnist"
    mnist.mkdir(parents=True)
    counts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]  # MNIST's training classes
    _write_labels(mnist / "train-labels-idx1-ubyte.gz", np.repeat(np.arange(10), counts))
    assert datasets.infer_dataset(tmp_path / "m") == "mnist"
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "table.csv").write_text("a,b\n1,2\n")
    with pytest.raises(CLIError, match="holds no MNIST/Fashion-MNIST IDX files.*csv:"):
        datasets.infer_dataset(tmp_path / "e")
    proc = _run("train", "--data-dir", str(tmp_path / "e"), "--out", str(tmp_path / "r"))
    assert proc.returncode == 2 and "--dataset" in proc.stderr and not (tmp_path / "r").exists()


def test_data_dir_with_the_other_dataset_warns(shared_data, capsys):
    data = datasets.load("mnist", shared_data / "fashion-mnist")
    assert "look like Fashion-MNIST" in capsys.readouterr().err and data.name == "mnist"
    datasets.load("fashion-mnist", shared_data / "mnist")
    assert "look like MNIST" in capsys.readouterr().err
    datasets.load("mnist", shared_data / "mnist")
    assert "warning" not in capsys.readouterr().err
    assert datasets.infer_dataset(shared_data / "fashion-mnist") == "fashion-mnist"
    assert datasets.infer_dataset(shared_data / "mnist") == "mnist"


def test_info_into_head_ends_quietly(tmp_path):
    run = tmp_path / "r"
    assert main(["train", "--epochs", "1", "--verbose", "0", "--out", str(run)]) == 0
    cmd = f"{sys.executable} -m glassnet info {run} | head -1"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True, timeout=300)
    assert proc.stdout.startswith("run: ") and len(proc.stdout.splitlines()) == 1
    assert proc.stderr == "", proc.stderr
