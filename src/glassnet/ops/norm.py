"""Normalisation ops: batch, layer and group norm, each one op with a hand-written backward.

All three compute xhat = (x - mean) / sqrt(var + eps) over some axes and return xhat * w + b. They
share one backward: with dxhat = g * w (means over the same axes)::

    dx = invstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))

Under create_graph the statistics are recomputed with differentiable ops so double backward is exact.
"""

from __future__ import annotations

from typing import Any

from ..autograd.function import Function
from ..backend import array_module


def _norm_backward(ns: Any, dxhat: Any, xhat: Any, invstd: Any, axes: tuple) -> Any:
    return (dxhat - ns.mean(dxhat, axes) - xhat * ns.mean(dxhat * xhat, axes)) * invstd


def _graph_stats(ns: Any, x: Any, axes: tuple, eps: float) -> tuple:
    """(xhat, invstd) recomputed from x with recorded ops (create_graph only)."""
    d = x - ns.mean(x, axes)
    invstd = (ns.mean(d * d, axes) + eps) ** -0.5
    return d * invstd, invstd


def _stats(x: Any, axes: tuple, eps: float) -> tuple:
    """(xhat, invstd, mean, biased var) over axes, with kept dims."""
    xp = array_module(x)
    mean = x.mean(axis=axes, keepdims=True)
    d = x - mean
    var = (d * d).mean(axis=axes, keepdims=True)
    invstd = 1.0 / xp.sqrt(var + eps)
    return d * invstd, invstd, mean, var


def _affine(xhat: Any, w: Any, b: Any, shape: Any) -> Any:
    out = xhat if w is None else xhat * w.reshape(shape)
    return out if b is None else out + b.reshape(shape)


class BatchNorm(Function):
    """Normalise each channel (axis 1) over the batch and spatial axes.

    In training the batch statistics are used and the running ones updated in place (unbiased var,
    as PyTorch); in eval the running statistics are used, which makes the op an affine map.
    """

    @staticmethod
    def forward(ctx, x, weight, bias, running_mean, running_var, training, momentum, eps):
        axes = (0,) + tuple(range(2, x.ndim))
        shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        if training:
            xhat, invstd, mean, var = _stats(x, axes, eps)
            if running_mean is not None:
                n = x.size // x.shape[1]
                running_mean *= 1 - momentum
                running_mean += momentum * mean.reshape(-1)
                running_var *= 1 - momentum
                running_var += momentum * var.reshape(-1) * (n / max(n - 1, 1))
        else:
            xp = array_module(x)
            invstd = (1.0 / xp.sqrt(running_var + eps)).reshape(shape).astype(x.dtype)
            xhat = (x - running_mean.reshape(shape)) * invstd
        ctx.xhat, ctx.invstd, ctx.axes, ctx.shape = xhat, invstd, axes, shape
        ctx.training, ctx.eps = training, eps
        ctx.running_mean = None if training else running_mean.reshape(shape)
        ctx.save_for_backward(*((x,) if weight is None else (x, weight)))
        return _affine(xhat, weight, bias, shape).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        saved = ctx.saved_tensors
        x, w = saved[0], (saved[1] if len(saved) > 1 else None)
        xhat, invstd = ctx.xhat, ctx.invstd
        if ns.GRAPH:
            if ctx.training:
                xhat, invstd = _graph_stats(ns, x, ctx.axes, ctx.eps)
            else:
                xhat = (x - ctx.running_mean) * invstd
        if ctx.training and not ns.GRAPH:
            return _batch_norm_train_backward(g, xhat, invstd, w, ctx.axes, ctx.shape, ctx.needs_input_grad)
        gx = gw = gb = None
        if ctx.needs_input_grad[0]:
            dxhat = g if w is None else g * ns.reshape(w, ctx.shape)
            gx = _norm_backward(ns, dxhat, xhat, invstd, ctx.axes) if ctx.training else dxhat * invstd
        if ctx.needs_input_grad[1]:
            gw = ns.sum(g * xhat, ctx.axes, False)
        if ctx.needs_input_grad[2]:
            gb = ns.sum(g, ctx.axes, False)
        return gx, gw, gb, None, None


