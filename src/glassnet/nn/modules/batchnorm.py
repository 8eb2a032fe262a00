"""PyTorch's torch.nn.modules.batchnorm path: BatchNorm1d/2d/3d (and their lazy forms)."""

from ._alias import alias_module

_NAMES = [
    "BatchNorm1d", "LazyBatchNorm1d", "BatchNorm2d", "LazyBatchNorm2d", "BatchNorm3d", "LazyBatchNorm3d",
    "SyncBatchNorm",
]
_PRIVATE = {"_BatchNorm": "glassnet.nn.normalization"}

__getattr__, __dir__ = alias_module(__name__, _NAMES, _PRIVATE)
