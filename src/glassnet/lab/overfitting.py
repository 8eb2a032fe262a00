"""Overfitting on a small training set, and what each regulariser does to the gap between training and validation.

One MLP, large for its few training images, is trained five ways with ``glassnet.train.fit``: as is, with dropout,
with weight decay, with early stopping (``glassnet.train.EarlyStopping``, best weights restored) and with data
augmentation (``glassnet.data.transforms``: random shifts and rotations). Training accuracy is measured each epoch on
the clean training images in eval mode, so dropout and augmentation do not blur the gap.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import glassnet as gn
from glassnet import nn
from glassnet.apps.run_folder import AppRun, markdown_table

from ._depth_data import accuracy, image_data, mean_std, pm

CLAIM = "\"Overfitting: the model memorises the training data and does worse on new data; regularisation " \
        "(dropout, weight decay, early stopping, data augmentation) narrows the gap between training and " \
        "validation performance.\""
SUMMARY = "small training set: train vs validation curves with no regularisation, dropout, weight decay, " \
          "early stopping and augmentation"

METHODS = {"none": "no regularisation", "dropout": "dropout 0.5", "weight_decay": "weight decay",
           "early_stopping": "early stopping", "augmentation": "augmentation (shifts + rotations)"}
BATCH, WEIGHT_DECAY, PATIENCE = 32, 1.0, 5


class _Augmented(gn.data.Dataset):
    """Flattened images with a fresh random shift and rotation every time a sample is read."""

    def __init__(self, x: np.ndarray, y: np.ndarray, side: int) -> None:
        from glassnet.data import transforms as T

        self.x, self.y, self.side = x, y, side
        self.transform = T.Compose([T.RandomCrop(side, padding=max(1, side // 14)), T.RandomRotation(10)])

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, i: int) -> tuple:
        img = self.transform(gn.from_numpy(self.x[i].reshape(1, self.side, self.side)))
        return img.reshape(-1), int(self.y[i])


class _CleanTrainAccuracy(gn.train.Callback):
    """After each epoch: accuracy on the un-augmented training images in eval mode (no dropout)."""

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        super().__init__()
        self.x, self.y = x, y
        self.values: list[float] = []

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.values.append(accuracy(self.model, self.x, self.y))


def make_model(method: str, n_in: int, width: int) -> nn.Module:
    """The MLP (two hidden ReLU layers), with dropout after each when ``method == 'dropout'``."""
    drop = [nn.Dropout(0.5)] if method == "dropout" else []
    return nn.Sequential(nn.Linear(n_in, width), nn.ReLU(), *drop, nn.Linear(width, width), nn.ReLU(), *drop,
                         nn.Linear(width, 10))


def train_one(method: str, data: dict, width: int, epochs: int, seed: int, lr: float = 1e-3) -> dict[str, Any]:
    """Train one model with one regulariser; per-epoch clean train and validation accuracy, final numbers."""
    xtr, ytr, xva, yva = data["x_train"], data["y_train"], data["x_val"], data["y_val"]
    gn.manual_seed(seed)
    model = make_model(method, xtr.shape[1], width)
    wd = WEIGHT_DECAY if method == "weight_decay" else 0.0
    opt = gn.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd)
    clean = _CleanTrainAccuracy(xtr, ytr)
    callbacks: list[Any] = [clean]
    stop = None
    if method == "early_stopping":
        stop = gn.train.EarlyStopping(monitor="val_loss", patience=PATIENCE, restore_best_weights=True)
        callbacks.append(stop)
    train = _Augmented(xtr, ytr, data["side"]) if method == "augmentation" else (xtr, ytr)
    hist = gn.train.fit(model, train, (xva, yva), loss="cross_entropy", optimizer=opt, epochs=epochs,
                        batch_size=BATCH, callbacks=callbacks, verbose=0, seed=seed)
    train_acc, val_acc = accuracy(model, xtr, ytr), accuracy(model, xva, yva)
    return {"train_curve": clean.values, "val_curve": list(hist.history["val_accuracy"]),
            "val_loss_curve": list(hist.history["val_loss"]), "train_acc": train_acc, "val_acc": val_acc,
            "gap": train_acc - val_acc, "epochs_run": len(clean.values),
            "best_epoch": None if stop is None else stop.best_epoch + 1}


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Train the five variants over several seeds; the gap and validation accuracy of each."""
    seeds = [seed, seed + 1] if quick else [seed, seed + 1, seed + 2]
    n_train, width, epochs, lr = (150, 128, 30, 5e-3) if quick else (500, 256, 60, 1e-3)
    data = image_data(quick, n_train=n_train, n_val=2000, seed=seed, who="overfitting")
    run.section("Setup", f"Data: {data['name']}, only {len(data['y_train'])} training images, "
                         f"{len(data['y_val'])} validation images. Model: MLP {data['x_train'].shape[1]}-{width}-"
                         f"{width}-10 (ReLU), AdamW lr {lr}, batch {BATCH}, {epochs} epochs, seeds {seeds}. "
                         f"Variants: none; dropout 0.5 after each hidden layer; weight decay {WEIGHT_DECAY} "
                         f"(AdamW's decoupled decay: each step shrinks the weights by lr x {WEIGHT_DECAY}); "
                         f"early stopping on validation loss (patience {PATIENCE}, best "
                         f"weights restored); augmentation: random shifts of up to {max(1, data['side'] // 14)} "
                         f"pixels and rotations of up to 10 degrees, new each epoch. Gap = training accuracy "
                         f"(clean images, eval mode) minus validation accuracy, at the end of training.")
    results: dict[str, list[dict]] = {m: [] for m in METHODS}
    from tqdm.auto import tqdm

    with tqdm(total=len(METHODS) * len(seeds), desc="overfitting: models", disable=verbose < 1, leave=False) as bar:
        for m in METHODS:
            for s in seeds:
                results[m].append(train_one(m, data, width, epochs, s, lr))
                bar.update(1)
    summary = {m: {k: mean_std([r[k] for r in results[m]])[0] for k in ("train_acc", "val_acc", "gap")}
               for m in METHODS}
    rows = []
    for m, label in METHODS.items():
        rs = results[m]
        extra = (f"stopped after {pm([r['epochs_run'] for r in rs], '.1f')} epochs"
                 if m == "early_stopping" else "")
        rows.append([label, pm([r["train_acc"] for r in rs]), pm([r["val_acc"] for r in rs]),
                     pm([r["gap"] for r in rs]), f"{summary[m]['val_acc'] - summary['none']['val_acc']:+.3f}", extra])
    run.section("Results", "Mean ± std over seeds:\n\n"
                + markdown_table(["variant", "train acc", "val acc", "gap (train - val)", "val acc vs none", ""],
                                 rows)
                + "\n\n![Train (solid) vs validation (dashed) accuracy per epoch](curves.png)")
    run.savefig(_plot(results), "curves.png", dpi=90)
    metrics = {"seeds": seeds, "n_train": len(data["y_train"]), "epochs": epochs,
               **{f"{k}_{m}": summary[m][k] for m in METHODS for k in ("train_acc", "val_acc", "gap")},
               "early_stopping_epochs": mean_std([r["epochs_run"] for r in results["early_stopping"]])[0]}
    metrics["verdict"] = _verdict(summary)
    return metrics


