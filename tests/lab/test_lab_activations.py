"""Lab activations: sigmoid is the slowest to converge, and a too-high learning rate kills ReLU units."""

from __future__ import annotations

from glassnet.lab import run_experiment
from glassnet.lab.activations import steps_to


def test_steps_to_threshold():
    assert steps_to([1.0] * 10 + [0.1] * 10, 0.5, window=2) == 12
    assert steps_to([1.0] * 30, 0.5, window=5) is None


def test_quick_run_directions(tmp_path):
    folder, m = run_experiment("activations", quick=True, out=tmp_path / "act", verbose=0)
    assert (folder / "report.md").is_file() and (folder / "loss_curves.png").is_file()
    r = m["steps_to_threshold"]
    assert r["relu"] is not None
    assert r["sigmoid"] is None or r["sigmoid"] > r["relu"]
    d = m["dead_relu_fraction"]
    assert m["high_lr_diverged"] < len(m["seeds"])
    assert d["high"] > d["normal"] + 0.2
    assert m["verdict"].endswith(".")
