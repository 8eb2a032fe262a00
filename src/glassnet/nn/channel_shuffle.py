"""Channel shuffle (ShuffleNet): interleave the channels of ``groups`` groups, as one reshape and transpose."""

from __future__ import annotations

from ..tensor import Tensor
from .module import Module


def channel_shuffle(input: Tensor, groups: int) -> Tensor:  # noqa: A002
    """Divide and rearrange the channels in a tensor.

    The ``C`` channels of an ``(N, C, *)`` input are divided into ``groups`` groups of ``C / groups``
    channels and rearranged as ``(N, C / groups, groups, *)`` (ShuffleNet's shuffle), keeping the
    original tensor shape.

    Args:
        input (Tensor): the input tensor ``(N, C, *)``.
        groups (int): number of groups to divide channels in; must divide ``C``.

    Example:
        >>> x = glassnet.arange(6.0).reshape(1, 6, 1, 1)
        >>> F.channel_shuffle(x, 2).flatten()
        tensor([0., 3., 1., 4., 2., 5.])
    """
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
    """Divides and rearranges the channels in a tensor.

    This operation divides the channels in a tensor of shape ``(N, C, *)`` into ``g`` groups as
    ``(N, C / g, g, *)`` and shuffles them, while retaining the original tensor shape in the final
    output. See :func:`~glassnet.nn.functional.channel_shuffle`.

    Args:
        groups (int): number of groups to divide channels in.

    Shape:
        - Input: ``(N, C, *)``
        - Output: ``(N, C, *)`` (same shape as input)

    Example:
        >>> channel_shuffle = nn.ChannelShuffle(2)
        >>> channel_shuffle(glassnet.arange(4.0).reshape(1, 4, 1, 1)).flatten()
        tensor([0., 2., 1., 3.])
    """

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.groups = groups

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Shuffle the channels."""
        return channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"
