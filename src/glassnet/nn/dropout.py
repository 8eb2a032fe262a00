"""Dropout layers: active in training mode, the identity in eval mode."""

from __future__ import annotations

from ..ops import dropout as D
from ..tensor import Tensor
from .module import Module


class _DropoutNd(Module):
    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        D._check_p(type(self).__name__, p)
        self.p, self.inplace = p, inplace  # inplace is accepted and ignored

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """Zero each element with probability p during training, scaling the rest by 1/(1-p)."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply dropout (training) or pass through (eval)."""
        return D.dropout(input, self.p, self.training)


class Dropout1d(_DropoutNd):
    """Zero whole channels of (N, C, L) inputs."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply channel dropout."""
        return D.dropout1d(input, self.p, self.training)


class Dropout2d(_DropoutNd):
    """Zero whole channels of (N, C, H, W) inputs."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply channel dropout."""
        return D.dropout2d(input, self.p, self.training)


class Dropout3d(_DropoutNd):
    """Zero whole channels of (N, C, D, H, W) inputs."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply channel dropout."""
        return D.dropout3d(input, self.p, self.training)


class AlphaDropout(_DropoutNd):
    """Dropout that keeps SELU activations' mean and variance."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply alpha dropout."""
        return D.alpha_dropout(input, self.p, self.training)
