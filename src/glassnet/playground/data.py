"""The playground's data: TensorFlow Playground's 2-D generators, painted points, CSV tables, images, sequences.

The 2-D generators follow TensorFlow Playground's ``dataset.ts`` (the same shapes, radii, spreads and noise
rules; labels 1/-1 there are 1/0 here). Each generator, ``split`` and ``expand_features`` is a small function
of NumPy alone, so ``export.py`` can paste their source into an exported script that then rebuilds exactly
the same points from the same seed.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .config import ConfigError

EXTENT = 6.0  # the 2-D datasets live in [-6, 6] x [-6, 6], as in TensorFlow Playground


def circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A disc of class 1 (radius < 2.5) inside a ring of class 0 (radius 3.5..5); noise moves the label test."""
    radius = 5.0
    half = n // 2
    # Inside points first, then the ring, as dataset.ts draws them.
    r = np.concatenate([rng.uniform(0, radius * 0.5, half), rng.uniform(radius * 0.7, radius, n - half)])
    angle = rng.uniform(0, 2 * np.pi, n)
    x, y = r * np.sin(angle), r * np.cos(angle)
    # The label is decided on a jittered copy of the point, so noise flips labels near the boundary.
    jx, jy = rng.uniform(-radius, radius, n) * noise, rng.uniform(-radius, radius, n) * noise
    labels = (np.hypot(x + jx, y + jy) < radius * 0.5).astype(np.int64)
    return np.stack([x, y], axis=1), labels


def xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Four quadrants: class 1 where x1 and x2 have the same sign; a 0.3 gap keeps points off the axes."""
    x, y = rng.uniform(-5, 5, n), rng.uniform(-5, 5, n)
    x += np.where(x > 0, 0.3, -0.3)
    y += np.where(y > 0, 0.3, -0.3)
    jx, jy = rng.uniform(-5, 5, n) * noise, rng.uniform(-5, 5, n) * noise
    labels = ((x + jx) * (y + jy) >= 0).astype(np.int64)
    return np.stack([x, y], axis=1), labels


def gauss(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian blobs at (2, 2) (class 1) and (-2, -2) (class 0); noise widens their variance 0.5..4."""
    variance = 0.5 + noise * (4.0 - 0.5) / 0.5
    half = n // 2
    centres = np.concatenate([np.full(half, 2.0), np.full(n - half, -2.0)])
    points = centres[:, None] + np.sqrt(variance) * rng.standard_normal((n, 2))
    labels = np.concatenate([np.ones(half, np.int64), np.zeros(n - half, np.int64)])
    # TensorFlow Playground draws only [-6, 6]; a point outside would be invisible, so keep it on the edge.
    return np.clip(points, -6, 6), labels


def spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals (1.75 turns, radius 0..5); noise shifts each point by up to noise in x and y."""
    half = n // 2
    pts, labels = [], []
    for delta, label, count in ((0.0, 1, half), (np.pi, 0, n - half)):
        i = np.arange(count)
        r = i / count * 5
        t = 1.75 * i / count * 2 * np.pi + delta
        x = r * np.sin(t) + rng.uniform(-1, 1, count) * noise
        y = r * np.cos(t) + rng.uniform(-1, 1, count) * noise
        pts.append(np.stack([x, y], axis=1))
        labels.append(np.full(count, label, np.int64))
    return np.concatenate(pts), np.concatenate(labels)


def split(x: np.ndarray, y: np.ndarray, train_ratio: float, rng: np.random.Generator) -> tuple:
    """Shuffle, then the first train_ratio percent is training data (as TensorFlow Playground does)."""
    order = rng.permutation(len(x))
    n_train = int(round(len(x) * train_ratio / 100))
    n_train = min(max(n_train, 1), len(x) - 1)  # both splits need at least one point
    tr, te = order[:n_train], order[n_train:]
    return x[tr], y[tr], x[te], y[te]


def expand_features(points: np.ndarray, features: list[str]) -> np.ndarray:
    """The network's inputs from (x1, x2): the chosen columns of x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)."""
    x1, x2 = points[:, 0], points[:, 1]
    table = {"x1": x1, "x2": x2, "x1^2": x1 * x1, "x2^2": x2 * x2, "x1*x2": x1 * x2,
             "sin(x1)": np.sin(x1), "sin(x2)": np.sin(x2)}
    return np.stack([table[f] for f in features], axis=1).astype(np.float32)


