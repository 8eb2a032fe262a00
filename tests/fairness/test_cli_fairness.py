"""glassnet fairness RUN_DIR --data CSV --sensitive COLUMN: the report of a CSV run, and clear errors."""

import json

import numpy as np
import pytest

pytest.importorskip("fairlearn")

from glassnet.cli.main import main  # noqa: E402
from glassnet.fairness import fairness_report  # noqa: E402

from .synthetic import biased_data  # noqa: E402


@pytest.fixture(scope="module")
def csv_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fair")
    x, y, g = biased_data(300, 0)
    lines = ["skill,noise,sex,label"] + [f"{a:.4f},{c:.4f},{s},{'yes' if t else 'no'}"
                                         for (a, _, c), s, t in zip(x, np.where(g == "A", "M", "F"), y)]
    path = tmp / "people.csv"
    path.write_text("\n".join(lines) + "\n")
    run = tmp / "run"
    assert main(["train", "--dataset", f"csv:{path}", "--epochs", "3", "--verbose", "0", "--out", str(run)]) == 0
    return run, path


def test_report_and_files(csv_run, capsys):
    run, path = csv_run
    capsys.readouterr()
    assert main(["fairness", str(run), "--data", str(path), "--sensitive", "sex"]) == 0
    out = capsys.readouterr().out
    assert "fairness by sex" in out and "positive label 'yes'" in out and "demographic parity difference" in out
    result = json.loads((run / "fairness.json").read_text())
    assert result["sensitive_feature"] == "sex" and set(result["by_group"]) == {"F", "M"}
    assert result["rows"] == 300 and (run / "fairness.png").stat().st_size > 1000
    # The same numbers as the library function on the same decisions.
    import glassnet
    from glassnet.cli.fairness import read_labelled_rows
    from glassnet.cli.runs import load_model

    model, _, _ = load_model(run)
    x, labels, groups, _ = read_labelled_rows(path, run, "sex")
    pred = glassnet.train.predict(model, x).numpy().argmax(1)
    direct = fairness_report([int(v == "yes") for v in labels], pred, groups).as_dict()
    assert result["gaps"] == direct["gaps"] and result["by_group"] == direct["by_group"]
    assert main(["info", str(run)]) == 0


def test_bad_input(csv_run, capsys):
    run, path = csv_run
    assert main(["fairness", str(run), "--data", str(path), "--sensitive", "gender"]) == 2
    err = capsys.readouterr().err
    assert "--sensitive 'gender': no such column" in err and "skill, noise, sex, label" in err
    assert main(["fairness", str(run), "--data", str(path), "--sensitive", "sex", "--groups", "F,M,X"]) == 2
    assert "group 'X' of 'sex' has no samples" in capsys.readouterr().err
    assert main(["fairness", str(run), "--data", str(path), "--sensitive", "sex", "--positive", "maybe"]) == 2
    assert "not one of the run's classes: no, yes" in capsys.readouterr().err
    assert main(["fairness", str(run), "--data", str(run / "nope.csv"), "--sensitive", "sex"]) == 2


def test_fairness_updates_the_model_card(csv_run):
    run, _ = csv_run
    assert main(["fairness", str(run), "--data", str(csv_run[1]), "--sensitive", "sex"]) == 0
    card = json.loads((run / "model_card.json").read_text())
    assert card["evaluation"]["by_group"]["sensitive_feature"] == "sex"
    assert "Per group of `sex`" in (run / "MODEL_CARD.md").read_text()
