"""PyTorch's torch.nn.modules.flatten path: Flatten, Unflatten."""

from ._alias import alias_module

_NAMES = ["Flatten", "Unflatten"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
