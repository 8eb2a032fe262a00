"""PyTorch's torch.nn.modules.instancenorm path: InstanceNorm1d/2d/3d (and their lazy forms)."""

from ._alias import alias_module

_NAMES = [
    "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d",
    "LazyInstanceNorm3d",
]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
