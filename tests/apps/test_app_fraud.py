"""glassnet app fraud: the metrics against scikit-learn, the focal loss, the synthetic data, a --quick run, the CLI
and every kind of bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn.functional as F
from glassnet.apps.focal import sigmoid_focal_loss
from glassnet.apps.rare_metrics import average_precision, cheapest_threshold, outcome, precision_recall_curve, roc_auc
from glassnet.apps.synthetic_fraud import make_transactions
from glassnet.apps.tabular import read_labelled_csv
from glassnet.cli.main import main

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("seed", range(4))
def test_average_precision_and_auc_equal_sklearn(seed):
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(seed)
    y = (rng.random(700) < 0.05).astype(int)
    y[:2] = [0, 1]
    score = np.round(rng.random(700) + 0.6 * y, 1 + seed % 2)  # rounded, so many scores tie
    assert average_precision(y, score) == pytest.approx(metrics.average_precision_score(y, score), abs=1e-12)
    assert roc_auc(y, score) == pytest.approx(metrics.roc_auc_score(y, score), abs=1e-12)
    p, r, t = precision_recall_curve(y, score)
    sp, sr, st = metrics.precision_recall_curve(y, score)
    # scikit-learn lists the thresholds from the lowest up and stops at full recall; compare where both are.
    k = len(st[st >= t.min()])
    np.testing.assert_allclose(p[:k], sp[:k][::-1])
    np.testing.assert_allclose(r[:k], sr[:k][::-1])


def test_cheapest_threshold_and_outcome():
    y = np.array([0, 0, 0, 1, 0, 1, 1])
    s = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.8, 0.9])
    # flag >= 0.4: 3 hits, 1 false alarm, cost 1; every other cut costs more
    t = cheapest_threshold(y, s, cost_miss=10, cost_false_alarm=1)
    assert 0.3 < t < 0.4
    o = outcome(y, s, t, 10, 1)
    assert (o.tp, o.fp, o.fn, o.tn, o.cost) == (3, 1, 0, 3, 1)
    assert o.precision == 0.75 and o.recall == 1.0
    # when a false alarm costs more than any catch saves, flagging nothing is cheapest
    y2, s2 = np.array([1, 0, 1, 0]), np.array([0.2, 0.3, 0.4, 0.9])
    assert cheapest_threshold(y2, s2, cost_miss=1, cost_false_alarm=100) == float("inf")
    assert outcome(y2, s2, float("inf"), 1, 100).cost == 2


def test_focal_loss_matches_formula_and_reduces_to_cross_entropy():
    rng = np.random.default_rng(0)
    z = rng.normal(0, 2, 50).astype(np.float32)
    t = (rng.random(50) < 0.3).astype(np.float32)
    p = 1 / (1 + np.exp(-z.astype(np.float64)))
    p_t = p * t + (1 - p) * (1 - t)
    expected = -(0.25 * t + 0.75 * (1 - t)) * (1 - p_t) ** 2 * np.log(p_t)
    got = sigmoid_focal_loss(gn.from_numpy(z), gn.from_numpy(t), alpha=0.25, gamma=2.0)
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-4, atol=1e-6)
    zt = gn.from_numpy(z).requires_grad_()
    plain = sigmoid_focal_loss(zt, gn.from_numpy(t), alpha=-1, gamma=0.0, reduction="mean")
    assert float(plain) == pytest.approx(float(F.binary_cross_entropy_with_logits(gn.from_numpy(z), gn.from_numpy(t))),
                                         rel=1e-5)
    plain.backward()
    np.testing.assert_allclose(zt.grad.numpy(), (p - t) / 50, rtol=1e-3, atol=1e-6)
    with pytest.raises(ValueError, match="reduction"):
        sigmoid_focal_loss(gn.from_numpy(z), gn.from_numpy(t), reduction="avg")


def test_synthetic_transactions_have_the_stated_prevalence():
    x, y, names = make_transactions(20000, 0.002, seed=3)
    assert x.shape == (20000, len(names)) and x.dtype == np.float32 and np.isfinite(x).all()
    assert int(y.sum()) == 40
    x2, y2, _ = make_transactions(20000, 0.002, seed=3)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)


def test_quick_run_beats_the_floor_and_writes_the_run_folder(tmp_path):
    out = tmp_path / "run"
    assert main(["app", "fraud", "--quick", "--out", str(out), "--verbose", "0"]) == 0
    m = json.loads((out / "metrics.json").read_text())
    assert set(m["models"]) == {"MLP, cross-entropy", "MLP, class-weighted", "MLP, focal", "logistic regression",
                                "gradient boosting"}
    floor = m["test_prevalence"]
    assert 0.001 < floor < 0.003
    best = m["models"][m["best_ap_model"]]["average_precision"]
    assert best > 20 * floor  # the planted patterns are found
    assert all(v["average_precision"] > floor for v in m["models"].values())
    assert m["models"][m["cheapest_model"]]["cost"] < m["cost_trivial"] == m["cost_flag_nothing"]
    report = (out / "report.md").read_text()
    assert "## Verdict" in report and m["verdict"] in report and "flagging nothing costs" in report
    for name in ("pr_curves.png", "config.json", "scaler.json", "mlp_cross_entropy.safetensors",
                 "mlp_class_weighted.safetensors", "mlp_focal.safetensors"):
        assert (out / name).is_file(), name
    from glassnet.apps.fraud_models import make_mlp

    scaler = json.loads((out / "scaler.json").read_text())
    model = make_mlp(len(scaler["features"]), (64, 32))
    model.load_state_dict(gn.load(out / "mlp_focal.safetensors"))  # strict: the saved weights fit the architecture


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_runs_on_a_csv_and_counts_rows_with_missing_values(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2500, 3))
    y = (x[:, 0] + 0.5 * rng.normal(size=2500) > 1.6).astype(int)
    lines = ["ID,a,b,c,Class"] + [f"{i},{a:.4f},{b:.4f},{c:.4f},{t}" for i, ((a, b, c), t) in enumerate(zip(x, y))]
    lines[5] = "4,,1.0,2.0,0"  # one missing value: the row is left out and counted
    data = _write(tmp_path / "tx.csv", "\n".join(lines) + "\n")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    out = tmp_path / "run"
    proc = subprocess.run([sys.executable, "-m", "glassnet.apps.fraud", "--data", str(data), "--quick", "--out",
                           str(out), "--verbose", "0", "--epochs", "3"], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    m = json.loads((out / "metrics.json").read_text())
    assert m["dropped_rows"] == 1 and m["rows"] == 2499
    assert m["models"]["logistic regression"]["average_precision"] > 2 * m["test_prevalence"]
    report = (out / "report.md").read_text()
    assert "1 rows left out (a missing value)" in report and "Columns left out: ID" in report


@pytest.mark.parametrize("text, args, message", [
    ("a,b,Class\n1,2,0\n3,4,1\n", ["--label", "fraud"], r"no label column 'fraud'; the columns are a, b, Class"),
    ("a,b,Class\n1,2,0\n3,x,1\n", [], r"line 3, column 'b': 'x' is not a number"),
    ("a,b,Class\n1,2,0\n3,4,2\n", [], r"line 3, label column 'Class': '2' is not a binary label"),
    ("", [], r"empty file"),
    ("a,b,Class\n", [], r"no data rows"),
    ("1,2,0\n3,4,1\n", [], r"line 1 holds only numbers; expected a header row"),
    ("a,b,Class\n1,2,0\n3,4,0\n", [], r"only the value 0"),
    ("a,b,Class\n1,2,0\n3,4\n", [], r"line 3 has 2 fields, expected 3"),
    ("a,b,Class\n1,2,0\n3,4,1\n", ["--drop", "zz"], r"--drop names 'zz', which is not a column"),
])
def test_bad_input_gets_one_clear_error(tmp_path, capsys, text, args, message):
    import re

    data = _write(tmp_path / "bad.csv", text)
    rc = main(["app", "fraud", "--data", str(data), "--out", str(tmp_path / "run"), "--verbose", "0", *args])
    err = capsys.readouterr().err
    assert rc != 0
    assert str(data) in err and re.search(message, err), err
    assert "Traceback" not in err
    assert not (tmp_path / "run").exists()  # refused before a run folder is made


def test_reads_the_credit_card_fraud_layout_and_counts_missing_values(tmp_path):
    head = ",".join(['"Time"', *(f'"V{i}"' for i in range(1, 29)), '"Amount"', '"Class"'])
    body = [f'{i},{",".join(["0.5"] * 28)},{i * 1.5},"{int(i % 4 == 0)}"' for i in range(12)]
    body[3] = body[3].replace("0.5", "nan", 1)
    body[5] = body[5].replace("0.5", "", 1)
    body[7] = body[7].rsplit(",", 1)[0] + ",NA"
    t = read_labelled_csv(_write(tmp_path / "creditcard.csv", "\n".join([head, *body, ""])))
    assert t.label == "Class" and t.features[0] == "Time" and t.features[-1] == "Amount" and len(t.features) == 30
    assert t.missing_rows == 3 and t.x.shape == (9, 30) and t.y.tolist() == [1, 0, 0, 1, 0, 1, 0, 0, 0]
    with pytest.raises(ValueError, match=r"line 3, column 'a' is not a finite number"):
        read_labelled_csv(_write(tmp_path / "inf.csv", "a,Y\n1,0\ninf,1\n"))


def test_missing_file_and_bad_options(tmp_path, capsys):
    assert main(["app", "fraud", "--data", str(tmp_path / "nope.csv"), "--verbose", "0"]) != 0
    assert "no such file" in capsys.readouterr().err
    assert main(["app", "fraud", "--cost-miss", "0", "--verbose", "0"]) != 0
    assert "--cost-miss" in capsys.readouterr().err


def test_reads_the_credit_card_default_file(shared_data):
    path = shared_data / "credit-card-default" / "UCI_Credit_Card.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    t = read_labelled_csv(path)
    assert t.label == "Y" and t.dropped_columns == ["ID"]
    assert t.features == [f"X{i}" for i in range(1, 24)]
    assert t.x.shape == (30000, 23) and int(t.y.sum()) == 6636 and t.missing_rows == 0
