"""Backward helpers on Tensors: used when create_graph=True, so the backward pass is recorded."""

from __future__ import annotations

from ..ops import elementwise as elementwise_ops
from ..ops import index as index_ops
from ..ops import reduce as reduce_ops
from ..ops import shape as shape_ops

GRAPH = True


def _t(x):
    from ..tensor import Tensor

    return x if isinstance(x, Tensor) else Tensor(x)


def sum_to(g, shape):
    """Sum g back to ``shape`` over broadcast dimensions."""
    return shape_ops.SumTo.apply(g, tuple(shape))


def astype(g, dtype):
    """Cast g to dtype."""
    return elementwise_ops.Cast.apply(g, dtype)


def broadcast_to(g, shape):
    """Broadcast g to shape."""
    return shape_ops.Expand.apply(g, tuple(shape))


def reshape(g, shape):
    """Reshape g."""
    return shape_ops.Reshape.apply(g, tuple(shape))


def permute(g, axes):
    """Permute g's axes."""
    return shape_ops.Permute.apply(g, tuple(axes))


def unsqueeze(g, axis):
    """Insert a size-1 axis."""
    shape = list(g.shape)
    shape.insert(axis % (len(shape) + 1), 1)
    return reshape(g, tuple(shape))


def squeeze(g, axis):
    """Remove a size-1 axis."""
    shape = list(g.shape)
    del shape[axis]
    return reshape(g, tuple(shape))


def sum(g, axis, keepdim):  # noqa: A001 - mirrors the op's name
    """Sum over axis."""
    if isinstance(axis, int):
        axis = (axis,)
    return reduce_ops.Sum.apply(g, axis, keepdim)


def mean(g, axis):
    """Mean over axis, keeping dims."""
    return reduce_ops.Mean.apply(g, axis, True)


def prod(g, axis):
    """Product over axis, keeping dims."""
    return reduce_ops.Prod.apply(g, axis, True)


def exp(g):
    """e**g."""
    return elementwise_ops.Exp.apply(g)


def log(g):
    """Natural log."""
    return elementwise_ops.Log.apply(g)


def sin(g):
    """Sine."""
    return elementwise_ops.Sin.apply(g)


def cos(g):
    """Cosine."""
    return elementwise_ops.Cos.apply(g)


def sign(g):
    """Sign (-1, 0, 1), a constant for differentiation."""
    return _t(g).detach().sign()


def where(cond, a, b):
    """Select a where cond else b."""
    from ..tensor import Tensor

    c = cond._data if isinstance(cond, Tensor) else cond
    ref = a if isinstance(a, Tensor) else b
    a = a if isinstance(a, Tensor) else Tensor(ref.xp.asarray(a, dtype=ref._data.dtype))
    b = b if isinstance(b, Tensor) else Tensor(ref.xp.asarray(b, dtype=ref._data.dtype))
    return elementwise_ops.Where.apply(c, a, b)


def index_into_zeros(g, shape, index):
    """zeros(shape) with g scatter-added at index."""
    return index_ops.IndexIntoZeros.apply(g, tuple(shape), index)


def zeros_like(g):
    """Zeros shaped like g, a constant (the gradient of a step function)."""
    from ..tensor import Tensor

    return Tensor._wrap(g.xp.zeros_like(g._data))
