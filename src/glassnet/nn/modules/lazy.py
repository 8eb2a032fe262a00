"""PyTorch's torch.nn.modules.lazy path: LazyModuleMixin."""

from ._alias import alias_module

_NAMES = ["LazyModuleMixin"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
