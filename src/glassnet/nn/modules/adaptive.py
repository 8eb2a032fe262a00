"""PyTorch's torch.nn.modules.adaptive path: AdaptiveLogSoftmaxWithLoss."""

from ._alias import alias_module

_NAMES = ["AdaptiveLogSoftmaxWithLoss"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
