"""How tensors cross process boundaries: a shared tensor travels as its segment's path, not its values.

``register()`` adds reducers to ``multiprocessing.reduction.ForkingPickler``, the pickler Python's
multiprocessing uses for spawned processes' arguments and for Queue/Pipe messages. Plain ``pickle``,
``copy`` and ``glassnet.save`` still copy the values, as in PyTorch.
"""

from __future__ import annotations

from multiprocessing.reduction import ForkingPickler
from typing import Any

from ..tensor import Tensor
from .shared_arrays import attach_array, shared_path


def reduce_tensor(t: Tensor) -> tuple:
    """Pickle a Tensor (or Parameter / Buffer): by segment path when shared, by value otherwise."""
    from ..nn.parameter import Buffer, Parameter

    path = shared_path(t._data)
    if path is None:
        data: Any = ("value", t._data)
    else:
        # A view inside a segment: send the whole segment and where this view sits in it
        whole = _segment_root(t._data)
        offset = t._data.__array_interface__["data"][0] - whole.__array_interface__["data"][0]
        data = ("shared", path, whole.dtype.str, whole.shape, offset, t._data.dtype.str, t._data.shape,
                t._data.strides)
    kind = "parameter" if isinstance(t, Parameter) else "buffer" if isinstance(t, Buffer) else "tensor"
    extra = getattr(t, "persistent", True)
    return rebuild_tensor, (kind, data, t.requires_grad, extra)


def rebuild_tensor(kind: str, data: tuple, requires_grad: bool, extra: Any) -> Tensor:
    """Unpickle what ``reduce_tensor`` sent: map the shared segment, or take the values."""
    import numpy as np

    from ..nn.parameter import Buffer, Parameter

    if data[0] == "shared":
        _, path, dtype, shape, offset, view_dtype, view_shape, strides = data
        whole = attach_array(path, dtype, shape)
        arr = np.ndarray(view_shape, dtype=view_dtype, buffer=whole, offset=offset, strides=strides)
    else:
        arr = data[1]
    if kind == "parameter":
        return Parameter(Tensor._wrap(arr), requires_grad)
    if kind == "buffer":
        return Buffer(Tensor._wrap(arr), persistent=extra)
    return Tensor._wrap(arr, requires_grad=requires_grad)


def _segment_root(arr: Any) -> Any:
    """The array spanning the whole segment that ``arr`` is a view of."""
    root = arr
    while isinstance(getattr(root, "base", None), type(arr)):
        root = root.base
    return root


_registered: set[type] = set()


def register(cls: type | None = None) -> None:
    """Teach multiprocessing's pickler to send glassnet tensors; ``cls`` adds a Tensor subclass.

    The pickler picks reducers by exact type, so a subclass (say a custom Parameter) needs its own
    entry; it then arrives as the glassnet class it derives from (Parameter, Buffer or Tensor).
    """
    from ..nn.parameter import Buffer, Parameter

    for c in (Tensor, Parameter, Buffer) if cls is None else (cls,):
        if c not in _registered:
            ForkingPickler.register(c, reduce_tensor)
            _registered.add(c)
