"""lab small-tabular: MLP vs logistic regression vs gradient boosting, quick mode, and the Adult reader."""

import pytest

pytest.importorskip("sklearn")

from glassnet.apps.run_folder import AppRun  # noqa: E402
from glassnet.lab import run_experiment  # noqa: E402
from glassnet.lab.small_tabular import load_adult  # noqa: E402


def test_small_tabular_quick(tmp_path):
    folder, metrics = run_experiment("small-tabular", quick=True, out=tmp_path / "run", verbose=0)
    assert (folder / "report.md").is_file() and (folder / "small_tabular.png").is_file()
    assert set(metrics["results"]) == {"breast cancer", "wine"}
    for res in metrics["results"].values():
        assert set(res) == {"logistic regression", "gradient boosting", "MLP"}
        for r in res.values():
            assert r["mean"] > 0.85 and r["seconds"] > 0
    assert metrics["verdict"].startswith("The MLP won on ") and metrics["verdict"].endswith(".")
    assert "Adult" in (folder / "report.md").read_text()  # the report says why Adult is not there


def test_load_adult_counts_bad_rows(tmp_path):
    row = "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, {sex}, 0, 0, 40, " \
          "United-States, {label}\n"
    path = tmp_path / "adult.data"
    path.write_text(row.format(sex="Male", label=">50K") + row.format(sex="Female", label="<=50K")
                    + "1, 2, 3\n")
    run = AppRun(tmp_path / "run", app="test", config={}, title="t")
    adult = load_adult(run, "test", path)
    assert adult["y"].tolist() == [1, 0] and adult["sex"].tolist() == ["Male", "Female"]
    assert adult["x"].shape[0] == 2 and "sex=Female" in adult["names"]
    assert sum(n for _, n, _ in run.drops) == 1
