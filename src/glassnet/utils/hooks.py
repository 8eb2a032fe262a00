"""PyTorch's torch.utils.hooks path: ``from glassnet.utils.hooks import RemovableHandle``."""

from ..autograd.hooks import RemovableHandle

__all__ = ["RemovableHandle"]
