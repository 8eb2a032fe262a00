"""DP-SGD workloads: one private training step (per-example gradients, clipping, noise, update).

``dp_mlp``: the MNIST MLP 784-256-128-10 at batch 128 with SGD; ``dp_lenet``: LeNet-5 at batch 64 with
SGD momentum. glassnet runs ``glassnet.privacy`` (GradSampleModule + DPOptimizer); the reference is
PyTorch with Opacus's GradSampleModule + DPOptimizer (skipped when Opacus is not installed). Both use a
fixed batch (the Poisson loader is not timed) and the same noise multiplier and clipping norm.
``dp_overhead.py`` sets the same steps against the non-private ones of one framework.

Run one directly: ``python benchmarks/dp.py --framework glassnet --workload dp_mlp --steps 50``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cnn  # noqa: E402
import mlp  # noqa: E402
from common import Unavailable, main  # noqa: E402

NOISE, CLIP = 1.0, 1.0
PREFETCH_NOISE = True  # glassnet draws the next step's noise in a worker thread (dp_overhead.py --no-prefetch)


def _mlp_model(nn):
    layers, _ = mlp._modules(None, nn)
    return nn.Sequential(*layers)


def _setup(framework: str, which: str, private: bool):
    """(step, info) for one framework, model and mode; the data and weights are shared."""
    if which == "mlp":
        x, y, _ = mlp._data()
        batch, build, lr, momentum = mlp.BATCH, _mlp_model, mlp.LR, 0.0
        weights = None
    else:
        x, y, weights = cnn._data(64)
        batch, build, lr, momentum = 64, cnn._lenet, 0.01, 0.9
    if framework == "glassnet":
        import glassnet as gn
        import glassnet.nn as nn
        import glassnet.optim as optim

        gn.manual_seed(0)
        model = build(nn)
        if weights is not None:
            cnn._load(model, weights, lambda a: a)
        opt = optim.SGD(model.parameters(), lr=lr, momentum=momentum)
        if private:
            from glassnet.privacy import DPOptimizer, GradSampleModule

            model = GradSampleModule(model)
            opt = DPOptimizer(opt, model, noise_multiplier=NOISE, max_grad_norm=CLIP, expected_batch_size=batch,
                              sample_rate=0.01, prefetch_noise=PREFETCH_NOISE)
        xt, yt = gn.from_numpy(x), gn.from_numpy(y)
    else:
        import torch
        import torch.nn as nn

        torch.manual_seed(0)
        model = build(nn)
        if weights is not None:
            cnn._load(model, weights, torch.from_numpy)
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
        if private:
            try:
                from opacus import GradSampleModule
                from opacus.optimizers import DPOptimizer
            except ImportError as e:
                raise Unavailable("opacus is not installed") from e
            model = GradSampleModule(model)
            opt = DPOptimizer(opt, noise_multiplier=NOISE, max_grad_norm=CLIP, expected_batch_size=batch)
        xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    loss_fn = nn.CrossEntropyLoss()
    return cnn._train_step(model, loss_fn, opt, xt, yt), {}


def _builder(framework: str, which: str, private: bool = True):
    def build(threads: int):
        import warnings

        warnings.filterwarnings("ignore")  # Opacus warns about its secure-RNG setting on every run
        return _setup(framework, which, private)

    return build


WORKLOADS = {
    "dp_mlp": {"glassnet": _builder("glassnet", "mlp"), "torch": _builder("torch", "mlp")},
    "dp_lenet": {"glassnet": _builder("glassnet", "lenet"), "torch": _builder("torch", "lenet")},
}

if __name__ == "__main__":
    main(WORKLOADS)
