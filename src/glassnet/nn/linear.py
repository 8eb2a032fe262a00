"""Fully connected layers: Linear (y = x W^T + b, one fused op) and Bilinear."""

from __future__ import annotations

import math
from typing import Any

from .. import creation
from ..ops.matmul import Linear as _LinearOp
from ..tensor import Tensor
from . import init
from .module import Module
from .parameter import Parameter


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:  # noqa: A002
    """Applies a linear transformation to the incoming data: ``y = x A^T + b``.

    Computed as one fused operation.

    Args:
        input (Tensor): the input, of shape ``(*, in_features)``.
        weight (Tensor): the weight ``A``, of shape ``(out_features, in_features)`` or ``(in_features,)``.
        bias (Tensor, optional): the bias, of shape ``(out_features,)`` or ``()``. Default: ``None``.

    Shape:
        - Input: ``(*, in_features)`` where ``*`` means any number of additional dimensions.
        - Weight: ``(out_features, in_features)``
        - Bias: ``(out_features)``
        - Output: ``(*, out_features)``

    Example:
        >>> x = glassnet.tensor([[1.0, 2.0]])
        >>> F.linear(x, glassnet.tensor([[1.0, 0.0], [1.0, 1.0], [0.0, -1.0]]), glassnet.tensor([0.0, 0.5, 1.0]))
        tensor([[ 1.0000,  3.5000, -1.0000]])
    """
    if input.shape[-1:] != weight.shape[-1:]:
        raise RuntimeError(
            f"linear: input's last dim {tuple(input.shape)} does not match weight {tuple(weight.shape)} "
            f"(expected in_features={weight.shape[-1]})"
        )
    if bias is None:
        return _LinearOp.apply(input, weight)
    return _LinearOp.apply(input, weight, bias)


class Linear(Module):
    """Applies an affine linear transformation to the incoming data: ``y = x A^T + b``.

    Args:
        in_features (int): size of each input sample.
        out_features (int): size of each output sample.
        bias (bool, optional): if set to ``False``, the layer will not learn an additive bias. Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - Input: ``(*, H_in)`` where ``*`` means any number of dimensions including none and
          ``H_in = in_features``.
        - Output: ``(*, H_out)`` where all but the last dimension are the same shape as the input and
          ``H_out = out_features``.

    Attributes:
        weight (Tensor): the learnable weights of the module of shape ``(out_features, in_features)``.
            The values are initialized from ``U(-sqrt(k), sqrt(k))``, where ``k = 1 / in_features``.
        bias (Tensor): the learnable bias of the module of shape ``(out_features)``. If ``bias`` is
            ``True``, the values are initialized from ``U(-sqrt(k), sqrt(k))``, ``k = 1 / in_features``.

    Example:
        >>> m = nn.Linear(20, 30)
        >>> m(glassnet.randn(128, 20)).shape
        glassnet.Size([128, 30])
        >>> m.weight.shape, m.bias.shape
        (glassnet.Size([30, 20]), glassnet.Size([30]))
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        self.weight = Parameter(creation.empty(out_features, in_features, dtype=dtype))
        if bias:
            self.bias = Parameter(creation.empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Kaiming-uniform weight (a=sqrt(5)) and U(-1/sqrt(fan_in), 1/sqrt(fan_in)) bias, as PyTorch."""
        # a=sqrt(5) makes the weight bound exactly 1/sqrt(fan_in), PyTorch's historical default.
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply the affine map to the last dim of the input."""
        shape = input._data.shape
        if not shape or shape[-1] != self.in_features:
            raise RuntimeError(
                f"Linear(in_features={self.in_features}, out_features={self.out_features}): input of shape "
                f"{tuple(input.shape)} has last dim {input.shape[-1] if input.ndim else None}, "
                f"expected {self.in_features}"
            )
        if self.bias is None:
            return _LinearOp.apply(input, self.weight)
        return _LinearOp.apply(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """Applies a bilinear transformation to the incoming data: ``y = x1^T A x2 + b``.

    Args:
        input1 (Tensor): the first input, of shape ``(*, in1_features)``.
        input2 (Tensor): the second input, of shape ``(*, in2_features)`` (same leading dimensions).
        weight (Tensor): the weight ``A``, of shape ``(out_features, in1_features, in2_features)``.
        bias (Tensor, optional): the bias, of shape ``(out_features)``. Default: ``None``.

    Shape:
        - Output: ``(*, out_features)``

    Example:
        >>> x1, x2 = glassnet.tensor([[1.0, 2.0]]), glassnet.tensor([[3.0, 4.0, 5.0]])
        >>> F.bilinear(x1, x2, glassnet.ones(1, 2, 3))
        tensor([[36.]])
    """
    if weight.ndim != 3 or input1.shape[-1] != weight.shape[1] or input2.shape[-1] != weight.shape[2] \
            or tuple(input1.shape[:-1]) != tuple(input2.shape[:-1]):
        raise RuntimeError(f"bilinear: inputs of shapes {tuple(input1.shape)} and {tuple(input2.shape)} do not match "
                           f"weight {tuple(weight.shape)} (out_features, in1_features, in2_features)")
    # (..., 1, 1, in1) @ (out, in1, in2) -> (..., out, 1, in2), then dot with x2.
    t = input1.unsqueeze(-2).unsqueeze(-2) @ weight
    y = (t.squeeze(-2) * input2.unsqueeze(-2)).sum(-1)
    return y if bias is None else y + bias


class Bilinear(Module):
    """Applies a bilinear transformation to the incoming data: ``y = x1^T A x2 + b``.

    Args:
        in1_features (int): size of each first input sample.
        in2_features (int): size of each second input sample.
        out_features (int): size of each output sample.
        bias (bool, optional): if set to ``False``, the layer will not learn an additive bias. Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - Input1: ``(*, H_in1)`` where ``H_in1 = in1_features`` and ``*`` means any number of additional
          dimensions including none. All but the last dimension of the inputs should be the same.
        - Input2: ``(*, H_in2)`` where ``H_in2 = in2_features``.
        - Output: ``(*, H_out)`` where ``H_out = out_features``.

    Attributes:
        weight (Tensor): the learnable weights of the module of shape
            ``(out_features, in1_features, in2_features)``, initialized from ``U(-sqrt(k), sqrt(k))``
            with ``k = 1 / in1_features``.
        bias (Tensor): the learnable bias of the module of shape ``(out_features)``, initialized the
            same way.

    Example:
        >>> m = nn.Bilinear(20, 30, 40)
        >>> m(glassnet.randn(128, 20), glassnet.randn(128, 30)).shape
        glassnet.Size([128, 40])
    """

    def __init__(self, in1_features: int, in2_features: int, out_features: int, bias: bool = True,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self.in1_features, self.in2_features, self.out_features = in1_features, in2_features, out_features
        self.weight = Parameter(creation.empty(out_features, in1_features, in2_features, dtype=dtype))
        if bias:
            self.bias = Parameter(creation.empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """U(-1/sqrt(in1_features), 1/sqrt(in1_features)) for weight and bias, as PyTorch."""
        bound = 1 / math.sqrt(self.weight.shape[1])
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1: Tensor, input2: Tensor) -> Tensor:
        """Bilinear form of the two inputs' last dims."""
        if input1.shape[-1] != self.in1_features or input2.shape[-1] != self.in2_features:
            raise RuntimeError(
                f"Bilinear({self.in1_features}, {self.in2_features}, {self.out_features}): got inputs of "
                f"shapes {tuple(input1.shape)} and {tuple(input2.shape)}"
            )
        return bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")
