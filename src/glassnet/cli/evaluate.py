"""``glassnet evaluate RUN_DIR``: score a saved run on a dataset's test split."""

from __future__ import annotations

import argparse
from pathlib import Path

from .datasets import NAMES, load
from .errors import CLIError
from .runs import load_model

NAME = "evaluate"
HELP = "Evaluate a saved run on the test split of its dataset (or another one)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet evaluate``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet train'")
    p.add_argument("--dataset", default=None, help=f"one of: {', '.join(NAMES)} (default: the run's)")
    p.add_argument("--data-dir", default=None,
                   help="folder holding MNIST/Fashion-MNIST IDX files (default: the run's, else $GLASSNET_DATA, "
                        "else ~/.glassnet/data)")
    p.add_argument("--batch-size", type=int, default=256, help="samples per forward pass (default: 256)")
    p.add_argument("--plot", nargs="?", const="", default=None, metavar="FOLDER",
                   help="also draw the confusion matrix (confusion_matrix.png) and the first misclassified test "
                        "images (misclassified.png) into FOLDER (default: RUN_DIR)")


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell: the first left-aligned, numbers right-aligned."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return "\n".join([line(header), *(line(r) for r in rows)])


def regression_errors(model, x, y, target: dict) -> dict[str, float]:
    """Mean absolute and squared error in the label's own units (model and y are standardised by ``target``)."""
    import glassnet as gn

    from ..train import predict

    with gn.no_grad():
        pred = predict(model, gn.from_numpy(x), batch_size=256).numpy()
    err = (pred.astype("float64") - y) * target["scale"]
    return {"mae": float(abs(err).mean()), "mse": float((err ** 2).mean())}


def run(args: argparse.Namespace) -> int:
    """Print test loss, accuracy (or mean absolute error) and a per-class report."""
    import glassnet as gn

    from ..data import TensorDataset
    from ..train import evaluate, predict
    from ..train.metrics import confusion_matrix

    model, config, run_dir = load_model(args.run_dir)
    dataset = args.dataset or config["dataset"]
    same = dataset == config["dataset"]
    data = load(dataset, args.data_dir or (config.get("data_dir") if same else None), config.get("val_split", 0.1),
                config.get("csv") if same else None)
    if list(data.input_shape) != list(config["input_shape"]):
        raise CLIError(f"dataset {data.name} gives inputs of shape {data.input_shape}, but the model in "
                       f"{run_dir} was trained on {tuple(config['input_shape'])}")
    test = TensorDataset(gn.from_numpy(data.x_test), gn.from_numpy(data.y_test))
    if config.get("task", "classification") == "regression":
        res = regression_errors(model, data.x_test, data.y_test, data.target)
        print(f"{config['model']} from {run_dir} on {data.name} test ({len(data.x_test):,} samples): "
              f"mean absolute error {res['mae']:.4g}, mean squared error {res['mse']:.4g}")
        return 0
    res = evaluate(model, test, loss=gn.nn.CrossEntropyLoss(), metrics=("accuracy",), batch_size=args.batch_size)
    print(f"{config['model']} from {run_dir} on {data.name} test ({len(data.x_test):,} samples): "
          f"accuracy {float(res['accuracy']):.2%}, loss {float(res['loss']):.4f}")
    with gn.no_grad():
        pred = predict(model, gn.from_numpy(data.x_test), batch_size=args.batch_size).argmax(1).numpy()
    cm = confusion_matrix(data.y_test, pred, num_classes=len(data.classes))
    cm = cm.numpy() if hasattr(cm, "numpy") else cm
    rows = []
    for i, name in enumerate(data.classes):
        total = int(cm[i].sum())
        rows.append([name, f"{(cm[i][i] / total if total else 0):.1%}", f"{total:,}"])
    print(format_table(["class", "recall", "count"], rows))
    if args.plot is not None:
        _plots(Path(args.plot) if args.plot else run_dir, cm, data, pred)
    return 0


def _plots(folder: Path, cm, data, pred) -> None:
    """Write the confusion matrix and the misclassified test examples as PNGs."""
    from ..inspect import confusion_matrix_figure, misclassified_figure, save_figure

    if not folder.is_dir():
        raise CLIError(f"--plot {folder}: no such folder")
    title = f"{data.name} test: confusion matrix"
    written = [save_figure(confusion_matrix_figure(cm, data.classes, title=title), folder / "confusion_matrix.png")]
    if len(data.x_test) and len(data.input_shape) == 3:  # images only: a table row has nothing to look at
        written.append(save_figure(misclassified_figure(data.x_test, data.y_test, pred, data.classes, max_images=25),
                                   folder / "misclassified.png"))
    print("wrote " + ", ".join(str(p) for p in written))
