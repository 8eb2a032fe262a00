"""VGG (Simonyan & Zisserman, 2014): stacks of 3x3 convolutions separated by 2x2 max pooling.

``vgg_small()`` is a three-stage VGG for 28x28 or 32x32 images (MNIST, Fashion-MNIST, CIFAR-10)
that trains in minutes on a CPU; pass your own ``cfg`` for deeper variants.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import nn

SMALL_CFG = (32, "M", 64, "M", 128, "M")


class VGG(nn.Module):
    """VGG-style network: ``cfg`` lists conv widths, "M" a 2x2 max pool; then a 2-layer classifier."""

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
    """A 3-stage VGG (32-64-128 channels) for 28x28 or 32x32 images."""
    return VGG(SMALL_CFG, num_classes, in_channels, input_size, **kw)
