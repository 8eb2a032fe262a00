"""PyTorch's torch.nn.modules.upsampling path: Upsample, UpsamplingNearest2d, UpsamplingBilinear2d."""

from ._alias import alias_module

_NAMES = ["Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
