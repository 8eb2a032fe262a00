"""``Tensor.share_memory_`` / ``is_shared`` and ``Module.share_memory``: the tensor side of sharing."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor
from .reductions import register
from .shared_arrays import share_array, shared_path


def share_tensor_(t: Tensor) -> Tensor:
    """Move ``t``'s values into a shared-memory segment (a no-op when they are there already)."""
    if not isinstance(t._data, np.ndarray):
        raise RuntimeError(
            f"share_memory_: only CPU (NumPy) tensors can be shared between processes; this tensor's data "
            f"is a {type(t._data).__module__}.{type(t._data).__name__}"
        )
    # Registering here, not only on `import glassnet.multiprocessing`, means a shared tensor handed
    # to plain `multiprocessing` still travels as shared memory instead of a silent copy
    register()
    register(type(t))
    if shared_path(t._data) is None:
        t._data = share_array(t._data)
    return t


def is_shared(t: Tensor) -> bool:
    """Whether ``t``'s values live in a glassnet shared-memory segment."""
    return shared_path(t._data) is not None


def share_module(module: Any) -> Any:
    """Share every parameter, buffer and existing gradient of ``module`` (and its children); returns it."""
    for t in [*module.parameters(), *module.buffers()]:
        share_tensor_(t)
        if t.grad is not None:
            share_tensor_(t.grad)
    return module
