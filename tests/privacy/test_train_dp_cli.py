"""glassnet train --dp: epsilon in the progress, metrics.json, the model card and info; --resume keeps the budget
and continues exactly; BatchNorm swapped for GroupNorm with a notice; bad options refused with one line."""

import json
import re

import numpy as np
import pytest

from glassnet.cli.main import main
from glassnet.cli.runs import build_model, load_model
from glassnet.cli.train_dp import default_delta, replace_batchnorm_noted
from glassnet.privacy import compute_epsilon, get_noise_multiplier

pytest.importorskip("dp_accounting")

COMMON = ["train", "--dp", "--model", "mlp", "--batch-size", "64"]


@pytest.fixture(autouse=True)
def _no_codecarbon(monkeypatch):
    monkeypatch.setenv("GLASSNET_CODECARBON", "0")  # the energy meter is tested elsewhere; keep these runs short


def _read(path):
    return json.loads(path.read_text())


def test_dp_run_reports_the_accountants_epsilon_everywhere_and_resume_keeps_the_budget(tmp_path, capsys):
    out = tmp_path / "run"
    assert main([*COMMON, "--noise-multiplier", "1.2", "--epochs", "1", "--verbose", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "epsilon: " in printed  # the per-epoch progress line
    priv = _read(out / "metrics.json")["privacy"]
    steps = priv["steps"]
    assert steps == round(1 / priv["sample_rate"])  # one epoch of Poisson batches, empty ones included
    assert priv["noise_multiplier"] == 1.2 and priv["max_grad_norm"] == 1.0 and priv["delta"] == 1e-5
    want = compute_epsilon(1.2, priv["sample_rate"], steps, 1e-5)
    assert priv["epsilon"] == pytest.approx(want, rel=1e-9)
    assert f"DP epsilon {want:.3g} at delta 1e-05" in printed
    card = _read(out / "model_card.json")
    assert card["privacy"]["epsilon"] == pytest.approx(want, rel=1e-9)
    assert "Trained with differential privacy" in (out / "MODEL_CARD.md").read_text()
    assert main(["info", str(out)]) == 0
    assert f"DP epsilon {want:.3g}" in capsys.readouterr().out

    # Resuming counts the saved steps first: two epochs spend what two epochs spend, not one.
    assert main(["train", "--resume", str(out), "--epochs", "2", "--verbose", "0"]) == 0
    priv2 = _read(out / "metrics.json")["privacy"]
    assert priv2["steps"] == 2 * steps and priv2["noise_multiplier"] == 1.2
    assert priv2["epsilon"] == pytest.approx(compute_epsilon(1.2, priv["sample_rate"], 2 * steps, 1e-5), rel=1e-9)
    assert priv2["epsilon"] > priv["epsilon"]
    # ... and draws the same Poisson batches and noise as a run that was never stopped
    whole = tmp_path / "whole"
    assert main([*COMMON, "--noise-multiplier", "1.2", "--epochs", "2", "--verbose", "0", "--out", str(whole)]) == 0
    resumed, straight = load_model(out)[0].state_dict(), load_model(whole)[0].state_dict()
    assert all(np.array_equal(resumed[k].numpy(), straight[k].numpy()) for k in straight)


def test_target_epsilon_solves_the_noise_for_the_planned_epochs(tmp_path, capsys):
    out = tmp_path / "run"
    assert main([*COMMON, "--target-epsilon", "4", "--delta", "1e-4", "--max-grad-norm", "0.5", "--epochs", "1",
                 "--verbose", "1", "--out", str(out)]) == 0
    assert "solved for epsilon 4 after 1 epoch" in capsys.readouterr().out
    priv = _read(out / "metrics.json")["privacy"]
    q, steps = priv["sample_rate"], priv["steps"]
    assert priv["noise_multiplier"] == pytest.approx(get_noise_multiplier(4.0, 1e-4, q, steps))
    assert 4.0 * 0.97 < priv["epsilon"] <= 4.0
    assert priv["target_epsilon"] == 4.0 and priv["delta"] == 1e-4 and priv["max_grad_norm"] == 0.5


def test_batchnorm_is_swapped_for_groupnorm_with_a_notice_and_rebuilt_the_same_way(capsys):
    config = {"model": "resnet8", "model_kwargs": {"num_classes": 10, "in_channels": 1}}
    model, replaced = replace_batchnorm_noted(build_model(config), verbose=1)
    notice = capsys.readouterr().out
    assert "'bn1' (BatchNorm2d)" in notice and "GroupNorm" in notice and "layer1.0.bn2" in replaced
    assert not any("BatchNorm" in type(m).__name__ for m in model.modules())
    rebuilt = build_model({**config, "dp": {"replace_batchnorm": True}})
    rebuilt.load_state_dict(model.state_dict())  # the run folder's model loads into what evaluate rebuilds
    assert type(rebuilt.bn1).__name__ == "GroupNorm"
    assert replace_batchnorm_noted(build_model({"model": "mlp", "model_kwargs": {
        "in_features": 4, "hidden": [3], "num_classes": 2}}), verbose=1)[1] == []


@pytest.mark.parametrize("n, delta", [(1293, 1e-5), (99_999, 1e-5), (100_000, 1e-6), (250_000, 1e-6),
                                      (1_000_000, 1e-7)])
def test_default_delta_stays_below_one_over_n(n, delta):
    assert default_delta(n) == delta and default_delta(n) < 1 / n


@pytest.mark.parametrize("extra, match", [
    (["--noise-multiplier", "0"], "--noise-multiplier must be > 0"),
    (["--noise-multiplier", "-1"], "--noise-multiplier must be > 0"),
    ([], "exactly one of --target-epsilon"),
    (["--noise-multiplier", "1", "--target-epsilon", "3"], "exactly one of --target-epsilon"),
    (["--target-epsilon", "0"], "--target-epsilon must be > 0"),
    (["--noise-multiplier", "1", "--max-grad-norm", "0"], "--max-grad-norm must be > 0"),
    (["--noise-multiplier", "1", "--delta", "1.5"], r"--delta must be in \(0, 1\)"),
    (["--noise-multiplier", "1", "--delta", "0.001"], r"--delta 0.001 is not below 1/N = 1/1,293"),
    (["--noise-multiplier", "1", "--nproc", "2"], "--dp trains in one process"),
])
def test_bad_dp_options_are_one_clear_line(tmp_path, capsys, extra, match):
    out = tmp_path / "run"
    assert main([*COMMON, *extra, "--epochs", "1", "--verbose", "0", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert re.search(match, err), err
    assert not out.exists()  # refused before a run folder is made


def test_dp_options_need_dp_and_a_resumed_run_keeps_its_settings(tmp_path, capsys):
    assert main(["train", "--noise-multiplier", "1", "--epochs", "1", "--verbose", "0"]) == 2
    assert "apply to private training: add --dp" in capsys.readouterr().err
    assert main(["train", "--resume", str(tmp_path), "--dp", "--noise-multiplier", "2"]) == 2
    assert "--dp, --noise-multiplier cannot change" in capsys.readouterr().err
