"""``glassnet lab``: list, a clear error for an unknown experiment, and one quick run through a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from glassnet.cli.main import main

REPO = Path(__file__).resolve().parents[2]


def test_lab_list_names_the_experiments(capsys):
    assert main(["lab", "list"]) == 0
    out = capsys.readouterr().out
    for name in ("forward-backward", "depth", "overfitting", "activations", "architectures"):
        assert name in out


def test_lab_run_unknown_name_is_one_clear_error(capsys):
    status = main(["lab", "run", "no-such-experiment"])
    err = capsys.readouterr().err
    assert status != 0
    assert "unknown lab experiment 'no-such-experiment'" in err and "depth" in err
    assert "Traceback" not in err


def test_lab_run_quick_in_a_subprocess(tmp_path):
    out = tmp_path / "fb"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-m", "glassnet", "lab", "run", "forward-backward", "--quick",
                           "--out", str(out), "--verbose", "0"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "verdict: The loss fell" in proc.stdout
    assert (out / "report.md").is_file() and (out / "loss.png").is_file() and (out / "metrics.json").is_file()
