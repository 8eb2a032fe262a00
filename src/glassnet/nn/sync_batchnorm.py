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
    """Batch norm over (N, C, *) inputs (statistics of this process, as PyTorch without torch.distributed)."""

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
