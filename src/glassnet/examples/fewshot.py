"""Few-shot transfer: a LeNet-5 pretrained on MNIST digits, fine-tuned with K labelled examples per class.

Two target tasks, each against the same network trained from scratch on the same K examples:

* ``fashion``: Fashion-MNIST (10 classes), starting from the shipped ``lenet5(pretrained=True)`` weights.
* ``digits5-9``: MNIST digits 5-9 (5 classes), starting from a LeNet-5 trained here on digits 0-4 only (the
  shipped weights have seen 5-9, so they would not be a fair start).

Fine-tuning replaces the head, freezes the pretrained convolutions (``features``) and trains the
fully connected layers; both arms take the same number of optimizer steps at the same learning rate.
``examples/transfer_fewshot.py`` runs the whole grid and writes the table and plot under ``docs/transfer/``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

import glassnet as gn

TASKS = ("fashion", "digits5-9")


def load_images(root: str | Path, dataset: str, train: bool) -> tuple[np.ndarray, np.ndarray]:
    """float32 (N, 1, 28, 28) images in [0, 1] and int64 labels of MNIST or Fashion-MNIST under ``root``."""
    from glassnet.data import datasets as ds

    cls = ds.MNIST if dataset == "mnist" else ds.FashionMNIST
    d = cls(root, train=train)
    return d.data._data.astype(np.float32)[:, None] / np.float32(255), d.targets._data.astype(np.int64)


def k_per_class(y: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Indices of ``k`` examples of every class, drawn with ``seed``."""
    from glassnet.cli.finetune import few_per_class

    return few_per_class(y, k, seed)


def train_steps(model: Any, params: Any, x: np.ndarray, y: np.ndarray, steps: int, seed: int,
                batch_size: int = 32, lr: float = 1e-3) -> Any:
    """``steps`` Adam updates on (x, y) in shuffled mini-batches; returns the model (in eval mode)."""
    bs = min(batch_size, len(x))
    per_epoch = -(-len(x) // bs)
    epochs = -(-steps // per_epoch)
    opt = gn.optim.Adam(params, lr=lr)
    gn.train.fit(model, (x, y), loss="cross_entropy", optimizer=opt, epochs=epochs, batch_size=bs, verbose=0,
                 seed=seed, metrics=())
    return model.eval()


def accuracy(model: Any, x: np.ndarray, y: np.ndarray) -> float:
    """Test accuracy, in batches of 500 without gradients."""
    model.eval()
    with gn.no_grad():
        pred = np.concatenate([model(gn.from_numpy(x[i:i + 500])).argmax(1)._data for i in range(0, len(x), 500)])
    return float((pred == y).mean())


def pretrain_digits_0_4(x: np.ndarray, y: np.ndarray, seed: int = 0, epochs: int = 1,
                        images: int | None = None) -> Any:
    """A LeNet-5 (5 classes) trained on the MNIST training digits 0-4 only (the first ``images`` of them)."""
    keep = np.flatnonzero(y < 5)[:images]
    gn.manual_seed(seed)
    model = gn.models.LeNet5(num_classes=5)
    gn.train.fit(model, (x[keep], y[keep]), loss="cross_entropy", optimizer=gn.optim.Adam(model.parameters(), 1e-3),
                 epochs=epochs, batch_size=128, verbose=0, seed=seed, metrics=())
    return model.eval()


def finetune(pretrained: Any, num_classes: int, x: np.ndarray, y: np.ndarray, steps: int, seed: int,
             lr: float = 1e-3, frozen: Sequence[str] = ("features",)) -> Any:
    """A copy of ``pretrained`` with a new head and its ``frozen`` sub-trees fixed, trained on (x, y)."""
    from glassnet.transfer import freeze, replace_head

    gn.manual_seed(seed)
    model = freeze(replace_head(copy.deepcopy(pretrained), num_classes), *frozen).train()
    return train_steps(model, [p for p in model.parameters() if p.requires_grad], x, y, steps, seed, lr=lr)


def scratch(num_classes: int, x: np.ndarray, y: np.ndarray, steps: int, seed: int, lr: float = 1e-3) -> Any:
    """The same LeNet-5, freshly initialised, trained on (x, y) with the same number of steps."""
    gn.manual_seed(seed)
    model = gn.models.LeNet5(num_classes=num_classes)
    return train_steps(model, model.parameters(), x, y, steps, seed, lr=lr)


def prepare(root: str | Path, tasks: Sequence[str] = TASKS, test_images: int = 2000,
            pretrain_epochs: int = 1, pretrain_images: int | None = None) -> dict[str, dict[str, Any]]:
    """Per task: the pretrained model, training pool, and a seeded subset of the test images."""
    root = Path(root)
    out: dict[str, dict[str, Any]] = {}
    rng = np.random.default_rng(1234)
    if "fashion" in tasks:
        xtr, ytr = load_images(root, "fashion-mnist", True)
        xte, yte = load_images(root, "fashion-mnist", False)
        idx = rng.permutation(len(xte))[:test_images]
        out["fashion"] = {"pretrained": gn.models.lenet5(pretrained=True).eval(), "classes": 10,
                          "x": xtr, "y": ytr, "x_test": xte[idx], "y_test": yte[idx]}
    if "digits5-9" in tasks:
        xtr, ytr = load_images(root, "mnist", True)
        xte, yte = load_images(root, "mnist", False)
        model = pretrain_digits_0_4(xtr, ytr, epochs=pretrain_epochs, images=pretrain_images)
        hi, hi_te = ytr >= 5, yte >= 5
        xte, yte = xte[hi_te], yte[hi_te] - 5
        idx = rng.permutation(len(xte))[:test_images]
        out["digits5-9"] = {"pretrained": model, "classes": 5, "x": xtr[hi], "y": ytr[hi] - 5,
                            "x_test": xte[idx], "y_test": yte[idx]}
    return out


def run(prepared: dict[str, dict[str, Any]], ks: Sequence[int] = (10, 50, 200), seeds: Sequence[int] = (0, 1, 2),
        steps: int = 200, log: Callable[[str], None] | None = print) -> list[dict[str, Any]]:
    """One row per (task, K, seed): test accuracy fine-tuned from the pretrained model and from scratch."""
    rows = []
    for task, t in prepared.items():
        for k in ks:
            for seed in seeds:
                idx = k_per_class(t["y"], k, seed)
                x, y = t["x"][idx], t["y"][idx]
                ft = accuracy(finetune(t["pretrained"], t["classes"], x, y, steps, seed), t["x_test"], t["y_test"])
                sc = accuracy(scratch(t["classes"], x, y, steps, seed), t["x_test"], t["y_test"])
                rows.append({"task": task, "k": k, "seed": seed, "pretrained": ft, "scratch": sc})
                if log:
                    log(f"{task:10s} K={k:<4d} seed={seed}: fine-tuned {ft:.2%}  scratch {sc:.2%}")
    return rows


def summarize(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mean and standard deviation over seeds per (task, K)."""
    out = []
    for task in dict.fromkeys(r["task"] for r in rows):
        for k in dict.fromkeys(r["k"] for r in rows if r["task"] == task):
            sel = [r for r in rows if r["task"] == task and r["k"] == k]
            ft, sc = np.array([r["pretrained"] for r in sel]), np.array([r["scratch"] for r in sel])
            out.append({"task": task, "k": k, "seeds": len(sel), "pretrained": float(ft.mean()),
                        "pretrained_std": float(ft.std()), "scratch": float(sc.mean()),
                        "scratch_std": float(sc.std()), "gain": float((ft - sc).mean())})
    return out
