"""``glassnet train``: train a model on a dataset and write a run folder."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy

from .datasets import NAMES, load
from .errors import CLIError
from .runs import write_history_csv, write_json

NAME = "train"
HELP = "Train a model (default: an MLP on the shipped 8x8 digits) and save a run folder."

OPTIMIZERS = ("adam", "adamw", "sgd", "rmsprop", "adagrad")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet train``."""
    p.add_argument("--model", default="auto",
                   help="model name (mlp, lenet5, cnn_small, vgg_small, resnet8, resnet20); "
                        "auto picks one that suits the dataset")
    p.add_argument("--dataset", default="digits", help=f"one of: {', '.join(NAMES)}")
    p.add_argument("--data-dir", default=None, help="folder holding MNIST/Fashion-MNIST IDX files")
    p.add_argument("--epochs", type=int, default=None, help="passes over the training data")
    p.add_argument("--batch-size", type=int, default=None, help="samples per step")
    p.add_argument("--lr", type=float, default=None, help="learning rate")
    p.add_argument("--optimizer", default="adam", help=f"one of: {', '.join(OPTIMIZERS)}")
    p.add_argument("--seed", type=int, default=0, help="random seed (initialisation, shuffling, split)")
    p.add_argument("--val-split", type=float, default=0.1, help="fraction of training data held out")
    p.add_argument("--out", default=None, help="run folder (default: runs/<time>-<model>-<dataset>)")
    p.add_argument("--verbose", type=int, default=1, help="0 silent, 1 progress")


DEFAULTS = {  # (epochs, batch size, lr) that train each dataset well in little time
    "digits": (30, 32, 3e-3),
    "mnist": (5, 128, 1e-3),
    "fashion-mnist": (5, 128, 1e-3),
}


def _check(args: argparse.Namespace) -> None:
    if args.epochs is not None and args.epochs < 1:
        raise CLIError(f"--epochs must be >= 1, got {args.epochs}")
    if args.batch_size is not None and args.batch_size < 1:
        raise CLIError(f"--batch-size must be >= 1, got {args.batch_size}")
    if args.lr is not None and not args.lr > 0:
        raise CLIError(f"--lr must be > 0, got {args.lr}")
    if args.optimizer not in OPTIMIZERS:
        raise CLIError(f"unknown optimizer {args.optimizer!r}; choose one of: {', '.join(OPTIMIZERS)}")
    if not 0 <= args.val_split < 1:
        raise CLIError(f"--val-split must be in [0, 1), got {args.val_split}")


def _model_spec(name: str, data) -> tuple[str, dict]:
    from ..models import list_models

    n_in = int(numpy.prod(data.input_shape))
    n_cls = len(data.classes)
    if name == "auto":
        name = "mlp"
    if name == "mlp":
        hidden = [128, 64] if n_in <= 256 else [256, 128]
        return "mlp", {"in_features": n_in, "hidden": hidden, "num_classes": n_cls}
    if name not in list_models():
        raise CLIError(f"unknown model {name!r}; choose one of: {', '.join(list_models())}")
    if len(data.input_shape) != 3:
        raise CLIError(f"model {name!r} needs image data (C, H, W); dataset {data.name} gives "
                       f"{data.input_shape}")
    kwargs = {"num_classes": n_cls, "in_channels": data.input_shape[0]}
    if data.input_shape[1] != 28 and _accepts(name, "input_size"):
        kwargs["input_size"] = data.input_shape[1]
    return name, kwargs


