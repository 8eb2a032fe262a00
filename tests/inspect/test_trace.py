"""trace(): the forward pass layer by layer, with shapes and activation statistics."""

from __future__ import annotations

import json

import numpy as np
import pytest

import glassnet
from glassnet import nn
from glassnet.inspect import trace
from glassnet.models import LeNet5, resnet20


def test_lenet5_steps_shapes_and_stats():
    glassnet.manual_seed(0)
    x = glassnet.rand(2, 1, 28, 28)
    t = trace(LeNet5(), x)
    assert [r.type for r in t][:3] == ["Conv2d", "ReLU", "MaxPool2d"]
    assert t[0].input_shape == [2, 1, 28, 28] and t[0].output_shape == [2, 6, 28, 28]
    assert t[-1].output_shape == [2, 10] and t[-1].name == "classifier.5"
    # The statistics are those of the layer's output, checked against a forward pass by hand.
    model = LeNet5()
    t = trace(model, x)
    with glassnet.no_grad():
        relu_out = model.features[1](model.features[0](x)).numpy()
    r = t["features.1"]
    assert r.mean == pytest.approx(relu_out.mean(), rel=1e-5)
    assert r.std == pytest.approx(relu_out.std(), rel=1e-4)
    assert r.frac_zero == pytest.approx((relu_out == 0).mean())
    assert r.frac_saturated is None


def test_saturation_of_sigmoid_and_tanh():
    net = nn.Sequential(nn.Linear(2, 4), nn.Sigmoid(), nn.Linear(4, 4), nn.Tanh())
    with glassnet.no_grad():
        net[0].weight.fill_(50.0)
        net[2].weight.copy_(glassnet.tensor(np.diag([0.001, 0.001, 100.0, 100.0]).astype(np.float32)))
        net[2].bias.zero_()
    t = trace(net, glassnet.ones(3, 2))
    assert t["1"].frac_saturated == 1.0           # sigmoid(100) is 1
    assert t["3"].frac_saturated == pytest.approx(0.5)  # two units stay near 0, two saturate


def test_table_html_and_data():
    t = trace(LeNet5(), input_size=(1, 1, 28, 28))
    text = str(t)
    assert "features.0" in text and "Conv2d" in text and "1x6x28x28" in text and "zeros" in text
    assert "<table>" in t._repr_html_()
    d = t.as_dict()
    assert d["input_shape"] == [1, 1, 28, 28] and len(d["layers"]) == 12
    json.dumps(d)  # plain data


def test_resnet20_records_every_leaf_call():
    t = trace(resnet20(), input_size=(1, 1, 28, 28))
    assert len(t) == 63  # stem 3 + 9 blocks x 6 calls (the shared ReLU twice) + 2 downsamples x 2 + pool + fc
    assert t[-1].output_shape == [1, 10]


def test_depth_and_attention_as_one_step():
    t = trace(resnet20(), input_size=(1, 1, 28, 28), depth=2)
    assert [r.type for r in t][3:6] == ["BasicBlock"] * 3 and len(t) == 3 + 9 + 2
    enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 2, 32), num_layers=1)
    t = trace(enc, input_size=(5, 2, 16))
    assert t[0].type == "MultiheadAttention" and t[0].output_shape == [5, 2, 16]


def test_mode_is_restored_and_dropout_off_in_eval():
    net = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.9))
    net.train()
    t = trace(net, glassnet.ones(2, 4))
    assert net.training
    assert t["1"].frac_zero == 0.0


def test_errors():
    with pytest.raises(ValueError, match="in_channels=1"):
        trace(LeNet5(), glassnet.rand(1, 3, 28, 28))
    with pytest.raises(ValueError, match="one of the two"):
        trace(LeNet5())
    with pytest.raises(KeyError, match="no layer named 'nope'"):
        trace(LeNet5(), input_size=(1, 1, 28, 28))["nope"]
