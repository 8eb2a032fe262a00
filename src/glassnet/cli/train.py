"""``glassnet train``: train a model on a dataset and write a run folder."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy

from .datasets import NAMES, csv_options, infer_dataset, load
from .errors import CLIError
from .evaluate import regression_errors
from .runs import (
    RUN_FILES,
    plural,
    prepare_out_dir,
    read_config,
    remove_empty_run,
    write_history_csv,
    write_json,
)
from .train_dp import make_private_run, privacy_metrics, replace_batchnorm_noted, resolve_delta

NAME = "train"
HELP = "Train a model (default: a small CNN on the shipped 8x8 digits) and save a run folder."

OPTIMIZERS = ("adam", "adamw", "sgd", "rmsprop", "adagrad")
DEFAULTS = {  # (epochs, batch size, lr) that train each dataset well in little time
    "digits": (20, 32, 3e-3),
    "mnist": (5, 128, 1e-3),
    "fashion-mnist": (5, 128, 1e-3),
}
CSV_DEFAULTS = (10, 64, 1e-3)


def _defaults_text(i: int) -> str:
    per = ", ".join(f"{v[i]:g} for {k}" for k, v in DEFAULTS.items())
    return f"default: {per}, {CSV_DEFAULTS[i]:g} for a CSV"


def _label_column(text: str) -> int | str:
    """--label-column takes a name or an index (negative counts from the end)."""
    return int(text) if text.lstrip("-").isdigit() else text


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet train``."""
    p.add_argument("--model", default="auto",
                   help="model name (mlp, lenet5, cnn_small, vgg_small, resnet8, resnet20); "
                        "default: auto, a small CNN (digits_cnn) for the 8x8 digits, else an MLP sized for the data")
    p.add_argument("--dataset", default=None,
                   help=f"one of: {', '.join(NAMES)}; default: digits, or what --data-dir holds")
    p.add_argument("--data-dir", default=None,
                   help="folder holding the MNIST/Fashion-MNIST IDX files (train-images-idx3-ubyte.gz ...); "
                        "default: $GLASSNET_DATA, else ~/.glassnet/data (searched with its mnist/ and "
                        "fashion-mnist/ subfolders)")
    p.add_argument("--epochs", type=int, default=None, help=f"passes over the training data ({_defaults_text(0)})")
    p.add_argument("--batch-size", type=int, default=None, help=f"samples per step ({_defaults_text(1)})")
    p.add_argument("--lr", type=float, default=None, help=f"learning rate ({_defaults_text(2)})")
    p.add_argument("--optimizer", default="adam", help=f"one of: {', '.join(OPTIMIZERS)} (default: adam)")
    p.add_argument("--seed", type=int, default=0, help="random seed for initialisation, shuffling and split "
                                                       "(default: 0)")
    p.add_argument("--val-split", type=float, default=0.1,
                   help="fraction of the training data held out for validation (default: 0.1)")
    p.add_argument("--out", default=None,
                   help="run folder (default: runs/<date-time>-<model>-<dataset>, made unique); an existing "
                        "run is refused unless --overwrite or --resume is given")
    p.add_argument("--overwrite", action="store_true", help="replace the run already in --out")
    p.add_argument("--resume", metavar="RUN_DIR", default=None,
                   help="continue an interrupted run from its last completed epoch, with its settings "
                        "(--epochs may raise the total)")
    p.add_argument("--nproc", type=int, default=None, metavar="N",
                   help="train data-parallel in N processes: runs this command under mpiexec -n N (the "
                        "distributed extra); --batch-size is then per process")
    p.add_argument("--verbose", type=int, default=1,
                   help="0 silent, 1 a live bar on a terminal, 2 one line per epoch (default: 1)")
    d = p.add_argument_group("differential privacy (DP-SGD, the privacy extra)")
    d.add_argument("--dp", action="store_true",
                   help="train with DP-SGD: Poisson-sampled batches, each example's gradient clipped to "
                        "--max-grad-norm, Gaussian noise; the privacy budget epsilon is shown and saved")
    d.add_argument("--target-epsilon", type=float, default=None, metavar="E",
                   help="with --dp: the noise is solved so that epsilon after --epochs stays within E")
    d.add_argument("--noise-multiplier", type=float, default=None, metavar="S",
                   help="with --dp: the noise standard deviation over --max-grad-norm (give this or --target-epsilon)")
    d.add_argument("--max-grad-norm", type=float, default=None, metavar="C",
                   help="with --dp: the clipping bound of each example's gradient (default: 1.0)")
    d.add_argument("--delta", type=float, default=None, metavar="D",
                   help="with --dp: the delta of the (epsilon, delta) guarantee, below 1/N (default: 1e-5, or the "
                        "largest power of ten below 1/N when that is smaller)")
    g = p.add_argument_group("CSV tables (--dataset csv:PATH)")
    g.add_argument("--header", dest="header", action="store_const", const=True, default="auto",
                   help="the first row names the columns (default: detected from the file)")
    g.add_argument("--no-header", dest="header", action="store_const", const=False,
                   help="the first row is data (columns are named col0, col1 ... or by --columns)")
    g.add_argument("--label-column", type=_label_column, default=-1, metavar="NAME|INDEX",
                   help="the column to predict, by name or index (default: -1, the last)")
    g.add_argument("--columns", default=None, metavar="NAMES",
                   help="comma-separated names for the columns of a file without a header")
    g.add_argument("--task", default="auto", choices=("auto", "classification", "regression"),
                   help="auto: text or integer labels are classes, real numbers are regressed (default: auto)")


