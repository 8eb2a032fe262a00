"""Tensor: an array, its gradient, and the edge to the op that made it.

Every operator and method below calls an op class in ``glassnet.ops``; the op computes with the
backend's array module and records itself on the result so ``backward`` can walk back through it.
"""

from __future__ import annotations

import builtins
from collections import namedtuple
from typing import Any

import numpy as _np  # only for dtype bookkeeping and formatting, never for op math

from . import dtypes as D
from .autograd import engine
from .autograd.grad_mode import STATE
from .backend import array_module
from .ops import elementwise as E
from .ops import index as I
from .ops import matmul as M
from .ops import reduce as R
from .ops import shape as S

_Values = namedtuple("return_types", ["values", "indices"])


class Size(tuple):
    """A tensor's shape: a tuple printed like PyTorch's ``torch.Size``."""

    def __repr__(self) -> str:
        return f"glassnet.Size({list(self)})"

    def numel(self) -> int:
        """Number of elements a tensor of this shape holds."""
        n = 1
        for s in self:
            n *= s
        return n


def _dim(d: int, ndim: int, op: str = "") -> int:
    """Normalise a possibly negative dim, with PyTorch's error when it is out of range."""
    n = builtins.max(ndim, 1)
    if not -n <= d < n:
        raise IndexError(
            f"{op + ': ' if op else ''}Dimension out of range (expected to be in range of "
            f"[{-n}, {n - 1}], but got {d})"
        )
    return d % n


def _dims(dim: Any, ndim: int, op: str = "") -> tuple | None:
    if dim is None:
        return None
    if ndim == 0:  # a 0-d tensor accepts dim 0 or -1, meaning "everything"
        _dims(dim, 1, op)
        return None
    if isinstance(dim, (list, tuple)):
        if len(dim) == 0:
            return None
        return tuple(_dim(d, ndim, op) for d in dim)
    return (_dim(dim, ndim, op),)


def _shape_arg(args: tuple) -> tuple:
    if len(args) == 1 and isinstance(args[0], (tuple, list, Size)):
        return tuple(args[0])
    return tuple(args)


def _arr(x: Any) -> Any:
    return x._data if isinstance(x, Tensor) else x


