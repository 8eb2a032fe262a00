"""GAN losses: what the discriminator (critic) and the generator each minimise.

* ``bce`` — the original GAN game with the generator's *non-saturating* loss: the generator maximises
  log D(G(z)) instead of minimising log(1 - D(G(z))), whose gradient vanishes exactly when the generator is bad.
  ``label_smoothing=0.1`` is one-sided label smoothing: real images get the target 0.9, fakes keep 0.
* ``wgan-gp`` — the Wasserstein critic: raw scores, critic loss mean(D(fake)) - mean(D(real)), plus
  ``gradient_penalty``: (||grad_x D(x_hat)||_2 - 1)^2 on random points x_hat between real and fake images.
* ``hinge`` — the hinge game: relu(1 - D(real)) + relu(1 + D(fake)) for D, -D(fake) for G.

Discriminator outputs are logits (N, 1) or (N,); probabilities are never formed, so nothing overflows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import autograd, ones_like, rand, zeros_like
from ..nn import functional as F

LOSSES = ("bce", "wgan-gp", "hinge")


def discriminator_bce_loss(real_logits: Any, fake_logits: Any, label_smoothing: float = 0.0) -> Any:
    """The discriminator's binary cross-entropy: real images are labelled 1 - label_smoothing, fakes 0.

    Args:
        real_logits: D's logits on real images, (N, 1) or (N,).
        fake_logits: D's logits on generated images.
        label_smoothing: one-sided label smoothing (0.1 makes the real target 0.9; fakes stay 0).

    Example:
        >>> from glassnet.gan import discriminator_bce_loss
        >>> round(discriminator_bce_loss(glassnet.zeros(4, 1), glassnet.zeros(4, 1)).item(), 4)
        1.3863
    """
    if not 0.0 <= label_smoothing < 1.0:
        raise ValueError(f"discriminator_bce_loss: label_smoothing must be in [0, 1), got {label_smoothing}")
    real_target = ones_like(real_logits) * (1.0 - label_smoothing)
    return (F.binary_cross_entropy_with_logits(real_logits, real_target)
            + F.binary_cross_entropy_with_logits(fake_logits, zeros_like(fake_logits)))


def generator_nonsaturating_loss(fake_logits: Any) -> Any:
    """The generator's non-saturating loss: -mean(log D(G(z))), i.e. BCE of the fakes against the label 1.

    Args:
        fake_logits: D's logits on generated images.

    Example:
        >>> from glassnet.gan import generator_nonsaturating_loss
        >>> round(generator_nonsaturating_loss(glassnet.zeros(4, 1)).item(), 4)
        0.6931
    """
    return F.binary_cross_entropy_with_logits(fake_logits, ones_like(fake_logits))


def wasserstein_critic_loss(real_scores: Any, fake_scores: Any) -> Any:
    """The WGAN critic's loss: mean(D(fake)) - mean(D(real)) (the critic pushes real scores up, fake down).

    Args:
        real_scores: the critic's raw scores on real images.
        fake_scores: the critic's raw scores on generated images.

    Example:
        >>> from glassnet.gan import wasserstein_critic_loss
        >>> wasserstein_critic_loss(glassnet.tensor([2.0, 4.0]), glassnet.tensor([1.0, 1.0])).item()
        -2.0
    """
    return fake_scores.mean() - real_scores.mean()


def wasserstein_generator_loss(fake_scores: Any) -> Any:
    """The WGAN generator's loss: -mean(D(G(z))).

    Args:
        fake_scores: the critic's raw scores on generated images.

    Example:
        >>> from glassnet.gan import wasserstein_generator_loss
        >>> wasserstein_generator_loss(glassnet.tensor([1.0, 3.0])).item()
        -2.0
    """
    return -fake_scores.mean()


def hinge_discriminator_loss(real_scores: Any, fake_scores: Any) -> Any:
    """The hinge loss of the discriminator: mean(relu(1 - D(real))) + mean(relu(1 + D(fake))).

    Args:
        real_scores: raw scores on real images.
        fake_scores: raw scores on generated images.

    Example:
        >>> from glassnet.gan import hinge_discriminator_loss
        >>> hinge_discriminator_loss(glassnet.tensor([2.0, 0.0]), glassnet.tensor([-2.0, 0.0])).item()
        1.0
    """
    return F.relu(1.0 - real_scores).mean() + F.relu(1.0 + fake_scores).mean()


def hinge_generator_loss(fake_scores: Any) -> Any:
    """The generator's hinge-game loss: -mean(D(G(z))).

    Args:
        fake_scores: raw scores on generated images.

    Example:
        >>> from glassnet.gan import hinge_generator_loss
        >>> hinge_generator_loss(glassnet.tensor([1.0, 3.0])).item()
        -2.0
    """
    return -fake_scores.mean()


def gradient_penalty(critic: Any, real: Any, fake: Any, *extra: Any, weight: float = 10.0,
                     alpha: Any = None) -> Any:
    """WGAN-GP's penalty: weight * mean((||grad_x critic(x_hat)||_2 - 1)^2), x_hat = alpha*real + (1-alpha)*fake.

    The gradient is taken with ``create_graph=True`` so that the penalty itself can be differentiated with
    respect to the critic's parameters (double backward through every layer of the critic).

    Args:
        critic: the critic module (called as ``critic(x_hat, *extra)``).
        real: a batch of real images (N, ...).
        fake: a batch of generated images of the same shape (detached or not).
        *extra: further critic inputs (a conditional critic's labels).
        weight: the penalty's coefficient (lambda; 10 in the WGAN-GP paper).
        alpha: the mixing weights (N, 1, ..., 1); default: uniform [0, 1) per sample.

    Example:
        >>> from glassnet.gan import gradient_penalty
        >>> critic = nn.Sequential(nn.Flatten(), nn.Linear(4, 1))
        >>> gp = gradient_penalty(critic, glassnet.randn(3, 1, 2, 2), glassnet.randn(3, 1, 2, 2))
        >>> gp.backward()
        >>> critic[1].weight.grad.shape
        glassnet.Size([1, 4])
    """
    if tuple(real.shape) != tuple(fake.shape):
        raise ValueError(f"gradient_penalty: real {tuple(real.shape)} and fake {tuple(fake.shape)} images must "
                         "have the same shape")
    if alpha is None:
        alpha = rand(real.shape[0], *([1] * (real.dim() - 1)), dtype=real.dtype)
    x_hat = (alpha * real.detach() + (1.0 - alpha) * fake.detach()).requires_grad_(True)
    scores = critic(x_hat, *extra)
    (g,) = autograd.grad(scores.sum(), x_hat, create_graph=True)
    norms = g.reshape(g.shape[0], -1).norm(2, dim=1)
    return weight * ((norms - 1.0) ** 2).mean()


@dataclass(frozen=True)
class GANLoss:
    """A pair of losses by name: ``d_loss(real, fake)``, ``g_loss(fake)``, and whether D outputs are logits of
    a probability (so D(x) and D(G(z)) are shown as probabilities) and whether a gradient penalty is added.

    Args:
        name: 'bce', 'wgan-gp' or 'hinge' (``get_gan_loss`` checks the name).
        label_smoothing: one-sided label smoothing of the real target, for 'bce'.

    Example:
        >>> from glassnet.gan import GANLoss
        >>> loss = GANLoss("hinge")
        >>> loss.g_loss(glassnet.tensor([1.0, 3.0])).item()
        -2.0
    """

    name: str
    label_smoothing: float = 0.0

    @property
    def probabilistic(self) -> bool:
        """Whether D's outputs are logits of 'real' (bce), not raw scores."""
        return self.name == "bce"

    @property
    def penalised(self) -> bool:
        """Whether the critic's loss takes a gradient penalty."""
        return self.name == "wgan-gp"

    def d_loss(self, real: Any, fake: Any) -> Any:
        """The discriminator's (critic's) loss, without the gradient penalty."""
        if self.name == "bce":
            return discriminator_bce_loss(real, fake, self.label_smoothing)
        if self.name == "wgan-gp":
            return wasserstein_critic_loss(real, fake)
        return hinge_discriminator_loss(real, fake)

    def g_loss(self, fake: Any) -> Any:
        """The generator's loss."""
        if self.name == "bce":
            return generator_nonsaturating_loss(fake)
        if self.name == "wgan-gp":
            return wasserstein_generator_loss(fake)
        return hinge_generator_loss(fake)


def get_gan_loss(name: str, label_smoothing: float = 0.0) -> GANLoss:
    """The GAN loss named 'bce' (non-saturating), 'wgan-gp' or 'hinge'.

    Args:
        name: the loss ('nonsaturating' and 'wgan' are accepted for 'bce' and 'wgan-gp').
        label_smoothing: one-sided label smoothing, for 'bce' only.

    Example:
        >>> from glassnet.gan import get_gan_loss
        >>> get_gan_loss("bce", label_smoothing=0.1).probabilistic
        True
    """
    key = {"nonsaturating": "bce", "wgan": "wgan-gp", "wgan_gp": "wgan-gp"}.get(name, name)
    if key not in LOSSES:
        raise ValueError(f"get_gan_loss: unknown GAN loss {name!r}; choose one of: {', '.join(LOSSES)}")
    if label_smoothing and key != "bce":
        raise ValueError(f"get_gan_loss: label_smoothing applies to the 'bce' loss, not {key!r}")
    if not 0.0 <= label_smoothing < 1.0:
        raise ValueError(f"get_gan_loss: label_smoothing must be in [0, 1), got {label_smoothing}")
    return GANLoss(key, float(label_smoothing))
