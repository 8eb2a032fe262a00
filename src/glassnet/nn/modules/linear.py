"""PyTorch's torch.nn.modules.linear path: Linear, Bilinear, Identity, LazyLinear."""

from ._alias import alias_module

_NAMES = ["Bilinear", "Identity", "LazyLinear", "Linear"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
