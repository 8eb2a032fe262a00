"""GAN workloads: one full GAN training step (one discriminator update, then one generator update).

``gan_mlp``: G 64-256-784 (ReLU, tanh out), D 784-256-1 (LeakyReLU 0.2), batch 64.
``gan_dcgan``: a DCGAN for 1x28x28 at batch 64.
  G: z 100 -> Linear(100, 128*7*7) -> Unflatten(128, 7, 7) -> BatchNorm2d -> ReLU
     -> ConvTranspose2d(128, 64, 4, 2, 1) -> BatchNorm2d -> ReLU -> ConvTranspose2d(64, 1, 4, 2, 1) -> tanh
  D: Conv2d(1, 64, 4, 2, 1) -> LeakyReLU(0.2) -> Conv2d(64, 128, 4, 2, 1) -> BatchNorm2d -> LeakyReLU(0.2)
     -> Flatten -> Linear(128*7*7, 1)

One step, identical in both frameworks: the D update (zero_grad, BCE-with-logits on D(real) against 1 and
D(G(z).detach()) against 0, backward, Adam step), then the G update (zero_grad, BCE of D(G(z)) against 1,
backward, Adam step; D's gradients from this pass are cleared by the next step's zero_grad). Adam has
lr 2e-4 and betas (0.5, 0.999), as DCGAN trains. Both frameworks start from the same NumPy-generated
weights (DCGAN's N(0, 0.02) initialisation, BatchNorm weight 1 and bias 0), the same real batch
and the same fixed noise batch, so neither pays for drawing random numbers.

Run one directly: ``python benchmarks/gan.py --framework glassnet --workload gan_dcgan --steps 20``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import main  # noqa: E402

BATCH = 64
MLP_Z, MLP_HIDDEN, IMAGE = 64, 256, 784
DC_Z = 100


def _mlp_gan(nn):
    g = nn.Sequential(nn.Linear(MLP_Z, MLP_HIDDEN), nn.ReLU(), nn.Linear(MLP_HIDDEN, IMAGE), nn.Tanh())
    d = nn.Sequential(nn.Linear(IMAGE, MLP_HIDDEN), nn.LeakyReLU(0.2), nn.Linear(MLP_HIDDEN, 1))
    return g, d


def _dcgan(nn):
    g = nn.Sequential(
        nn.Linear(DC_Z, 128 * 7 * 7), nn.Unflatten(1, (128, 7, 7)), nn.BatchNorm2d(128), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Tanh())
    d = nn.Sequential(
        nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
    return g, d


def _data(z_dim: int, image_shape: tuple):
    """The real batch and the noise batch as float32 NumPy arrays (shared by both frameworks)."""
    import numpy as np

    rng = np.random.default_rng(0)
    real = rng.uniform(-1, 1, (BATCH, *image_shape)).astype(np.float32)
    z = rng.standard_normal((BATCH, z_dim), dtype=np.float32)
    return real, z


def _load_weights(models, from_numpy) -> None:
    """DCGAN initialisation from one NumPy generator, walked in parameter order (same in both frameworks)."""
    import numpy as np

    rng = np.random.default_rng(1)
    for model in models:
        for name, p in model.named_parameters():
            shape = tuple(p.shape)
            if len(shape) == 1:  # biases and BatchNorm shifts 0, BatchNorm scales 1
                is_bn_weight = name.endswith("weight")
                w = np.full(shape, 1.0 if is_bn_weight else 0.0, np.float32)
            else:
                w = rng.normal(0.0, 0.02, shape).astype(np.float32)
            p.data = from_numpy(w)


def _gan_step(lib, g, d, real, z, loss_fn):
    opt_d = lib.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = lib.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    ones = lib.ones(BATCH, 1)
    zeros = lib.zeros(BATCH, 1)

    def step():
        opt_d.zero_grad()
        fake = g(z)
        loss_d = loss_fn(d(real), ones) + loss_fn(d(fake.detach()), zeros)
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad()
        loss_g = loss_fn(d(fake), ones)
        loss_g.backward()
        opt_g.step()
        return loss_d, loss_g

    return step


def _build(framework: str, make, z_dim: int, image_shape: tuple):
    real, z = _data(z_dim, image_shape)
    if framework == "torch":
        import torch as lib

        lib.manual_seed(0)
        from_numpy = lib.from_numpy
    else:
        import glassnet as lib

        lib.manual_seed(0)
        from_numpy = lib.from_numpy
    g, d = make(lib.nn)
    _load_weights((g, d), from_numpy)
    g.train()
    d.train()
    step = _gan_step(lib, g, d, from_numpy(real), from_numpy(z), lib.nn.BCEWithLogitsLoss())
    return step, {}


def gan_mlp_glassnet(threads: int):
    return _build("glassnet", _mlp_gan, MLP_Z, (IMAGE,))


def gan_mlp_torch(threads: int):
    return _build("torch", _mlp_gan, MLP_Z, (IMAGE,))


def gan_dcgan_glassnet(threads: int):
    return _build("glassnet", _dcgan, DC_Z, (1, 28, 28))


def gan_dcgan_torch(threads: int):
    return _build("torch", _dcgan, DC_Z, (1, 28, 28))


WORKLOADS = {
    "gan_mlp": {"glassnet": gan_mlp_glassnet, "torch": gan_mlp_torch},
    "gan_dcgan": {"glassnet": gan_dcgan_glassnet, "torch": gan_dcgan_torch},
}

if __name__ == "__main__":
    main(WORKLOADS)