def _check(args: argparse.Namespace) -> None:
    if args.nproc is not None and args.nproc < 1:
        raise CLIError(f"--nproc must be >= 1, got {args.nproc}")
    if args.epochs is not None and args.epochs < 1:
        raise CLIError(f"--epochs must be >= 1, got {args.epochs}")
    if args.batch_size is not None and args.batch_size < 1:
        raise CLIError(f"--batch-size must be >= 1, got {args.batch_size}")
    check_common_options(args)
    _check_dp(args)
    if args.resume and args.overwrite:
        raise CLIError("--resume continues a run and --overwrite replaces it: give one of them")
    if args.resume:
        # A resumed run is the same run: only its length may change, or it would not continue exactly.
        changed = [flag for flag, value, default in (
            ("--model", args.model, "auto"), ("--dataset", args.dataset, None), ("--data-dir", args.data_dir, None),
            ("--batch-size", args.batch_size, None), ("--lr", args.lr, None), ("--optimizer", args.optimizer, "adam"),
            ("--seed", args.seed, 0), ("--val-split", args.val_split, 0.1), ("--out", args.out, None),
            ("--dp", args.dp, False), ("--target-epsilon", args.target_epsilon, None),
            ("--noise-multiplier", args.noise_multiplier, None), ("--max-grad-norm", args.max_grad_norm, None),
            ("--delta", args.delta, None))
            if value != default]
        if changed:
            raise CLIError(f"--resume continues {args.resume} with its own settings; {', '.join(changed)} cannot "
                           "change them (only --epochs can, to train longer)")
    csv_flags = args.header != "auto" or args.label_column != -1 or args.columns or args.task != "auto"
    if csv_flags and not (args.dataset or "").startswith("csv:") and not args.resume:
        raise CLIError("--header/--no-header, --label-column, --columns and --task apply to --dataset csv:PATH")


def _check_dp(args: argparse.Namespace) -> None:
    """The DP-SGD options: only with --dp, one noise setting, every number in its range."""
    given = [flag for flag, value in (("--target-epsilon", args.target_epsilon),
                                      ("--noise-multiplier", args.noise_multiplier),
                                      ("--max-grad-norm", args.max_grad_norm), ("--delta", args.delta))
             if value is not None]
    if not args.dp:
        if given:
            raise CLIError(f"{', '.join(given)} apply to private training: add --dp")
        return
    if args.resume:
        return  # refused with the other settings a resumed run cannot change
    if (args.target_epsilon is None) == (args.noise_multiplier is None):
        raise CLIError("--dp needs exactly one of --target-epsilon E (the budget to stay within) and "
                       "--noise-multiplier S (the noise to add)")
    if args.noise_multiplier is not None and not args.noise_multiplier > 0:
        raise CLIError(f"--noise-multiplier must be > 0, got {args.noise_multiplier:g} (no noise means no privacy)")
    if args.target_epsilon is not None and not args.target_epsilon > 0:
        raise CLIError(f"--target-epsilon must be > 0, got {args.target_epsilon:g}")
    if args.max_grad_norm is not None and not args.max_grad_norm > 0:
        raise CLIError(f"--max-grad-norm must be > 0, got {args.max_grad_norm:g}")
    if args.delta is not None and not 0 < args.delta < 1:
        raise CLIError(f"--delta must be in (0, 1), got {args.delta:g}")
    if args.nproc is not None and args.nproc > 1:
        raise CLIError("--dp trains in one process: the accountant assumes one Poisson-sampled batch per step; "
                       "drop --nproc")


