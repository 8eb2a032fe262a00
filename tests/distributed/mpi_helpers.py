"""Run a scenario of mpi_worker.py under mpiexec; skip when mpi4py or mpiexec is missing.

Not a conftest.py: tests/ has no __init__.py, so a second module named conftest would shadow the top one
that other test files import from. The test files import mpirun from here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1] / "src"
WORKER = HERE / "mpi_worker.py"


def _mpiexec() -> str:
    pytest.importorskip("mpi4py")
    from glassnet.distributed.launch import find_mpiexec

    try:
        return find_mpiexec()
    except RuntimeError as e:
        pytest.skip(str(e))


def worker_env(**extra: str) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", **extra)
    for var in ("PMI_SIZE", "PMI_RANK", "OMPI_COMM_WORLD_SIZE", "MPI_LOCALNRANKS"):
        env.pop(var, None)
    return env


def require_mpi() -> str:
    """The mpiexec to use; skips the test when mpi4py or mpiexec is missing."""
    return _mpiexec()


def mpirun(nproc: int, scenario: str, out: Path, launcher: bool = False, timeout: float = 60,
           **env: str) -> subprocess.CompletedProcess:
    """Run mpi_worker.py SCENARIO OUT in nproc ranks (skipping without MPI); the output is in .stdout."""
    mpiexec = _mpiexec()
    if launcher:
        cmd = [sys.executable, "-m", "glassnet.distributed.launch", "-n", str(nproc), str(WORKER), scenario,
               str(out)]
    else:
        cmd = [mpiexec, "-n", str(nproc), sys.executable, str(WORKER), scenario, str(out)]
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout,
                          env=worker_env(**env))
