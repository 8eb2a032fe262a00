"""A small fake of the playground engine (the names in docs/playground.md), so the server tests run fast and
do not depend on the engine's training speed. One test module drives the real engine as well."""

from __future__ import annotations

import time

from glassnet.playground.engine_link import EngineLink

DEFAULTS = {"mode": "dense", "dataset": "spiral", "hidden": [4, 2], "learning_rate": 0.03, "points": [],
            "batch_size": 10, "seed": 0}


class ConfigError(ValueError):
    """A bad config value."""


def validate(config: dict) -> dict:
    """Defaults filled in; a bad learning rate or dataset is a ConfigError."""
    out = {**DEFAULTS, **config}
    if not isinstance(out["learning_rate"], (int, float)) or out["learning_rate"] <= 0:
        raise ConfigError(f"learning_rate: expected a positive number, got {out['learning_rate']!r}")
    if out["dataset"] not in ("spiral", "circle", "xor", "gauss", "painted", "digits", "missing-folder"):
        raise ConfigError(f"dataset: unknown dataset {out['dataset']!r}")
    return out


class Engine:
    """Counts steps; each step takes `step_seconds` of sleep."""

    step_seconds = 0.0005

    def __init__(self, config: dict) -> None:
        self.reset(config)

    def reset(self, config: dict | None = None) -> None:
        config = validate(config if config is not None else self.config)
        if config["dataset"] == "missing-folder":
            raise FileNotFoundError("no MNIST files in the folder")
        self.config, self.step, self.epoch, self.history = config, 0, 0.0, []
        self.weights = {(1, 0, 0): 0.5}

    def train_steps(self, n: int, measure: bool = True) -> dict:
        time.sleep(self.step_seconds * n)
        self.step += n
        self.epoch = self.step / 25
        return self.measure() if measure else (self.history[-1] if self.history else {})

    def measure(self) -> dict:
        if not self.history or self.history[-1]["step"] != self.step:
            self.history.append({"step": self.step, "train_loss": 1 / (1 + self.step),
                                 "test_loss": 1 / (1 + self.step)})
        return self.history[-1]

    def step_sample(self, index=None) -> dict:
        self.train_steps(1)
        return {"index": index, "loss": 0.5}

    def step_batch(self) -> dict:
        self.train_steps(1)
        return {"loss": 0.5}

    def step_epoch(self) -> dict:
        self.train_steps(25)
        return {"loss": 0.25}

    def set_weight(self, layer, i, j, value) -> None:
        if layer > 3:
            raise IndexError(f"layer {layer} out of range (the network has 3 weight layers)")
        self.weights[(layer, i, j)] = value

    def predict(self, x) -> dict:
        return {"probs": [0.25, 0.75], "label": 1}


def snapshot(engine, light=False) -> dict:
    out = {"curves": {"step": [h["step"] for h in engine.history]}, "metrics": {"step": engine.step}}
    if not light:
        out["network"] = {"layers": [{"name": "input", "size": 2}], "weights": [[[engine.weights[(1, 0, 0)]]]]}
    return out


def chain_rule_view(engine, layer, i, j, index=None) -> dict:
    return {"dL_dout": 0.5, "dout_dz": 0.5, "dz_dw": 2.0, "product": 0.5, "autograd_grad": 0.5}


def _view(*args, **kwargs) -> dict:
    return {"ok": True}


def export_weights(engine, path):
    path.write_bytes(b"fake-safetensors")
    return path


def fake_link() -> EngineLink:
    """An EngineLink over this module."""
    return EngineLink(Engine=Engine, validate=validate, DEFAULTS=DEFAULTS, ConfigError=ConfigError, snapshot=snapshot,
                      chain_rule_view=chain_rule_view, graph_view=_view, gradient_flow_view=_view,
                      attribution_view=_view, feature_maps_view=_view, hidden_state_view=_view,
                      export_script=lambda config: f"# glassnet playground script\nCONFIG = {config!r}\n",
                      export_weights=export_weights, export_card=lambda engine: "# Model card\n")