def check_common_options(args: argparse.Namespace) -> None:
    """--lr, --optimizer and --val-split, checked the same way for train and finetune."""
    if args.lr is not None and not args.lr > 0:
        raise CLIError(f"--lr must be > 0, got {args.lr}")
    if args.optimizer not in OPTIMIZERS:
        raise CLIError(f"unknown optimizer {args.optimizer!r}; choose one of: {', '.join(OPTIMIZERS)}")
    if not 0 <= args.val_split < 1:
        raise CLIError(f"--val-split must be in [0, 1), got {args.val_split}")


def _model_spec(name: str, data) -> tuple[str, dict]:
    from ..models import list_models

    n_in = int(numpy.prod(data.input_shape))
    n_out = len(data.classes) if data.task == "classification" else 1
    if name == "auto":
        # The 8x8 digits read better with convolutions: 97-98% vs 96% on their test split, and about 80% vs 62%
        # on typed digits (tests/cli/test_drawn_digits.py); other data starts from an MLP.
        name = "digits_cnn" if data.name == "digits" else "mlp"
    if name == "mlp":
        hidden = [128, 64] if n_in <= 256 else [256, 128]
        return "mlp", {"in_features": n_in, "hidden": hidden, "num_classes": n_out}
    classifiers = [m for m in list_models() if "gan_" not in m]  # GAN nets train with 'glassnet gan'
    if name not in classifiers:
        hint = "; GAN models train with 'glassnet gan'" if name in list_models() else ""
        raise CLIError(f"unknown model {name!r}; choose one of: {', '.join(classifiers)}{hint}")
    if len(data.input_shape) != 3:
        raise CLIError(f"model {name!r} needs image data (C, H, W); dataset {data.name} gives "
                       f"{data.input_shape}; use --model mlp")
    kwargs = {"num_classes": n_out, "in_channels": data.input_shape[0]}
    if data.input_shape[1] != 28 and _accepts(name, "input_size"):
        kwargs["input_size"] = data.input_shape[1]
    return name, kwargs


def _accepts(model_name: str, param: str) -> bool:
    """Whether a zoo model's builder names a keyword (input_size); a bare **kw does not count, it may not reach it."""
    import importlib
    import inspect

    from ..models import _REGISTRY

    builder = _REGISTRY[model_name]
    if isinstance(builder, str):
        module, attr = builder.split(":")
        builder = getattr(importlib.import_module(module), attr)
    return param in inspect.signature(builder).parameters


def _settings(args: argparse.Namespace) -> dict:
    """What the run is: from the options, or from the run being resumed."""
    if args.resume:
        run_dir, config = read_config(args.resume, need_model=False)
        if not (run_dir / "checkpoint.safetensors").is_file():
            raise CLIError(f"{run_dir} has no checkpoint.safetensors to resume from (it finished no epoch)")
        s = dict(config)
        s["out"] = run_dir
        if args.epochs is not None:
            s["epochs"] = args.epochs
        return s
    dataset = args.dataset
    if dataset is None:
        dataset = infer_dataset(args.data_dir) if args.data_dir else "digits"
    columns = [c.strip() for c in args.columns.split(",")] if args.columns else None
    csv = csv_options(args.header, args.label_column, columns, args.task) if dataset.startswith("csv:") else None
    return {"dataset": dataset, "data_dir": str(Path(args.data_dir).resolve()) if args.data_dir else None, "csv": csv,
            "model": args.model, "optimizer": args.optimizer, "seed": args.seed, "val_split": args.val_split,
            "epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr,
            "dp": {"target_epsilon": args.target_epsilon, "noise_multiplier": args.noise_multiplier,
                   "max_grad_norm": args.max_grad_norm if args.max_grad_norm is not None else 1.0,
                   "delta": args.delta} if args.dp else None}


