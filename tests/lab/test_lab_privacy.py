"""lab privacy: DP-SGD's accuracy cost and the membership-inference advantage it removes, quick mode."""

import pytest

pytest.importorskip("dp_accounting")

from glassnet.lab import run_experiment  # noqa: E402


def test_privacy_quick(tmp_path):
    folder, metrics = run_experiment("privacy", quick=True, out=tmp_path / "run", verbose=0)
    assert (folder / "report.md").is_file() and (folder / "privacy.png").is_file()
    rows = metrics["by_epsilon"]
    assert set(rows) == {"1", "8", "inf"}
    assert abs(rows["1"]["spent"] - 1.0) < 0.05  # the budget asked for is the budget spent
    # robust: the plain model memorises its 300 images; epsilon 1 costs accuracy and most of the attack
    assert rows["inf"]["train"] == 1.0
    assert rows["1"]["test"] < rows["inf"]["test"]
    assert rows["1"]["mia"] < rows["inf"]["mia"]
    assert metrics["verdict"].endswith(".")
