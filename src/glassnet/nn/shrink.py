"""Shrinkage and threshold activations (Hardshrink, Softshrink, Threshold) and their functional forms.

Each is x times a constant 0/1 mask (plus a constant), so autograd, double backward included, comes
from multiplication; the mask uses strict comparisons, which gives PyTorch's zero gradient at the kinks.
"""

from __future__ import annotations

from ..tensor import Tensor
from .module import Module


def _mask(x: Tensor, keep: object) -> Tensor:
    return Tensor._wrap(keep.astype(x._data.dtype))


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """x where |x| > lambd, else 0."""
    return input * _mask(input, input.xp.abs(input._data) > lambd)


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """x - lambd above lambd, x + lambd below -lambd, else 0."""
    if lambd < 0:
        raise RuntimeError(f"softshrink: lambda must be non-negative, but found {lambd}")
    xp, d = input.xp, input._data
    shift = Tensor._wrap((xp.sign(d) * lambd).astype(d.dtype))
    return (input - shift) * _mask(input, xp.abs(d) > lambd)


def _threshold(x: Tensor, limit: float, value: float) -> Tensor:
    # a fill, not x * mask: -inf below the threshold must become value, not nan; nan stays nan (as PyTorch)
    return x.masked_fill(x._data <= limit, value)


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:  # noqa: A002
    """x where x > threshold, else value."""
    out = _threshold(input, threshold, value)
    return input._inplace("threshold_", out._data) if inplace else out


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:  # noqa: A002
    """In-place threshold: write x where x > threshold, else value, into input."""
    return input._inplace("threshold_", _threshold(input, threshold, value)._data)


class Hardshrink(Module):
    """x where |x| > lambd, else 0."""

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply hardshrink."""
        return hardshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class Softshrink(Hardshrink):
    """x - lambd above lambd, x + lambd below -lambd, else 0."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply softshrink."""
        return softshrink(input, self.lambd)


class Threshold(Module):
    """x where x > threshold, else value."""

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply threshold."""
        return threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}" + (", inplace=True" if self.inplace else "")
