"""`glassnet export RUN_DIR --onnx out.onnx`: the file runs in onnxruntime, and the run folder notes it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import glassnet
from glassnet import io as gio
from glassnet.cli.main import main
from glassnet.models import get_model

pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")


@pytest.fixture()
def digits_run(tmp_path) -> Path:
    """A run folder as 'glassnet train' writes it, made without training (the weights are the initial ones)."""
    glassnet.manual_seed(0)
    run = tmp_path / "run"
    run.mkdir()
    model = get_model("digits_cnn")
    gio.save(model.state_dict(), run / "model.safetensors")
    config = {"format": "glassnet-run", "glassnet_version": glassnet.__version__, "model": "digits_cnn",
              "model_kwargs": {}, "dataset": "digits", "task": "classification", "input_shape": [1, 8, 8],
              "classes": [str(i) for i in range(10)], "epochs": 1, "batch_size": 64, "lr": 0.001,
              "optimizer": "adam", "seed": 0, "val_split": 0.1}
    (run / "config.json").write_text(json.dumps(config))
    return run


def test_export_writes_a_file_onnxruntime_runs_and_info_shows_it(digits_run, tmp_path, capsys):
    out = tmp_path / "digits.onnx"
    assert main(["export", str(digits_run), "--onnx", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"wrote {out}" in printed and "any batch size" in printed and "matches glassnet's" in printed
    model = get_model("digits_cnn")
    model.load_state_dict(gio.load(digits_run / "model.safetensors"))
    model.eval()
    sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    x = glassnet.randn(5, 1, 8, 8)
    with glassnet.no_grad():
        want = model(x).numpy()
    assert np.abs(sess.run(None, {"input": x.numpy()})[0] - want).max() <= 1e-5
    note = json.loads((digits_run / "onnx_export.json").read_text())
    assert note["onnx"] == str(out.resolve()) and note["dynamic_batch"] and note["onnxruntime_max_abs_diff"] <= 1e-5
    assert main(["info", str(digits_run)]) == 0
    assert f"onnx export: {out.resolve()}" in capsys.readouterr().out


def test_static_batch_and_input_size(digits_run, tmp_path, capsys):
    out = tmp_path / "d.onnx"
    assert main(["export", str(digits_run), "--onnx", str(out), "--static-batch", "--input-size", "4,1,8,8"]) == 0
    assert "batch 4" in capsys.readouterr().out
    sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    assert sess.get_inputs()[0].shape == [4, 1, 8, 8]


def test_errors_are_one_line(digits_run, tmp_path, capsys):
    assert main(["export", str(tmp_path / "nowhere"), "--onnx", str(tmp_path / "x.onnx")]) == 2
    err = capsys.readouterr().err
    assert "run folder not found" in err and err.count("\n") == 1
    assert main(["export", str(digits_run), "--onnx", str(tmp_path / "x.onnx"), "--opset", "9"]) == 1
    err = capsys.readouterr().err
    assert "opset must be between 17" in err and "Traceback" not in err
    assert main(["export", str(digits_run), "--onnx", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_readme_export_example_runs_as_written(tmp_path, monkeypatch):
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    code = next(b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if "onnx.export" in b)
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert scope["logits"].shape == (16, 10) and (tmp_path / "resnet8.onnx").is_file()
