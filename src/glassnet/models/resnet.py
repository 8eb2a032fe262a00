"""ResNet for small images (He et al., 2015, the CIFAR-10 variant): 3 stages of BasicBlocks.

Depth 6n+2: ``resnet8()`` (n=1) and ``resnet20()`` (n=3) for 28x28 or 32x32 inputs. Each block adds its
input back to its output (the residual connection), so very deep stacks still train.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import nn


class BasicBlock(nn.Module):
    """The residual block of ResNet: ``relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))``.

    Both convolutions are 3x3 (the first with ``stride``); the shortcut is the input itself, or a
    1x1 convolution with batch norm when the stride or the number of channels changes.

    Args:
        in_planes (int): the input channels.
        planes (int): the output channels.
        stride (int, optional): the stride of the first convolution (2 halves the image). Default: ``1``.

    Shape:
        - Input: ``(N, in_planes, H, W)``.
        - Output: ``(N, planes, H / stride, W / stride)`` (rounded up).

    Example:
        >>> block = glassnet.models.BasicBlock(16, 32, stride=2)
        >>> block(glassnet.randn(2, 16, 8, 8)).shape
        glassnet.Size([2, 32, 4, 4])
    """

    expansion = 1

    def __init__(self, in_planes: int, planes: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or in_planes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False),
                                            nn.BatchNorm2d(planes))

    def forward(self, x):
        """Residual block: relu(F(x) + shortcut(x))."""
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(out + identity)


class ResNet(nn.Module):
    """ResNet for small images (He et al., 2015, the CIFAR-10 variant): 3 stages of :class:`BasicBlock`.

    A 3x3 stem convolution, then three stages ``widths`` wide (16-32-64 by default), with stride 2
    between them; global average pooling feeds the final ``fc`` layer. Convolutions are
    initialized He-normal (``fan_out``) and batch norms as the identity, as torchvision does.

    Args:
        num_blocks (sequence of int, optional): the blocks per stage (depth ``6n + 2`` for ``n`` each).
            Default: ``(3, 3, 3)``.
        num_classes (int, optional): the number of output classes. Default: ``10``.
        in_channels (int, optional): the number of input channels. Default: ``1``.
        widths (sequence of int, optional): the channels of the three stages. Default: ``(16, 32, 64)``.

    Shape:
        - Input: ``(N, in_channels, H, W)``.
        - Output: ``(N, num_classes)``.

    Example:
        >>> model = glassnet.models.ResNet((1, 1, 1), num_classes=10, in_channels=3)
        >>> model(glassnet.randn(2, 3, 8, 8)).shape  # any size works: global average pooling
        glassnet.Size([2, 10])
    """

    def __init__(self, num_blocks: Sequence[int] = (3, 3, 3), num_classes: int = 10, in_channels: int = 1,
                 widths: Sequence[int] = (16, 32, 64)) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, widths[0], 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU()
        stages, c = [], widths[0]
        for i, (n, w) in enumerate(zip(num_blocks, widths)):
            blocks = []
            for j in range(n):
                blocks.append(BasicBlock(c, w, stride=2 if (i > 0 and j == 0) else 1))
                c = w
            stages.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3 = stages
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(c, num_classes)
        for m in self.modules():  # torchvision's init: He-normal convs, BN as identity
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        """Class scores (logits) for a batch of images."""
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(self.avgpool(x).flatten(1))


def resnet8(num_classes: int = 10, in_channels: int = 1, pretrained: bool = False, **kw) -> ResNet:
    """Builds ResNet-8: one :class:`BasicBlock` per stage (fast; a CPU-friendly baseline).

    Args:
        num_classes (int, optional): the number of output classes. Default: ``10``.
        in_channels (int, optional): the number of input channels. Default: ``1``.
        pretrained (bool, optional): load the MNIST weights shipped with glassnet (see
            ``glassnet.models.pretrained_info("resnet8")``). Default: ``False``.
        **kw: further :class:`ResNet` arguments (``widths``).

    Returns:
        ResNet: the model.

    Example:
        >>> model = glassnet.models.resnet8()
        >>> model(glassnet.randn(2, 1, 12, 12)).shape
        glassnet.Size([2, 10])
    """
    if pretrained:
        from .weights import check_pretrained_kwargs, load_pretrained

        kw = check_pretrained_kwargs("resnet8", {"num_classes": num_classes, "in_channels": in_channels, **kw})
        return load_pretrained(ResNet((1, 1, 1), **kw), "resnet8")
    return ResNet((1, 1, 1), num_classes, in_channels, **kw)


def resnet20(num_classes: int = 10, in_channels: int = 1, **kw) -> ResNet:
    """Builds ResNet-20: three :class:`BasicBlock` per stage (He et al.'s CIFAR-10 network).

    Args:
        num_classes (int, optional): the number of output classes. Default: ``10``.
        in_channels (int, optional): the number of input channels. Default: ``1``.
        **kw: further :class:`ResNet` arguments (``widths``).

    Returns:
        ResNet: the model.

    Example:
        >>> model = glassnet.models.resnet20(in_channels=3)
        >>> sum(p.numel() for p in model.parameters())
        272474
    """
    return ResNet((3, 3, 3), num_classes, in_channels, **kw)
