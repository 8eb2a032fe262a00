"""The nn layers, losses and optimizers on a second array backend: forward, backward and an optimizer step.

Each layer is built once, copied, and the copy moved with ``Module.to(device)``; both run the same input
(float64), and the device's outputs, input gradients and parameter gradients must be the backend's own
arrays with the CPU's values. On ``device('checked')`` no NumPy call may go around the backend.
"""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest
from backend_check import DEVICES, backward, checked, compare, tensors

import glassnet
import glassnet.nn as nn
import glassnet.optim as optim

F64 = glassnet.float64


def _x(*shape):
    return ("float", shape)


def _ints(high, *shape):
    return ("int", high, shape)


# name: (build the module, the inputs it takes)
LAYERS = {
    "Linear": (lambda: nn.Linear(4, 3), [_x(2, 4)]),
    "Bilinear": (lambda: nn.Bilinear(3, 4, 2), [_x(2, 3), _x(2, 4)]),
    "Conv1d": (lambda: nn.Conv1d(2, 3, 3, padding=1), [_x(2, 2, 7)]),
    "Conv2d": (lambda: nn.Conv2d(2, 3, 3, stride=2, padding=1), [_x(2, 2, 6, 6)]),
    "Conv2d-groups-dilation": (lambda: nn.Conv2d(4, 4, 3, groups=2, dilation=2), [_x(1, 4, 7, 7)]),
    "Conv3d": (lambda: nn.Conv3d(1, 2, 2), [_x(1, 1, 3, 3, 3)]),
    "ConvTranspose1d": (lambda: nn.ConvTranspose1d(2, 3, 3, stride=2), [_x(2, 2, 4)]),
    "ConvTranspose2d": (lambda: nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1), [_x(1, 2, 4, 4)]),
    "MaxPool1d": (lambda: nn.MaxPool1d(2), [_x(2, 3, 6)]),
    "MaxPool2d": (lambda: nn.MaxPool2d(2), [_x(2, 3, 6, 6)]),
    "AvgPool2d": (lambda: nn.AvgPool2d(3, stride=2, padding=1), [_x(1, 2, 6, 6)]),
    "AdaptiveAvgPool2d": (lambda: nn.AdaptiveAvgPool2d((2, 3)), [_x(1, 2, 5, 7)]),
    "AdaptiveMaxPool2d": (lambda: nn.AdaptiveMaxPool2d(2), [_x(1, 2, 5, 5)]),
    "LPPool2d": (lambda: nn.LPPool2d(2, 2), [_x(1, 2, 4, 4)]),
    "BatchNorm1d": (lambda: nn.BatchNorm1d(3), [_x(4, 3)]),
    "BatchNorm2d": (lambda: nn.BatchNorm2d(3), [_x(2, 3, 4, 4)]),
    "LayerNorm": (lambda: nn.LayerNorm(4), [_x(2, 3, 4)]),
    "GroupNorm": (lambda: nn.GroupNorm(2, 4), [_x(2, 4, 3)]),
    "InstanceNorm2d": (lambda: nn.InstanceNorm2d(2, affine=True), [_x(2, 2, 3, 3)]),
    "RMSNorm": (lambda: nn.RMSNorm(4), [_x(2, 4)]),
    "LocalResponseNorm": (lambda: nn.LocalResponseNorm(2), [_x(1, 4, 3, 3)]),
    "Embedding": (lambda: nn.Embedding(10, 3, padding_idx=0), [_ints(10, 2, 5)]),
    "EmbeddingBag": (lambda: nn.EmbeddingBag(10, 3, mode="mean"), [_ints(10, 2, 4)]),
    "RNN": (lambda: nn.RNN(3, 4, batch_first=True), [_x(2, 5, 3)]),
    "LSTM": (lambda: nn.LSTM(3, 4, num_layers=2, batch_first=True), [_x(2, 5, 3)]),
    "GRU-bidirectional": (lambda: nn.GRU(3, 4, bidirectional=True), [_x(5, 2, 3)]),
    "LSTMCell": (lambda: nn.LSTMCell(3, 4), [_x(2, 3)]),
    "MultiheadAttention": (lambda: nn.MultiheadAttention(8, 2, batch_first=True), [_x(2, 3, 8)] * 3),
    "TransformerEncoderLayer": (lambda: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True),
                                [_x(2, 3, 8)]),
    "Dropout": (lambda: nn.Dropout(0.5), [_x(4, 5)]),
    "Dropout2d": (lambda: nn.Dropout2d(0.5), [_x(2, 3, 2, 2)]),
    "AlphaDropout": (lambda: nn.AlphaDropout(0.5), [_x(4, 5)]),
    "RReLU": (lambda: nn.RReLU(), [_x(4, 5)]),
    "PReLU": (lambda: nn.PReLU(3), [_x(2, 3, 4)]),
    "GELU-tanh": (lambda: nn.GELU("tanh"), [_x(3, 4)]),
    "Mish": (lambda: nn.Mish(), [_x(3, 4)]),
    "Softmax": (lambda: nn.Softmax(dim=1), [_x(3, 4)]),
    "LogSoftmax": (lambda: nn.LogSoftmax(dim=-1), [_x(3, 4)]),
    "Softplus": (lambda: nn.Softplus(beta=2.0), [_x(3, 4)]),
    "Upsample-nearest": (lambda: nn.Upsample(scale_factor=2), [_x(1, 2, 3, 3)]),
    "Upsample-bilinear": (lambda: nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False),
                          [_x(1, 2, 3, 3)]),
    "PixelShuffle": (lambda: nn.PixelShuffle(2), [_x(1, 4, 2, 2)]),
    "ReflectionPad2d": (lambda: nn.ReflectionPad2d(1), [_x(1, 1, 3, 3)]),
    "ReplicationPad1d": (lambda: nn.ReplicationPad1d(2), [_x(1, 2, 3)]),
    "Fold": (lambda: nn.Fold((4, 4), 2), [_x(1, 8, 9)]),
    "Unfold": (lambda: nn.Unfold(2, stride=2), [_x(1, 2, 4, 4)]),
    "Flatten": (lambda: nn.Flatten(), [_x(2, 3, 4)]),
    "CosineSimilarity": (lambda: nn.CosineSimilarity(), [_x(3, 4), _x(3, 4)]),
    "PairwiseDistance": (lambda: nn.PairwiseDistance(), [_x(3, 4), _x(3, 4)]),
    "CrossEntropyLoss": (lambda: nn.CrossEntropyLoss(label_smoothing=0.1), [_x(4, 5), _ints(5, 4)]),
    "NLLLoss-weight": (lambda: nn.NLLLoss(weight=glassnet.rand(5, dtype=F64)), [_x(4, 5), _ints(5, 4)]),
    "MSELoss": (lambda: nn.MSELoss(), [_x(3, 4), _x(3, 4)]),
    "L1Loss": (lambda: nn.L1Loss(), [_x(3, 4), _x(3, 4)]),
    "SmoothL1Loss": (lambda: nn.SmoothL1Loss(), [_x(3, 4), _x(3, 4)]),
    "HuberLoss": (lambda: nn.HuberLoss(), [_x(3, 4), _x(3, 4)]),
    "BCEWithLogitsLoss": (lambda: nn.BCEWithLogitsLoss(), [_x(3, 4), ("unit", (3, 4))]),
    "BCELoss": (lambda: nn.BCELoss(), [("unit", (3, 4)), ("unit", (3, 4))]),
    "KLDivLoss": (lambda: nn.KLDivLoss(reduction="batchmean"), [_x(3, 4), ("unit", (3, 4))]),
    "GaussianNLLLoss": (lambda: nn.GaussianNLLLoss(), [_x(3, 4), _x(3, 4), ("unit", (3, 4))]),
    "MultiMarginLoss": (lambda: nn.MultiMarginLoss(), [_x(4, 5), _ints(5, 4)]),
    "TripletMarginLoss": (lambda: nn.TripletMarginLoss(), [_x(3, 4), _x(3, 4), _x(3, 4)]),
    "CTCLoss": (lambda: nn.CTCLoss(), [("logsoftmax", (6, 2, 4)), ("int1", 4, (2, 3)), ("const", (6, 6)),
                                       ("const", (3, 2))]),
}


