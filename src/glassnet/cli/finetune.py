"""``glassnet finetune``: start from a trained run or shipped pretrained weights, train on a new dataset.

The run folder it writes is a ``glassnet train`` run (config.json names the model and its arguments, with the
new number of classes), so ``glassnet evaluate``, ``predict`` and ``info`` work on it; config.json also
records where the weights came from, what was frozen and how many labelled examples were used.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy

from .datasets import NAMES, load
from .errors import CLIError
from .runs import RUN_FILES, plural, prepare_out_dir, read_config, write_history_csv, write_json
from .train import DEFAULTS, OPTIMIZERS, _model_card, check_common_options

NAME = "finetune"
FEW_SHOT_STEPS = 200
HELP = "Fine-tune a trained run or a shipped pretrained model on a dataset and save a run folder."
DESCRIPTION = """\
Fine-tune a network trained before (a run folder of 'glassnet train' or 'glassnet finetune') or shipped
with glassnet (a pretrained name: see glassnet.models.list_pretrained()) on a dataset: its classification
head is replaced by a fresh one for the new classes (unless the dataset is the one it was trained on),
--freeze keeps named parts fixed, and --n-per-class trains on only K labelled examples per class.

Examples:
  glassnet finetune --from lenet5 --dataset fashion-mnist --freeze features --n-per-class 50
  glassnet finetune --from runs/my-digits-run --dataset digits --epochs 3 --lr 1e-4"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet finetune``."""
    p.add_argument("--from", dest="source", required=True, metavar="RUN_DIR_OR_PRETRAINED_NAME",
                   help="a run folder, or the name of shipped pretrained weights (lenet5 ...)")
    p.add_argument("--dataset", default=None, help=f"one of: {', '.join(NAMES)} (default: the source's)")
    p.add_argument("--data-dir", default=None,
                   help="folder holding the MNIST/Fashion-MNIST IDX files (default: $GLASSNET_DATA, else "
                        "~/.glassnet/data)")
    p.add_argument("--freeze", action="append", default=[], metavar="NAMES",
                   help="sub-modules to keep fixed, comma-separated or repeated (e.g. features, or "
                        "conv1,bn1,layer1); their BatchNorm layers stay in eval mode")
    p.add_argument("--n-per-class", type=int, default=None, metavar="K",
                   help="train on K labelled examples per class, drawn with --seed (default: all)")
    p.add_argument("--keep-head", action="store_true",
                   help="keep the source's classification head (needs the same number of classes)")
    p.add_argument("--epochs", type=int, default=None, help="passes over the training data (default: as "
                        "'glassnet train': 5 for MNIST-sized data, 30 for digits; with --n-per-class, enough for "
                        f"about {FEW_SHOT_STEPS} steps, at most 100)")
    p.add_argument("--batch-size", type=int, default=None, help="samples per step (default: as 'glassnet train'; "
                                                                "at most 32 with --n-per-class)")
    p.add_argument("--lr", type=float, default=None, help="learning rate (default: as 'glassnet train')")
    p.add_argument("--optimizer", default="adam", help=f"one of: {', '.join(OPTIMIZERS)} (default: adam)")
    p.add_argument("--seed", type=int, default=0, help="seed for the new head, the K examples, shuffling and "
                                                       "the validation split (default: 0)")
    p.add_argument("--val-split", type=float, default=0.1,
                   help="fraction of the training data held out for validation (default: 0.1)")
    p.add_argument("--out", default=None, help="run folder (default: runs/<date-time>-finetune-<model>-<dataset>)")
    p.add_argument("--overwrite", action="store_true", help="replace the run already in --out")
    p.add_argument("--verbose", type=int, default=1,
                   help="0 silent, 1 a live bar on a terminal, 2 one line per epoch (default: 1)")


def _check(args: argparse.Namespace) -> None:
    for opt in ("epochs", "batch_size", "n_per_class"):
        v = getattr(args, opt)
        if v is not None and v < 1:
            raise CLIError(f"--{opt.replace('_', '-')} must be >= 1, got {v}")
    check_common_options(args)


