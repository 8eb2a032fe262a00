"""The playground's views: JSON for the page, a real chain rule, a fast boundary, and the inspect-based views."""

import json
import time

import numpy as np
import pytest

from glassnet.playground import views as V
from glassnet.playground.config import ConfigError
from glassnet.playground.engine import Engine


@pytest.fixture(scope="module")
def dense():
    e = Engine({"hidden": [5, 3], "features": ["x1", "x2", "x1^2"], "optimizer": "adam"})
    e.train_steps(30)
    return e


@pytest.mark.parametrize("cfg", [
    {"hidden": [4, 2], "activation": "tanh"},
    {"hidden": [5, 4, 3], "activation": "relu", "regularization": "l1", "reg_rate": 0.01},
    {"hidden": [4], "activation": "gelu", "batch_norm": True, "dropout": 0.3},
    {"hidden": [3, 3], "activation": "sigmoid"}, {"hidden": [3], "activation": "leaky_relu"},
    {"hidden": [], "activation": "linear"},
])
def test_chain_rule_product_equals_autograd_in_float64(cfg):
    e = Engine(cfg)
    e.train_steps(20)  # BatchNorm's running statistics and the weights move away from their start
    layers = len(cfg["hidden"]) + 1
    for layer in range(1, layers + 1):
        for index in (7, None):
            c = V.chain_rule_view(e, layer, 0, 1, index=index)
            assert c["match"]
            assert c["product"] == pytest.approx(c["autograd_grad"], rel=1e-9, abs=1e-12)
            if index is not None:  # one sample: the three numbers multiply to the gradient
                assert c["dL_dout"] * c["dout_dz"] * c["dz_dw"] == pytest.approx(c["autograd_grad"], rel=1e-9,
                                                                               abs=1e-12)
            else:  # the batch: the mean of per-sample products
                prods = np.array(c["dL_dout"]) * np.array(c["dout_dz"]) * np.array(c["dz_dw"])
                assert len(prods) == 10 and prods.mean() == pytest.approx(c["autograd_grad"], rel=1e-7, abs=1e-10)


def test_chain_rule_bad_indices_name_the_key(dense):
    with pytest.raises(ConfigError, match="layer: got 0; expected 1..3"):
        V.chain_rule_view(dense, 0, 0, 0)
    with pytest.raises(ConfigError, match="i: got 5; expected a neuron of layer 1 0..4"):
        V.chain_rule_view(dense, 1, 5, 0)
    with pytest.raises(ConfigError, match="index: got -1"):
        V.chain_rule_view(dense, 1, 0, 0, index=-1)


def test_network_and_boundary_views(dense):
    net = V.network_view(dense)
    assert [layer["size"] for layer in net["layers"]] == [3, 5, 3, 2]
    assert np.array(net["weights"][1]).shape == (3, 5)  # weights[layer - 1][i][j]
    dense.set_weight(2, 1, 4, 0.75)
    assert V.network_view(dense)["weights"][1][1][4] == 0.75
    b = V.boundary_view(dense, resolution=40)
    assert np.array(b["grid"]).shape == (40, 40) and 0 <= np.min(b["grid"]) <= np.max(b["grid"]) <= 1
    assert [len(layer) for layer in b["neurons"]] == [3, 5, 3, 2]
    assert np.array(b["neurons"][1][0]).shape == (20, 20)
    assert b["ys"][0] > 0 > b["ys"][-1] and b["xs"][0] < 0 < b["xs"][-1]  # row 0 is the top of the plane
    # The first input neuron's heatmap is x1 itself.
    assert np.allclose(b["neurons"][0][0][0], np.linspace(-6, 6, 21)[:-1] + 0.3, atol=1e-3)


def test_boundary_is_one_fast_batched_forward(dense):
    V.boundary_view(dense)
    t = time.perf_counter()
    for _ in range(10):
        V.boundary_view(dense)
    assert (time.perf_counter() - t) / 10 < 0.05  # a few ms on a laptop; generous for a loaded CI machine


def test_snapshots_are_json_and_light_is_cheap(dense):
    full = V.snapshot(dense)
    text = json.dumps(full, allow_nan=False)
    assert {"network", "boundary", "curves", "gradient_flow", "graph", "attribution", "chain_rule",
            "points"} <= set(full)
    light = V.snapshot(dense, light=True)
    assert "graph" not in light and "attribution" not in light and "boundary" in light
    assert len(json.dumps(light, allow_nan=False)) < len(text)
    t = time.perf_counter()
    for _ in range(5):
        V.snapshot(dense, light=True)
    assert (time.perf_counter() - t) / 5 < 0.1


def test_gradient_flow_graph_and_curves(dense):
    flow = V.gradient_flow_view(dense)
    assert [layer["name"] for layer in flow["layers"]] == ["fc1", "fc2", "out"]
    assert all(layer["verdict"] in ("ok", "vanishing", "exploding") and layer["mean_abs_grad"] >= 0
               for layer in flow["layers"])
    deep = Engine({"hidden": [8] * 6, "activation": "sigmoid"})
    assert "vanishing" in [layer["verdict"] for layer in V.gradient_flow_view(deep)["layers"]]
    g = V.graph_view(dense)
    labels = [n["label"] for n in g["nodes"]]
    assert "fc1.weight" in labels and any("Backward" in label for label in labels)
    assert all(0 <= a < len(g["nodes"]) and 0 <= b < len(g["nodes"]) for a, b in g["edges"])
    c = V.curves_view(dense)
    assert c["step"][-1] == dense.step and len(c["train_loss"]) == len(dense.history)


def test_nan_becomes_null():
    e = Engine({"learning_rate": 10, "optimizer": "sgd", "activation": "relu", "hidden": [32, 32]})
    e.set_weight(1, 0, 0, 1e30)
    json.dumps(V.snapshot(e, light=True), allow_nan=False)


def test_cnn_views():
    e = Engine({"mode": "cnn", "conv": [4, 6], "optimizer": "adam", "learning_rate": 0.01, "batch_size": 64})
    e.train_steps(5)
    fm = V.feature_maps_view(e, 3, split="test")
    assert [np.array(layer["maps"]).shape for layer in fm["layers"]] == [(4, 8, 8), (6, 4, 4)]
    assert np.array(fm["layers"][1]["filters"]).shape == (6, 4, 3, 3)
    a = V.attribution_view(e, 3, method="integrated_gradients")
    assert np.array(a["values"]).shape == (8, 8)
    assert [layer["type"] for layer in V.network_view(e)["layers"]][:3] == ["Input", "Conv2d", "ReLU"]
    json.dumps(V.snapshot(e), allow_nan=False)
    with pytest.raises(ConfigError, match="mode: got 'cnn'; expected 'rnn'"):
        V.hidden_state_view(e, 0)


def test_rnn_views():
    e = Engine({"mode": "rnn", "dataset": "sine", "rnn_hidden": 5, "seq_len": 10})
    h = V.hidden_state_view(e, 2)
    assert np.array(h["hidden"]).shape == (10, 5) and np.array(h["probs_over_time"]).shape == (10, 3)
    assert np.array(V.attribution_view(e, 2)["values"]).shape == (10,)
    json.dumps(V.snapshot(e), allow_nan=False)
    with pytest.raises(ConfigError, match="method"):
        V.attribution_view(e, 2, method="shap")
