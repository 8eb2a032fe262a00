"""Instance normalisation: F.instance_norm and InstanceNorm1d/2d/3d (PyTorch's arguments and buffers).

Instance norm is batch norm in which every (sample, channel) pair is its own "channel". Like
PyTorch we compute it exactly that way: view (N, C, ...) as (1, N*C, ...), run batch_norm with the
affine parameters and running statistics tiled N times, then average the N updated copies of the
running statistics back to C values. The gradients are batch_norm's.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from ..tensor import Tensor
from .normalization import _BatchNorm
from .normalization_functional import batch_norm


def instance_norm(input: Tensor, running_mean: Tensor | None = None,  # noqa: A002
                  running_var: Tensor | None = None, weight: Tensor | None = None, bias: Tensor | None = None,
                  use_input_stats: bool = True, momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Apply Instance Normalization independently for each channel in every data sample within a batch.

    Each ``(sample, channel)`` plane is normalised over its spatial positions:
    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias``. See :class:`~glassnet.nn.InstanceNorm1d`.

    Args:
        input (Tensor): the input of shape ``(N, C, *)`` with at least one spatial dimension.
        running_mean (Tensor, optional): running mean ``(C,)``, updated in place when given and
            ``use_input_stats``. Default: ``None``.
        running_var (Tensor, optional): running variance ``(C,)``, likewise. Default: ``None``.
        weight (Tensor, optional): per-channel scale ``(C,)``. Default: ``None``.
        bias (Tensor, optional): per-channel shift ``(C,)``. Default: ``None``.
        use_input_stats (bool, optional): normalise with the statistics of the input; otherwise with
            ``running_mean`` and ``running_var``. Default: ``True``.
        momentum (float, optional): the factor of the running statistics update. Default: ``0.1``.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.

    Example:
        >>> x = glassnet.tensor([[[1.0, 2.0, 3.0], [0.0, 0.0, 6.0]]])
        >>> F.instance_norm(x)
        tensor([[[-1.2247,  0.0000,  1.2247],
                 [-0.7071, -0.7071,  1.4142]]])
    """
    if input.ndim < 3:
        raise ValueError(f"instance_norm: expected an input (N, C, *spatial) with at least one spatial dim, got "
                         f"shape {tuple(input.shape)}")
    n, c = input.shape[:2]
    if use_input_stats and math.prod(input.shape[2:]) <= 1:
        raise ValueError(f"instance_norm: expected more than 1 spatial element when training, got input size "
                         f"{tuple(input.shape)}")
    if input.numel() == 0:  # nothing to normalise (an empty batch): an empty result, as PyTorch
        return input.clone()
    if not use_input_stats:
        if running_mean is None or running_var is None:
            raise ValueError("instance_norm: running_mean and running_var are required when use_input_stats=False")
        return batch_norm(input, running_mean, running_var, weight, bias, False, momentum, eps)
    xp = input.xp
    rm = None if running_mean is None else Tensor(xp.tile(running_mean._data, n))
    rv = None if running_var is None else Tensor(xp.tile(running_var._data, n))
    w = None if weight is None else weight.repeat(n)
    b = None if bias is None else bias.repeat(n)
    out = batch_norm(input.reshape(1, n * c, *input.shape[2:]), rm, rv, w, b, True, momentum, eps)
    for stat, tiled in ((running_mean, rm), (running_var, rv)):
        if stat is not None:
            stat._data[...] = tiled._data.reshape(n, c).mean(0)
            stat._version += 1
    return out.reshape(input.shape)


class _InstanceNorm(_BatchNorm):
    """Shared forward: unbatched inputs, the channel check, and input vs running statistics."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = False,
                 track_running_stats: bool = False, device: Any = None, dtype: Any = None, *,
                 bias: bool = True) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)

    def _check_input_dim(self, input: Tensor) -> None:  # noqa: A002
        if input.ndim not in self._expected_dims:
            dims = " or ".join(f"{d}D" for d in self._expected_dims)
            raise ValueError(f"{type(self).__name__}: expected {dims} input (got {input.ndim}D input of shape "
                             f"{tuple(input.shape)})")

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Normalise every (sample, channel) plane (running statistics in eval mode when tracked)."""
        self._check_input_dim(input)
        name = type(self).__name__
        unbatched = input.ndim == self._expected_dims[0]
        channels = input.shape[0 if unbatched else 1]
        if channels != self.num_features:
            if self.affine:
                raise ValueError(f"{name}: expected input's size at dim={0 if unbatched else 1} to match "
                                 f"num_features ({self.num_features}), but got: {channels}.")
            warnings.warn(f"input's size at dim={0 if unbatched else 1} does not match num_features. You can "
                          "silence this warning by not passing in num_features, which is not used because "
                          "affine=False", stacklevel=2)
        x = input.unsqueeze(0) if unbatched else input
        out = instance_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                            self.training or not self.track_running_stats,
                            self.momentum if self.momentum is not None else 0.0, self.eps)
        return out.squeeze(0) if unbatched else out


