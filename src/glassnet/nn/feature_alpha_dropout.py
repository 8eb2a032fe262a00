"""FeatureAlphaDropout / F.feature_alpha_dropout: alpha dropout of whole channels (for SELU networks)."""

from __future__ import annotations

from ..backend import generator
from ..ops.dropout import _SELU_ALPHA_P, _check_p
from ..tensor import Tensor
from .module import Module


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,  # noqa: A002
                          inplace: bool = False) -> Tensor:
    """Drop whole channels to SELU's saturation value, keeping mean and variance (identity in eval)."""
    _check_p("feature_alpha_dropout", p)
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0.0
    if input.ndim < 2:
        raise RuntimeError(f"feature_alpha_dropout: expected at least 2 dimensions (N, C, ...), got shape "
                           f"{tuple(input.shape)}")
    # one draw per (sample, channel), broadcast over the feature map
    keep = generator().random(tuple(input.shape[:2]) + (1,) * (input.ndim - 2)) >= p
    a = (1.0 / ((1 - p) * (1 + p * _SELU_ALPHA_P**2))) ** 0.5
    b = -a * _SELU_ALPHA_P * p
    kept = keep.astype(input._data.dtype)
    out = input * Tensor._wrap(kept * input._data.dtype.type(a)) \
        + Tensor._wrap(((1 - kept) * (a * _SELU_ALPHA_P) + b).astype(input._data.dtype))
    return input._inplace("feature_alpha_dropout_", out._data) if inplace else out


class FeatureAlphaDropout(Module):
    """Alpha dropout of whole channels."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        _check_p("FeatureAlphaDropout", p)
        self.p, self.inplace = p, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply feature alpha dropout while training."""
        return feature_alpha_dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
