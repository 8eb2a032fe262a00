"""Helpers shared by the distributions (torch.distributions.utils and a few tensor helpers)."""

from __future__ import annotations

from functools import update_wrapper
from numbers import Number
from typing import Any

from .. import creation, functions
from ..dtypes import get_default_dtype
from ..tensor import Size, Tensor

__all__ = ["broadcast_all", "clamp_probs", "lazy_property", "logits_to_probs", "probs_to_logits"]

# finfo(dtype).eps and .min of the float dtypes (written out: the distributions need no NumPy).
_EPS = {"float16": 2.0**-10, "float32": 2.0**-23, "float64": 2.0**-52}
_TINY = {"float16": 2.0**-14, "float32": 2.0**-126, "float64": 2.0**-1022}
_MIN = {"float16": -65504.0, "float32": -3.4028234663852886e38, "float64": -1.7976931348623157e308}


def finfo_eps(dtype: Any) -> float:
    """The machine epsilon of a float dtype."""
    return _EPS[str(dtype).replace("glassnet.", "")]


def finfo_tiny(dtype: Any) -> float:
    """The smallest positive normal value of a float dtype."""
    return _TINY[str(dtype).replace("glassnet.", "")]


def finfo_min(dtype: Any) -> float:
    """The most negative finite value of a float dtype."""
    return _MIN[str(dtype).replace("glassnet.", "")]


def broadcast_shapes(*shapes: Any) -> Size:
    """The shape all these shapes broadcast to (NumPy/PyTorch rules); ValueError if they do not."""
    ndim = max((len(s) for s in shapes), default=0)
    out = [1] * ndim
    for shape in shapes:
        for i, size in enumerate(tuple(shape)[::-1]):
            j = ndim - 1 - i
            if size != 1 and out[j] != 1 and out[j] != size:
                raise ValueError(f"Shape mismatch: objects cannot be broadcast to a single shape: {list(shapes)}")
            if size != 1:
                out[j] = size
    return Size(out)


def broadcast_all(*values: Any) -> tuple:
    """Tensors and numbers as tensors of one broadcast shape; numbers take the first tensor's dtype."""
    if not all(isinstance(v, Tensor | Number) for v in values):
        raise ValueError("Input arguments must all be instances of Number or glassnet.Tensor.")
    dtype = next((v.dtype for v in values if isinstance(v, Tensor)), get_default_dtype())
    tensors = [v if isinstance(v, Tensor) else creation.tensor(float(v), dtype=dtype) for v in values]
    shape = broadcast_shapes(*(t.shape for t in tensors))
    return tuple(t if t.shape == shape else t.expand(shape) for t in tensors)


def _sum_rightmost(value: Tensor, dim: int) -> Tensor:
    """Sum out the ``dim`` rightmost dims."""
    if dim == 0:
        return value
    return value.reshape(tuple(value.shape[:-dim]) + (-1,)).sum(-1)


def clamp_probs(probs: Tensor) -> Tensor:
    """Probabilities clamped into [eps, 1 - eps], so their logs stay finite."""
    eps = finfo_eps(probs.dtype)
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs: Tensor, is_binary: bool = False) -> Tensor:
    """Log-probabilities (or log-odds when is_binary) of clamped probabilities."""
    ps_clamped = clamp_probs(probs)
    if is_binary:
        return ps_clamped.log() - (-ps_clamped).log1p()
    return ps_clamped.log()


def logits_to_probs(logits: Tensor, is_binary: bool = False) -> Tensor:
    """Probabilities from logits: sigmoid when is_binary, else softmax over the last dim."""
    if is_binary:
        return sigmoid(logits)
    return logits.softmax(-1)


def sigmoid(x: Tensor) -> Tensor:
    """1 / (1 + e^-x), accurate in both tails (also for p close to 0 in float64).

    Tensor.sigmoid computes (1 + tanh(x/2)) / 2, which cancels for very negative x (at x = -30 it
    keeps only 3 digits). Each branch here sees only the x that is safe for it, so neither
    overflows and the unused one passes a zero gradient rather than nan.
    """
    pos = x.clamp(min=0)
    neg = x.clamp(max=0)
    e = neg.exp()
    return functions.where(x >= 0, 1 / (1 + (-pos).exp()), e / (1 + e))


class lazy_property:  # noqa: N801 - torch's name
    """A property computed on first access and then stored on the instance (probs <-> logits)."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped
        update_wrapper(self, wrapped)

    def __get__(self, instance: Any, obj_type: Any = None) -> Any:
        if instance is None:
            return self
        value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)  # the instance attribute now shadows this descriptor
        return value


def softplus(x: Tensor) -> Tensor:
    """log(1 + e^x) = max(x, 0) + log(1 + e^-|x|), computed without overflow."""
    # (clamp(x, min=0) + x - clamp(x, max=0)) / 2 is max(x, 0) with gradient 1/2 at 0, so that
    # the sum has softplus' true slope there (relu's 0 plus |x|'s 0 would give 0).
    max_x0 = (x.clamp(min=0) + x - x.clamp(max=0)) / 2
    return max_x0 + (-x.abs()).exp().log1p()


def diagonal(x: Tensor) -> Tensor:
    """The diagonals of a batch of square matrices (x.diagonal(dim1=-2, dim2=-1)), differentiable."""
    n = x.shape[-1]
    return (x * creation.eye(n, dtype=x.dtype)).sum(-1)


def standard_normal(shape: Any, dtype: Any) -> Tensor:
    """Standard normal draws from glassnet's generator."""
    return creation.randn(*tuple(shape), dtype=dtype)