def load_source(source: str):
    """(model, description) from a run folder or a shipped pretrained name."""
    from ..models import get_model, list_pretrained, pretrained_info
    from .runs import load_model

    if Path(source).is_dir():
        model, config, run_dir = load_model(source)
        return model, {"kind": "run", "path": str(run_dir.resolve()), "model": config["model"],
                       "model_kwargs": dict(config.get("model_kwargs", {})), "dataset": config["dataset"],
                       "input_shape": list(config["input_shape"]), "classes": config.get("classes")}
    images = [n for n in list_pretrained() if pretrained_info(n).get("dataset") in ("mnist", "fashion-mnist")]
    if source.lower() in images:
        info = pretrained_info(source)
        model = get_model(source, pretrained=True)
        return model, {"kind": "pretrained", "name": source.lower(), "model": source.lower(),
                       "model_kwargs": dict(info["model_kwargs"]), "dataset": info["dataset"],
                       "input_shape": [info["model_kwargs"].get("in_channels", 1), 28, 28],
                       "test_accuracy": info.get("test_accuracy")}
    raise CLIError(f"--from {source}: neither a run folder nor shipped weights; pretrained names: "
                   f"{', '.join(images) or 'none'}")


def few_per_class(y: numpy.ndarray, k: int, seed: int) -> numpy.ndarray:
    """Indices of k examples of each class (all of a class with fewer), drawn with ``seed``, in data order."""
    rng = numpy.random.default_rng(seed)
    picks = [rng.permutation(numpy.flatnonzero(y == c))[:k] for c in numpy.unique(y)]
    return numpy.sort(numpy.concatenate(picks))