def _batch_norm_train_backward(g: Any, xhat: Any, invstd: Any, w: Any, axes: tuple, shape: tuple,
                               need: tuple) -> tuple:
    """BatchNorm's backward in training, from two per-channel sums of g (NumPy/CuPy arrays, no graph).

    With ``dxhat = g * w``, ``mean(dxhat) = w * sum(g) / n`` and ``mean(dxhat * xhat) = w * sum(g * xhat) / n``,
    and those two sums are also the bias and weight gradients. So
    ``dx = k * g - (xhat * (k * sum(g * xhat) / n) + k * sum(g) / n)`` with ``k = w * invstd`` per channel:
    seven passes over the activations instead of the eleven of ``_norm_backward`` plus the separate
    weight and bias sums (2-3x faster on a DCGAN's BatchNorm2d layers).
    """
    n = g.size // g.shape[1]
    gb = g.sum(axis=axes)
    gw = (xhat * g).sum(axis=axes)
    gx = None
    if need[0]:
        k = invstd.reshape(-1) if w is None else invstd.reshape(-1) * w
        tmp = xhat * (k * gw / n).reshape(shape).astype(g.dtype, copy=False)
        tmp += (k * gb / n).reshape(shape).astype(g.dtype, copy=False)
        gx = g * k.reshape(shape).astype(g.dtype, copy=False)
        gx -= tmp
    return gx, (gw if need[1] else None), (gb if len(need) > 2 and need[2] else None), None, None


class LayerNorm(Function):
    """Normalise over the last ``ndim`` axes; weight and bias have those axes' shape."""

    @staticmethod
    def forward(ctx, x, weight, bias, ndim, eps):
        axes = tuple(range(x.ndim - ndim, x.ndim))
        xhat, invstd, _, _ = _stats(x, axes, eps)
        ctx.xhat, ctx.invstd, ctx.axes, ctx.eps = xhat, invstd, axes, eps
        ctx.save_for_backward(*((x,) if weight is None else (x, weight)))
        return _affine(xhat, weight, bias, x.shape[x.ndim - ndim:]).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        saved = ctx.saved_tensors
        x, w = saved[0], (saved[1] if len(saved) > 1 else None)
        xhat, invstd = _graph_stats(ns, x, ctx.axes, ctx.eps) if ns.GRAPH else (ctx.xhat, ctx.invstd)
        gx = gw = gb = None
        if ctx.needs_input_grad[0]:
            gx = _norm_backward(ns, g if w is None else g * w, xhat, invstd, ctx.axes)
        if ctx.needs_input_grad[1]:
            gw = g * xhat  # the engine sums over the leading (batch) axes
        if ctx.needs_input_grad[2]:
            gb = g
        return gx, gw, gb


class GroupNorm(Function):
    """Split channels into G groups; normalise each (sample, group) over its channels and positions."""

    @staticmethod
    def forward(ctx, x, weight, bias, num_groups, eps):
        n, c = x.shape[0], x.shape[1]
        shape = (1, c) + (1,) * (x.ndim - 2)
        xhat, invstd, _, _ = _stats(x.reshape(n, num_groups, -1), (2,), eps)
        ctx.xhat, ctx.invstd, ctx.eps = xhat, invstd, eps
        ctx.shape, ctx.group_shape, ctx.in_shape = shape, (n, num_groups, -1), x.shape
        ctx.axes = (0,) + tuple(range(2, x.ndim))
        ctx.save_for_backward(*((x,) if weight is None else (x, weight)))
        return _affine(xhat.reshape(x.shape), weight, bias, shape).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        saved = ctx.saved_tensors
        x, w = saved[0], (saved[1] if len(saved) > 1 else None)
        if ns.GRAPH:
            xhat, invstd = _graph_stats(ns, ns.reshape(x, ctx.group_shape), (2,), ctx.eps)
        else:
            xhat, invstd = ctx.xhat, ctx.invstd
        gx = gw = gb = None
        if ctx.needs_input_grad[0]:
            dxhat = ns.reshape(g if w is None else g * ns.reshape(w, ctx.shape), ctx.group_shape)
            gx = ns.reshape(_norm_backward(ns, dxhat, xhat, invstd, (2,)), ctx.in_shape)
        if ctx.needs_input_grad[1]:
            gw = ns.sum(g * ns.reshape(xhat, ctx.in_shape), ctx.axes, False)
        if ctx.needs_input_grad[2]:
            gb = ns.sum(g, ctx.axes, False)
        return gx, gw, gb


# ---- functional forms (``glassnet.nn.functional``) ---------------------------------------------
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
