"""``glassnet fairness RUN_DIR --data FILE.csv --sensitive COLUMN``: a CSV run's fairness across groups."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy

from .errors import CLIError, warn
from .runs import load_model, read_json, write_json

NAME = "fairness"
HELP = "Measure a CSV run's fairness on labelled rows: per-group accuracy, selection rate, TPR/FPR and the gaps."
DESCRIPTION = f"""{HELP}

The rows of --data are encoded with the run's preprocessing.json (as 'glassnet predict' does) and
must hold the label column and the --sensitive column (which need not be a model input). The numbers
come from fairlearn's MetricFrame (pip install "glassnet[fairness]"): a difference is the largest
minus the smallest group value (0 is parity), a ratio the smallest over the largest (1 is parity).
The report goes to fairness.json and fairness.png in the run folder (or --out)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet fairness``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet train' on a CSV")
    p.add_argument("--data", required=True, metavar="FILE.csv",
                   help="labelled rows to measure on (held-out rows: a test file), with or without a header")
    p.add_argument("--sensitive", required=True, metavar="COLUMN", help="the column that names each row's group")
    p.add_argument("--positive", default=None, metavar="LABEL",
                   help="the favourable label (default: the last of the run's classes, e.g. 1 or >50K)")
    p.add_argument("--groups", default=None, metavar="A,B",
                   help="comma-separated groups that must be present (a group with no rows is an error)")
    p.add_argument("--out", default=None, metavar="FOLDER", help="where fairness.json and fairness.png go "
                                                                 "(default: RUN_DIR)")
    p.add_argument("--batch-size", type=int, default=1024, help="rows per forward pass (default: 1024)")


def read_labelled_rows(path: Path, run_dir: Path, sensitive: str) -> tuple[numpy.ndarray, list[str], list[str], dict]:
    """Encoded inputs, raw labels and raw sensitive values of a CSV's rows, and the run's label info."""
    from ..data.datasets import TabularPreprocessor
    from .predict import read_csv_rows

    pre_path = run_dir / "preprocessing.json"
    if not pre_path.is_file():
        raise CLIError(f"{run_dir} was not trained on a CSV (it has no preprocessing.json); 'glassnet fairness' "
                       "measures CSV runs")
    if not path.is_file():
        raise CLIError(f"--data {path}: file not found")
    state = read_json(pre_path)
    pre = TabularPreprocessor.from_state_dict(state)
    rows, names = read_csv_rows(path, pre)
    cols = names if names is not None else (pre.column_names if len(rows[0]) == len(pre.column_names) else None)
    if cols is None:
        raise CLIError(f"{path} has no header and {len(rows[0])} columns, but the run was trained on "
                       f"{len(pre.column_names)} ({', '.join(pre.column_names)})")
    label = state.get("label") or {}
    if sensitive not in cols:
        raise CLIError(f"--sensitive {sensitive!r}: no such column in {path}; the columns are: {', '.join(cols)}")
    if label.get("name") not in cols:
        raise CLIError(f"{path} has no label column {label.get('name')!r}, so predictions cannot be scored")
    try:
        x = pre.transform(names, rows)
    except ValueError as e:
        raise CLIError(f"{path}: {e}") from None
    j, k = cols.index(label["name"]), cols.index(sensitive)
    return x, [r[j] for r in rows], [r[k] for r in rows], label


def _match_labels(labels: list[str], classes: list[str]) -> tuple[numpy.ndarray, int]:
    """Class index per row (-1 unknown); a test file's '>50K.' is read as '>50K' (UCI Adult's test labels)."""
    index = {c: i for i, c in enumerate(classes)}
    out, fixed = numpy.full(len(labels), -1, dtype=numpy.int64), 0
    for i, lab in enumerate(labels):
        if lab in index:
            out[i] = index[lab]
        elif lab.rstrip(".") in index:
            out[i], fixed = index[lab.rstrip(".")], fixed + 1
    return out, fixed


def run(args: argparse.Namespace) -> int:
    """Print the fairness report and write fairness.json and fairness.png."""
    import glassnet as gn

    try:  # scikit-learn and fairlearn are the [fairness] extra: say so, never a traceback
        from ..fairness import fairness_report
        from ..fairness._deps import require_fairlearn

        require_fairlearn("glassnet fairness")
    except ImportError as e:
        raise CLIError(str(e)) from None
    if args.batch_size < 1:
        raise CLIError(f"--batch-size must be >= 1, got {args.batch_size}")
    model, config, run_dir = load_model(args.run_dir)
    if config.get("task", "classification") != "classification":
        raise CLIError(f"{run_dir} is a regression run; fairness is measured on a classifier's decisions")
    out = Path(args.out) if args.out else run_dir
    if not out.is_dir():
        raise CLIError(f"--out {out}: no such folder")
    classes = [str(c) for c in config["classes"]]
    positive = args.positive if args.positive is not None else classes[-1]
    if positive not in classes:
        raise CLIError(f"--positive {positive!r} is not one of the run's classes: {', '.join(classes)}")
    data = Path(args.data)
    x, raw_labels, groups, _ = read_labelled_rows(data, run_dir, args.sensitive)
    y_true, fixed = _match_labels(raw_labels, classes)
    if fixed:
        print(f"glassnet fairness: read {fixed:,} labels with a trailing '.' as the run's classes")
    known = y_true >= 0
    if not known.all():
        warn(f"skipped {int((~known).sum()):,} rows whose label is not one of the run's classes")
    if not known.any():
        raise CLIError(f"no row of {data} has a label among the run's classes ({', '.join(classes)})")
    t0 = time.perf_counter()
    with gn.no_grad():
        y_pred = gn.train.predict(model, gn.from_numpy(numpy.ascontiguousarray(x[known])),
                                  batch_size=args.batch_size).numpy().argmax(1)
    pos = classes.index(positive)
    sens = [g for g, k in zip(groups, known) if k]
    wanted = [g.strip() for g in args.groups.split(",")] if args.groups else None
    try:
        report = fairness_report(y_true[known], y_pred, args.sensitive, data={args.sensitive: sens}, groups=wanted,
                                 pos_label=pos)
    except ValueError as e:
        raise CLIError(str(e).replace("fairness_report: ", "")) from None
    print(f"{config['model']} from {run_dir} on {data} ({int(known.sum()):,} rows), positive label {positive!r}:")
    print(report)
    result = {"format": "glassnet-fairness", "run": str(run_dir), "data": str(data.resolve()),
              "rows": int(known.sum()), "positive_label": positive, "seconds": round(time.perf_counter() - t0, 3),
              **report.as_dict()}
    write_json(out / "fairness.json", result)
    from ..inspect import save_figure

    save_figure(report.plot(), out / "fairness.png")
    written = [out / "fairness.json", out / "fairness.png"]
    if out.resolve() == run_dir.resolve():  # the card's per-group section comes from this fairness.json
        from ..model_card import write_model_card

        written += [out / name for name in write_model_card(run_dir)]
    print("wrote " + ", ".join(str(p) for p in written))
    return 0