def _accepts(model_name: str, param: str) -> bool:
    """Whether a zoo model's builder takes a keyword (e.g. input_size for 8x8 digits)."""
    import importlib
    import inspect

    from ..models import _REGISTRY

    builder = _REGISTRY[model_name]
    if isinstance(builder, str):
        module, attr = builder.split(":")
        builder = getattr(importlib.import_module(module), attr)
    params = inspect.signature(builder).parameters
    return param in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def run(args: argparse.Namespace) -> int:
    """Train, evaluate on the test split, and write the run folder."""
    import glassnet as gn

    from .. import io as gio
    from ..data import TensorDataset
    from ..inspect import plot_learning_curves
    from ..models import get_model
    from ..train import evaluate, fit

    _check(args)
    data = load(args.dataset, args.data_dir, args.val_split)
    epochs, batch_size, lr = DEFAULTS.get(data.name, (10, 64, 1e-3))
    epochs = args.epochs or epochs
    batch_size = args.batch_size or batch_size
    lr = args.lr or lr
    model_name, model_kwargs = _model_spec(args.model, data)

    gn.manual_seed(args.seed)
    if data.x_val is not None:
        x_tr, y_tr, x_va, y_va = data.x_train, data.y_train, data.x_val, data.y_val
    else:
        order = numpy.random.default_rng(args.seed).permutation(len(data.x_train))
        n_val = int(round(len(order) * args.val_split))
        va, tr = order[:n_val], order[n_val:]
        x_tr, y_tr, x_va, y_va = data.x_train[tr], data.y_train[tr], data.x_train[va], data.y_train[va]
    n_val = len(x_va)
    train_ds = TensorDataset(gn.from_numpy(x_tr), gn.from_numpy(y_tr))
    val_ds = TensorDataset(gn.from_numpy(x_va), gn.from_numpy(y_va)) if n_val else None
    test_ds = TensorDataset(gn.from_numpy(data.x_test), gn.from_numpy(data.y_test))

    model = get_model(model_name, **model_kwargs)
    n_params = sum(p.numel() for p in model.parameters())
    out = Path(args.out) if args.out else Path("runs") / (
        time.strftime("%Y%m%d-%H%M%S") + f"-{model_name}-{data.name.split(':')[0]}")
    out.mkdir(parents=True, exist_ok=True)
    if args.verbose:
        print(f"glassnet train: {model_name} ({n_params:,} parameters) on {data.name}: "
              f"{len(x_tr)} train / {n_val} validation / {len(data.x_test)} test samples")

    config = {
        "format": "glassnet-run", "glassnet_version": gn.__version__,
        "model": model_name, "model_kwargs": model_kwargs, "dataset": data.name,
        "data_dir": args.data_dir, "input_shape": list(data.input_shape), "classes": data.classes,
        "epochs": epochs, "batch_size": batch_size, "lr": lr, "optimizer": args.optimizer,
        "seed": args.seed, "val_split": args.val_split, "parameters": n_params, **data.info,
    }
    write_json(out / "config.json", config)
    optimizer = getattr(gn.optim, {"adam": "Adam", "adamw": "AdamW", "sgd": "SGD", "rmsprop": "RMSprop",
                                   "adagrad": "Adagrad"}[args.optimizer])
    opt = optimizer(model.parameters(), lr=lr, **({"momentum": 0.9} if args.optimizer == "sgd" else {}))
    t0 = time.perf_counter()
    history = fit(model, train_ds, val_ds, loss=gn.nn.CrossEntropyLoss(), optimizer=opt, epochs=epochs,
                  batch_size=batch_size, metrics=("accuracy",), verbose=args.verbose,
                  checkpoint=out / "checkpoint.safetensors")
    seconds = time.perf_counter() - t0
    test = evaluate(model, test_ds, loss=gn.nn.CrossEntropyLoss(), metrics=("accuracy",), batch_size=256)
    gio.save(model.state_dict(), out / "model.safetensors")
    hist = dict(history.history)
    metrics = {"test_loss": float(test["loss"]), "test_accuracy": float(test["accuracy"]),
               "train_seconds": round(seconds, 2), "epochs": len(hist.get("loss", []))}
    for k, v in hist.items():
        if v:
            metrics[f"final_{k}"] = float(v[-1])
    write_json(out / "metrics.json", metrics)
    write_history_csv(out / "history.csv", hist)
    plot_learning_curves(hist, out / "learning_curves.png", title=f"{model_name} on {data.name}")
    print(f"test accuracy: {metrics['test_accuracy']:.2%} (test loss {metrics['test_loss']:.4f}) "
          f"after {metrics['epochs']} epochs in {seconds:.1f} s")
    print(f"saved run to {out}/ (model.safetensors, config.json, metrics.json, history.csv, "
          f"learning_curves.png)")
    return 0
