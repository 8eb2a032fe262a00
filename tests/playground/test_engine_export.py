"""Exports: the training script runs on its own and retrains the same network; weights and the model card."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import glassnet
from glassnet.playground.engine import Engine
from glassnet.playground.export import export_card, export_script, export_weights

SRC = Path(__file__).resolve().parents[2] / "src"


def _run(script: str, tmp_path: Path, epochs: int) -> str:
    path = tmp_path / "retrain.py"
    path.write_text(script)
    env = {**os.environ, "PYTHONPATH": str(SRC), "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, str(path), "--epochs", str(epochs)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _final_accuracy(out: str) -> float:
    line = [x for x in out.splitlines() if x.startswith("final test accuracy:")][-1]
    return float(line.split(":")[1])


def test_exported_script_retrains_exactly_as_the_engine(tmp_path):
    cfg = {"dataset": "circle", "hidden": [6], "features": ["x1", "x2"], "optimizer": "adam", "dropout": 0.1,
           "regularization": "l2", "reg_rate": 0.001, "seed": 3}
    script = export_script(cfg)
    assert "def circle(" in script and "import glassnet.playground" not in script
    acc = _final_accuracy(_run(script, tmp_path, 4))
    assert acc > 0.75  # well above chance (0.5)
    e = Engine(cfg)
    for _ in range(4):
        m = e.step_epoch()
    assert acc == pytest.approx(m["test_acc"], abs=1e-4)  # same data, same weights, same batches


@pytest.mark.parametrize("cfg, chance", [({"mode": "rnn", "dataset": "sum-sign", "seq_len": 5, "rnn_cell": "lstm",
                                           "optimizer": "adam", "learning_rate": 0.02, "batch_size": 25}, 0.5),
                                         ({"mode": "cnn", "conv": [4], "optimizer": "adam", "batch_size": 64,
                                           "batch_norm": True, "learning_rate": 0.01}, 0.1)])
def test_exported_rnn_and_cnn_scripts_run(tmp_path, cfg, chance):
    assert _final_accuracy(_run(export_script(cfg), tmp_path, 3)) > chance + 0.2


def test_weights_and_card(tmp_path):
    e = Engine({"hidden": [3]})
    e.train_steps(10)
    path = export_weights(e, tmp_path / "model.safetensors")
    saved = glassnet.load(path)
    assert saved["config"]["hidden"] == [3]
    fresh = Engine({"hidden": [3], "seed": 5})
    fresh.model.load_state_dict(saved["model"])
    assert fresh.predict([1.0, 1.0]) == e.predict([1.0, 1.0])
    card = export_card(e)
    assert card.startswith("---") and "glassnet playground: dense on spiral" in card
    assert "test_accuracy" in card and "## Playground settings" in card
