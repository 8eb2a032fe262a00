"""GAN models for the zoo: the two competing artists, a generator that draws and a discriminator that judges.

Every generator has ``latent_dim`` (the noise it draws from) and ``image_shape`` (C, H, W) and returns images in
[-1, 1] (a Tanh output, so the data must be scaled to [-1, 1] as well). Every discriminator returns one score (a
logit) per sample, shape (N, 1). The conditional pair also has ``num_classes`` and takes the label as a second
argument: ``G(z, y)``, ``D(x, y)``. The InfoGAN pair draws from a categorical code as well as the noise,
``G(z, c)``, and its discriminator guesses the code back (``D.score_and_code(x)``) without ever seeing a label.

The DCGAN pair follows the DCGAN recipe: transposed convolutions that double the size, BatchNorm in the
generator, strided convolutions and LeakyReLU(0.2) in the discriminator, and every weight drawn from
normal(0, 0.02) (BatchNorm weights from normal(1, 0.02)), biases zero (``dcgan_init``). Image sizes divisible by
4 work (8 for the shipped digits, 28 for MNIST, 32 for CIFAR-sized pictures): a Linear layer projects the noise to
a (2 * width, size / 4, size / 4) block that two transposed convolutions bring to full size.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import cat, nn


def dcgan_init(module: nn.Module) -> nn.Module:
    """Initialise a module in place as DCGAN does; return it.

    Conv, transposed conv and Linear weights ~ normal(0, 0.02); BatchNorm weights ~ normal(1, 0.02); biases 0.

    Args:
        module: the network to initialise (every submodule is visited).

    Example:
        >>> from glassnet.models.gan import dcgan_init
        >>> net = dcgan_init(nn.Sequential(nn.Conv2d(1, 8, 4), nn.BatchNorm2d(8)))
        >>> float(net[1].bias.abs().sum())
        0.0
    """
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if getattr(m, "bias", None) is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)
    return module


def _image_shape(image_size: int, channels: int, who: str) -> tuple[int, int, int]:
    if image_size % 4 or image_size < 4:
        raise ValueError(f"{who}: image_size must be a multiple of 4 (8, 28, 32 ...), got {image_size}")
    if channels < 1:
        raise ValueError(f"{who}: channels must be >= 1, got {channels}")
    return channels, image_size, image_size


# ---- MLP GAN ------------------------------------------------------------------------------------
class MLPGenerator(nn.Module):
    """Noise -> Linear -> LeakyReLU(0.2) -> Linear -> Tanh, reshaped to ``image_shape`` (the first GAN's shape).

    Args:
        latent_dim: size of the noise vector.
        hidden: width of the hidden layer.
        image_shape: (C, H, W) of the images drawn.

    Example:
        >>> from glassnet.models.gan import MLPGenerator
        >>> MLPGenerator(64, 256, (1, 28, 28))(glassnet.randn(2, 64)).shape
        glassnet.Size([2, 1, 28, 28])
    """

    def __init__(self, latent_dim: int = 64, hidden: int = 256, image_shape: Sequence[int] = (1, 28, 28)) -> None:
        super().__init__()
        self.latent_dim = int(latent_dim)
        self.image_shape = tuple(int(s) for s in image_shape)
        n = self.image_shape[0] * self.image_shape[1] * self.image_shape[2]
        self.net = nn.Sequential(nn.Linear(latent_dim, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, n), nn.Tanh())

    def forward(self, z):
        """Images (N, C, H, W) in [-1, 1] for noise (N, latent_dim)."""
        return self.net(z).reshape(-1, *self.image_shape)


class MLPDiscriminator(nn.Module):
    """Flatten -> Linear -> LeakyReLU(0.2) -> Linear: one logit per image.

    Args:
        image_shape: (C, H, W) of the images judged.
        hidden: width of the hidden layer.

    Example:
        >>> from glassnet.models.gan import MLPDiscriminator
        >>> MLPDiscriminator((1, 28, 28), 256)(glassnet.randn(2, 1, 28, 28)).shape
        glassnet.Size([2, 1])
    """

    def __init__(self, image_shape: Sequence[int] = (1, 28, 28), hidden: int = 256) -> None:
        super().__init__()
        self.image_shape = tuple(int(s) for s in image_shape)
        n = self.image_shape[0] * self.image_shape[1] * self.image_shape[2]
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(n, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, 1))

    def forward(self, x):
        """Logits (N, 1): high means 'real'."""
        return self.net(x)


# ---- DCGAN --------------------------------------------------------------------------------------
def _generator_body(in_features: int, image_shape: tuple[int, int, int], width: int) -> nn.Sequential:
    c, size, _ = image_shape
    base = size // 4
    return nn.Sequential(
        nn.Linear(in_features, 2 * width * base * base, bias=False), nn.BatchNorm1d(2 * width * base * base),
        nn.ReLU(), nn.Unflatten(1, (2 * width, base, base)),
        nn.ConvTranspose2d(2 * width, width, 4, 2, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
        nn.ConvTranspose2d(width, c, 4, 2, 1), nn.Tanh())


def _discriminator_body(in_channels: int, image_size: int, width: int, norm: str | None,
                        head: bool = True) -> nn.Sequential:
    base = image_size // 4
    if norm not in (None, "batch", "layer"):
        raise ValueError(f"DCGANDiscriminator: norm must be 'batch', 'layer' or None, got {norm!r}")
    middle: list[nn.Module]
    if norm == "batch":
        middle = [nn.BatchNorm2d(2 * width)]
    elif norm == "layer":  # WGAN-GP's critic: a per-sample norm keeps the penalty per sample
        middle = [nn.LayerNorm([2 * width, base, base])]
    else:
        middle = []
    return nn.Sequential(
        nn.Conv2d(in_channels, width, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(width, 2 * width, 4, 2, 1, bias=norm is None), *middle, nn.LeakyReLU(0.2),
        nn.Flatten(), *([nn.Linear(2 * width * base * base, 1)] if head else []))


class DCGANGenerator(nn.Module):
    """DCGAN generator: Linear projection, then two transposed convolutions that double the size, BN and ReLU.

    Args:
        latent_dim: size of the noise vector.
        image_size: side of the square images (a multiple of 4: 8, 28, 32 ...).
        channels: image channels (1 grey, 3 colour).
        width: channels of the last hidden block (the first has twice as many).

    Example:
        >>> from glassnet.models.gan import DCGANGenerator
        >>> DCGANGenerator(100, 28, 1)(glassnet.randn(2, 100)).shape
        glassnet.Size([2, 1, 28, 28])
    """

    def __init__(self, latent_dim: int = 100, image_size: int = 28, channels: int = 1, width: int = 64) -> None:
        super().__init__()
        self.latent_dim = int(latent_dim)
        self.image_shape = _image_shape(image_size, channels, "DCGANGenerator")
        self.net = _generator_body(latent_dim, self.image_shape, width)
        dcgan_init(self)

    def forward(self, z):
        """Images (N, C, H, W) in [-1, 1] for noise (N, latent_dim)."""
        return self.net(z)


class DCGANDiscriminator(nn.Module):
    """DCGAN discriminator: two strided convolutions with LeakyReLU(0.2), then one logit per image.

    Args:
        image_size: side of the square images (a multiple of 4).
        channels: image channels.
        width: channels of the first convolution (the second has twice as many).
        norm: 'batch' (DCGAN), 'layer' (a WGAN-GP critic: no batch statistics) or None.

    Example:
        >>> from glassnet.models.gan import DCGANDiscriminator
        >>> DCGANDiscriminator(28, 1)(glassnet.randn(2, 1, 28, 28)).shape
        glassnet.Size([2, 1])
    """

    def __init__(self, image_size: int = 28, channels: int = 1, width: int = 64, norm: str | None = "batch") -> None:
        super().__init__()
        self.image_shape = _image_shape(image_size, channels, "DCGANDiscriminator")
        self.net = _discriminator_body(channels, image_size, width, norm)
        dcgan_init(self)

    def forward(self, x):
        """Logits (N, 1): high means 'real'."""
        return self.net(x)


# ---- conditional GAN ----------------------------------------------------------------------------
class ConditionalGenerator(nn.Module):
    """A DCGAN generator told which class to draw: the label's embedding is joined to the noise.

    Args:
        num_classes: number of classes.
        latent_dim: size of the noise vector.
        image_size: side of the square images (a multiple of 4).
        channels: image channels.
        width: channels of the last hidden block.
        embed_dim: size of the label embedding.

    Example:
        >>> from glassnet.models.gan import ConditionalGenerator
        >>> g = ConditionalGenerator(10, 100, 28)
        >>> g(glassnet.randn(2, 100), glassnet.tensor([3, 7])).shape
        glassnet.Size([2, 1, 28, 28])
    """

    def __init__(self, num_classes: int = 10, latent_dim: int = 100, image_size: int = 28, channels: int = 1,
                 width: int = 64, embed_dim: int = 32) -> None:
        super().__init__()
        self.num_classes = int(num_classes)
        self.latent_dim = int(latent_dim)
        self.image_shape = _image_shape(image_size, channels, "ConditionalGenerator")
        self.embed = nn.Embedding(num_classes, embed_dim)
        self.net = _generator_body(latent_dim + embed_dim, self.image_shape, width)
        dcgan_init(self)
        nn.init.normal_(self.embed.weight)  # the label must stand out against unit-variance noise

    def forward(self, z, y):
        """Images (N, C, H, W) of classes ``y`` (N,) for noise ``z`` (N, latent_dim)."""
        return self.net(cat([z, self.embed(y)], dim=1))


class ConditionalDiscriminator(nn.Module):
    """A DCGAN discriminator that also sees the label: its embedding is one extra image channel.

    Args:
        num_classes: number of classes.
        image_size: side of the square images (a multiple of 4).
        channels: image channels.
        width: channels of the first convolution.
        norm: 'batch', 'layer' or None (see DCGANDiscriminator).

    Example:
        >>> from glassnet.models.gan import ConditionalDiscriminator
        >>> d = ConditionalDiscriminator(10, 28)
        >>> d(glassnet.randn(2, 1, 28, 28), glassnet.tensor([3, 7])).shape
        glassnet.Size([2, 1])
    """

    def __init__(self, num_classes: int = 10, image_size: int = 28, channels: int = 1, width: int = 64,
                 norm: str | None = "batch") -> None:
        super().__init__()
        self.num_classes = int(num_classes)
        self.image_shape = _image_shape(image_size, channels, "ConditionalDiscriminator")
        self.embed = nn.Embedding(num_classes, image_size * image_size)
        self.net = _discriminator_body(channels + 1, image_size, width, norm)
        dcgan_init(self)
        nn.init.normal_(self.embed.weight)

    def forward(self, x, y):
        """Logits (N, 1) for images ``x`` claimed to be of classes ``y``."""
        _, h, w = self.image_shape
        label_plane = self.embed(y).reshape(-1, 1, h, w)
        return self.net(cat([x, label_plane], dim=1))


# ---- InfoGAN ------------------------------------------------------------------------------------
class InfoGANGenerator(ConditionalGenerator):
    """An InfoGAN generator: noise plus a categorical code ``c`` in 0..num_codes-1, ``G(z, c)``.

    The network is the conditional generator's (the code's embedding joined to the noise); what differs is the
    training: the code is drawn at random, no label is ever given, and the generator is rewarded when the
    discriminator's second head can read the code back from the image (``GANTrainer(info_weight=...)``). On
    digits the cheapest way to make the code readable is to draw one kind of digit per code, so each code tends
    to become a class the model found by itself.

    Args:
        num_codes: values of the categorical code.
        latent_dim: size of the noise vector.
        image_size: side of the square images (a multiple of 4).
        channels: image channels.
        width: channels of the last hidden block.
        embed_dim: size of the code's embedding.

    Example:
        >>> from glassnet.models.gan import InfoGANGenerator
        >>> InfoGANGenerator(10, 62, 28)(glassnet.randn(2, 62), glassnet.tensor([0, 9])).shape
        glassnet.Size([2, 1, 28, 28])
    """

    def __init__(self, num_codes: int = 10, latent_dim: int = 62, image_size: int = 28, channels: int = 1,
                 width: int = 64, embed_dim: int = 32) -> None:
        super().__init__(num_codes, latent_dim, image_size, channels, width, embed_dim)
        self.num_codes = self.num_classes


class InfoGANDiscriminator(nn.Module):
    """An InfoGAN discriminator: the DCGAN discriminator's body with two heads, real-or-fake and the code.

    ``D(x)`` is the usual (N, 1) logit; ``D.score_and_code(x)`` returns it with (N, num_codes) code logits from
    the same features (InfoGAN's Q network shares the discriminator's body).

    Args:
        num_codes: values of the categorical code.
        image_size: side of the square images (a multiple of 4).
        channels: image channels.
        width: channels of the first convolution.
        norm: 'batch', 'layer' or None (see DCGANDiscriminator).

    Example:
        >>> from glassnet.models.gan import InfoGANDiscriminator
        >>> score, code = InfoGANDiscriminator(10, 28).score_and_code(glassnet.randn(2, 1, 28, 28))
        >>> tuple(score.shape), tuple(code.shape)
        ((2, 1), (2, 10))
    """

    def __init__(self, num_codes: int = 10, image_size: int = 28, channels: int = 1, width: int = 64,
                 norm: str | None = "batch") -> None:
        super().__init__()
        self.num_codes = int(num_codes)
        self.image_shape = _image_shape(image_size, channels, "InfoGANDiscriminator")
        features = 2 * width * (image_size // 4) ** 2
        self.body = _discriminator_body(channels, image_size, width, norm, head=False)
        self.score = nn.Linear(features, 1)
        self.code = nn.Sequential(nn.Linear(features, 128), nn.LeakyReLU(0.2), nn.Linear(128, self.num_codes))
        dcgan_init(self)

    def forward(self, x):
        """Logits (N, 1): high means 'real'."""
        return self.score(self.body(x))

    def score_and_code(self, x):
        """The (N, 1) real-or-fake logits and the (N, num_codes) logits of the code the image was drawn from."""
        h = self.body(x)
        return self.score(h), self.code(h)


# ---- pairs by name ------------------------------------------------------------------------------
GAN_MODELS = ("mlp", "dcgan", "cgan", "wgan-gp", "infogan")


def gan_pair(name: str, image_shape: Sequence[int] = (1, 28, 28), num_classes: int = 10,
             latent_dim: int | None = None, width: int | None = None) -> tuple[nn.Module, nn.Module]:
    """A (generator, discriminator) pair by name: 'mlp', 'dcgan', 'cgan', 'wgan-gp' (a DCGAN without BatchNorm
    in the critic) or 'infogan' (a DCGAN with a categorical code of ``num_classes`` values).

    Args:
        name: which pair.
        image_shape: (C, H, W) of the data.
        num_classes: classes, for 'cgan'; values of the code, for 'infogan'.
        latent_dim: noise size (default 64 for 'mlp', 62 for 'infogan', 100 otherwise).
        width: hidden width (default 256 for 'mlp', 64 otherwise).

    Example:
        >>> from glassnet.models.gan import gan_pair
        >>> g, d = gan_pair("dcgan", (1, 8, 8), width=8)
        >>> d(g(glassnet.randn(3, g.latent_dim))).shape
        glassnet.Size([3, 1])
    """
    c, h, w = (int(s) for s in image_shape)
    if name != "mlp" and h != w:
        raise ValueError(f"gan_pair: {name!r} needs square images, got {h}x{w}; use 'mlp'")
    if name == "mlp":
        z, hid = latent_dim or 64, width or 256
        return MLPGenerator(z, hid, (c, h, w)), MLPDiscriminator((c, h, w), hid)
    z, wd = latent_dim or 100, width or 64
    if name == "dcgan":
        return DCGANGenerator(z, h, c, wd), DCGANDiscriminator(h, c, wd, norm="batch")
    if name == "wgan-gp":
        return DCGANGenerator(z, h, c, wd), DCGANDiscriminator(h, c, wd, norm="layer")
    if name == "cgan":
        return ConditionalGenerator(num_classes, z, h, c, wd), ConditionalDiscriminator(num_classes, h, c, wd)
    if name == "infogan":
        z = latent_dim or 62
        return InfoGANGenerator(num_classes, z, h, c, wd), InfoGANDiscriminator(num_classes, h, c, wd)
    raise ValueError(f"gan_pair: unknown GAN {name!r}; choose one of: {', '.join(GAN_MODELS)}")
