"""PyTorch's torch.nn.modules.container path: Sequential, ModuleList, ModuleDict, ParameterList/Dict."""

from ._alias import alias_module

_NAMES = ["Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
