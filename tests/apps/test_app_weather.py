"""glassnet app weather: the --quick run on the Melbourne minimum temperatures beats persistence and seasonal naive,
the baselines are aligned with their target days, and a bad CSV is one error naming its line."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import numpy as np
import pytest

from glassnet.apps import weather
from glassnet.cli.errors import CLIError
from glassnet.examples import forecast


def _args(*argv: str) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    weather.add_arguments(p)
    return p.parse_args(list(argv))


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    data = Path(os.environ.get("GLASSNET_SHARED_DATA") or root / ".." / "shared" / "data")
    csv = data / "melbourne-temperatures" / "daily-min-temperatures.csv"
    if not csv.is_file():
        pytest.skip("Melbourne temperatures not present")
    out = tmp_path_factory.mktemp("weather") / "run"
    assert weather.run(_args("--quick", "--data", str(csv), "--out", str(out), "--verbose", "0")) == 0
    return out


def test_quick_run_beats_persistence_and_seasonal_naive(quick_run):
    m = json.loads((quick_run / "metrics.json").read_text())
    mae = m["mae"]
    assert len(mae["lstm"]) == 7
    assert all(a < b for a, b in zip(mae["lstm"], mae["persistence"]))
    assert all(a < b for a, b in zip(mae["lstm"], mae["seasonal_naive"]))
    assert mae["persistence"][6] > mae["persistence"][0]  # persistence gets worse further ahead
    assert m["beats_baselines"] is True and "beats both baselines" in m["verdict"]
    assert 1 <= m["best_epoch"] <= len(m["train_loss"]) == len(m["val_loss"])  # validation year picks the epoch
    for name in ("report.md", "mae_by_horizon.png", "test_forecasts.png", "model.safetensors", "scaler.json"):
        assert (quick_run / name).is_file(), name
    assert "| 7 |" in (quick_run / "report.md").read_text()


def test_saved_model_reloads_from_the_run_folder(quick_run):
    import glassnet as gn

    cfg = json.loads((quick_run / "scaler.json").read_text())
    model = forecast.Forecaster(cfg["cell"], cfg["hidden"], cfg["horizons"], inputs=cfg["inputs"])
    model.load_state_dict(gn.load(quick_run / "model.safetensors"))
    with gn.no_grad():
        out = model(gn.zeros(2, cfg["lookback"], cfg["inputs"]))
    assert tuple(out.shape) == (2, 7)


def test_glassnet_info_describes_the_run(quick_run, capsys):
    from glassnet.cli.main import main

    assert main(["info", str(quick_run)]) == 0
    assert "app: weather" in capsys.readouterr().out


def test_baselines_are_aligned_with_their_target_days():
    series = np.arange(3 * forecast.SEASON, dtype=np.float32)  # a ramp: the error is the distance in days
    targets = np.arange(2 * forecast.SEASON, 3 * forecast.SEASON)
    b = forecast.baselines(series, targets, 3, 2 * forecast.SEASON)
    for h in (1, 2, 3):
        assert np.all(series[targets] - b["persistence"][h - 1] == h)
    assert np.all(series[targets] - b["seasonal_naive"] == forecast.SEASON)
    assert np.allclose(series[targets] - b["climatology"], 1.5 * forecast.SEASON)  # mean of 1 and 2 years back


def test_forecast_run_on_a_users_series_returns_every_horizon(tmp_path):
    days = np.arange(2 * forecast.SEASON + 60)
    values = 10 + 5 * np.sin(2 * np.pi * days / forecast.SEASON)
    f = tmp_path / "mine.csv"
    f.write_text("date,value\n" + "".join(f"d{d},{v:.2f}\n" for d, v in zip(days, values)))
    res = forecast.run(f, "gru", lookback=10, hidden=4, epochs=1, verbose=False, horizons=3)
    assert set(res["mae"]) == {"gru", "persistence", "seasonal_naive", "climatology"}
    assert all(len(v) == 3 for v in res["mae"].values()) and res["test_days"] == forecast.SEASON
    assert res["forecasts"]["gru"].shape == (3, forecast.SEASON)


def test_a_non_numeric_value_is_one_error_naming_the_line(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("date,value\n2020-01-01,1.5\n2020-01-02,warm\n")
    with pytest.raises(CLIError, match=r"bad.csv, line 3: 'warm' is not a number"):
        weather.run(_args("--data", str(f), "--out", str(tmp_path / "run"), "--verbose", "0"))
    short = tmp_path / "short.csv"
    short.write_text("date,value\n" + "".join(f"d{i},{i}\n" for i in range(100)))
    with pytest.raises(CLIError, match="too short"):
        weather.run(_args("--data", str(short), "--out", str(tmp_path / "run2"), "--verbose", "0"))


def test_missing_data_names_the_option(tmp_path, monkeypatch):
    import glassnet.examples._common as common

    monkeypatch.setattr(common, "shared_data", lambda *parts: None)
    with pytest.raises(CLIError, match="--data PATH"):
        weather.run(_args("--out", str(tmp_path / "run")))


def test_cli_reports_a_bad_file_without_a_traceback(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("date,value\n2020-01-01,abc\n")
    res = subprocess.run([sys.executable, "-m", "glassnet.apps.weather", "--data", str(f), "--out",
                          str(tmp_path / "run")], capture_output=True, text=True)
    assert res.returncode == 2 and "line 2" in res.stderr and "Traceback" not in res.stderr
