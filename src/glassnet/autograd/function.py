"""The ``Function`` base: one op = a forward and a backward side by side.

``forward(ctx, *arrays, **kwargs)`` computes on raw arrays and saves what backward needs with
``ctx.save_for_backward``. ``backward(ctx, grad)`` returns one gradient per input (None where an
input needs none). Backward code uses only operators and ``ctx.ns`` (the namespace of helper
functions), so the same code runs on raw arrays (fast, the default) and on Tensors when
``create_graph=True`` asks for the backward pass itself to be recorded (double backward).
Gradients are summed back over broadcast dimensions by the engine, so ops need not do it.
"""

from __future__ import annotations

import itertools
import weakref
from typing import Any

from ..backend import array_module, xp
from . import anomaly_mode as _anomaly
from .engine import GradientError
from .grad_mode import STATE

_ndarray = xp.ndarray

# glassnet.tensor.Tensor, cached by tensor_class(): glassnet.tensor imports this module, so the class
# cannot be imported here at import time.
_Tensor: Any = None


def tensor_class() -> type:
    """The Tensor class, imported on first use and cached."""
    global _Tensor
    if _Tensor is None:
        from ..tensor import Tensor

        _Tensor = Tensor
    return _Tensor


def __getattr__(name: str) -> Any:
    """``function.Tensor``: how ops recognise a Tensor without importing glassnet.tensor."""
    if name == "Tensor":
        cls = tensor_class()
        globals()["Tensor"] = cls  # later reads find the name directly, without this hook
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# The op recorder (glassnet.onnx's export sets it for one forward pass): when not None, every op that runs
# is reported to it as ``TRACER(cls, ctx, inputs, kwargs, out)``. None costs one global read per op.
TRACER: Any = None

# Every recorded op gets the next number: when a tensor is modified in place, ops recorded before
# the change still send their gradients to the tensor's earlier history (see Tensor._rebase).
_SEQUENCE = itertools.count()


class Function:
    """Base class of every differentiable op: a subclass defines ``forward`` and ``backward`` side by side,
    and ``MyOp.apply(*inputs)`` runs it and records it for backward (``torch.autograd.Function``).

    ``forward(ctx, *arrays, **kwargs)`` computes on the raw arrays of the inputs (tensor arguments
    arrive as arrays; other arguments as they are) and saves what backward needs with
    ``ctx.save_for_backward(...)``. ``backward(ctx, grad)`` returns one gradient per input (``None``
    where an input needs none), read back with ``ctx.saved_tensors``. Gradients are summed back over
    broadcast dimensions by the engine, so an op need not do it. Backward code that uses only operators
    (and the helpers in ``ctx.ns``) also runs on Tensors, which is how ``create_graph=True`` records
    the backward pass itself (double backward).

    Under ``create_graph`` (``ctx.ns.GRAPH`` is true), backward recomputes the intermediates it needs from
    ``ctx.saved_tensors`` instead of reusing arrays that forward saved: a saved intermediate array enters the
    recorded graph as a constant, so the second derivative would miss its dependence on the inputs.

    Unlike PyTorch's, ``forward`` and ``backward`` see arrays, not tensors, and ``ctx`` is the
    Function instance itself.

    Example:
        >>> class Cube(glassnet.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x ** 3
        ...     @staticmethod
        ...     def backward(ctx, grad):
        ...         (x,) = ctx.saved_tensors
        ...         return grad * 3 * x ** 2
        >>> x = glassnet.tensor([1.0, 2.0], requires_grad=True)
        >>> y = Cube.apply(x)
        >>> y.sum().backward()
        >>> y, x.grad
        (tensor([1., 8.], grad_fn=<CubeBackward0>), tensor([ 3., 12.]))
    """

    differentiable = True
    inputs: tuple = ()
    ns: Any = None
    _saved: Any = None
    _saved_refs: Any = None
    _out_ref: Any = None
    seq: int = 0

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep these arrays (inputs, the output, or constants) for backward."""
        self._saved = arrays

    @property
    def saved_tensors(self) -> tuple:
        """The saved values: arrays in a plain backward, Tensors under create_graph."""
        return unpack_saved(self)

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
        T = _Tensor or tensor_class()  # one global read once the class is cached
        arrays = []
        needs = []
        foreign = False  # an input array that is not NumPy's: check that all inputs share one device
        for x in inputs:
            if isinstance(x, T):
                if x._base is not None and x._base._history is not None:
                    _refresh_view(x)
                arrays.append(x._data)
                needs.append(x.requires_grad)
                if type(x._data) is not _ndarray:
                    foreign = True
            else:
                arrays.append(x)
                needs.append(False)
        if foreign:
            _check_one_device(cls, inputs)
        ctx.needs_input_grad = needs
        try:
            res = cls.forward(ctx, *arrays, **kwargs)
        except ValueError as e:
            raise _shape_error(cls, arrays, e) from None
        if type(res) is not _ndarray:
            res = _as_array(res, ctx)
        out = T._wrap(res)
        if arrays and getattr(res, "base", None) is not None:  # a fresh array (most ops) shares nothing
            _share_if_view(cls, inputs, out, kwargs)
        if True in needs and STATE.enabled and cls.differentiable:
            out.requires_grad = True
            ctx.inputs = inputs
            ctx.seq = next(_SEQUENCE)
            out._ctx = ctx
            if _anomaly.STATE.enabled:  # detect_anomaly: remember where the forward call came from
                ctx.forward_stack = _anomaly.forward_stack()
            if ctx._saved is not None:
                _bind_saved(ctx, inputs, arrays, out)
        elif ctx._saved is not None:
            ctx._saved = None  # nothing will run backward: drop the arrays now
        if TRACER is not None:
            TRACER(cls, ctx, inputs, kwargs, out)
        return out

    def name(self) -> str:
        """The op's name as PyTorch prints it, e.g. ``MulBackward0``."""
        name = getattr(self, "torch_name", None)  # an op may pick its PyTorch overload per call
        if name is None:
            cls = type(self).__name__
            name = TORCH_NAMES.get(cls, cls + "Backward0")
        return name

    def __repr__(self) -> str:
        return f"<{self.name()} object at {id(self):#x}>"


