"""Normalisation layers: BatchNorm1d/2d/3d (one _BatchNorm base), LayerNorm, GroupNorm."""

from __future__ import annotations

from typing import Any

from .. import creation, dtypes
from ..tensor import Tensor
from . import init, normalization_functional
from .module import Module
from .parameter import Parameter


class _BatchNorm(Module):
    """Shared machinery: affine parameters, running statistics and the momentum rule."""

    _expected_dims: tuple = ()

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, device: Any = None,
                 dtype: Any = None, *, bias: bool = True) -> None:
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        if affine:
            self.weight = Parameter(creation.ones(num_features, dtype=dtype))
            if bias:  # PyTorch 2.13: bias=False keeps the scale only
                self.bias = Parameter(creation.zeros(num_features, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", creation.zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", creation.ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", creation.zeros((), dtype=dtypes.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self) -> None:
        """Zero the running mean and batch count, set the running variance to one."""
        if self.track_running_stats:
            init.zeros_(self.running_mean)
            init.ones_(self.running_var)
            init.zeros_(self.num_batches_tracked)

    def reset_parameters(self) -> None:
        """Reset running statistics and set weight to 1, bias to 0."""
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def _check_input_dim(self, input: Tensor) -> None:  # noqa: A002
        if input.ndim not in self._expected_dims:
            dims = " or ".join(f"{d}D" for d in self._expected_dims)
            raise ValueError(f"{type(self).__name__}: expected {dims} input (got {input.ndim}D input "
                             f"of shape {tuple(input.shape)})")
        if input.shape[1] != self.num_features:
            raise ValueError(f"{type(self).__name__}({self.num_features}): input of shape "
                             f"{tuple(input.shape)} has {input.shape[1]} channels (dim 1)")

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Normalise with batch statistics (training) or running statistics (eval)."""
        self._check_input_dim(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            self.num_batches_tracked._data += 1
            self.num_batches_tracked._version += 1
            # momentum=None: a cumulative moving average (factor 1/number of batches seen)
            factor = 1.0 / float(self.num_batches_tracked.item()) if self.momentum is None else self.momentum
        use_batch_stats = self.training or (self.running_mean is None and self.running_var is None)
        update = not self.training or self.track_running_stats
        rm, rv = (self.running_mean, self.running_var) if update else (None, None)
        return normalization_functional.batch_norm(input, rm, rv, self.weight, self.bias, use_batch_stats, factor,
                                                   self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Applies Batch Normalization over a 2D or 3D input.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta``

    The mean and standard deviation are calculated per channel (dim 1) over the mini-batch (and
    the length dimension). The variance is the biased estimator; the running variance is updated with the unbiased one.
    ``gamma`` and ``beta`` are learnable parameter vectors of size ``C``. In training mode the layer
    uses and updates the batch statistics; in evaluation mode it normalises with ``running_mean``
    and ``running_var``, as in PyTorch.

    Args:
        num_features (int): number of features or channels ``C`` of the input.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.
        momentum (float, optional): the value used for the running_mean and running_var computation
            (``running = (1 - momentum) * running + momentum * batch``). Can be set to ``None`` for a
            cumulative moving average (simple average). Default: 0.1.
        affine (bool, optional): when ``True``, the module has learnable affine parameters. Default: ``True``.
        track_running_stats (bool, optional): when ``True``, the module tracks the running mean and
            variance; when ``False`` it does not, and uses batch statistics in evaluation mode too.
            Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).
        bias (bool, optional): keyword only; when ``False`` (with ``affine=True``) only the scale is
            learned. Default: ``True``.

    Shape:
        - Input: ``(N, C)`` or ``(N, C, L)``
        - Output: same shape as the input.

    Attributes:
        weight (Tensor): ``gamma``, of shape ``(C,)``, initialised to ones (when ``affine``).
        bias (Tensor): ``beta``, of shape ``(C,)``, initialised to zeros (when ``affine``).
        running_mean (Tensor): buffer of shape ``(C,)``, initialised to zeros.
        running_var (Tensor): buffer of shape ``(C,)``, initialised to ones.
        num_batches_tracked (Tensor): buffer, the number of training batches seen (int64).

    Example:
        >>> m = nn.BatchNorm1d(4)
        >>> x = glassnet.randn(20, 4)
        >>> y = m(x)
        >>> y.shape
        glassnet.Size([20, 4])
        >>> y.mean(dim=0).abs().max() < 1e-5
        tensor(True)
        >>> m.running_mean.shape
        glassnet.Size([4])
    """

    _expected_dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Applies Batch Normalization over a 4D input (a mini-batch of 2D inputs with additional channel dimension).

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta``

    The mean and standard deviation are calculated per channel (dim 1) over the mini-batch and
    the spatial dimensions. The variance is the biased estimator; the running variance is updated with the unbiased one.
    ``gamma`` and ``beta`` are learnable parameter vectors of size ``C``. In training mode the layer
    uses and updates the batch statistics; in evaluation mode it normalises with ``running_mean``
    and ``running_var``, as in PyTorch.

    Args:
        num_features (int): number of features or channels ``C`` of the input.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.
        momentum (float, optional): the value used for the running_mean and running_var computation
            (``running = (1 - momentum) * running + momentum * batch``). Can be set to ``None`` for a
            cumulative moving average (simple average). Default: 0.1.
        affine (bool, optional): when ``True``, the module has learnable affine parameters. Default: ``True``.
        track_running_stats (bool, optional): when ``True``, the module tracks the running mean and
            variance; when ``False`` it does not, and uses batch statistics in evaluation mode too.
            Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).
        bias (bool, optional): keyword only; when ``False`` (with ``affine=True``) only the scale is
            learned. Default: ``True``.

    Shape:
        - Input: ``(N, C, H, W)``
        - Output: same shape as the input.

    Attributes:
        weight (Tensor): ``gamma``, of shape ``(C,)``, initialised to ones (when ``affine``).
        bias (Tensor): ``beta``, of shape ``(C,)``, initialised to zeros (when ``affine``).
        running_mean (Tensor): buffer of shape ``(C,)``, initialised to zeros.
        running_var (Tensor): buffer of shape ``(C,)``, initialised to ones.
        num_batches_tracked (Tensor): buffer, the number of training batches seen (int64).

    Example:
        >>> m = nn.BatchNorm2d(4)
        >>> x = glassnet.randn(8, 4, 5, 5)
        >>> y = m(x)
        >>> y.shape
        glassnet.Size([8, 4, 5, 5])
        >>> y.mean(dim=(0, 2, 3)).abs().max() < 1e-5
        tensor(True)
        >>> m.running_mean.shape
        glassnet.Size([4])
    """

    _expected_dims = (4,)


class BatchNorm3d(_BatchNorm):
    """Applies Batch Normalization over a 5D input (a mini-batch of 3D inputs with additional channel dimension).

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta``

    The mean and standard deviation are calculated per channel (dim 1) over the mini-batch and
    the spatial dimensions. The variance is the biased estimator; the running variance is updated with the unbiased one.
    ``gamma`` and ``beta`` are learnable parameter vectors of size ``C``. In training mode the layer
    uses and updates the batch statistics; in evaluation mode it normalises with ``running_mean``
    and ``running_var``, as in PyTorch.

    Args:
        num_features (int): number of features or channels ``C`` of the input.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.
        momentum (float, optional): the value used for the running_mean and running_var computation
            (``running = (1 - momentum) * running + momentum * batch``). Can be set to ``None`` for a
            cumulative moving average (simple average). Default: 0.1.
        affine (bool, optional): when ``True``, the module has learnable affine parameters. Default: ``True``.
        track_running_stats (bool, optional): when ``True``, the module tracks the running mean and
            variance; when ``False`` it does not, and uses batch statistics in evaluation mode too.
            Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).
        bias (bool, optional): keyword only; when ``False`` (with ``affine=True``) only the scale is
            learned. Default: ``True``.

    Shape:
        - Input: ``(N, C, D, H, W)``
        - Output: same shape as the input.

    Attributes:
        weight (Tensor): ``gamma``, of shape ``(C,)``, initialised to ones (when ``affine``).
        bias (Tensor): ``beta``, of shape ``(C,)``, initialised to zeros (when ``affine``).
        running_mean (Tensor): buffer of shape ``(C,)``, initialised to zeros.
        running_var (Tensor): buffer of shape ``(C,)``, initialised to ones.
        num_batches_tracked (Tensor): buffer, the number of training batches seen (int64).

    Example:
        >>> m = nn.BatchNorm3d(4)
        >>> x = glassnet.randn(4, 4, 3, 5, 5)
        >>> y = m(x)
        >>> y.shape
        glassnet.Size([4, 4, 3, 5, 5])
        >>> y.mean(dim=(0, 2, 3, 4)).abs().max() < 1e-5
        tensor(True)
        >>> m.running_mean.shape
        glassnet.Size([4])
    """

    _expected_dims = (5,)


class LayerNorm(Module):
    """Applies Layer Normalization over a mini-batch of inputs.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta``

    The mean and (biased) variance are calculated over the last ``D`` dimensions, where ``D`` is the
    dimension of ``normalized_shape``. ``gamma`` and ``beta`` are learnable affine parameters of shape
    ``normalized_shape``. Unlike batch normalization, the same statistics are used in training and
    evaluation mode.

    Args:
        normalized_shape (int or list or Size): input shape from an expected input of size
            ``[* x normalized_shape[0] x normalized_shape[1] x ... x normalized_shape[-1]]``. An int
            normalizes over the last dimension, which must have that size.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.
        elementwise_affine (bool, optional): when ``True``, the module has learnable per-element affine
            parameters initialized to ones (weight) and zeros (bias). Default: ``True``.
        bias (bool, optional): if set to ``False``, the layer will not learn an additive bias (only
            relevant if ``elementwise_affine`` is ``True``). Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - Input: ``(N, *)``
        - Output: ``(N, *)`` (same shape as input)

    Attributes:
        weight (Tensor): the learnable weights of shape ``normalized_shape``, initialised to ones.
        bias (Tensor): the learnable bias of shape ``normalized_shape``, initialised to zeros.

    Example:
        >>> batch, sentence_length, embedding_dim = 20, 5, 10
        >>> embedding = glassnet.randn(batch, sentence_length, embedding_dim)
        >>> layer_norm = nn.LayerNorm(embedding_dim)
        >>> layer_norm(embedding).shape
        glassnet.Size([20, 5, 10])
        >>> nn.LayerNorm(3)(glassnet.tensor([[1.0, 2.0, 3.0]]))
        tensor([[-1.2247,  0.0000,  1.2247]], grad_fn=<NativeLayerNormBackward0>)
    """

    def __init__(self, normalized_shape: Any, eps: float = 1e-5, elementwise_affine: bool = True,
                 bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.normalized_shape, self.eps, self.elementwise_affine = shape, eps, elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(creation.ones(shape, dtype=dtype))
            if bias:
                self.bias = Parameter(creation.zeros(shape, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def reset_parameters(self) -> None:
        """Weight to 1, bias to 0."""
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply layer normalisation."""
        return normalization_functional.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class GroupNorm(Module):
    """Applies Group Normalization over a mini-batch of inputs.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta``

    The input channels are separated into ``num_groups`` groups, each containing
    ``num_channels / num_groups`` channels; the mean and (biased) variance are calculated separately
    over each group of each sample. ``gamma`` and ``beta`` are learnable per-channel affine parameters.
    The same statistics are used in training and evaluation mode.

    Args:
        num_groups (int): number of groups to separate the channels into.
        num_channels (int): number of channels expected in the input; divisible by ``num_groups``.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.
        affine (bool, optional): when ``True``, the module has learnable per-channel affine parameters
            initialized to ones (weights) and zeros (biases). Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).
        bias (bool, optional): keyword only; when ``False`` only the scale is learned. Default: ``True``.

    Shape:
        - Input: ``(N, C, *)`` where ``C = num_channels``.
        - Output: ``(N, C, *)`` (same shape as input).

    Attributes:
        weight (Tensor): of shape ``(num_channels,)``, initialised to ones.
        bias (Tensor): of shape ``(num_channels,)``, initialised to zeros.

    Example:
        >>> input = glassnet.randn(20, 6, 10, 10)
        >>> m = nn.GroupNorm(3, 6)  # separate 6 channels into 3 groups
        >>> m(input).shape
        glassnet.Size([20, 6, 10, 10])
        >>> m = nn.GroupNorm(1, 6)  # put all 6 channels into a single group (equivalent to LayerNorm)
        >>> m(input).shape
        glassnet.Size([20, 6, 10, 10])
    """

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
                 device: Any = None, dtype: Any = None, *, bias: bool = True) -> None:
        super().__init__()
        if num_channels % num_groups:
            raise ValueError(f"GroupNorm: num_channels ({num_channels}) must be divisible by num_groups "
                             f"({num_groups})")
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        if affine:
            self.weight = Parameter(creation.ones(num_channels, dtype=dtype))
            if bias:
                self.bias = Parameter(creation.zeros(num_channels, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def reset_parameters(self) -> None:
        """Weight to 1, bias to 0."""
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply group normalisation."""
        if input.ndim < 2 or input.shape[1] != self.num_channels:
            raise ValueError(f"GroupNorm({self.num_groups}, {self.num_channels}): input of shape "
                             f"{tuple(input.shape)} does not have {self.num_channels} channels in dim 1")
        return normalization_functional.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")