def _freeze_names(values: list[str]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def run(args: argparse.Namespace) -> int:
    """Load the source, adapt its head, freeze, train on the (few) examples, evaluate, write the run folder."""
    import glassnet as gn

    from ..data import TensorDataset
    from ..transfer import freeze, param_groups, replace_head, trainable_report
    from .runs import build_model

    _check(args)
    model, src = load_source(args.source)
    dataset = args.dataset or src["dataset"]
    data = load(dataset, args.data_dir, args.val_split)
    if data.task != "classification":
        raise CLIError(f"glassnet finetune classifies; dataset {data.name} is a regression task")
    if list(data.input_shape) != list(src["input_shape"]):
        raise CLIError(f"--from {args.source} takes inputs of shape {tuple(src['input_shape'])} but dataset "
                       f"{data.name} has {tuple(data.input_shape)}; pick a source trained on data of that shape")
    n_out = len(data.classes)
    same_data = data.name == src["dataset"]
    old_out = src["model_kwargs"].get("num_classes")
    if args.keep_head and old_out is not None and old_out != n_out:
        raise CLIError(f"--keep-head: the source has {old_out} outputs but {data.name} has {n_out} classes")
    seed = args.seed
    gn.manual_seed(seed)
    new_head = not args.keep_head and not same_data
    if new_head:
        replace_head(model, n_out)
    model_kwargs = {**src["model_kwargs"], "num_classes": n_out}
    names = _freeze_names(args.freeze)
    try:
        if names:  # freeze() with no name freezes the whole model
            freeze(model, *names)
    except KeyError as e:
        raise CLIError(f"--freeze: {e.args[0]}") from None
    if not any(p.requires_grad for p in model.parameters()):
        raise CLIError(f"--freeze {','.join(names)} leaves nothing to train")
    try:  # the run folder must rebuild this very model for evaluate/predict/info
        build_model({"model": src["model"], "model_kwargs": model_kwargs}).load_state_dict(model.state_dict())
    except (RuntimeError, KeyError, ValueError) as e:
        raise CLIError(f"the fine-tuned {src['model']} cannot be rebuilt from its name and arguments: {e}") from None

    epochs, batch_size, lr = DEFAULTS.get(data.name, (10, 64, 1e-3))
    epochs, batch_size, lr = args.epochs or epochs, args.batch_size or batch_size, args.lr or lr
    if data.x_val is not None:
        x_tr, y_tr, x_va, y_va = data.x_train, data.y_train, data.x_val, data.y_val
    else:
        order = numpy.random.default_rng(seed).permutation(len(data.x_train))
        n_val = int(round(len(order) * args.val_split))
        va, tr = order[:n_val], order[n_val:]
        x_tr, y_tr, x_va, y_va = data.x_train[tr], data.y_train[tr], data.x_train[va], data.y_train[va]
    if args.n_per_class:
        keep = few_per_class(y_tr, args.n_per_class, seed)
        x_tr, y_tr = x_tr[keep], y_tr[keep]
        # A few labelled examples make one or two full batches per epoch: use smaller batches and enough
        # epochs for about FEW_SHOT_STEPS updates, unless the user chose.
        batch_size = args.batch_size or min(batch_size, 32)
        steps = -(-len(x_tr) // batch_size)
        epochs = args.epochs or max(epochs, min(100, -(-FEW_SHOT_STEPS // steps)))
    train_ds = TensorDataset(gn.from_numpy(x_tr), gn.from_numpy(y_tr))
    val_ds = TensorDataset(gn.from_numpy(x_va), gn.from_numpy(y_va)) if len(x_va) else None
    test_ds = TensorDataset(gn.from_numpy(data.x_test), gn.from_numpy(data.y_test))

    out = prepare_out_dir(args.out, f"finetune-{src['model']}-{data.name.split(':')[0]}", overwrite=args.overwrite)
    report = trainable_report(model)
    if args.verbose:
        print(f"glassnet finetune: {src['model']} from {args.source} ({src['dataset']}) -> {data.name}: "
              f"{len(x_tr):,} train / {len(x_va):,} validation / {len(data.x_test):,} test samples, "
              f"{plural(epochs, 'epoch')}; {report.trainable:,} of {report.total:,} parameters train"
              f"{'; new head' if new_head else ''}")
    n_params = report.total
    config = {
        "format": "glassnet-run", "glassnet_version": gn.__version__,
        "model": src["model"], "model_kwargs": model_kwargs, "dataset": data.name, "task": data.task,
        "data_dir": data.info.get("data_dir"), "csv": None, "input_shape": list(data.input_shape),
        "classes": data.classes, "target": None, "epochs": epochs, "batch_size": batch_size, "lr": lr,
        "optimizer": args.optimizer, "seed": seed, "val_split": args.val_split, "parameters": n_params,
        "finetune": {"from": src, "freeze": names, "n_per_class": args.n_per_class, "new_head": new_head,
                     "trainable_parameters": report.trainable},
        **{k: v for k, v in data.info.items() if k != "data_dir"},
    }
    write_json(out / "config.json", config)
    optimizer = getattr(gn.optim, {"adam": "Adam", "adamw": "AdamW", "sgd": "SGD", "rmsprop": "RMSprop",
                                   "adagrad": "Adagrad"}[args.optimizer])
    groups = param_groups(model, {})  # the trainable parameters only: frozen ones get no optimizer state
    opt = optimizer(groups, lr=lr, **({"momentum": 0.9} if args.optimizer == "sgd" else {}))
    loss_fn = gn.nn.CrossEntropyLoss()
    t0 = time.perf_counter()
    try:
        history = gn.train.fit(model, train_ds, val_ds, loss=loss_fn, optimizer=opt, epochs=epochs,
                               batch_size=batch_size, metrics=("accuracy",), verbose=args.verbose, seed=seed)
    except KeyboardInterrupt:
        import shutil

        shutil.rmtree(out, ignore_errors=True)
        print("glassnet finetune: interrupted; no run was kept", flush=True)
        return 130
    seconds = time.perf_counter() - t0
    hist = dict(history.history)
    metrics = {"epochs": len(hist.get("loss", [])), "epochs_planned": epochs, "interrupted": False,
               "train_seconds": round(seconds, 2), "train_samples": len(x_tr)}
    if getattr(history, "energy", None) is not None:
        metrics["energy"] = {**history.energy, "resumed": False}  # the fine-tuning only, not the pretraining
    test = gn.train.evaluate(model, test_ds, loss=loss_fn, metrics=("accuracy",), batch_size=256)
    metrics.update({f"test_{k}": float(v) for k, v in test.items()})
    for k, v in hist.items():
        if v:
            metrics[f"final_{k}"] = float(v[-1])
    gn.save(model.state_dict(), out / "model.safetensors")
    write_json(out / "metrics.json", metrics)
    write_history_csv(out / "history.csv", hist)
    from ..inspect import plot_learning_curves

    plot_learning_curves(hist, out / "learning_curves.png", title=f"{src['model']} fine-tuned on {data.name}")
    read_config(out)  # what evaluate/predict/info will read: fail here, not there
    card = _model_card(out)
    print(f"test accuracy: {metrics['test_accuracy']:.2%} (test loss {metrics['test_loss']:.4f}) after "
          f"{plural(metrics['epochs'], 'epoch')} in {seconds:.1f} s")
    written = {"config.json", "model.safetensors", "metrics.json", "history.csv", "learning_curves.png", *card}
    print(f"saved run to {out}/ ({', '.join(f for f in RUN_FILES if f in written)})")
    return 0
