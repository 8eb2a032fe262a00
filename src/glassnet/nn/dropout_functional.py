"""Dropout as functions (``F.dropout``, ``F.dropout2d``, ``F.alpha_dropout`` ...) over the Dropout op.

The op (``glassnet/ops/dropout.py``) multiplies by a keep-mask; these functions check ``p`` and the
input's rank the way PyTorch does and choose the mask's shape: one value per element, or one per
(sample, channel) for channel-wise dropout, broadcast over the rest.
"""

from __future__ import annotations

import warnings
from typing import Any

from ..backend import array_module, generator
from ..ops.dropout import Dropout


def _check_p(name: str, p: float) -> None:
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{name}: dropout probability has to be between 0 and 1, but got {p}")


def dropout(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Any:  # noqa: A002
    """Randomly zeroes elements of the input with probability ``p`` and scales the rest by ``1 / (1 - p)``.

    The scaling keeps the expected value of each element; with ``training=False`` the input is
    returned unchanged. The mask is drawn from glassnet's global generator (see
    :func:`glassnet.manual_seed`).

    Args:
        input (Tensor): the input tensor.
        p (float, optional): the probability of an element to be zeroed, in ``[0, 1]``. Default: ``0.5``.
        training (bool, optional): apply dropout if ``True``. Default: ``True``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored: glassnet always
            returns a new tensor. Default: ``False``.

    Example:
        >>> x = glassnet.ones(2, 4)
        >>> y = F.dropout(x, p=0.5)
        >>> sorted(set(y.flatten().tolist()))
        [0.0, 2.0]
        >>> F.dropout(x, p=0.5, training=False).equal(x)
        True
    """
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
    """Randomly zeroes whole channels of a 1-D signal with probability ``p`` (channel-wise dropout).

    Each channel ``input[n, c]`` is zeroed as a whole; kept channels are scaled by ``1 / (1 - p)``.

    Args:
        input (Tensor): the input, ``(N, C, L)`` or ``(C, L)``.
        p (float, optional): the probability of a channel to be zeroed. Default: ``0.5``.
        training (bool, optional): apply dropout if ``True``. Default: ``True``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Shape:
        - Input: ``(N, C, L)`` or ``(C, L)``.
        - Output: the shape of the input.

    Example:
        >>> y = F.dropout1d(glassnet.ones(1, 4, 3), p=0.5)
        >>> y[0].tolist()
        [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [0.0, 0.0, 0.0]]
    """
    return _channel_dropout("dropout1d", input, p, training, 3)


def _feature_dropout(name: str, input: Any, p: float, training: bool, channel_dim: int) -> Any:  # noqa: A002
    """One draw per (sample, channel) when channel_dim is 1, per channel when it is 0 (PyTorch's feature_dropout)."""
    if input.ndim < channel_dim + 1 or input.ndim < 1:
        raise RuntimeError(f"{name}: Feature dropout requires at least 2 dimensions in the input "
                           f"(got shape {tuple(input.shape)})")
    if not training or p == 0:
        return input
    keep = channel_dim + 1
    mask_shape = tuple(input.shape[:keep]) + (1,) * (input.ndim - keep)
    return Dropout.apply(input, p, mask_shape)


def _warn_rank(name: str, ndim: int, spatial: int) -> None:
    warnings.warn(
        f"{name}: Received a {ndim}-D input to {name}, which is deprecated and will result in an error in a "
        "future release. To retain the behavior and silence this warning, please use dropout instead. Note "
        f"that {name} exists to provide channel-wise dropout on inputs with {spatial} spatial dimensions, a "
        f"channel dimension, and an optional batch dimension (i.e. {spatial + 1}D or {spatial + 2}D inputs).",
        stacklevel=3,
    )


def dropout2d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Any:  # noqa: A002
    """Randomly zeroes whole channels of a 2-D feature map with probability ``p`` (channel-wise dropout).

    Each channel ``input[n, c]`` is zeroed as a whole; kept channels are scaled by ``1 / (1 - p)``.
    Like PyTorch, input of another rank warns: a 3-D input is read as ``(N, C, L)`` and other ranks
    drop each ``input[i, j]``.

    Args:
        input (Tensor): the input, ``(N, C, H, W)``.
        p (float, optional): the probability of a channel to be zeroed. Default: ``0.5``.
        training (bool, optional): apply dropout if ``True``. Default: ``True``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Shape:
        - Input: ``(N, C, H, W)``.
        - Output: the shape of the input.

    Example:
        >>> y = F.dropout2d(glassnet.ones(1, 4, 2, 2), p=0.5)
        >>> y.sum(dim=(2, 3))
        tensor([[8., 8., 8., 0.]])
    """
    _check_p("dropout2d", p)
    if input.ndim not in (3, 4):
        _warn_rank("dropout2d", input.ndim, 2)
    if input.ndim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is "
            "desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will "
            "change in a future release to interpret the input as one without a batch dimension, i.e. shape "
            "(C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d "
            "instead.",
            stacklevel=2,
        )
    return _feature_dropout("dropout2d", input, p, training, 1)


def dropout3d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Any:  # noqa: A002
    """Randomly zeroes whole channels of a 3-D feature map with probability ``p`` (channel-wise dropout).

    Each channel is zeroed as a whole; kept channels are scaled by ``1 / (1 - p)``. Input of another
    rank warns and uses dim 0 as the channel, as PyTorch does.

    Args:
        input (Tensor): the input, ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
        p (float, optional): the probability of a channel to be zeroed. Default: ``0.5``.
        training (bool, optional): apply dropout if ``True``. Default: ``True``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Shape:
        - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
        - Output: the shape of the input.

    Example:
        >>> y = F.dropout3d(glassnet.ones(1, 4, 2, 2, 2), p=0.5)
        >>> y.sum(dim=(2, 3, 4))
        tensor([[16., 16., 16.,  0.]])
    """
    _check_p("dropout3d", p)
    if input.ndim not in (4, 5):
        _warn_rank("dropout3d", input.ndim, 3)
    return _feature_dropout("dropout3d", input, p, training, 1 if input.ndim == 5 else 0)


_SELU_ALPHA_P = -1.7580993408473766  # -scale * alpha of SELU: the value dropped units take


def alpha_dropout(input: Any, p: float = 0.5, training: bool = False, inplace: bool = False) -> Any:  # noqa: A002
    """Applies alpha dropout, the dropout of self-normalising (SELU) networks.

    Dropped units take SELU's negative saturation value ``-scale * alpha`` instead of 0, and an
    affine correction keeps the input's mean and variance. Note that ``training`` defaults to
    ``False`` here, as in PyTorch.

    Args:
        input (Tensor): the input tensor.
        p (float, optional): the probability of an element to be dropped. Default: ``0.5``.
        training (bool, optional): apply dropout if ``True``. Default: ``False``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> x = glassnet.randn(10000)
        >>> y = F.alpha_dropout(x, p=0.2, training=True)
        >>> round(y.mean().item(), 1), round(y.std().item(), 1)
        (0.0, 1.0)
    """
    _check_p("alpha_dropout", p)
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0.0
    keep = generator().random(tuple(input.shape)) >= p
    a = (1.0 / ((1 - p) * (1 + p * _SELU_ALPHA_P**2))) ** 0.5
    b = -a * _SELU_ALPHA_P * p
    kept = array_module(input._data).asarray(keep.astype(input._data.dtype))
    # a * (x * keep + alpha' * (1 - keep)) + b, as two constant arrays and one multiply-add
    return input * (kept * a) + ((1 - kept) * (a * _SELU_ALPHA_P) + b).astype(input._data.dtype)
