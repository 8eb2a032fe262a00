"""PyTorch's torch.nn.modules.module path: Module, and the RemovableHandle that PyTorch imports there."""

from ._alias import alias_module

_NAMES = ["Module"]
_PRIVATE = {"_IncompatibleKeys": "glassnet.nn.module", "RemovableHandle": "glassnet.nn.hooks"}

__getattr__, __dir__ = alias_module(__name__, _NAMES, _PRIVATE)
