"""PyTorch's torch.nn.modules.channelshuffle path: ChannelShuffle."""

from ._alias import alias_module

_NAMES = ["ChannelShuffle"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