class InstanceNorm1d(_InstanceNorm):
    """Applies Instance Normalization over a 2D (unbatched) or 3D (batched) input.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta``

    The mean and (biased) standard deviation are calculated per dimension separately for each object
    in a mini-batch, i.e. over the spatial dimensions of each ``(sample, channel)`` plane. ``gamma``
    and ``beta`` are learnable parameter vectors of size ``C`` if ``affine`` is ``True``. By default
    the layer uses instance statistics in both training and evaluation modes; with
    ``track_running_stats=True`` it keeps running estimates and uses them in evaluation mode.

    Args:
        num_features (int): ``C`` from an expected input of size ``(N, C, L)`` or ``(C, L)``.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.
        momentum (float, optional): the value used for the running_mean and running_var computation.
            Default: 0.1.
        affine (bool, optional): when ``True``, the module has learnable affine parameters, initialized the
            same way as done for batch normalization. Default: ``False``.
        track_running_stats (bool, optional): when ``True``, the module tracks the running mean and variance;
            when ``False``, it uses instance statistics in both training and eval modes. Default: ``False``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters and buffers. Default: ``None`` (float32).
        bias (bool, optional): keyword only; when ``False`` (with ``affine``) only the scale is learned.
            Default: ``True``.

    Shape:
        - Input: ``(N, C, L)`` or ``(C, L)``
        - Output: same shape as the input.

    Example:
        >>> m = nn.InstanceNorm1d(3, affine=True)
        >>> y = m(glassnet.randn(2, 3, 10))
        >>> y.shape
        glassnet.Size([2, 3, 10])
        >>> y.mean(dim=2).abs().max() < 1e-5
        tensor(True)
    """

    _expected_dims = (2, 3)


class InstanceNorm2d(_InstanceNorm):
    """Applies Instance Normalization over a 3D (unbatched) or 4D (batched) input.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta``

    The mean and (biased) standard deviation are calculated per dimension separately for each object
    in a mini-batch, i.e. over the spatial dimensions of each ``(sample, channel)`` plane. ``gamma``
    and ``beta`` are learnable parameter vectors of size ``C`` if ``affine`` is ``True``. By default
    the layer uses instance statistics in both training and evaluation modes; with
    ``track_running_stats=True`` it keeps running estimates and uses them in evaluation mode.

    Args:
        num_features (int): ``C`` from an expected input of size ``(N, C, H, W)`` or ``(C, H, W)``.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.
        momentum (float, optional): the value used for the running_mean and running_var computation.
            Default: 0.1.
        affine (bool, optional): when ``True``, the module has learnable affine parameters, initialized the
            same way as done for batch normalization. Default: ``False``.
        track_running_stats (bool, optional): when ``True``, the module tracks the running mean and variance;
            when ``False``, it uses instance statistics in both training and eval modes. Default: ``False``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters and buffers. Default: ``None`` (float32).
        bias (bool, optional): keyword only; when ``False`` (with ``affine``) only the scale is learned.
            Default: ``True``.

    Shape:
        - Input: ``(N, C, H, W)`` or ``(C, H, W)``
        - Output: same shape as the input.

    Example:
        >>> m = nn.InstanceNorm2d(3, affine=True)
        >>> y = m(glassnet.randn(2, 3, 5, 5))
        >>> y.shape
        glassnet.Size([2, 3, 5, 5])
        >>> y.mean(dim=(2, 3)).abs().max() < 1e-5
        tensor(True)
    """

    _expected_dims = (3, 4)


class InstanceNorm3d(_InstanceNorm):
    """Applies Instance Normalization over a 4D (unbatched) or 5D (batched) input.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta``

    The mean and (biased) standard deviation are calculated per dimension separately for each object
    in a mini-batch, i.e. over the spatial dimensions of each ``(sample, channel)`` plane. ``gamma``
    and ``beta`` are learnable parameter vectors of size ``C`` if ``affine`` is ``True``. By default
    the layer uses instance statistics in both training and evaluation modes; with
    ``track_running_stats=True`` it keeps running estimates and uses them in evaluation mode.

    Args:
        num_features (int): ``C`` from an expected input of size ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.
        momentum (float, optional): the value used for the running_mean and running_var computation.
            Default: 0.1.
        affine (bool, optional): when ``True``, the module has learnable affine parameters, initialized the
            same way as done for batch normalization. Default: ``False``.
        track_running_stats (bool, optional): when ``True``, the module tracks the running mean and variance;
            when ``False``, it uses instance statistics in both training and eval modes. Default: ``False``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters and buffers. Default: ``None`` (float32).
        bias (bool, optional): keyword only; when ``False`` (with ``affine``) only the scale is learned.
            Default: ``True``.

    Shape:
        - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``
        - Output: same shape as the input.

    Example:
        >>> m = nn.InstanceNorm3d(3, affine=True)
        >>> y = m(glassnet.randn(2, 3, 4, 4, 4))
        >>> y.shape
        glassnet.Size([2, 3, 4, 4, 4])
        >>> y.mean(dim=(2, 3, 4)).abs().max() < 1e-5
        tensor(True)
    """

    _expected_dims = (4, 5)
