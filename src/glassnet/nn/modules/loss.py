"""PyTorch's torch.nn.modules.loss path: the loss modules and their bases _Loss and _WeightedLoss."""

from ._alias import alias_module

_NAMES = [
    "L1Loss", "NLLLoss", "PoissonNLLLoss", "GaussianNLLLoss", "KLDivLoss", "MSELoss", "BCELoss",
    "BCEWithLogitsLoss", "HingeEmbeddingLoss", "MultiLabelMarginLoss", "SmoothL1Loss", "HuberLoss",
    "SoftMarginLoss", "CrossEntropyLoss", "MultiLabelSoftMarginLoss", "CosineEmbeddingLoss", "MarginRankingLoss",
    "MultiMarginLoss", "TripletMarginLoss", "TripletMarginWithDistanceLoss", "CTCLoss",
]
_PRIVATE = {"_Loss": "glassnet.nn.loss", "_WeightedLoss": "glassnet.nn.loss"}

__getattr__, __dir__ = alias_module(__name__, _NAMES, _PRIVATE)