class Tensor:
    """A multi-dimensional array that records the ops applied to it for reverse-mode autodiff."""

    __slots__ = ("_data", "grad", "requires_grad", "_ctx", "_version", "_retains_grad", "_hooks",
                 "__weakref__")
    __array_ufunc__ = None  # make NumPy defer to our reflected operators (ndarray * Tensor)
    __array_priority__ = 1000

    def __init__(self, data: Any, dtype: Any = None, requires_grad: bool = False) -> None:
        if isinstance(data, Tensor):
            data = data._data
        xp = array_module(data)
        if dtype is not None:
            arr = xp.asarray(data, dtype=D.to_numpy_dtype(dtype))
        else:
            arr = xp.asarray(data)
            if arr.dtype == _np.float64 and not isinstance(data, _np.ndarray | _np.generic):
                arr = arr.astype(D.get_default_dtype().np)  # Python floats -> default float
            elif arr.dtype.kind not in "fiub" and arr.dtype != object:
                arr = arr.astype(D.get_default_dtype().np)
        if arr.dtype == object:
            raise TypeError(f"glassnet.tensor: cannot build a tensor from {type(data).__name__} data")
        self._data = arr
        self.grad = None
        self._ctx = None
        self._version = 0
        self._retains_grad = False
        self._hooks = None
        self.requires_grad = False
        if requires_grad:
            self.requires_grad_(True)

    @classmethod
    def _wrap(cls, arr: Any, requires_grad: bool = False) -> Tensor:
        """Wrap an array without copying or checks (the ops' fast path)."""
        t = object.__new__(cls)
        t._data = arr
        t.grad = None
        t._ctx = None
        t._version = 0
        t._retains_grad = False
        t._hooks = None
        t.requires_grad = requires_grad
        return t

    # ---- basic properties ----------------------------------------------------------------------
    @property
    def data(self) -> Tensor:
        """This tensor's values as a new tensor outside the graph, sharing storage (PyTorch's ``.data``).

        Changes made through it are not seen by autograd; the raw array itself is ``_data``.
        """
        return Tensor._wrap(self._data)

    @data.setter
    def data(self, value: Any) -> None:
        # PyTorch lets ``p.data = t`` swap the values (even the shape) of a parameter in place.
        self._data = value._data if isinstance(value, Tensor) else array_module(value).asarray(value)

    @property
    def shape(self) -> Size:
        """The tensor's shape."""
        return Size(self._data.shape)

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return self._data.ndim

    @property
    def dtype(self) -> D.dtype:
        """Element type."""
        return D.from_numpy_dtype(self._data.dtype)

    @property
    def xp(self) -> Any:
        """The array module holding this tensor's data."""
        return array_module(self._data)

    @property
    def device(self) -> str:
        """Where the data lives ('cpu' for NumPy)."""
        return "cpu" if self.xp is _np else "cuda"

    @property
    def is_leaf(self) -> bool:
        """True for tensors not produced by a recorded op (user-created, or requires_grad=False)."""
        return self._ctx is None

    @property
    def grad_fn(self) -> Any:
        """The op that produced this tensor (None for leaves)."""
        return self._ctx

    @property
    def retains_grad(self) -> bool:
        """True if a non-leaf was asked to keep its .grad."""
        return self._retains_grad

    @property
    def T(self) -> Tensor:  # noqa: N802 - PyTorch name
        """All dimensions reversed."""
        return self.permute(*reversed(range(self.ndim)))

    @property
    def mT(self) -> Tensor:  # noqa: N802 - PyTorch name
        """The last two dimensions swapped (batched matrix transpose)."""
        return self.transpose(-2, -1)

    def size(self, dim: int | None = None) -> Any:
        """The shape, or the length of one dimension."""
        return self.shape if dim is None else self._data.shape[_dim(dim, self.ndim, "size")]

    def dim(self) -> int:
        """Number of dimensions."""
        return self._data.ndim

    def numel(self) -> int:
        """Number of elements."""
        return int(self._data.size)

    def element_size(self) -> int:
        """Bytes per element."""
        return self._data.itemsize

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise ValueError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar (item())"
            )
        return self._data.reshape(()).item()

    def share_memory_(self) -> Tensor:
        """Move the values into shared memory so other processes see (and make) every change; returns self."""
        from .multiprocessing.sharing import share_tensor_

        return share_tensor_(self)

    def is_shared(self) -> bool:
        """Whether the values live in shared memory (after ``share_memory_()`` or received from another process)."""
        from .multiprocessing.sharing import is_shared

        return is_shared(self)

    def numpy(self) -> Any:
        """The data as a NumPy array (shares memory; refuses tensors that require grad)."""
        if self.requires_grad:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy()."
            )
        return self._data

    def tolist(self) -> Any:
        """The data as (nested) Python lists."""
        return self._data.tolist()

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError(
                f"Boolean value of Tensor with {self._data.size} values is ambiguous"
            )
        return bool(self._data.reshape(()))

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        if self.dtype.is_floating_point or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        prefix = "tensor("
        arr = _np.asarray(self._data)
        fmt = {"float_kind": _float_formatter(arr)} if arr.dtype.kind == "f" else None
        # PyTorch wraps at 80 columns and writes its ellipsis one space wider than NumPy does.
        body = _np.array2string(arr, separator=", ", prefix=prefix, threshold=1000, edgeitems=3,
                                max_line_width=80 if arr.size > 1000 else 81,
                                formatter=fmt).replace(", ..., ", ",  ..., ")
        if self._data.size == 0:
            body = f"[], size={tuple(self._data.shape)}" if self.ndim > 1 else "[]"
        extras = []
        if self._data.dtype not in (D.get_default_dtype().np, _np.int64, _np.bool_):
            extras.append(f"dtype={self.dtype!r}")
        if self._ctx is not None:
            extras.append(f"grad_fn={self._ctx!r}")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        return prefix + body + "".join(", " + e for e in extras) + ")"

    # ---- dtype conversion ----------------------------------------------------------------------
    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """Convert dtype (``t.to(glassnet.float64)``); devices other than 'cpu' are not supported yet."""
        dtype = kwargs.get("dtype")
        for a in args:
            if isinstance(a, D.dtype):
                dtype = a
            elif isinstance(a, Tensor):
                dtype = a.dtype
            elif isinstance(a, str) and a != "cpu":
                raise ValueError(f"Tensor.to: device {a!r} is not available (glassnet runs on 'cpu')")
        dev = kwargs.get("device")
        if dev not in (None, "cpu"):
            raise ValueError(f"Tensor.to: device {dev!r} is not available (glassnet runs on 'cpu')")
        return self if dtype is None else self.astype(dtype)

    def astype(self, dtype: Any) -> Tensor:
        """A copy in another dtype (differentiable between floating types)."""
        nd = D.to_numpy_dtype(dtype)
        if nd == self._data.dtype:
            return self
        if self.requires_grad and nd.kind != "f":
            return Tensor._wrap(self._data.astype(nd))
        return E.Cast.apply(self, nd)

    type = astype

    def float(self) -> Tensor:
        """Convert to float32."""
        return self.astype(D.float32)

    def double(self) -> Tensor:
        """Convert to float64."""
        return self.astype(D.float64)

    def half(self) -> Tensor:
        """Convert to float16."""
        return self.astype(D.float16)

    def long(self) -> Tensor:
        """Convert to int64."""
        return self.astype(D.int64)

    def int(self) -> Tensor:
        """Convert to int32."""
        return self.astype(D.int32)

    def bool(self) -> Tensor:
        """Convert to bool."""
        return self.astype(D.bool_)

    def type_as(self, other: Tensor) -> Tensor:
        """Convert to other's dtype."""
        return self.astype(other.dtype)

    def is_floating_point(self) -> bool:
        """True for float dtypes."""
        return self._data.dtype.kind == "f"

    def cpu(self) -> Tensor:
        """This tensor (glassnet runs on the CPU)."""
        return self

    # ---- autograd ------------------------------------------------------------------------------
    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set requires_grad in place (only on leaves, and only for floating dtypes)."""
        if not self.is_leaf and not requires_grad:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed "
                "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
            )
        if requires_grad and self._data.dtype.kind not in "fc":
            raise RuntimeError(
                f"only Tensors of floating point dtype can require gradients (got {self.dtype!r})"
            )
        self.requires_grad = bool(requires_grad)
        return self

    def backward(self, gradient: Any = None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs: Any = None) -> None:
        """Compute d(self)/d(leaf) for every leaf that requires grad, accumulating into ``.grad``."""
        gradient = engine.seed_grad(self, gradient, create_graph, "pass backward(gradient=...)")
        if retain_graph is None:
            retain_graph = create_graph
        if inputs is not None:
            inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
            grads = engine.run_backward([self], [gradient], retain_graph, create_graph, inputs=inputs)
            for t, g in zip(inputs, grads):
                if g is not None:
                    engine._accumulate_grad(t, g if create_graph else g._data, create_graph)
            return
        engine.run_backward([self], [gradient], retain_graph, create_graph)

    def detach(self) -> Tensor:
        """A tensor sharing this data, cut from the graph."""
        t = Tensor._wrap(self._data)
        return t

    def detach_(self) -> Tensor:
        """Cut this tensor from the graph in place."""
        self._ctx = None
        self.requires_grad = False
        return self

    def retain_grad(self) -> None:
        """Keep ``.grad`` on this non-leaf tensor after backward."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._ctx is not None:
            self._retains_grad = True

    def register_hook(self, hook: Any) -> Any:
        """Call ``hook(grad)`` when this tensor's gradient is computed; it may return a new grad."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._hooks is None:
            self._hooks = {}
        key = object()
        self._hooks[key] = hook
        tensor = self

        class _Handle:
            def remove(self) -> None:
                tensor._hooks.pop(key, None)

        return _Handle()

    def clone(self) -> Tensor:
        """A copy that stays in the graph."""
        return E.Identity.apply(self)

    def contiguous(self) -> Tensor:
        """This tensor if its data is C-contiguous, else a contiguous copy."""
        return self if self._data.flags.c_contiguous else E.Identity.apply(self)

    def is_contiguous(self) -> bool:
        """True if the data is C-contiguous."""
        return bool(self._data.flags.c_contiguous)

    # ---- in-place updates (bump the version so stale saved tensors are caught) ------------------
    def _check_inplace(self, op: str) -> None:
        if self.requires_grad and STATE.enabled:
            if self.is_leaf:
                raise RuntimeError(
                    f"{op}: a leaf Variable that requires grad is being used in an in-place operation "
                    "(wrap it in glassnet.no_grad(), as optimizers do)"
                )
            raise RuntimeError(
                f"{op}: in-place operations on tensors that are part of a graph are not supported; "
                "use the out-of-place form (e.g. y = y + x)"
            )
        if not self._data.flags.writeable:
            self._data = self._data.copy()

    def _inplace(self, op: str, value: Any) -> Tensor:
        self._check_inplace(op)
        self._data[...] = value
        self._version += 1
        return self

    def __setitem__(self, index: Any, value: Any) -> None:
        self._check_inplace("__setitem__")
        self._data[_index_arr(index)] = _arr(value)
        self._version += 1

    def copy_(self, src: Any) -> Tensor:
        """Copy src's values into this tensor."""
        return self._inplace("copy_", _arr(src))

    def zero_(self) -> Tensor:
        """Fill with zeros."""
        return self._inplace("zero_", 0)

    def fill_(self, value: Any) -> Tensor:
        """Fill with a value."""
        return self._inplace("fill_", _arr(value))

    def _inplace_arith(self, op: str, ufunc: str, other: Any) -> Tensor:
        """self = ufunc(self, other), written into self's own buffer when the dtype allows."""
        self._check_inplace(op)
        d = self._data
        fn = getattr(self.xp, ufunc)
        if d.dtype.kind == "f":
            fn(d, other, out=d)  # no full-size temporary: optimizer updates stay cheap
        else:
            d[...] = fn(d, other)  # integer data: the result is cast back to the tensor's dtype
        self._version += 1
        return self

    def add_(self, other: Any, alpha: Any = 1) -> Tensor:
        """self += alpha * other."""
        o = _arr(other)
        return self._inplace_arith("add_", "add", o if alpha == 1 else alpha * o)

    def sub_(self, other: Any, alpha: Any = 1) -> Tensor:
        """self -= alpha * other."""
        o = _arr(other)
        return self._inplace_arith("sub_", "subtract", o if alpha == 1 else alpha * o)

    def mul_(self, other: Any) -> Tensor:
        """self *= other."""
        return self._inplace_arith("mul_", "multiply", _arr(other))

    def div_(self, other: Any) -> Tensor:
        """self /= other."""
        return self._inplace_arith("div_", "true_divide", _arr(other))

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002 - PyTorch names
        """Clamp in place."""
        return self._inplace("clamp_", self.xp.clip(self._data, _arr(min), _arr(max)))

    def masked_fill_(self, mask: Any, value: Any) -> Tensor:
        """Fill where mask is True, in place."""
        return self._inplace("masked_fill_", self.xp.where(_arr(mask), _arr(value), self._data))

    def uniform_(self, a: float = 0.0, b: float = 1.0) -> Tensor:
        """Fill with U(a, b) draws from glassnet's generator."""
        from .backend import generator

        return self._inplace("uniform_", generator().uniform(a, b, self._data.shape))

    def normal_(self, mean: float = 0.0, std: float = 1.0) -> Tensor:
        """Fill with N(mean, std^2) draws from glassnet's generator."""
        from .backend import generator

        return self._inplace("normal_", generator().normal(mean, std, self._data.shape))

    def __iadd__(self, other: Any) -> Tensor:
        return self + other if self.requires_grad and STATE.enabled and not self.is_leaf else self.add_(other)

    def __isub__(self, other: Any) -> Tensor:
        return self - other if self.requires_grad and STATE.enabled and not self.is_leaf else self.sub_(other)

    def __imul__(self, other: Any) -> Tensor:
        return self * other if self.requires_grad and STATE.enabled and not self.is_leaf else self.mul_(other)

    def __itruediv__(self, other: Any) -> Tensor:
        return self / other if self.requires_grad and STATE.enabled and not self.is_leaf else self.div_(other)

    # ---- more of PyTorch's Tensor surface (issue #9, "more") ----
    @staticmethod
    def _more() -> Any:
        """glassnet.more_functions, imported on first use (it imports this module)."""
        from . import more_functions

        return more_functions

    def _inplace_result(self, op: str, result: Tensor) -> Tensor:
        """Write an out-of-place result back into self, refusing a float result in an integer tensor."""
        if result._data.dtype.kind == "f" and self._data.dtype.kind != "f":
            raise RuntimeError(f"{op}: result type {result.dtype} can't be cast to the desired output type "
                               f"{self.dtype}")
        if tuple(result.shape) != tuple(self.shape):
            raise RuntimeError(f"{op}: output with shape {list(self.shape)} doesn't match the broadcast shape "
                               f"{list(result.shape)}")
        return self._inplace(op, result._data)

    def absolute(self) -> Tensor:
        """Alias of abs."""
        return self.abs()

    def absolute_(self) -> Tensor:
        """abs in place."""
        return self._inplace_result("absolute_", self.abs())

    def arccos(self) -> Tensor:
        """Alias of acos."""
        return self.acos()

    def arcsin(self) -> Tensor:
        """Alias of asin."""
        return self.asin()

    def arctan(self) -> Tensor:
        """Alias of atan."""
        return self.atan()

    def arctan2(self, other: Any) -> Tensor:
        """Alias of atan2."""
        return self.atan2(other)

    def arccosh(self) -> Tensor:
        """Alias of acosh."""
        return self.acosh()

    def arcsinh(self) -> Tensor:
        """Alias of asinh."""
        return self.asinh()

    def arctanh(self) -> Tensor:
        """Alias of atanh."""
        return self.atanh()

    def greater(self, other: Any) -> Tensor:
        """Alias of gt."""
        return self > other

    def greater_equal(self, other: Any) -> Tensor:
        """Alias of ge."""
        return self >= other

    def less(self, other: Any) -> Tensor:
        """Alias of lt."""
        return self < other

    def less_equal(self, other: Any) -> Tensor:
        """Alias of le."""
        return self <= other

    def not_equal(self, other: Any) -> Tensor:
        """Alias of ne."""
        return self != other

    def multiply(self, other: Any) -> Tensor:
        """Alias of mul."""
        return self * other

    def subtract(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """Alias of sub."""
        return self.sub(other, alpha)

    def divide(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        """Alias of div."""
        return Tensor._more().divide(self, other, rounding_mode=rounding_mode)

    def true_divide(self, other: Any) -> Tensor:
        """Alias of div without rounding."""
        return self / other

    def negative(self) -> Tensor:
        """Alias of neg."""
        return -self

    def positive(self) -> Tensor:
        """self (an error for bool)."""
        return Tensor._more().positive(self)

    def swapdims(self, dim0: int, dim1: int) -> Tensor:
        """Alias of transpose."""
        return self.transpose(dim0, dim1)

    def movedim(self, source: Any, destination: Any) -> Tensor:
        """Move dims to new positions, keeping the others' order."""
        return Tensor._more().movedim(self, source, destination)

    moveaxis = movedim

    def ndimension(self) -> int:
        """Alias of dim()."""
        return self.ndim

    def nelement(self) -> int:
        """Alias of numel()."""
        return self.numel()

    @property
    def nbytes(self) -> int:
        """Bytes the elements take."""
        return int(self._data.nbytes)

    @property
    def itemsize(self) -> int:
        """Bytes per element."""
        return self._data.itemsize

    def stride(self, dim: int | None = None) -> Any:
        """Elements to step in memory per index step in each dim (of a contiguous layout for copies)."""
        strides = tuple(s // self._data.itemsize for s in self._data.strides)
        return strides if dim is None else strides[_dim(dim, self.ndim, "stride")]

    @property
    def H(self) -> Tensor:  # noqa: N802 - PyTorch name
        """The (conjugate) transpose of a matrix; real tensors need no conjugation."""
        if self.ndim not in (0, 2):
            raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {self.ndim}-D tensor.")
        return self.permute(1, 0) if self.ndim == 2 else self

    @property
    def mH(self) -> Tensor:  # noqa: N802 - PyTorch name
        """The (conjugate) transpose of the last two dims."""
        if self.ndim < 2:
            raise RuntimeError(f"tensor.mH is only supported on matrices or batches of matrices. Got {self.ndim}-D "
                               "tensor.")
        return self.mT

    def adjoint(self) -> Tensor:
        """Alias of mH."""
        return self.mH

    def ravel(self) -> Tensor:
        """Flattened to 1-D."""
        return self.reshape(-1)

    def tile(self, *dims: Any) -> Tensor:
        """Repeat along each dim (dims padded with ones on the left)."""
        return Tensor._more().tile(self, _shape_arg(dims))

    def rot90(self, k: int = 1, dims: Any = (0, 1)) -> Tensor:
        """Rotate by 90 degrees k times in the plane of dims."""
        return Tensor._more().rot90(self, k, dims)

    def fliplr(self) -> Tensor:
        """Reverse dim 1."""
        return Tensor._more().fliplr(self)

    def flipud(self) -> Tensor:
        """Reverse dim 0."""
        return Tensor._more().flipud(self)

    def msort(self) -> Tensor:
        """Sorted along dim 0."""
        return self.sort(0).values

    def is_signed(self) -> bool:
        """True for signed dtypes."""
        return self._data.dtype.kind in "if"

    def is_nonzero(self) -> bool:
        """The truth value of a one-element tensor."""
        return Tensor._more().is_nonzero(self)

    def is_same_size(self, other: Tensor) -> bool:
        """True when both shapes are equal."""
        return tuple(self.shape) == tuple(other.shape)

    def is_inference(self) -> bool:
        """False: glassnet has no inference-mode tensors."""
        return False

    def get_device(self) -> int:
        """-1, the CPU (as torch reports for CPU tensors)."""
        return -1

    @property
    def layout(self) -> Any:
        """glassnet.strided (every tensor is dense)."""
        return Tensor._more().strided

    def sum_to_size(self, *size: Any) -> Tensor:
        """Sum over broadcast dims so the result has ``size`` (which must be expandable to self's shape)."""
        shape = _shape_arg(size)
        try:
            ok = tuple(_np.broadcast_shapes(shape, tuple(self.shape))) == tuple(self.shape)
        except ValueError:
            ok = False
        if not ok:
            raise RuntimeError(f"sum_to_size: size {list(shape)} is not expandable to size {list(self.shape)}")
        return S.SumTo.apply(self, shape) if shape != tuple(self.shape) else self

    def clamp_min(self, min: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """clamp with only a lower bound."""
        return self.clamp(min=min)

    def clamp_max(self, max: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """clamp with only an upper bound."""
        return self.clamp(max=max)

    def clamp_min_(self, min: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """clamp_min in place."""
        return self.clamp_(min=min)

    def clamp_max_(self, max: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """clamp_max in place."""
        return self.clamp_(max=max)

    def byte(self) -> Tensor:
        """Convert to uint8."""
        return self.astype(D.uint8)

    def char(self) -> Tensor:
        """Convert to int8."""
        return self.astype(D.int8)

    def short(self) -> Tensor:
        """Convert to int16."""
        return self.astype(D.int16)

    def __contains__(self, element: Any) -> bool:
        """True when any element equals ``element`` (a number or a tensor)."""
        if not isinstance(element, Tensor | builtins.int | builtins.float | builtins.bool):
            raise RuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a "
                               f"{type(element)}.")
        return builtins.bool((self._data == _arr(element)).any())

    def __reversed__(self) -> Tensor:
        """The tensor reversed along dim 0 (itself when 0-D)."""
        return self if self.ndim == 0 else self[::-1]

    def __deepcopy__(self, memo: dict) -> Tensor:
        """An independent copy keeping requires_grad and a copy of grad; only graph leaves can be copied."""
        if id(self) in memo:
            return memo[id(self)]
        if not self.is_leaf:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                               "protocol at the moment.")
        out = Tensor._wrap(self._data.copy(), self.requires_grad)
        memo[id(self)] = out
        if self.grad is not None:
            out.grad = self.grad.__deepcopy__(memo)
        return out

    def __ipow__(self, other: Any) -> Tensor:
        if self.requires_grad and STATE.enabled and not self.is_leaf:
            return self ** other
        return self._inplace_result("pow_", self ** other)

    def pow_(self, exponent: Any) -> Tensor:
        """self ** exponent in place."""
        return self._inplace_result("pow_", self ** exponent)

    def select(self, dim: int, index: int) -> Tensor:
        """The slice at ``index`` along dim (that dim removed)."""
        return Tensor._more().select(self, dim, index)

    def take(self, index: Any) -> Tensor:
        """self as 1-D, read at index."""
        return Tensor._more().take(self, index)

    def put(self, index: Any, source: Any, accumulate: bool = False) -> Tensor:
        """A copy with source written at flat indices."""
        return Tensor._more().put(self, index, source, accumulate)

    def put_(self, index: Any, source: Any, accumulate: bool = False) -> Tensor:
        """put in place."""
        return self._inplace_result("put_", self.put(index, source, accumulate))

    def index_fill(self, dim: int, index: Any, value: Any) -> Tensor:
        """A copy filled with value at index along dim."""
        return Tensor._more().index_fill(self, dim, index, value)

    def index_fill_(self, dim: int, index: Any, value: Any) -> Tensor:
        """index_fill in place."""
        return self._inplace_result("index_fill_", self.index_fill(dim, index, value))

    def index_copy(self, dim: int, index: Any, source: Any) -> Tensor:
        """A copy with source's slices placed at index along dim."""
        return Tensor._more().index_copy(self, dim, index, source)

    def index_copy_(self, dim: int, index: Any, source: Any) -> Tensor:
        """index_copy in place."""
        return self._inplace_result("index_copy_", self.index_copy(dim, index, source))

    def index_put(self, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
        """A copy with values written (or added) at a tuple of index tensors."""
        return Tensor._more().index_put(self, indices, values, accumulate)

    def index_put_(self, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
        """index_put in place."""
        return self._inplace_result("index_put_", self.index_put(indices, values, accumulate))

    def masked_scatter(self, mask: Any, source: Tensor) -> Tensor:
        """A copy with source's elements written in order where mask is True."""
        return Tensor._more().masked_scatter(self, mask, source)

    def masked_scatter_(self, mask: Any, source: Tensor) -> Tensor:
        """masked_scatter in place."""
        return self._inplace_result("masked_scatter_", self.masked_scatter(mask, source))

    def diagonal_scatter(self, src: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        """A copy with src along a diagonal."""
        return Tensor._more().diagonal_scatter(self, src, offset, dim1, dim2)

    def select_scatter(self, src: Tensor, dim: int, index: int) -> Tensor:
        """A copy with src at index along dim."""
        return Tensor._more().select_scatter(self, src, dim, index)

    def slice_scatter(self, src: Tensor, dim: int = 0, start: Any = None, end: Any = None, step: int = 1) -> Tensor:
        """A copy with src in a slice along dim."""
        return Tensor._more().slice_scatter(self, src, dim, start, end, step)

    def diag_embed(self, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
        """Matrices with the last dim on a diagonal."""
        return Tensor._more().diag_embed(self, offset, dim1, dim2)

    def diagflat(self, offset: int = 0) -> Tensor:
        """A 2-D matrix with the flattened tensor on a diagonal."""
        return Tensor._more().diagflat(self, offset)

    def tensor_split(self, indices_or_sections: Any, dim: int = 0) -> tuple:
        """Split into nearly equal parts or at indices."""
        return Tensor._more().tensor_split(self, indices_or_sections, dim)

    def hsplit(self, indices_or_sections: Any) -> tuple:
        """Split along dim 1 (dim 0 for 1-D)."""
        return Tensor._more().hsplit(self, indices_or_sections)

    def vsplit(self, indices_or_sections: Any) -> tuple:
        """Split along dim 0."""
        return Tensor._more().vsplit(self, indices_or_sections)

    def dsplit(self, indices_or_sections: Any) -> tuple:
        """Split along dim 2."""
        return Tensor._more().dsplit(self, indices_or_sections)

    def split_with_sizes(self, split_sizes: Any, dim: int = 0) -> tuple:
        """Split into pieces of the given sizes."""
        return Tensor._more().split_with_sizes(self, split_sizes, dim)

    def count_nonzero(self, dim: Any = None) -> Tensor:
        """How many entries are nonzero."""
        return Tensor._more().count_nonzero(self, dim)

    def aminmax(self, *, dim: int | None = None, keepdim: bool = False) -> Any:
        """(min, max) over dim or everything."""
        return Tensor._more().aminmax(self, dim=dim, keepdim=keepdim)

    def mode(self, dim: int = -1, keepdim: bool = False) -> Any:
        """Most frequent value along dim and an index of it."""
        return Tensor._more().mode(self, dim, keepdim)

    def diff(self, n: int = 1, dim: int = -1, prepend: Any = None, append: Any = None) -> Tensor:
        """n-th forward difference along dim."""
        return Tensor._more().diff(self, n, dim, prepend, append)

    def kron(self, other: Tensor) -> Tensor:
        """Kronecker product."""
        return Tensor._more().kron(self, other)

    def cross(self, other: Tensor, dim: int | None = None) -> Tensor:
        """Cross product of 3-vectors along dim."""
        return Tensor._more().cross(self, other, dim)

    def trace(self) -> Tensor:
        """Sum of the main diagonal."""
        return Tensor._more().trace(self)

    def inner(self, other: Tensor) -> Tensor:
        """Sum over the last dims of the product."""
        return Tensor._more().inner(self, other)

    def vdot(self, other: Tensor) -> Tensor:
        """Dot product of 1-D tensors."""
        return Tensor._more().vdot(self, other)

    def cov(self, *, correction: int = 1, fweights: Any = None, aweights: Any = None) -> Tensor:
        """Covariance matrix of the rows."""
        return Tensor._more().cov(self, correction=correction, fweights=fweights, aweights=aweights)

    def corrcoef(self) -> Tensor:
        """Correlation coefficients of the rows."""
        return Tensor._more().corrcoef(self)

    def histc(self, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:  # noqa: A002 - PyTorch names
        """Counts in equal-width bins."""
        return Tensor._more().histc(self, bins, min, max)

    def histogram(self, bins: Any = 100, *, range: Any = None, weight: Any = None,  # noqa: A002
                  density: bool = False) -> Any:
        """(hist, bin_edges)."""
        return Tensor._more().histogram(self, bins, range=range, weight=weight, density=density)

    def bincount(self, weights: Any = None, minlength: int = 0) -> Tensor:
        """Occurrences of each non-negative integer."""
        return Tensor._more().bincount(self, weights, minlength)

    def nan_to_num(self, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
        """NaN and infinities replaced by finite numbers."""
        return Tensor._more().nan_to_num(self, nan, posinf, neginf)

    def nan_to_num_(self, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
        """nan_to_num in place."""
        return self._inplace_result("nan_to_num_", self.nan_to_num(nan, posinf, neginf))

    def nansum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        """Sum treating NaN as zero."""
        return Tensor._more().nansum(self, dim, keepdim, dtype=dtype)

    def nanmean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        """Mean of the non-NaN entries."""
        return Tensor._more().nanmean(self, dim, keepdim, dtype=dtype)

    def nanmedian(self, dim: int | None = None, keepdim: bool = False) -> Any:
        """Lower median ignoring NaN."""
        return Tensor._more().nanmedian(self, dim, keepdim)

    def frac(self) -> Tensor:
        """Fractional part (x - trunc(x))."""
        return Tensor._more().frac(self)

    def frac_(self) -> Tensor:
        """frac in place."""
        return self._inplace_result("frac_", self.frac())

    def fix(self) -> Tensor:
        """Alias of trunc."""
        return self.trunc()

    def fix_(self) -> Tensor:
        """trunc in place."""
        return self._inplace_result("fix_", self.trunc())

    def sgn(self) -> Tensor:
        """sign for real tensors."""
        return self.sign()

    def sgn_(self) -> Tensor:
        """sign in place."""
        return self._inplace_result("sgn_", self.sign())

    def signbit(self) -> Tensor:
        """True where the sign bit is set."""
        return Tensor._more().signbit(self)

    def heaviside(self, values: Tensor) -> Tensor:
        """Step function with ``values`` at zero."""
        return Tensor._more().heaviside(self, values)

    def gcd(self, other: Tensor) -> Tensor:
        """Greatest common divisor."""
        return Tensor._more().gcd(self, other)

    def lcm(self, other: Tensor) -> Tensor:
        """Least common multiple."""
        return Tensor._more().lcm(self, other)

    def ldexp(self, other: Tensor) -> Tensor:
        """self * 2 ** other."""
        return Tensor._more().ldexp(self, other)

    def xlogy(self, other: Any) -> Tensor:
        """self * log(other), 0 where self is 0."""
        return Tensor._more().xlogy(self, other)

    def xlogy_(self, other: Any) -> Tensor:
        """xlogy in place."""
        return self._inplace_result("xlogy_", self.xlogy(other))

    def logit(self, eps: float | None = None) -> Tensor:
        """log(p / (1 - p))."""
        return Tensor._more().logit(self, eps)

    def logit_(self, eps: float | None = None) -> Tensor:
        """logit in place."""
        return self._inplace_result("logit_", self.logit(eps))

    def deg2rad(self) -> Tensor:
        """Degrees to radians."""
        return Tensor._more().deg2rad(self)

    def deg2rad_(self) -> Tensor:
        """deg2rad in place."""
        return self._inplace_result("deg2rad_", self.deg2rad())

    def rad2deg(self) -> Tensor:
        """Radians to degrees."""
        return Tensor._more().rad2deg(self)

    def rad2deg_(self) -> Tensor:
        """rad2deg in place."""
        return self._inplace_result("rad2deg_", self.rad2deg())

    def reciprocal(self) -> Tensor:
        """1 / self."""
        return Tensor._more().reciprocal(self)

    def reciprocal_(self) -> Tensor:
        """reciprocal in place."""
        return self._inplace_result("reciprocal_", self.reciprocal())

    def float_power(self, exponent: Any) -> Tensor:
        """self ** exponent in float64."""
        return Tensor._more().float_power(self, exponent)

    def float_power_(self, exponent: Any) -> Tensor:
        """float_power in place (self must be float64)."""
        if self._data.dtype != _np.float64:
            raise RuntimeError(f"the base given to float_power_ has dtype {self.dtype} but the operation's result "
                               "requires dtype Double")
        return self._inplace_result("float_power_", self.float_power(exponent))

    def fmax(self, other: Tensor) -> Tensor:
        """Maximum ignoring NaN."""
        return Tensor._more().fmax(self, other)

    def fmin(self, other: Tensor) -> Tensor:
        """Minimum ignoring NaN."""
        return Tensor._more().fmin(self, other)

    def nextafter(self, other: Tensor) -> Tensor:
        """Next float towards other."""
        return Tensor._more().nextafter(self, other)

    def frexp(self) -> Any:
        """(mantissa, exponent)."""
        return Tensor._more().frexp(self)

    def logaddexp2(self, other: Tensor) -> Tensor:
        """log2(2 ** self + 2 ** other)."""
        return Tensor._more().logaddexp2(self, other)

    def sinc(self) -> Tensor:
        """sin(pi x) / (pi x)."""
        return Tensor._more().sinc(self)

    def sinc_(self) -> Tensor:
        """sinc in place."""
        return self._inplace_result("sinc_", self.sinc())

    def renorm(self, p: float, dim: int, maxnorm: float) -> Tensor:
        """Sub-tensors along dim rescaled to p-norm at most maxnorm."""
        return Tensor._more().renorm(self, p, dim, maxnorm)

    def renorm_(self, p: float, dim: int, maxnorm: float) -> Tensor:
        """renorm in place."""
        return self._inplace_result("renorm_", self.renorm(p, dim, maxnorm))

    def lgamma(self) -> Tensor:
        """log|Gamma(x)|."""
        return Tensor._more().lgamma(self)

    def digamma(self) -> Tensor:
        """d/dx lgamma(x)."""
        return Tensor._more().digamma(self)

    def polygamma(self, n: int) -> Tensor:
        """n-th derivative of digamma."""
        return Tensor._more().polygamma(n, self)

    def mvlgamma(self, p: int) -> Tensor:
        """Multivariate log-gamma of dimension p."""
        return Tensor._more().mvlgamma(self, p)

    def i0(self) -> Tensor:
        """Modified Bessel I0."""
        return Tensor._more().i0(self)

    def erfc(self) -> Tensor:
        """1 - erf(x), accurately."""
        return Tensor._more().erfc(self)

    def prelu(self, weight: Tensor) -> Tensor:
        """x where x >= 0, weight * x elsewhere (weight broadcast over dim 1)."""
        w = weight
        if w.numel() > 1:
            if self.ndim < 2 or self.shape[1] != w.numel():
                raise RuntimeError(f"prelu: mismatch of parameter numbers ({w.numel()}) and input channels "
                                   f"({self.shape[1] if self.ndim > 1 else 1})")
            w = w.reshape(-1, *([1] * (self.ndim - 2)))
        return self.clamp(min=0) + (self.clamp(max=0) * w if w.numel() > 1 else self.clamp(max=0) * w.reshape(()))

    def hardshrink(self, lambd: float = 0.5) -> Tensor:
        """x where |x| > lambd, else 0."""
        return self.masked_fill(Tensor._wrap(self.xp.abs(self._data) <= lambd), 0)

    def isneginf(self) -> Tensor:
        """True where -inf."""
        return Tensor._more().isneginf(self)

    def isposinf(self) -> Tensor:
        """True where +inf."""
        return Tensor._more().isposinf(self)

    def isreal(self) -> Tensor:
        """True everywhere (real tensors)."""
        return Tensor._more().isreal(self)

    def unique_consecutive(self, return_inverse: bool = False, return_counts: bool = False,
                           dim: int | None = None) -> Any:
        """Collapse runs of equal consecutive values."""
        return Tensor._more().unique_consecutive(self, return_inverse, return_counts, dim)

    def logdet(self) -> Tensor:
        """log det."""
        return Tensor._more().logdet(self)

    def slogdet(self) -> Any:
        """(sign, log|det|)."""
        return Tensor._more().slogdet(self)

    def det(self) -> Tensor:
        """Determinant."""
        return Tensor._more().det(self)

    def matrix_power(self, n: int) -> Tensor:
        """Matrix to the integer power n."""
        return Tensor._more().matrix_power(self, n)

    def matrix_exp(self) -> Tensor:
        """Matrix exponential."""
        return Tensor._more().matrix_exp(self)

    def pinverse(self, rcond: float = 1e-15) -> Tensor:
        """Pseudo-inverse."""
        return Tensor._more().pinverse(self, rcond)

    def inverse(self) -> Tensor:
        """Matrix inverse."""
        return Tensor._more().inverse(self)

    def cholesky_solve(self, input2: Tensor, upper: bool = False) -> Tensor:
        """Solve with a Cholesky factor."""
        return Tensor._more().cholesky_solve(self, input2, upper)

    def cholesky_inverse(self, upper: bool = False) -> Tensor:
        """Inverse from a Cholesky factor."""
        return Tensor._more().cholesky_inverse(self, upper)

    def _reshape_inplace(self, op: str, view: Any) -> Tensor:
        """Make self a view of its own data with another shape (squeeze_, t_ ...)."""
        if self.requires_grad and STATE.enabled and self.is_leaf:
            raise RuntimeError(f"{op}: a leaf Variable that requires grad is being used in an in-place operation.")
        if self.requires_grad and STATE.enabled:
            raise RuntimeError(f"{op}: in-place view changes of tensors in a graph are not supported; use the "
                               "out-of-place form")
        self._data = view
        self._version += 1
        return self

    def squeeze_(self, dim: Any = None) -> Tensor:
        """squeeze in place."""
        return self._reshape_inplace("squeeze_", self.squeeze(dim)._data)

    def unsqueeze_(self, dim: int) -> Tensor:
        """unsqueeze in place."""
        return self._reshape_inplace("unsqueeze_", self.unsqueeze(dim)._data)

    def t_(self) -> Tensor:
        """t in place."""
        return self._reshape_inplace("t_", self.t()._data)

    def transpose_(self, dim0: int, dim1: int) -> Tensor:
        """transpose in place."""
        return self._reshape_inplace("transpose_", self.transpose(dim0, dim1)._data)

    def swapaxes_(self, axis0: int, axis1: int) -> Tensor:
        """transpose in place."""
        return self._reshape_inplace("swapaxes_", self.transpose(axis0, axis1)._data)

    def swapdims_(self, dim0: int, dim1: int) -> Tensor:
        """transpose in place."""
        return self._reshape_inplace("swapdims_", self.transpose(dim0, dim1)._data)

    def apply_(self, callable: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """Replace each element x by callable(x) (a Python loop; CPU only, as in torch)."""
        out = self.xp.asarray([callable(v) for v in self._data.reshape(-1).tolist()], dtype=self._data.dtype)
        return self._inplace("apply_", out.reshape(self._data.shape))

    def map_(self, tensor: Tensor, callable: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """Replace each element x by callable(x, y), y from ``tensor`` broadcast to self's shape."""
        other = self.xp.broadcast_to(_arr(tensor), self._data.shape).reshape(-1).tolist()
        vals = [callable(a, b) for a, b in zip(self._data.reshape(-1).tolist(), other)]
        return self._inplace("map_", self.xp.asarray(vals, dtype=self._data.dtype).reshape(self._data.shape))

    def map2_(self, x: Tensor, y: Tensor, callable: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """Replace each element a by callable(a, b, c) with b, c from x and y."""
        shape = self._data.shape
        bx = self.xp.broadcast_to(_arr(x), shape).reshape(-1).tolist()
        by = self.xp.broadcast_to(_arr(y), shape).reshape(-1).tolist()
        vals = [callable(a, b, c) for a, b, c in zip(self._data.reshape(-1).tolist(), bx, by)]
        return self._inplace("map2_", self.xp.asarray(vals, dtype=self._data.dtype).reshape(shape))

    def register_post_accumulate_grad_hook(self, hook: Any) -> Any:
        """Call hook(self) after backward has accumulated into self.grad (leaf tensors only)."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._ctx is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        return engine.add_post_accumulate_grad_hook(self, hook)

    def addcmul(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        """self + value * tensor1 * tensor2."""
        return Tensor._more().addcmul(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        """self + value * tensor1 / tensor2."""
        return Tensor._more().addcdiv(self, tensor1, tensor2, value=value)

    def baddbmm(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """beta * self + alpha * (batch1 @ batch2)."""
        return Tensor._more().baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """beta * self + alpha * sum of batch1[i] @ batch2[i]."""
        return Tensor._more().addbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addmv(self, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """beta * self + alpha * (mat @ vec)."""
        return Tensor._more().addmv(self, mat, vec, beta=beta, alpha=alpha)

    def addr(self, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """beta * self + alpha * outer(vec1, vec2)."""
        return Tensor._more().addr(self, vec1, vec2, beta=beta, alpha=alpha)

    def dist(self, other: Tensor, p: float = 2) -> Tensor:
        """p-norm of self - other."""
        return Tensor._more().dist(self, other, p)

    def logical_xor(self, other: Any) -> Tensor:
        """True where exactly one side is nonzero."""
        return Tensor._more().logical_xor(self, other)

    def angle(self) -> Tensor:
        """0 for x >= 0, pi for x < 0."""
        return Tensor._more().angle(self)

    def index_add(self, dim: int, index: Any, source: Any, *, alpha: Any = 1) -> Tensor:
        """A copy with alpha * source added at index along dim."""
        return Tensor._more().index_add(self, dim, index, source, alpha=alpha)

    def index_reduce(self, dim: int, index: Any, source: Tensor, reduce: str, *, include_self: bool = True) -> Tensor:
        """A copy with source reduced into the slices at index along dim."""
        return Tensor._more().index_reduce(self, dim, index, source, reduce, include_self=include_self)

    def igamma(self, other: Any) -> Tensor:
        """Regularised lower incomplete gamma."""
        return Tensor._more().igamma(self, other)

    def igammac(self, other: Any) -> Tensor:
        """Regularised upper incomplete gamma."""
        return Tensor._more().igammac(self, other)

    def fill_diagonal_(self, fill_value: Any, wrap: bool = False) -> Tensor:
        """Fill the main diagonal in place (all dims equal, or 2-D; wrap restarts it below tall matrices)."""
        if self.ndim < 2 or (self.ndim > 2 and len(set(self.shape)) != 1):
            raise RuntimeError(f"fill_diagonal_: all dimensions of input must be of equal length (or the input 2-D), "
                               f"got shape {list(self.shape)}")
        self._check_inplace("fill_diagonal_")
        self.xp.fill_diagonal(self._data, fill_value, wrap=wrap)
        self._version += 1
        return self

    def _inplace_twin(name: str) -> Any:  # noqa: N805 - a helper run while the class body is built
        """The in-place form of method ``name``: compute out of place, write the result back into self."""

        def method(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
            return self._inplace_result(name + "_", getattr(self, name)(*args, **kwargs))

        method.__name__ = name + "_"
        method.__doc__ = f"{name} in place."
        return method

    abs_ = _inplace_twin("abs")
    neg_ = _inplace_twin("neg")
    negative_ = _inplace_twin("negative")
    exp_ = _inplace_twin("exp")
    log_ = _inplace_twin("log")
    log1p_ = _inplace_twin("log1p")
    sqrt_ = _inplace_twin("sqrt")
    rsqrt_ = _inplace_twin("rsqrt")
    sin_ = _inplace_twin("sin")
    cos_ = _inplace_twin("cos")
    tanh_ = _inplace_twin("tanh")
    sigmoid_ = _inplace_twin("sigmoid")
    relu_ = _inplace_twin("relu")
    square_ = _inplace_twin("square")
    floor_ = _inplace_twin("floor")
    ceil_ = _inplace_twin("ceil")
    round_ = _inplace_twin("round")
    sign_ = _inplace_twin("sign")
    clip_ = _inplace_twin("clip")
    eq_ = _inplace_twin("eq")
    ne_ = _inplace_twin("ne")
    lt_ = _inplace_twin("lt")
    le_ = _inplace_twin("le")
    gt_ = _inplace_twin("gt")
    ge_ = _inplace_twin("ge")
    greater_ = _inplace_twin("greater")
    greater_equal_ = _inplace_twin("greater_equal")
    less_ = _inplace_twin("less")
    less_equal_ = _inplace_twin("less_equal")
    not_equal_ = _inplace_twin("not_equal")
    logical_and_ = _inplace_twin("logical_and")
    logical_or_ = _inplace_twin("logical_or")
    logical_not_ = _inplace_twin("logical_not")
    logical_xor_ = _inplace_twin("logical_xor")
    multiply_ = _inplace_twin("multiply")
    subtract_ = _inplace_twin("subtract")
    divide_ = _inplace_twin("divide")
    true_divide_ = _inplace_twin("true_divide")
    digamma_ = _inplace_twin("digamma")
    lgamma_ = _inplace_twin("lgamma")
    polygamma_ = _inplace_twin("polygamma")
    mvlgamma_ = _inplace_twin("mvlgamma")
    i0_ = _inplace_twin("i0")
    erfc_ = _inplace_twin("erfc")
    gcd_ = _inplace_twin("gcd")
    lcm_ = _inplace_twin("lcm")
    ldexp_ = _inplace_twin("ldexp")
    heaviside_ = _inplace_twin("heaviside")
    nextafter_ = _inplace_twin("nextafter")
    arccos_ = _inplace_twin("arccos")
    arcsin_ = _inplace_twin("arcsin")
    arctan_ = _inplace_twin("arctan")
    arctan2_ = _inplace_twin("arctan2")
    arccosh_ = _inplace_twin("arccosh")
    arcsinh_ = _inplace_twin("arcsinh")
    arctanh_ = _inplace_twin("arctanh")
    addcmul_ = _inplace_twin("addcmul")
    addcdiv_ = _inplace_twin("addcdiv")
    baddbmm_ = _inplace_twin("baddbmm")
    addbmm_ = _inplace_twin("addbmm")
    addmv_ = _inplace_twin("addmv")
    addr_ = _inplace_twin("addr")
    index_add_ = _inplace_twin("index_add")
    index_reduce_ = _inplace_twin("index_reduce")
    igamma_ = _inplace_twin("igamma")
    igammac_ = _inplace_twin("igammac")
    del _inplace_twin

    # ---- arithmetic ----------------------------------------------------------------------------
    def _float_if_int(self, other: Any) -> Tensor:
        """PyTorch promotes an integer tensor combined with a Python float to the default float."""
        if isinstance(other, builtins.float) and self._data.dtype.kind in "iub":
            return self.astype(D.get_default_dtype())
        return self

    def _promote(self, other: Any, true_div: bool = False) -> tuple:
        """Both operands cast to PyTorch's result dtype (NumPy's differs: int64 + float32)."""
        dt = self._data.dtype
        if isinstance(other, Tensor):
            if other._data.dtype == dt and (dt.kind == "f" or not true_div):
                return self, other
        elif dt.kind == "f" and isinstance(other, builtins.int | builtins.float):
            return self, other  # the fast path: a float tensor and a Python number
        target = _result_dtype(self, other)
        if true_div and target.kind != "f":
            target = D.get_default_dtype().np
        return _cast(self, target), _cast(other, target)

    def __add__(self, other: Any) -> Tensor:
        return E.Add.apply(*self._promote(other))

    def __radd__(self, other: Any) -> Tensor:
        a, b = self._promote(other)
        return E.Add.apply(b, a)

    def __sub__(self, other: Any) -> Tensor:
        return E.Sub.apply(*self._promote(other))

    def __rsub__(self, other: Any) -> Tensor:
        a, b = self._promote(other)
        return E.Sub.apply(b, a)

    def __mul__(self, other: Any) -> Tensor:
        return E.Mul.apply(*self._promote(other))

    def __rmul__(self, other: Any) -> Tensor:
        a, b = self._promote(other)
        return E.Mul.apply(b, a)

    def __truediv__(self, other: Any) -> Tensor:
        return E.Div.apply(*self._promote(other, true_div=True))

    def __rtruediv__(self, other: Any) -> Tensor:
        a, b = self._promote(other, true_div=True)
        return E.Div.apply(b, a)

    def __floordiv__(self, other: Any) -> Tensor:
        return Tensor._wrap(self._data // _arr(other))

    def __mod__(self, other: Any) -> Tensor:
        return Tensor._wrap(self._data % _arr(other))

    def __pow__(self, other: Any) -> Tensor:
        if isinstance(other, Tensor):
            return E.Pow.apply(*self._promote(other))
        return E.PowScalar.apply(self._float_if_int(other), other)

    def __rpow__(self, other: Any) -> Tensor:
        a = self if self._data.dtype.kind == "f" else self.astype(D.get_default_dtype())
        return E.RPowScalar.apply(other, a)

    def __matmul__(self, other: Any) -> Tensor:
        return M.MatMul.apply(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return M.MatMul.apply(other, self)

    def __neg__(self) -> Tensor:
        return E.Neg.apply(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return self.abs()

    # ---- comparisons and logic (not differentiable) --------------------------------------------
    def _cmp(self, other: Any, fn: str) -> Tensor:
        return Tensor._wrap(getattr(self._data, fn)(_arr(other)))

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return self._cmp(other, "__eq__")

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return self._cmp(other, "__ne__")

    def __lt__(self, other: Any) -> Tensor:
        return self._cmp(other, "__lt__")

    def __le__(self, other: Any) -> Tensor:
        return self._cmp(other, "__le__")

    def __gt__(self, other: Any) -> Tensor:
        return self._cmp(other, "__gt__")

    def __ge__(self, other: Any) -> Tensor:
        return self._cmp(other, "__ge__")

    def __and__(self, other: Any) -> Tensor:
        return self._cmp(other, "__and__")

    def __or__(self, other: Any) -> Tensor:
        return self._cmp(other, "__or__")

    def __xor__(self, other: Any) -> Tensor:
        return self._cmp(other, "__xor__")

    def __invert__(self) -> Tensor:
        return Tensor._wrap(~self._data)

    eq = __eq__
    ne = __ne__
    lt = __lt__
    le = __le__
    gt = __gt__
    ge = __ge__

    def equal(self, other: Tensor) -> bool:
        """True if both tensors have the same shape and values."""
        return self.shape == other.shape and bool((self._data == other._data).all())

    def allclose(self, other: Any, rtol: float = 1e-05, atol: float = 1e-08) -> bool:
        """True if all values are close (NumPy/PyTorch rule)."""
        return bool(self.xp.allclose(self._data, _arr(other), rtol=rtol, atol=atol))

    def isnan(self) -> Tensor:
        """Element-wise NaN test."""
        return Tensor._wrap(self.xp.isnan(self._data))

    def isinf(self) -> Tensor:
        """Element-wise infinity test."""
        return Tensor._wrap(self.xp.isinf(self._data))

    def isfinite(self) -> Tensor:
        """Element-wise finiteness test."""
        return Tensor._wrap(self.xp.isfinite(self._data))

    def all(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """True where all elements are nonzero."""
        ax = _dims(dim, self.ndim, "all")
        return Tensor._wrap(self.xp.asarray(self._data.all(axis=ax, keepdims=keepdim)))

    def any(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """True where any element is nonzero."""
        ax = _dims(dim, self.ndim, "any")
        return Tensor._wrap(self.xp.asarray(self._data.any(axis=ax, keepdims=keepdim)))

    def logical_not(self) -> Tensor:
        """Element-wise not."""
        return Tensor._wrap(self.xp.logical_not(self._data))

    def logical_and(self, other: Any) -> Tensor:
        """Element-wise and."""
        return Tensor._wrap(self.xp.logical_and(self._data, _arr(other)))

    def logical_or(self, other: Any) -> Tensor:
        """Element-wise or."""
        return Tensor._wrap(self.xp.logical_or(self._data, _arr(other)))

    def sign(self) -> Tensor:
        """Sign (-1, 0, 1); its gradient is zero, so it is not recorded."""
        return Tensor._wrap(self.xp.sign(self._data))

    def floor(self) -> Tensor:
        """Round down (not differentiable)."""
        return Tensor._wrap(self.xp.floor(self._data))

    def ceil(self) -> Tensor:
        """Round up (not differentiable)."""
        return Tensor._wrap(self.xp.ceil(self._data))

    def round(self) -> Tensor:
        """Round half to even (not differentiable)."""
        return Tensor._wrap(self.xp.round(self._data))

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Index of the largest value (flattened if dim is None)."""
        if dim is None:
            return Tensor._wrap(self.xp.asarray(self._data.argmax()))
        d = _dim(dim, self.ndim, "argmax")
        return Tensor._wrap(self._data.argmax(axis=d, keepdims=keepdim))

    def argmin(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Index of the smallest value (flattened if dim is None)."""
        if dim is None:
            return Tensor._wrap(self.xp.asarray(self._data.argmin()))
        d = _dim(dim, self.ndim, "argmin")
        return Tensor._wrap(self._data.argmin(axis=d, keepdims=keepdim))

    def argsort(self, dim: int = -1, descending: bool = False) -> Tensor:
        """Indices that sort along dim."""
        return self.sort(dim, descending).indices

    def sort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Any:
        """(values, indices) sorted along dim; values keep the graph via gather."""
        d = _dim(dim, self.ndim, "sort")
        xp = self.xp
        src = -self._data if descending and self._data.dtype.kind != "b" else self._data
        idx = xp.argsort(src, axis=d, kind="stable")
        if self.ndim == 0:
            return _Values(self, Tensor._wrap(xp.asarray(0)))
        return _Values(self.gather(d, Tensor._wrap(idx)), Tensor._wrap(idx))

    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:  # noqa: A002
        """The k largest (or smallest) values along dim and their indices."""
        d = _dim(dim, self.ndim, "topk")
        if k > self._data.shape[d]:
            raise RuntimeError(f"topk: k ({k}) is larger than dimension {d} of size {self._data.shape[d]}")
        vals, idx = self.sort(d, descending=largest)
        sl = (slice(None),) * d + (slice(0, k),)
        return _Values(vals[sl], Tensor._wrap(idx._data[sl]))

    # ---- element-wise math ---------------------------------------------------------------------
    def exp(self) -> Tensor:
        """e ** x."""
        return E.Exp.apply(self)

    def log(self) -> Tensor:
        """Natural logarithm."""
        return E.Log.apply(self)

    def log1p(self) -> Tensor:
        """log(1 + x), accurate for small x."""
        return E.Log1p.apply(self)

    def sqrt(self) -> Tensor:
        """Square root."""
        return E.Sqrt.apply(self)

    def rsqrt(self) -> Tensor:
        """1 / sqrt(x)."""
        return E.Rsqrt.apply(self)

    def sin(self) -> Tensor:
        """Sine."""
        return E.Sin.apply(self)

    def cos(self) -> Tensor:
        """Cosine."""
        return E.Cos.apply(self)

    def tanh(self) -> Tensor:
        """Hyperbolic tangent."""
        return E.Tanh.apply(self)

    def sigmoid(self) -> Tensor:
        """Logistic sigmoid."""
        return E.Sigmoid.apply(self)

    def relu(self) -> Tensor:
        """max(x, 0)."""
        return E.Relu.apply(self)

    def abs(self) -> Tensor:
        """Absolute value."""
        return E.Abs.apply(self)

    def neg(self) -> Tensor:
        """-x."""
        return E.Neg.apply(self)

    def square(self) -> Tensor:
        """x * x."""
        return E.PowScalar.apply(self, 2)

    def pow(self, exponent: Any) -> Tensor:
        """x ** exponent."""
        return self.__pow__(exponent)

    def add(self, other: Any, alpha: Any = 1) -> Tensor:
        """self + alpha * other."""
        return self + (other if alpha == 1 else other * alpha)

    def sub(self, other: Any, alpha: Any = 1) -> Tensor:
        """self - alpha * other."""
        return self - (other if alpha == 1 else other * alpha)

    def mul(self, other: Any) -> Tensor:
        """self * other."""
        return self * other

    def div(self, other: Any) -> Tensor:
        """self / other."""
        return self / other

    def matmul(self, other: Any) -> Tensor:
        """Matrix product with PyTorch's 1-D and batch rules."""
        return M.MatMul.apply(self, other)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002 - PyTorch names
        """Limit values to [min, max]."""
        if min is None and max is None:
            raise RuntimeError("clamp: at least one of 'min' or 'max' must not be None")
        if isinstance(min, Tensor) or isinstance(max, Tensor):
            out = self
            if min is not None:
                out = E.Maximum.apply(out, min) if isinstance(min, Tensor) else E.Clamp.apply(out, min, None)
            if max is not None:
                out = E.Minimum.apply(out, max) if isinstance(max, Tensor) else E.Clamp.apply(out, None, max)
            return out
        return E.Clamp.apply(self, min, max)

    clip = clamp

    def maximum(self, other: Tensor) -> Tensor:
        """Element-wise maximum."""
        return E.Maximum.apply(self, other)

    def minimum(self, other: Tensor) -> Tensor:
        """Element-wise minimum."""
        return E.Minimum.apply(self, other)

    def where(self, condition: Any, other: Any) -> Tensor:
        """self where condition else other."""
        from .functions import where

        return where(condition, self, other)

    def softmax(self, dim: int) -> Tensor:
        """Softmax along dim."""
        return R.Softmax.apply(self, _dim(dim, self.ndim, "softmax"))

    def log_softmax(self, dim: int) -> Tensor:
        """Log-softmax along dim (stable)."""
        return R.LogSoftmax.apply(self, _dim(dim, self.ndim, "log_softmax"))

    # ---- reductions ----------------------------------------------------------------------------
    def sum(self, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
        """Sum over dim (all dims if None)."""
        t = self if dtype is None else self.astype(dtype)
        return R.Sum.apply(t, _dims(dim, self.ndim, "sum"), keepdim)

    def mean(self, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
        """Mean over dim (all dims if None)."""
        t = self if dtype is None else self.astype(dtype)
        if t._data.dtype.kind != "f":
            raise RuntimeError(
                f"mean(): could not infer output dtype. Input dtype must be floating point, got {t.dtype!r}"
            )
        return R.Mean.apply(t, _dims(dim, self.ndim, "mean"), keepdim)

    def var(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: Any = None) -> Tensor:
        """Variance; ``correction`` (or ``unbiased``) is 1 by default, as in PyTorch."""
        if isinstance(dim, bool):  # var(unbiased) positional form
            dim, unbiased = None, dim
        c = 1 if correction is None else correction
        if unbiased is not None:
            c = 1 if unbiased else 0
        return R.Var.apply(self, _dims(dim, self.ndim, "var"), c, keepdim)

    def std(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: Any = None) -> Tensor:
        """Standard deviation (sqrt of var)."""
        return E.SafeSqrt.apply(self.var(dim, unbiased, keepdim, correction=correction))

    def amax(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        """Maximum over dim(s); ties share the gradient."""
        return R.AMax.apply(self, _dims(dim, self.ndim, "amax"), keepdim, True)

    def amin(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        """Minimum over dim(s); ties share the gradient."""
        return R.AMax.apply(self, _dims(dim, self.ndim, "amin"), keepdim, False)

    def max(self, dim: Any = None, keepdim: bool = False) -> Any:
        """max(): the largest value; max(dim): (values, indices); max(tensor): element-wise maximum."""
        if isinstance(dim, Tensor):
            return self.maximum(dim)
        if dim is None:
            return self.amax()
        d = _dim(dim, self.ndim, "max")
        if self.ndim == 0:
            return _Values(self.clone(), Tensor._wrap(self.xp.zeros((), dtype=_np.int64)))
        idx = self._data.argmax(axis=d, keepdims=True)
        vals = self.gather(d, Tensor._wrap(idx))
        if not keepdim:
            vals, idx = vals.squeeze(d), idx.squeeze(d)
        return _Values(vals, Tensor._wrap(idx))

    def min(self, dim: Any = None, keepdim: bool = False) -> Any:
        """min(): the smallest value; min(dim): (values, indices); min(tensor): element-wise minimum."""
        if isinstance(dim, Tensor):
            return self.minimum(dim)
        if dim is None:
            return self.amin()
        d = _dim(dim, self.ndim, "min")
        if self.ndim == 0:
            return _Values(self.clone(), Tensor._wrap(self.xp.zeros((), dtype=_np.int64)))
        idx = self._data.argmin(axis=d, keepdims=True)
        vals = self.gather(d, Tensor._wrap(idx))
        if not keepdim:
            vals, idx = vals.squeeze(d), idx.squeeze(d)
        return _Values(vals, Tensor._wrap(idx))

    def logsumexp(self, dim: Any, keepdim: bool = False) -> Tensor:
        """log(sum(exp(x))) over dim, computed stably."""
        return R.LogSumExp.apply(self, _dims(dim, self.ndim, "logsumexp"), keepdim)

    def prod(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Product over one dim (all if None)."""
        return R.Prod.apply(self, _dims(dim, self.ndim, "prod"), keepdim)

    def norm(self, p: Any = 2, dim: Any = None, keepdim: bool = False) -> Tensor:
        """p-norm over dim(s) (Frobenius/2-norm by default)."""
        if p == 2:
            return E.SafeSqrt.apply((self * self).sum(dim, keepdim))
        if p == 1:
            return self.abs().sum(dim, keepdim)
        if p == float("inf"):
            return self.abs().amax(dim if dim is not None else (), keepdim)
        return (self.abs() ** p).sum(dim, keepdim) ** (1.0 / p)

    # ---- shape ---------------------------------------------------------------------------------
    def reshape(self, *shape: Any) -> Tensor:
        """Same data, new shape (one dim may be -1)."""
        shape = _shape_arg(shape)
        try:
            new = _np.empty(self._data.shape, dtype=bool).reshape(shape).shape if -1 in shape else shape
            if Size(new).numel() != self._data.size:
                raise ValueError
        except ValueError:
            raise RuntimeError(
                f"shape '{list(shape)}' is invalid for input of size {self._data.size}"
            ) from None
        if tuple(new) == self._data.shape:
            return self
        return S.Reshape.apply(self, tuple(new))

    view = reshape

    def view_as(self, other: Tensor) -> Tensor:
        """Reshape to other's shape."""
        return self.reshape(other.shape)

    reshape_as = view_as

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        """Merge dims start_dim..end_dim into one."""
        if self.ndim == 0:
            return self.reshape(1)
        s = _dim(start_dim, self.ndim, "flatten")
        e = _dim(end_dim, self.ndim, "flatten")
        shape = self._data.shape
        n = 1
        for x in shape[s:e + 1]:
            n *= x
        return self.reshape(shape[:s] + (n,) + shape[e + 1:])

    def unflatten(self, dim: int, sizes: Any) -> Tensor:
        """Split one dim into several."""
        d = _dim(dim, self.ndim, "unflatten")
        shape = self._data.shape
        return self.reshape(shape[:d] + tuple(sizes) + shape[d + 1:])

    def squeeze(self, dim: Any = None) -> Tensor:
        """Remove size-1 dims (all, or the given ones)."""
        shape = self._data.shape
        if dim is None:
            new = tuple(s for s in shape if s != 1)
        else:
            ds = _dims(dim, self.ndim, "squeeze") or ()
            new = tuple(s for i, s in enumerate(shape) if not (i in ds and s == 1))
        return self.reshape(new)

    def unsqueeze(self, dim: int) -> Tensor:
        """Insert a size-1 dim."""
        d = _dim(dim, self.ndim + 1, "unsqueeze")
        shape = list(self._data.shape)
        shape.insert(d, 1)
        return S.Reshape.apply(self, tuple(shape))

    def permute(self, *dims: Any) -> Tensor:
        """Reorder dims."""
        dims = _shape_arg(dims)
        if len(dims) != self.ndim:
            raise RuntimeError(
                f"permute: number of dims don't match (input has {self.ndim} dims, got {len(dims)})"
            )
        axes = tuple(_dim(d, self.ndim, "permute") for d in dims)
        if len(set(axes)) != len(axes):
            raise RuntimeError(f"permute: repeated dim in {list(dims)}")
        if axes == tuple(range(self.ndim)):
            return self
        return S.Permute.apply(self, axes)

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        """Swap two dims."""
        if self.ndim < 2 and dim0 in (0, -1) and dim1 in (0, -1):
            return self
        a, b = _dim(dim0, self.ndim, "transpose"), _dim(dim1, self.ndim, "transpose")
        axes = list(range(self.ndim))
        axes[a], axes[b] = axes[b], axes[a]
        return self.permute(*axes)

    swapaxes = transpose

    def t(self) -> Tensor:
        """Transpose a 2-D tensor."""
        if self.ndim > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self.ndim}D")
        return self.transpose(0, -1) if self.ndim == 2 else self

    def expand(self, *sizes: Any) -> Tensor:
        """Broadcast to a larger shape without copying (-1 keeps a dim)."""
        sizes = _shape_arg(sizes)
        lead = len(sizes) - self.ndim
        if lead < 0:
            raise RuntimeError(
                f"expand: the number of sizes provided ({len(sizes)}) must be greater or equal to the "
                f"number of dimensions in the tensor ({self.ndim})"
            )
        if -1 in sizes[:lead]:
            raise RuntimeError(f"expand: -1 is not allowed for a new leading dimension (sizes {list(sizes)})")
        shape = tuple(self._data.shape[i - lead] if s == -1 else s for i, s in enumerate(sizes))
        return self.broadcast_to(shape)

    def broadcast_to(self, shape: Any) -> Tensor:
        """Broadcast to shape (NumPy/PyTorch rules)."""
        shape = tuple(shape)
        if shape == self._data.shape:
            return self
        try:
            _np.broadcast_shapes(self._data.shape, shape)
            if _np.broadcast_shapes(self._data.shape, shape) != shape:
                raise ValueError
        except ValueError:
            raise RuntimeError(
                f"expand: the shape {tuple(self._data.shape)} cannot be broadcast to {shape}"
            ) from None
        return S.Expand.apply(self, shape)

    def expand_as(self, other: Tensor) -> Tensor:
        """Broadcast to other's shape."""
        return self.broadcast_to(other.shape)

    def repeat(self, *sizes: Any) -> Tensor:
        """Tile the tensor (PyTorch's repeat, like numpy.tile)."""
        sizes = _shape_arg(sizes)
        if len(sizes) < self.ndim:
            raise RuntimeError(
                "repeat: number of repeat dims can not be smaller than number of dimensions of tensor"
            )
        return S.Repeat.apply(self, tuple(sizes))

    def split(self, split_size_or_sections: Any, dim: int = 0) -> tuple:
        """Split into chunks of a size (or of the given sizes) along dim."""
        d = _dim(dim, self.ndim, "split")
        n = self._data.shape[d]
        if isinstance(split_size_or_sections, int):
            step = split_size_or_sections
            if step <= 0:
                raise RuntimeError(f"split: split_size must be positive, got {step}")
            sizes = [builtins.min(step, n - i) for i in range(0, n, step)] or [0]
        else:
            sizes = list(split_size_or_sections)
            if builtins.sum(sizes) != n:
                raise RuntimeError(
                    f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size "
                    f"at dimension {d}), but got split_sizes={sizes}"
                )
        out, start = [], 0
        for s in sizes:
            out.append(self[(slice(None),) * d + (slice(start, start + s),)])
            start += s
        return tuple(out)

    def chunk(self, chunks: int, dim: int = 0) -> tuple:
        """Split into ``chunks`` nearly equal pieces along dim."""
        d = _dim(dim, self.ndim, "chunk")
        n = self._data.shape[d]
        step = -(-n // chunks)
        return self.split(builtins.max(step, 1), d)

    def unbind(self, dim: int = 0) -> tuple:
        """Remove a dim, returning the slices along it."""
        d = _dim(dim, self.ndim, "unbind")
        return tuple(self[(slice(None),) * d + (i,)] for i in range(self._data.shape[d]))

    # ---- indexing ------------------------------------------------------------------------------
    def __getitem__(self, index: Any) -> Tensor:
        idx = _index_arr(index)
        try:
            return I.GetItem.apply(self, idx)
        except IndexError as e:
            raise IndexError(
                f"index {index!r} is invalid for a tensor of shape {tuple(self.shape)}: {e}"
            ) from None

    def gather(self, dim: int, index: Tensor) -> Tensor:
        """Pick values along dim at ``index`` (out[i][j] = self[i][index[i][j]] for dim=1)."""
        d = _dim(dim, self.ndim, "gather")
        idx = _arr(index)
        if idx.ndim != self.ndim:
            raise RuntimeError(
                f"gather: index tensor must have the same number of dimensions as input tensor "
                f"(index {idx.ndim}-D, input {self.ndim}-D)"
            )
        return I.Gather.apply(self, d, idx)

    def scatter_add(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        """A copy with src added at index along dim (repeated indices accumulate)."""
        return I.ScatterAdd.apply(self, _dim(dim, self.ndim, "scatter_add"), _arr(index), src)

    def index_select(self, dim: int, index: Tensor) -> Tensor:
        """Select entries along dim by a 1-D index."""
        idx = _arr(index)
        if idx.ndim > 1:
            raise IndexError(f"index_select(): index must be a vector, got shape {tuple(idx.shape)}")
        return I.IndexSelect.apply(self, _dim(dim, self.ndim, "index_select"), idx.reshape(-1))

    def masked_fill(self, mask: Any, value: Any) -> Tensor:
        """A copy with ``value`` where mask is True."""
        return I.MaskedFill.apply(self, _arr(mask), _arr(value))


def _promote_types(a: Any, b: Any) -> Any:
    """PyTorch's promote_types: a higher category (bool < int < float) wins, else the wider type."""
    ca, cb = _CATEGORY.get(a.kind, 1), _CATEGORY.get(b.kind, 1)
    if ca != cb:
        return a if ca > cb else b
    return _np.promote_types(a, b)


_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2}


def _result_dtype(*operands: Any) -> Any:
    """torch.result_type: dimensioned tensors outrank 0-d tensors, which outrank Python numbers,
    unless a lower rank brings a higher category (an int tensor times 2.5 is float)."""
    ranks: list = [None, None, None]  # dimensioned, zero-dim, Python scalar
    for x in operands:
        if isinstance(x, Tensor) or hasattr(x, "dtype") and hasattr(x, "ndim"):
            arr = _arr(x)
            rank, dt = (0 if arr.ndim else 1), arr.dtype
            if isinstance(x, _np.generic):
                rank = 2
        elif isinstance(x, builtins.bool):
            rank, dt = 2, _np.dtype(_np.bool_)
        elif isinstance(x, builtins.int):
            rank, dt = 2, _np.dtype(_np.int64)
        else:
            rank, dt = 2, _np.dtype(_np.float64)
        if rank == 2 and dt.kind == "f":
            dt = D.get_default_dtype().np
        ranks[rank] = dt if ranks[rank] is None else _promote_types(ranks[rank], dt)

    def combine(higher: Any, lower: Any) -> Any:
        if higher is None:
            return lower
        if lower is None or higher.kind == "f":
            return higher
        if higher.kind == "b" or lower.kind == "f":
            return _promote_types(higher, lower)
        return higher

    return combine(ranks[0], combine(ranks[1], ranks[2]))


def _cast(x: Any, dtype: Any) -> Any:
    """x in dtype: tensors via astype (differentiable), arrays directly, Python numbers unchanged."""
    if isinstance(x, Tensor):
        return x.astype(dtype)
    if hasattr(x, "dtype") and x.dtype != dtype:
        return x.astype(dtype)
    return x


def _float_formatter(arr: Any) -> Any:
    """Format floats as PyTorch prints them: ``1.`` for whole numbers, else 4 decimals, or
    scientific when magnitudes span more than 1000x (or exceed 1e8, or fall below 1e-4)."""
    if arr.size > 1000:  # like PyTorch, choose the format from the entries that will be shown
        for ax in range(arr.ndim):
            if arr.shape[ax] > 6:
                arr = _np.concatenate([arr.take(range(3), ax), arr.take(range(-3, 0), ax)], ax)
    finite = arr[_np.isfinite(arr) & (arr != 0)].astype(_np.float64)
    whole, sci = True, False
    if finite.size:
        whole = bool(_np.all(finite == _np.ceil(finite)))
        big, small = _np.abs(finite).max(), _np.abs(finite).min()
        sci = big / small > 1000 or big > 1e8 or (not whole and small < 1e-4)

    def one(v: Any) -> str:
        if sci:
            return f"{v:.4e}"
        if whole:
            return f"{v:.0f}" + ("." if _np.isfinite(v) else "")
        return f"{v:.4f}"

    # The widest entry is the largest or the most negative value: every entry is padded to it.
    ends = finite[[finite.argmax(), finite.argmin()]] if finite.size else []
    width = builtins.max((len(one(v)) for v in ends), default=1)
    return lambda v: one(v).rjust(width)


def _index_arr(index: Any) -> Any:
    """Turn Tensors inside an index into arrays (ints, slices, None and Ellipsis pass through)."""
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, tuple):
        return tuple(i._data if isinstance(i, Tensor) else i for i in index)
    if isinstance(index, list):
        return _np.asarray(index)
    return index


from .autograd import function as _function  # noqa: E402

_function.Tensor = Tensor
