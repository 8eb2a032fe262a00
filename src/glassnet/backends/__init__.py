"""``glassnet.backends``: PyTorch's backend switches, as plain settings (glassnet computes with NumPy)."""

from . import cuda, cudnn, mps

__all__ = ["cuda", "cudnn", "mps"]
