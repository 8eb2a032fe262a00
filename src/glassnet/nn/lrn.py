"""Local response normalisation across channels: LocalResponseNorm / F.local_response_norm and the
legacy CrossMapLRN2d (PyTorch's names, arguments and values).

Both divide x by (k + alpha * (window sum or mean of x^2 over neighbouring channels))^beta. The window
sum is a product with a 0/1 band matrix over the channel axis, so autograd differentiates it.
"""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from .module import Module


def _channel_window(sq: Tensor, band: Any) -> Tensor:
    """out[:, c] = sum over j of band[c, j] * sq[:, j] (the channel axis is 1)."""
    moved = sq.transpose(1, -1)
    return (moved @ Tensor._wrap(band.T.astype(sq._data.dtype))).transpose(1, -1)


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75,  # noqa: A002
                        k: float = 1.0) -> Tensor:
    """x / (k + alpha * mean of x^2 over `size` neighbouring channels)^beta."""
    if input.ndim < 3:
        raise ValueError(f"local_response_norm: Expected 3D or higher dimensionality input (got {input.ndim} "
                         "dimensions)")
    if input.numel() == 0:
        return input
    xp = input.xp
    c = xp.arange(input.shape[1])
    # PyTorch's window: size // 2 channels before, (size - 1) // 2 after, zero-padded, divided by size
    band = (c[None, :] >= c[:, None] - size // 2) & (c[None, :] <= c[:, None] + (size - 1) // 2)
    div = _channel_window(input * input, band) * (alpha / size) + k
    return input / div ** beta


def _cross_map_band(xp: Any, channels: int, size: int) -> Any:
    # PyTorch's running-sum recurrence: window [c - pre_pad + 1, c + pre_pad - 1], except that channel 0
    # is never subtracted from the running sum, so it stays in every window (kept for value parity)
    pre_pad = int((size - 1) / 2 + 1)
    c, j = xp.arange(channels)[:, None], xp.arange(channels)[None, :]
    return (j <= c + pre_pad - 1) & ~((j >= 1) & (j <= c - pre_pad))


class LocalResponseNorm(Module):
    """Normalise each channel by its neighbours' mean square (AlexNet's LRN)."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0) -> None:
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Normalise input."""
        return local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


class CrossMapLRN2d(Module):
    """Legacy (Lua Torch) cross-channel LRN over 4-D input: x * (k + alpha / size * window sum of x^2)^-beta."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1) -> None:
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Normalise input."""
        if input.ndim != 4:
            raise ValueError(f"CrossMapLRN2d: Expected input to be 4D, got {input.ndim}D instead.")
        band = _cross_map_band(input.xp, input.shape[1], self.size)
        scale = _channel_window(input * input, band) * (self.alpha / self.size) + self.k
        return input * scale ** -self.beta

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"