def run(args: argparse.Namespace) -> int:
    """Train, evaluate on the test split, and write the run folder."""
    try:
        return _run(args)
    except Exception as e:
        from .. import distributed as dist

        if dist.is_initialized() and dist.get_world_size() > 1:
            # One rank failing alone would leave the others waiting on it: end the whole job, naming the rank.
            print(f"glassnet train: error on rank {dist.get_rank()}: {e}", file=sys.stderr, flush=True)
            dist.abort(1)
        raise


def _run(args: argparse.Namespace) -> int:
    import glassnet as gn

    from ..data import TensorDataset
    from ..models import get_model

    _check(args)
    if args.nproc and args.nproc > 1:
        return _launch(args)
    rank = _join_mpi_job()
    s = _settings(args)
    data = load(s["dataset"], s.get("data_dir"), s["val_split"], s.get("csv"))
    epochs, batch_size, lr = DEFAULTS.get(data.name, CSV_DEFAULTS)
    epochs, batch_size, lr = s["epochs"] or epochs, s["batch_size"] or batch_size, s["lr"] or lr
    if args.resume:
        model_name, model_kwargs = s["model"], s["model_kwargs"]
    else:
        model_name, model_kwargs = _model_spec(s["model"], data)
    seed = s["seed"]

    gn.manual_seed(seed)
    if data.x_val is not None:
        x_tr, y_tr, x_va, y_va = data.x_train, data.y_train, data.x_val, data.y_val
    else:
        order = numpy.random.default_rng(seed).permutation(len(data.x_train))
        n_val = int(round(len(order) * s["val_split"]))
        va, tr = order[:n_val], order[n_val:]
        x_tr, y_tr, x_va, y_va = data.x_train[tr], data.y_train[tr], data.x_train[va], data.y_train[va]
    n_val = len(x_va)
    train_ds = TensorDataset(gn.from_numpy(x_tr), gn.from_numpy(y_tr))
    val_ds = TensorDataset(gn.from_numpy(x_va), gn.from_numpy(y_va)) if n_val else None
    test_ds = TensorDataset(gn.from_numpy(data.x_test), gn.from_numpy(data.y_test))

    model = get_model(model_name, **model_kwargs)
    dp = s.get("dp")
    if dp:
        if gn.distributed.get_world_size() > 1:
            raise CLIError("--dp trains in one process: run it without mpiexec")
        delta = resolve_delta(dp.get("delta"), len(train_ds))  # before the run folder is made
        model, replaced = replace_batchnorm_noted(model, args.verbose if not args.resume else 0)
        dp = {**dp, "delta": delta, "replace_batchnorm": bool(replaced) or dp.get("replace_batchnorm", False)}
    n_params = sum(p.numel() for p in model.parameters())
    if rank != 0:  # the other ranks of an mpiexec job train alongside rank 0, which alone writes the run
        return _train_as_worker(args, s, data.task, model, train_ds, val_ds, epochs, batch_size, lr, gn)
    if args.resume:
        out = Path(s["out"])
    else:
        out = prepare_out_dir(args.out, f"{model_name}-{data.name.split(':')[0]}", overwrite=args.overwrite)
    for note in data.notes:  # what reading the data found is never silent: rows dropped, columns named
        print(f"glassnet train: {note}")
    if args.verbose:
        what = "resuming" if args.resume else "training"
        print(f"glassnet train: {what} {model_name} ({n_params:,} parameters) on {data.name}: "
              f"{len(x_tr):,} train / {n_val:,} validation / {len(data.x_test):,} test samples, "
              f"{plural(epochs, 'epoch')}")

    config = {
        "format": "glassnet-run", "glassnet_version": gn.__version__,
        "model": model_name, "model_kwargs": model_kwargs, "dataset": data.name, "task": data.task,
        "data_dir": data.info.get("data_dir", s.get("data_dir")), "csv": s.get("csv"),
        "input_shape": list(data.input_shape), "classes": data.classes, "target": data.target,
        "epochs": epochs, "batch_size": batch_size, "lr": lr, "optimizer": s["optimizer"],
        "seed": seed, "val_split": s["val_split"], "parameters": n_params,
        "processes": gn.distributed.get_world_size(),  # batch_size is per process: the effective one is the product
        **{k: v for k, v in data.info.items() if k != "data_dir"},
    }
    written = ["config.json"]
    write_json(out / "config.json", config)
    if data.preprocessing is not None:
        write_json(out / "preprocessing.json", data.preprocessing)
        written.append("preprocessing.json")
    loss_fn, metric_names, opt = _training_setup(data.task, s["optimizer"], model, lr, gn)
    net, train_data, dp_record = model, train_ds, None
    if dp:
        net, opt, train_data, dp_record = make_private_run(model, opt, train_ds, batch_size, epochs, dp)
        config["dp"] = dp_record  # the solved noise: a resumed run goes on with it
        write_json(out / "config.json", config)
        if args.verbose:
            how = ("kept from the run being resumed" if args.resume else
                   f"solved for epsilon {dp_record['target_epsilon']:g} after {plural(epochs, 'epoch')}"
                   if dp_record["target_epsilon"] else "as given")
            print(f"glassnet train: DP-SGD: noise multiplier {dp_record['noise_multiplier']:.4g} ({how}), "
                  f"each example's gradient clipped to {dp_record['max_grad_norm']:g}, Poisson batches of "
                  f"{dp_record['expected_batch_size']} on average, delta {dp_record['delta']:g}", flush=True)
    checkpoint = out / "checkpoint.safetensors"
    t0 = time.perf_counter()
    try:
        history = gn.train.fit(net, train_data, val_ds, loss=loss_fn, optimizer=opt, epochs=epochs,
                               batch_size=batch_size, metrics=metric_names, verbose=args.verbose,
                               checkpoint=checkpoint, resume_from=checkpoint if args.resume else None)
        hist, interrupted, energy = dict(history.history), False, history.energy
    except KeyboardInterrupt:
        energy = None
        hist, interrupted = _keep_last_epoch(net, checkpoint), True
        if hist is None:
            if not args.resume:
                remove_empty_run(out)
            print("glassnet train: interrupted before the first epoch finished; no run was kept", flush=True)
            return 130
    seconds = time.perf_counter() - t0
    done = len(hist.get("loss", []))
    metrics = {"epochs": done, "epochs_planned": epochs, "interrupted": interrupted,
               "train_seconds": round(seconds, 2)}
    if data.task == "classification":
        test = gn.train.evaluate(model, test_ds, loss=loss_fn, metrics=metric_names, batch_size=256)
        metrics.update({f"test_{k}": float(v) for k, v in test.items()})
    else:
        errors = regression_errors(model, data.x_test, data.y_test, data.target)
        metrics.update({"test_mae": errors["mae"], "test_loss": errors["mse"]})
    for k, v in hist.items():
        if v:
            metrics[f"final_{k}"] = float(v[-1])
    if dp_record is not None:
        metrics["privacy"] = privacy_metrics(opt, dp_record)
    if energy is not None:
        metrics["energy"] = {**energy, "resumed": bool(args.resume)}  # a resumed run measures its last part only
    gn.save(model.state_dict(), out / "model.safetensors")
    write_json(out / "metrics.json", metrics)
    write_history_csv(out / "history.csv", hist)
    written += ["model.safetensors", "metrics.json", "history.csv"]
    from ..inspect import plot_learning_curves

    plot_learning_curves(hist, out / "learning_curves.png", title=f"{model_name} on {data.name}")
    written += ["learning_curves.png", "checkpoint.safetensors"]
    written += _model_card(out)
    score = (f"test accuracy: {metrics['test_accuracy']:.2%}" if data.task == "classification"
             else f"test mean absolute error: {metrics['test_mae']:.4g} (the curves show the standardised label)")
    privacy = ""
    if dp_record is not None:
        p = metrics["privacy"]
        privacy = f"; DP epsilon {p['epsilon']:.3g} at delta {p['delta']:g} ({plural(p['steps'], 'DP-SGD step')})"
        if p.get("target_epsilon") and p["epsilon"] > p["target_epsilon"] * (1 + 1e-9):
            # the noise was solved for the epochs first planned; a resumed run that trains longer spends more
            privacy += f", above the target {p['target_epsilon']:g} set for the epochs first planned"
    if interrupted:
        print(f"glassnet train: interrupted after {plural(done, 'epoch')} of {epochs}; the run keeps the last "
              f"completed epoch ({score}{privacy}); continue it with: glassnet train --resume {out}", flush=True)
    else:
        print(f"{score} (test loss {metrics['test_loss']:.4f}) after {plural(done, 'epoch')} in {seconds:.1f} s"
              f"{privacy}")
    files = [f for f in RUN_FILES if f in written]
    print(f"saved run to {out}/ ({', '.join(files)})")
    return 130 if interrupted else 0


