"""The PyTorch example programs in examples/pytorch/ train on both backends: the printed losses fall.

Each example runs in a subprocess through examples/pytorch/run.py, which changes only its
`import torch` line for glassnet; the torch run is skipped where torch is absent.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "pytorch"
NUMBER = r"(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)"

# example file, arguments for a short run, the printed line holding the loss, how many values to
# average at each end (1 compares first with last)
CASES = {
    "mnist": ("mnist.py", ["--epochs", "1", "--train-size", "640", "--test-size", "200", "--batch-size", "32",
                           "--log-interval", "2"], r"\tLoss: " + NUMBER, 3),
    "word_lm_lstm": ("word_language_model.py", ["--model", "LSTM", "--epochs", "3", "--emsize", "32", "--nhid", "32",
                                                "--nlayers", "1", "--batch-size", "8", "--bptt", "10", "--lr", "5"],
                     r"valid loss\s+" + NUMBER, 1),
    "word_lm_transformer": ("word_language_model.py", ["--model", "Transformer", "--epochs", "3", "--emsize", "32",
                                                       "--nhid", "32", "--nlayers", "1", "--batch-size", "8",
                                                       "--bptt", "10", "--lr", "5"],
                            r"valid loss\s+" + NUMBER, 1),
    "dcgan": ("dcgan.py", ["--epochs", "1", "--ngf", "8", "--ndf", "8", "--nz", "16", "--batch-size", "32",
                           "--train-size", "640", "--seed", "1", "--lr", "0.001"], r"Loss_D: " + NUMBER, 5),
    "vae": ("vae.py", ["--epochs", "1", "--train-size", "1280", "--test-size", "256", "--batch-size", "64",
                       "--log-interval", "2"], r"\tLoss: " + NUMBER, 3),
    "time_sequence_prediction": ("time_sequence_prediction.py", ["--steps", "2", "--length", "100", "--future", "20",
                                                                 "--hidden", "20", "--max-iter", "10"],
                                 r"^test loss: " + NUMBER, 1),
    "siamese_network": ("siamese_network.py", ["--epochs", "2", "--train-size", "640", "--test-size", "256",
                                               "--batch-size", "32", "--log-interval", "1", "--width", "8"],
                        r"\tLoss: " + NUMBER, 5),
}


def run_example(file: str, args: list[str], backend: str) -> str:
    """The example's stdout after a run on the backend; fails the test with its stderr if it crashes."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONPATH=os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, str(EXAMPLES / "run.py"), str(EXAMPLES / file), "--backend", backend,
                           *args], capture_output=True, text=True, env=env, timeout=600, cwd=EXAMPLES)
    assert proc.returncode == 0, f"{file} on {backend} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return proc.stdout


@pytest.mark.parametrize("backend", ["glassnet", "torch"])  # each run takes 2-17 s: not marked slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_example_loss_falls(case: str, backend: str):
    if backend == "torch" and importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed")
    file, args, pattern, k = CASES[case]
    out = run_example(file, args, backend)
    losses = [float(m) for m in re.findall(pattern, out, flags=re.MULTILINE)]
    assert len(losses) >= 2 * k, f"expected at least {2 * k} losses in the output:\n{out[-3000:]}"
    first, last = sum(losses[:k]) / k, sum(losses[-k:]) / k
    assert last < first, f"{case} on {backend}: loss did not fall ({first:.4f} -> {last:.4f}); losses {losses}"


def _load(name: str):
    """A module of examples/pytorch by path (a plain import could find benchmarks/run.py first)."""
    spec = importlib.util.spec_from_file_location(f"pytorch_examples_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_runner_rewrites_only_the_import_line():
    rewrite = _load("run").rewrite
    source = "import argparse\n\nimport torch\n\nnn = torch.nn\n"
    assert rewrite(source, "torch") == source
    assert rewrite(source, "glassnet") == "import argparse\n\nimport glassnet as torch\n\nnn = torch.nn\n"
    with pytest.raises(ValueError, match="exactly one"):
        rewrite("import torch.nn\n", "glassnet")


@pytest.mark.parametrize("file", sorted({case[0] for case in CASES.values()}))
def test_example_has_one_torch_import_line(file: str):
    """Switching backends must change one line: every other torch name comes from attribute access."""
    lines = (EXAMPLES / file).read_text().splitlines()
    torch_imports = [line for line in lines if re.match(r"\s*(import|from)\s+torch\b", line)]
    assert torch_imports == ["import torch"]


def test_idx_reader_round_trip(tmp_path):
    import gzip
    import struct

    import numpy as np

    mnist_data = _load("mnist_data")
    images = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    labels = np.array([7, 3], dtype=np.uint8)
    with gzip.open(tmp_path / "train-images-idx3-ubyte.gz", "wb") as f:
        f.write(struct.pack(">HBB3I", 0, 8, 3, 2, 28, 28) + images.tobytes())
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(struct.pack(">HBBI", 0, 8, 1, 2) + labels.tobytes())
    x, y, source = mnist_data.load_mnist(str(tmp_path), train=True)
    assert source == str(tmp_path) and x.dtype == np.float32 and y.dtype == np.int64
    np.testing.assert_allclose(x, images / 255.0, rtol=1e-6)
    assert y.tolist() == [7, 3]
    (tmp_path / "bad-idx").write_bytes(struct.pack(">HBBI", 0, 0x0D, 1, 1) + b"\0\0\0\0")
    with pytest.raises(ValueError, match="type code"):
        mnist_data.read_idx(str(tmp_path / "bad-idx"))


def test_synthetic_mnist_when_the_folder_has_no_idx_files(tmp_path):
    mnist_data = _load("mnist_data")
    x, y, source = mnist_data.load_mnist(str(tmp_path), train=False, limit=50)
    assert source == "synthetic" and x.shape == (50, 28, 28) and y.shape == (50,)
    assert 0.0 <= x.min() and x.max() <= 1.0 and set(y.tolist()) <= set(range(10))


def test_reads_the_real_mnist(shared_data):
    mnist_data = _load("mnist_data")
    x, y, source = mnist_data.load_mnist(str(shared_data / "mnist"), train=False, limit=100)
    assert source != "synthetic" and x.shape == (100, 28, 28)
    assert y[:3].tolist() == [7, 2, 1]  # the first digits of the MNIST test set
