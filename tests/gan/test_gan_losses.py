"""GAN losses against PyTorch: values and gradients; the WGAN-GP penalty and its gradients w.r.t. the critic."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import check_parity, to_numpy

import glassnet
from glassnet import nn
from glassnet.gan import (
    discriminator_bce_loss,
    generator_nonsaturating_loss,
    get_gan_loss,
    gradient_penalty,
    hinge_discriminator_loss,
    hinge_generator_loss,
    wasserstein_critic_loss,
    wasserstein_generator_loss,
)
from glassnet.models.gan import ConditionalDiscriminator, DCGANDiscriminator, MLPDiscriminator

torch = pytest.importorskip("torch")
TF = torch.nn.functional

RNG = np.random.default_rng(0)
REAL = RNG.standard_normal((6, 1)) * 3
FAKE = RNG.standard_normal((6, 1)) * 3


@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_discriminator_bce_matches_torch(smoothing):
    def t_fn(r, f):
        return (TF.binary_cross_entropy_with_logits(r, torch.full_like(r, 1 - smoothing))
                + TF.binary_cross_entropy_with_logits(f, torch.zeros_like(f)))

    check_parity(lambda r, f: discriminator_bce_loss(r, f, smoothing), t_fn, [REAL, FAKE])


def test_generator_nonsaturating_matches_torch():
    check_parity(generator_nonsaturating_loss,
                 lambda f: TF.binary_cross_entropy_with_logits(f, torch.ones_like(f)), [FAKE])


def test_nonsaturating_loss_keeps_a_gradient_where_the_minimax_loss_saturates():
    # D is sure the fakes are fake (logit -8): log(1 - D(G(z))) is flat there, -log D(G(z)) is not.
    fake = glassnet.full((4, 1), -8.0, requires_grad=True)
    generator_nonsaturating_loss(fake).backward()
    ns = float(fake.grad.abs().mean())
    fake2 = glassnet.full((4, 1), -8.0, requires_grad=True)
    (-nn.functional.binary_cross_entropy_with_logits(fake2, glassnet.zeros(4, 1))).backward()
    assert ns > 100 * float(fake2.grad.abs().mean())


def test_wasserstein_and_hinge_match_torch():
    check_parity(wasserstein_critic_loss, lambda r, f: f.mean() - r.mean(), [REAL, FAKE])
    check_parity(wasserstein_generator_loss, lambda f: -f.mean(), [FAKE])
    check_parity(hinge_discriminator_loss, lambda r, f: TF.relu(1 - r).mean() + TF.relu(1 + f).mean(), [REAL, FAKE])
    check_parity(hinge_generator_loss, lambda f: -f.mean(), [FAKE])


def test_get_gan_loss_names_and_errors():
    assert get_gan_loss("nonsaturating").name == "bce"
    assert get_gan_loss("wgan").penalised
    with pytest.raises(ValueError, match="unknown GAN loss 'lsgan'"):
        get_gan_loss("lsgan")
    with pytest.raises(ValueError, match="label_smoothing applies to the 'bce' loss"):
        get_gan_loss("hinge", label_smoothing=0.1)
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\)"):
        discriminator_bce_loss(glassnet.zeros(2), glassnet.zeros(2), 1.5)


# ---- the gradient penalty -----------------------------------------------------------------------
class TorchConvCritic(torch.nn.Module):
    """The torch twin of DCGANDiscriminator(image_size=8, channels=1, width=4, norm=...)."""

    def __init__(self, norm: str | None, in_channels: int = 1) -> None:
        super().__init__()
        mid = [torch.nn.LayerNorm([8, 2, 2])] if norm == "layer" else []
        self.net = torch.nn.Sequential(
            torch.nn.Conv2d(in_channels, 4, 4, 2, 1), torch.nn.LeakyReLU(0.2),
            torch.nn.Conv2d(4, 8, 4, 2, 1, bias=norm is None), *mid, torch.nn.LeakyReLU(0.2),
            torch.nn.Flatten(), torch.nn.Linear(32, 1))

    def forward(self, x):
        return self.net(x)


class TorchConditionalCritic(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.embed = torch.nn.Embedding(10, 64)
        self.net = TorchConvCritic("layer", in_channels=2).net

    def forward(self, x, y):
        return self.net(torch.cat([x, self.embed(y).reshape(-1, 1, 8, 8)], dim=1))


class TorchMLPCritic(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(64, 16), torch.nn.LeakyReLU(0.2),
                                       torch.nn.Linear(16, 1))

    def forward(self, x):
        return self.net(x)


def _torch_gp(critic, real, fake, alpha, *extra, weight=10.0):
    x_hat = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat, *extra).sum(), x_hat, create_graph=True)
    return weight * ((g.reshape(len(g), -1).norm(2, dim=1) - 1) ** 2).mean()


CRITICS = {
    "mlp": (lambda: MLPDiscriminator((1, 8, 8), hidden=16), TorchMLPCritic),
    "conv": (lambda: DCGANDiscriminator(8, 1, width=4, norm=None), lambda: TorchConvCritic(None)),
    "conv-layernorm": (lambda: DCGANDiscriminator(8, 1, width=4, norm="layer"), lambda: TorchConvCritic("layer")),
    "conditional": (lambda: ConditionalDiscriminator(10, 8, 1, width=4, norm="layer"), TorchConditionalCritic),
}


@pytest.mark.parametrize("kind", list(CRITICS))
def test_gradient_penalty_and_its_parameter_gradients_match_torch(kind):
    make_gn, make_torch = CRITICS[kind]
    critic = make_gn().double()
    # Random (not DCGAN-small) weights so every layer's second derivative matters.
    for p in critic.parameters():
        p.data = glassnet.tensor(RNG.standard_normal(tuple(p.shape)) * 0.5)
    t_critic = make_torch().double()
    t_critic.load_state_dict({k: torch.tensor(to_numpy(v)) for k, v in critic.state_dict().items()})
    real, fake = RNG.standard_normal((5, 1, 8, 8)), RNG.standard_normal((5, 1, 8, 8))
    alpha = RNG.uniform(size=(5, 1, 1, 1))
    labels = np.array([0, 3, 3, 7, 9])
    extra_gn = (glassnet.tensor(labels),) if kind == "conditional" else ()
    extra_t = (torch.tensor(labels),) if kind == "conditional" else ()

    gp = gradient_penalty(critic, glassnet.tensor(real), glassnet.tensor(fake), *extra_gn, alpha=glassnet.tensor(alpha))
    gp.backward()
    t_gp = _torch_gp(t_critic, torch.tensor(real), torch.tensor(fake), torch.tensor(alpha), *extra_t)
    t_gp.backward()

    np.testing.assert_allclose(gp.item(), t_gp.item(), rtol=1e-10)
    t_params = dict(t_critic.named_parameters())
    for name, p in critic.named_parameters():
        t_grad = t_params[name].grad
        if t_grad is None or not t_grad.abs().sum():  # a bias after which only sums remain: no second-order role
            assert p.grad is None or not np.abs(to_numpy(p.grad)).sum(), name
            continue
        np.testing.assert_allclose(to_numpy(p.grad), to_numpy(t_grad), rtol=1e-8, atol=1e-12, err_msg=name)


def test_gradient_penalty_is_zero_for_a_critic_with_unit_gradient():
    # critic(x) = <w, x> with ||w|| = 1 has gradient norm exactly 1 everywhere.
    critic = nn.Sequential(nn.Flatten(), nn.Linear(4, 1, bias=False)).double()
    critic[1].weight.data = glassnet.tensor([[0.5, 0.5, 0.5, 0.5]], dtype=glassnet.float64)
    gp = gradient_penalty(critic, glassnet.randn(3, 1, 2, 2, dtype=glassnet.float64),
                          glassnet.randn(3, 1, 2, 2, dtype=glassnet.float64))
    assert gp.item() == pytest.approx(0.0, abs=1e-20)


def test_gradient_penalty_rejects_mismatched_batches():
    critic = nn.Sequential(nn.Flatten(), nn.Linear(4, 1))
    with pytest.raises(ValueError, match=r"real \(3, 1, 2, 2\) and fake \(2, 1, 2, 2\)"):
        gradient_penalty(critic, glassnet.randn(3, 1, 2, 2), glassnet.randn(2, 1, 2, 2))
