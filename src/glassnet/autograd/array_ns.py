"""Backward helpers on raw arrays: the fast path used when create_graph=False."""

from __future__ import annotations

from ..backend import array_module
from ..ops.index import scatter_into_zeros
from ..ops.shape import sum_to as _sum_to

GRAPH = False


def sum_to(g, shape):
    """Sum g back to ``shape`` over broadcast dimensions."""
    return _sum_to(g, shape)


def astype(g, dtype):
    """Cast g to dtype."""
    return g.astype(dtype)


def broadcast_to(g, shape):
    """Broadcast g to shape (a read-only view)."""
    return array_module(g).broadcast_to(g, shape)


def reshape(g, shape):
    """Reshape g."""
    return g.reshape(shape)


def permute(g, axes):
    """Permute g's axes."""
    return g.transpose(axes)


def unsqueeze(g, axis):
    """Insert a size-1 axis."""
    return array_module(g).expand_dims(g, axis)


def squeeze(g, axis):
    """Remove a size-1 axis."""
    return g.squeeze(axis)


def sum(g, axis, keepdim):  # noqa: A001 - mirrors the op's name
    """Sum over axis."""
    return g.sum(axis=axis, keepdims=keepdim)


def mean(g, axis):
    """Mean over axis, keeping dims."""
    return g.mean(axis=axis, keepdims=True).astype(g.dtype, copy=False)


def prod(g, axis):
    """Product over axis, keeping dims."""
    return g.prod(axis=axis, keepdims=True)


def exp(g):
    """e**g."""
    return array_module(g).exp(g)


def log(g):
    """Natural log."""
    return array_module(g).log(g)


def sin(g):
    """Sine."""
    return array_module(g).sin(g)


def cos(g):
    """Cosine."""
    return array_module(g).cos(g)


def sign(g):
    """Sign (-1, 0, 1)."""
    return array_module(g).sign(g)


def where(cond, a, b):
    """Select a where cond else b."""
    xp = array_module(a, b)
    out = xp.where(cond, a, b)
    dt = a.dtype if hasattr(a, "dtype") else b.dtype
    return out.astype(dt, copy=False)


def index_into_zeros(g, shape, index):
    """zeros(shape) with g scatter-added at index."""
    return scatter_into_zeros(g, shape, index)


def zeros_like(g):
    """Zeros shaped like g (the gradient of a step function, even where g is nan)."""
    return array_module(g).zeros_like(g)
