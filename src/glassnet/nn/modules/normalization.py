"""PyTorch's torch.nn.modules.normalization path: LayerNorm, GroupNorm, RMSNorm, LocalResponseNorm."""

from ._alias import alias_module

_NAMES = ["LocalResponseNorm", "CrossMapLRN2d", "LayerNorm", "GroupNorm", "RMSNorm"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
