"""Taking a playground run home: a runnable training script, the weights (safetensors) and a model card.

The script is written for a learner to read: the data generator's own source (pasted from ``data.py``, so the
same seed gives the same points), the network spelled out layer by layer with ``glassnet.nn``, and a plain
training loop that shuffles and steps exactly as the Engine does.
"""

from __future__ import annotations

import inspect
import json
import pprint
import tempfile
from pathlib import Path
from typing import Any

import glassnet as gn

from . import data as pgdata
from . import models as pgmodels
from .config import validate
from .engine import Engine

_ACT_CODE = {"tanh": "nn.Tanh()", "relu": "nn.ReLU()", "sigmoid": "nn.Sigmoid()", "linear": "nn.Identity()",
             "leaky_relu": "nn.LeakyReLU()", "gelu": "nn.GELU()"}
_OPT_CODE = {"sgd": "optim.SGD(model.parameters(), lr={lr})",
             "momentum": "optim.SGD(model.parameters(), lr={lr}, momentum=0.9)",
             "adam": "optim.Adam(model.parameters(), lr={lr})", "adamw": "optim.AdamW(model.parameters(), lr={lr})"}


def _data_code(cfg: dict) -> tuple[str, str]:
    """(helper definitions, the body of load_data()) for the config's dataset."""
    name = cfg["dataset"]
    split_src = inspect.getsource(pgdata.split)
    if name in pgdata.GENERATORS:
        defs = "\n\n".join([inspect.getsource(pgdata.GENERATORS[name]), split_src,
                            inspect.getsource(pgdata.expand_features)])
        body = (f"    rng = np.random.default_rng(SEED)\n"
                f"    points, labels = {name}({cfg['n_samples']}, {cfg['noise'] / 100!r}, rng)  # noise as a fraction\n"
                f"    x_train, y_train, x_test, y_test = split(points, labels, {cfg['train_ratio']!r}, rng)\n"
                f"    return expand_features(x_train, FEATURES), y_train, expand_features(x_test, FEATURES), y_test")
        return defs, body
    if name == "painted":
        defs = "\n\n".join([split_src, inspect.getsource(pgdata.expand_features)])
        body = (f"    rng = np.random.default_rng(SEED)\n"
                f"    # [x1, x2, label] for each point the learner painted\n"
                f"    painted = np.asarray({json.dumps(cfg['points'])}, dtype=np.float64)\n"
                f"    x_train, y_train, x_test, y_test = split(painted[:, :2], painted[:, 2].astype(np.int64), "
                f"{cfg['train_ratio']!r}, rng)\n"
                f"    return expand_features(x_train, FEATURES), y_train, expand_features(x_test, FEATURES), y_test")
        return defs, body
    if name in ("sum-sign", "parity", "sine"):
        defs = "\n\n".join([inspect.getsource(pgdata.sequence_task), split_src])
        body = (f"    rng = np.random.default_rng(SEED)\n"
                f"    x, y = sequence_task({name!r}, {cfg['n_samples']}, {cfg['seq_len']}, rng)\n"
                f"    return split(x, y, {cfg['train_ratio']!r}, rng)")
        return defs, body
    if name == "digits":
        mean, std = pgdata.IMAGE_STATS["digits"]
        shape = "(len(x), -1)" if cfg["mode"] == "dense" else "(len(x), 1, 8, 8)"
        body = (f"    from glassnet.data.datasets import load_digits_arrays\n\n"
                f"    out = []\n"
                f"    for part in ('train', 'test'):\n"
                f"        x, y = load_digits_arrays(part)  # 8x8 images, pixels 0..16\n"
                f"        x = (x.astype(np.float32) / 16 - {mean}) / {std}  # to [0, 1], then mean 0 and std 1\n"
                f"        out += [x.reshape{shape}.astype(np.float32), y]\n"
                f"    return out")
        return "", body
    if name in ("mnist", "fashion-mnist"):
        mean, std = pgdata.IMAGE_STATS[name]
        cls = "MNIST" if name == "mnist" else "FashionMNIST"
        n_tr, n_te = cfg["image_limit"], max(cfg["image_limit"] // 4, 100)
        shape = "(len(x), -1)" if cfg["mode"] == "dense" else "(len(x), 1, 28, 28)"
        body = (f"    out = []\n"
                f"    for train, n in ((True, {n_tr}), (False, {n_te})):\n"
                f"        files = glassnet.data.{cls}({cfg['data_dir']!r}, train=train)\n"
                f"        x = files.data.numpy()[:n].astype(np.float32) / 255\n"
                f"        x = (x - {mean}) / {std}  # the usual per-dataset mean and std\n"
                f"        out += [x.reshape{shape}.astype(np.float32), files.targets.numpy()[:n]]\n"
                f"    return out")
        return "", body
    # A CSV upload: the playground's own reader (glassnet's read_table, a standardising scaler fitted on the
    # training rows); the table's text travels inside CONFIG.
    body = ("    from glassnet.playground.data import make_dataset\n\n"
            "    d = make_dataset(CONFIG)\n"
            "    return d.x_train, d.y_train, d.x_test, d.y_test")
    return "", body


def _model_code(cfg: dict, n_inputs: int, n_classes: int, input_shape: tuple) -> tuple[str, str]:
    """(helper definitions, the lines that build `model`) spelling out each layer."""
    if cfg["mode"] == "rnn":
        src = inspect.getsource(pgmodels.SequenceClassifier)
        return src, f"model = SequenceClassifier({cfg['rnn_cell']!r}, 1, {cfg['rnn_hidden']}, {n_classes})"
    lines = []
    if cfg["mode"] == "dense":
        width = n_inputs
        for k, h in enumerate(cfg["hidden"], start=1):
            lines.append(f"    ('fc{k}', nn.Linear({width}, {h})),")
            if cfg["batch_norm"]:
                lines.append(f"    ('bn{k}', nn.BatchNorm1d({h})),")
            lines.append(f"    ('act{k}', {_ACT_CODE[cfg['activation']]}),")
            if cfg["dropout"] > 0:
                lines.append(f"    ('drop{k}', nn.Dropout({cfg['dropout']})),")
            width = h
        lines.append(f"    ('out', nn.Linear({width}, {n_classes})),  # one logit per class; softmax is in the loss")
    else:
        c, side = input_shape[0], input_shape[1]
        for k, ch in enumerate(cfg["conv"], start=1):
            lines.append(f"    ('conv{k}', nn.Conv2d({c}, {ch}, 3, padding=1)),")
            if cfg["batch_norm"]:
                lines.append(f"    ('bn{k}', nn.BatchNorm2d({ch})),")
            lines += [f"    ('act{k}', nn.ReLU()),", f"    ('pool{k}', nn.MaxPool2d(2)),  # {side}x{side} -> "
                      f"{side // 2}x{side // 2}"]
            c, side = ch, side // 2
        lines.append("    ('flatten', nn.Flatten()),")
        if cfg["dropout"] > 0:
            lines.append(f"    ('drop', nn.Dropout({cfg['dropout']})),")
        lines.append(f"    ('out', nn.Linear({c * side * side}, {n_classes})),")
    return "", "model = nn.Sequential(OrderedDict([\n" + "\n".join(lines) + "\n]))"


def _loss_code(cfg: dict) -> str:
    if cfg["regularization"] == "none" or cfg["reg_rate"] == 0:
        return "    return F.cross_entropy(logits, target)"
    term = "w.abs().sum()" if cfg["regularization"] == "l1" else "(w * w).sum() * 0.5"
    return (f"    # {cfg['regularization'].upper()} on every weight matrix or kernel (never biases or BatchNorm)\n"
            f"    penalty = sum({term} for w in model.parameters() if w.ndim >= 2)\n"
            f"    return F.cross_entropy(logits, target) + {cfg['reg_rate']!r} * penalty")


def export_script(config: dict, epochs: int | None = None) -> str:
    """A self-contained Python script that rebuilds the config's data and network and retrains it."""
    cfg = validate(config)
    dataset = pgdata.make_dataset(cfg)
    if epochs is None:
        epochs = 5 if dataset.kind == "images" else 50
    data_defs, data_body = _data_code(cfg)
    model_defs, model_lines = _model_code(cfg, dataset.input_shape[0], dataset.num_classes, dataset.input_shape)
    setup = _describe(cfg)
    config_text = pprint.pformat(cfg, width=100, compact=True, sort_dicts=False)
    helpers = "\n\n".join(part.strip() + "\n" for part in (data_defs, model_defs) if part.strip())
    bn_lines = ("            if len(idx) == 1:  # one sample has no batch statistics: BatchNorm uses its running ones\n"
                "                for m in model.modules():\n"
                "                    if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):\n"
                "                        m.eval()\n") if cfg["batch_norm"] else ""
    bn_restore = "            model.train()\n" if cfg["batch_norm"] else ""
    return f'''"""Rebuild and retrain a network from glassnet playground.

{setup}

Run:  python {{this file}} [--epochs N]   (prints the final test accuracy)
Only glassnet's public API and NumPy are used; the data code below is glassnet.playground.data's own.
"""

import argparse
from collections import OrderedDict
{"from typing import Any" + chr(10) if cfg["mode"] == "rnn" else ""}
import numpy as np

import glassnet
from glassnet import nn, optim
from glassnet.nn import functional as F

SEED = {cfg["seed"]}
FEATURES = {cfg["features"]!r}
# Every playground setting, for reference.
CONFIG = {config_text}


# ---- the data ------------------------------------------------------------------------------------------

{helpers}

def load_data():
    """x_train, y_train, x_test, y_test as NumPy arrays (float32 inputs, int64 labels)."""
{data_body}


def loss_fn(model, logits, target):
    """Cross-entropy over the classes (softmax inside), plus any L1/L2 penalty."""
{_loss_code(cfg)}


def accuracy(model, x, y):
    """The share of samples whose most likely class is the right one."""
    model.eval()
    with glassnet.no_grad():
        logits = model(glassnet.from_numpy(x))
    return float((logits.numpy().argmax(axis=1) == y).mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default={epochs})
    args = parser.parse_args()

    glassnet.manual_seed(SEED)  # the same initial weights as the playground's
    x_train, y_train, x_test, y_test = load_data()
    print(f"train {{x_train.shape}}, test {{x_test.shape}}")

{_indent(model_lines)}
    optimizer = {_OPT_CODE[cfg["optimizer"]].format(lr=repr(cfg["learning_rate"]))}
    print(model)

    order_rng = np.random.default_rng(SEED + 1)  # the batch order, shuffled anew each epoch
    for epoch in range(args.epochs):
        order = order_rng.permutation(len(y_train))
        model.train()
        for start in range(0, len(order), {cfg["batch_size"]}):
            idx = order[start:start + {cfg["batch_size"]}]
{bn_lines}            loss = loss_fn(model, model(glassnet.from_numpy(x_train[idx])), glassnet.from_numpy(y_train[idx]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
{bn_restore}        print(f"epoch {{epoch + 1}}: last batch loss {{loss.item():.4f}}")

    print(f"final train accuracy: {{accuracy(model, x_train, y_train):.4f}}")
    print(f"final test accuracy: {{accuracy(model, x_test, y_test):.4f}}")


if __name__ == "__main__":
    main()
'''


def _describe(cfg: dict) -> str:
    """The setup in a few plain lines for the script's docstring."""
    if cfg["dataset"] in pgdata.GENERATORS:
        data = f"{cfg['dataset']} ({cfg['n_samples']} points, noise {cfg['noise']}%, {cfg['train_ratio']}% train)"
    else:
        data = cfg["dataset"]
    if cfg["mode"] == "dense":
        net = f"dense, hidden layers {cfg['hidden']}, {cfg['activation']}, inputs {', '.join(cfg['features'])}"
    elif cfg["mode"] == "cnn":
        net = f"CNN, conv channels {cfg['conv']}"
    else:
        net = f"{cfg['rnn_cell'].upper()} with {cfg['rnn_hidden']} hidden units over {cfg['seq_len']} steps"
    return (f"Data: {data}.\nNetwork: {net}.\nTraining: {cfg['optimizer']}, learning rate {cfg['learning_rate']}, "
            f"batch {cfg['batch_size']}, {cfg['regularization']} regularisation (rate {cfg['reg_rate']}), seed "
            f"{cfg['seed']}.")


def _indent(code: str, spaces: int = 4) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in code.splitlines(keepends=True))


