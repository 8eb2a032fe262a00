"""Dropout layers: active in training mode, the identity in eval mode."""

from __future__ import annotations

from ..tensor import Tensor
from . import dropout_functional
from .module import Module


class _DropoutNd(Module):
    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        dropout_functional._check_p(type(self).__name__, p)
        self.p, self.inplace = p, inplace  # inplace is accepted and ignored

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """During training, randomly zeroes some of the elements of the input tensor with probability ``p``.

    The zeroed elements are chosen independently for each forward call from a Bernoulli
    distribution, and the outputs are scaled by ``1 / (1 - p)`` during training, so that in
    evaluation mode the module simply computes an identity function.

    Args:
        p (float, optional): probability of an element to be zeroed. Default: 0.5.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Dropout(p=0.5)
        >>> m(glassnet.ones(8))
        tensor([2., 2., 2., 0., 0., 0., 0., 0.])
        >>> m.eval()(glassnet.ones(8))
        tensor([1., 1., 1., 1., 1., 1., 1., 1.])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply dropout (training) or pass through (eval)."""
        return dropout_functional.dropout(input, self.p, self.training)


class Dropout1d(_DropoutNd):
    """Randomly zero out entire channels (a channel is a 1D feature map).

    Each channel of each sample is zeroed out independently on every forward call with probability
    ``p`` (Bernoulli), and the kept ones are scaled by ``1 / (1 - p)``, in training mode only. When
    adjacent pixels are strongly correlated (as in early convolution layers), dropping whole channels
    regularises better than element-wise dropout.

    Args:
        p (float, optional): probability of a channel to be zeroed. Default: 0.5.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(N, C, L)`` or ``(C, L)``.
        - Output: same shape as the input.

    Example:
        >>> m = nn.Dropout1d(p=0.2)
        >>> m(glassnet.randn(4, 3, 5)).shape
        glassnet.Size([4, 3, 5])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply channel dropout."""
        return dropout_functional.dropout1d(input, self.p, self.training)


class Dropout2d(_DropoutNd):
    """Randomly zero out entire channels (a channel is a 2D feature map).

    Each channel of each sample is zeroed out independently on every forward call with probability
    ``p`` (Bernoulli), and the kept ones are scaled by ``1 / (1 - p)``, in training mode only. When
    adjacent pixels are strongly correlated (as in early convolution layers), dropping whole channels
    regularises better than element-wise dropout.

    Args:
        p (float, optional): probability of a channel to be zeroed. Default: 0.5.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(N, C, H, W)`` or ``(C, H, W)``.
        - Output: same shape as the input.

    Example:
        >>> m = nn.Dropout2d(p=0.2)
        >>> m(glassnet.randn(4, 3, 5, 5)).shape
        glassnet.Size([4, 3, 5, 5])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply channel dropout."""
        return dropout_functional.dropout2d(input, self.p, self.training)


class Dropout3d(_DropoutNd):
    """Randomly zero out entire channels (a channel is a 3D feature map).

    Each channel of each sample is zeroed out independently on every forward call with probability
    ``p`` (Bernoulli), and the kept ones are scaled by ``1 / (1 - p)``, in training mode only. When
    adjacent pixels are strongly correlated (as in early convolution layers), dropping whole channels
    regularises better than element-wise dropout.

    Args:
        p (float, optional): probability of a channel to be zeroed. Default: 0.5.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
        - Output: same shape as the input.

    Example:
        >>> m = nn.Dropout3d(p=0.2)
        >>> m(glassnet.randn(4, 3, 2, 5, 5)).shape
        glassnet.Size([4, 3, 2, 5, 5])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply channel dropout."""
        return dropout_functional.dropout3d(input, self.p, self.training)


class AlphaDropout(_DropoutNd):
    """Applies Alpha Dropout over the input.

    Alpha Dropout is a type of Dropout that maintains the self-normalizing property: for an input
    with zero mean and unit standard deviation, the output keeps them. It goes hand-in-hand with
    :class:`SELU`. Dropped elements are set to SELU's negative saturation value and the output is
    then scaled and shifted. In evaluation mode it is the identity.

    Args:
        p (float, optional): probability of an element to be zeroed. Default: 0.5.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.AlphaDropout(p=0.2)
        >>> m(glassnet.randn(20, 16)).shape
        glassnet.Size([20, 16])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply alpha dropout."""
        return dropout_functional.alpha_dropout(input, self.p, self.training)
