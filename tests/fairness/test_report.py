"""fairness_report: known gaps on hand-made data, and the same numbers as fairlearn's own functions."""

import json

import numpy as np
import pytest

pytest.importorskip("fairlearn")

from glassnet.fairness import comparison_table, fairness_report  # noqa: E402

Y_TRUE = [1, 1, 0, 0, 1, 1, 0, 0]
Y_PRED = [1, 1, 1, 0, 1, 0, 0, 0]
SEX = ["F", "F", "F", "F", "M", "M", "M", "M"]


def test_known_gaps():
    r = fairness_report(Y_TRUE, Y_PRED, SEX)
    assert r.by_group["F"] == {"count": 4, "accuracy": 0.75, "selection_rate": 0.75, "true_positive_rate": 1.0,
                               "false_positive_rate": 0.5}
    assert r.by_group["M"]["true_positive_rate"] == 0.5 and r.by_group["M"]["false_positive_rate"] == 0.0
    assert r.gaps["demographic_parity_difference"] == 0.5
    assert r.gaps["demographic_parity_ratio"] == pytest.approx(1 / 3)
    assert r.gaps["equalized_odds_difference"] == 0.5  # max of the TPR gap (0.5) and the FPR gap (0.5)
    assert r.gaps["equalized_odds_ratio"] == 0.0  # M's FPR is 0
    assert r.overall["accuracy"] == 0.75


def test_equals_fairlearn():
    from fairlearn import metrics as fm

    rng = np.random.default_rng(0)
    yt, yp = rng.integers(0, 2, 300), rng.integers(0, 2, 300)
    sf = rng.choice(["a", "b", "c"], 300)
    r = fairness_report(yt, yp, sf)
    frame = fm.MetricFrame(metrics={"tpr": fm.true_positive_rate, "fpr": fm.false_positive_rate,
                                    "sel": fm.selection_rate}, y_true=yt, y_pred=yp, sensitive_features=sf)
    for g in "abc":
        assert r.by_group[g]["true_positive_rate"] == frame.by_group.loc[g, "tpr"]
        assert r.by_group[g]["false_positive_rate"] == frame.by_group.loc[g, "fpr"]
        assert r.by_group[g]["selection_rate"] == frame.by_group.loc[g, "sel"]
    for name in ("demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference",
                 "equalized_odds_ratio"):
        assert r.gaps[name] == getattr(fm, name)(yt, yp, sensitive_features=sf)


def test_text_html_dict_plot():
    r = fairness_report(Y_TRUE, Y_PRED, "sex", data={"sex": SEX, "age": [1] * 8})
    text = str(r)
    assert "fairness by sex" in text and "demographic parity difference: 0.5000" in text
    assert "<table>" in r._repr_html_()
    d = r.as_dict()
    json.dumps(d)  # JSON-ready
    assert d["sensitive_feature"] == "sex" and d["gaps"]["equalized_odds_ratio"] == 0.0
    import matplotlib

    backend = matplotlib.get_backend()
    fig = r.plot()
    assert type(fig).__name__ == "Figure" and matplotlib.get_backend() == backend
    assert "0.5000" in comparison_table({"model": r})


def test_pos_label_text_labels():
    r = fairness_report([">50K", "<=50K"], [">50K", ">50K"], ["F", "M"], pos_label=">50K")
    assert r.by_group["M"]["selection_rate"] == 1.0 and r.by_group["F"]["true_positive_rate"] == 1.0


def test_bad_input():
    with pytest.raises(ValueError, match="sensitive column 'gender' does not exist; the columns are: sex, age"):
        fairness_report(Y_TRUE, Y_PRED, "gender", data={"sex": SEX, "age": [1] * 8})
    with pytest.raises(ValueError, match="group 'X' of 'sensitive_feature' has no samples"):
        fairness_report(Y_TRUE, Y_PRED, SEX, groups=["F", "M", "X"])
    with pytest.raises(ValueError, match="sensitive_features has 3 values but y_true has 8"):
        fairness_report(Y_TRUE, Y_PRED, SEX[:3])
    with pytest.raises(ValueError, match="y_true has 8 values but y_pred has 2"):
        fairness_report(Y_TRUE, [1, 0], SEX)
    with pytest.raises(ValueError, match="no samples"):
        fairness_report([], [], [])
