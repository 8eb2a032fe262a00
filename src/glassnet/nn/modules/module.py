"""PyTorch's torch.nn.modules.module path: Module."""

from ._alias import alias_module

_NAMES = ["Module"]
_PRIVATE = {"_IncompatibleKeys": "glassnet.nn.module"}

__getattr__, __dir__ = alias_module(__name__, _NAMES, _PRIVATE)