def export_weights(engine: Engine, path: str | Path) -> Path:
    """Save the model's weights with glassnet.save (safetensors); the config and last metrics go in its metadata."""
    path = Path(path)
    gn.save({"model": engine.model.state_dict(), "config": engine.config, "metrics": engine.history[-1]}, path)
    return path


def export_card(engine: Engine) -> str:
    """The model card (Markdown) of this run, written by glassnet.model_card from a temporary run folder."""
    from ..model_card import build_model_card, render_markdown

    cfg, ds, last = engine.config, engine.dataset, engine.history[-1]
    run_config = {
        "format": "glassnet-run", "model": f"playground {cfg['mode']}",
        "model_kwargs": {k: cfg[k] for k in ("hidden", "activation", "dropout", "batch_norm", "conv", "rnn_cell",
                                             "rnn_hidden", "features") if k in cfg},
        "dataset": cfg["dataset"], "data_dir": cfg["data_dir"], "task": "classification",
        "parameters": sum(int(p.numel()) for p in engine.model.parameters()), "input_shape": list(ds.input_shape),
        "classes": ds.classes, "glassnet_version": getattr(gn, "__version__", None), "epochs": round(engine.epoch, 3),
        "batch_size": cfg["batch_size"], "lr": cfg["learning_rate"], "optimizer": cfg["optimizer"],
        "seed": cfg["seed"], "label_column": (cfg["csv"] or {}).get("target"),
    }
    metrics: dict[str, Any] = {"test_accuracy": last["test_acc"], "test_loss": last["test_loss"],
                               "final_train_accuracy": last["train_acc"], "final_train_loss": last["train_loss"],
                               "epochs": round(engine.epoch, 3)}
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "config.json").write_text(json.dumps(run_config))
        Path(tmp, "metrics.json").write_text(json.dumps(metrics))
        card = build_model_card(tmp)
    card["model_details"]["name"] = f"glassnet playground: {cfg['mode']} on {cfg['dataset']}"
    card["model_details"]["weights"] = "exported from the playground"
    settings = {k: v for k, v in cfg.items() if k not in ("points", "csv")}
    return (render_markdown(card) + "\n## Playground settings\n\n```json\n" + json.dumps(settings, indent=2)
            + "\n```\n")
