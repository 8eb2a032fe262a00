"""lab black-box: four attributions, their agreement, and the randomisation sanity check, quick mode."""

import numpy as np

from glassnet.lab import run_experiment
from glassnet.lab.black_box import METHODS, rank_correlation


def test_rank_correlation():
    a = np.array([[0.1, 0.5], [0.3, 0.9]])
    assert rank_correlation(a, a * 3 + 1) == 1.0
    assert abs(rank_correlation(a, -a) + 1.0) < 1e-12
    assert rank_correlation(a, np.ones_like(a)) == 0.0
    # ties get their average rank: [0, 0, 1] against [1, 2, 3]
    assert abs(rank_correlation(np.array([0.0, 0.0, 1.0]), np.array([1.0, 2.0, 3.0])) - np.sqrt(3) / 2) < 1e-12


def test_black_box_quick(tmp_path):
    folder, metrics = run_experiment("black-box", quick=True, out=tmp_path / "run", verbose=0)
    for name in ("report.md", "black_box_methods.png", "black_box_sanity.png"):
        assert (folder / name).is_file()
    assert len(metrics["agreement"]) == len(METHODS) * (len(METHODS) - 1) // 2
    assert sorted(metrics["passed"] + metrics["failed"]) == sorted(METHODS)
    for curve in metrics["cascade"].values():
        assert curve[0] == 1.0 and len(curve) == 1 + len(metrics["layers_top_down"])
    # robust: a saliency map of a random network is not the trained network's map
    assert metrics["cascade"]["Saliency"][-1] < 0.5 and "Saliency" in metrics["passed"]
    assert metrics["verdict"].endswith(".")
