"""Random draws: normal() and bernoulli() as ops, and the values behind Tensor's in-place fills.

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


def _tensor_type():
    from ..tensor import Tensor

    return Tensor


def _dtype_of(x: Any) -> Any:
    return x._data.dtype if isinstance(x, _tensor_type()) else None


def normal_draw(mean: Any, std: Any, rng: Any) -> Any:
    """normal(mean, std) where at least one is a tensor: broadcast shapes, the tensors' (promoted) dtype."""
    dtypes = [d for d in (_dtype_of(mean), _dtype_of(std)) if d is not None]
    for d in dtypes:
        if d.kind != "f":
            raise NotImplementedError(f"normal: mean and std must be floating point tensors, got dtype {d}")
    xp = array_module(*(x._data for x in (mean, std) if isinstance(x, _tensor_type())))
    dtype = xp.result_type(*dtypes)
    std_arr = std._data if isinstance(std, _tensor_type()) else xp.asarray(std)
    if (std_arr < 0).any():
        raise RuntimeError(f"normal expects all elements of std >= 0.0 (got min std {std_arr.min()})")

    def sample(m: Any, s: Any) -> Any:
        shape = xp.broadcast_shapes(xp.shape(m), xp.shape(s))
        return (m + s * rng.standard_normal(shape)).astype(dtype)

    return Normal.apply(mean, std, sample=sample)


def bernoulli_draw(input: Any, p: Any, rng: Any, op: str) -> Any:  # noqa: A002 - PyTorch argument name
    """0/1 draws with input's shape and dtype, 1 with probability input (or p when given)."""
    arr = input._data
    if arr.dtype.kind != "f":
        raise NotImplementedError(f"{op}: input must be a floating point tensor of probabilities, got {input.dtype}")
    probs = arr if p is None else p
    probs_arr = probs._data if isinstance(probs, _tensor_type()) else array_module(arr).asarray(probs)
    if probs_arr.size and ((probs_arr < 0).any() or (probs_arr > 1).any()):
        raise RuntimeError(f"{op}: expects probabilities in [0, 1], got values from {probs_arr.min()} to "
                           f"{probs_arr.max()}")

    def sample(x: Any) -> Any:
        return (rng.random(x.shape) < probs_arr).astype(x.dtype)

    return Bernoulli.apply(input, sample=sample)


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
