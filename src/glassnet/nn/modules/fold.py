"""PyTorch's torch.nn.modules.fold path: Fold, Unfold."""

from ._alias import alias_module

_NAMES = ["Fold", "Unfold"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
