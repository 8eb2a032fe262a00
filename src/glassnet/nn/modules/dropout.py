"""PyTorch's torch.nn.modules.dropout path: the dropout modules."""

from ._alias import alias_module

_NAMES = ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"]
_PRIVATE = {"_DropoutNd": "glassnet.nn.dropout"}

__getattr__, __dir__ = alias_module(__name__, _NAMES, _PRIVATE)
