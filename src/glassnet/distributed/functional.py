"""Differentiable collectives (``torch.distributed.nn.functional``): gradients flow back across the ranks."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd.function import Function
from ..tensor import Tensor
from . import process_group as pg


def _sum_over_ranks(array: Any) -> Any:
    return pg.allreduce_array(np.asarray(array), pg.ReduceOp.SUM)


class _AllReduceSum(Function):
    # y = sum over ranks of x_r, the same on every rank. Each rank's loss depends on y, so the gradient of
    # the sum of all ranks' losses with respect to x_r is the sum over ranks of their dL/dy: another allreduce.
    @staticmethod
    def forward(ctx: Function, x: Any) -> Any:
        return _sum_over_ranks(x)

    @staticmethod
    def backward(ctx: Function, grad: Any) -> Any:
        if isinstance(grad, Tensor):  # under create_graph: keep recording
            return _AllReduceSum.apply(grad)
        return _sum_over_ranks(grad)


def all_reduce(tensor: Tensor) -> Tensor:
    """Sums ``tensor`` over all ranks into a new tensor, differentiably (the backward sums the gradients too).

    Args:
        tensor (Tensor): this rank's part, of the same shape on every rank.

    Returns:
        Tensor: the sum over ranks (on every rank).

    Example:
        >>> from glassnet.distributed.functional import all_reduce
        >>> x = glassnet.ones(2, requires_grad=True)  # doctest: +SKIP
        >>> all_reduce(x).sum().backward()  # with 2 ranks, x.grad is [2., 2.]  # doctest: +SKIP
    """
    return _AllReduceSum.apply(tensor)
