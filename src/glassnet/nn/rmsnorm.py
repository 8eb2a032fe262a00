"""Root-mean-square normalisation: F.rms_norm and nn.RMSNorm (no centring, only a learned scale)."""

from __future__ import annotations

from typing import Any

from .. import creation
from ..tensor import Tensor
from . import init
from .module import Module
from .parameter import Parameter


def rms_norm(input: Tensor, normalized_shape: Any, weight: Tensor | None = None,  # noqa: A002
             eps: float | None = None) -> Tensor:
    """Apply Root Mean Square Layer Normalization.

    ``y = x / sqrt(mean(x^2) + eps) * weight``, the mean over the last ``len(normalized_shape)``
    dimensions.

    Args:
        input (Tensor): the input tensor.
        normalized_shape (int or tuple): the trailing shape to normalise over.
        weight (Tensor, optional): the elementwise scale, of shape ``normalized_shape``. Default: ``None``.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``None``
            (``glassnet.finfo(input.dtype).eps``).

    Example:
        >>> F.rms_norm(glassnet.tensor([[3.0, 4.0]]), (2,))
        tensor([[0.8485, 1.1314]])
    """
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if len(shape) > input.ndim or tuple(input.shape[input.ndim - len(shape):]) != shape:
        raise RuntimeError(f"rms_norm: input of shape {tuple(input.shape)} does not end with normalized_shape "
                           f"{shape}")
    if eps is None:  # PyTorch's default: the machine epsilon of the input's dtype
        eps = float(input.xp.finfo(input._data.dtype).eps)
    dims = tuple(range(input.ndim - len(shape), input.ndim))
    out = input * (input.square().mean(dims, keepdim=True) + eps).rsqrt()
    return out if weight is None else out * weight


class RMSNorm(Module):
    """Applies Root Mean Square Layer Normalization over a mini-batch of inputs.

    ``y = x / sqrt(mean(x^2) + eps) * gamma``, as described in the paper "Root Mean Square Layer
    Normalization". The RMS is taken over the last ``D`` dimensions, where ``D`` is the dimension of
    ``normalized_shape``; ``gamma`` is a learnable scale of shape ``normalized_shape``.

    Args:
        normalized_shape (int or list or Size): input shape from an expected input of size
            ``[* x normalized_shape[0] x ... x normalized_shape[-1]]``; an int normalizes over the last dimension.
        eps (float, optional): a value added to the denominator for numerical stability. Default:
            ``None`` (``glassnet.finfo(x.dtype).eps``).
        elementwise_affine (bool, optional): when ``True``, this module has a learnable per-element scale,
            initialized to ones. Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - Input: ``(N, *)``
        - Output: ``(N, *)`` (same shape as input)

    Attributes:
        weight (Tensor): the learnable scale of shape ``normalized_shape``, initialised to ones.

    Example:
        >>> rms_norm = nn.RMSNorm([2, 3])
        >>> rms_norm(glassnet.randn(2, 2, 3)).shape
        glassnet.Size([2, 2, 3])
        >>> nn.RMSNorm(2)(glassnet.tensor([[3.0, 4.0]]))
        tensor([[0.8485, 1.1314]], grad_fn=<MulBackward0>)
    """

    def __init__(self, normalized_shape: Any, eps: float | None = None, elementwise_affine: bool = True,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.normalized_shape, self.eps, self.elementwise_affine = shape, eps, elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(creation.ones(shape, dtype=dtype))
        else:
            self.register_parameter("weight", None)

    def reset_parameters(self) -> None:
        """Set the scale to ones."""
        if self.weight is not None:
            init.ones_(self.weight)

    def forward(self, x: Tensor) -> Tensor:
        """Normalise x."""
        return rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