def _model_card(out: Path) -> list[str]:
    """MODEL_CARD.md and model_card.json; a card that cannot be written is a warning, never a lost run."""
    from ..model_card import write_model_card
    from .errors import warn

    try:
        return write_model_card(out)
    except (OSError, ValueError) as e:
        warn(f"no model card written: {e}")
        return []


def _training_setup(task: str, optimizer_name: str, model, lr: float, gn) -> tuple:
    """(loss, metric names, optimizer): the same on every rank."""
    loss_fn = gn.nn.CrossEntropyLoss() if task == "classification" else gn.nn.MSELoss()
    metric_names = ("accuracy",) if task == "classification" else ("mae",)
    optimizer = getattr(gn.optim, {"adam": "Adam", "adamw": "AdamW", "sgd": "SGD", "rmsprop": "RMSprop",
                                   "adagrad": "Adagrad"}[optimizer_name])
    opt = optimizer(model.parameters(), lr=lr, **({"momentum": 0.9} if optimizer_name == "sgd" else {}))
    return loss_fn, metric_names, opt


def _join_mpi_job() -> int:
    """This process's rank when mpiexec started several (0 otherwise)."""
    from .. import distributed as dist

    if dist.launched_world_size() <= 1:
        return 0
    try:
        dist.init()
    except ImportError as e:
        raise CLIError(str(e)) from None
    return dist.get_rank()


