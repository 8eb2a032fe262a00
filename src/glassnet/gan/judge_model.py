"""The judge: a small classifier trained with ``glassnet.train.fit`` on the real data, cached on disk.

``train_judge('mnist', out_dir=run_dir)`` trains LeNet-5 on MNIST once and writes
``run_dir/judge.safetensors`` (the weights) and ``run_dir/judge.json`` (how to rebuild it, a hash of the
data it learned from and its held-out accuracy); the next call with the same data loads it instead.

The judge learns from real images scaled to [-1, 1], the range GAN generators draw in (tanh), so
generated samples are judged as they come out of the generator.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from .. import nn
from ..tensor import Tensor

__all__ = ["train_judge", "build_judge", "JUDGE_WEIGHTS", "JUDGE_META"]

JUDGE_WEIGHTS = "judge.safetensors"
JUDGE_META = "judge.json"
NAMED = ("mnist", "fashion-mnist", "digits")
DEFAULT_EPOCHS = {"lenet5": 3, "mlp": 40}
HOLD_OUT = 0.1  # share of an (X, y) pair kept back to measure the judge's accuracy


def train_judge(data: Any, *, out_dir: str | os.PathLike | None = None, epochs: int | None = None, seed: int = 0,
                data_dir: str | os.PathLike | None = None, verbose: int = 0) -> nn.Module:
    """Train (or load from ``out_dir``) the classifier that judges a GAN's samples.

    LeNet-5 for 28x28 or 32x32 images, a small MLP (hidden 128, 64) for other sizes such as the 8x8
    digits; Adam (lr 1e-3), batch 64, cross-entropy, on images in [-1, 1]. With ``out_dir`` the judge is
    cached as ``judge.safetensors`` plus ``judge.json`` (architecture, SHA-256 of the training data,
    held-out accuracy); a cached judge for the same data is loaded instead of trained, one for other
    data is replaced. The returned model is in eval mode; ``model.judge_info`` holds the JSON metadata.

    Args:
        data: 'mnist', 'fashion-mnist' or 'digits' (the 8x8 digits shipped with glassnet), or a pair
            ``(X, y)``: X (N, C, H, W) real images in [-1, 1], y (N,) integer labels 0..K-1.
        out_dir: folder to cache the judge in (a run folder); None trains without saving.
        epochs: training epochs; default 3 for LeNet-5 (MNIST-sized data), 40 for the MLP.
        seed: seeds the weights, the shuffle order and the (X, y) hold-out split.
        data_dir: where the MNIST / Fashion-MNIST IDX files are ($GLASSNET_DATA or ~/.glassnet/data if None).
        verbose: 1 shows fit's progress, 0 trains silently.

    Returns:
        The trained classifier (an ``nn.Module`` giving (N, K) logits).

    Example:
        >>> rng = np.random.default_rng(0)
        >>> X = rng.uniform(-1, 1, (60, 1, 4, 4)).astype(np.float32)
        >>> y = (X.mean(axis=(1, 2, 3)) > 0).astype(np.int64)
        >>> judge = glassnet.gan.judge.train_judge((X, y), epochs=2)
        >>> tuple(judge(glassnet.tensor(X[:3])).shape)
        (3, 2)
    """
    from .. import io
    from ..backend import manual_seed
    from ..train import evaluate, fit

    name, (x_train, y_train), (x_test, y_test) = _load(data, seed, data_dir)
    num_classes = int(max(y_train.max(), y_test.max() if len(y_test) else 0)) + 1
    arch = _arch_for(x_train.shape[1:], num_classes)
    digest = _hash(x_train, y_train)
    weights = meta_path = None
    if out_dir is not None:
        weights, meta_path = Path(out_dir) / JUDGE_WEIGHTS, Path(out_dir) / JUDGE_META
        cached = _read_meta(meta_path) if weights.is_file() else None
        if cached is not None and cached.get("data_hash") == digest and cached.get("arch") == arch:
            model = build_judge(cached["arch"])
            model.load_state_dict(io.load(weights))
            model.judge_info = cached
            return model.eval()
        if cached is not None:
            warnings.warn(f"train_judge: the judge cached in {out_dir} was trained on other data or is another "
                          "architecture; training a new one over it", stacklevel=2)

    epochs = DEFAULT_EPOCHS[arch["name"]] if epochs is None else epochs
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"train_judge: epochs must be a positive int, got {epochs!r}")
    manual_seed(seed)
    model = build_judge(arch)
    fit(model, (x_train, y_train), loss="cross_entropy", optimizer="adam", lr=1e-3, epochs=epochs,
        batch_size=64, seed=seed, verbose=verbose)
    accuracy = None
    if len(y_test):
        accuracy = float(evaluate(model, (x_test, y_test), batch_size=256)["accuracy"])
    meta = {"data": name, "data_hash": digest, "arch": arch, "num_classes": num_classes,
            "input_shape": list(x_train.shape[1:]), "value_range": [-1, 1], "epochs": epochs, "seed": seed,
            "train_samples": len(y_train), "test_samples": len(y_test), "test_accuracy": accuracy,
            "note": "FID-style Frechet distances use this classifier's penultimate features, not Inception's"}
    if weights is not None:
        io.save(model.state_dict(), weights)
        io.atomic_write(meta_path, lambda tmp: Path(tmp).write_text(json.dumps(meta, indent=1)))
    model.judge_info = meta
    return model.eval()


def build_judge(arch: dict) -> nn.Module:
    """The untrained judge network an architecture record from ``judge.json`` describes.

    Args:
        arch: ``{"name": "lenet5", "in_channels": C, "input_size": 28|32, "num_classes": K}`` or
            ``{"name": "mlp", "in_features": D, "num_classes": K}``.

    Returns:
        The freshly initialised ``nn.Module``.

    Example:
        >>> m = glassnet.gan.judge_model.build_judge({"name": "mlp", "in_features": 64, "num_classes": 10})
        >>> tuple(m(glassnet.zeros(2, 1, 8, 8)).shape)
        (2, 10)
    """
    from ..models.lenet import LeNet5
    from ..models.mlp import MLP

    if arch.get("name") == "lenet5":
        return LeNet5(arch["num_classes"], in_channels=arch["in_channels"], input_size=arch["input_size"])
    if arch.get("name") == "mlp":
        return MLP(arch["in_features"], (128, 64), arch["num_classes"])
    raise ValueError(f"build_judge: unknown judge architecture {arch!r}; expected name 'lenet5' or 'mlp'")


def _arch_for(shape: tuple, num_classes: int) -> dict:
    c, h, w = shape
    if h == w and h in (28, 32):
        return {"name": "lenet5", "in_channels": int(c), "input_size": int(h), "num_classes": num_classes}
    return {"name": "mlp", "in_features": int(c * h * w), "num_classes": num_classes}


def _hash(x: np.ndarray, y: np.ndarray) -> str:
    h = hashlib.sha256()
    h.update(repr((x.shape, str(x.dtype), y.shape)).encode())
    h.update(np.ascontiguousarray(x).tobytes())
    h.update(np.ascontiguousarray(y).tobytes())
    return h.hexdigest()


def _read_meta(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _load(data: Any, seed: int, data_dir: Any) -> tuple[str, tuple, tuple]:
    """(name, (x_train, y_train), (x_test, y_test)) with images float32 in [-1, 1], labels int64."""
    if isinstance(data, str):
        if data not in NAMED:
            raise ValueError(f"train_judge: unknown dataset {data!r}; choose one of {', '.join(NAMED)} or pass (X, y)")
        if data == "digits":
            from ..data.datasets import digits

            parts = [(d.tensors[0]._data, d.tensors[1]._data) for d in digits()]
        else:
            parts = _load_idx(data, data_dir)
        (xtr, ytr), (xte, yte) = [(x * np.float32(2) - np.float32(1), y.astype(np.int64)) for x, y in parts]
        return data, (xtr, ytr), (xte, yte)
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise TypeError(f"train_judge: data must be 'mnist', 'fashion-mnist', 'digits' or a pair (X, y), "
                        f"got {type(data).__name__}")
    x, y = (np.asarray(d._data if isinstance(d, Tensor) else d) for d in data)
    if x.ndim != 4:
        raise ValueError(f"train_judge: X must be images (N, C, H, W), got shape {x.shape}")
    if y.shape != (len(x),) or y.dtype.kind not in "iu":
        raise ValueError(f"train_judge: y must be (N,) integer labels for X of shape {x.shape}, "
                         f"got shape {y.shape} dtype {y.dtype}")
    if y.min() < 0:
        raise ValueError(f"train_judge: labels must be 0..K-1, got a label {int(y.min())}")
    x = x.astype(np.float32)
    lo, hi = float(x.min()), float(x.max())
    if lo < -1.05 or hi > 1.05:
        raise ValueError(f"train_judge: X must be in [-1, 1] (the range generated samples are judged in), got "
                         f"values in [{lo:.3g}, {hi:.3g}]; rescale, e.g. X / 127.5 - 1 for 0..255 pixels")
    if lo >= 0 and hi > 0.5:
        warnings.warn("train_judge: X lies in [0, 1], but generated samples are judged in [-1, 1]; pass "
                      "X * 2 - 1 unless your generator draws in [0, 1]", stacklevel=3)
    order = np.random.default_rng(seed).permutation(len(x))
    n_test = int(len(x) * HOLD_OUT) if len(x) >= 20 else 0
    test, train = order[:n_test], order[n_test:]
    return "arrays", (x[train], y[train].astype(np.int64)), (x[test], y[test].astype(np.int64))


def _load_idx(name: str, data_dir: Any) -> list:
    from ..cli.datasets import default_data_dir
    from ..data import datasets as ds

    cls = ds.MNIST if name == "mnist" else ds.FashionMNIST
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    out = []
    for train in (True, False):
        d = cls(root, train=train)
        out.append((d.data._data.astype(np.float32)[:, None] / np.float32(255), d.targets._data))
    return out
