"""scale --quick: the report, the power-law fit, and the largest model beating the smallest on the same tokens."""

import numpy as np

from glassnet.lab import run_experiment
from glassnet.lab.scale import fit_power_law


def test_fit_power_law_recovers_exponent():
    n = np.array([1e3, 1e4, 1e5, 1e6])
    fit = fit_power_law(n, 5.0 * n ** -0.2)
    assert abs(fit["alpha"] - 0.2) < 1e-6 and fit["r2"] > 0.999999


def test_scale_quick(tmp_path):
    folder, metrics = run_experiment("scale", quick=True, out=tmp_path / "scale", verbose=0)
    for name in ("report.md", "metrics.json", "scale.png"):
        assert (folder / name).is_file(), name
    assert metrics["verdict"].endswith(".") and len(metrics["verdict"].split()) > 8
    models = metrics["models"]
    assert [m["params"] for m in models] == sorted(m["params"] for m in models)
    # Robust even at quick size: ~18x the parameters, the same 20k tokens, a lower validation loss.
    assert models[-1]["val_loss"] < models[0]["val_loss"]
    assert metrics["alpha"] > 0 and 0 <= metrics["r2"] <= 1
