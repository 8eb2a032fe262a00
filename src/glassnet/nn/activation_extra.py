"""More activations: GLU, Hardshrink, Softshrink, Threshold, RReLU, Softmax2d, FeatureAlphaDropout, F.gumbel_softmax
and the in-place forms F.relu_, F.elu_, ... .

Each is a few differentiable tensor ops (where, sigmoid, softmax), so the gradients need no code
of their own; the Modules carry PyTorch's constructor arguments and reprs.
"""

from __future__ import annotations

from typing import Any

from .. import creation
from ..functions import where
from ..ops.activation import celu, elu, hardtanh, leaky_relu, relu, selu, sigmoid, softmax
from ..tensor import Tensor
from .module import Module


def glu(input: Tensor, dim: int = -1) -> Tensor:  # noqa: A002
    """Gated linear unit: split ``dim`` in halves a, b and return a * sigmoid(b)."""
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    if not input.is_floating_point():
        raise NotImplementedError(f"glu: not implemented for integer or bool inputs (got {input.dtype})")
    d = dim % input.ndim if -input.ndim <= dim < input.ndim else None
    if d is None:
        raise IndexError(f"glu: dim {dim} out of range for an input of shape {tuple(input.shape)}")
    if input.shape[d] % 2:
        raise RuntimeError(f"glu: halving dimension must be even, but dimension {d} is size {input.shape[d]} "
                           f"(input shape {tuple(input.shape)})")
    a, b = input.chunk(2, d)
    return a * sigmoid(b)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """x where |x| > lambd, else 0."""
    # test the zero band, not |x| > lambd, so NaN falls outside it and stays NaN (as in PyTorch)
    return where((input >= -lambd) & (input <= lambd), 0.0, input)


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """Shrink towards zero by lambd: x - lambd above lambd, x + lambd below -lambd, else 0."""
    if lambd < 0:
        raise RuntimeError(f"softshrink: lambda must be greater or equal to 0, but found to be {lambd}.")
    # NaN is outside the zero band and takes the last branch, so it stays NaN with gradient 1 (as in PyTorch)
    return where((input >= -lambd) & (input <= lambd), 0.0, where(input > lambd, input - lambd, input + lambd))


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:  # noqa: A002
    """x where x > threshold, else value."""
    if inplace:
        return threshold_(input, threshold, value)
    # x <= threshold is False for NaN, so NaN passes through (as in PyTorch)
    return where(input <= threshold, value, input)


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,  # noqa: A002
          inplace: bool = False) -> Tensor:
    """Randomised leaky ReLU: a slope drawn from U(lower, upper) per negative element when training, else their mean."""
    if not training:
        return leaky_relu(input, (lower + upper) / 2)
    slope = creation.empty(tuple(input.shape), dtype=input.dtype).uniform_(lower, upper)
    return where(input >= 0, input, input * slope)


def gumbel_softmax(logits: Tensor, tau: float = 1, hard: bool = False, eps: float = 1e-10,
                   dim: int = -1) -> Tensor:
    """Sample from the Gumbel-softmax distribution; ``hard`` returns one-hot samples with soft gradients."""
    # -log(Exp(1)) samples are Gumbel(0, 1)
    u = creation.rand(*logits.shape, dtype=logits.dtype)
    gumbels = -(-(1 - u).log()).log()
    y_soft = softmax((logits + gumbels) / tau, dim)
    if not hard:
        return y_soft
    index = y_soft.argmax(dim, keepdim=True)
    y_hard = creation.zeros(*logits.shape, dtype=logits.dtype)
    xp = y_hard.xp
    xp.put_along_axis(y_hard._data, index._data, 1.0, dim)
    return y_hard - y_soft.detach() + y_soft


class GLU(Module):
    """Gated linear unit over ``dim``."""

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """a * sigmoid(b) with a, b the halves of ``dim``."""
        return glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Hardshrink(Module):
    """x where |x| > lambd, else 0."""

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply hard shrinkage."""
        return hardshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class Softshrink(Hardshrink):
    """Soft shrinkage towards zero by lambd."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply soft shrinkage."""
        return softshrink(input, self.lambd)


class Threshold(Module):
    """x where x > threshold, else value."""

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Threshold the input."""
        return threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}" + (", inplace=True" if self.inplace else "")


class RReLU(Module):
    """Randomised leaky ReLU (random slopes in training, their mean in eval)."""

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3, inplace: bool = False) -> None:
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply RReLU (random slopes only in training mode)."""
        return rrelu(input, self.lower, self.upper, self.training)

    def extra_repr(self) -> str:
        return f"lower={self.lower}, upper={self.upper}"


class Softmax2d(Module):
    """Softmax over the channels of a (N, C, H, W) or (C, H, W) input."""

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """Softmax over dim -3."""
        if input.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.ndim}D instead "
                             f"(shape {tuple(input.shape)})")
        return softmax(input, -3)


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,  # noqa: A002
                          inplace: bool = False) -> Tensor:
    """Alpha dropout of whole channels: each (sample, channel) map is kept or set to SELU's saturation together."""
    from ..backend import generator

    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    if input.ndim < 2:
        raise RuntimeError(f"feature_alpha_dropout: feature dropout requires at least 2 dimensions in the input, "
                           f"got shape {tuple(input.shape)}")
    if p == 1:
        return input * 0.0
    alpha = 1.7580993408473766  # -SELU's negative saturation value, scale * alpha
    a = 1.0 / ((alpha * alpha * p + 1) * (1 - p)) ** 0.5
    dt = input._data.dtype
    keep = (generator().random(tuple(input.shape[:2]) + (1,) * (input.ndim - 2)) >= p).astype(dt)
    # kept: a*x + alpha*a*p; dropped: -alpha*a + alpha*a*p (mean and variance preserved for SELU inputs)
    return input * (keep * a).astype(dt) + ((keep - 1) * alpha * a + alpha * a * p).astype(dt)


class FeatureAlphaDropout(Module):
    """Alpha dropout of whole channels (for SELU networks)."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Drop channels in training mode; identity in eval mode."""
        return feature_alpha_dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


def _inplace(name: str, fn: Any) -> Any:
    """The in-place form ``F.<name>``: compute fn(input) and write it into input's own storage."""

    def op(input: Tensor, *args: Any, **kwargs: Any) -> Tensor:  # noqa: A002
        # fn runs on a copy, so what it saves for backward is not overwritten by the write; the new value is a
        # Tensor, so an in-place write that autograd records (a non-leaf) differentiates through fn.
        return input._inplace(name, fn(input.clone(), *args, **kwargs))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"In-place ``{fn.__name__}``: overwrites and returns input."
    return op


relu_ = _inplace("relu_", relu)
elu_ = _inplace("elu_", elu)
selu_ = _inplace("selu_", selu)
celu_ = _inplace("celu_", celu)
leaky_relu_ = _inplace("leaky_relu_", leaky_relu)
hardtanh_ = _inplace("hardtanh_", hardtanh)
threshold_ = _inplace("threshold_", threshold)
rrelu_ = _inplace("rrelu_", rrelu)
