"""PyTorch's torch.nn.modules.sparse path: Embedding, EmbeddingBag."""

from ._alias import alias_module

_NAMES = ["Embedding", "EmbeddingBag"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
