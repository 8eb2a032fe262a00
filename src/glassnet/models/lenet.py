"""LeNet-5 (LeCun et al., 1998): the classic two-convolution digit classifier.

Use it for MNIST-sized images (28x28 with ``input_size=28``, the original 32x32 with ``input_size=32``):
conv 6@5x5 -> pool -> conv 16@5x5 -> pool -> fc 120 -> fc 84 -> fc num_classes.
"""

from __future__ import annotations

from .. import nn


class LeNet5(nn.Module):
    """LeNet-5 for (N, in_channels, 28, 28) or 32x32 images; ReLU + max pooling, or the 1998 tanh + average.

    The first convolution pads by 2 on 28x28 inputs so both sizes reach the same 16x5x5 feature map.
    """

    def __init__(self, num_classes: int = 10, in_channels: int = 1, activation: str = "relu",
                 input_size: int = 28) -> None:
        super().__init__()
        acts = {"relu": nn.ReLU, "tanh": nn.Tanh}
        if activation not in acts:
            raise ValueError(f"LeNet5: activation must be 'relu' or 'tanh', got {activation!r}")
        if input_size not in (28, 32):
            raise ValueError(f"LeNet5: input_size must be 28 or 32, got {input_size}")
        act = acts[activation]
        pool = nn.MaxPool2d if activation == "relu" else nn.AvgPool2d
        pad = (32 - input_size) // 2
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, 6, 5, padding=pad), act(), pool(2),
            nn.Conv2d(6, 16, 5), act(), pool(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), act(),
            nn.Linear(120, 84), act(),
            nn.Linear(84, num_classes),
        )

    def forward(self, x):
        """Class scores (logits) for a batch of images."""
        return self.classifier(self.features(x))


class SmallCNN(nn.Module):
    """A small fast CNN for 28x28 grey images (Fashion-MNIST): two conv-ReLU-pool blocks and two fc layers."""

    def __init__(self, num_classes: int = 10, in_channels: int = 1, width: int = 16, hidden: int = 128,
                 input_size: int = 28, dropout: float = 0.0) -> None:
        super().__init__()
        if input_size % 4:
            raise ValueError(f"SmallCNN: input_size must be divisible by 4, got {input_size}")
        side = input_size // 4
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        )
        layers = [nn.Flatten(), nn.Linear(2 * width * side * side, hidden), nn.ReLU()]
        if dropout:
            layers.append(nn.Dropout(dropout))
        layers.append(nn.Linear(hidden, num_classes))
        self.classifier = nn.Sequential(*layers)

    def forward(self, x):
        """Class scores (logits) for a batch of images."""
        return self.classifier(self.features(x))


def lenet5(pretrained: bool = False, **kwargs) -> LeNet5:
    """LeNet-5, optionally with the weights shipped with glassnet (trained on MNIST, about 98% test accuracy).

    Args:
        pretrained (bool, optional): load the shipped MNIST weights (``tools/train_pretrained.py lenet5``
            made them; ``glassnet.models.pretrained_info("lenet5")`` tells how). Default: ``False``.
        **kwargs: arguments of :class:`LeNet5`.

    Example:
        >>> model = glassnet.models.lenet5(pretrained=True).eval()
        >>> model(glassnet.zeros(1, 1, 28, 28)).shape
        glassnet.Size([1, 10])
    """
    from . import get_model

    return get_model("lenet5", pretrained=pretrained, **kwargs)


def cnn_small(pretrained: bool = False, **kwargs) -> SmallCNN:
    """SmallCNN, optionally with the weights shipped with glassnet (trained on Fashion-MNIST).

    Args:
        pretrained (bool, optional): load the shipped Fashion-MNIST weights. Default: ``False``.
        **kwargs: arguments of :class:`SmallCNN`.

    Example:
        >>> glassnet.models.cnn_small()(glassnet.zeros(1, 1, 28, 28)).shape
        glassnet.Size([1, 10])
    """
    from . import get_model

    return get_model("cnn_small", pretrained=pretrained, **kwargs)
