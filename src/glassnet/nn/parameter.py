"""Parameter: a Tensor that a Module registers as learnable when it is assigned as an attribute."""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor


class Parameter(Tensor):
    """A learnable tensor (requires_grad=True by default); ops on it return plain Tensors."""

    # No __slots__ here: a Parameter gets a __dict__, so libraries may tag parameters with attributes.

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        if data is None:
            from ..creation import empty

            data = empty(0)
        super().__init__(data)  # shares memory with ``data``, as torch.nn.Parameter does
        if requires_grad:
            self.requires_grad_(True)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo: dict) -> Parameter:
        if id(self) in memo:
            return memo[id(self)]
        out = Parameter(self._data.copy(), self.requires_grad)
        if self.grad is not None:
            out.grad = Tensor(self.grad._data.copy())
        memo[id(self)] = out
        return out

    def __reduce_ex__(self, protocol: Any) -> tuple:
        return (_rebuild_parameter, (self._data, self.requires_grad))


def _rebuild_parameter(data: Any, requires_grad: bool) -> Parameter:
    return Parameter(Tensor._wrap(data), requires_grad)


class Buffer(Tensor):
    """Marks a tensor as a buffer when assigned to a Module attribute (``torch.nn.Buffer``)."""

    def __init__(self, data: Any, persistent: bool = True) -> None:
        super().__init__(data)
        self.persistent = persistent


def __getattr__(name: str) -> Any:
    """PyTorch's torch.nn.parameter also holds the lazy placeholders; they live in nn/lazy.py (imported on use)."""
    if name in ("UninitializedParameter", "UninitializedBuffer", "UninitializedTensorMixin", "is_lazy"):
        from . import lazy

        return getattr(lazy, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
