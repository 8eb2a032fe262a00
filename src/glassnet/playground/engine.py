"""``Engine``: one playground session's data, network, optimizer and training loop, with step-by-step training.

No threads here: the app runs an Engine in its own worker thread and calls ``train_steps`` in small chunks,
so pausing, stepping and changing a weight between chunks are plain method calls. Everything random comes
from ``config["seed"]`` (the data's NumPy generator, the batch order's generator and glassnet's seed for the
initial weights), so ``reset()`` with the same config reproduces a run exactly.
"""

from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from typing import Any

import numpy as np

import glassnet as gn

from .. import nn, optim
from ..data.transforms import centre_by_mass
from ..nn import functional as F
from .config import ConfigError, validate
from .data import Dataset2, expand_features, make_dataset
from .models import build_model, dense_linears

# Dropout draws its masks from glassnet's one global generator. Each Engine keeps its own generator state and
# swaps it in for a step, under this lock, so two sessions (two tabs, two threads) never share masks and a
# reset with the same seed replays the same masks.
_RNG_LOCK = threading.Lock()
MAX_HISTORY = 2000  # curve points kept; older ones are thinned so a long run's snapshot stays small


def make_optimizer(config: dict, model: nn.Module) -> optim.Optimizer:
    """The optimizer the config names, over the model's parameters at the config's learning rate."""
    lr, params = config["learning_rate"], model.parameters()
    if config["optimizer"] == "sgd":
        return optim.SGD(params, lr=lr)
    if config["optimizer"] == "momentum":
        return optim.SGD(params, lr=lr, momentum=0.9)
    if config["optimizer"] == "adam":
        return optim.Adam(params, lr=lr)
    return optim.AdamW(params, lr=lr)


def penalized_weights(model: nn.Module) -> list:
    """The weights L1/L2 act on: every matrix or kernel (Linear, Conv2d, RNN), never biases or BatchNorm."""
    return [p for _, p in model.named_parameters() if p.ndim >= 2]


def regularization(model: nn.Module, config: dict) -> Any:
    """reg_rate * sum |w| (L1) or reg_rate * sum w^2 / 2 (L2, TensorFlow Playground's form); None when off."""
    if config["regularization"] == "none" or config["reg_rate"] == 0:
        return None
    weights = penalized_weights(model)
    if config["regularization"] == "l1":
        total = sum(w.abs().sum() for w in weights)
    else:
        total = sum((w * w).sum() for w in weights) * 0.5
    return total * config["reg_rate"]


def finite(v: float) -> float | None:
    """v, or None when it is NaN or infinite (JSON has no NaN: the page's JSON.parse would fail)."""
    return v if math.isfinite(v) else None


def area_resize(img: np.ndarray, size: int) -> np.ndarray:
    """Resize a square image to size x size by area averaging (each output pixel is the mean of what it covers)."""
    n = img.shape[0]
    # A[o, i]: the share of input pixel i inside output pixel o; rows sum to 1. Works both down and up.
    edges_in, edges_out = np.arange(n + 1) / n, np.arange(size + 1) / size
    lo = np.maximum(edges_out[:-1, None], edges_in[None, :-1])
    hi = np.minimum(edges_out[1:, None], edges_in[None, 1:])
    a = np.clip(hi - lo, 0, None) * size
    return a @ img @ a.T


