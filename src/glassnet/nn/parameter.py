"""Parameter: a Tensor that a Module registers as learnable when it is assigned as an attribute."""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor


class Parameter(Tensor):
    """A kind of Tensor that is to be considered a module parameter.

    Parameters are :class:`~glassnet.Tensor` subclasses that have a very special property when used
    with :class:`Module` s: when they are assigned as Module attributes they are automatically added
    to the list of its parameters, and appear e.g. in :meth:`~Module.parameters`. Operations on a
    Parameter return plain Tensors.

    Args:
        data (Tensor, optional): parameter tensor. Default: ``None`` (an empty tensor).
        requires_grad (bool, optional): if the parameter requires gradient. Default: ``True``.

    Example:
        >>> p = nn.Parameter(glassnet.ones(2))
        >>> p
        Parameter containing:
        tensor([1., 1.], requires_grad=True)
        >>> type(p * 2).__name__
        'Tensor'
    """

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
    """A kind of Tensor that should not be considered a model parameter, but state (``torch.nn.Buffer``).

    Buffers are :class:`~glassnet.Tensor` subclasses: when one is assigned as a Module attribute it
    is registered as a buffer (as :meth:`Module.register_buffer` does) and appears in
    :meth:`~Module.buffers` and, if persistent, in :meth:`~Module.state_dict`.

    Args:
        data (Tensor): buffer tensor.
        persistent (bool, optional): whether the buffer is part of the module's ``state_dict``.
            Default: ``True``.

    Example:
        >>> m = nn.Module()
        >>> m.steps = nn.Buffer(glassnet.zeros(1))
        >>> [name for name, _ in m.named_buffers()], list(m.state_dict())
        (['steps'], ['steps'])
    """

    def __init__(self, data: Any, persistent: bool = True) -> None:
        super().__init__(data)
        self.persistent = persistent


def __getattr__(name: str) -> Any:
    """PyTorch's torch.nn.parameter also holds the lazy placeholders; they live in nn/lazy.py (imported on use)."""
    if name in ("UninitializedParameter", "UninitializedBuffer", "UninitializedTensorMixin", "is_lazy"):
        from . import lazy

        return getattr(lazy, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
