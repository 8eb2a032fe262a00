"""Datasets the command knows by name: digits (shipped), mnist, fashion-mnist, csv:PATH."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy

from .errors import CLIError, warn

NAMES = ("digits", "mnist", "fashion-mnist", "csv:PATH")
DATA_ENV = "GLASSNET_DATA"
IDX_FOLDERS = ("", "mnist", "MNIST", "MNIST/raw", "mnist/raw", "fashion-mnist", "FashionMNIST",
               "FashionMNIST/raw", "fashion_mnist")
MAX_AUTO_CLASSES = 100  # more distinct integer labels than this is almost surely a quantity, not a class


@dataclass
class Loaded:
    """Train/test arrays plus what a model needs to know about them."""

    name: str
    x_train: numpy.ndarray
    y_train: numpy.ndarray
    x_test: numpy.ndarray
    y_test: numpy.ndarray
    classes: list[str]
    input_shape: tuple[int, ...]
    info: dict[str, Any] = field(default_factory=dict)
    x_val: numpy.ndarray | None = None  # set when the loader made its own validation split
    y_val: numpy.ndarray | None = None
    task: str = "classification"  # or "regression" (a CSV with a real-valued label)
    preprocessing: dict | None = None  # a CSV's fitted encoding (TabularPreprocessor.state_dict())
    target: dict | None = None  # regression: training labels' {"mean", "scale"}; the model learns (y - mean) / scale
    notes: list[str] = field(default_factory=list)  # what loading found, for the user


def default_data_dir() -> Path:
    """Where MNIST-style files are looked for when --data-dir is not given: $GLASSNET_DATA or ~/.glassnet/data."""
    return Path(os.environ.get(DATA_ENV, Path.home() / ".glassnet" / "data"))


def csv_options(header: Any = "auto", label_column: Any = -1, columns: list[str] | None = None,
                task: str = "auto") -> dict:
    """The CSV reading choices a run records, so evaluate and predict read the file the same way."""
    return {"header": header, "label_column": label_column, "columns": columns, "task": task}


def load(name: str, data_dir: str | os.PathLike | None = None, val_split: float = 0.1,
         csv: dict | None = None) -> Loaded:
    """Load a dataset by its command-line name."""
    if name == "digits":
        from ..data.datasets import digits

        train, test = digits()
        xtr, ytr = train.tensors[0]._data, train.tensors[1]._data
        xte, yte = test.tensors[0]._data, test.tensors[1]._data
        return Loaded("digits", xtr, ytr, xte, yte, [str(i) for i in range(10)], (1, 8, 8))
    if name in ("mnist", "fashion-mnist"):
        return _load_idx(name, Path(data_dir) if data_dir else default_data_dir())
    if name.startswith("csv:"):
        return _load_csv(name[4:], val_split, csv or csv_options())
    raise CLIError(f"unknown dataset {name!r}; choose one of: {', '.join(NAMES)}")


def infer_dataset(data_dir: str | os.PathLike) -> str:
    """The dataset a --data-dir holds (mnist or fashion-mnist, told apart by their label counts)."""
    root = Path(data_dir)
    if not root.is_dir():
        raise CLIError(f"--data-dir {root} is not a folder")
    for sub in IDX_FOLDERS:
        for stem in ("train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte"):
            if (root / sub / stem).is_file():
                return _name_by_labels(root / sub / stem) or "mnist"
    csvs = sorted(root.glob("*.csv"))
    hint = f" (for a table, pass --dataset csv:{csvs[0]})" if csvs else ""
    raise CLIError(f"--data-dir {root} holds no MNIST/Fashion-MNIST IDX files (train-labels-idx1-ubyte.gz ...); "
                   f"name the dataset with --dataset, one of: {', '.join(NAMES)}{hint}")


def _name_by_labels(path: Path) -> str | None:
    """'fashion-mnist' for 6,000 training labels per class, 'mnist' for MNIST's uneven counts, else None."""
    from ..data.datasets.mnist import LABEL_MAGIC, read_idx

    try:
        labels = read_idx(path, LABEL_MAGIC)
    except ValueError:
        return None
    return _name_by_counts(labels)


def _name_by_counts(labels: numpy.ndarray) -> str | None:
    counts = numpy.bincount(labels.astype(numpy.int64), minlength=10)
    if len(labels) != 60000 or len(counts) != 10:
        return None
    # Fashion-MNIST is balanced by design; MNIST's training classes range from 5,421 to 6,742 images.
    return "fashion-mnist" if (counts == 6000).all() else "mnist"


def _load_idx(name: str, root: Path) -> Loaded:
    from ..data import datasets as ds

    cls = ds.MNIST if name == "mnist" else ds.FashionMNIST
    try:
        train, test = cls(root, train=True), cls(root, train=False)
    except FileNotFoundError as e:
        raise CLIError(f"{e}\nThe default folder is $GLASSNET_DATA or ~/.glassnet/data; --data-dir names another."
                       ) from None

    def arrays(d: Any) -> tuple[numpy.ndarray, numpy.ndarray]:
        x = d.data._data.astype(numpy.float32) / numpy.float32(255.0)
        return x.reshape(len(x), 1, 28, 28), d.targets._data.astype(numpy.int64)

    xtr, ytr = arrays(train)
    xte, yte = arrays(test)
    looks = _name_by_counts(ytr)
    if looks is not None and looks != name:
        other = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}
        warn(f"the files in {root} look like {other[looks]}, not {other[name]} (their training labels have "
             f"{'exactly 6,000 per class' if looks == 'fashion-mnist' else 'uneven class counts'}); "
             f"if so, pass --dataset {looks}")
    return Loaded(name, xtr, ytr, xte, yte, list(cls.classes), (1, 28, 28),
                  info={"data_dir": str(root.resolve())})


