"""F.linear_cross_entropy and nn.LinearCrossEntropyLoss: cross entropy of a linear projection's logits.

This is PyTorch's reference path: logits = linear(input, weight, bias), then cross_entropy. (PyTorch
can also run a chunked kernel that never holds all logits at once; it computes the same values,
so glassnet accepts ``options`` for compatibility and always takes the reference path.)
"""

from __future__ import annotations

import math
from typing import Any

from ..tensor import Tensor
from .linear import Linear, linear
from .loss import _WeightedLoss
from .loss_functional import cross_entropy


def linear_cross_entropy(input: Tensor, linear_weight: Tensor, target: Tensor, *,  # noqa: A002
                         linear_bias: Tensor | None = None, weight: Tensor | None = None, reduction: str = "mean",
                         ignore_index: int | None = None, label_smoothing: float = 0.0, options: Any = None) -> Tensor:
    """Compute cross entropy loss of a linear projection of the input: ``cross_entropy(linear(input, W, b), target)``.

    PyTorch fuses the two to avoid materialising the logits; glassnet computes the same value
    (``linear`` then :func:`cross_entropy`).

    Args:
        input (Tensor): the input features ``(*, in_features)``.
        linear_weight (Tensor): the projection ``(C, *out_features, in_features)``.
        target (Tensor): class indices (or probabilities) as for :func:`cross_entropy`.
        linear_bias (Tensor, optional): keyword only; the projection bias ``(C, *out_features)``.
            Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        weight (Tensor, optional): a manual rescaling weight given to each class, of shape ``(C,)``.
            Default: ``None``.
        ignore_index (int, optional): a target value that is ignored. Default: ``None`` (none).
        label_smoothing (float, optional): the amount of label smoothing, in ``[0, 1]``. Default: ``0.0``.
        options (optional): PyTorch's chunking options; accepted and ignored (glassnet computes the logits
            in one go). Default: ``None``.

    Example:
        >>> x = glassnet.tensor([[1.0, 2.0]])
        >>> W = glassnet.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
        >>> F.linear_cross_entropy(x, W, glassnet.tensor([2]))
        tensor(0.4076)
        >>> F.cross_entropy(F.linear(x, W), glassnet.tensor([2]))
        tensor(0.4076)
    """
    op = "linear_cross_entropy"
    if input.ndim not in (1, 2):
        raise RuntimeError(f"{op}: expected input with dimensionality 1 or 2, got {input.ndim}")
    if linear_weight.ndim < 2:
        raise RuntimeError(f"{op}: expected linear_weight with dimensionality at least 2, got {linear_weight.ndim}")
    batch, in_features = tuple(input.shape[:-1]), input.shape[-1]
    if in_features != linear_weight.shape[-1]:
        raise RuntimeError(f"{op}: expected equal input and linear_weight last dimensions (in_features), got "
                           f"{in_features} and {linear_weight.shape[-1]}, respectively")
    num_classes, out_features = linear_weight.shape[0], tuple(linear_weight.shape[1:-1])
    if linear_bias is not None and tuple(linear_bias.shape) != (num_classes, *out_features):
        raise RuntimeError(f"{op}: expected linear_bias shape {(num_classes, *out_features)}, got "
                           f"{tuple(linear_bias.shape)}")
    if out_features and not batch:
        raise RuntimeError(f"{op}: K-dimensional loss defined by linear_weight shape {tuple(linear_weight.shape)} "
                           f"requires batched input, (N, {in_features}), got unbatched input with shape "
                           f"{tuple(input.shape)}")
    logits_shape = (*batch, num_classes, *out_features)
    probabilities = tuple(target.shape) == logits_shape
    if probabilities and ignore_index is not None:
        raise RuntimeError(f"{op}: ignore_index cannot be specified when target contains probabilities")
    width = math.prod(out_features, start=num_classes)
    w = linear_weight.reshape(width, in_features)
    b = None if linear_bias is None else linear_bias.reshape(width)
    logits = linear(input, w, b).reshape(*logits_shape)
    return cross_entropy(logits, target, weight=weight, reduction=reduction,
                         ignore_index=-100 if ignore_index is None else ignore_index, label_smoothing=label_smoothing)


class LinearCrossEntropyLoss(_WeightedLoss):
    """A linear layer followed by cross entropy: ``cross_entropy(linear(input), target)``.

    As ``torch.nn.LinearCrossEntropyLoss``.

    The layer projects ``in_features`` to ``num_classes * prod(out_features)`` logits. See
    :func:`~glassnet.nn.functional.linear_cross_entropy`.

    Args:
        in_features (int): size of each input sample.
        num_classes (int): the number of classes ``C``.
        out_features (tuple, optional): keyword only; extra logit dimensions after the class one.
            Default: ``()``.
        bias (bool, optional): keyword only; whether the projection has a bias. Default: ``False``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        weight (Tensor, optional): a manual rescaling weight given to each class, of shape ``(C,)``.
            Default: ``None``.
        ignore_index (int, optional): a target value that is ignored. Default: ``None`` (none).
        label_smoothing (float, optional): the amount of label smoothing, in ``[0, 1]``. Default: ``0.0``.
        options (optional): PyTorch's chunking options; accepted and ignored (glassnet computes the logits
            in one go). Default: ``None``.

    Attributes:
        linear (Linear): the projection, initialised as :class:`Linear`.

    Example:
        >>> loss = nn.LinearCrossEntropyLoss(16, 10)
        >>> loss(glassnet.randn(4, 16), glassnet.tensor([1, 0, 9, 3])).shape
        glassnet.Size([])
    """

    def __init__(self, in_features: int, num_classes: int, *, out_features: tuple = (), bias: bool = False,
                 device: Any = None, dtype: Any = None, reduction: str = "mean", weight: Tensor | None = None,
                 ignore_index: int | None = None, label_smoothing: float = 0.0, options: Any = None) -> None:
        if weight is not None and tuple(weight.shape) != (num_classes,):
            raise RuntimeError(f"LinearCrossEntropyLoss: expected weight shape to be {(num_classes,)}, got "
                               f"{tuple(weight.shape)}")
        if not 0 <= label_smoothing <= 1:
            raise RuntimeError(f"LinearCrossEntropyLoss: expected label_smoothing to be in range [0, 1], got "
                               f"{label_smoothing}")
        super().__init__(weight, None, None, reduction)
        self.num_classes, self.out_features = num_classes, tuple(out_features)
        self.ignore_index, self.label_smoothing, self.options = ignore_index, label_smoothing, options
        self.linear = Linear(in_features, math.prod(self.out_features, start=num_classes), bias=bias, dtype=dtype)

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Loss of the projected logits against target."""
        w = self.linear.weight.reshape(self.num_classes, *self.out_features, self.linear.in_features)
        b = None if self.linear.bias is None else self.linear.bias.reshape(self.num_classes, *self.out_features)
        return linear_cross_entropy(input, w, target, linear_bias=b, weight=self.weight, reduction=self.reduction,
                                    ignore_index=self.ignore_index, label_smoothing=self.label_smoothing,
                                    options=self.options)

    def extra_repr(self) -> str:
        return (f"in_features={self.linear.in_features}, num_classes={self.num_classes}, "
                f"out_features={self.out_features}, bias={self.linear.bias is not None}, reduction={self.reduction}, "
                f"ignore_index={self.ignore_index}, label_smoothing={self.label_smoothing}, options={self.options}")
