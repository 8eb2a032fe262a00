"""Random draws: the Normal and Bernoulli ops, and the values behind Tensor's in-place fills.

``glassnet.normal`` and ``glassnet.bernoulli`` (``creation.py``) check their Tensor arguments and apply the ops.

Draws come from a NumPy Generator passed in (glassnet's global one or a glassnet.Generator's), in
float64, then are cast to the tensor's dtype. PyTorch does not differentiate through sampling: a
draw whose mean or probability requires grad is recorded, but its gradient is zero.
"""

from __future__ import annotations

from typing import Any

from ..autograd.function import Function
from ..backend import array_module


class Draw(Function):
    """A random draw recorded in the graph with a zero gradient to every input (PyTorch's convention)."""

    @staticmethod
    def forward(ctx, *arrays, sample):
        return sample(*arrays)

    @staticmethod
    def backward(ctx, g):
        zero = g * 0
        return tuple(zero for _ in ctx.needs_input_grad)


class Normal(Draw):
    """normal(mean, std) with tensor arguments (grad_fn NormalBackward, as in PyTorch)."""


class Bernoulli(Draw):
    """bernoulli(probs) (grad_fn BernoulliBackward, as in PyTorch)."""


# ---- values for the in-place fills (Tensor.uniform_, normal_, exponential_ ...) ------------------
def _check_float(arr: Any, op: str) -> None:
    if arr.dtype.kind != "f":
        raise NotImplementedError(f"{op}: needs a floating point tensor, got dtype {arr.dtype}")


def uniform(arr: Any, low: float, high: float, rng: Any) -> Any:
    """U(low, high) values shaped like arr."""
    _check_float(arr, "uniform_")
    if low > high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={low} > to={high}")
    return rng.uniform(low, high, arr.shape)


def normal(arr: Any, mean: float, std: float, rng: Any) -> Any:
    """N(mean, std^2) values shaped like arr."""
    _check_float(arr, "normal_")
    if std < 0:
        raise RuntimeError(f"normal_ expects std >= 0.0, but found std {std}")
    return rng.normal(mean, std, arr.shape)


def exponential(arr: Any, lambd: float, rng: Any) -> Any:
    """Exponential(rate lambd) values shaped like arr."""
    _check_float(arr, "exponential_")
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    return rng.exponential(1.0 / lambd, arr.shape)


def log_normal(arr: Any, mean: float, std: float, rng: Any) -> Any:
    """exp(N(mean, std^2)) values shaped like arr."""
    _check_float(arr, "log_normal_")
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std}")
    return rng.lognormal(mean, std, arr.shape)


def cauchy(arr: Any, median: float, sigma: float, rng: Any) -> Any:
    """Cauchy(median, sigma) values shaped like arr."""
    if arr.dtype.kind != "f":
        raise RuntimeError(f"cauchy_: Cauchy is a continuous distribution; the tensor's dtype must be floating "
                           f"point, got {arr.dtype}")
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma}")
    return median + sigma * rng.standard_cauchy(arr.shape)


def geometric(arr: Any, p: float, rng: Any) -> Any:
    """Number of Bernoulli(p) trials up to the first success (1, 2, ...), shaped like arr."""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    return rng.geometric(p, arr.shape)


def bernoulli(arr: Any, p: Any, rng: Any) -> Any:
    """0/1 values shaped like arr, 1 with probability p (a number or an array broadcastable to arr)."""
    p_arr = array_module(arr).asarray(p)
    if p_arr.size and ((p_arr < 0).any() or (p_arr > 1).any()):
        raise RuntimeError(f"bernoulli_ expects p in [0, 1], got values from {p_arr.min()} to {p_arr.max()}")
    return rng.random(arr.shape) < p_arr


def random_integers(arr: Any, low: int, high: int | None, rng: Any) -> Any:
    """Integers in [low, high); without high, PyTorch's default range for the dtype
    (0 to 2**mantissa for floats, 0 to the dtype's max for ints, both values for bool)."""
    xp = array_module(arr)
    if high is None:
        if arr.dtype.kind == "f":
            high = 2 ** (xp.finfo(arr.dtype).nmant + 1) + 1
        elif arr.dtype.kind == "b":
            high = 2
        else:
            high = int(xp.iinfo(arr.dtype).max) + 1
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    return rng.integers(low, high, arr.shape)