def _load_csv(path: str, val_split: float, opts: dict) -> Loaded:
    """A CSV table: label column by name or index; features encoded and standardised on the training rows only."""
    from ..data.datasets import load_csv

    if not Path(path).is_file():
        raise CLIError(f"CSV file not found: {path}")
    task = opts.get("task", "auto")
    kwargs = dict(label_column=opts.get("label_column", -1), test_size=0.2,
                  val_size=val_split * 0.8 if val_split else 0.0, header=opts.get("header", "auto"),
                  names=opts.get("columns"), on_bad_lines="skip")
    try:
        if task == "regression":
            splits = load_csv(path, stratify=False, label_dtype="float32", **kwargs)
            if splits.classes is not None:
                raise CLIError(f"{path}: label column {splits.label_name!r} holds text ({splits.classes[0]!r} ...), "
                               "which cannot be regressed; leave out --task regression to classify it")
        else:
            splits = load_csv(path, stratify=True, **kwargs)
            if splits.test is None:  # classes of one row each cannot be stratified: split at random instead
                splits = load_csv(path, stratify=False, **kwargs)
            if splits.classes is None and splits.train.tensors[1]._data.dtype.kind == "f":
                if task == "classification":
                    raise CLIError(f"{path}: label column {splits.label_name!r} holds non-integer numbers, which "
                                   "cannot be classes; use --task regression")
                task = "regression"  # a real-valued label: predict the number
                splits = load_csv(path, stratify=False, **kwargs)
    except ValueError as e:
        if "test_size=" in str(e):  # split_indices could not take the rows a split needs
            raise CLIError(f"{path}: too few rows to split into training, validation and test rows ({e})") from None
        raise CLIError(str(e)) from None
    if splits.train is None or splits.test is None:
        raise CLIError(f"{path}: {splits.rows_read} rows are too few to split into training and test rows")

    parts = [splits.train, splits.test] + ([splits.val] if splits.val is not None else [])
    xs = [p.tensors[0]._data for p in parts]
    ys = [p.tensors[1]._data for p in parts]
    target = None
    if task == "regression":
        classes: list[str] = []
        # Standardise the label with the training rows' statistics: a price in the 100,000s would
        # otherwise take the output layer thousands of steps to reach. Scores are reported in its own units.
        mean, scale = float(ys[0].mean()), float(ys[0].std()) or 1.0
        target = {"mean": mean, "scale": scale}
        ys = [((y.astype(numpy.float64) - mean) / scale).astype(numpy.float32).reshape(-1, 1) for y in ys]
    else:
        task = "classification"
        if splits.classes is not None:
            classes = [str(c) for c in splits.classes]
        else:
            # Integer labels (0/1, 1..5 ...) are classes; codes 0..K-1 in the order of their values.
            values = numpy.unique(numpy.concatenate(ys))
            if len(values) > MAX_AUTO_CLASSES and opts.get("task") != "classification":
                raise CLIError(f"{path}: label column {splits.label_name!r} holds {len(values)} distinct integers, "
                               "too many to be classes; use --task regression (or --task classification to insist)")
            classes = [str(int(v)) for v in values]
            ys = [numpy.searchsorted(values, y).astype(numpy.int64) for y in ys]
        ys = [y.astype(numpy.int64) for y in ys]
    used = sum(len(x) for x in xs)
    dropped = sum(splits.dropped.values())
    why = ", ".join(f"{n:,} {reason}" for reason, n in splits.dropped.items())
    notes = [f"read {splits.rows_read:,} rows from {path}; dropped {dropped:,}{f' ({why})' if why else ''}; "
             f"using {used:,}"]
    if not splits.has_header and not opts.get("columns"):
        names = splits.preprocessor.column_names
        notes.append(f"no header row found, so the columns are named {names[0]}..{names[-1]} and the label is "
                     f"{splits.label_name!r}; name them with --columns, or say --header if the first row is one")
    preprocessing = splits.preprocessor.state_dict()
    preprocessing["label"] = {"name": splits.label_name, "classes": classes, "task": task, "target": target}
    return Loaded(f"csv:{Path(path).resolve()}", xs[0], ys[0], xs[1], ys[1], classes, tuple(xs[0].shape[1:]),
                  {"feature_columns": splits.feature_names, "label_column": splits.label_name,
                   "rows": {"read": splits.rows_read, "dropped": dict(splits.dropped), "used": used}},
                  x_val=xs[2] if len(xs) > 2 else None, y_val=ys[2] if len(ys) > 2 else None,
                  task=task, preprocessing=preprocessing, target=target, notes=notes)
