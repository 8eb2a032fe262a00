"""A newcomer's own CSV: integer labels, no header, named label columns, raw rows to predict, any directory."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from glassnet.cli.main import main


def _table(path: Path, n: int = 300, header: bool = True, seed: int = 0) -> Path:
    """A learnable table: y = 1 when x1 + (city == 'oslo') is large; integer labels 0/1."""
    rng = np.random.default_rng(seed)
    lines = ["x1,city,x2,y"] if header else []
    for _ in range(n):
        x1, x2 = rng.normal(), rng.normal()
        city = rng.choice(["oslo", "lima", "rome"])
        y = int(x1 + (city == "oslo") * 1.5 > 0.7)
        lines.append(f"{x1:.4f},{city},{'?' if rng.random() < 0.05 else f'{x2:.4f}'},{y}")
    path.write_text("\n".join(lines) + "\n")
    return path


def _train(tmp_path, csv: Path, *extra: str, name: str = "run") -> Path:
    out = tmp_path / name
    assert main(["train", "--dataset", f"csv:{csv}", "--epochs", "5", "--verbose", "0", "--out", str(out),
                 *extra]) == 0
    return out


def test_integer_labels_are_classes(tmp_path, capsys):
    out = _train(tmp_path, _table(tmp_path / "t.csv"))
    config = json.loads((out / "config.json").read_text())
    assert config["task"] == "classification" and config["classes"] == ["0", "1"]
    assert json.loads((out / "metrics.json").read_text())["test_accuracy"] > 0.8
    assert "read 300 rows" in capsys.readouterr().out


def test_integer_labels_other_than_0_to_k_become_codes(tmp_path):
    csv = tmp_path / "t.csv"
    text = _table(tmp_path / "raw.csv").read_text().replace(",0\n", ",-1\n").replace(",1\n", ",5\n")
    csv.write_text(text)
    out = _train(tmp_path, csv)
    assert json.loads((out / "config.json").read_text())["classes"] == ["-1", "5"]


def test_task_regression_option(tmp_path, capsys):
    out = _train(tmp_path, _table(tmp_path / "t.csv"), "--task", "regression")
    config = json.loads((out / "config.json").read_text())
    assert config["task"] == "regression" and config["model_kwargs"]["num_classes"] == 1
    assert "mean absolute error" in capsys.readouterr().out
    assert main(["evaluate", str(out)]) == 0
    assert "mean absolute error" in capsys.readouterr().out


def test_real_valued_labels_are_regressed(tmp_path):
    csv = tmp_path / "r.csv"
    rng = np.random.default_rng(1)
    csv.write_text("a,b,target\n" + "".join(f"{a:.3f},{b:.3f},{a - b + 0.01:.3f}\n"
                                           for a, b in rng.normal(size=(200, 2))))
    out = _train(tmp_path, csv)
    assert json.loads((out / "config.json").read_text())["task"] == "regression"


def test_regression_in_the_label_units(tmp_path, capsys):
    csv = tmp_path / "prices.csv"
    rng = np.random.default_rng(2)
    rows = rng.normal(size=(400, 2))
    price = 250_000 + 40_000 * rows[:, 0] - 25_000 * rows[:, 1]  # a label in the 100,000s
    csv.write_text("rooms,age,price\n" + "".join(f"{a:.3f},{b:.3f},{p:.2f}\n" for (a, b), p in zip(rows, price)))
    out = _train(tmp_path, csv, "--epochs", "20")
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["test_mae"] < 10_000  # a constant guess is off by ~38,000; the label's own units
    capsys.readouterr()
    (tmp_path / "new.csv").write_text("rooms,age\n1.0,0.0\n-1.0,1.0\n")
    assert main(["predict", str(out), str(tmp_path / "new.csv")]) == 0
    values = [float(line.split(": ")[1]) for line in capsys.readouterr().out.splitlines()]
    np.testing.assert_allclose(values, [290_000, 185_000], rtol=0.05)
    assert main(["evaluate", str(out)]) == 0
    mae = float(capsys.readouterr().out.split("mean absolute error ")[1].split(",")[0])
    assert mae == pytest.approx(metrics["test_mae"], rel=1e-3)


def test_headerless_file_is_detected_and_reported(tmp_path, capsys):
    csv = _table(tmp_path / "nohead.csv", header=False)
    out = _train(tmp_path, csv)
    text = capsys.readouterr().out
    assert "read 300 rows" in text and "using 300" in text  # the first row is data, not lost
    assert "no header row found" in text and "--columns" in text
    assert json.loads((out / "config.json").read_text())["label_column"] == "col3"


def test_no_header_columns_and_label_column_by_name_or_index(tmp_path, capsys):
    csv = _table(tmp_path / "nohead.csv", header=False)
    out = _train(tmp_path, csv, "--no-header", "--columns", "x1,city,x2,y", "--label-column", "y", name="a")
    config = json.loads((out / "config.json").read_text())
    assert config["label_column"] == "y" and "city=oslo" in config["feature_columns"]
    # the label in the middle of the table, by index
    out = _train(tmp_path, csv, "--no-header", "--label-column", "1", name="b")
    config = json.loads((out / "config.json").read_text())
    assert config["label_column"] == "col1" and config["classes"] == ["lima", "oslo", "rome"]
    capsys.readouterr()
    assert main(["train", "--dataset", f"csv:{csv}", "--label-column", "nope", "--out", str(tmp_path / "c")]) != 0
    assert "'nope' is not a column" in capsys.readouterr().err


def test_bad_rows_are_dropped_and_counted(tmp_path, capsys):
    csv = _table(tmp_path / "t.csv")
    csv.write_text(csv.read_text() + "1.0,oslo\n0.5,lima,0.1,\n")  # a short row, a row without its label
    _train(tmp_path, csv)
    text = capsys.readouterr().out
    assert "read 302 rows" in text and "dropped 2" in text and "using 300" in text
    assert "field count other than 4" in text and "no label" in text


def test_predict_takes_raw_rows_with_or_without_header_and_label(tmp_path, capsys):
    csv = _table(tmp_path / "t.csv")
    out = _train(tmp_path, csv)
    assert (out / "preprocessing.json").is_file()
    lines = csv.read_text().splitlines()
    new = _table(tmp_path / "new.csv", n=40, seed=7).read_text().splitlines()
    variants = {
        "with_header_and_label.csv": new,
        "rows_only.csv": new[1:],
        "no_label.csv": [",".join(r.split(",")[:3]) for r in new[1:]],
        "reordered.csv": ["y,x2,city,x1"] + [",".join(reversed(r.split(","))) for r in new[1:]],
    }
    outputs = {}
    for name, rows in variants.items():
        p = tmp_path / name
        p.write_text("\n".join(rows) + "\n")
        capsys.readouterr()
        assert main(["predict", str(out), str(p)]) == 0, name
        outputs[name] = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("row ")]
        assert len(outputs[name]) == 40, name
    first = outputs["with_header_and_label.csv"]
    assert all(v == first for v in outputs.values())  # the same rows read the same way, whatever the layout
    assert len(lines) == 301


def test_predict_encodes_rows_exactly_as_training_did(tmp_path):
    import glassnet
    from glassnet.cli.datasets import csv_options, load
    from glassnet.cli.runs import load_model
    from glassnet.data.datasets import TabularPreprocessor, read_table

    csv = _table(tmp_path / "t.csv")
    out = _train(tmp_path, csv)
    data = load(f"csv:{csv}", None, 0.1, csv_options())
    pre = TabularPreprocessor.from_state_dict(json.loads((out / "preprocessing.json").read_text()))
    table = read_table(csv)
    x_all = pre.transform(table.names, table.rows)
    from glassnet.data.datasets import load_csv

    splits = load_csv(csv, test_size=0.2, val_size=0.08, stratify=True)
    np.testing.assert_allclose(x_all[splits.test_indices], data.x_test, rtol=1e-6, atol=1e-6)
    model, _, _ = load_model(out)
    with glassnet.no_grad():
        assert model(glassnet.from_numpy(x_all[:3])).shape == (3, 2)


def test_predict_on_csv_errors_are_clear(tmp_path, capsys):
    out = _train(tmp_path, _table(tmp_path / "t.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2\n1,2\n")
    assert main(["predict", str(out), str(bad)]) == 2
    assert "city" in capsys.readouterr().err
    bad.write_text("abc,oslo,1.0\n")
    assert main(["predict", str(out), str(bad)]) == 2
    assert "'abc' is not a number" in capsys.readouterr().err
    unseen = tmp_path / "unseen.csv"
    unseen.write_text("0.5,paris,0.1\n")
    assert main(["predict", str(out), str(unseen)]) == 0
    assert "paris" in capsys.readouterr().err  # warned: an unknown category


def test_evaluate_works_from_any_directory(tmp_path, monkeypatch, capsys):
    work = tmp_path / "work"
    work.mkdir()
    _table(work / "t.csv")
    monkeypatch.chdir(work)
    assert main(["train", "--dataset", "csv:t.csv", "--epochs", "2", "--verbose", "0", "--out", "run"]) == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert main(["evaluate", str(work / "run")]) == 0
    assert "accuracy" in capsys.readouterr().out


def test_task_must_fit_the_label(tmp_path, capsys):
    text = tmp_path / "text.csv"
    text.write_text("a,label\n" + "".join(f"{i},{'yes' if i % 2 else 'no'}\n" for i in range(40)))
    assert main(["train", "--dataset", f"csv:{text}", "--task", "regression", "--out", str(tmp_path / "a")]) == 2
    assert "cannot be regressed" in capsys.readouterr().err
    real = tmp_path / "real.csv"
    real.write_text("a,y\n" + "".join(f"{i},{i / 7:.3f}\n" for i in range(40)))
    assert main(["train", "--dataset", f"csv:{real}", "--task", "classification", "--out", str(tmp_path / "b")]) == 2
    assert "cannot be classes" in capsys.readouterr().err
    many = tmp_path / "many.csv"
    many.write_text("a,y\n" + "".join(f"{i},{i * 3}\n" for i in range(300)))
    assert main(["train", "--dataset", f"csv:{many}", "--out", str(tmp_path / "c")]) == 2
    assert "too many to be classes" in capsys.readouterr().err
    tiny = tmp_path / "tiny.csv"
    tiny.write_text("a,y\n1,0\n")
    assert main(["train", "--dataset", f"csv:{tiny}", "--out", str(tmp_path / "d")]) == 2
    assert "too few" in capsys.readouterr().err


def test_csv_options_need_a_csv(tmp_path, capsys):
    assert main(["train", "--no-header", "--out", str(tmp_path / "r")]) == 2
    assert "csv:PATH" in capsys.readouterr().err


def test_credit_card_default_integer_label(shared_data, tmp_path, capsys):
    csv = shared_data / "credit-card-default" / "UCI_Credit_Card.csv"
    out = _train(tmp_path, csv, "--epochs", "1", "--label-column", "Y")
    config = json.loads((out / "config.json").read_text())
    assert config["classes"] == ["0", "1"] and config["label_column"] == "Y"
    assert "read 30,000 rows" in capsys.readouterr().out
    assert json.loads((out / "metrics.json").read_text())["test_accuracy"] > 0.78  # 77.9% say "no default"


def test_uci_adult_without_header(shared_data, tmp_path, capsys):
    out = _train(tmp_path, shared_data / "adult" / "adult.data", "--epochs", "1")
    text = capsys.readouterr().out
    assert "read 32,561 rows" in text and "using 32,561" in text and "no header row found" in text
    config = json.loads((out / "config.json").read_text())
    assert config["classes"] == ["<=50K", ">50K"]
    assert json.loads((out / "metrics.json").read_text())["test_accuracy"] > 0.82
    # adult.test: a title line, labels with a trailing '.', rows with the label: one prediction per row
    assert main(["predict", str(out), str(shared_data / "adult" / "adult.test")]) == 0
    captured = capsys.readouterr()
    assert sum(ln.startswith("row ") for ln in captured.out.splitlines()) == 16281
    assert "skipped 1 row" in captured.err


def test_evaluate_table_is_aligned_for_long_class_names(tmp_path, capsys):
    csv = tmp_path / "t.csv"
    csv.write_text(_table(tmp_path / "raw.csv").read_text().replace(",0\n", ",no\n").replace(
        ",1\n", ",yes, certainly\n").replace(",yes, certainly\n", ",\"yes, certainly\"\n"))
    out = _train(tmp_path, csv)
    capsys.readouterr()
    assert main(["evaluate", str(out)]) == 0
    table = capsys.readouterr().out.splitlines()[1:]
    assert table[0].split() == ["class", "recall", "count"] and len(table) == 3
    assert len({len(line) for line in table}) == 1  # every row as wide as the header: columns line up
    assert {line.index("%") for line in table[1:]} == {table[0].index("recall") + len("recall") - 1}
