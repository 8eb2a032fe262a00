"""lab bias: skewed data, the predicted gap against the data's, and mitigation, quick mode."""

import pytest

pytest.importorskip("fairlearn")

from glassnet.lab import run_experiment  # noqa: E402


def test_bias_quick(tmp_path):
    folder, metrics = run_experiment("bias", quick=True, out=tmp_path / "run", verbose=0)
    assert (folder / "report.md").is_file() and (folder / "bias.png").is_file()
    assert metrics["data_gap_test"] > 0 and len(metrics["predicted_gap"]) == 3
    reports = metrics["reports"]
    base = reports["model (no mitigation)"]["gaps"]["demographic_parity_difference"]
    # robust: post-processing for demographic parity narrows the selection-rate gap
    assert reports["ThresholdOptimizer (demographic parity)"]["gaps"]["demographic_parity_difference"] < base
    assert metrics["amplified"] == (metrics["amplification_mean"] > 0)
    # robust on the synthetic table: the minority's selection rate falls further behind than its base rate
    assert metrics["amplified_relative"] and metrics["rate_ratio_predicted"] < metrics["rate_ratio_data"]
    assert metrics["verdict"].startswith("The model ") and metrics["verdict"].endswith(".")


def test_missing_adult_is_one_clear_error(monkeypatch, tmp_path):
    import glassnet.examples._common as common
    from glassnet.apps.run_folder import AppRun
    from glassnet.cli.errors import CLIError
    from glassnet.lab.bias import _adult

    monkeypatch.setattr(common, "shared_data", lambda *parts: None)
    with pytest.raises(CLIError, match=r"lab bias: no data; pass --quick .*adult"):
        _adult(AppRun(tmp_path / "run", app="test", config={}, title="t"), seed=0)
