"""The playground's configuration: one JSON-able dict, its defaults, and the checks that name what is wrong.

The page sends the whole dict on every change (and puts it in the URL to share a setup), so every value is
checked here, once, before any data or model is built: a bad value raises ``ConfigError`` naming the key,
the value and what was expected, which the app shows next to the control.
"""

from __future__ import annotations

import copy
import math
from typing import Any

FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
MODES = ("dense", "cnn", "rnn")
DATASETS = {
    "dense": ("circle", "xor", "gauss", "spiral", "painted", "csv", "digits"),
    "cnn": ("digits", "mnist", "fashion-mnist"),
    "rnn": ("sum-sign", "parity", "sine"),
}
POINT_DATASETS = ("circle", "xor", "gauss", "spiral", "painted")
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear", "leaky_relu", "gelu")
OPTIMIZERS = ("sgd", "momentum", "adam", "adamw")
REGULARIZATIONS = ("none", "l1", "l2")
RNN_CELLS = ("rnn", "lstm", "gru")

DEFAULTS: dict[str, Any] = {
    "mode": "dense",
    "dataset": "spiral",
    "noise": 0,
    "train_ratio": 50,
    "n_samples": 500,
    "features": ["x1", "x2"],
    "hidden": [4, 2],
    "activation": "tanh",
    "regularization": "none",
    "reg_rate": 0.0,
    "learning_rate": 0.03,
    "optimizer": "sgd",
    "batch_size": 10,
    "dropout": 0.0,
    "batch_norm": False,
    "seed": 0,
    "conv": [8, 16],
    "rnn_cell": "gru",
    "rnn_hidden": 16,
    "seq_len": 12,
    "data_dir": None,
    "points": [],
    "csv": None,
    # Added by the engine: MNIST has 60,000 training images; a playground on two CPU cores trains on the
    # first image_limit of them (and a quarter as many test images) so an epoch takes seconds, not minutes.
    "image_limit": 3000,
}


class ConfigError(ValueError):
    """A configuration value the playground cannot use; the message names the key, the value and what fits."""


def _fail(key: str, value: Any, expected: str) -> None:
    raise ConfigError(f"{key}: got {value!r}; expected {expected}")


def _number(cfg: dict, key: str, lo: float, hi: float, integer: bool = False) -> None:
    """Check cfg[key] is a number in [lo, hi] (a whole number if integer), normalising 3.0 to 3 for ints."""
    v = cfg[key]
    # bool is an int in Python, but True as a learning rate is a bug in the caller, not a number.
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        _fail(key, v, f"a {'whole ' if integer else ''}number in {lo:g}..{hi:g}")
    if integer:
        if v != int(v):
            _fail(key, v, f"a whole number in {lo:g}..{hi:g}")
        cfg[key] = v = int(v)
    if not lo <= v <= hi:
        _fail(key, v, f"a {'whole ' if integer else ''}number in {lo:g}..{hi:g}")


def _choice(cfg: dict, key: str, options: tuple) -> None:
    if cfg[key] not in options:
        _fail(key, cfg[key], "one of " + ", ".join(repr(o) for o in options))


def _int_list(cfg: dict, key: str, max_len: int, lo: int, hi: int, what: str, min_len: int = 0) -> None:
    v = cfg[key]
    if not isinstance(v, (list, tuple)) or not min_len <= len(v) <= max_len:
        _fail(key, v, f"a list of {min_len}..{max_len} {what} sizes")
    out = []
    for k, n in enumerate(v, start=1):
        if isinstance(n, bool) or not isinstance(n, (int, float)) or n != int(n) or not lo <= n <= hi:
            raise ConfigError(f"{key}: layer {k} has {n!r} {what}; expected {lo}..{hi}")
        out.append(int(n))
    cfg[key] = out


def _check_points(points: Any) -> None:
    if not isinstance(points, (list, tuple)) or len(points) < 4:
        _fail("points", points if not isinstance(points, list) else f"{len(points)} points",
              "at least 4 painted points [x, y, label]")
    for k, p in enumerate(points):
        ok = (isinstance(p, (list, tuple)) and len(p) == 3
              and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in p))
        if not ok or not (-6 <= p[0] <= 6 and -6 <= p[1] <= 6) or p[2] != int(p[2]) or not 0 <= p[2] <= 9:
            raise ConfigError(f"points: point {k} is {p!r}; expected [x, y, label] with x, y in -6..6 and "
                              f"a whole label in 0..9")
    if len({int(p[2]) for p in points}) < 2:
        _fail("points", f"{len(points)} points all labelled {int(points[0][2])}", "at least two different labels")


