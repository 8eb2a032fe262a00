"""CNN workloads: LeNet-5 (conv 6@5x5 pad 2, max pool, conv 16@5x5, max pool, fc 120-84-10) on 1x28x28.

``lenet_train``: one SGD-momentum training step (zero_grad, forward, cross-entropy, backward, step)
at batch 64. ``lenet_infer``: a forward pass at batch 256 under no_grad. Both frameworks build the
network from their own nn package with the same weights (PyTorch layout) and the same synthetic batch.

Run one directly: ``python benchmarks/cnn.py --framework glassnet --workload lenet_train --steps 50``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import main  # noqa: E402


def _data(batch: int):
    """A synthetic batch and one set of LeNet-5 weights as NumPy arrays (shared by both frameworks)."""
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, 1, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, size=batch).astype(np.int64)
    shapes = [(6, 1, 5, 5), (6,), (16, 6, 5, 5), (16,), (120, 400), (120,), (84, 120), (84,), (10, 84), (10,)]
    weights = [rng.uniform(-0.1, 0.1, s).astype(np.float32) for s in shapes]
    return x, y, weights


def _lenet(nn):
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def _load(model, weights, from_numpy):
    for p, w in zip(model.parameters(), weights):
        p._data = from_numpy(w.copy())


def _train_step(model, loss_fn, opt, x, y):
    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    return step


def lenet_train_glassnet(threads: int):
    import glassnet as gn
    import glassnet.nn as nn
    import glassnet.optim as optim

    x, y, w = _data(64)
    model = _lenet(nn)
    _load(model, w, lambda a: a)
    opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    return _train_step(model, nn.CrossEntropyLoss(), opt, gn.from_numpy(x), gn.from_numpy(y)), {}


def lenet_train_torch(threads: int):
    import torch
    import torch.nn as nn

    x, y, w = _data(64)
    model = _lenet(nn)
    _load(model, w, torch.from_numpy)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    return _train_step(model, nn.CrossEntropyLoss(), opt, torch.from_numpy(x), torch.from_numpy(y)), {}


def lenet_infer_glassnet(threads: int):
    import glassnet as gn
    import glassnet.nn as nn

    x, _, w = _data(256)
    model = _lenet(nn)
    _load(model, w, lambda a: a)
    model.eval()
    xt = gn.from_numpy(x)

    def step():
        with gn.no_grad():
            return model(xt)

    return step, {}


def lenet_infer_torch(threads: int):
    import torch
    import torch.nn as nn

    x, _, w = _data(256)
    model = _lenet(nn)
    _load(model, w, torch.from_numpy)
    model.eval()
    xt = torch.from_numpy(x)

    def step():
        with torch.no_grad():
            return model(xt)

    return step, {}


WORKLOADS = {
    "lenet_train": {"glassnet": lenet_train_glassnet, "torch": lenet_train_torch},
    "lenet_infer": {"glassnet": lenet_infer_glassnet, "torch": lenet_infer_torch},
}

if __name__ == "__main__":
    main(WORKLOADS)
