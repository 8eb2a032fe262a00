"""examples/dp_mnist.py runs end to end on a small slice of MNIST and prints its table."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_dp_mnist_example_prints_the_table(shared_data):
    mnist = shared_data / "mnist"
    if not (mnist / "train-images-idx3-ubyte.gz").exists():
        pytest.skip("MNIST not present")
    pytest.importorskip("dp_accounting")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "dp_mnist.py"), "--data", str(mnist),
                          "--subset", "600", "--epochs", "1", "--batch-size", "50", "--epsilons", "8,none",
                          "--attack-n", "200"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    rows = [line for line in out.stdout.splitlines() if line.startswith(("| 8 ", "| non-private"))]
    assert len(rows) == 2, out.stdout
    accuracy = float(rows[1].split("|")[4])
    assert accuracy > 0.6  # the non-private model learnt something in one epoch on 1000 images
