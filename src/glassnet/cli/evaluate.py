"""``glassnet evaluate RUN_DIR``: score a saved run on a dataset's test split."""

from __future__ import annotations

import argparse

from .datasets import NAMES, load
from .errors import CLIError
from .runs import load_model

NAME = "evaluate"
HELP = "Evaluate a saved run on the test split of its dataset (or another one)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet evaluate``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet train'")
    p.add_argument("--dataset", default=None, help=f"one of: {', '.join(NAMES)} (default: the run's)")
    p.add_argument("--data-dir", default=None, help="folder holding MNIST/Fashion-MNIST IDX files")
    p.add_argument("--batch-size", type=int, default=256, help="samples per forward pass")


def run(args: argparse.Namespace) -> int:
    """Print test loss, accuracy and a per-class report."""
    import glassnet as gn

    from ..data import TensorDataset
    from ..train import evaluate
    from ..train.metrics import confusion_matrix

    model, config, run_dir = load_model(args.run_dir)
    data = load(args.dataset or config["dataset"], args.data_dir or config.get("data_dir"))
    if list(data.input_shape) != list(config["input_shape"]):
        raise CLIError(f"dataset {data.name} gives inputs of shape {data.input_shape}, but the model in "
                       f"{run_dir} was trained on {tuple(config['input_shape'])}")
    test = TensorDataset(gn.from_numpy(data.x_test), gn.from_numpy(data.y_test))
    res = evaluate(model, test, loss=gn.nn.CrossEntropyLoss(), metrics=("accuracy",),
                   batch_size=args.batch_size)
    print(f"{config['model']} from {run_dir} on {data.name} test ({len(data.x_test)} samples): "
          f"accuracy {float(res['accuracy']):.2%}, loss {float(res['loss']):.4f}")
    from ..train import predict

    with gn.no_grad():
        pred = predict(model, gn.from_numpy(data.x_test), batch_size=args.batch_size).argmax(1).numpy()
    cm = confusion_matrix(data.y_test, pred, num_classes=len(data.classes))
    cm = cm.numpy() if hasattr(cm, "numpy") else cm
    print("class  recall  count")
    for i, name in enumerate(data.classes):
        row = cm[i]
        total = int(row.sum())
        print(f"{name:>5}  {(row[i] / total if total else 0):6.1%}  {total:5d}")
    return 0
