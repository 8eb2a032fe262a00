"""PyTorch's in-place functional activations (``F.relu_`` ...): compute, then write into the input.

The write goes through ``Tensor._inplace``, so these follow glassnet's in-place rules (version counter,
the check on tensors that require grad) exactly as ``Tensor.add_`` does.
"""

from __future__ import annotations

from ..ops import activation as A
from ..tensor import Tensor


def relu_(input: Tensor) -> Tensor:  # noqa: A002
    """In-place relu."""
    return input._inplace("relu_", A.relu(input)._data)


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:  # noqa: A002
    """In-place elu."""
    return input._inplace("elu_", A.elu(input, alpha)._data)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:  # noqa: A002
    """In-place celu."""
    return input._inplace("celu_", A.celu(input, alpha)._data)


def selu_(input: Tensor) -> Tensor:  # noqa: A002
    """In-place selu."""
    return input._inplace("selu_", A.selu(input)._data)


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:  # noqa: A002
    """In-place leaky_relu."""
    return input._inplace("leaky_relu_", A.leaky_relu(input, negative_slope)._data)


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:  # noqa: A002
    """In-place hardtanh."""
    return input._inplace("hardtanh_", A.hardtanh(input, min_val, max_val)._data)
