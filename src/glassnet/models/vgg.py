"""VGG (Simonyan & Zisserman, 2014): stacks of 3x3 convolutions separated by 2x2 max pooling.

``vgg_small()`` is a three-stage VGG for 28x28 or 32x32 images (MNIST, Fashion-MNIST, CIFAR-10)
that trains in minutes on a CPU; pass your own ``cfg`` for deeper variants.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import nn

SMALL_CFG = (32, "M", 64, "M", 128, "M")


class VGG(nn.Module):
    """A VGG-style network (Simonyan & Zisserman, 2014): 3x3 convolutions and 2x2 max pooling, then 2 linear layers.

    ``cfg`` lists the layers: an int is a 3x3 convolution with that many channels (with batch norm
    if ``batch_norm``) and ReLU, ``'M'`` a 2x2 max pool. The classifier is flatten -> fc ``hidden``
    -> ReLU -> dropout -> fc ``num_classes``.

    Args:
        cfg (sequence, optional): the feature layers. Default: ``(32, 'M', 64, 'M', 128, 'M')``.
        num_classes (int, optional): the number of output classes. Default: ``10``.
        in_channels (int, optional): the number of input channels. Default: ``1``.
        input_size (int, optional): the image side. Default: ``28``.
        batch_norm (bool, optional): add batch norm after each convolution. Default: ``True``.
        hidden (int, optional): the width of the hidden fully connected layer. Default: ``256``.
        dropout (float, optional): the dropout probability in the classifier. Default: ``0.5``.

    Shape:
        - Input: ``(N, in_channels, input_size, input_size)``.
        - Output: ``(N, num_classes)``.

    Example:
        >>> model = glassnet.models.VGG([16, 'M', 32, 'M'], num_classes=5, input_size=16)
        >>> model(glassnet.randn(2, 1, 16, 16)).shape
        glassnet.Size([2, 5])
    """

    def __init__(self, cfg: Sequence = SMALL_CFG, num_classes: int = 10, in_channels: int = 1,
                 input_size: int = 28, batch_norm: bool = True, hidden: int = 256,
                 dropout: float = 0.5) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        c, side = in_channels, input_size
        for v in cfg:
            if v == "M":
                layers.append(nn.MaxPool2d(2))
                side //= 2
                continue
            layers.append(nn.Conv2d(c, int(v), 3, padding=1, bias=not batch_norm))
            if batch_norm:
                layers.append(nn.BatchNorm2d(int(v)))
            layers.append(nn.ReLU())
            c = int(v)
        if side < 1:
            raise ValueError(f"VGG: {cfg.count('M')} pools shrink a {input_size}px input to nothing")
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(c * side * side, hidden), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(hidden, num_classes),
        )

    def forward(self, x):
        """Class scores (logits) for a batch of images."""
        return self.classifier(self.features(x))


def vgg_small(num_classes: int = 10, in_channels: int = 1, input_size: int = 28, **kw) -> VGG:
    """Builds a 3-stage VGG (32-64-128 channels) for 28x28 or 32x32 images.

    Args:
        num_classes (int, optional): the number of output classes. Default: ``10``.
        in_channels (int, optional): the number of input channels. Default: ``1``.
        input_size (int, optional): the image side. Default: ``28``.
        **kw: further :class:`VGG` arguments (``batch_norm``, ``hidden``, ``dropout``).

    Returns:
        VGG: the model.

    Example:
        >>> model = glassnet.models.vgg_small(in_channels=3, input_size=32)
        >>> sum(p.numel() for p in model.parameters())
        620586
        >>> glassnet.models.vgg_small(input_size=8)(glassnet.randn(2, 1, 8, 8)).shape
        glassnet.Size([2, 10])
    """
    return VGG(SMALL_CFG, num_classes, in_channels, input_size, **kw)