# glassnet op classes whose PyTorch backward node has another name (the rest are ``<Class>Backward0``).
TORCH_NAMES = {
    "PowScalar": "PowBackward0", "Pow": "PowBackward1", "RPowScalar": "PowBackward2",
    "SafeSqrt": "SqrtBackward0", "Clamp": "ClampBackward1", "Cast": "ToCopyBackward0", "ToDevice": "ToCopyBackward0",
    "Identity": "CloneBackward0", "Reshape": "ViewBackward0", "Pad": "ConstantPadNdBackward0",
    "MatMul": "MmBackward0", "Linear": "AddmmBackward0", "Conv2d": "ConvolutionBackward0",
    "ConvTranspose2d": "ConvolutionBackward0", "CrossEntropy": "NllLossBackward0",
    "BatchNorm": "NativeBatchNormBackward0", "LayerNorm": "NativeLayerNormBackward0",
    "GroupNorm": "NativeGroupNormBackward0", "MaxPool2d": "MaxPool2DWithIndicesBackward0",
    "AvgPool2d": "AvgPool2DBackward0", "AdaptiveMaxPool2d": "AdaptiveMaxPool2DBackward0",
    "AMax": "AmaxBackward0", "LogSumExp": "LogsumexpBackward0", "Unfold": "Im2ColBackward0",
    "Fold": "Col2ImBackward0", "Prelu": "PreluKernelBackward0", "Dropout": "NativeDropoutBackward0",
    "MseLoss": "MseLossBackward0", "Embedding": "EmbeddingBackward0", "GetItem": "IndexBackward0",
    "ScaledDotProductAttention": "ScaledDotProductEfficientAttentionBackward0", "WriteView": "CopySlices",
}


def _check_one_device(cls: type, inputs: tuple) -> None:
    """Raise, naming both devices, when an op's tensor inputs live on different devices (as PyTorch does)."""
    from ..array_backend import device_of

    devices = []
    for x in inputs:
        if isinstance(x, _Tensor):
            d = device_of(x._data)
            if d not in devices:
                devices.append(d)
    if len(devices) > 1:
        raise RuntimeError(
            f"{cls.__name__}: Expected all tensors to be on the same device, but found at least two devices, "
            f"{devices[0]} and {devices[1]}! (move them with Tensor.to(device) first)")


