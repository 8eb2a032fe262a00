"""What the page draws, computed from an Engine: every function returns plain JSON (lists, floats, ints, strings).

Indices of samples (``index``) count in the training split unless ``split="test"`` is passed. Dense layers are
numbered as the page draws them: layer 0 is the input, 1..K the hidden layers, K+1 the output; the edge
(layer, i, j) runs from neuron j of layer-1 to neuron i of layer, and ``network_view``'s ``weights[layer - 1][i][j]``
is its weight.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np

import glassnet as gn

from ..nn import functional as F
from .config import ConfigError
from .data import EXTENT, expand_features
from .engine import Engine, finite
from .models import dense_linears


def _list(a: Any, digits: int = 6) -> list:
    """A NumPy array as rounded nested lists, NaN/inf as None (JSON has no NaN)."""
    a = np.asarray(a, dtype=np.float64)
    if np.isfinite(a).all():
        return np.round(a, digits).tolist()
    out = np.round(a, digits).astype(object)
    out[~np.isfinite(a)] = None
    return out.tolist()


def _sample(engine: Engine, index: int, split: str) -> tuple[np.ndarray, int]:
    """(the model input of one sample as a batch of one, its label); ConfigError for a bad index or split."""
    if split not in ("train", "test"):
        raise ConfigError(f"split: got {split!r}; expected 'train' or 'test'")
    x, y = (engine.dataset.x_train, engine.dataset.y_train) if split == "train" else \
        (engine.dataset.x_test, engine.dataset.y_test)
    engine._check_index(index, len(y), "index", f"a {split} sample")
    return x[index:index + 1], int(y[index])


def _need(engine: Engine, mode: str, view: str) -> None:
    if engine.config["mode"] != mode:
        raise ConfigError(f"mode: got {engine.config['mode']!r}; expected {mode!r} for {view}")


# ---- the network and its curves ---------------------------------------------------------------------------


def network_view(engine: Engine) -> dict:
    """Dense: the layers, weights[layer-1][i][j] and biases; CNN/RNN: each layer's type, output shape, parameters."""
    model, cfg, ds = engine.model, engine.config, engine.dataset
    if cfg["mode"] == "dense":
        linears = dense_linears(model)
        layers = [{"name": "input", "size": ds.input_shape[0], "activation": None,
                   "labels": ds.feature_names or [f"pixel {k}" for k in range(ds.input_shape[0])]}]
        layers += [{"name": f"hidden {k}", "size": h, "activation": cfg["activation"]}
                   for k, h in enumerate(cfg["hidden"], start=1)]
        layers.append({"name": "output", "size": ds.num_classes, "activation": "softmax", "labels": ds.classes})
        return {"mode": "dense", "layers": layers,
                "weights": [_list(m.weight.detach().numpy()) for m in linears],
                "biases": [_list(m.bias.detach().numpy()) for m in linears],
                "parameters": sum(int(p.numel()) for p in model.parameters())}
    # CNN/RNN: one forward of one sample with hooks reads each top-level part's output shape.
    shapes: dict[str, list[int]] = {}
    handles = [m.register_forward_hook(lambda mod, args, out, n=name: shapes.__setitem__(
        n, list((out[0] if isinstance(out, tuple) else out).shape[1:])))
        for name, m in model.named_children()]
    try:
        engine._logits(ds.x_train[:1])
    finally:
        for h in handles:
            h.remove()
    layers = [{"name": "input", "type": "Input", "shape": list(ds.input_shape), "params": 0}]
    layers += [{"name": name, "type": type(m).__name__, "shape": shapes.get(name, []),
                "params": sum(int(p.numel()) for p in m.parameters())} for name, m in model.named_children()]
    return {"mode": cfg["mode"], "layers": layers, "parameters": sum(int(p.numel()) for p in model.parameters())}


def curves_view(engine: Engine) -> dict:
    """The loss and accuracy curves: one list per quantity, aligned with ``step`` and ``epoch``."""
    keys = ("step", "epoch", "train_loss", "test_loss", "train_acc", "test_acc")
    return {k: [h.get(k) for h in engine.history] for k in keys}


# ---- the decision boundary and per-neuron heatmaps ---------------------------------------------------------


