"""The whole op test suite (tests/ops) run again with every tensor on another device.

``GLASSNET_TEST_DEVICE=D pytest tests/ops`` makes the default device D for each op test (tests/conftest.py) and
copies results back to the host for the comparisons with PyTorch; on the checked device any call that went around
the array backend fails the test. CI runs it on 'checked' (a second CPU backend); on a machine with a GPU and CuPy
it runs on 'cuda' too. Run it by hand the same way: ``GLASSNET_TEST_DEVICE=cuda python -m pytest tests/ops``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import glassnet

OPS = Path(__file__).resolve().parents[1] / "ops"


@pytest.mark.slow
@pytest.mark.parametrize("device", ["checked", "cuda"])
def test_every_op_test_passes_on_the_device(device):
    if os.environ.get("GLASSNET_TEST_DEVICE"):
        pytest.skip("already running under GLASSNET_TEST_DEVICE")
    if device == "cuda" and not glassnet.cuda.is_available():
        pytest.skip("no GPU with CuPy here")
    env = {**os.environ, "GLASSNET_TEST_DEVICE": device, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    env.pop("GLASSNET_REQUIRE_E2E", None)  # CI's demand for browser tests is the outer run's, not this one's
    # -n 0: this test already runs in one pytest-xdist worker, one per core; the inner run takes no more
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-n", "0", "-p", "no:cacheprovider", str(OPS)],
                          capture_output=True, text=True, env=env, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout.splitlines()[-1]
