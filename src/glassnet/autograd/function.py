"""The ``Function`` base: one op = a forward and a backward side by side.

``forward(ctx, *arrays, **kwargs)`` computes on raw arrays and saves what backward needs with
``ctx.save_for_backward``. ``backward(ctx, grad)`` returns one gradient per input (None where an
input needs none). Backward code uses only operators and ``ctx.ns`` (the namespace of helper
functions), so the same code runs on raw arrays (fast, the default) and on Tensors when
``create_graph=True`` asks for the backward pass itself to be recorded (double backward).
Gradients are summed back over broadcast dimensions by the engine, so ops need not do it.
"""

from __future__ import annotations

import weakref
from typing import Any

from ..backend import array_module, xp
from .grad_mode import STATE

Tensor: Any = None  # set by glassnet.tensor once the class exists (avoids a circular import)
_unpack_saved: Any = None  # set by autograd.engine
_ndarray = xp.ndarray


class Function:
    """Base class of every differentiable op; subclasses define forward and backward."""

    differentiable = True
    inputs: tuple = ()
    ns: Any = None
    _saved: Any = None
    _saved_refs: Any = None
    _out_ref: Any = None

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep these arrays (inputs, the output, or constants) for backward."""
        self._saved = arrays

    @property
    def saved_tensors(self) -> tuple:
        """The saved values: arrays in a plain backward, Tensors under create_graph."""
        return _unpack_saved(self)

    @staticmethod
    def forward(ctx: Function, *args: Any, **kwargs: Any) -> Any:
        """Compute the op on raw arrays."""
        raise NotImplementedError

    @staticmethod
    def backward(ctx: Function, grad: Any) -> Any:
        """Return the gradient(s) with respect to the inputs."""
        raise NotImplementedError

    @classmethod
    def apply(cls, *inputs: Any, **kwargs: Any) -> Any:
        """Run forward on the inputs' arrays and, if any input needs grad, record the op."""
        ctx = cls()
        T = Tensor
        arrays = []
        needs = []
        for x in inputs:
            if isinstance(x, T):
                arrays.append(x._data)
                needs.append(x.requires_grad)
            else:
                arrays.append(x)
                needs.append(False)
        ctx.needs_input_grad = needs
        try:
            res = cls.forward(ctx, *arrays, **kwargs)
        except ValueError as e:
            raise _shape_error(cls, arrays, e) from None
        if type(res) is not _ndarray:
            res = _as_array(res, ctx)
        out = T._wrap(res)
        if True in needs and STATE.enabled and cls.differentiable:
            out.requires_grad = True
            ctx.inputs = inputs
            out._ctx = ctx
            if ctx._saved is not None:
                _bind_saved(ctx, inputs, arrays, out)
        elif ctx._saved is not None:
            ctx._saved = None  # nothing will run backward: drop the arrays now
        return out

    def name(self) -> str:
        """The op's name, e.g. ``MulBackward``."""
        return type(self).__name__ + "Backward"

    def __repr__(self) -> str:
        return f"<{self.name()}>"


def _as_array(res: Any, ctx: Function) -> Any:
    """NumPy gives scalars, not 0-d arrays, for ops on 0-d inputs: make the result an array, and save
    that same array for backward if the scalar was saved (so it is still known as the output)."""
    # A NumPy scalar (the usual case) converts fastest through xp.asarray; anything else asks its module.
    arr = xp.asarray(res) if isinstance(res, xp.generic) else array_module(res).asarray(res)
    if ctx._saved is not None and arr is not res:
        ctx._saved = tuple(arr if s is res else s for s in ctx._saved)
    return arr


class ShapeError(RuntimeError, ValueError):
    """Input shapes an op cannot combine (a RuntimeError as in PyTorch, and a ValueError as in NumPy)."""


def _shape_error(cls: type, arrays: list, e: ValueError) -> Exception:
    """Name the op and the input shapes when NumPy cannot broadcast them; other errors pass unchanged."""
    if "broadcast" not in str(e):
        return e
    shapes = ", ".join(str(tuple(a.shape)) for a in arrays if hasattr(a, "shape"))
    return ShapeError(f"{cls.__name__}: input shapes {shapes} cannot be broadcast together ({e})")


def _bind_saved(ctx: Function, inputs: tuple, arrays: list, out: Any) -> None:
    """Remember which tensor each saved array belongs to (for version checks and create_graph)."""
    refs = []
    out_data = out._data
    for arr in ctx._saved:
        if arr is out_data:
            refs.append((-1, 0))
            # A weak reference: the output must not keep itself alive through its own ctx.
            ctx._out_ref = weakref.ref(out)
            continue
        for i, a in enumerate(arrays):
            if a is arr and a is not inputs[i]:  # an input Tensor's array, not a raw constant
                refs.append((i, inputs[i]._version))
                break
        else:
            refs.append(None)
    ctx._saved_refs = refs
