"""PyTorch's torch.nn.modules.distance path: PairwiseDistance, CosineSimilarity."""

from ._alias import alias_module

_NAMES = ["PairwiseDistance", "CosineSimilarity"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
