"""SyncBatchNorm: batch norm whose statistics span all processes of a distributed job.

glassnet has no distributed backend, so, exactly like PyTorch when ``torch.distributed`` is not
initialised, the statistics are this process's batch: SyncBatchNorm is BatchNorm for any (N, C, *)
input. ``convert_sync_batchnorm`` swaps every BatchNorm*d in a model for one, keeping the weights.
"""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from .module import Module
from .normalization import _BatchNorm


class SyncBatchNorm(_BatchNorm):
    """Applies Batch Normalization over a N-Dimensional input, synchronised across processes in PyTorch.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta``, the statistics per channel over the batch
    and spatial dimensions, as :class:`BatchNorm1d`/``2d``/``3d``. PyTorch's version reduces the
    statistics over all processes of a ``torch.distributed`` group; glassnet has no process group and,
    as PyTorch does without one, uses the statistics of this process.

    Args:
        num_features (int): ``C`` from an expected input of size ``(N, C, +)``.
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.
        momentum (float, optional): the value used for the running_mean and running_var computation;
            ``None`` for a cumulative moving average. Default: 0.1.
        affine (bool, optional): when ``True``, the module has learnable affine parameters. Default: ``True``.
        track_running_stats (bool, optional): when ``True``, the module tracks the running mean and variance.
            Default: ``True``.
        process_group (optional): accepted for PyTorch compatibility and ignored. Default: ``None``.
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
