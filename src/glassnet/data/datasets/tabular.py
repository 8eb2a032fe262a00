"""Tables from CSV files: parsing (Python's csv module), encoding, splitting, standardising.

How columns become features (documented choices):
  * A column is numeric when every non-missing value parses as a float; otherwise it is categorical.
  * Missing values are the strings in ``missing`` ('', '?', 'NA', 'NaN', 'nan', 'null' by default).
    In numeric columns they become NaN; ``load_csv`` fills them with the TRAINING split's column mean.
    In categorical columns a missing value is just another category.
  * Categorical columns are one-hot encoded (``categorical='onehot'``, columns named 'col=value')
    or label-encoded as one float column of codes (``categorical='label'``). Categories are the
    sorted distinct values of the whole file (no statistics, so nothing leaks between splits).
  * The label: a text column becomes int64 class codes (``.classes`` lists the names in code order);
    a numeric column whose values are all integers becomes int64, any other numeric column float32.
    ``label_dtype`` overrides this (e.g. 'float32' to regress an integer target).
  * ``load_csv`` standardises the numeric feature columns with a ``StandardScaler`` fitted on the
    training split ONLY and applied unchanged to the validation and test splits. One-hot and label
    codes are left as they are.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass, field
from typing import Any

import numpy

from ...tensor import Tensor
from ..dataset import TensorDataset

MISSING = ("", "?", "NA", "NaN", "nan", "null", "NULL", "None")


class StandardScaler:
    """Standardizes features column by column: ``z = (x - mean) / std``, fitted on one array and applied to others.

    The names are scikit-learn's (``fit``, ``transform``, ``fit_transform``, ``inverse_transform``,
    ``mean_``, ``scale_``). The standard deviation is the population one (NaNs are ignored);
    constant columns get a scale of 1. Tensors in give tensors out, arrays give arrays.

    Args:
        with_mean (bool, optional): subtract the mean. Default: ``True``.
        with_std (bool, optional): divide by the standard deviation. Default: ``True``.

    Example:
        >>> scaler = glassnet.data.StandardScaler().fit(np.array([[1.0, 10.0], [3.0, 30.0]]))
        >>> scaler.mean_, scaler.scale_
        (array([ 2., 20.]), array([ 1., 10.]))
        >>> scaler.transform(glassnet.tensor([[2.0, 50.0]]))
        tensor([[0., 3.]])
    """

    def __init__(self, with_mean: bool = True, with_std: bool = True) -> None:
        self.with_mean, self.with_std = with_mean, with_std
        self.mean_: numpy.ndarray | None = None
        self.scale_: numpy.ndarray | None = None

    def fit(self, x: Any) -> StandardScaler:
        """Learns each column's mean and standard deviation (population std, NaNs ignored; constant: scale 1).

        Args:
            x (Tensor or array): a non-empty 2-D array ``(N, F)``.

        Returns:
            StandardScaler: ``self``.
        """
        x = _np(x).astype(numpy.float64)
        if x.ndim != 2 or len(x) == 0:
            raise ValueError(f"StandardScaler.fit: expected a non-empty 2-D array, got shape {x.shape}")
        self.mean_ = numpy.nanmean(x, axis=0) if self.with_mean else numpy.zeros(x.shape[1])
        std = numpy.nanstd(x, axis=0) if self.with_std else numpy.ones(x.shape[1])
        self.scale_ = numpy.where(std > 0, std, 1.0)
        return self

    def _check(self, x: numpy.ndarray) -> None:
        if self.mean_ is None:
            raise RuntimeError("StandardScaler: call fit() before transform()")
        if x.ndim != 2 or x.shape[1] != len(self.mean_):
            raise ValueError(f"StandardScaler: fitted on {len(self.mean_)} columns, got shape {x.shape}")

    def transform(self, x: Any) -> Any:
        """Standardizes with the fitted statistics: ``(x - mean_) / scale_`` (keeps x's float dtype and its type).

        Args:
            x (Tensor or array): ``(N, F)``, with the fitted number of columns.

        Returns:
            Tensor or numpy.ndarray: the standardized values, of x's type (integers become float32).
        """
        arr = _np(x)
        self._check(arr)
        out = ((arr - self.mean_) / self.scale_).astype(arr.dtype if arr.dtype.kind == "f" else numpy.float32)
        return Tensor._wrap(out) if isinstance(x, Tensor) else out

    def fit_transform(self, x: Any) -> Any:
        """Fits on ``x``, then transforms it.

        Args:
            x (Tensor or array): a non-empty 2-D array ``(N, F)``.

        Returns:
            Tensor or numpy.ndarray: the standardized values.
        """
        return self.fit(x).transform(x)

    def inverse_transform(self, z: Any) -> Any:
        """Undoes :meth:`transform`: ``z * scale_ + mean_``.

        Args:
            z (Tensor or array): standardized values ``(N, F)``.

        Returns:
            Tensor or numpy.ndarray: the values in the original units, of z's type.
        """
        arr = _np(z)
        self._check(arr)
        out = (arr * self.scale_ + self.mean_).astype(arr.dtype)
        return Tensor._wrap(out) if isinstance(z, Tensor) else out


def _np(x: Any) -> numpy.ndarray:
    return x._data if isinstance(x, Tensor) else numpy.asarray(x)


def _rng(random_state: Any) -> numpy.random.Generator:
    if isinstance(random_state, numpy.random.Generator):
        return random_state
    if random_state is None:
        from ... import backend

        return numpy.random.default_rng(int(backend.generator().integers(0, 2**63 - 1)))
    return numpy.random.default_rng(int(random_state))


def split_indices(n: int, test_size: float | int = 0.25, shuffle: bool = True, stratify: Any = None,
                  random_state: Any = None) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Returns ``(train_idx, test_idx)`` for ``n`` rows, both sorted.

    Args:
        n (int): the number of rows.
        test_size (float or int, optional): the fraction of test rows (rounded up, as scikit-learn)
            or their number. Default: ``0.25``.
        shuffle (bool, optional): pick the test rows at random; ``False`` takes the last rows.
            Default: ``True``.
        stratify (array, optional): class labels; each class keeps its proportion. Default: ``None``.
        random_state (int or numpy.random.Generator, optional): the seed; ``None`` draws one from
            glassnet's global generator. Default: ``None``.

    Returns:
        tuple of numpy.ndarray: the train and the test indices.

    Example:
        >>> from glassnet.data.datasets.tabular import split_indices
        >>> split_indices(5, test_size=0.4, shuffle=False)
        (array([0, 1, 2]), array([3, 4]))
    """
    n_test = math.ceil(test_size * n) if isinstance(test_size, float) else int(test_size)
    if not 0 <= n_test <= n:
        raise ValueError(f"test_size={test_size} gives {n_test} test rows out of {n}")
    if not shuffle:
        if stratify is not None:
            raise ValueError("stratified splitting needs shuffle=True")
        return numpy.arange(n - n_test), numpy.arange(n - n_test, n)
    rng = _rng(random_state)
    if stratify is None:
        perm = rng.permutation(n)
        return numpy.sort(perm[n_test:]), numpy.sort(perm[:n_test])
    labels = _np(stratify)
    if len(labels) != n:
        raise ValueError(f"stratify has {len(labels)} labels for {n} rows")
    test = []
    frac = n_test / n if n else 0.0
    for cls in numpy.unique(labels):
        idx = rng.permutation(numpy.flatnonzero(labels == cls))
        test.append(idx[:int(round(frac * len(idx)))])
    test = numpy.sort(numpy.concatenate(test)) if test else numpy.array([], numpy.int64)
    return numpy.setdiff1d(numpy.arange(n), test), test


def train_test_split(*arrays: Any, test_size: float | int = 0.25, shuffle: bool = True, stratify: Any = None,
                     random_state: Any = None) -> list:
    """Splits arrays into random train and test rows: ``[a_train, a_test, b_train, b_test, ...]``.

    The order and the arguments are scikit-learn's; each array keeps its type (Tensor or NumPy
    array), and every array is split at the same rows (kept in their original order).

    Args:
        *arrays (Tensor or array): arrays with the same first dimension.
        test_size (float or int, optional): the fraction of rows for the test split (rounded up),
            or their number. Default: ``0.25``.
        shuffle (bool, optional): pick the test rows at random; ``False`` takes the last rows.
            Default: ``True``.
        stratify (Tensor or array, optional): class labels; each class then keeps its proportion
            in both splits. Default: ``None``.
        random_state (int or numpy.random.Generator, optional): the seed of the split; ``None``
            draws it from glassnet's global generator. Default: ``None``.

    Returns:
        list: the train and test part of each array, in turn.

    Example:
        >>> x, y = glassnet.arange(10.0).reshape(5, 2), glassnet.tensor([0, 1, 0, 1, 0])
        >>> x_train, x_test, y_train, y_test = glassnet.data.train_test_split(x, y, test_size=0.4, random_state=0)
        >>> x_train.shape, x_test.shape, y_test
        (glassnet.Size([3, 2]), glassnet.Size([2, 2]), tensor([0, 0]))
    """
    if not arrays:
        raise ValueError("train_test_split: at least one array required")
    n = len(arrays[0])
    for a in arrays:
        if len(a) != n:
            raise ValueError(f"train_test_split: arrays have different lengths: {[len(a) for a in arrays]}")
    tr, te = split_indices(n, test_size, shuffle, stratify, random_state)
    out = []
    for a in arrays:
        arr = _np(a)
        for idx in (tr, te):
            out.append(Tensor._wrap(arr[idx]) if isinstance(a, Tensor) else arr[idx])
    return out


@dataclass
class CSVTable:
    """A parsed CSV file: column names, rows of strings, and what reading it found (a dataclass).

    Args:
        names (list of str): the column names.
        rows (list of list of str): the data rows.
        has_header (bool): whether the file had a header row.
        rows_read (int): the data rows in the file (blank lines and the header not counted).
        dropped (dict, optional): reason -> rows dropped for it. Default: ``{}``.

    Example:
        >>> from glassnet.data.datasets import CSVTable
        >>> CSVTable(['a'], [['1'], ['2']], has_header=True, rows_read=2)
        CSVTable(names=['a'], rows=[['1'], ['2']], has_header=True, rows_read=2, dropped={})
    """

    names: list[str]
    rows: list[list[str]]
    has_header: bool
    rows_read: int  # data rows in the file (blank lines and the header not counted)
    dropped: dict[str, int] = field(default_factory=dict)  # reason -> rows dropped for it


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def detect_header(first: list[str], rest: list[list[str]], missing: tuple = MISSING) -> bool:
    """Tells whether ``first`` looks like a row of column names rather than data; the rows after it decide.

    A column whose other values are numbers votes "header" when its first value is not a number
    and "data" when it is; a text column votes "data" when its first value occurs again below it.
    Names are distinct and never missing, so a row with repeated or missing values is data, and a
    row narrower or wider than the table is a title line, not names.

    Args:
        first (list of str): the candidate header row.
        rest (list of list of str): the rows after it.
        missing (tuple of str, optional): the strings read as missing values. Default: the CSV defaults.

    Returns:
        bool: ``True`` if ``first`` is a header.

    Example:
        >>> from glassnet.data.datasets import detect_header
        >>> detect_header(['age', 'city'], [['41', 'oslo'], ['35', 'rome']])
        True
        >>> detect_header(['29', 'oslo'], [['41', 'oslo'], ['35', 'rome']])
        False
    """
    if len(set(first)) < len(first) or any(v in missing for v in first):
        return False
    if not rest:
        return True  # a lone row is most likely the header of an empty table
    widths = [len(r) for r in rest[:500]]
    if len(first) != max(set(widths), key=widths.count):
        return False  # a title or comment line, not names for the columns below it
    votes = 0.0
    sample = rest[:500]
    for j, v in enumerate(first):
        col = [r[j] for r in sample if j < len(r) and r[j] not in missing]
        if not col:
            continue
        if all(_is_number(c) for c in col):
            votes += -1.0 if _is_number(v) else 1.0
        else:
            votes += -1.0 if v in set(col) else 0.5
    return votes > 0


def read_table(path: str | os.PathLike, delimiter: str = ",", header: bool | str = "auto",
               names: list[str] | None = None, skip_rows: int = 0, on_bad_lines: str = "error",
               missing: tuple = MISSING) -> CSVTable:
    r"""Parses a CSV file into a :class:`CSVTable` (fields stripped, blank lines dropped).

    Args:
        path (str or os.PathLike): the CSV file.
        delimiter (str, optional): the field separator. Default: ``','``.
        header (bool or str, optional): ``True`` (the first row names the columns), ``False`` (it is
            data) or ``'auto'`` (decided by :func:`detect_header`). Default: ``'auto'``.
        names (list of str, optional): names of the columns (replacing a header row if there is
            one); without a header or names, columns are ``'col0'``, ``'col1'``, ... Default: ``None``.
        skip_rows (int, optional): lines to skip at the start of the file. Default: ``0``.
        on_bad_lines (str, optional): ``'error'`` refuses a row whose field count differs from the
            header's, ``'skip'`` drops it and counts it in ``dropped``. Default: ``'error'``.
        missing (tuple of str, optional): the strings read as missing values (for header
            detection). Default: the CSV defaults.

    Returns:
        CSVTable: the names, the rows of strings, and what reading found.

    Example:
        >>> import os, tempfile, pathlib
        >>> from glassnet.data.datasets import read_table
        >>> path = os.path.join(tempfile.mkdtemp(), 't.csv')
        >>> _ = pathlib.Path(path).write_text('age,city\n41,oslo\n\n35,rome,extra\n')
        >>> table = read_table(path, on_bad_lines='skip')
        >>> table.names, table.rows, table.dropped
        (['age', 'city'], [['41', 'oslo']], {'with a field count other than 2': 1})
    """
    if header not in (True, False, "auto"):
        raise ValueError(f"read_table: header must be True, False or 'auto', got {header!r}")
    if on_bad_lines not in ("error", "skip"):
        raise ValueError(f"read_table: on_bad_lines must be 'error' or 'skip', got {on_bad_lines!r}")
    with open(path, newline="", encoding="utf-8") as fh:
        for _ in range(skip_rows):
            fh.readline()
        reader = csv.reader(fh, delimiter=delimiter, skipinitialspace=True)
        numbered = [(reader.line_num + skip_rows, [v.strip() for v in r]) for r in reader]
    numbered = [(n, r) for n, r in numbered if any(r)]  # blank lines carry no row
    if header == "auto":
        header = bool(numbered) and detect_header(numbered[0][1], [r for _, r in numbered[1:]], missing)
    if header:
        if not numbered:
            raise ValueError(f"{path}: empty CSV file (expected a header row)")
        names = names or numbered[0][1]
        numbered = numbered[1:]
    if names is None:
        # The most common width, so that one odd line (a comment, a footer) does not decide it.
        widths = [len(r) for _, r in numbered]
        width = max(set(widths), key=widths.count) if widths else 0
        names = [f"col{i}" for i in range(width)]
    rows, dropped = [], {}
    for line, r in numbered:
        if len(r) != len(names):
            if on_bad_lines == "error":
                raise ValueError(f"{path}: line {line} has {len(r)} fields, expected {len(names)} ({names})")
            reason = f"with a field count other than {len(names)}"
            dropped[reason] = dropped.get(reason, 0) + 1
            continue
        rows.append(r)
    return CSVTable(list(names), rows, bool(header), len(numbered), dropped)


def read_csv_table(path: str | os.PathLike, delimiter: str = ",", header: bool | str = True,
                   names: list[str] | None = None, skip_rows: int = 0) -> tuple[list[str], list[list[str]]]:
    r"""Returns the column names and the rows of strings (stripped; blank lines dropped) of a CSV file.

    A shortcut for :func:`read_table` with ``header=True`` by default.

    Args:
        path (str or os.PathLike): the CSV file.
        delimiter (str, optional): the field separator. Default: ``','``.
        header (bool or str, optional): ``True``, ``False`` or ``'auto'``. Default: ``True``.
        names (list of str, optional): names of the columns. Default: ``None``.
        skip_rows (int, optional): lines to skip at the start of the file. Default: ``0``.

    Returns:
        tuple: the list of names and the list of rows.

    Example:
        >>> import os, tempfile, pathlib
        >>> from glassnet.data.datasets import read_csv_table
        >>> path = os.path.join(tempfile.mkdtemp(), 't.csv')
        >>> _ = pathlib.Path(path).write_text('age;city\n41;oslo\n')
        >>> read_csv_table(path, delimiter=';')
        (['age', 'city'], [['41', 'oslo']])
    """
    table = read_table(path, delimiter, header, names, skip_rows)
    return table.names, table.rows


def _column_index(spec: Any, names: list[str], what: str) -> int:
    if isinstance(spec, int):
        if not -len(names) <= spec < len(names):
            raise ValueError(f"{what} index {spec} out of range for {len(names)} columns")
        return spec % len(names)
    if spec not in names:
        raise ValueError(f"{what} {spec!r} is not a column; columns are {names}")
    return names.index(spec)


def _as_float(values: list[str], missing: tuple) -> numpy.ndarray | None:
    """The column as floats (missing -> NaN), or None if some value is not a number."""
    gone = set(missing)
    try:
        return numpy.array([numpy.nan if v in gone else float(v) for v in values], dtype=numpy.float64)
    except ValueError:
        return None


def _codes(values: list[str], cats: list[str]) -> numpy.ndarray:
    lookup = {c: i for i, c in enumerate(cats)}
    return numpy.fromiter((lookup[v] for v in values), dtype=numpy.int64, count=len(values))


class CSVDataset(TensorDataset):
    r"""A whole CSV file as a dataset of ``(features, label)`` rows: float32 features, encoded label.

    A column is numeric when every non-missing value parses as a float; otherwise it is categorical
    and one-hot encoded (``categorical='onehot'``, feature names ``'col=value'``) or label-encoded
    (``'label'``). A text label becomes int64 class codes (``classes`` lists the names); an
    all-integer numeric label becomes int64, any other float32. Missing numeric values stay NaN
    here (:func:`load_csv` imputes them). See the module notes for every rule.

    Attributes: ``feature_names``, ``label_name``, ``classes`` (label names for a text label, else
    None), ``categories`` (categorical column -> its values), ``numeric_mask`` (which feature
    columns are numeric), ``columns`` (the raw feature columns, before one-hot encoding),
    ``column_names`` (every column of the file), ``has_header``, ``rows_read`` and ``dropped``
    (reason -> rows left out: with ``on_bad_lines='skip'``, rows of the wrong width or without a
    label), ``features`` and ``labels`` (all rows as tensors).

    Args:
        path (str or os.PathLike): the CSV file.
        label_column (int, str or None, optional): the label column, by index or name; ``None`` for
            a table without labels. Default: ``-1`` (the last column).
        feature_columns (list of int or str, optional): the feature columns; ``None`` means every
            column but the label. Default: ``None``.
        categorical (str, optional): ``'onehot'`` or ``'label'``. Default: ``'onehot'``.
        label_dtype (str or glassnet.dtype, optional): overrides the label's dtype (e.g.
            ``'float32'`` to regress an integer target). Default: ``None``.
        delimiter (str, optional): the field separator. Default: ``','``.
        header (bool or str, optional): ``True`` (the first row names the columns), ``False`` or
            ``'auto'`` (decided by ``detect_header``). Default: ``'auto'``.
        names (list of str, optional): column names (replacing a header row). Default: ``None``.
        skip_rows (int, optional): lines to skip at the start of the file. Default: ``0``.
        missing (tuple of str, optional): the strings read as missing values. Default: ``('', '?',
            'NA', 'NaN', 'nan', 'null', 'NULL', 'None')``.
        on_bad_lines (str, optional): ``'error'`` refuses a row of the wrong width, ``'skip'`` drops
            it (and rows without a label). Default: ``'error'``.

    Example:
        >>> import os, tempfile, pathlib
        >>> path = os.path.join(tempfile.mkdtemp(), 'pets.csv')
        >>> _ = pathlib.Path(path).write_text('weight,color,kind\n4.0,black,cat\n30.5,brown,dog\n')
        >>> ds = glassnet.data.CSVDataset(path)
        >>> ds.feature_names, ds.classes
        (['weight', 'color=black', 'color=brown'], ['cat', 'dog'])
        >>> ds[1]
        (tensor([30.5000,  0.0000,  1.0000]), tensor(1))
    """

    def __init__(self, path: str | os.PathLike, label_column: Any = -1, feature_columns: list | None = None,
                 categorical: str = "onehot", label_dtype: Any = None, delimiter: str = ",",
                 header: bool | str = "auto", names: list[str] | None = None, skip_rows: int = 0,
                 missing: tuple = MISSING, on_bad_lines: str = "error") -> None:
        if categorical not in ("onehot", "label"):
            raise ValueError(f"CSVDataset: categorical must be 'onehot' or 'label', got {categorical!r}")
        table = read_table(path, delimiter, header, names, skip_rows, on_bad_lines, missing)
        cols, rows = table.names, table.rows
        self.has_header, self.rows_read, self.dropped = table.has_header, table.rows_read, dict(table.dropped)
        label_idx = None if label_column is None else _column_index(label_column, cols, "label_column")
        if label_idx is not None and on_bad_lines == "skip":
            kept = [r for r in rows if r[label_idx] not in missing]
            if len(kept) < len(rows):
                self.dropped["with no label"] = len(rows) - len(kept)
            rows = kept
        if not rows:
            raise ValueError(f"{path}: the CSV file has no data rows")
        columns = list(zip(*rows))
        if feature_columns is None:
            feat_idx = [i for i in range(len(cols)) if i != label_idx]
        else:
            feat_idx = [_column_index(c, cols, "feature column") for c in feature_columns]
        self.path, self.label_name, self.classes = str(path), None, None
        self.column_names, self.columns = list(cols), [cols[i] for i in feat_idx]
        self.feature_names, self.categories, mask, blocks = [], {}, [], []
        for i in feat_idx:
            values = list(columns[i])
            num = _as_float(values, missing)
            if num is not None:
                blocks.append(num[:, None])
                self.feature_names.append(cols[i])
                mask.append(True)
                continue
            cats = sorted(set(values))
            self.categories[cols[i]] = cats
            codes = _codes(values, cats)
            if categorical == "label":
                blocks.append(codes[:, None].astype(numpy.float64))
                self.feature_names.append(cols[i])
                mask.append(False)
            else:
                blocks.append(numpy.eye(len(cats))[codes])
                self.feature_names += [f"{cols[i]}={c}" for c in cats]
                mask += [False] * len(cats)
        x = numpy.concatenate(blocks, axis=1) if blocks else numpy.zeros((len(rows), 0))
        self.numeric_mask = numpy.array(mask, dtype=bool)
        tensors = [Tensor._wrap(x.astype(numpy.float32))]
        if label_idx is not None:
            self.label_name = cols[label_idx]
            tensors.append(Tensor._wrap(self._encode_label(list(columns[label_idx]), label_dtype, missing)))
        super().__init__(*tensors)

    def _encode_label(self, values: list[str], label_dtype: Any, missing: tuple) -> numpy.ndarray:
        if any(v in missing for v in values):
            raise ValueError(f"{self.path}: label column {self.label_name!r} has missing values")
        num = _as_float(values, missing)
        if num is None:
            self.classes = sorted(set(values))
            y = _codes(values, self.classes)
        elif numpy.all(num == numpy.round(num)):
            y = num.astype(numpy.int64)
        else:
            y = num.astype(numpy.float32)
        if label_dtype is not None:
            from ...dtypes import to_numpy_dtype

            y = y.astype(to_numpy_dtype(label_dtype))
        return y

    @property
    def features(self) -> Tensor:
        """All feature rows, float32 (N, F)."""
        return self.tensors[0]

    @property
    def labels(self) -> Tensor | None:
        """All labels (None when the table has no label column)."""
        return self.tensors[1] if len(self.tensors) > 1 else None


class TabularPreprocessor:
    r"""The encoding :func:`load_csv` fitted on the training rows, replayable on raw CSV rows.

    Holds, per raw feature column, either ``{"kind": "numeric", "fill", "mean", "scale"}`` (missing
    values become ``fill``, the training mean; then ``(x - mean) / scale``) or ``{"kind": "categorical",
    "categories", "encoding"}`` (one-hot or a code). ``state_dict()`` is plain JSON, so a run folder can
    keep it and ``glassnet predict`` can encode new rows exactly as the training rows were.

    Args:
        columns (list of dict): the encoding of each raw feature column, as above (with ``"name"``).
        column_names (list of str): every column of the training file.
        label_name (str, optional): the label column's name. Default: ``None``.
        missing (tuple of str, optional): the strings read as missing values. Default: the CSV defaults.

    Example:
        >>> import os, tempfile, pathlib
        >>> path = os.path.join(tempfile.mkdtemp(), 'pets.csv')
        >>> rows = ''.join(f'{w},{c},{k}\n' for w, c, k in [(4, 'black', 'cat'), (30, 'brown', 'dog')] * 5)
        >>> _ = pathlib.Path(path).write_text('weight,color,kind\n' + rows)
        >>> pre = glassnet.data.load_csv(path).preprocessor
        >>> pre.feature_names
        ['weight', 'color=black', 'color=brown']
        >>> pre.transform(['color', 'weight'], [['brown', '17']]).shape
        (1, 3)
    """

    def __init__(self, columns: list[dict], column_names: list[str], label_name: str | None = None,
                 missing: tuple = MISSING) -> None:
        self.columns = [dict(c) for c in columns]
        self.column_names = list(column_names)
        self.label_name = label_name
        self.missing = tuple(missing)

    @property
    def feature_names(self) -> list[str]:
        """Names of the encoded feature columns ('city=oslo' for a one-hot column)."""
        out = []
        for c in self.columns:
            onehot = c["kind"] == "categorical" and c["encoding"] == "onehot"
            out += [f"{c['name']}={v}" for v in c["categories"]] if onehot else [c["name"]]
        return out

    def transform(self, names: list[str] | None, rows: list[list[str]]) -> numpy.ndarray:
        """Encodes raw rows of strings as a float32 ``(N, F)`` array, exactly as the training rows were.

        Missing numeric values get the training mean, then the training standardization; unknown
        categories are left all-zero (see :meth:`unknown_categories`).

        Args:
            names (list of str or None): the rows' column names (from their header), or ``None`` for
                rows without a header: then each row must hold either every column of the training file
                or just the feature columns, in the training file's order.
            rows (list of list of str): the raw rows.

        Returns:
            numpy.ndarray: float32, ``(N, F)``.
        """
        positions = self._positions(names, rows)
        gone = set(self.missing)
        blocks = []
        for c, j in zip(self.columns, positions):
            values = [r[j] for r in rows]
            if c["kind"] == "numeric":
                col = numpy.empty(len(values))
                for i, v in enumerate(values):
                    if v in gone:
                        col[i] = c["fill"]
                        continue
                    try:
                        col[i] = float(v)
                    except ValueError:
                        raise ValueError(f"TabularPreprocessor: row {i + 1}, column {c['name']!r}: {v!r} is not "
                                         "a number (that column was numeric in the training data)") from None
                blocks.append(((col - c["mean"]) / c["scale"])[:, None])
                continue
            lookup = {v: k for k, v in enumerate(c["categories"])}
            codes = numpy.array([lookup.get(v, -1) for v in values], dtype=numpy.int64)
            if c["encoding"] == "label":
                blocks.append(codes[:, None].astype(numpy.float64))
            else:
                onehot = numpy.zeros((len(values), len(c["categories"])))
                known = codes >= 0
                onehot[numpy.flatnonzero(known), codes[known]] = 1.0
                blocks.append(onehot)
        x = numpy.concatenate(blocks, axis=1) if blocks else numpy.zeros((len(rows), 0))
        return x.astype(numpy.float32)

    def unknown_categories(self, names: list[str] | None, rows: list[list[str]]) -> dict[str, list[str]]:
        """Lists, per categorical column, the values in ``rows`` that the training rows never had.

        Args:
            names (list of str or None): the rows' column names, or ``None`` (as in :meth:`transform`).
            rows (list of list of str): the raw rows.

        Returns:
            dict: column name -> its unknown values (only columns that have some).
        """
        out = {}
        for c, j in zip(self.columns, self._positions(names, rows)):
            if c["kind"] == "categorical":
                seen = set(c["categories"])
                new = sorted({r[j] for r in rows} - seen)
                if new:
                    out[c["name"]] = new
        return out

    def _positions(self, names: list[str] | None, rows: list[list[str]]) -> list[int]:
        wanted = [c["name"] for c in self.columns]
        if names is not None:
            absent = [w for w in wanted if w not in names]
            if absent:
                raise ValueError(f"TabularPreprocessor: the rows have no column {absent[0]!r}; they have {names}, "
                                 f"the model needs {wanted}")
            return [names.index(w) for w in wanted]
        widths = {len(r) for r in rows}
        if len(widths) > 1:
            raise ValueError(f"TabularPreprocessor: rows of different widths {sorted(widths)}")
        width = widths.pop() if widths else len(wanted)
        if width == len(self.column_names):
            return [self.column_names.index(w) for w in wanted]
        if width == len(wanted):
            return list(range(len(wanted)))
        raise ValueError(f"TabularPreprocessor: rows have {width} fields; expected {len(wanted)} (the features "
                         f"{wanted}) or {len(self.column_names)} (every column of the training file)")

    def state_dict(self) -> dict:
        """Everything needed to rebuild this preprocessor, as JSON-ready Python values."""
        return {"columns": self.columns, "column_names": self.column_names, "label_name": self.label_name,
                "missing": list(self.missing)}

    @classmethod
    def from_state_dict(cls, state: dict) -> TabularPreprocessor:
        """Rebuilds a preprocessor saved with :meth:`state_dict`.

        Args:
            state (dict): what :meth:`state_dict` returned.

        Returns:
            TabularPreprocessor: the preprocessor.
        """
        return cls(state["columns"], state["column_names"], state.get("label_name"),
                   tuple(state.get("missing", MISSING)))

    def __repr__(self) -> str:
        kinds = [c["kind"][0] for c in self.columns]
        return (f"TabularPreprocessor({kinds.count('n')} numeric, {kinds.count('c')} categorical columns -> "
                f"{len(self.feature_names)} features)")


@dataclass
class TabularSplits:
    r"""What :func:`load_csv` returns: the split datasets plus what was learned while encoding them (a dataclass).

    Args:
        train (TensorDataset): the training rows.
        test (TensorDataset or None): the test rows.
        val (TensorDataset or None): the validation rows.
        feature_names (list of str): the names of the encoded feature columns.
        label_name (str or None): the label column.
        classes (list of str or None): the class names of a text label.
        scaler (StandardScaler or None): the scaler fitted on the training rows.
        categories (dict, optional): categorical column -> its values. Default: ``{}``.
        train_indices, test_indices, val_indices (numpy.ndarray, optional): the file rows of each
            split. Default: ``None``.
        preprocessor (TabularPreprocessor, optional): the fitted encoding, to encode new raw rows.
            Default: ``None``.
        rows_read (int, optional): the data rows in the file. Default: ``0``.
        dropped (dict, optional): reason -> rows dropped for it. Default: ``{}``.
        has_header (bool, optional): whether the file had a header row. Default: ``True``.

    Example:
        >>> import os, tempfile, pathlib
        >>> path = os.path.join(tempfile.mkdtemp(), 'pets.csv')
        >>> rows = ''.join(f'{w},{k}\n' for w, k in [(4, 'cat'), (30, 'dog')] * 5)
        >>> _ = pathlib.Path(path).write_text('weight,kind\n' + rows)
        >>> splits = glassnet.data.load_csv(path, test_size=0.2, val_size=0.2)
        >>> len(splits.train), len(splits.val), len(splits.test), splits.num_features, splits.classes
        (6, 2, 2, 1, ['cat', 'dog'])
    """

    train: TensorDataset
    test: TensorDataset | None
    val: TensorDataset | None
    feature_names: list[str]
    label_name: str | None
    classes: list[str] | None
    scaler: StandardScaler | None
    categories: dict = field(default_factory=dict)
    train_indices: numpy.ndarray | None = None
    test_indices: numpy.ndarray | None = None
    val_indices: numpy.ndarray | None = None
    preprocessor: TabularPreprocessor | None = None
    rows_read: int = 0
    dropped: dict = field(default_factory=dict)
    has_header: bool = True

    @property
    def num_features(self) -> int:
        """Width of the feature vectors."""
        return len(self.feature_names)


def load_csv(path: str | os.PathLike, label_column: Any = -1, feature_columns: list | None = None,
             test_size: float | int = 0.2, val_size: float | int = 0.0, standardize: bool = True,
             categorical: str = "onehot", shuffle: bool = True, stratify: bool = False,
             random_state: Any = 0, label_dtype: Any = None, **csv_kwargs: Any) -> TabularSplits:
    r"""Reads a CSV file, encodes it, splits it into train/val/test and standardizes it with training statistics only.

    The encoding is :class:`CSVDataset`'s. Missing numeric values are filled with the training
    split's column mean and the numeric feature columns are standardized by a
    :class:`StandardScaler` fitted on the training rows only, then applied unchanged to the other
    splits, so nothing about them leaks into training. One-hot and label codes are left as they are.

    Args:
        path (str or os.PathLike): the CSV file.
        label_column (int, str or None, optional): the label column. Default: ``-1``.
        feature_columns (list of int or str, optional): the feature columns. Default: ``None`` (all others).
        test_size (float or int, optional): the fraction (of the whole file) or number of test rows.
            Default: ``0.2``.
        val_size (float or int, optional): the fraction or number of validation rows. Default: ``0.0``.
        standardize (bool, optional): standardize the numeric features. Default: ``True``.
        categorical (str, optional): ``'onehot'`` or ``'label'``. Default: ``'onehot'``.
        shuffle (bool, optional): split at random rows. Default: ``True``.
        stratify (bool, optional): keep the label proportions in every split. Default: ``False``.
        random_state (int or numpy.random.Generator, optional): the seed of the split. Default: ``0``.
        label_dtype (str or glassnet.dtype, optional): overrides the label's dtype. Default: ``None``.
        **csv_kwargs: the reading options of :class:`CSVDataset` (``delimiter``, ``header``,
            ``names``, ``skip_rows``, ``missing``, ``on_bad_lines``).

    Returns:
        TabularSplits: ``train``, ``val`` and ``test`` TensorDatasets (``None`` when empty) with
        ``feature_names``, ``classes``, the fitted ``scaler``, a ``preprocessor`` that encodes new
        raw rows the same way, and the split indices.

    Example:
        >>> import os, tempfile, pathlib
        >>> path = os.path.join(tempfile.mkdtemp(), 'pets.csv')
        >>> rows = ''.join(f'{w},{c},{k}\n' for w, c, k in [(4, 'black', 'cat'), (30, 'brown', 'dog')] * 5)
        >>> _ = pathlib.Path(path).write_text('weight,color,kind\n' + rows)
        >>> splits = glassnet.data.load_csv(path, test_size=0.2)
        >>> len(splits.train), len(splits.test), splits.feature_names
        (8, 2, ['weight', 'color=black', 'color=brown'])
    """
    full = CSVDataset(path, label_column, feature_columns, categorical, label_dtype, **csv_kwargs)
    x, y = full.features._data.astype(numpy.float64), full.labels
    n = len(x)
    strat = y._data if (stratify and y is not None) else None
    rng = _rng(random_state)
    rest, test_idx = split_indices(n, test_size, shuffle, strat, rng)
    val_idx = numpy.array([], numpy.int64)
    if val_size:
        n_val = math.ceil(val_size * n) if isinstance(val_size, float) else int(val_size)
        sub_strat = None if strat is None else strat[rest]
        tr, va = split_indices(len(rest), n_val, shuffle, sub_strat, rng)
        rest, val_idx = rest[tr], rest[va]
    train_idx = rest
    mask = full.numeric_mask
    # Impute and standardise with the training rows' statistics only: nothing about val/test leaks in.
    means = numpy.nanmean(x[train_idx][:, mask], axis=0) if mask.any() and len(train_idx) else None
    scaler = None
    fill = numpy.nan_to_num(means) if means is not None else None
    if means is not None:
        num = x[:, mask]
        nan = numpy.isnan(num)
        if nan.any():
            num[nan] = numpy.take(numpy.nan_to_num(means), numpy.nonzero(nan)[1])
        if standardize:
            scaler = StandardScaler().fit(num[train_idx])
            num = scaler.transform(num)
        x[:, mask] = num
    x32 = x.astype(numpy.float32)
    stats = iter(range(int(mask.sum())))
    columns = []
    for name in full.columns:
        if name in full.categories:
            columns.append({"name": name, "kind": "categorical", "categories": full.categories[name],
                            "encoding": categorical})
            continue
        k = next(stats)
        columns.append({"name": name, "kind": "numeric", "fill": float(fill[k]) if fill is not None else 0.0,
                        "mean": float(scaler.mean_[k]) if scaler is not None else 0.0,
                        "scale": float(scaler.scale_[k]) if scaler is not None else 1.0})
    missing = csv_kwargs.get("missing", MISSING)
    preprocessor = TabularPreprocessor(columns, full.column_names, full.label_name, missing)

    def make(idx: numpy.ndarray) -> TensorDataset | None:
        if len(idx) == 0:
            return None
        parts = [Tensor._wrap(x32[idx])] + ([] if y is None else [Tensor._wrap(y._data[idx])])
        return TensorDataset(*parts)

    return TabularSplits(make(train_idx), make(test_idx), make(val_idx), full.feature_names, full.label_name,
                         full.classes, scaler, full.categories, train_idx, test_idx,
                         val_idx if len(val_idx) else None, preprocessor, full.rows_read, full.dropped,
                         full.has_header)
