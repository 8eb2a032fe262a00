"""Runs that stop early: Ctrl-C keeps the last completed epoch, --resume continues exactly, --out is guarded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import glassnet
from glassnet.cli.main import main
from glassnet.train import progress


def _interrupt_at(monkeypatch, epoch: int) -> None:
    """Make the next training raise KeyboardInterrupt (as Ctrl-C does) when ``epoch`` (from 0) begins."""
    real = progress.Progress.epoch_begin

    def epoch_begin(self, e):
        if e == epoch:
            raise KeyboardInterrupt
        return real(self, e)

    monkeypatch.setattr(progress.Progress, "epoch_begin", epoch_begin)


def _weights(run: Path) -> dict:
    return {k: v.numpy() for k, v in glassnet.load(run / "model.safetensors").items()}


def test_interrupted_run_is_usable_and_resumes_exactly(tmp_path, monkeypatch, capsys):
    common = ["train", "--epochs", "4", "--verbose", "0", "--seed", "3"]
    assert main([*common, "--out", str(tmp_path / "whole")]) == 0

    _interrupt_at(monkeypatch, 2)
    cut = tmp_path / "cut"
    assert main([*common, "--out", str(cut)]) == 130
    out = capsys.readouterr().out
    assert "interrupted after 2 epochs of 4" in out and f"--resume {cut}" in out
    metrics = json.loads((cut / "metrics.json").read_text())
    assert metrics["interrupted"] is True and metrics["epochs"] == 2 and metrics["epochs_planned"] == 4
    assert len((cut / "history.csv").read_text().splitlines()) == 1 + 2
    # the folder is a usable run: evaluate and info accept it, and info says it was interrupted
    assert main(["evaluate", str(cut)]) == 0
    assert main(["info", str(cut)]) == 0
    assert "interrupted after 2 epochs" in capsys.readouterr().out

    monkeypatch.undo()
    assert main(["train", "--resume", str(cut), "--verbose", "0"]) == 0
    assert json.loads((cut / "metrics.json").read_text())["interrupted"] is False
    whole, resumed = _weights(tmp_path / "whole"), _weights(cut)
    assert whole.keys() == resumed.keys()
    for k in whole:
        np.testing.assert_array_equal(resumed[k], whole[k], err_msg=k)  # bit-identical, not merely close
    assert len((cut / "history.csv").read_text().splitlines()) == 1 + 4


def test_interrupt_before_the_first_epoch_keeps_no_half_run(tmp_path, monkeypatch, capsys):
    _interrupt_at(monkeypatch, 0)
    out = tmp_path / "r"
    assert main(["train", "--epochs", "3", "--verbose", "0", "--out", str(out)]) == 130
    assert "no run was kept" in capsys.readouterr().out
    assert not out.exists()


def test_real_ctrl_c_leaves_a_clean_line_and_a_usable_run(tmp_path):
    out = tmp_path / "sig"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # A shell that starts the test run in the background (CI harnesses do) leaves SIGINT ignored, and
    # children inherit that: restore the default so the child sees Ctrl-C as a user's terminal sends it.
    proc = subprocess.Popen([sys.executable, "-m", "glassnet", "train", "--epochs", "500", "--verbose", "0",
                             "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not (out / "checkpoint.safetensors").is_file():
        assert proc.poll() is None and time.monotonic() < deadline, "training ended before a checkpoint"
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted after" in stdout
    assert json.loads((out / "metrics.json").read_text())["interrupted"] is True
    assert main(["evaluate", str(out)]) == 0


def test_out_refuses_an_existing_run_unless_told(tmp_path, capsys):
    out = tmp_path / "r"
    argv = ["train", "--epochs", "1", "--verbose", "0", "--out", str(out)]
    assert main(argv) == 0
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "already holds a glassnet run" in err and "--overwrite" in err and "--resume" in err
    assert main([*argv, "--overwrite"]) == 0
    assert main(["train", "--resume", str(out), "--overwrite"]) == 2
    capsys.readouterr()
    assert main(["train", "--resume", str(out), "--lr", "0.5"]) == 2
    assert "--lr cannot change" in capsys.readouterr().err
    assert main(["train", "--resume", str(out), "--epochs", "2", "--verbose", "0"]) == 0  # train longer
    assert json.loads((out / "metrics.json").read_text())["epochs"] == 2


def test_runs_started_in_the_same_second_get_different_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(time, "strftime", lambda fmt, *a: "20260101-000000")
    for _ in range(2):
        assert main(["train", "--epochs", "1", "--verbose", "0"]) == 0
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["20260101-000000-digits_cnn-digits",
                                                                    "20260101-000000-digits_cnn-digits-2"]


def test_run_files_follow_the_umask(tmp_path):
    out = tmp_path / "r"
    old = os.umask(0o022)
    try:
        assert main(["train", "--epochs", "1", "--verbose", "0", "--out", str(out)]) == 0
    finally:
        os.umask(old)
    for f in out.iterdir():
        assert f.stat().st_mode & 0o777 == 0o644, f.name


def test_saved_line_lists_every_file_and_one_epoch_is_singular(tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["train", "--epochs", "1", "--verbose", "0", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "after 1 epoch in" in text and "1 epochs" not in text
    saved = text.split("saved run to")[1]
    for f in out.iterdir():
        assert f.name in saved, f.name


@pytest.mark.parametrize("n", [1, 3])
def test_learning_curve_axis_shows_whole_epochs(tmp_path, n):
    from glassnet.inspect.curves import learning_curves_figure

    fig = learning_curves_figure({"loss": [1.0, 0.5, 0.4][:n], "val_loss": [1.1, 0.6, 0.5][:n]})
    ticks = fig.axes[0].get_xticks()
    lo, hi = fig.axes[0].get_xlim()
    visible = [t for t in ticks if lo <= t <= hi]
    assert visible and all(float(t).is_integer() for t in visible)
    assert lo < 1 and hi > n  # the points are not on the frame's edge
