"""Data and a plain training loop shared by the depth, overfitting, activations and architectures experiments.

Quick mode uses the 8x8 digits shipped inside glassnet (no download, seconds); full mode uses MNIST or
Fashion-MNIST IDX files found the documented way (``$GLASSNET_DATA`` or the project's shared data folder).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import glassnet as gn
from glassnet import nn

DATASETS = {"mnist": ("MNIST", "mnist"), "fashion-mnist": ("FashionMNIST", "fashion-mnist")}


def image_data(quick: bool, n_train: int, n_val: int, seed: int, dataset: str = "mnist",
               flatten: bool = True, who: str = "lab") -> dict[str, Any]:
    """Train/validation images as float32 arrays in [0, 1]: 8x8 digits when quick, else an MNIST-style subset.

    The subsets are drawn with ``seed`` (training images from the training split, validation images from
    the test split, so they never overlap). Returns x_train, y_train, x_val, y_val, name, side.
    """
    rng = np.random.default_rng(seed)
    if quick:
        from glassnet.data.datasets import load_digits_arrays

        xtr, ytr = load_digits_arrays("train")
        xva, yva = load_digits_arrays("test")
        xtr, xva = xtr.astype(np.float32) / 16.0, xva.astype(np.float32) / 16.0
        name, side = "8x8 digits (shipped with glassnet)", 8
    else:
        xtr, ytr, xva, yva = _idx_arrays(dataset, who)
        name, side = f"{DATASETS[dataset][0]} 28x28", 28
    tr = rng.permutation(len(ytr))[:min(n_train, len(ytr))]
    va = rng.permutation(len(yva))[:min(n_val, len(yva))]
    xtr, ytr, xva, yva = xtr[tr], ytr[tr].astype(np.int64), xva[va], yva[va].astype(np.int64)
    shape = (-1, side * side) if flatten else (-1, 1, side, side)
    return {"x_train": np.ascontiguousarray(xtr.reshape(shape), dtype=np.float32), "y_train": ytr,
            "x_val": np.ascontiguousarray(xva.reshape(shape), dtype=np.float32), "y_val": yva,
            "name": name, "side": side}


def _idx_arrays(dataset: str, who: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The whole train and test splits of an IDX dataset (images float32 in [0, 1]); CLIError when missing."""
    from glassnet.cli.errors import CLIError
    from glassnet.data import datasets as ds
    from glassnet.examples._common import missing_data_message, shared_data

    cls_name, folder = DATASETS[dataset]
    root = shared_data(folder)
    if root is None:
        raise CLIError(missing_data_message(f"glassnet lab {who}", "$GLASSNET_DATA", folder,
                                            "train-images-idx3-ubyte.gz") + f" ({cls_name} IDX files; "
                       "or run with --quick, which uses the 8x8 digits shipped with glassnet)")
    cls = getattr(ds, cls_name)
    try:
        train, test = cls(root, train=True), cls(root, train=False)
    except (OSError, ValueError) as e:
        raise CLIError(f"glassnet lab {who}: cannot read {cls_name} from {root}: {e}") from None
    def arrays(split: Any) -> tuple[np.ndarray, np.ndarray]:
        return np.asarray(split.data._data, np.float32) / 255.0, np.asarray(split.targets._data)
    return (*arrays(train), *arrays(test))


def batches(n: int, batch_size: int, steps: int, rng: np.random.Generator) -> Any:
    """``steps`` mini-batch index arrays: shuffled epochs over ``n`` samples, as many epochs as it takes."""
    done = 0
    while done < steps:
        order = rng.permutation(n)
        for i in range(0, n - batch_size + 1 if n >= batch_size else 1, batch_size):
            if done == steps:
                return
            yield order[i:i + batch_size]
            done += 1


def train_steps(model: Any, x: np.ndarray, y: np.ndarray, steps: int, optimizer: Any, batch_size: int,
                seed: int, loss_fn: Any = None) -> list[float]:
    """Plain SGD-style training for ``steps`` mini-batches (forward, loss, zero_grad, backward, step); the losses."""
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    rng = np.random.default_rng(seed)
    xt, yt = gn.from_numpy(x), gn.from_numpy(y)
    losses = []
    model.train()
    for idx in batches(len(y), batch_size, steps, rng):
        i = gn.from_numpy(idx)
        loss = loss_fn(model(xt[i]), yt[i])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss.item()))
    return losses


def accuracy(model: Any, x: np.ndarray, y: np.ndarray, batch_size: int = 1000) -> float:
    """Fraction of ``x`` classified as ``y`` (eval mode, no gradients)."""
    model.eval()
    right = 0
    with gn.no_grad():
        for i in range(0, len(y), batch_size):
            pred = model(gn.from_numpy(x[i:i + batch_size])).numpy().argmax(axis=1)
            right += int((pred == y[i:i + batch_size]).sum())
    model.train()
    return right / max(len(y), 1)


def mean_std(values: list[float]) -> tuple[float, float]:
    """Mean and (population) standard deviation of a list, as plain floats."""
    a = np.asarray(values, dtype=np.float64)
    return float(a.mean()), float(a.std())


def pm(values: list[float], fmt: str = ".3f") -> str:
    """``mean ± std`` of a list, for tables."""
    m, s = mean_std(values)
    return f"{m:{fmt}} ± {s:{fmt}}"


__all__ = ["accuracy", "batches", "image_data", "mean_std", "pm", "train_steps"]