def _input(spec, rng, device):
    kind = spec[0]
    if kind == "float":
        return glassnet.tensor(rng.standard_normal(spec[1]), requires_grad=True, device=device)
    if kind == "unit":
        return glassnet.tensor(rng.uniform(0.05, 0.95, spec[1]), device=device)
    if kind == "int":
        return glassnet.tensor(rng.integers(0, spec[1], spec[2]), device=device)
    if kind == "int1":
        return glassnet.tensor(rng.integers(1, spec[1], spec[2]), device=device)
    if kind == "logsoftmax":
        x = glassnet.tensor(rng.standard_normal(spec[1]), device=device)
        return x.log_softmax(-1).detach().requires_grad_()
    return glassnet.tensor(list(spec[1]), device=device)


def _run(module, specs, device):
    rng = np.random.default_rng(0)
    inputs = [_input(s, rng, device) for s in specs]
    glassnet.manual_seed(0)  # dropout and RReLU draw the same masks on both devices
    outs = tensors(module(*inputs))
    leaves = [x for x in inputs if x.requires_grad] + list(module.parameters())
    return outs, backward(outs, leaves)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_runs_through_the_backend(name, device):
    if device == "cuda" and not glassnet.cuda.is_available():
        pytest.skip("no CUDA GPU (or CuPy) here")
    build, specs = LAYERS[name]
    glassnet.manual_seed(0)
    cpu = build().double()
    moved = copy.deepcopy(cpu).to(device)
    assert all(p.device.type == device for p in moved.parameters())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = _run(cpu, specs, None)
        with checked(name, device):
            got = _run(moved, specs, device)
    compare(got[0], expected[0], device, f"{name} output")
    compare(got[1], expected[1], device, f"{name} gradient")
    compare(list(moved.buffers()), list(cpu.buffers()), device, f"{name} buffers")


