"""Dropout as an op: multiply by a random keep-mask scaled by 1/(1-p) (inverted dropout).

The mask comes from glassnet's one generator, so ``glassnet.manual_seed`` makes it reproducible.
Channel-wise dropout (Dropout1d/2d) draws one mask value per (sample, channel) and broadcasts it.
"""

from __future__ import annotations

from typing import Any

from ..autograd.function import Function
from ..backend import generator


class Dropout(Function):
    """out = x * mask, with mask in {0, 1/(1-p)}; ``mask_shape`` broadcasts against x."""

    @staticmethod
    def forward(ctx, x, p, mask_shape):
        # float32 draws are plenty for a keep/drop decision and half the cost of float64 ones
        draws = generator().random(mask_shape, dtype="float32")
        if p >= 1:
            mask = (draws < 0).astype(x.dtype)  # drop everything
        else:
            keep = draws >= p
            mask = keep.astype(x.dtype) * x.dtype.type(1.0 / (1.0 - p))
        ctx.mask = mask
        return x * mask

    @staticmethod
    def backward(ctx, g):
        return g * ctx.mask


def _check_p(name: str, p: float) -> None:
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{name}: dropout probability has to be between 0 and 1, but got {p}")


def dropout(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Any:  # noqa: A002
    """Zero each element with probability p and scale the rest by 1/(1-p) (identity if not training)."""
    _check_p("dropout", p)
    if not training or p == 0:
        return input
    return Dropout.apply(input, p, tuple(input.shape))


def _channel_dropout(name: str, input: Any, p: float, training: bool, batched_ndim: int) -> Any:  # noqa: A002
    _check_p(name, p)
    if input.ndim not in (batched_ndim - 1, batched_ndim):
        raise RuntimeError(f"{name}: expected {batched_ndim - 1}-D or {batched_ndim}-D input, "
                           f"got shape {tuple(input.shape)}")
    if not training or p == 0:
        return input
    keep_dims = 2 if input.ndim == batched_ndim else 1  # (N, C, ...) or unbatched (C, ...)
    mask_shape = tuple(input.shape[:keep_dims]) + (1,) * (input.ndim - keep_dims)
    return Dropout.apply(input, p, mask_shape)


def dropout1d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Any:  # noqa: A002
    """Zero whole channels of (N, C, L) or (C, L) inputs."""
    return _channel_dropout("dropout1d", input, p, training, 3)


def dropout2d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Any:  # noqa: A002
    """Zero whole channels of (N, C, H, W) or (C, H, W) inputs."""
    return _channel_dropout("dropout2d", input, p, training, 4)


def dropout3d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Any:  # noqa: A002
    """Zero whole channels of (N, C, D, H, W) or (C, D, H, W) inputs."""
    return _channel_dropout("dropout3d", input, p, training, 5)


_SELU_ALPHA_P = -1.7580993408473766  # -scale * alpha of SELU: the value dropped units take


def alpha_dropout(input: Any, p: float = 0.5, training: bool = False, inplace: bool = False) -> Any:  # noqa: A002
    """Dropout for SELU networks: dropped units take SELU's negative saturation, mean/var preserved."""
    _check_p("alpha_dropout", p)
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0.0
    keep = generator().random(tuple(input.shape)) >= p
    a = (1.0 / ((1 - p) * (1 + p * _SELU_ALPHA_P**2))) ** 0.5
    b = -a * _SELU_ALPHA_P * p
    kept = keep.astype(input._data.dtype)
    # a * (x * keep + alpha' * (1 - keep)) + b, as two constant arrays and one multiply-add
    return input * (kept * a) + ((1 - kept) * (a * _SELU_ALPHA_P) + b).astype(input._data.dtype)
