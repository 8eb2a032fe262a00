"""ResNet for small images (He et al., 2015, the CIFAR-10 variant): 3 stages of BasicBlocks.

Depth 6n+2: ``resnet8()`` (n=1) and ``resnet20()`` (n=3) for 28x28 or 32x32 inputs. Each block adds its
input back to its output (the residual connection), so very deep stacks still train.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import nn


class BasicBlock(nn.Module):
    """conv3x3-BN-ReLU-conv3x3-BN plus the input (1x1 conv + BN shortcut if the shape changes), then ReLU."""

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
    """Stem conv3x3 -> 3 stages of ``num_blocks`` BasicBlocks (16-32-64 wide, stride 2 between) -> fc."""

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
    """ResNet-8: one BasicBlock per stage (fast; a CPU-friendly baseline).

    Args:
        num_classes (int, optional): outputs of the last layer. Default: ``10``.
        in_channels (int, optional): channels of the input images. Default: ``1``.
        pretrained (bool, optional): load the MNIST weights shipped with glassnet (see
            ``glassnet.models.pretrained_info("resnet8")``). Default: ``False``.
        **kw: further arguments of :class:`ResNet` (``widths``).

    Example:
        >>> glassnet.models.resnet8()(glassnet.zeros(2, 1, 28, 28)).shape
        glassnet.Size([2, 10])
    """
    if pretrained:
        from .weights import check_pretrained_kwargs, load_pretrained

        kw = check_pretrained_kwargs("resnet8", {"num_classes": num_classes, "in_channels": in_channels, **kw})
        return load_pretrained(ResNet((1, 1, 1), **kw), "resnet8")
    return ResNet((1, 1, 1), num_classes, in_channels, **kw)


def resnet20(num_classes: int = 10, in_channels: int = 1, **kw) -> ResNet:
    """ResNet-20: three BasicBlocks per stage (He et al.'s CIFAR-10 network)."""
    return ResNet((3, 3, 3), num_classes, in_channels, **kw)
