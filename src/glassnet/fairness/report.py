"""fairness_report: per-group rates and the gaps between groups, computed by fairlearn's MetricFrame.

glassnet does not re-implement the metrics: accuracy, selection rate, TPR and FPR per group come from
``fairlearn.metrics.MetricFrame``, and the demographic-parity and equalized-odds differences and ratios
from fairlearn's functions of the same names. This module only checks the input, holds the numbers,
and shows them as a text table, an HTML table (notebooks) and a bar plot.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ._deps import require_fairlearn

GROUP_METRICS = ("count", "accuracy", "selection_rate", "true_positive_rate", "false_positive_rate")
GAPS = ("demographic_parity_difference", "demographic_parity_ratio",
        "equalized_odds_difference", "equalized_odds_ratio")


def _as_array(values: Any, what: str) -> np.ndarray:
    if hasattr(values, "numpy") and callable(values.numpy):  # a glassnet or torch tensor
        values = values.numpy()
    arr = np.asarray(values)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"fairness_report: {what} must be one value per sample, got shape {arr.shape}")
    return arr


def resolve_sensitive(sensitive_features: Any, data: Mapping[str, Sequence] | None, n: int) -> tuple[np.ndarray, str]:
    """The sensitive values (one per sample) and their name: an array, or a column name looked up in ``data``."""
    if isinstance(sensitive_features, str):
        if data is None:
            raise ValueError(f"fairness_report: sensitive_features={sensitive_features!r} names a column, so pass "
                             f"the columns as data=")
        if sensitive_features not in data:
            raise ValueError(f"fairness_report: sensitive column {sensitive_features!r} does not exist; the columns "
                             f"are: {', '.join(map(str, data))}")
        name, values = sensitive_features, data[sensitive_features]
    else:
        name, values = getattr(sensitive_features, "name", None) or "sensitive_feature", sensitive_features
    arr = _as_array(values, "sensitive_features")
    if len(arr) != n:
        raise ValueError(f"fairness_report: sensitive_features has {len(arr)} values but y_true has {n}")
    return np.asarray([str(v).strip() for v in arr], dtype=object), str(name)


class FairnessReport:
    """The per-group metrics and the between-group gaps of one set of predictions (see :func:`fairness_report`).

    Args:
        by_group (dict): group -> {metric name -> value}.
        overall (dict): metric name -> value over all samples.
        gaps (dict): the demographic-parity and equalized-odds differences and ratios.
        sensitive_name (str): the name of the sensitive feature.

    Example:
        >>> r = glassnet.fairness.fairness_report([1, 0, 1, 0], [1, 0, 0, 0], ['a', 'a', 'b', 'b'])
        >>> r.gaps['demographic_parity_difference']
        0.5
    """

    def __init__(self, by_group: dict, overall: dict, gaps: dict, sensitive_name: str = "sensitive_feature") -> None:
        self.by_group = by_group
        self.overall = overall
        self.gaps = gaps
        self.sensitive_name = sensitive_name

    def as_dict(self) -> dict:
        """Everything as plain JSON-ready data: ``{'sensitive_feature', 'overall', 'by_group', 'gaps'}``.

        Example:
            >>> r = glassnet.fairness.fairness_report([1, 0], [1, 1], ['a', 'b'])
            >>> r.as_dict()['by_group']['b']['selection_rate']
            1.0
        """
        def clean(v: Any) -> Any:
            v = float(v)
            return None if math.isnan(v) else v

        return {"sensitive_feature": self.sensitive_name,
                "overall": {k: clean(v) for k, v in self.overall.items()},
                "by_group": {g: {k: clean(v) for k, v in m.items()} for g, m in self.by_group.items()},
                "gaps": {k: clean(v) for k, v in self.gaps.items()}}

    def _rows(self) -> list[list[str]]:
        head = ["group", *GROUP_METRICS]
        rows = [head]
        for name, m in [*self.by_group.items(), ("overall", self.overall)]:
            rows.append([str(name), *[_fmt(m[k], k) for k in GROUP_METRICS]])
        return rows

    def __str__(self) -> str:
        rows = self._rows()
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = [f"fairness by {self.sensitive_name}"]
        for j, r in enumerate(rows):
            lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
            if j == 0:
                lines.append("  ".join("-" * w for w in widths))
        lines += [f"{k.replace('_', ' ')}: {_fmt(v, k)}" for k, v in self.gaps.items()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        gaps = ", ".join(f"{k}={_fmt(v, k)}" for k, v in self.gaps.items() if k.endswith("difference"))
        return f"FairnessReport(sensitive_feature={self.sensitive_name!r}, groups={list(self.by_group)}, {gaps})"

    def _repr_html_(self) -> str:
        rows = self._rows()
        head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
        gaps = "".join(f"<li>{html.escape(k.replace('_', ' '))}: {_fmt(v, k)}</li>" for k, v in self.gaps.items())
        return (f"<div><b>fairness by {html.escape(self.sensitive_name)}</b><table><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table><ul>{gaps}</ul></div>")

    def plot(self, metrics: Sequence[str] = ("accuracy", "selection_rate", "true_positive_rate",
                                             "false_positive_rate")) -> Any:
        """A grouped bar chart of the per-group metrics, as a matplotlib Figure (no pyplot, no backend switch).

        Args:
            metrics (sequence of str, optional): the per-group metrics to draw.
                Default: accuracy, selection rate, TPR and FPR.

        Returns:
            matplotlib.figure.Figure: save it with ``fig.savefig(path)``.

        Example:
            >>> r = glassnet.fairness.fairness_report([1, 0, 1, 0], [1, 0, 0, 0], ['a', 'a', 'b', 'b'])
            >>> type(r.plot()).__name__
            'Figure'
        """
        from matplotlib.figure import Figure

        groups = list(self.by_group)
        fig = Figure(figsize=(1.6 + 1.4 * len(metrics), 3.2))
        ax = fig.add_subplot()
        width = 0.8 / max(1, len(groups))
        x = np.arange(len(metrics))
        for i, g in enumerate(groups):
            vals = [np.nan_to_num(float(self.by_group[g][m])) for m in metrics]
            ax.bar(x + (i - (len(groups) - 1) / 2) * width, vals, width, label=str(g))
        ax.set_xticks(x, [m.replace("_", " ").replace("true positive rate", "TPR")
                          .replace("false positive rate", "FPR") for m in metrics])
        ax.set_ylim(0, 1)
        dp = self.gaps.get("demographic_parity_difference", float("nan"))
        eo = self.gaps.get("equalized_odds_difference", float("nan"))
        ax.set_title(f"by {self.sensitive_name}: demographic parity diff {dp:.3f}, equalized odds diff {eo:.3f}",
                     fontsize=9)
        ax.legend(fontsize=8)
        fig.tight_layout()
        return fig


def _fmt(v: Any, key: str) -> str:
    if key == "count":
        return f"{int(v):,}"
    v = float(v)
    return "n/a" if math.isnan(v) else f"{v:.4f}"


def fairness_report(y_true: Any, y_pred: Any, sensitive_features: Any, *, data: Mapping[str, Sequence] | None = None,
                    groups: Sequence[Any] | None = None, pos_label: Any = 1) -> FairnessReport:
    """Per-group accuracy, selection rate, TPR and FPR, and the demographic-parity and equalized-odds gaps.

    The numbers come from fairlearn's ``MetricFrame`` and its ``demographic_parity_difference`` /
    ``_ratio`` and ``equalized_odds_difference`` / ``_ratio``: a difference is the largest minus the
    smallest group value (0 is parity), a ratio the smallest over the largest (1 is parity).

    Args:
        y_true (array-like): the true labels, one per sample (binary).
        y_pred (array-like): the predicted labels.
        sensitive_features (array-like or str): the group of each sample, or the name of a column of ``data``.
        data (mapping, optional): columns by name, for a ``sensitive_features`` given by name. Default: ``None``.
        groups (sequence, optional): the groups that must be present; one with no samples is an error.
            Default: ``None`` (the groups found).
        pos_label (optional): the positive (selected) label. Default: ``1``.

    Returns:
        FairnessReport: print it for a table, ``.as_dict()`` for JSON, ``.plot()`` for a figure.

    Example:
        >>> y_true = [1, 1, 0, 0, 1, 1, 0, 0]
        >>> y_pred = [1, 1, 1, 0, 1, 0, 0, 0]
        >>> sex = ['F', 'F', 'F', 'F', 'M', 'M', 'M', 'M']
        >>> r = glassnet.fairness.fairness_report(y_true, y_pred, sex)
        >>> r.by_group['F']['selection_rate'], r.by_group['M']['selection_rate']
        (0.75, 0.25)
        >>> r.gaps['demographic_parity_difference'], r.gaps['equalized_odds_difference']
        (0.5, 0.5)
    """
    require_fairlearn("fairness_report")
    from fairlearn.metrics import (
        MetricFrame,
        count,
        demographic_parity_difference,
        demographic_parity_ratio,
        equalized_odds_difference,
        equalized_odds_ratio,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score

    yt, yp = _as_array(y_true, "y_true"), _as_array(y_pred, "y_pred")
    if len(yt) != len(yp):
        raise ValueError(f"fairness_report: y_true has {len(yt)} values but y_pred has {len(yp)}")
    if len(yt) == 0:
        raise ValueError("fairness_report: no samples (y_true is empty)")
    sf, name = resolve_sensitive(sensitive_features, data, len(yt))
    if groups is not None:
        present = set(sf.tolist())
        missing = [str(g) for g in groups if str(g).strip() not in present]
        if missing:
            raise ValueError(f"fairness_report: group{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))} "
                             f"of {name!r} {'have' if len(missing) > 1 else 'has'} no samples (present: "
                             f"{', '.join(sorted(present))})")
    # Binary 0/1 in the positive label's terms, so selection rate and TPR/FPR mean the same for any labels.
    yt = (yt == pos_label).astype(int)
    yp = (yp == pos_label).astype(int)
    fns = {"count": count, "accuracy": accuracy_score, "selection_rate": selection_rate,
           "true_positive_rate": true_positive_rate, "false_positive_rate": false_positive_rate}
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a group without positives has an undefined TPR: shown as n/a
        frame = MetricFrame(metrics=fns, y_true=yt, y_pred=yp, sensitive_features=sf)
        gaps = {
            "demographic_parity_difference": demographic_parity_difference(yt, yp, sensitive_features=sf),
            "demographic_parity_ratio": demographic_parity_ratio(yt, yp, sensitive_features=sf),
            "equalized_odds_difference": equalized_odds_difference(yt, yp, sensitive_features=sf),
            "equalized_odds_ratio": equalized_odds_ratio(yt, yp, sensitive_features=sf),
        }
    by_group = {str(g): {k: float(v) for k, v in row.items()} for g, row in frame.by_group.iterrows()}
    overall = {k: float(v) for k, v in frame.overall.items()}
    return FairnessReport(by_group, overall, {k: float(v) for k, v in gaps.items()}, name)


def comparison_table(reports: Mapping[str, FairnessReport]) -> str:
    """A Markdown table comparing reports (before and after mitigations): accuracy and the gaps.

    Args:
        reports (mapping): row name -> FairnessReport, all on the same test split.

    Returns:
        str: the table, one row per report.

    Example:
        >>> a = glassnet.fairness.fairness_report([1, 0, 1, 0], [1, 0, 0, 0], ['a', 'a', 'b', 'b'])
        >>> print(glassnet.fairness.comparison_table({'model': a}).splitlines()[2])
        | model | 0.7500 | 0.5000 | 0.0000 | 1.0000 | 0.0000 |
    """
    head = "| method | accuracy | DP difference | DP ratio | EO difference | EO ratio |"
    lines = [head, "|---|---:|---:|---:|---:|---:|"]
    for name, r in reports.items():
        vals = [r.overall["accuracy"], *[r.gaps[k] for k in GAPS]]
        lines.append(f"| {name} | " + " | ".join(_fmt(v, "") for v in vals) + " |")
    return "\n".join(lines)