OPTIMIZERS = {
    "SGD-momentum-nesterov": lambda p: optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    "Adam-amsgrad": lambda p: optim.Adam(p, lr=0.01, amsgrad=True),
    "AdamW": lambda p: optim.AdamW(p, lr=0.01),
    "RMSprop-centered": lambda p: optim.RMSprop(p, lr=0.01, centered=True, momentum=0.5),
    "Adagrad": lambda p: optim.Adagrad(p, lr=0.1),
    "NAdam": lambda p: optim.NAdam(p, lr=0.01),
    "RAdam": lambda p: optim.RAdam(p, lr=0.01),
    "Adamax": lambda p: optim.Adamax(p, lr=0.01),
    "Adadelta": lambda p: optim.Adadelta(p),
}


def _train(model, opt, device, steps: int = 3):
    rng = np.random.default_rng(1)
    x = glassnet.tensor(rng.standard_normal((4, 3)), device=device)
    y = glassnet.tensor(rng.integers(0, 2, 4), device=device)
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    return list(model.parameters())


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_steps_through_the_backend(name, device):
    if device == "cuda" and not glassnet.cuda.is_available():
        pytest.skip("no CUDA GPU (or CuPy) here")
    glassnet.manual_seed(0)
    cpu = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2)).double()
    moved = copy.deepcopy(cpu).to(device)
    expected = _train(cpu, OPTIMIZERS[name](cpu.parameters()), None)
    with checked(name, device):
        got = _train(moved, OPTIMIZERS[name](moved.parameters()), device)
    compare(got, expected, device, f"{name} parameters after 3 steps")
