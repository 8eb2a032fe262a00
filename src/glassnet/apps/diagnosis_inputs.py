"""The inputs of ``glassnet app diagnosis``: chest X-ray folders, MedMNIST ``.npz`` files and measurement CSVs.

Each reader returns plain NumPy arrays with labels 1 = the condition, 0 = not, and refuses bad input with one
message naming the file and the line, column or key. Rows or images it cannot use are counted in a ``DropLog``,
which goes into the run folder's report.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..cli.errors import CLIError

NPZ_KEYS = ("train_images", "train_labels", "val_images", "val_labels", "test_images", "test_labels")
MISSING = ("", "NA", "N/A", "NaN", "nan", "?", "null", "None")


@dataclass
class Splits:
    """Train, validation and test arrays, the names of class 0 and class 1, and where they came from."""

    x_tr: np.ndarray
    y_tr: np.ndarray
    x_va: np.ndarray
    y_va: np.ndarray
    x_te: np.ndarray
    y_te: np.ndarray
    classes: tuple[str, str]
    source: str
    feature_names: list[str] | None = None


class DropLog:
    """Rows or images left out while reading, kept until the run folder exists (which happens only once the
    input has been read without error): ``dropped(source, count, why)`` as ``AppRun.dropped``."""

    def __init__(self) -> None:
        self.items: list[tuple[str, int, str]] = []

    def dropped(self, source: str, count: int, why: str) -> None:
        """Record that ``count`` rows of ``source`` were left out and why."""
        if count:
            self.items.append((str(source), int(count), why))


def split_three(x: np.ndarray, y: np.ndarray, seed: int, val: float = 0.2, test: float = 0.2
                ) -> tuple[np.ndarray, ...]:
    """Stratified train / validation / test split (60/20/20 by default) of one set."""
    from ..data.datasets.tabular import split_indices

    rest, te = split_indices(len(y), test_size=test, stratify=y, random_state=seed)
    tr, va = split_indices(len(rest), test_size=val / (1 - test), stratify=y[rest], random_state=seed + 1)
    tr, va = rest[tr], rest[va]
    return x[tr], y[tr], x[va], y[va], x[te], y[te]


def _positive_index(classes: list[str], positive: str | None, where: str) -> int:
    if len(classes) != 2:
        raise CLIError(f"{where}: expected exactly two classes (without / with the condition), found "
                       f"{len(classes)}: {classes}")
    if positive is None:
        return 1
    if positive not in classes:
        raise CLIError(f"{where}: --positive {positive!r} is not one of the classes {classes}")
    return classes.index(positive)


def _image_dirs(root: Path) -> dict[str, Path]:
    """The split folders of a chest_xray-style tree (train/ val/ test/), or {'all': root} for one class tree."""
    subs = {d.name.lower(): d for d in root.iterdir() if d.is_dir()}
    if "train" in subs and "test" in subs:
        return {k: subs[k] for k in ("train", "val", "test") if k in subs}
    return {"all": root}


def _grey_loader(size: int) -> Any:
    """An ImageFolder loader that opens an image as a grey ``size`` x ``size`` PIL image."""
    try:
        from PIL import Image
    except ImportError:
        raise CLIError("reading an image folder needs Pillow: pip install \"glassnet[images]\"") from None

    def load(path: str) -> Any:
        with Image.open(path) as img:
            # A JPEG X-ray of a few megapixels decodes at 1/2 to 1/8 scale when that still leaves twice the
            # target size: the folder reads many times faster, and the box filter below averages the rest.
            img.draft("L", (2 * size, 2 * size))
            return img.convert("L").resize((size, size), Image.Resampling.BOX)

    return load


def _read_folder(folder: Path, size: int, positive: str | None, drops: DropLog) -> tuple[np.ndarray, np.ndarray, list]:
    from ..data import ImageFolder
    from ..data import transforms as T

    try:
        ds = ImageFolder(folder, transform=T.ToTensor(), loader=_grey_loader(size))
    except FileNotFoundError as e:
        raise CLIError(str(e)) from None
    pos = _positive_index(ds.classes, positive, str(folder))
    images, labels, bad = [], [], 0
    for path, target in ds.samples:
        try:
            img = ds.transform(ds.loader(path))
        except Exception:  # noqa: BLE001 - any unreadable image is counted and left out, never fatal
            bad += 1
            continue
        images.append(np.asarray(img.numpy(), dtype=np.float32))
        labels.append(int(target == pos))
    drops.dropped(str(folder), bad, "image files Pillow could not read")
    if not images:
        raise CLIError(f"{folder}: none of the {len(ds.samples)} image files could be read")
    return np.stack(images), np.asarray(labels, dtype=np.int64), [ds.classes[1 - pos], ds.classes[pos]]


def load_image_folder(root: str | os.PathLike, size: int, positive: str | None, seed: int, drops: DropLog) -> Splits:
    """Grey ``size`` x ``size`` images from ``root/<class>/*`` (split 60/20/20), or ``root/{train,val,test}/<class>/*``
    (a val/ folder under 50 images, like the Kaggle set's 16, is replaced by a fifth of train/)."""
    root = Path(root)
    dirs = _image_dirs(root)
    if "all" in dirs:
        x, y, classes = _read_folder(root, size, positive, drops)
        parts = split_three(x, y, seed)
    else:
        read = {k: _read_folder(d, size, positive, drops) for k, d in dirs.items()}
        classes = read["train"][2]
        x_tr, y_tr = read["train"][:2]
        if "val" in read and len(read["val"][1]) >= 50:
            x_va, y_va = read["val"][:2]
        else:  # no val folder, or one too small to set a threshold on (the Kaggle set's has 16 images)
            from ..data.datasets.tabular import split_indices

            tr, va = split_indices(len(y_tr), test_size=0.2, stratify=y_tr, random_state=seed)
            x_tr, y_tr, x_va, y_va = x_tr[tr], y_tr[tr], x_tr[va], y_tr[va]
        parts = (x_tr, y_tr, x_va, y_va, *read["test"][:2])
    return Splits(*parts, classes=tuple(classes), source=f"image folder {root}")


def load_npz(path: str | os.PathLike, positive: str | None) -> Splits:
    """MedMNIST's layout (``pneumoniamnist.npz``): uint8 images and 0/1 labels for train, val and test."""
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise CLIError(f"{path}: not a readable .npz file ({e})") from None
    missing = [k for k in NPZ_KEYS if k not in data.files]
    if missing:
        raise CLIError(f"{path}: missing key(s) {missing}; a MedMNIST .npz has {list(NPZ_KEYS)} "
                       f"(this file has {data.files})")
    out = []
    for part in ("train", "val", "test"):
        x, y = np.asarray(data[f"{part}_images"]), np.asarray(data[f"{part}_labels"]).reshape(-1)
        if x.ndim == 4 and x.shape[-1] in (1, 3):
            x = x.mean(-1)  # MedMNIST keeps a trailing channel for colour sets; grey is enough here
        if x.ndim != 3 or len(x) != len(y):
            raise CLIError(f"{path}: {part}_images must be (N, H, W) with one label each, got {x.shape} "
                           f"images and {y.shape[0]} labels")
        values = sorted(set(y.tolist()))
        if not set(values) <= {0, 1}:
            raise CLIError(f"{path}: {part}_labels must be 0/1 (binary), found the values {values[:10]}")
        scale = 255.0 if x.dtype == np.uint8 else 1.0
        out += [(x.astype(np.float32) / scale)[:, None], y.astype(np.int64)]
    classes = ["0", "1"]
    if positive is not None:
        if positive not in classes:
            raise CLIError(f"{path}: --positive must be 0 or 1 for a .npz file, got {positive!r}")
        if positive == "0":
            out = [1 - a if i % 2 else a for i, a in enumerate(out)]
            classes = ["1", "0"]
    return Splits(*out, classes=(classes[0], classes[1]), source=f"MedMNIST file {path}")


def read_measurements(path: str | os.PathLike, label: str, positive: str | None, drops: DropLog
                      ) -> tuple[np.ndarray, np.ndarray, list[str], tuple[str, str]]:
    """A CSV with a header row: numeric feature columns and the ``label`` column with two values.

    Rows with a missing value are counted and left out; a value that is not a number is an error naming the
    line and column. Returns features, 0/1 labels, the feature names and the (negative, positive) label values.
    """
    try:
        fh = open(path, newline="", encoding="utf-8")
    except OSError as e:
        raise CLIError(f"{path}: cannot read the file ({e.strerror})") from None
    with fh:
        try:
            rows = [(n, [v.strip() for v in r]) for n, r in enumerate(csv.reader(fh), start=1)
                    if any(v.strip() for v in r)]
        except UnicodeDecodeError as e:
            raise CLIError(f"{path}: not a UTF-8 text file (byte {e.start}: {e.reason}); save the CSV as UTF-8"
                           ) from None
        except csv.Error as e:
            raise CLIError(f"{path}: not a readable CSV file ({e})") from None
    if not rows:
        raise CLIError(f"{path}: the file is empty (expected a header row naming the columns)")
    names = rows[0][1]
    if label not in names:
        raise CLIError(f"{path}: line {rows[0][0]}: no column {label!r} (--label); the columns are {names}")
    j = names.index(label)
    feats, labels, missing = [], [], 0
    for n, r in rows[1:]:
        if len(r) != len(names):
            raise CLIError(f"{path}: line {n} has {len(r)} fields, expected {len(names)} like the header")
        if any(v in MISSING for v in r):
            missing += 1
            continue
        vals = []
        for k, v in enumerate(r):
            if k == j:
                continue
            try:
                f = float(v)
            except ValueError:
                raise CLIError(f"{path}: line {n}, column {names[k]!r}: {v!r} is not a number (every column "
                               f"but the label {label!r} must be numeric)") from None
            if not math.isfinite(f):
                raise CLIError(f"{path}: line {n}, column {names[k]!r}: {v!r} is not a finite number")
            vals.append(f)
        feats.append(vals)
        labels.append(r[j])
    drops.dropped(str(path), missing, "a value missing")
    if not feats:
        raise CLIError(f"{path}: no complete data rows (rows with a missing value are left out: {missing})")
    classes = sorted(set(labels), key=lambda v: (float(v), v) if _is_number(v) else (math.inf, v))
    pos = _positive_index(classes, positive, f"{path}: column {label!r}")
    y = np.asarray([int(v == classes[pos]) for v in labels], dtype=np.int64)
    return (np.asarray(feats, dtype=np.float32), y, [n for k, n in enumerate(names) if k != j],
            (classes[1 - pos], classes[pos]))


def _is_number(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return True


__all__ = ["NPZ_KEYS", "DropLog", "Splits", "load_image_folder", "load_npz", "read_measurements", "split_three"]
