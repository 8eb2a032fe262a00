"""Rebuild a shipped pretrained weight file: ``python tools/train_pretrained.py NAME [--data DIR]``.

NAME is a zoo model with a recipe below (lenet5, resnet8, cnn_small), or char_lstm (the LSTM of
glassnet.examples.charlm on Tiny Shakespeare). The data are the original IDX files (MNIST or Fashion-MNIST)
or tinyshakespeare/input.txt in --data DIR (default: ../shared/data next to the repository, or
$GLASSNET_SHARED_DATA), with the dataset's subfolder. The weights go to
src/glassnet/models/pretrained/NAME.safetensors with, in their metadata, the recipe, the SHA-256 of every
data file read and the accuracy on the 10,000 test images. The recipes are short on purpose (a shared
2-core machine trains them in minutes): the point is a good starting point for fine-tuning, not a record.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

import numpy

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

import glassnet as gn  # noqa: E402
from glassnet.models import get_model  # noqa: E402
from glassnet.models.weights import PRETRAINED_DIR, save_pretrained  # noqa: E402

RECIPES = {
    "lenet5": {"dataset": "mnist", "model_kwargs": {"num_classes": 10, "in_channels": 1},
               "epochs": 2, "batch_size": 128, "optimizer": "adam", "lr": 1e-3, "train_images": 60000, "seed": 0},
    # ResNet-8 costs ~20x LeNet-5 per image in NumPy: one epoch over a seeded 12,000-image subset.
    "resnet8": {"dataset": "mnist", "model_kwargs": {"num_classes": 10, "in_channels": 1},
                "epochs": 1, "batch_size": 64, "optimizer": "adam", "lr": 2e-3, "train_images": 12000, "seed": 0},
    "cnn_small": {"dataset": "fashion-mnist", "model_kwargs": {"num_classes": 10, "in_channels": 1},
                  "epochs": 2, "batch_size": 128, "optimizer": "adam", "lr": 1e-3, "train_images": 60000,
                  "seed": 0},
}
# The char-LSTM: charlm.run's recipe for a fixed number of steps (a time budget would not be reproducible).
CHAR_LSTM = {"dataset": "tinyshakespeare", "model_kwargs": {"vocab": 65, "embed": 64, "hidden": 128},
             "steps": 1500, "seq": 64, "batch": 32, "optimizer": "adam", "lr": 3e-3, "clip_grad_norm": 1.0,
             "seed": 0, "split": "first 90% of the characters train, last 10% validate"}
FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_arrays(dataset: str, root: Path, train: bool) -> tuple[numpy.ndarray, numpy.ndarray]:
    """float32 (N, 1, 28, 28) images in [0, 1] and int64 labels, as ``glassnet train`` reads them."""
    from glassnet.data import datasets as ds

    cls = ds.MNIST if dataset == "mnist" else ds.FashionMNIST
    d = cls(root, train=train)
    x = d.data._data.astype(numpy.float32) / numpy.float32(255.0)
    return x.reshape(len(x), 1, 28, 28), d.targets._data.astype(numpy.int64)


def train_char_lstm(root: Path, out: str | None) -> int:
    """Train charlm's LSTM on Tiny Shakespeare; its validation loss (nats/char) is the stated score."""
    from glassnet.examples import charlm

    r = CHAR_LSTM
    path = root / "tinyshakespeare" / "input.txt"
    t0 = time.perf_counter()
    res = charlm.run(path, "lstm", minutes=10**6, max_steps=r["steps"], seq=r["seq"], batch=r["batch"], lr=r["lr"],
                     hidden=r["model_kwargs"]["hidden"], eval_every=10**9, seed=r["seed"], sample_len=200,
                     report_seconds=60.0)
    seconds = time.perf_counter() - t0
    vocab = "".join(res["vocab"])
    assert len(vocab) == r["model_kwargs"]["vocab"], len(vocab)
    info = {"model": "char_lstm", "class": "glassnet.examples.charlm.CharLSTM", "model_kwargs": r["model_kwargs"],
            "dataset": r["dataset"], "data_sha256": {"input.txt": sha256(path)}, "vocab": vocab,
            "recipe": {k: v for k, v in r.items() if k not in ("dataset", "model_kwargs")},
            "val_loss": round(float(res["val_loss"]), 4),
            "val_loss_eval": "charlm.evaluate: 20 batches of 64 windows of 64 characters, seed 1234",
            "train_seconds": round(seconds, 1), "sample": res["sample"], "script": "tools/train_pretrained.py"}
    dest = Path(out) if out else PRETRAINED_DIR / "char_lstm.safetensors"
    model = res["model"].eval()
    save_pretrained(model.state_dict(), dest, info)
    print(f"char_lstm: validation loss {info['val_loss']:.3f} nats/char after {seconds:.0f} s; wrote {dest} "
          f"({dest.stat().st_size:,} bytes)")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("name", choices=sorted(RECIPES) + ["char_lstm"])
    p.add_argument("--data", default=os.environ.get("GLASSNET_SHARED_DATA", str(REPO.parent / "shared" / "data")))
    p.add_argument("--out", default=None, help="output file (default: the package's pretrained folder)")
    args = p.parse_args(argv)
    if args.name == "char_lstm":
        return train_char_lstm(Path(args.data), args.out)
    r = RECIPES[args.name]
    root = Path(args.data)
    folder = root / r["dataset"] if (root / r["dataset"]).is_dir() else root
    hashes = {f: sha256(folder / f) for f in FILES}
    x_tr, y_tr = load_arrays(r["dataset"], root, True)
    x_te, y_te = load_arrays(r["dataset"], root, False)
    if r["train_images"] < len(x_tr):
        idx = numpy.sort(numpy.random.default_rng(r["seed"]).permutation(len(x_tr))[: r["train_images"]])
        x_tr, y_tr = x_tr[idx], y_tr[idx]
    gn.manual_seed(r["seed"])
    model = get_model(args.name, **r["model_kwargs"])
    opt = {"adam": gn.optim.Adam, "sgd": gn.optim.SGD}[r["optimizer"]](model.parameters(), lr=r["lr"])
    t0 = time.perf_counter()
    gn.train.fit(model, (x_tr, y_tr), loss="cross_entropy", optimizer=opt, epochs=r["epochs"],
                 batch_size=r["batch_size"], seed=r["seed"], verbose=2)
    seconds = time.perf_counter() - t0
    test = gn.train.evaluate(model, (x_te, y_te), loss="cross_entropy", batch_size=500)
    info = {"model": args.name, "model_kwargs": r["model_kwargs"], "dataset": r["dataset"],
            "data_sha256": hashes, "preprocessing": "uint8 pixels / 255 as float32, shape (N, 1, 28, 28)",
            "recipe": {k: r[k] for k in ("epochs", "batch_size", "optimizer", "lr", "train_images", "seed")},
            "test_accuracy": round(float(test["accuracy"]), 4), "test_loss": round(float(test["loss"]), 4),
            "test_images": len(x_te), "train_seconds": round(seconds, 1), "script": "tools/train_pretrained.py"}
    out = Path(args.out) if args.out else PRETRAINED_DIR / f"{args.name}.safetensors"
    out.parent.mkdir(parents=True, exist_ok=True)
    model.eval()
    save_pretrained(model.state_dict(), out, info)
    print(f"{args.name}: test accuracy {info['test_accuracy']:.2%} on {len(x_te)} images after {seconds:.0f} s; "
          f"wrote {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
