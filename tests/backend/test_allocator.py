"""Importing glassnet changes no process-wide state; fit tunes the allocator, and GLASSNET_MALLOPT=0 stops it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")
SCRIPT = """
import glassnet, glassnet.backend as b
print(b.ALLOCATOR_TUNED)
from glassnet import nn
glassnet.train.fit(nn.Linear(2, 2), (glassnet.randn(8, 2), glassnet.randn(8, 2)), loss="mse", optimizer="sgd",
                   epochs=1, verbose=0)
print(b.ALLOCATOR_TUNED)
"""


def _run(**env):
    env = {**os.environ, "PYTHONPATH": SRC, "GLASSNET_CODECARBON": "0", **env}
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallopt is glibc's")
def test_import_leaves_malloc_alone_and_fit_tunes_it():
    assert _run() == ["False", "True"]
    assert _run(GLASSNET_MALLOPT="0") == ["False", "False"]
