"""PyTorch's torch.nn.modules.padding path: constant, zero, reflection, replication and circular padding."""

from ._alias import alias_module

_NAMES = [
    "CircularPad1d", "CircularPad2d", "CircularPad3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d",
    "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d",
    "ReplicationPad3d", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d",
]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
