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
    """y = input @ weight.T + bias, as one op (weight is (out_features, in_features))."""
    if input.shape[-1:] != weight.shape[-1:]:
        raise RuntimeError(
            f"linear: input's last dim {tuple(input.shape)} does not match weight {tuple(weight.shape)} "
            f"(expected in_features={weight.shape[-1]})"
        )
    if bias is None:
        return _LinearOp.apply(input, weight)
    return _LinearOp.apply(input, weight, bias)


class Linear(Module):
    """y = x W^T + b with W of shape (out_features, in_features), initialised like PyTorch."""

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
    """y_k = x1^T A_k x2 + b_k over the inputs' last dims, weight A (out, in1, in2), as torch's F.bilinear."""
    if weight.ndim != 3 or input1.shape[-1] != weight.shape[1] or input2.shape[-1] != weight.shape[2] \
            or tuple(input1.shape[:-1]) != tuple(input2.shape[:-1]):
        raise RuntimeError(f"bilinear: inputs of shapes {tuple(input1.shape)} and {tuple(input2.shape)} do not match "
                           f"weight {tuple(weight.shape)} (out_features, in1_features, in2_features)")
    # (..., 1, 1, in1) @ (out, in1, in2) -> (..., out, 1, in2), then dot with x2.
    t = input1.unsqueeze(-2).unsqueeze(-2) @ weight
    y = (t.squeeze(-2) * input2.unsqueeze(-2)).sum(-1)
    return y if bias is None else y + bias


class Bilinear(Module):
    """y = x1^T A x2 + b with A of shape (out_features, in1_features, in2_features)."""

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
