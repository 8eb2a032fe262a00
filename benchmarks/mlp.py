"""MLP workloads: a 784-256-128-10 classifier on a synthetic batch of 128 (float32).

``mlp_raw``: written with raw tensor ops (x @ W + b, relu, log_softmax, gather/mean loss) and a plain
SGD update under no_grad, so it measures the autograd core rather than the layer library.
``mlp_adam``: the same network from nn.Linear/nn.ReLU/nn.CrossEntropyLoss with optim.Adam, one full
training step (zero_grad, forward, loss, backward, step).

Run one directly: ``python benchmarks/mlp.py --framework glassnet --workload mlp_raw --steps 100``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import main  # noqa: E402

SIZES = (784, 256, 128, 10)
BATCH = 128
LR = 0.01


def _data():
    """The same synthetic batch and initial weights for both frameworks (NumPy arrays)."""
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, SIZES[0]), dtype=np.float32)
    y = rng.integers(0, SIZES[-1], size=BATCH).astype(np.int64)
    params = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        bound = 1.0 / np.sqrt(n_in)
        params.append(rng.uniform(-bound, bound, (n_in, n_out)).astype(np.float32))
        params.append(rng.uniform(-bound, bound, (n_out,)).astype(np.float32))
    return x, y, params


def mlp_raw_glassnet(threads: int):
    import glassnet as gn

    x_np, y_np, p_np = _data()
    x, y = gn.from_numpy(x_np), gn.from_numpy(y_np).unsqueeze(1)
    params = [gn.from_numpy(p).requires_grad_() for p in p_np]
    w1, b1, w2, b2, w3, b3 = params

    def step():
        h = (x @ w1 + b1).relu()
        h = (h @ w2 + b2).relu()
        logp = (h @ w3 + b3).log_softmax(1)
        loss = -logp.gather(1, y).mean()
        loss.backward()
        with gn.no_grad():
            for p in params:
                p.sub_(p.grad, alpha=LR)
                p.grad = None
        return loss

    return step, {}


def mlp_raw_torch(threads: int):
    import torch

    x_np, y_np, p_np = _data()
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np).unsqueeze(1)
    params = [torch.from_numpy(p).requires_grad_() for p in p_np]
    w1, b1, w2, b2, w3, b3 = params

    def step():
        h = (x @ w1 + b1).relu()
        h = (h @ w2 + b2).relu()
        logp = (h @ w3 + b3).log_softmax(1)
        loss = -logp.gather(1, y).mean()
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(p.grad, alpha=LR)
                p.grad = None
        return loss

    return step, {}


def _modules(lib, nn):
    """The layer stack and loss built from a framework's nn package (PyTorch weight layout)."""
    layers = [nn.Linear(SIZES[0], SIZES[1]), nn.ReLU(), nn.Linear(SIZES[1], SIZES[2]), nn.ReLU(),
              nn.Linear(SIZES[2], SIZES[3])]
    return layers, nn.CrossEntropyLoss()


def _adam_step(layers, loss_fn, opt, x, y):
    def step():
        opt.zero_grad()
        h = x
        for layer in layers:
            h = layer(h)
        loss = loss_fn(h, y)
        loss.backward()
        opt.step()
        return loss

    return step


def mlp_adam_glassnet(threads: int):
    import glassnet as gn
    import glassnet.nn as nn
    import glassnet.optim as optim

    gn.manual_seed(0)
    x_np, y_np, _ = _data()
    layers, loss_fn = _modules(gn, nn)
    params = [p for layer in layers for p in layer.parameters()]
    opt = optim.Adam(params, lr=1e-3)
    return _adam_step(layers, loss_fn, opt, gn.from_numpy(x_np), gn.from_numpy(y_np)), {}


def mlp_adam_torch(threads: int):
    import torch
    import torch.nn as nn

    torch.manual_seed(0)
    x_np, y_np, _ = _data()
    layers, loss_fn = _modules(torch, nn)
    params = [p for layer in layers for p in layer.parameters()]
    opt = torch.optim.Adam(params, lr=1e-3)
    return _adam_step(layers, loss_fn, opt, torch.from_numpy(x_np), torch.from_numpy(y_np)), {}


WORKLOADS = {
    "mlp_raw": {"glassnet": mlp_raw_glassnet, "torch": mlp_raw_torch},
    "mlp_adam": {"glassnet": mlp_adam_glassnet, "torch": mlp_adam_torch},
}

if __name__ == "__main__":
    main(WORKLOADS)
