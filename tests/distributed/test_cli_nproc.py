"""glassnet train --nproc N: the command reruns itself under mpiexec; rank 0 alone writes the run folder."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from mpi_helpers import require_mpi, worker_env

from glassnet.cli.main import main


@pytest.mark.slow
def test_nproc_2_trains_and_writes_one_run(tmp_path):
    require_mpi()
    out = tmp_path / "run"
    proc = subprocess.run([sys.executable, "-m", "glassnet", "train", "--nproc", "2", "--epochs", "1",
                           "--model", "mlp", "--out", str(out), "--verbose", "2"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60, env=worker_env(),
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "2 processes x batch 32 = effective batch 64" in proc.stdout
    assert proc.stdout.count("saved run to") == 1
    config = json.loads((out / "config.json").read_text())
    assert config["processes"] == 2 and config["batch_size"] == 32
    assert (out / "model.safetensors").is_file() and (out / "checkpoint.safetensors").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no stray run folders from the other rank


def test_nproc_must_be_positive(capsys):
    assert main(["train", "--nproc", "0"]) == 2
    assert "--nproc must be >= 1" in capsys.readouterr().err