def _launch(args: argparse.Namespace) -> int:
    """--nproc N: run this same command in N processes under mpiexec."""
    from .. import distributed as dist
    from ..distributed.launch import find_mpiexec, launch

    if dist.launched_world_size() > 1:
        raise CLIError("--nproc starts mpiexec itself: run either 'mpiexec -n N glassnet train ...' or "
                       "'glassnet train --nproc N ...', not both")
    if not dist.is_available():
        raise CLIError('--nproc needs mpi4py and MPICH: pip install "glassnet[distributed]"')
    try:
        find_mpiexec()
    except RuntimeError as e:
        raise CLIError(str(e)) from None
    argv = list(getattr(args, "argv", None) or sys.argv[1:])
    command = [sys.executable, "-m", "glassnet", *_without_nproc(argv)]
    return launch(args.nproc, command)


def _without_nproc(argv: list[str]) -> list[str]:
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--nproc":
            skip = True
        elif not a.startswith("--nproc="):
            out.append(a)
    return out


def _train_as_worker(args, s: dict, task: str, model, train_ds, val_ds, epochs: int, batch_size: int, lr: float,
                     gn) -> int:
    """A rank other than 0: train alongside rank 0 (fit keeps it silent); rank 0 writes the run folder."""
    loss_fn, metric_names, opt = _training_setup(task, s["optimizer"], model, lr, gn)
    resume = Path(s["out"]) / "checkpoint.safetensors" if args.resume else None
    gn.train.fit(model, train_ds, val_ds, loss=loss_fn, optimizer=opt, epochs=epochs, batch_size=batch_size,
                 metrics=metric_names, verbose=0, resume_from=resume)
    return 0


def _keep_last_epoch(model, checkpoint: Path) -> dict | None:
    """After Ctrl-C: put the last completed epoch's weights back in the model; its history, or None."""
    from ..train.checkpoint import load_checkpoint

    if not checkpoint.is_file():
        return None
    state = load_checkpoint(checkpoint)
    model.load_state_dict(state["model"])
    return dict(state["history"]["history"]) if state.get("history") else {}