GENERATORS = {"circle": circle, "xor": xor, "gauss": gauss, "spiral": spiral}


@dataclass
class Dataset2:
    """One playground dataset, split and ready for the network (float32 inputs, int64 labels)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    num_classes: int
    input_shape: tuple
    kind: str  # "points" | "images" | "sequence" | "table"
    classes: list[str]
    raw_train: np.ndarray | None = None  # (N, 2) points before feature expansion, for drawing
    raw_test: np.ndarray | None = None
    feature_names: list[str] = field(default_factory=list)
    # Images: what a pixel in [0, 1] becomes at the model's input, (x - mean) / std, for predict().
    normalization: tuple[float, float] | None = None
    # CSV: the scaler fitted on the training rows (predict() on raw values goes through it).
    scaler: Any = None


def _points_dataset(config: dict, points: np.ndarray, labels: np.ndarray, rng: np.random.Generator) -> Dataset2:
    raw_tr, y_tr, raw_te, y_te = split(points, labels, config["train_ratio"], rng)
    k = max(int(labels.max()) + 1, 2)
    return Dataset2(expand_features(raw_tr, config["features"]), y_tr, expand_features(raw_te, config["features"]),
                    y_te, k, (len(config["features"]),), "points", [f"class {c}" for c in range(k)],
                    raw_tr.astype(np.float32), raw_te.astype(np.float32), list(config["features"]))


def _csv_dataset(config: dict, rng: np.random.Generator) -> Dataset2:
    from ..data.datasets import StandardScaler, read_table, train_test_split

    text, target = config["csv"]["text"], config["csv"]["target"]
    # read_table parses files (header detection, quoting, missing values); the upload arrives as text.
    fd, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        table = read_table(path, header=True, on_bad_lines="skip")
    except ValueError as err:
        raise ConfigError(f"csv: the text is not a readable CSV table ({err}); expected a header row of "
                          f"column names, then rows of values") from err
    finally:
        os.unlink(path)
    if target not in table.names:
        raise ConfigError(f"csv.target: got {target!r}; expected one of the columns {', '.join(table.names)}")
    t = table.names.index(target)
    rows = [r for r in table.rows if len(r) == len(table.names)]

    def numeric(j: int) -> bool:
        try:
            [float(r[j]) for r in rows]
        except ValueError:
            return False
        return True

    cols = [j for j in range(len(table.names)) if j != t and numeric(j)]
    if not cols:
        raise ConfigError(f"csv: no numeric feature column besides the target {target!r}; expected at least one "
                          f"column of numbers")
    x = np.array([[float(r[j]) for j in cols] for r in rows], dtype=np.float64)
    values = [r[t] for r in rows]
    try:  # numeric class values sort as numbers (2 before 10) and "1" and "1.0" are one class
        as_float = {v: float(v) for v in set(values)}
        uniq = sorted(set(as_float.values()))
        classes = [f"{u:g}" for u in uniq]
        code = {u: k for k, u in enumerate(uniq)}
        y = np.array([code[as_float[v]] for v in values], dtype=np.int64)
    except ValueError:
        classes = sorted(set(values))
        code = {c: k for k, c in enumerate(classes)}
        y = np.array([code[v] for v in values], dtype=np.int64)
    if len(classes) < 2 or len(classes) > 50:
        raise ConfigError(f"csv.target: column {target!r} has {len(classes)} distinct values; expected 2..50 classes")
    test_size = 1 - config["train_ratio"] / 100
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=test_size, random_state=rng)
    scaler = StandardScaler().fit(x_tr)  # fitted on training rows only: the test rows stay unseen
    names = [table.names[j] for j in cols]
    return Dataset2(scaler.transform(x_tr).astype(np.float32), y_tr, scaler.transform(x_te).astype(np.float32),
                    y_te, len(classes), (len(cols),), "table", classes, feature_names=names, scaler=scaler)


# Per-dataset pixel mean and std of the [0, 1] images, the usual normalisation constants.
IMAGE_STATS = {"mnist": (0.1307, 0.3081), "fashion-mnist": (0.2860, 0.3530), "digits": (0.3052, 0.3771)}


def _image_dataset(config: dict, flat: bool) -> Dataset2:
    from ..data.datasets import MNIST, FashionMNIST, load_digits_arrays

    name = config["dataset"]
    if name == "digits":
        (xtr, ytr), (xte, yte) = load_digits_arrays("train"), load_digits_arrays("test")
        xtr, xte = xtr.astype(np.float32) / 16, xte.astype(np.float32) / 16  # 0..16 -> [0, 1], ink high
        classes = [str(i) for i in range(10)]
    else:
        cls = MNIST if name == "mnist" else FashionMNIST
        try:
            train, test = cls(config["data_dir"], train=True), cls(config["data_dir"], train=False)
        except (FileNotFoundError, ValueError) as err:
            raise ConfigError(f"data_dir: got {config['data_dir']!r}; expected a folder with the {name} IDX "
                              f"files ({str(err).splitlines()[0]})") from err
        n_tr, n_te = config["image_limit"], max(config["image_limit"] // 4, 100)
        xtr = train.data.numpy()[:n_tr].astype(np.float32) / 255
        xte = test.data.numpy()[:n_te].astype(np.float32) / 255
        ytr, yte = train.targets.numpy()[:n_tr], test.targets.numpy()[:n_te]
        classes = [c.split(" - ")[-1] for c in cls.classes] if name == "fashion-mnist" else [str(i) for i in range(10)]
    mean, std = IMAGE_STATS[name]
    xtr, xte = (xtr - mean) / std, (xte - mean) / std
    side = xtr.shape[-1]
    if flat:
        xtr, xte, shape = xtr.reshape(len(xtr), -1), xte.reshape(len(xte), -1), (side * side,)
    else:
        xtr, xte, shape = xtr[:, None], xte[:, None], (1, side, side)
    return Dataset2(xtr.astype(np.float32), ytr.astype(np.int64), xte.astype(np.float32), yte.astype(np.int64),
                    10, shape, "images", classes, normalization=(mean, std))


def sequence_task(task: str, n: int, seq_len: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(N, T, 1) sequences and their labels: sum-sign, parity, or sine (which of three frequencies)."""
    if task == "sum-sign":
        # Is the running sum of random +-1 steps positive at the end? The net must count, not just look.
        x = rng.choice([-1.0, 1.0], size=(n, seq_len))
        y = (x.sum(axis=1) > 0).astype(np.int64)
    elif task == "parity":
        # Is the number of ones odd? Every step flips the answer, so the hidden state must carry one bit.
        x = rng.integers(0, 2, size=(n, seq_len)).astype(np.float64)
        y = (x.sum(axis=1) % 2).astype(np.int64)
    else:
        # A noisy sine wave at one of three frequencies (slow, medium, fast) with a random phase.
        y = rng.integers(0, 3, size=n)
        freq = np.array([0.05, 0.12, 0.25])[y]
        t = np.arange(seq_len)
        phase = rng.uniform(0, 2 * np.pi, size=(n, 1))
        x = np.sin(2 * np.pi * freq[:, None] * t + phase) + 0.2 * rng.standard_normal((n, seq_len))
        y = y.astype(np.int64)
    return x[:, :, None].astype(np.float32), y


