"""Activations that draw random numbers: RReLU (random leaky slopes) and gumbel_softmax.

Draws come from glassnet's one generator, so ``glassnet.manual_seed`` makes them reproducible.
"""

from __future__ import annotations

from ..backend import generator
from ..ops.activation import softmax
from ..tensor import Tensor
from .module import Module


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,  # noqa: A002
          inplace: bool = False) -> Tensor:
    """Leaky ReLU whose slope for x <= 0 is drawn from U(lower, upper) in training, (lower+upper)/2 otherwise."""
    if lower > upper:
        raise ValueError(f"rrelu: lower bound ({lower}) must not exceed upper bound ({upper})")
    d = input._data
    xp = input.xp
    if training:
        slope = xp.asarray(generator().uniform(lower, upper, d.shape), dtype=d.dtype)
    else:
        slope = d.dtype.type((lower + upper) / 2)
    # the slope is a constant factor, so x * factor carries the gradient (and double backward)
    factor = Tensor._wrap(xp.where(d <= 0, slope, 1).astype(d.dtype))
    out = input * factor
    if inplace:
        return input._inplace("rrelu_", out._data)
    return out


def rrelu_(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False) -> Tensor:  # noqa: A002
    """In-place rrelu."""
    return rrelu(input, lower, upper, training, inplace=True)


def gumbel_softmax(logits: Tensor, tau: float = 1, hard: bool = False, eps: float = 1e-10, dim: int = -1) -> Tensor:
    """Sample from the Gumbel-softmax distribution; ``hard`` gives one-hot samples with soft gradients."""
    d = logits._data
    xp = logits.xp
    # -log(Exp(1)) is Gumbel(0, 1); 1 - U lies in (0, 1], so the log is finite
    exp1 = -xp.log(1.0 - xp.asarray(generator().random(d.shape), dtype=d.dtype))
    gumbels = (logits + Tensor._wrap(-xp.log(exp1))) / tau
    y_soft = softmax(gumbels, dim)
    if not hard:
        return y_soft
    index = xp.argmax(y_soft._data, axis=dim)
    y_hard = xp.zeros_like(y_soft._data)
    xp.put_along_axis(y_hard, xp.expand_dims(index, dim), 1.0, axis=dim)
    # straight-through: the value is the one-hot sample, the gradient is the soft sample's
    return Tensor._wrap(y_hard) - y_soft.detach() + y_soft


class RReLU(Module):
    """Randomized leaky ReLU: slope ~ U(lower, upper) for x <= 0 while training, the mean slope in eval."""

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3, inplace: bool = False) -> None:
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply rrelu (random slopes only in training mode)."""
        return rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"lower={self.lower}, upper={self.upper}" + (", inplace=True" if self.inplace else "")