def validate(config: dict | None) -> dict:
    """Return a checked copy of ``config`` with defaults filled in; raise ConfigError naming the bad key."""
    if config is None:
        config = {}
    if not isinstance(config, dict):
        raise ConfigError(f"config: got {type(config).__name__}; expected a dict of settings")
    unknown = sorted(set(config) - set(DEFAULTS))
    if unknown:
        # A typo ("learning_rte") silently ignored would leave the learner wondering why nothing changed.
        raise ConfigError(f"{unknown[0]}: unknown setting; expected one of {', '.join(DEFAULTS)}")
    cfg = copy.deepcopy(DEFAULTS)
    cfg.update(copy.deepcopy(config))

    _choice(cfg, "mode", MODES)
    if "dataset" not in config and cfg["mode"] != "dense":
        cfg["dataset"] = DATASETS[cfg["mode"]][0]  # switching mode alone picks that mode's first dataset
    _choice(cfg, "dataset", DATASETS[cfg["mode"]])
    _number(cfg, "noise", 0, 50)
    _number(cfg, "train_ratio", 10, 90)
    _number(cfg, "n_samples", 20, 5000, integer=True)
    feats = cfg["features"]
    if not isinstance(feats, (list, tuple)) or not feats or any(f not in FEATURES for f in feats):
        _fail("features", feats, "a non-empty list drawn from " + ", ".join(FEATURES))
    if len(set(feats)) != len(feats):
        _fail("features", feats, "each feature at most once")
    cfg["features"] = [f for f in FEATURES if f in feats]  # a fixed order: the input layer draws the same way
    _int_list(cfg, "hidden", 6, 1, 32, "neurons")
    _choice(cfg, "activation", ACTIVATIONS)
    _choice(cfg, "regularization", REGULARIZATIONS)
    _number(cfg, "reg_rate", 0, 10)
    _number(cfg, "learning_rate", 1e-6, 10)
    _choice(cfg, "optimizer", OPTIMIZERS)
    _number(cfg, "batch_size", 1, 1024, integer=True)
    _number(cfg, "dropout", 0, 0.9)
    if not isinstance(cfg["batch_norm"], bool):
        _fail("batch_norm", cfg["batch_norm"], "true or false")
    if cfg["batch_norm"] and cfg["batch_size"] < 2:
        _fail("batch_size", cfg["batch_size"], "at least 2 with batch_norm (one sample has no batch statistics)")
    _number(cfg, "seed", 0, 2**32 - 1, integer=True)
    _int_list(cfg, "conv", 4, 1, 64, "channels", min_len=1)
    _choice(cfg, "rnn_cell", RNN_CELLS)
    _number(cfg, "rnn_hidden", 1, 128, integer=True)
    _number(cfg, "seq_len", 2, 64, integer=True)
    _number(cfg, "image_limit", 100, 60000, integer=True)
    if cfg["dataset"] in ("mnist", "fashion-mnist") and not isinstance(cfg["data_dir"], str):
        _fail("data_dir", cfg["data_dir"], f"the folder holding the {cfg['dataset']} IDX files")
    if cfg["data_dir"] is not None and not isinstance(cfg["data_dir"], str):
        _fail("data_dir", cfg["data_dir"], "a folder path or null")
    if cfg["mode"] == "cnn":
        # Each conv block halves the image: 8x8 digits survive 3 blocks (8 -> 4 -> 2 -> 1), 28x28 four.
        most = 3 if cfg["dataset"] == "digits" else 4
        if len(cfg["conv"]) > most:
            raise ConfigError(f"conv: {len(cfg['conv'])} layers halve a {cfg['dataset']} image below one pixel; "
                              f"expected at most {most}")
    if cfg["dataset"] == "painted":
        _check_points(cfg["points"])
    if cfg["dataset"] == "csv":
        c = cfg["csv"]
        if not isinstance(c, dict) or not isinstance(c.get("text"), str) or not isinstance(c.get("target"), str):
            _fail("csv", c if not isinstance(c, dict) else {k: type(v).__name__ for k, v in c.items()},
                  '{"text": "<file contents>", "target": "<column name>"}')
    return cfg
