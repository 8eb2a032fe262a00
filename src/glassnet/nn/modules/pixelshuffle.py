"""PyTorch's torch.nn.modules.pixelshuffle path: PixelShuffle, PixelUnshuffle."""

from ._alias import alias_module

_NAMES = ["PixelShuffle", "PixelUnshuffle"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
