"""`glassnet inspect RUN_DIR`: prints the summary and writes a folder that `glassnet info` describes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import glassnet
from glassnet import io as gio
from glassnet.cli.main import main
from glassnet.models import get_model


@pytest.fixture()
def lenet_run(tmp_path) -> Path:
    """A run folder as 'glassnet train' writes it, made without training (the weights are the initial ones)."""
    glassnet.manual_seed(0)
    run = tmp_path / "run"
    run.mkdir()
    model = get_model("lenet5", num_classes=10, in_channels=1)
    gio.save(model.state_dict(), run / "model.safetensors")
    config = {"format": "glassnet-run", "glassnet_version": glassnet.__version__, "model": "lenet5",
              "model_kwargs": {"num_classes": 10, "in_channels": 1}, "dataset": "mnist", "task": "classification",
              "input_shape": [1, 28, 28], "classes": [str(i) for i in range(10)], "epochs": 1, "batch_size": 64,
              "lr": 0.001, "optimizer": "adam", "seed": 0, "val_split": 0.1}
    (run / "config.json").write_text(json.dumps(config))
    return run


def test_inspect_writes_summary_trace_diagram_and_info_reads_it(lenet_run, tmp_path, capsys):
    out = tmp_path / "inspected"
    assert main(["inspect", str(lenet_run), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Total params: 61,706" in printed and "Conv2d (0): 2-1" in printed
    assert "Total params: 61,706" in (out / "summary.txt").read_text()
    assert "features.0" in (out / "trace.txt").read_text()
    assert (out / "network.svg").is_file() or (out / "network.dot").is_file()
    config = json.loads((out / "config.json").read_text())
    assert config["inspected"]["input_size"] == [1, 1, 28, 28]
    assert main(["info", str(out)]) == 0
    assert "61,706 parameters" in capsys.readouterr().out


def test_inspect_into_the_run_folder_keeps_its_files(lenet_run, capsys):
    assert main(["inspect", str(lenet_run), "--out", str(lenet_run), "--input-size", "2x1x28x28"]) == 0
    assert (lenet_run / "model.safetensors").is_file() and (lenet_run / "summary.txt").is_file()
    assert "[2, 6, 28, 28]" in (lenet_run / "summary.txt").read_text()
    assert "inspected" not in json.loads((lenet_run / "config.json").read_text())


def test_wrong_input_size_is_one_clear_error(lenet_run, tmp_path, capsys):
    assert main(["inspect", str(lenet_run), "--input-size", "1,3,28,28", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "(1, 3, 28, 28)" in err and "in_channels=1" in err
    assert not (tmp_path / "o").exists()  # nothing is written for a model that did not run
    assert main(["inspect", str(lenet_run), "--input-size", "big"]) == 2
    assert "not a size" in capsys.readouterr().err


def test_readme_inspect_example_runs_as_written(tmp_path, monkeypatch, capsys):
    import re

    readme = Path(__file__).resolve().parents[2] / "README.md"
    blocks = re.findall(r"```python\n(.*?)```", readme.read_text(), flags=re.S)
    code = next(b for b in blocks if "track_modules" in b)
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert scope["stats"].total_params == 61706 and len(scope["t"]) == 12
    assert "Total params: 61,706" in capsys.readouterr().out
    for name in ("lenet5", "step"):
        assert (tmp_path / f"{name}.svg").is_file() or (tmp_path / f"{name}.dot").is_file()
