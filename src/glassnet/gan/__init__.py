"""glassnet.gan: generative adversarial networks, the two competing artists: train them, sample them, judge them.

``fit_gan(generator, discriminator, images, epochs=...)`` trains a pair (the models live in
``glassnet.models.gan``: ``gan_pair('dcgan', (1, 28, 28))``); the losses are in ``glassnet.gan.losses``.
"""

from .losses import (
    GANLoss,
    discriminator_bce_loss,
    generator_nonsaturating_loss,
    get_gan_loss,
    gradient_penalty,
    hinge_discriminator_loss,
    hinge_generator_loss,
    wasserstein_critic_loss,
    wasserstein_generator_loss,
)
from .trainer import GANTrainer, GANWarning, fit_gan, load_gan_checkpoint

__all__ = [
    "GANLoss", "GANTrainer", "GANWarning", "discriminator_bce_loss", "fit_gan", "generator_nonsaturating_loss",
    "get_gan_loss", "gradient_penalty", "hinge_discriminator_loss", "hinge_generator_loss", "load_gan_checkpoint",
    "wasserstein_critic_loss", "wasserstein_generator_loss",
]

# ---- judge and detector exports (glassnet.gan.judge / glassnet.gan.detector) go below this line ----
