"""Lab overfitting: a big MLP on a few images overfits; every regulariser is trained and its gap reported."""

from __future__ import annotations

from glassnet.lab import run_experiment
from glassnet.lab.overfitting import METHODS


def test_quick_run_overfits_and_reports_each_regulariser(tmp_path):
    folder, m = run_experiment("overfitting", quick=True, out=tmp_path / "over", verbose=0)
    assert (folder / "report.md").is_file() and (folder / "curves.png").is_file()
    # without regularisation 150 images are memorised: train accuracy well above validation
    assert m["train_acc_none"] > 0.95
    assert m["gap_none"] > 0.03
    for method in METHODS:
        assert 0.0 <= m[f"val_acc_{method}"] <= 1.0
    assert 1 <= m["early_stopping_epochs"] <= m["epochs"]
    report = (folder / "report.md").read_text()
    assert all(label in report for label in METHODS.values())
    assert m["verdict"].endswith(".")