def _dense_outputs(engine: Engine, x: np.ndarray) -> list[np.ndarray]:
    """One batched eval-mode forward; the output of every layer the page draws: inputs, each hidden, softmax."""
    model = engine.model
    model.eval()
    outs = [x.astype(np.float64)]
    with gn.no_grad():
        h = gn.from_numpy(x)
        for name, m in model.named_children():
            h = m(h)
            if name.startswith("act"):
                outs.append(h.numpy().astype(np.float64))
        outs.append(F.softmax(h, dim=1).numpy().astype(np.float64))
    return outs


def _grid_points(resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel centres over [-6, 6]: xs left to right, ys top (+6) to bottom (-6)."""
    step = 2 * EXTENT / resolution
    xs = -EXTENT + (np.arange(resolution) + 0.5) * step
    return xs, xs[::-1]


def boundary_view(engine: Engine, resolution: int = 40, neuron_resolution: int = 20) -> dict:
    """Class-1 probability (or the class, for >2 classes) on a grid over [-6, 6]^2, and every neuron's heatmap.

    grid[r][c] is at x1 = xs[c], x2 = ys[r]; row 0 is the top (x2 = +6), as the page paints it. The per-neuron
    heatmaps (neurons[layer][k], layers as network_view numbers them) use the coarser neuron_resolution: they
    are drawn small, and at 40x40 they would be most of every frame's bytes.
    """
    if engine.dataset.kind != "points":
        return {"available": False, "reason": f"dataset {engine.config['dataset']!r} has no 2-D input plane"}
    for key, v in (("resolution", resolution), ("neuron_resolution", neuron_resolution)):
        if isinstance(v, bool) or not isinstance(v, int) or not 2 <= v <= 200:
            raise ConfigError(f"{key}: got {v!r}; expected a whole number 2..200")
    grids = []
    for res in (resolution, neuron_resolution):
        xs, ys = _grid_points(res)
        gx, gy = np.meshgrid(xs, ys)
        grids.append(np.stack([gx.ravel(), gy.ravel()], axis=1))
    # Both grids in one batched forward pass: no Python loop over points.
    outs = _dense_outputs(engine, expand_features(np.concatenate(grids), engine.config["features"]))
    n_main = resolution * resolution
    probs = outs[-1][:n_main]
    shape, small = (resolution, resolution), (neuron_resolution, neuron_resolution)
    if probs.shape[1] == 2:
        grid = _list(probs[:, 1].reshape(shape), 3)
    else:
        grid = probs.argmax(axis=1).reshape(shape).tolist()
    neurons = [[_list(layer[n_main:, k].reshape(small), 3) for k in range(layer.shape[1])] for layer in outs]
    xs, ys = _grid_points(resolution)
    return {"available": True, "extent": [-EXTENT, EXTENT, -EXTENT, EXTENT], "resolution": resolution,
            "neuron_resolution": neuron_resolution, "xs": _list(xs, 4), "ys": _list(ys, 4),
            "num_classes": int(probs.shape[1]), "grid": grid,
            "confidence": _list(probs.max(axis=1).reshape(shape), 3), "neurons": neurons}


# ---- the chain rule, by hand -------------------------------------------------------------------------------


def _act(name: str, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(activation(z), its derivative at z) in float64, the same functions the nn modules compute."""
    if name == "tanh":
        a = np.tanh(z)
        return a, 1 - a * a
    if name == "sigmoid":
        a = 1 / (1 + np.exp(-z))
        return a, a * (1 - a)
    if name == "relu":
        return np.maximum(z, 0), (z > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z), np.where(z > 0, 1.0, 0.01)
    if name == "gelu":  # GELU: z * Phi(z); derivative Phi(z) + z * phi(z)
        # Phi as nn.GELU computes it (a fit accurate to float32): with math.erf instead, the hand-made product
        # would differ from autograd's by about 1e-8, which is the fit, not the chain rule.
        from ..ops.activation import _normal_cdf

        cdf = _normal_cdf(z)
        pdf = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
        return z * cdf, cdf + z * pdf
    return z, np.ones_like(z)


def _hand_forward_backward(engine: Engine, x: np.ndarray, y: np.ndarray) -> tuple[list, list, list]:
    """Per-sample forward and backward in NumPy float64: activations a[l], da/dz[l] and dL/da[l] per layer.

    In eval mode, as the views run: dropout is off and BatchNorm is a fixed per-neuron affine map
    gamma * (z - running_mean) / sqrt(running_var + eps) + beta, whose slope joins the activation's.
    """
    model, act = engine.model, engine.config["activation"]
    linears = dense_linears(model)
    a_list, slope_list = [x.astype(np.float64)], [np.ones_like(x, dtype=np.float64)]
    for k, lin in enumerate(linears[:-1], start=1):
        w, b = lin.weight.detach().numpy().astype(np.float64), lin.bias.detach().numpy().astype(np.float64)
        z = a_list[-1] @ w.T + b
        scale = np.ones(z.shape[1])
        bn = getattr(model, f"bn{k}", None)
        if bn is not None:
            scale = bn.weight.detach().numpy() / np.sqrt(bn.running_var.numpy().astype(np.float64) + bn.eps)
            z = (z - bn.running_mean.numpy()) * scale + bn.bias.detach().numpy()
        a, da = _act(act, z)
        a_list.append(a)
        slope_list.append(da * scale)
    w_out = linears[-1].weight.detach().numpy().astype(np.float64)
    logits = a_list[-1] @ w_out.T + linears[-1].bias.detach().numpy().astype(np.float64)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    a_list.append(logits)
    slope_list.append(np.ones_like(logits))  # the output "activation" is the logit itself; softmax is in the loss
    # Backward: dL/dlogit = softmax - onehot for one sample's cross-entropy; then through each layer by hand.
    grads = [None] * len(a_list)
    grads[-1] = p - np.eye(p.shape[1])[y]
    for k in range(len(linears) - 1, 0, -1):
        delta = grads[k + 1] * slope_list[k + 1]  # dL/dz of layer k+1
        grads[k] = delta @ linears[k].weight.detach().numpy().astype(np.float64)
    return a_list, slope_list, grads


def chain_rule_view(engine: Engine, layer: int, i: int, j: int, index: int | None = None) -> dict:
    """dL/dw for dense edge (layer, i, j) as dL/da_i * da_i/dz_i * a_j, by hand, beside autograd's dL/dw.

    With ``index`` one training sample; with None the mean over ``engine.last_batch`` (the batch loss is the
    mean, so its gradient is the mean of the per-sample products). Eval mode (dropout off), data loss only;
    the L1/L2 penalty's own gradient is reported apart (``reg_grad``).
    """
    linear = engine.check_edge(layer, i, j)
    if index is None:
        idx = list(engine.last_batch)
    else:
        engine._check_index(index, engine.n_train, "index")
        idx = [int(index)]
    x, y = engine.dataset.x_train[idx], engine.dataset.y_train[idx]
    a, slope, grads = _hand_forward_backward(engine, x, y)
    dl_dout, dout_dz, dz_dw = grads[layer][:, i], slope[layer][:, i], a[layer - 1][:, j]
    products = dl_dout * dout_dz * dz_dw

    # autograd on a float64 copy of the network, so the comparison is not limited by float32 rounding.
    twin = copy.deepcopy(engine.model).double()
    twin.eval()
    with gn.enable_grad():
        loss = F.cross_entropy(twin(gn.from_numpy(x.astype(np.float64))), gn.from_numpy(y))
        (g,) = gn.autograd.grad(loss, [dense_linears(twin)[layer - 1].weight])
    auto = float(g.numpy()[i, j])
    w = float(linear.weight.detach().numpy()[i, j])
    rate, reg = engine.config["reg_rate"], engine.config["regularization"]
    reg_grad = rate * (math.copysign(1.0, w) if w else 0.0) if reg == "l1" else rate * w if reg == "l2" else 0.0
    one = len(idx) == 1 and index is not None

    def pick(v: np.ndarray) -> Any:
        return finite(float(v[0])) if one else _list(v, 10)

    out_name = "logit" if layer == len(dense_linears(engine.model)) else "activation"
    return {"layer": layer, "i": i, "j": j, "weight": finite(w), "index": index, "indices": idx,
            "labels": y.tolist(), "dL_dout": pick(dl_dout), "dout_dz": pick(dout_dz), "dz_dw": pick(dz_dw),
            "product": finite(float(products.mean())), "products": _list(products, 12),
            "autograd_grad": finite(auto), "reg_grad": finite(reg_grad), "total_grad": finite(auto + reg_grad),
            "match": bool(abs(products.mean() - auto) <= 1e-9 * max(1.0, abs(auto))),
            "explain": f"dL/dw = dL/d{out_name}[{layer}][{i}] * d{out_name}[{layer}][{i}]/dz[{layer}][{i}] * "
                       f"a[{layer - 1}][{j}]" + ("" if one else f", averaged over {len(idx)} samples")}


# ---- gradients and the graph -------------------------------------------------------------------------------


def gradient_flow_view(engine: Engine, samples: int = 256) -> dict:
    """Per layer: gradient norm, mean |grad|, update/weight ratio and a verdict, through inspect.gradient_flow."""
    from ..inspect import gradient_flow

    x = gn.from_numpy(engine.dataset.x_train[:samples])
    y = gn.from_numpy(engine.dataset.y_train[:samples])
    engine.model.eval()  # no dropout noise, and BatchNorm's running statistics stay as training left them
    flow = gradient_flow(engine.model, (x, y), engine.loss, lr=engine.config["learning_rate"])
    layers = []
    for e in flow.layers:
        verdict = "exploding" if e.name in flow.exploding else "vanishing" if e.name in flow.vanishing else "ok"
        layers.append({"name": e.name, "type": e.type, "params": e.parameters, "grad_norm": finite(e.grad_norm),
                       "grad_rms": finite(e.grad_rms), "mean_abs_grad": finite(e.grad_mean_abs),
                       "update_ratio": finite(e.update_ratio), "verdict": verdict})
    return {"layers": layers, "loss": finite(flow.loss), "flags": list(flow.flags),
            "dead_relus": [{"name": d.name, "dead": d.dead, "units": d.units} for d in flow.dead_relus]}


def graph_view(engine: Engine, samples: int = 4) -> dict:
    """The autograd graph of the loss on a few samples of the last batch: ops and parameters, edges in data order."""
    from ..inspect import track_modules
    from ..inspect.autograd_graph import _walk, module_of

    idx = list(engine.last_batch)[:samples] or [0]
    engine.model.eval()
    with gn.enable_grad(), track_modules(engine.model):
        loss = engine.loss(engine.model(gn.from_numpy(engine.dataset.x_train[idx])),
                           gn.from_numpy(engine.dataset.y_train[idx]))
    names = {id(p): n for n, p in engine.model.named_parameters()}
    tensors = _walk([loss])[::-1]  # inputs first
    ids = {id(t): k for k, t in enumerate(tensors)}
    nodes, edges = [], []
    for k, t in enumerate(tensors):
        ctx = t._ctx
        if ctx is None:
            nodes.append({"id": k, "label": names.get(id(t), "input"), "shape": list(t.shape), "kind": "parameter"
                          if id(t) in names else "leaf", "module": names.get(id(t), "").rpartition(".")[0]})
            continue
        nodes.append({"id": k, "label": ctx.name(), "shape": list(t.shape), "kind": "op",
                      "module": module_of(ctx) or ""})
        for x in ctx.inputs:
            if id(x) in ids:
                edges.append([ids[id(x)], k])
    return {"nodes": nodes, "edges": edges, "loss": finite(float(loss.item())), "samples": idx}


# ---- one sample: feature maps, hidden states, attributions -------------------------------------------------


def feature_maps_view(engine: Engine, index: int, split: str = "train") -> dict:
    """CNN: each conv block's feature maps (after its activation) for one sample, with the block's filters."""
    _need(engine, "cnn", "feature maps")
    x, label = _sample(engine, index, split)
    engine.model.eval()
    layers = []
    with gn.no_grad():
        h = gn.from_numpy(x)
        for name, m in engine.model.named_children():
            h = m(h)
            if name.startswith("act"):
                conv = getattr(engine.model, "conv" + name[3:])
                maps = h.numpy()[0]
                layers.append({"name": "conv" + name[3:], "maps": _list(maps, 4),
                               "filters": _list(conv.weight.detach().numpy(), 4),
                               "range": [finite(float(maps.min())), finite(float(maps.max()))]})
        probs = F.softmax(h, dim=1).numpy()[0]
    return {"index": index, "split": split, "label": label, "input": _list(x[0, 0], 4), "layers": layers,
            "probs": _list(probs), "prediction": int(probs.argmax())}


def hidden_state_view(engine: Engine, index: int, split: str = "train") -> dict:
    """RNN: the hidden state at every step (T x H) for one sequence, and the class probabilities step by step."""
    _need(engine, "rnn", "the hidden state view")
    x, label = _sample(engine, index, split)
    engine.model.eval()
    with gn.no_grad():
        hidden = engine.model.hidden_states(gn.from_numpy(x))
        per_step = F.softmax(engine.model.head(hidden), dim=-1).numpy()[0]
    return {"index": index, "split": split, "label": label, "sequence": _list(x[0, :, 0], 4),
            "hidden": _list(hidden.numpy()[0], 4), "probs_over_time": _list(per_step, 4),
            "probs": _list(per_step[-1]), "prediction": int(per_step[-1].argmax()),
            "classes": engine.dataset.classes}


def attribution_view(engine: Engine, index: int, method: str = "saliency", split: str = "train") -> dict:
    """Which inputs pushed the predicted class's score: Saliency, InputXGradient or IntegratedGradients."""
    from ..inspect import InputXGradient, IntegratedGradients, Saliency

    methods = {"saliency": Saliency, "input_x_gradient": InputXGradient,
               "integrated_gradients": IntegratedGradients}
    if method not in methods:
        raise ConfigError(f"method: got {method!r}; expected one of {', '.join(map(repr, methods))}")
    x, label = _sample(engine, index, split)
    engine.model.eval()
    probs = engine._probs(x)[0]
    target = int(probs.argmax())
    explainer = methods[method](engine.model)
    kwargs = {"n_steps": 32} if method == "integrated_gradients" else {}
    attr = explainer.attribute(gn.from_numpy(x), target=target, **kwargs).detach().numpy()[0]
    kind = engine.dataset.kind
    if kind == "images" and attr.ndim == 1:  # a dense model on digits: show the 64 values as the 8x8 image
        side = int(math.isqrt(attr.size))
        attr = attr.reshape(side, side)
    values = attr[0] if kind == "images" and attr.ndim == 3 else attr[:, 0] if kind == "sequence" else attr
    return {"index": index, "split": split, "method": method, "label": label, "target": target,
            "probs": _list(probs), "kind": kind, "names": engine.dataset.feature_names, "values": _list(values)}


# ---- one frame for the page ---------------------------------------------------------------------------------


def snapshot(engine: Engine, light: bool = False) -> dict:
    """Everything one frame of the page needs; light=True (sent while training runs) skips graph and attributions."""
    frame: dict[str, Any] = {"mode": engine.config["mode"], "dataset": engine.config["dataset"],
                             "step": engine.step, "epoch": round(engine.epoch, 4), "metrics": engine.history[-1],
                             "curves": curves_view(engine), "network": network_view(engine),
                             "edge": list(engine.edge)}
    if engine.dataset.kind == "points":
        frame["boundary"] = boundary_view(engine)
    if light:
        return frame
    ds = engine.dataset
    frame["config"] = engine.config
    frame["classes"] = ds.classes
    if ds.kind == "points":
        frame["points"] = {"train": _list(np.column_stack([ds.raw_train, ds.y_train]), 4),
                           "test": _list(np.column_stack([ds.raw_test, ds.y_test]), 4)}
    frame["gradient_flow"] = gradient_flow_view(engine)
    frame["graph"] = graph_view(engine)
    frame["attribution"] = attribution_view(engine, 0)
    if engine.config["mode"] == "dense":
        frame["chain_rule"] = chain_rule_view(engine, *engine.edge)
    elif engine.config["mode"] == "cnn":
        frame["feature_maps"] = feature_maps_view(engine, 0)
    else:
        frame["hidden_state"] = hidden_state_view(engine, 0)
    return frame
