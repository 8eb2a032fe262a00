"""SyncBatchNorm: batch norm whose statistics span all processes of a distributed job.

In training, when glassnet.distributed is initialised with more than one rank, each rank sums its
per-channel sum, sum of squares and count, and one differentiable Allreduce makes them the whole
global batch's (its backward sums the gradients across ranks the same way). Otherwise (one process, or
eval mode), exactly like PyTorch when ``torch.distributed`` is not initialised, the statistics are this
process's batch: SyncBatchNorm is BatchNorm for any (N, C, *) input. ``convert_sync_batchnorm`` swaps
every BatchNorm*d in a model for one, keeping the weights.
"""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from .module import Module
from .normalization import _BatchNorm


class SyncBatchNorm(_BatchNorm):
    """Applies Batch Normalization over a N-Dimensional input, synchronised across processes in PyTorch.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta``, the statistics per channel over the batch
    and spatial dimensions, as :class:`BatchNorm1d`/``2d``/``3d``. In training, with
    :mod:`glassnet.distributed` initialised on more than one rank (``mpiexec``), the statistics are
    reduced over all ranks, so N ranks with batch B normalise as one process with batch N * B; otherwise,
    as PyTorch does without a process group, they are this process's.

    Args:
        num_features (int): ``C`` from an expected input of size ``(N, C, +)``.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.
        momentum (float, optional): the value used for the running_mean and running_var computation;
            ``None`` for a cumulative moving average. Default: 0.1.
        affine (bool, optional): when ``True``, the module has learnable affine parameters. Default: ``True``.
        track_running_stats (bool, optional): when ``True``, the module tracks the running mean and variance.
            Default: ``True``.
        process_group (optional): accepted for PyTorch compatibility; the default group is used. Default: ``None``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters and buffers. Default: ``None`` (float32).
        bias (bool, optional): keyword only; when ``False`` only the scale is learned. Default: ``True``.

    Shape:
        - Input: ``(N, C, +)``
        - Output: ``(N, C, +)`` (same shape as input)

    Example:
        >>> m = nn.SyncBatchNorm(10)
        >>> m(glassnet.randn(4, 10, 5, 5)).shape
        glassnet.Size([4, 10, 5, 5])
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, process_group: Any = None, device: Any = None,
                 dtype: Any = None, *, bias: bool = True) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)
        self.process_group = process_group

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Normalise with the statistics of the global batch (training, several ranks), else as BatchNorm."""
        from .. import distributed as dist

        if not (self.training and dist.is_initialized() and dist.get_world_size() > 1):
            return super().forward(input)
        return self._synced_forward(input)

    def _synced_forward(self, input: Tensor) -> Tensor:  # noqa: A002
        from .. import cat, no_grad
        from ..distributed.functional import all_reduce

        self._check_input_dim(input)
        dims = (0, *range(2, input.ndim))
        local_n = input.numel() // self.num_features
        c = self.num_features
        ones = input.new_full((1,), float(local_n))
        totals = all_reduce(cat([input.sum(dims), (input * input).sum(dims), ones]))
        n = float(totals[2 * c].item())
        mean = totals[:c] / n
        var = totals[c:2 * c] / n - mean * mean  # biased, as batch norm normalises with
        shape = (1, c) + (1,) * (input.ndim - 2)
        y = (input - mean.reshape(shape)) / (var.reshape(shape) + self.eps).sqrt()
        if self.weight is not None:
            y = y * self.weight.reshape(shape)
        if self.bias is not None:
            y = y + self.bias.reshape(shape)
        if self.track_running_stats and self.running_mean is not None:
            with no_grad():
                self.num_batches_tracked._data += 1
                self.num_batches_tracked._version += 1
                f = 1.0 / float(self.num_batches_tracked.item()) if self.momentum is None else self.momentum
                unbiased = var.detach() * (n / max(n - 1, 1))
                self.running_mean.mul_(1 - f).add_(mean.detach().to(self.running_mean.dtype) * f)
                self.running_var.mul_(1 - f).add_(unbiased.to(self.running_var.dtype) * f)
        return y

    def _check_input_dim(self, input: Tensor) -> None:  # noqa: A002
        if input.ndim < 2:
            raise ValueError(f"SyncBatchNorm: expected at least 2D input (got {input.ndim}D input)")
        if input.shape[1] == 0:
            raise ValueError("SyncBatchNorm number of input channels should be non-zero")
        if input.shape[1] != self.num_features:
            raise ValueError(f"SyncBatchNorm({self.num_features}): input of shape {tuple(input.shape)} has "
                             f"{input.shape[1]} channels (dim 1)")

    @classmethod
    def convert_sync_batchnorm(cls, module: Module, process_group: Any = None) -> Module:
        """Return ``module`` with every BatchNorm*d replaced by a SyncBatchNorm holding the same tensors."""
        out = module
        if isinstance(module, _BatchNorm) and not isinstance(module, SyncBatchNorm) \
                and type(module).__name__.startswith("BatchNorm"):
            out = cls(module.num_features, module.eps, module.momentum, module.affine, module.track_running_stats,
                      process_group, bias=module.bias is not None)
            if module.affine:
                out.weight, out.bias = module.weight, module.bias
            out.running_mean, out.running_var = module.running_mean, module.running_var
            out.num_batches_tracked = module.num_batches_tracked
            out.training = module.training
        for name, child in module.named_children():
            out.add_module(name, cls.convert_sync_batchnorm(child, process_group))
        return out
