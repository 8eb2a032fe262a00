"""Batch, layer and group normalisation as functions (``F.batch_norm``, ``F.layer_norm``, ``F.group_norm``).

Each checks shapes the way PyTorch does and applies one op of ``glassnet/ops/norm.py``, where the
forward and the shared hand-written backward are.
"""

from __future__ import annotations

from typing import Any

from ..ops.norm import BatchNorm, GroupNorm, LayerNorm


def _arr(x: Any) -> Any:
    return getattr(x, "_data", x)


def batch_norm(input: Any, running_mean: Any, running_var: Any, weight: Any = None,  # noqa: A002
               bias: Any = None, training: bool = False, momentum: float = 0.1, eps: float = 1e-5) -> Any:
    """Applies batch normalization to each channel (dim 1) over the batch and spatial dimensions.

    ``y = (x - mean) / sqrt(var + eps) * weight + bias``. When ``training``, the batch statistics
    are used and ``running_mean`` / ``running_var`` are updated in place
    (``running = (1 - momentum) * running + momentum * batch``, with the unbiased variance);
    otherwise the running statistics are used.

    Args:
        input (Tensor): the input, ``(N, C, *)``.
        running_mean (Tensor or None): the running mean, ``(C)``; may be ``None`` when training.
        running_var (Tensor or None): the running variance, ``(C)``; may be ``None`` when training.
        weight (Tensor, optional): the scale ``(C)``. Default: ``None`` (no scale).
        bias (Tensor, optional): the shift ``(C)``. Default: ``None`` (no shift).
        training (bool, optional): use (and update) batch statistics. Default: ``False``.
        momentum (float, optional): the weight of the new batch in the running statistics. Default: ``0.1``.
        eps (float, optional): added to the variance for stability. Default: ``1e-5``.

    Shape:
        - Input: ``(N, C)`` or ``(N, C, *)``.
        - Output: the shape of the input.

    Example:
        >>> x = glassnet.tensor([[1.0, 10.0], [3.0, 30.0]])
        >>> mean, var = glassnet.zeros(2), glassnet.ones(2)
        >>> F.batch_norm(x, mean, var, training=True)
        tensor([[-1.0000, -1.0000],
                [ 1.0000,  1.0000]])
        >>> mean
        tensor([0.2000, 2.0000])
    """
    if input.ndim < 2:
        raise ValueError(
            f"batch_norm: expected an input with a channel dim (N, C, ...), got {tuple(input.shape)}")
    c = input.shape[1]
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        if t is not None and tuple(t.shape) != (c,):
            raise ValueError(f"batch_norm: {name} has shape {tuple(t.shape)}, expected ({c},) for input "
                             f"of shape {tuple(input.shape)}")
    if training and input.numel() // c <= 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size "
                         f"{tuple(input.shape)}")
    if not training and (running_mean is None or running_var is None):
        raise ValueError("batch_norm: running_mean and running_var are required when training=False")
    return BatchNorm.apply(input, weight, bias, _arr(running_mean), _arr(running_var), training,
                           momentum, eps)


def layer_norm(input: Any, normalized_shape: Any, weight: Any = None, bias: Any = None,  # noqa: A002
               eps: float = 1e-5) -> Any:
    """Applies layer normalization over the trailing ``normalized_shape`` dimensions of each sample.

    ``y = (x - mean) / sqrt(var + eps) * weight + bias``, with the (biased) mean and variance taken
    over the last ``len(normalized_shape)`` dimensions.

    Args:
        input (Tensor): the input, ``(*, *normalized_shape)``.
        normalized_shape (int or tuple of int): the trailing shape to normalize over.
        weight (Tensor, optional): the scale, of shape ``normalized_shape``. Default: ``None``.
        bias (Tensor, optional): the shift, of shape ``normalized_shape``. Default: ``None``.
        eps (float, optional): added to the variance for stability. Default: ``1e-5``.

    Shape:
        - Input: ``(*, *normalized_shape)``.
        - Output: the shape of the input.

    Example:
        >>> F.layer_norm(glassnet.tensor([[1.0, 2.0, 3.0], [2.0, 2.0, 5.0]]), (3,))
        tensor([[-1.2247,  0.0000,  1.2247],
                [-0.7071, -0.7071,  1.4142]])
    """
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(input.shape[input.ndim - len(shape):]) != shape or len(shape) > input.ndim:
        raise RuntimeError(f"layer_norm: input of shape {tuple(input.shape)} does not end with "
                           f"normalized_shape {shape}")
    return LayerNorm.apply(input, weight, bias, len(shape), eps)


def group_norm(input: Any, num_groups: int, weight: Any = None, bias: Any = None,  # noqa: A002
               eps: float = 1e-5) -> Any:
    """Applies group normalization: channels are split into ``num_groups`` groups, each normalized per sample.

    The mean and variance of each (sample, group) are taken over the group's channels and all
    spatial positions; ``weight`` and ``bias`` are per channel.

    Args:
        input (Tensor): the input, ``(N, C, *)`` with ``C`` divisible by ``num_groups``.
        num_groups (int): the number of groups.
        weight (Tensor, optional): the scale ``(C)``. Default: ``None``.
        bias (Tensor, optional): the shift ``(C)``. Default: ``None``.
        eps (float, optional): added to the variance for stability. Default: ``1e-5``.

    Shape:
        - Input: ``(N, C, *)``.
        - Output: the shape of the input.

    Example:
        >>> x = glassnet.tensor([[[1.0], [3.0], [10.0], [30.0]]])
        >>> F.group_norm(x, 2).flatten()
        tensor([-1.0000,  1.0000, -1.0000,  1.0000])
    """
    if input.ndim < 2 or input.shape[1] % num_groups:
        raise RuntimeError(f"group_norm: expected input (N, C, ...) with C divisible by "
                           f"num_groups={num_groups}, got shape {tuple(input.shape)}")
    return GroupNorm.apply(input, weight, bias, num_groups, eps)
