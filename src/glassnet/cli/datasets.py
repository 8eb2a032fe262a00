"""Datasets the command knows by name: digits (shipped), mnist, fashion-mnist, csv:PATH."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy

from .errors import CLIError

NAMES = ("digits", "mnist", "fashion-mnist", "csv:PATH")


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


def default_data_dir() -> Path:
    """Where MNIST-style files are looked for when --data-dir is not given."""
    return Path(os.environ.get("GLASSNET_DATA", Path.home() / ".glassnet" / "data"))


def load(name: str, data_dir: str | None = None, val_split: float = 0.1) -> Loaded:
    """Load a dataset by its command-line name."""
    if name == "digits":
        from ..data.datasets import digits

        train, test = digits()
        xtr, ytr = train.tensors[0]._data, train.tensors[1]._data
        xte, yte = test.tensors[0]._data, test.tensors[1]._data
        return Loaded("digits", xtr, ytr, xte, yte, [str(i) for i in range(10)], (1, 8, 8))
    if name in ("mnist", "fashion-mnist"):
        from ..data import datasets as ds

        cls = ds.MNIST if name == "mnist" else ds.FashionMNIST
        root = Path(data_dir) if data_dir else default_data_dir()
        try:
            train, test = cls(root, train=True), cls(root, train=False)
        except FileNotFoundError as e:
            raise CLIError(str(e).splitlines()[0] if str(e) else f"{name} files not found under {root}") from None

        def arrays(d: Any) -> tuple[numpy.ndarray, numpy.ndarray]:
            x = numpy.asarray(d.data._data if hasattr(d.data, "_data") else d.data, dtype=numpy.float32)
            y = numpy.asarray(d.targets._data if hasattr(d.targets, "_data") else d.targets, dtype=numpy.int64)
            return (x / 255.0).reshape(len(x), 1, 28, 28).astype(numpy.float32), y

        xtr, ytr = arrays(train)
        xte, yte = arrays(test)
        return Loaded(name, xtr, ytr, xte, yte, list(getattr(train, "classes", [str(i) for i in range(10)])),
                      (1, 28, 28))
    if name.startswith("csv:"):
        return _load_csv(name[4:], val_split)
    raise CLIError(f"unknown dataset {name!r}; choose one of: {', '.join(NAMES)}")


def _load_csv(path: str, val_split: float) -> Loaded:
    """A CSV whose last column is the class label; features standardised on the training rows only."""
    from ..data.datasets import load_csv

    if not Path(path).is_file():
        raise CLIError(f"CSV file not found: {path}")
    splits = load_csv(path, test_size=0.2, val_size=val_split * 0.8 if val_split else 0.0, stratify=True)
    if splits.classes is None:
        raise CLIError(f"{path}: the label column must hold class names or integers for classification")

    def arrays(ds: Any) -> tuple[numpy.ndarray, numpy.ndarray]:
        return ds.tensors[0]._data, ds.tensors[1]._data.astype(numpy.int64)

    xtr, ytr = arrays(splits.train)
    xte, yte = arrays(splits.test)
    xva, yva = arrays(splits.val) if splits.val is not None else (None, None)
    return Loaded(f"csv:{path}", xtr, ytr, xte, yte, [str(c) for c in splits.classes], tuple(xtr.shape[1:]),
                  {"feature_columns": splits.feature_names, "label_column": splits.label_name},
                  x_val=xva, y_val=yva)
