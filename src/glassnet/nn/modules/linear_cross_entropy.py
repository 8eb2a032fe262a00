"""PyTorch's torch.nn.modules.linear_cross_entropy path: LinearCrossEntropyLoss."""

from ._alias import alias_module

_NAMES = ["LinearCrossEntropyLoss"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
