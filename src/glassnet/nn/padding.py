"""Padding: ``F.pad`` (constant, reflect, replicate, circular) and the padding layers.

Reflect, replicate and circular padding are gathers: each padded dim picks source positions with an
index array (IndexSelect), so the gradient is the matching scatter-add and needs no code of its own.
"""

from __future__ import annotations

from typing import Any

from ..backend import array_module
from ..functions import pad as _constant_pad
from ..ops.index import IndexSelect
from ..tensor import Tensor
from .module import Module

_MODES = ("constant", "reflect", "replicate", "circular")


def _source_index(xp: Any, n: int, lo: int, hi: int, mode: str) -> Any:
    """For each output position along one dim, the input position it copies."""
    i = xp.arange(-lo, n + hi)
    if mode == "reflect":  # mirror without repeating the edge: -1 -> 1, n -> n - 2
        period = 2 * (n - 1)
        i = xp.abs(i) % period if period else xp.zeros_like(i)
        return xp.where(i >= n, period - i, i)
    if mode == "replicate":
        return xp.clip(i, 0, n - 1)
    return i % n  # circular


def pad(input: Tensor, pad: Any, mode: str = "constant", value: float | None = None) -> Tensor:  # noqa: A002
    """Pad the last len(pad)//2 dims; ``pad`` = (left, right, top, bottom, ...) from the last dim (negative crops)."""
    pad = tuple(int(p) for p in pad)
    if mode not in _MODES:
        raise ValueError(f"pad: mode must be one of {_MODES}, got {mode!r}")
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise ValueError(f"pad: padding length {len(pad)} must be even and at most 2 * input.ndim "
                         f"for an input of shape {tuple(input.shape)}")
    for j in range(len(pad) // 2):  # negative padding crops; it may not crop more than the dim holds
        dim = input.ndim - 1 - j
        if input.shape[dim] + pad[2 * j] + pad[2 * j + 1] < 0 or -pad[2 * j] > input.shape[dim] \
                or -pad[2 * j + 1] > input.shape[dim]:
            raise RuntimeError(f"pad: padding ({pad[2 * j]}, {pad[2 * j + 1]}) of dim {dim} crops more than its "
                               f"size {input.shape[dim]} (input shape {tuple(input.shape)})")
    if mode == "constant":
        return _constant_pad(input, pad, "constant", 0.0 if value is None else value)
    k = len(pad) // 2
    if k > 3 or input.ndim < k + 1:
        raise NotImplementedError(f"pad: {mode} padding supports the last 1-3 dims of a batched input "
                                  f"(got pad of length {len(pad)} for shape {tuple(input.shape)})")
    xp = array_module(input._data)
    out = input
    for j in range(k):
        dim = input.ndim - 1 - j
        lo, hi = pad[2 * j], pad[2 * j + 1]
        if lo == hi == 0:
            continue
        n = input.shape[dim]
        if min(lo, hi) < 0:  # crop first, then pad what is left (circular wraps around the cropped dim)
            out = IndexSelect.apply(out, dim, xp.arange(max(-lo, 0), n - max(-hi, 0)))
            n, lo, hi = out.shape[dim], max(lo, 0), max(hi, 0)
            if lo == hi == 0:
                continue
        if mode == "reflect" and (lo >= n or hi >= n):
            raise ValueError(f"pad: reflect padding ({lo}, {hi}) must be smaller than the size {n} of "
                             f"dim {dim} (input shape {tuple(input.shape)})")
        if mode == "circular" and (lo > n or hi > n):
            raise ValueError(f"pad: circular padding ({lo}, {hi}) must be at most the size {n} of dim {dim}")
        out = IndexSelect.apply(out, dim, _source_index(xp, n, lo, hi, mode))
    return out


class _PadNd(Module):
    mode = "constant"
    n_dims = 1

    def __init__(self, padding: Any) -> None:
        super().__init__()
        p = (padding,) * (2 * self.n_dims) if isinstance(padding, int) else tuple(padding)
        self.padding, self.value = p, 0.0

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Pad the input."""
        return pad(input, self.padding, self.mode, self.value if self.mode == "constant" else None)

    def extra_repr(self) -> str:
        if type(self).__name__.startswith("ConstantPad"):  # PyTorch's reprs: only ConstantPad names its fields
            return f"padding={self.padding}, value={self.value}"
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding: Any, value: float) -> None:
        super().__init__(padding)
        self.value = value


def _pad_class(name: str, mode: str, n_dims: int, doc: str) -> type:
    base = _ConstantPadNd if name.startswith("ConstantPad") else _PadNd  # only ConstantPad takes a value
    return type(name, (base,), {"mode": mode, "n_dims": n_dims, "__doc__": doc})


ZeroPad1d = _pad_class("ZeroPad1d", "constant", 1, "Pad the last dim with zeros.")
ZeroPad2d = _pad_class("ZeroPad2d", "constant", 2, "Pad the last 2 dims with zeros.")
ZeroPad3d = _pad_class("ZeroPad3d", "constant", 3, "Pad the last 3 dims with zeros.")
ConstantPad1d = _pad_class("ConstantPad1d", "constant", 1, "Pad the last dim with a constant.")
ConstantPad2d = _pad_class("ConstantPad2d", "constant", 2, "Pad the last 2 dims with a constant.")
ConstantPad3d = _pad_class("ConstantPad3d", "constant", 3, "Pad the last 3 dims with a constant.")
ReflectionPad1d = _pad_class("ReflectionPad1d", "reflect", 1, "Mirror-pad the last dim.")
ReflectionPad2d = _pad_class("ReflectionPad2d", "reflect", 2, "Mirror-pad the last 2 dims.")
ReflectionPad3d = _pad_class("ReflectionPad3d", "reflect", 3, "Mirror-pad the last 3 dims.")
ReplicationPad1d = _pad_class("ReplicationPad1d", "replicate", 1, "Edge-pad the last dim.")
ReplicationPad2d = _pad_class("ReplicationPad2d", "replicate", 2, "Edge-pad the last 2 dims.")
ReplicationPad3d = _pad_class("ReplicationPad3d", "replicate", 3, "Edge-pad the last 3 dims.")
CircularPad1d = _pad_class("CircularPad1d", "circular", 1, "Wrap-pad the last dim.")
CircularPad2d = _pad_class("CircularPad2d", "circular", 2, "Wrap-pad the last 2 dims.")
CircularPad3d = _pad_class("CircularPad3d", "circular", 3, "Wrap-pad the last 3 dims.")
