"""PyTorch's torch.nn.modules.transformer path: Transformer and its encoder/decoder parts."""

from ._alias import alias_module

_NAMES = [
    "Transformer", "TransformerEncoder", "TransformerDecoder", "TransformerEncoderLayer",
    "TransformerDecoderLayer",
]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
