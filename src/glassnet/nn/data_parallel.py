"""DataParallel on a CPU-only framework: PyTorch's wrapper runs the module as it is when there is no GPU.

The wrapper keeps PyTorch's structure (the wrapped layer is ``.module``, so state_dict keys start
with ``module.``), which lets scripts and checkpoints that use it run unchanged.
"""

from __future__ import annotations

from typing import Any

from .module import Module


class DataParallel(Module):
    """Implements data parallelism at the module level.

    In PyTorch this splits the input across the given devices, runs a replica of ``module`` on
    each and gathers the outputs. glassnet has no accelerators, so, as PyTorch does when no GPU is
    available, the forward calls the wrapped module directly. The wrapped module is ``self.module``
    (so state-dict keys gain the ``module.`` prefix, as in PyTorch).

    Args:
        module (Module): module to be parallelized.
        device_ids (list, optional): CUDA devices (accepted; glassnet has none). Default: ``None``.
        output_device (int, optional): device location of output (accepted). Default: ``None``.
        dim (int, optional): the dimension the input would be scattered along. Default: 0.

    Example:
        >>> net = nn.DataParallel(nn.Linear(4, 2))
        >>> net(glassnet.randn(3, 4)).shape
        glassnet.Size([3, 2])
        >>> list(net.state_dict())
        ['module.weight', 'module.bias']
    """

    def __init__(self, module: Module, device_ids: Any = None, output_device: Any = None, dim: int = 0) -> None:
        super().__init__()
        self.module, self.dim = module, dim
        self.device_ids: list = []
        self.output_device = None
        self.src_device_obj = "cpu"

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        """Run the wrapped module on the inputs."""
        return self.module(*inputs, **kwargs)