def _refresh_view(x: Any) -> None:
    """A view whose base was written (through another view) after the view was taken: redo the view
    from the base's new history, as PyTorch regenerates a stale view's grad_fn."""
    from ..ops.index import replay_view_recorded

    base = x._base
    changed = base._history[-1][0]
    if (x._history and x._history[-1][0] >= changed) or (x._ctx is not None and x._ctx.seq > changed):
        return  # the view is already newer than the base's last in-place change
    again = replay_view_recorded(base, x._view)
    if again._ctx is None:
        return
    old = _Tensor._wrap(x._data, x.requires_grad)
    old._ctx = x._ctx
    x._rebase(again._ctx, old, next(_SEQUENCE))


def _share_if_view(cls: type, inputs: tuple, out: Any, kwargs: dict) -> None:
    """If the output is a view of the first input's memory, share its version counter and remember
    how to redo the view from the base (for writes through the view, see Tensor._inplace_through_view)."""
    x = inputs[0]
    if not isinstance(x, _Tensor):
        return
    o, a = out._data, x._data
    ob = o.base
    ab = a.base if a.base is not None else a
    if ob is not ab:
        return
    out._vc = x._vc
    out._base = x if x._base is None else x._base
    out._view = (cls, inputs[1:], kwargs, x._view if x._base is not None else None)


def _as_array(res: Any, ctx: Function) -> Any:
    """NumPy gives scalars, not 0-d arrays, for ops on 0-d inputs: make the result an array, and save
    that same array for backward if the scalar was saved (so it is still known as the output)."""
    # A NumPy scalar (the usual case) converts fastest through xp.asarray; anything else asks its module.
    arr = xp.asarray(res) if isinstance(res, xp.generic) else array_module(res).asarray(res)
    if ctx._saved is not None and arr is not res:
        ctx._saved = tuple(arr if s is res else s for s in ctx._saved)
    return arr


class NoGradOp:
    """How the op recorder (``TRACER``) sees the ops that run no Function because they have no gradient:
    comparisons (``{"op": "__lt__"}``, ...), bitwise ops (``{"op": "__and__"}``, ``"__invert__"``, ...),
    argmax/argmin (``{"op": "argmax", "dim": 1, "keepdim": False}``) and ``Tensor.detach`` (``{"op": "detach"}``)."""


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
        if arr is None:  # ops save None for what a backward without that input's gradient skips
            refs.append(None)
            continue
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


def unpack_saved(ctx: Function) -> tuple:
    """Return a ctx's saved values, checking that none was modified in place since."""
    if ctx._saved is None:
        raise GradientError(
            f"Trying to backward through the graph a second time ({ctx.name()}): its saved values were "
            "freed after the first backward. Pass retain_graph=True to the first backward() if you "
            "need to call it again."
        )
    graph = ctx.ns is not None and ctx.ns.GRAPH
    out = [] if graph else None
    for arr, ref in zip(ctx._saved, ctx._saved_refs):
        t = None
        if ref is not None:
            idx, version = ref
            t = ctx._out_ref() if idx == -1 else ctx.inputs[idx]
            if t is not None and t._version != version:
                raise GradientError(
                    "one of the variables needed for gradient computation has been modified by an "
                    f"inplace operation: [{t.dtype.name} tensor of shape {tuple(t.shape)}] is at version "
                    f"{t._version}; expected version {version} instead ({ctx.name()})."
                )
        if graph:
            # Under create_graph, backward must see the Tensors themselves so it is recorded too.
            out.append(t if t is not None else _const(arr))
    return tuple(out) if graph else ctx._saved


def _const(arr: Any) -> Any:
    """A saved constant as a Tensor outside the graph (arrays only; None and non-arrays pass unchanged)."""
    T = tensor_class()
    return arr if arr is None or isinstance(arr, T) or not hasattr(arr, "shape") else T(arr)
