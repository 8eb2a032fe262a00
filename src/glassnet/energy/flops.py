"""FlopCounterMode: count the FLOPs of glassnet's matrix products and convolutions inside a block."""

from __future__ import annotations

from typing import Any

from ..ops import _flops


class FlopCounterMode:
    """Counts the FLOPs of matmul, linear and convolution ops (forward and backward) run inside ``with``.

    Named after PyTorch's ``torch.utils.flop_counter.FlopCounterMode`` and counting the same way: a
    multiply-add is 2 FLOPs; a Linear layer of ``in`` -> ``out`` features costs ``2 * N * in * out``
    forward and the same again for each of the input and weight gradients; bias additions,
    activations and optimizer updates are not counted. Counters nest; outside one the ops pay nothing.

    Args:
        display (bool, optional): accepted for PyTorch compatibility; nothing is printed. Default: ``False``.

    Example:
        >>> layer = nn.Linear(4, 3)
        >>> x = glassnet.randn(2, 4, requires_grad=True)
        >>> with glassnet.energy.FlopCounterMode() as counter:
        ...     layer(x).sum().backward()
        >>> counter.forward_flops, counter.backward_flops, counter.get_total_flops()
        (48, 96, 144)
    """

    def __init__(self, display: bool = False) -> None:
        self.display = display
        self.forward_flops = 0
        self.backward_flops = 0

    def add(self, phase: str, flops: int) -> None:
        """Add FLOPs under ``phase`` (called by the ops).

        Args:
            phase (str): ``'forward'`` or ``'backward'``.
            flops (int): how many.

        Example:
            >>> c = glassnet.energy.FlopCounterMode()
            >>> c.add('forward', 10); c.get_total_flops()
            10
        """
        if phase == "forward":
            self.forward_flops += flops
        else:
            self.backward_flops += flops

    def get_total_flops(self) -> int:
        """Forward plus backward FLOPs counted so far.

        Example:
            >>> glassnet.energy.FlopCounterMode().get_total_flops()
            0
        """
        return self.forward_flops + self.backward_flops

    def __enter__(self) -> FlopCounterMode:
        _flops.ACTIVE.append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        _flops.ACTIVE.remove(self)
