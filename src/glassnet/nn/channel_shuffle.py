"""Channel shuffle (ShuffleNet): interleave the channels of ``groups`` groups, as one reshape and transpose."""

from __future__ import annotations

from ..tensor import Tensor
from .module import Module


def channel_shuffle(input: Tensor, groups: int) -> Tensor:  # noqa: A002
    """(N, g*k, *) -> view as (N, g, k, *), swap g and k, flatten back: channel i*k+j moves to j*g+i."""
    if input.ndim <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with sizes "
                           f"{list(input.shape)}")
    if groups <= 0:
        raise RuntimeError(f"channel_shuffle: number of groups to divide channels in must be positive, got {groups}")
    n, c = input.shape[:2]
    if c % groups:
        raise RuntimeError(f"channel_shuffle: number of channels must be divisible by groups. Got {c} channels and "
                           f"{groups} groups.")
    rest = tuple(input.shape[2:])
    return input.reshape(n, groups, c // groups, *rest).transpose(1, 2).reshape(n, c, *rest)


native_channel_shuffle = channel_shuffle


class ChannelShuffle(Module):
    """Shuffle the channels of (N, C, *) across ``groups`` groups."""

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.groups = groups

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Shuffle the channels."""
        return channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"