class Engine:
    """One training session: config, dataset, model, optimizer, and the history of losses and accuracies."""

    def __init__(self, config: dict | None = None) -> None:
        self.config: dict = {}
        self.reset(config if config is not None else {})

    # ---- building ------------------------------------------------------------------------------------

    def reset(self, config: dict | None = None) -> None:
        """Rebuild data, model and optimizer from the config (a new one if given), seeded by its seed."""
        cfg = validate(config if config is not None else self.config)
        self.config = cfg
        gn.manual_seed(cfg["seed"])  # the initial weights (and dropout masks) come from glassnet's generator
        self.dataset: Dataset2 = make_dataset(cfg)
        self.model: nn.Module = build_model(cfg, self.dataset)
        self.optimizer: optim.Optimizer = make_optimizer(cfg, self.model)
        self._uses_rng = any(isinstance(m, nn.Dropout) for m in self.model.modules())
        self._rng_state = gn.get_rng_state()
        self._rng = np.random.default_rng(cfg["seed"] + 1)  # the batch order, apart from the data's generator
        self._order = self._rng.permutation(len(self.dataset.y_train))
        self._pos = 0
        self.step = 0
        self.epoch = 0.0
        self.last_batch: list[int] = self._order[: cfg["batch_size"]].tolist()
        self.edge: tuple[int, int, int] = (1, 0, 0)  # the dense edge whose chain rule the step modes report
        self.history: list[dict] = []
        self.measure()

    @property
    def n_train(self) -> int:
        """Training samples."""
        return len(self.dataset.y_train)

    # ---- the loss --------------------------------------------------------------------------------------

    def loss(self, logits: Any, target: Any) -> Any:
        """Cross-entropy over the classes (softmax inside) plus the L1/L2 penalty: what the optimizer minimises."""
        data = F.cross_entropy(logits, target)
        reg = regularization(self.model, self.config)
        return data if reg is None else data + reg

    @contextmanager
    def _single_sample_bn(self, batch: int) -> Any:
        """One sample has no batch statistics: BatchNorm then uses its running ones (eval mode) for that step."""
        bns = [m for m in self.model.modules() if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))]
        if batch > 1 or not bns:
            yield
            return
        for m in bns:
            m.eval()
        try:
            yield
        finally:
            for m in bns:
                m.train()

    @contextmanager
    def _own_rng(self) -> Any:
        """Run with this engine's glassnet generator state (only a model with dropout draws from it)."""
        if not self._uses_rng:
            yield
            return
        with _RNG_LOCK:
            outer = gn.get_rng_state()
            gn.set_rng_state(self._rng_state)
            try:
                yield
            finally:
                self._rng_state = gn.get_rng_state()
                gn.set_rng_state(outer)

    def _update(self, idx: list[int]) -> float:
        """One optimizer step on these training rows; returns the loss before the step."""
        with self._own_rng():
            return self._update_here(idx)

    def _update_here(self, idx: list[int]) -> float:
        self.model.train()
        x = gn.from_numpy(self.dataset.x_train[idx])
        y = gn.from_numpy(self.dataset.y_train[idx])
        with self._single_sample_bn(len(idx)):
            loss = self.loss(self.model(x), y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        self.step += 1
        self.epoch += len(idx) / self.n_train
        self.last_batch = list(idx)
        return float(loss.item())

    def _next_batch(self, size: int) -> list[int]:
        """The next rows of this epoch's shuffled order; a new shuffle starts each epoch."""
        if self._pos >= self.n_train:
            self._order = self._rng.permutation(self.n_train)
            self._pos = 0
        idx = self._order[self._pos:self._pos + size].tolist()
        self._pos += len(idx)
        return idx

    # ---- training -----------------------------------------------------------------------------------------

    def train_steps(self, n: int, measure: bool = True) -> dict:
        """n optimizer steps on mini-batches (reshuffled each epoch); returns the metrics after them.

        measure=False skips the evaluation and returns the last metrics recorded: a full pass over the train and
        test sets can cost as much as a hundred steps (MNIST in CNN mode: 200 ms against 3 ms), so the app's
        worker trains in small chunks and calls ``measure`` on its own clock.
        """
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 1_000_000:
            raise ConfigError(f"n: got {n!r}; expected a whole number of steps 1..1000000")
        for _ in range(n):
            self._update(self._next_batch(self.config["batch_size"]))
        return self.measure() if measure else self.history[-1]

    def measure(self) -> dict:
        """Evaluate now and add the point to the history, unless it already holds this step; the metrics."""
        if self.history and self.history[-1]["step"] == self.step:
            return self.history[-1]
        return self._record(self.evaluate())

    def step_epoch(self) -> dict:
        """Steps until the current epoch's shuffled order is used up; returns the metrics after them."""
        while True:  # a finished epoch's order is reshuffled by _next_batch, so this always runs a whole epoch
            self._update(self._next_batch(self.config["batch_size"]))
            if self._pos >= self.n_train:
                break
        return self.measure()

    def step_sample(self, index: int | None = None) -> dict:
        """One sample forward, backward and update (the next in the epoch's order if index is None), with detail."""
        if index is None:
            idx = self._next_batch(1)
        else:
            self._check_index(index, self.n_train, "index")
            idx = [int(index)]
        return self._step_with_detail(idx, "sample")

    def step_batch(self) -> dict:
        """One mini-batch forward, backward and update, with the chain rule on the selected edge."""
        return self._step_with_detail(self._next_batch(self.config["batch_size"]), "batch")

    def _edge_weight(self) -> float:
        """The current weight of the selected dense edge."""
        layer, i, j = self.edge
        return float(dense_linears(self.model)[layer - 1].weight.detach().numpy()[i, j])

    def _step_with_detail(self, idx: list[int], kind: str) -> dict:
        from .views import chain_rule_view

        self.last_batch = list(idx)
        chain = None
        before = after = None
        if self.config["mode"] == "dense":
            layer, i, j = self.edge
            # The three factors come from the same weights the update is about to use.
            chain = chain_rule_view(self, layer, i, j, index=idx[0] if kind == "sample" else None)
            before = self._edge_weight()
        probs = self._probs(self.dataset.x_train[idx])
        loss = self._update(idx)
        if before is not None:
            after = self._edge_weight()
        metrics = self.measure()
        return {"kind": kind, "indices": [int(k) for k in idx], "loss": finite(loss),
                "labels": self.dataset.y_train[idx].tolist(), "probs": np.round(probs, 6).tolist(),
                "edge": list(self.edge), "weight_before": before, "weight_after": after,
                "learning_rate": self.config["learning_rate"], "chain_rule": chain, "metrics": metrics}

    # ---- measuring -----------------------------------------------------------------------------------------

    def _logits(self, x: np.ndarray) -> np.ndarray:
        """Eval-mode logits for these inputs, in chunks so 3,000 MNIST images never make one huge activation."""
        self.model.eval()
        out = []
        with gn.no_grad():
            for k in range(0, len(x), 1024):
                out.append(self.model(gn.from_numpy(np.ascontiguousarray(x[k:k + 1024]))).numpy())
        return np.concatenate(out).astype(np.float64) if out else np.zeros((0, self.dataset.num_classes))

    def _probs(self, x: np.ndarray) -> np.ndarray:
        z = self._logits(x)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def evaluate(self) -> dict:
        """Train and test cross-entropy (without the L1/L2 penalty) and accuracy, now."""
        out = {"step": self.step, "epoch": round(self.epoch, 4)}
        for split, x, y in (("train", self.dataset.x_train, self.dataset.y_train),
                            ("test", self.dataset.x_test, self.dataset.y_test)):
            p = self._probs(x)
            ce = float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None)).mean()) if len(y) else float("nan")
            out[f"{split}_loss"] = finite(ce)
            out[f"{split}_acc"] = float((p.argmax(axis=1) == y).mean()) if len(y) else None
        return out

    def _record(self, metrics: dict) -> dict:
        self.history.append(metrics)
        if len(self.history) > MAX_HISTORY:
            # Keep the first point and every other older one: the curve's shape survives, its size halves.
            self.history = self.history[:1] + self.history[1:-1][1::2] + self.history[-1:]
        return metrics

    # ---- editing and asking ----------------------------------------------------------------------------------

    @staticmethod
    def _check_index(value: Any, size: int, key: str, what: str = "a training sample") -> None:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < size:
            raise ConfigError(f"{key}: got {value!r}; expected {what} 0..{size - 1}")

    def check_edge(self, layer: int, i: int, j: int) -> nn.Linear:
        """The Linear holding dense edge (layer, i, j); ConfigError naming the bad index otherwise."""
        if self.config["mode"] != "dense":
            raise ConfigError(f"mode: got {self.config['mode']!r}; expected 'dense' (only the dense network has "
                              f"editable edges)")
        linears = dense_linears(self.model)
        if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 1 <= layer <= len(linears):
            raise ConfigError(f"layer: got {layer!r}; expected 1..{len(linears)} (the layers after the input)")
        out_f, in_f = linears[layer - 1].weight.shape
        self._check_index(i, out_f, "i", f"a neuron of layer {layer}")
        self._check_index(j, in_f, "j", f"a neuron of layer {layer - 1}")
        return linears[layer - 1]

    def select_edge(self, layer: int, i: int, j: int) -> None:
        """Choose the dense edge (neuron j of layer-1 -> neuron i of layer) the step modes explain."""
        self.check_edge(layer, i, j)
        self.edge = (int(layer), int(i), int(j))

    def set_weight(self, layer: int, i: int, j: int, value: float) -> None:
        """Set the weight of the edge from neuron j of layer-1 to neuron i of layer (layer 1 = first hidden)."""
        linear = self.check_edge(layer, i, j)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ConfigError(f"value: got {value!r}; expected a finite number")
        with gn.no_grad():
            linear.weight[i, j] = float(value)

    def _model_input(self, x: Any) -> tuple[np.ndarray, np.ndarray | None]:
        """What predict() was given, as one batch of the model's inputs (normalised as the data was), and for a
        canvas the picture at the model's input size (None otherwise)."""
        ds, a = self.dataset, np.asarray(x, dtype=np.float64)
        if ds.kind == "points":
            pts = a.reshape(-1, 2) if a.size % 2 == 0 and a.ndim <= 2 and a.shape[-1] == 2 else None
            if pts is None:
                raise ConfigError(f"x: got shape {a.shape}; expected a point [x1, x2] or a list of points")
            return expand_features(pts, self.config["features"]), None
        if ds.kind == "table":
            if a.shape[-1] != ds.input_shape[0]:
                raise ConfigError(f"x: got {a.shape[-1]} values; expected {ds.input_shape[0]} "
                                  f"({', '.join(ds.feature_names)})")
            return ds.scaler.transform(a.reshape(-1, ds.input_shape[0])).astype(np.float32), None
        if ds.kind == "sequence":
            t = ds.input_shape[0]
            if a.size != t:
                raise ConfigError(f"x: got {a.size} values; expected a sequence of {t}")
            return a.reshape(1, t, 1).astype(np.float32), None
        return self._canvas_input(a)

    def _canvas_input(self, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        side = 8 if self.config["dataset"] == "digits" else 28
        if a.ndim == 1 and a.size in (64, 784):
            a = a.reshape(int(math.isqrt(a.size)), -1)
        if a.ndim != 2 or a.shape not in ((28, 28), (8, 8)):
            raise ConfigError(f"x: got shape {a.shape}; expected a 28x28 or 8x8 grey canvas")
        if a.min() < -1e-6 or a.max() > 1 + 1e-6:  # float rounding of a resized canvas is not an error
            raise ConfigError(f"x: pixel values span {a.min():g}..{a.max():g}; expected 0..1 with ink = 1")
        img = np.clip(area_resize(a, side) if a.shape[0] != side else a, 0, 1)
        if self.config["dataset"] == "mnist":
            img = centre_by_mass(img)
        mean, std = self.dataset.normalization
        z = ((img - mean) / std).astype(np.float32)
        return (z.reshape(1, -1) if self.config["mode"] == "dense" else z.reshape(1, 1, side, side)), img

    def predict(self, x: Any) -> dict:
        """Class probabilities and the label for one input: a point, a table row, a sequence or a canvas."""
        inputs, seen = self._model_input(x)
        probs = self._probs(inputs)
        labels = probs.argmax(axis=1)
        out: dict[str, Any] = {"probs": np.round(probs[0], 6).tolist(), "label": int(labels[0]),
                               "class": self.dataset.classes[int(labels[0])]}
        if len(probs) > 1:
            out["all_probs"] = np.round(probs, 6).tolist()
            out["labels"] = labels.tolist()
        if seen is not None:
            out["seen"] = np.round(seen, 4).tolist()  # the canvas as the model's input size shows it
        return out
