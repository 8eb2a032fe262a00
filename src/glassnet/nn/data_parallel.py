"""DataParallel on a CPU-only framework: PyTorch's wrapper runs the module as it is when there is no GPU.

The wrapper keeps PyTorch's structure (the wrapped layer is ``.module``, so state_dict keys start
with ``module.``), which lets scripts and checkpoints that use it run unchanged.
"""

from __future__ import annotations

from typing import Any

from .module import Module


class DataParallel(Module):
    """Wraps ``module``; with no accelerator (always, in glassnet) forward calls it directly, as PyTorch does."""

    def __init__(self, module: Module, device_ids: Any = None, output_device: Any = None, dim: int = 0) -> None:
        super().__init__()
        self.module, self.dim = module, dim
        self.device_ids: list = []
        self.output_device = None
        self.src_device_obj = "cpu"

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        """Run the wrapped module on the inputs."""
        return self.module(*inputs, **kwargs)
