"""PyTorch's torch.nn.modules.conv path: the convolution layers."""

from ._alias import alias_module

_NAMES = [
    "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "LazyConv1d",
    "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d",
]
_PRIVATE = {"_ConvNd": "glassnet.nn.conv"}

__getattr__, __dir__ = alias_module(__name__, _NAMES, _PRIVATE)
