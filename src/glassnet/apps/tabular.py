"""A numeric CSV with a binary label column, read for the fraud app: float32 features, 0/1 labels, counted drops.

Every feature must be a number; a text value is refused with the file, line and column, since silently
encoding it could hide a wrong file. Rows with a missing value ('' or NA-like) are left out and counted,
never filled: the caller records the count in the run's report.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MISSING = frozenset(("", "?", "NA", "NaN", "nan", "null", "NULL", "None"))
POSITIVE = frozenset(("1", "1.0", "true", "True", "TRUE", "yes", "Yes"))
NEGATIVE = frozenset(("0", "0.0", "false", "False", "FALSE", "no", "No"))


@dataclass
class LabelledTable:
    """Features ``x`` (n, d) float32, labels ``y`` (n,) int64 in {0, 1}, and what reading found."""

    x: np.ndarray
    y: np.ndarray
    features: list[str]
    label: str
    path: str
    dropped_columns: list[str] = field(default_factory=list)
    missing_rows: int = 0


def default_label(names: list[str]) -> str:
    """``Class`` if there is such a column, else ``Y``, else the last column."""
    for candidate in ("Class", "Y"):
        if candidate in names:
            return candidate
    return names[-1]


def read_labelled_csv(path: str | os.PathLike, label: str | None = None,
                      drop: list[str] | None = None) -> LabelledTable:
    """Read a CSV with a header row: ``label`` (0/1) against every other column except ``drop`` (default ``ID``)."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh, skipinitialspace=True)
        header, header_line = None, 0
        for row in reader:
            if any(v.strip() for v in row):
                header, header_line = [v.strip() for v in row], reader.line_num
                break
        if header is None:
            raise ValueError(f"{path}: empty file (expected a header row and data rows)")
        if all(_is_float(v) for v in header):
            raise ValueError(f"{path}: line {header_line} holds only numbers; expected a header row naming the "
                             f"columns (add one, with the label column's name)")
        label = label or default_label(header)
        if label not in header:
            raise ValueError(f"{path}: there is no label column {label!r}; the columns are {', '.join(header)} "
                             f"(pick one with --label)")
        if drop is None:
            drop = [c for c in ("ID", "id", "Id") if c in header]
        for c in drop:
            if c not in header:
                raise ValueError(f"{path}: --drop names {c!r}, which is not a column; the columns are "
                                 f"{', '.join(header)}")
        if label in drop:
            raise ValueError(f"{path}: the label column {label!r} cannot also be dropped")
        li = header.index(label)
        keep = [j for j, name in enumerate(header) if j != li and name not in drop]
        if not keep:
            raise ValueError(f"{path}: no feature columns are left besides the label {label!r}")
        rows, labels, lines, missing = [], [], [], 0
        for row in reader:
            if len(row) != len(header):
                if not any(v.strip() for v in row):
                    continue  # a blank line is no row
                raise ValueError(f"{path}: line {reader.line_num} has {len(row)} fields, expected {len(header)} "
                                 f"as in the header on line {header_line}")
            # float() accepts surrounding spaces, so the fast path strips nothing; only a failure looks closer.
            try:
                values = [float(row[j]) for j in keep]
            except ValueError:
                if any(row[j].strip() in MISSING for j in keep):
                    missing += 1
                    continue
                j = next(j for j in keep if not _is_float(row[j]))
                raise ValueError(f"{path}: line {reader.line_num}, column {header[j]!r}: {row[j].strip()!r} is not "
                                 f"a number (every feature must be numeric; drop text columns with --drop)") from None
            target = row[li].strip()
            if target in MISSING:
                missing += 1
                continue
            rows.append(values)
            labels.append(_label_value(target, path, reader.line_num, label))
            lines.append(reader.line_num)
    x = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(keep))
    nan_rows = np.isnan(x).any(axis=1)  # 'nan' parses as a float but is a missing value all the same
    if nan_rows.any():
        missing += int(nan_rows.sum())
        x, labels = x[~nan_rows], [v for v, bad in zip(labels, nan_rows) if not bad]
        lines = [n for n, bad in zip(lines, nan_rows) if not bad]
    if not len(x):
        raise ValueError(f"{path}: no data rows{f' ({missing} rows with missing values)' if missing else ''}")
    y = np.asarray(labels, dtype=np.int64)
    if y.min() == y.max():
        raise ValueError(f"{path}: the label {label!r} has only the value {int(y[0])}; both classes (0 and 1) "
                         f"are needed")
    if not np.isfinite(x).all():
        r, c = np.argwhere(~np.isfinite(x))[0]
        raise ValueError(f"{path}: line {lines[r]}, column {header[keep[c]]!r} is not a finite number")
    return LabelledTable(x.astype(np.float32), y, [header[j] for j in keep], label, str(path), list(drop), missing)


def _is_float(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return True


def _label_value(v: str, path: Path, line: int, label: str) -> int:
    """0 or 1; anything else means the label is not binary and the file is refused."""
    if v in POSITIVE:
        return 1
    if v in NEGATIVE:
        return 0
    raise ValueError(f"{path}: line {line}, label column {label!r}: {v!r} is not a binary label (expected 0 or 1; "
                     f"pick another column with --label)")


__all__ = ["LabelledTable", "default_label", "read_labelled_csv"]
