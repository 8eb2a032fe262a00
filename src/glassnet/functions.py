"""Module-level forms of the tensor ops (``glassnet.exp(x)``, ``glassnet.cat([...])`` ...)."""

from __future__ import annotations

import builtins
from typing import Any

from .backend import array_module
from .dtypes import result_np
from .ops import elementwise as E
from .ops import shape as S
from .tensor import Tensor, _cast, _dim


def _t(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _unary(name: str):
    def fn(input: Any) -> Tensor:  # noqa: A002 - PyTorch argument name
        return getattr(_t(input), name)()

    fn.__name__ = name
    fn.__doc__ = f"Element-wise {name} (see Tensor.{name})."
    return fn


for _n in ("exp", "log", "log1p", "sqrt", "rsqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "neg",
           "square", "sign", "floor", "ceil", "round", "isnan", "isinf", "isfinite", "logical_not"):
    globals()[_n] = _unary(_n)


def add(input: Any, other: Any, alpha: Any = 1) -> Tensor:  # noqa: A002
    """input + alpha * other."""
    return _t(input).add(other, alpha)


def sub(input: Any, other: Any, alpha: Any = 1) -> Tensor:  # noqa: A002
    """input - alpha * other."""
    return _t(input).sub(other, alpha)


def mul(input: Any, other: Any) -> Tensor:  # noqa: A002
    """input * other."""
    return _t(input) * other


def pow(input: Any, exponent: Any) -> Tensor:  # noqa: A001,A002
    """input ** exponent."""
    if not isinstance(input, Tensor):
        return exponent.__rpow__(input)
    return input ** exponent


def matmul(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Matrix product (batched, with 1-D rules)."""
    return _t(input).matmul(other)


def round(input: Any, *, decimals: int = 0) -> Tensor:  # noqa: A001,A002 - PyTorch names
    """Round half to even, to ``decimals`` decimal places (see Tensor.round)."""
    return _t(input).round(decimals=decimals)


def trunc(input: Any) -> Tensor:  # noqa: A002
    """Round toward zero (see Tensor.trunc)."""
    return _t(input).trunc()


fix = trunc


def fmod(input: Any, other: Any) -> Tensor:  # noqa: A002
    """input - trunc(input / other) * other: the sign of input (C's fmod)."""
    return _t(input).fmod(other)


def remainder(input: Any, other: Any) -> Tensor:  # noqa: A002
    """input - floor(input / other) * other: the sign of other (Python's %)."""
    return input % other if isinstance(input, Tensor) else other.__rmod__(input)


def floor_divide(input: Any, other: Any) -> Tensor:  # noqa: A002
    """floor(input / other) (Python's //)."""
    return input // other if isinstance(input, Tensor) else other.__rfloordiv__(input)


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A001,A002
    """Limit values to [min, max]."""
    return input.clamp(min, max)


clip = clamp


def maximum(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Element-wise maximum."""
    return _t(input).maximum(other)


def minimum(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Element-wise minimum."""
    return _t(input).minimum(other)


def where(condition: Any, input: Any, other: Any) -> Tensor:  # noqa: A002
    """input where condition else other (scalars allowed)."""
    c = condition._data if isinstance(condition, Tensor) else condition
    # PyTorch's result_type: where(cond, int_tensor, 0.5) is float, not a truncated 0.
    target = result_np(input, other)
    a, b = (_cast(x, target) if isinstance(x, Tensor) else
            Tensor._wrap(array_module().asarray(_cast(x, target), dtype=target)) for x in (input, other))
    return E.Where.apply(c, a, b)


def cat(tensors: Any, dim: int = 0) -> Tensor:
    """Join tensors along an existing dim."""
    tensors = [_t(x) for x in tensors]
    if not tensors:
        raise RuntimeError("cat(): expected a non-empty list of Tensors")
    nd = tensors[0].ndim
    d = _dim(dim, nd, "cat")
    for i, t in enumerate(tensors):
        # builtins.any: this module defines its own any/all/sum/max further down.
        if t.ndim != nd or builtins.any(
                a != b for j, (a, b) in enumerate(zip(t.shape, tensors[0].shape)) if j != d):
            raise RuntimeError(
                f"cat(): sizes of tensors must match except in dimension {d}: tensor 0 has shape "
                f"{tuple(tensors[0].shape)}, tensor {i} has shape {tuple(t.shape)}"
            )
    target = result_np(*tensors)  # mixed dtypes promote as in PyTorch (float32 with int64 is float32)
    return S.Cat.apply(*(_cast(t, target) for t in tensors), axis=d)


concat = concatenate = cat


def stack(tensors: Any, dim: int = 0) -> Tensor:
    """Join tensors along a new dim."""
    tensors = [_t(x) for x in tensors]
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for i, t in enumerate(tensors):
        if t.shape != tensors[0].shape:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {tuple(tensors[0].shape)} at entry 0 "
                f"and {tuple(t.shape)} at entry {i}"
            )
    target = result_np(*tensors)
    return S.Stack.apply(*(_cast(t, target) for t in tensors), axis=_dim(dim, tensors[0].ndim + 1, "stack"))


def pad(input: Tensor, pad: Any, mode: str = "constant", value: float = 0.0) -> Tensor:  # noqa: A002
    """Pad with a constant; ``pad`` lists (left, right) pairs starting from the last dim."""
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise RuntimeError(f"pad: padding length {len(pad)} is invalid for a {input.ndim}-D input")
    if mode != "constant":
        raise NotImplementedError(f"pad: mode {mode!r} is provided by glassnet.nn.functional.pad")
    if input._data.dtype.kind in "iu" and isinstance(value, builtins.int | builtins.float):
        if builtins.max(pad, default=0) <= 0:
            return S.Pad.apply(input, tuple(pad), 0)  # nothing is padded: PyTorch never looks at the value
        # PyTorch's range check, strict for pad: no negative value wraps into an unsigned dtype
        strict = input._data.dtype.kind == "u" and value < 0
        value = _cast(builtins.float(value) if strict else value, input._data.dtype, checked=True).item()
    return S.Pad.apply(input, tuple(pad), value)


def split(tensor: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple:
    """See Tensor.split."""
    return tensor.split(split_size_or_sections, dim)


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:  # noqa: A002
    """See Tensor.chunk."""
    return input.chunk(chunks, dim)


def unbind(input: Tensor, dim: int = 0) -> tuple:  # noqa: A002
    """See Tensor.unbind."""
    return input.unbind(dim)


def gather(input: Tensor, dim: int, index: Tensor) -> Tensor:  # noqa: A002
    """See Tensor.gather."""
    return input.gather(dim, index)


def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:  # noqa: A002
    """See Tensor.scatter_add."""
    return input.scatter_add(dim, index, src)


def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:  # noqa: A002
    """See Tensor.index_select."""
    return input.index_select(dim, index)


def masked_fill(input: Tensor, mask: Tensor, value: Any) -> Tensor:  # noqa: A002
    """See Tensor.masked_fill."""
    return input.masked_fill(mask, value)


def _method(name: str):
    def fn(input: Tensor, *args: Any, **kwargs: Any) -> Any:  # noqa: A002
        return getattr(_t(input), name)(*args, **kwargs)

    fn.__name__ = name
    fn.__doc__ = f"See Tensor.{name}."
    return fn


for _n in ("sum", "mean", "var", "std", "amax", "amin", "max", "min", "logsumexp", "prod", "norm",
           "softmax", "log_softmax", "reshape", "flatten", "squeeze", "unsqueeze", "transpose", "permute",
           "broadcast_to", "argmax", "argmin", "argsort", "sort", "topk", "all", "any", "eq", "ne", "lt",
           "le", "gt", "ge", "equal", "t", "repeat", "clone", "detach", "logical_and",
           "logical_or", "unflatten"):
    globals()[_n] = _method(_n)

swapaxes = globals()["transpose"]