def _verdict(s: dict) -> str:
    base = s["none"]
    regs = [m for m in METHODS if m != "none"]
    best = min(regs, key=lambda m: s[m]["gap"])
    if s[best]["gap"] >= base["gap"]:
        lead = (f"No regulariser reduced the generalisation gap of {base['gap']:.1%} (train "
                f"{base['train_acc']:.1%}, validation {base['val_acc']:.1%})")
    else:
        lead = (f"Without regularisation the model overfit (train {base['train_acc']:.1%}, validation "
                f"{base['val_acc']:.1%}, gap {base['gap']:.1%}); {METHODS[best]} reduced the gap most, to "
                f"{s[best]['gap']:.1%}")
    helped = [f"{METHODS[m]} {s[m]['val_acc'] - base['val_acc']:+.1%}" for m in regs]
    better = [m for m in regs if s[m]["val_acc"] > base["val_acc"]]
    tail = ("every regulariser raised validation accuracy" if len(better) == len(regs) else
            "none raised validation accuracy" if not better else
            f"{len(better)} of {len(regs)} raised validation accuracy")
    return f"{lead}; {tail} ({', '.join(helped)})."


def _plot(results: dict) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11, 3.4))
    axes = fig.subplots(1, len(METHODS), sharey=True)
    for ax, (m, label) in zip(axes, METHODS.items()):
        for k, r in enumerate(results[m]):
            ep = np.arange(1, len(r["train_curve"]) + 1)
            ax.plot(ep, r["train_curve"], "-", color="tab:blue", alpha=0.8, label="train" if k == 0 else None)
            ax.plot(ep, r["val_curve"], "--", color="tab:orange", alpha=0.8, label="validation" if k == 0 else None)
        ax.set_title(label, fontsize=9)
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("accuracy")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    return fig


__all__ = ["CLAIM", "METHODS", "SUMMARY", "make_model", "run", "train_one"]