SEQUENCE_CLASSES = {"sum-sign": ["sum <= 0", "sum > 0"], "parity": ["even", "odd"],
                    "sine": ["slow", "medium", "fast"]}


def make_dataset(config: dict) -> Dataset2:
    """Build the (validated) config's dataset, split into train and test, seeded by config['seed']."""
    rng = np.random.default_rng(config["seed"])
    name = config["dataset"]
    if name in GENERATORS:
        points, labels = GENERATORS[name](config["n_samples"], config["noise"] / 100, rng)
        return _points_dataset(config, points, labels, rng)
    if name == "painted":
        p = np.asarray(config["points"], dtype=np.float64)
        return _points_dataset(config, p[:, :2], p[:, 2].astype(np.int64), rng)
    if name == "csv":
        return _csv_dataset(config, rng)
    if name in ("digits", "mnist", "fashion-mnist"):
        return _image_dataset(config, flat=config["mode"] == "dense")
    x, y = sequence_task(name, config["n_samples"], config["seq_len"], rng)
    x_tr, y_tr, x_te, y_te = split(x, y, config["train_ratio"], rng)
    classes = SEQUENCE_CLASSES[name]
    return Dataset2(x_tr, y_tr, x_te, y_te, len(classes), (config["seq_len"], 1), "sequence", classes)
