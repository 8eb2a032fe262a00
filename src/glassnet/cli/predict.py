"""``glassnet predict RUN_DIR INPUT``: classify an image, a .npy array or raw CSV rows with a saved run."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy

from .errors import CLIError, warn
from .images import STEPS, load_drawing
from .runs import load_model, read_json

NAME = "predict"
HELP = "Classify an image (PNG/JPEG), a .npy array or CSV rows with a saved run; prints the top classes."
DESCRIPTION = f"""{HELP}

Images are prepared as the training images were made, unless --no-preprocess: {STEPS}.
A .npy array is taken as it is (one sample, or a batch of samples of the model's input shape).
A CSV file (for a run trained on a CSV) holds raw rows, with or without a header and with or without
the label column; they are encoded with the run's preprocessing.json (the categories and the
standardisation fitted on the training rows) and one prediction is printed per row."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet predict``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet train'")
    p.add_argument("input", metavar="INPUT", help="an image file, a .npy array, or a .csv of raw rows")
    p.add_argument("--top", type=int, default=3, help="how many classes to show (default: 3)")
    p.add_argument("--no-preprocess", action="store_true",
                   help="only resize an image to the model's input and scale it to [0, 1] (no cropping, "
                        "centring or inversion)")
    p.add_argument("--no-invert", action="store_true",
                   help="never invert an image (by default dark-on-light drawings are inverted: the training "
                        "digits are light on dark)")


def run(args: argparse.Namespace) -> int:
    """Print the top classes with probabilities for each sample."""
    import glassnet as gn

    model, config, run_dir = load_model(args.run_dir)
    shape = tuple(config["input_shape"])
    path = Path(args.input)
    if not path.is_file():
        raise CLIError(f"input file not found: {path}")
    labels = None
    if path.suffix.lower() == ".npy":
        try:
            x = numpy.load(path, allow_pickle=False).astype(numpy.float32)
        except ValueError as e:
            raise CLIError(f"cannot read {path} as a numeric .npy array: {e}") from None
        n_feat = int(numpy.prod(shape))
        if x.size % n_feat:
            raise CLIError(f"{path} holds {x.size} values, not a multiple of one sample {shape}")
        x = x.reshape(-1, *shape)
    elif path.suffix.lower() in (".csv", ".tsv", ".txt", ".data", ".test"):
        x, labels = _csv_rows(path, run_dir)
    else:
        x = load_drawing(path, shape, config["dataset"], preprocess=not args.no_preprocess,
                         invert=not args.no_invert)[None]
    with gn.no_grad():
        out = model(gn.from_numpy(numpy.ascontiguousarray(x))).numpy()
    name = "row" if labels is not None else "sample"
    if config.get("task", "classification") == "regression":
        target = config.get("target") or {"mean": 0.0, "scale": 1.0}
        for i, v in enumerate(out[:, 0] * target["scale"] + target["mean"]):  # back to the label's units
            print(f"{name} {i + 1}: {v:.6g}" if len(out) > 1 or labels is not None else f"{v:.6g}")
        return 0
    probs = _softmax(out)
    classes = config["classes"]
    k = max(1, min(args.top, len(classes)))
    for i, p in enumerate(probs):
        top = numpy.argsort(-p, kind="stable")[:k]
        prefix = f"{name} {i + 1}: " if len(probs) > 1 or labels is not None else ""
        print(prefix + ", ".join(f"{classes[j]} ({p[j]:.1%})" for j in top))
    if labels is not None:
        known = [(j, lab) for j, lab in enumerate(labels) if lab in classes]
        if known:
            hits = sum(int(classes[int(probs[j].argmax())] == lab) for j, lab in known)
            print(f"accuracy on the {len(known):,} rows with a known label: {hits / len(known):.2%}")
    return 0


def _softmax(z: numpy.ndarray) -> numpy.ndarray:
    e = numpy.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _csv_rows(path: Path, run_dir: Path) -> tuple[numpy.ndarray, list[str] | None]:
    """Raw CSV rows encoded with the run's preprocessing, and their labels when the rows hold them."""
    from ..data.datasets import TabularPreprocessor

    pre_path = run_dir / "preprocessing.json"
    if not pre_path.is_file():
        raise CLIError(f"{run_dir} was not trained on a CSV (it has no preprocessing.json), so it cannot read "
                       f"{path}; give an image or a .npy array")
    state = read_json(pre_path)
    pre = TabularPreprocessor.from_state_dict(state)
    rows, names = read_csv_rows(path, pre)
    try:
        x = pre.transform(names, rows)
        unknown = pre.unknown_categories(names, rows)
    except ValueError as e:
        raise CLIError(f"{path}: {e}") from None
    for col, values in unknown.items():
        shown = ", ".join(repr(v) for v in values[:5]) + (" ..." if len(values) > 5 else "")
        warn(f"column {col!r} has values the training rows never had ({shown}); they are encoded as all-zero")
    label = state.get("label") or {}
    labels = None
    cols = names if names is not None else (pre.column_names if len(rows[0]) == len(pre.column_names) else None)
    if cols is not None and label.get("name") in cols:
        j = cols.index(label["name"])
        labels = [r[j] for r in rows]
    return x, labels if labels is not None else []


def read_csv_rows(path: Path, pre) -> tuple[list[list[str]], list[str] | None]:
    """A CSV's data rows and, when its first row names the run's columns, that header (else None)."""
    from ..data.datasets import read_table

    try:
        table = read_table(path, header=False, on_bad_lines="skip")
    except (OSError, ValueError) as e:
        raise CLIError(f"cannot read {path}: {e}") from None
    for reason, n in table.dropped.items():
        warn(f"skipped {n:,} row{'s' if n != 1 else ''} of {path} {reason}")
    rows = table.rows
    if not rows:
        raise CLIError(f"{path} holds no rows")
    wanted = {c["name"] for c in pre.columns}
    # The rows have a header when their first row names the model's columns (a data row cannot).
    names = rows[0] if wanted <= set(rows[0]) else None
    if names is not None:
        rows = rows[1:]
        if not rows:
            raise CLIError(f"{path} holds a header but no rows")
    return rows, names
