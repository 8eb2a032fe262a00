"""LeNet-5 (LeCun et al., 1998): the classic two-convolution digit classifier.

Use it for MNIST-sized images (28x28 with ``input_size=28``, the original 32x32 with ``input_size=32``):
conv 6@5x5 -> pool -> conv 16@5x5 -> pool -> fc 120 -> fc 84 -> fc num_classes.
"""

from __future__ import annotations

from .. import nn


class LeNet5(nn.Module):
    """LeNet-5 (LeCun et al., 1998) for ``(N, in_channels, 28, 28)`` or 32x32 images.

    conv 6@5x5 -> pool -> conv 16@5x5 -> pool -> fc 120 -> fc 84 -> fc ``num_classes``, with ReLU
    and max pooling, or the 1998 network's tanh and average pooling. On 28x28 inputs the first
    convolution pads by 2, so both sizes reach the same 16x5x5 feature map.

    Args:
        num_classes (int, optional): the number of output classes. Default: ``10``.
        in_channels (int, optional): the number of input channels. Default: ``1``.
        activation (str, optional): ``'relu'`` (with max pooling) or ``'tanh'`` (with average
            pooling). Default: ``'relu'``.
        input_size (int, optional): the image side, 28 or 32. Default: ``28``.

    Shape:
        - Input: ``(N, in_channels, input_size, input_size)``.
        - Output: ``(N, num_classes)``, class scores (logits).

    Example:
        >>> model = glassnet.models.LeNet5(num_classes=10)
        >>> model(glassnet.randn(2, 1, 28, 28)).shape
        glassnet.Size([2, 10])
        >>> sum(p.numel() for p in model.parameters())
        61706
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
    """A small fast CNN for 28x28 grey images (e.g. Fashion-MNIST): two conv-ReLU-pool blocks, two linear layers.

    conv ``width``@3x3 -> ReLU -> pool -> conv ``2*width``@3x3 -> ReLU -> pool -> fc ``hidden`` ->
    ReLU (-> dropout) -> fc ``num_classes``.

    Args:
        num_classes (int, optional): the number of output classes. Default: ``10``.
        in_channels (int, optional): the number of input channels. Default: ``1``.
        width (int, optional): the channels of the first convolution. Default: ``16``.
        hidden (int, optional): the width of the hidden fully connected layer. Default: ``128``.
        input_size (int, optional): the image side, divisible by 4. Default: ``28``.
        dropout (float, optional): the dropout probability before the last layer (0 for none).
            Default: ``0.0``.

    Shape:
        - Input: ``(N, in_channels, input_size, input_size)``.
        - Output: ``(N, num_classes)``.

    Example:
        >>> model = glassnet.models.SmallCNN(num_classes=10, width=8)
        >>> model(glassnet.randn(2, 1, 28, 28)).shape
        glassnet.Size([2, 10])
    """

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
