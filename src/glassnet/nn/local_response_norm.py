"""Local response normalisation across channels: F.local_response_norm, LocalResponseNorm, CrossMapLRN2d.

Each value is divided by (k + alpha * mean of x**2 over ``size`` neighbouring channels)**beta. The
channel-window mean is an average pool over the channel axis, written as PyTorch writes it, so
gradients come from the pooling and elementwise ops.
"""

from __future__ import annotations

from ..tensor import Tensor
from .module import Module
from .padding import pad
from .pooling import avg_pool2d
from .pooling_nd import avg_pool3d


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75,  # noqa: A002
                        k: float = 1.0) -> Tensor:
    """Apply local response normalization over an input signal.

    The input is composed of several input planes, where channels occupy the second dimension;
    normalization is applied across channels: ``b_c = a_c * (k + alpha / n * sum_{c'} a_{c'}^2)^(-beta)``
    with the sum over the ``n = size`` channels around ``c``.

    Args:
        input (Tensor): the input, ``(N, C, *)`` with at least one spatial dimension.
        size (int): amount of neighbouring channels used for normalization.
        alpha (float, optional): multiplicative factor. Default: 0.0001.
        beta (float, optional): exponent. Default: 0.75.
        k (float, optional): additive factor. Default: 1.

    Example:
        >>> x = glassnet.ones(1, 4, 1, 1)
        >>> F.local_response_norm(x, size=2, alpha=1.0, beta=1.0, k=1.0).flatten()
        tensor([0.6667, 0.5000, 0.5000, 0.5000])
    """
    if input.ndim < 3:
        raise ValueError(f"local_response_norm: expected 3D or higher dimensionality input (got {input.ndim} "
                         f"dimensions, shape {tuple(input.shape)})")
    if input.numel() == 0:
        return input
    div = input * input
    if input.ndim == 3:
        div = pad(div.unsqueeze(1), (0, 0, size // 2, (size - 1) // 2))
        div = avg_pool2d(div, (size, 1), stride=1).squeeze(1)
    else:
        shape = tuple(input.shape)
        div = div.reshape(shape[0], 1, shape[1], shape[2], -1)
        div = pad(div, (0, 0, 0, 0, size // 2, (size - 1) // 2))
        div = avg_pool3d(div, (size, 1, 1), stride=1).squeeze(1).reshape(shape)
    return input / (div * alpha + k).pow(beta)


class LocalResponseNorm(Module):
    """Applies local response normalization over an input signal.

    The input signal is composed of several input planes, where channels occupy the second
    dimension. Applies normalization across channels (AlexNet's LRN):
    ``b_c = a_c * (k + alpha / n * sum_{c'} a_{c'}^2)^(-beta)``, the sum over ``n = size``
    neighbouring channels.

    Args:
        size (int): amount of neighbouring channels used for normalization.
        alpha (float, optional): multiplicative factor. Default: 0.0001.
        beta (float, optional): exponent. Default: 0.75.
        k (float, optional): additive factor. Default: 1.

    Shape:
        - Input: ``(N, C, *)``
        - Output: ``(N, C, *)`` (same shape as input)

    Example:
        >>> lrn = nn.LocalResponseNorm(2)
        >>> lrn(glassnet.randn(32, 5, 24, 24)).shape
        glassnet.Size([32, 5, 24, 24])
        >>> lrn(glassnet.randn(16, 5, 7, 7, 7)).shape
        glassnet.Size([16, 5, 7, 7, 7])
    """

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0) -> None:
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Normalise the batch."""
        return local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


class CrossMapLRN2d(LocalResponseNorm):
    """Cross-channel local response normalisation over ``(N, C, H, W)`` inputs, as Lua Torch's ``SpatialCrossMapLRN``.

    PyTorch keeps this legacy layer with its window quirks (the window of ``size`` channels is
    placed as Lua Torch placed it), and glassnet reproduces them; prefer
    :class:`LocalResponseNorm` in new code.

    Args:
        size (int): amount of neighbouring channels used for normalization.
        alpha (float, optional): multiplicative factor. Default: 0.0001.
        beta (float, optional): exponent. Default: 0.75.
        k (float, optional): additive factor. Default: 1.

    Shape:
        - Input: ``(N, C, H, W)``
        - Output: ``(N, C, H, W)``

    Example:
        >>> lrn = nn.CrossMapLRN2d(3, alpha=0.3, beta=1.0)
        >>> lrn(glassnet.ones(1, 4, 2, 2))[0, :, 0, 0]
        tensor([0.8333, 0.7692, 0.7143, 0.7692])
    """

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1) -> None:
        super().__init__(size, alpha, beta, k)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Normalise an (N, C, H, W) batch."""
        if input.ndim != 4:
            raise ValueError(f"CrossMapLRN2d: expected input to be 4D, got {input.ndim}D (shape {tuple(input.shape)})")
        c = input.shape[1]
        pre = int((self.size - 1) / 2 + 1)
        xp = input.xp
        window = xp.zeros((c, c), dtype=input._data.dtype)
        window[0, :min(pre, c)] = 1
        for i in range(1, c):
            window[i] = window[i - 1]
            if i < c - pre + 1:
                window[i, i + pre - 1] = 1
            if i > pre:
                window[i, i - pre] = 0
        energy = ((input * input).permute(0, 2, 3, 1) @ Tensor(window.T)).permute(0, 3, 1, 2)
        return input * (energy * (self.alpha / self.size) + self.k).pow(-self.beta)
