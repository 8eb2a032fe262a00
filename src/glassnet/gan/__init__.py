"""glassnet.gan: generative adversarial networks, the two competing artists: train them, sample them, judge them.

``fit_gan(generator, discriminator, images, epochs=...)`` trains a pair (the models live in
``glassnet.models.gan``: ``gan_pair('dcgan', (1, 28, 28))``); the losses are in ``glassnet.gan.losses``.
``judge_samples`` scores samples with a glassnet classifier; ``train_detector`` tries to tell them from real images.
``cluster_images`` groups unlabelled images by k-means, for a conditional GAN trained on the clusters
(self-conditioning, ``glassnet gan --clusters K``).
"""

from .clusters import Clusters, cluster_images
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
    "Clusters", "GANLoss", "GANTrainer", "GANWarning", "cluster_images", "discriminator_bce_loss", "fit_gan",
    "generator_nonsaturating_loss", "get_gan_loss", "gradient_penalty", "hinge_discriminator_loss",
    "hinge_generator_loss", "load_gan_checkpoint", "wasserstein_critic_loss", "wasserstein_generator_loss",
]

# Judging without eyes: a glassnet classifier scores the samples; a detector tries to catch them as fakes.
from .detector import DetectorComparison, DetectorReport, compare_detectors, roc_auc, train_detector  # noqa: E402
from .judge import JudgeReport, features, frechet_distance, judge_samples, train_judge  # noqa: E402

__all__ += ["DetectorComparison", "DetectorReport", "JudgeReport", "compare_detectors", "features", "frechet_distance",
            "judge_samples", "roc_auc", "train_detector", "train_judge"]
