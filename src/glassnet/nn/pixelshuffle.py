"""PixelShuffle / PixelUnshuffle: move channels into space and back (a reshape and a permute)."""

from __future__ import annotations

from ..tensor import Tensor
from .module import Module


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:  # noqa: A002
    """Rearranges elements in a tensor of shape ``(*, C * r^2, H, W)`` to a tensor of shape ``(*, C, H * r, W * r)``.

    ``r`` is the ``upscale_factor``. See :class:`~glassnet.nn.PixelShuffle`.

    Args:
        input (Tensor): the input tensor.
        upscale_factor (int): factor to increase spatial resolution by.

    Example:
        >>> F.pixel_shuffle(glassnet.randn(1, 9, 4, 4), 3).shape
        glassnet.Size([1, 1, 12, 12])
        >>> F.pixel_shuffle(glassnet.arange(4.0).reshape(1, 4, 1, 1), 2)
        tensor([[[[0., 1.],
                  [2., 3.]]]])
    """
    r = int(upscale_factor)
    *lead, c, h, w = input.shape
    if c % (r * r):
        raise ValueError(f"pixel_shuffle: channels {c} of input {tuple(input.shape)} are not divisible by "
                         f"upscale_factor**2 = {r * r}")
    n = len(lead)
    x = input.reshape(*lead, c // (r * r), r, r, h, w)
    x = x.permute(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return x.reshape(*lead, c // (r * r), h * r, w * r)


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:  # noqa: A002
    """Reverses the :class:`~glassnet.nn.PixelShuffle` operation.

    Rearranges elements in a tensor of shape ``(*, C, H * r, W * r)`` to a tensor of shape
    ``(*, C * r^2, H, W)``, where ``r`` is the ``downscale_factor``.

    Args:
        input (Tensor): the input tensor.
        downscale_factor (int): factor to decrease spatial resolution by.

    Example:
        >>> F.pixel_unshuffle(glassnet.randn(1, 1, 12, 12), 3).shape
        glassnet.Size([1, 9, 4, 4])
    """
    r = int(downscale_factor)
    *lead, c, h, w = input.shape
    if h % r or w % r:
        raise ValueError(f"pixel_unshuffle: spatial size {(h, w)} of input {tuple(input.shape)} is not "
                         f"divisible by downscale_factor {r}")
    n = len(lead)
    x = input.reshape(*lead, c, h // r, r, w // r, r)
    x = x.permute(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return x.reshape(*lead, c * r * r, h // r, w // r)


class PixelShuffle(Module):
    """Rearrange elements in a tensor according to an upscaling factor.

    Rearranges elements in a tensor of shape ``(*, C * r^2, H, W)`` to a tensor of shape
    ``(*, C, H * r, W * r)``, where ``r`` is the upscale factor. This is useful for implementing
    efficient sub-pixel convolution with a stride of ``1/r`` (Shi et al., 2016).

    Args:
        upscale_factor (int): factor to increase spatial resolution by.

    Shape:
        - Input: ``(*, C_in, H_in, W_in)``, where ``*`` is zero or more batch dimensions.
        - Output: ``(*, C_out, H_out, W_out)``, where ``C_out = C_in / upscale_factor^2``,
          ``H_out = H_in * upscale_factor`` and ``W_out = W_in * upscale_factor``.

    Example:
        >>> pixel_shuffle = nn.PixelShuffle(3)
        >>> pixel_shuffle(glassnet.randn(1, 9, 4, 4)).shape
        glassnet.Size([1, 1, 12, 12])
    """

    def __init__(self, upscale_factor: int) -> None:
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Shuffle channels into space."""
        return pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """Reverse the PixelShuffle operation.

    Rearranges elements in a tensor of shape ``(*, C, H * r, W * r)`` to a tensor of shape
    ``(*, C * r^2, H, W)``, where ``r`` is the downscale factor.

    Args:
        downscale_factor (int): factor to decrease spatial resolution by.

    Shape:
        - Input: ``(*, C_in, H_in, W_in)``, where ``*`` is zero or more batch dimensions.
        - Output: ``(*, C_out, H_out, W_out)``, where ``C_out = C_in * downscale_factor^2``,
          ``H_out = H_in / downscale_factor`` and ``W_out = W_in / downscale_factor``.

    Example:
        >>> pixel_unshuffle = nn.PixelUnshuffle(3)
        >>> pixel_unshuffle(glassnet.randn(1, 1, 12, 12)).shape
        glassnet.Size([1, 9, 4, 4])
    """

    def __init__(self, downscale_factor: int) -> None:
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Shuffle space into channels."""
        return pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"
