"""Tensor: an array, its gradient, and the edge to the op that made it.

Every operator and method below calls an op class in ``glassnet.ops``; the op computes with the
backend's array module and records itself on the result so ``backward`` can walk back through it.
"""

from __future__ import annotations

import builtins
from collections import namedtuple
from typing import Any

import numpy as _np  # only for dtype bookkeeping and formatting, never for op math

from . import device as _device
from . import dtypes as D
from .autograd import engine
from .autograd.grad_mode import STATE
from .autograd.hooks import RemovableHandle, add_hook
from .backend import array_module
from .backend import rng as _rng
from .ops import elementwise as E
from .ops import index as I
from .ops import matmul as M
from .ops import random as _random
from .ops import reduce as R
from .ops import shape as S
from .ops.sort import sort_indices

_Values = namedtuple("return_types", ["values", "indices"])
_HALF = _np.dtype(_np.float16)  # compared by identity on the arithmetic path (see Tensor._scalar_at_float32)
_ndarray = _np.ndarray


class Size(tuple):
    """A tensor's shape: a tuple of ints, printed as ``glassnet.Size([2, 3])`` (like ``torch.Size``).

    It is what :attr:`Tensor.shape` and :meth:`Tensor.size` return, and behaves as a tuple in every
    way (indexing, unpacking, comparison with tuples).

    Args:
        iterable (iterable of int, optional): the sizes of the dimensions. Default: ``()``.

    Example:
        >>> s = glassnet.zeros(2, 3).shape
        >>> s
        glassnet.Size([2, 3])
        >>> s[1], s == (2, 3), s.numel()
        (3, True, 6)
    """

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


def _named(t: Tensor, name: str, source: Any = None) -> Tensor:
    """Give t's node PyTorch's name for the method that made it (glassnet builds several from one op)."""
    if t._ctx is not None and t is not source:
        t._ctx.torch_name = name
    return t


def _number(x: Any, op: str, arg: str) -> Any:
    """A scalar argument as a Python number: a 0-d tensor is accepted where PyTorch accepts a Number."""
    if not isinstance(x, Tensor):
        return x
    if x.requires_grad or x._data.size != 1:
        raise TypeError(f"{op}(): argument '{arg}' must be Number, not Tensor (shape {tuple(x.shape)})")
    return x.item()


class Tensor:
    """A multi-dimensional array of one dtype that records the ops applied to it, for reverse-mode
    automatic differentiation (PyTorch's ``torch.Tensor``).

    The values live in a NumPy array (``t._data``; ``t.numpy()`` shares it). A tensor with
    ``requires_grad=True`` is a leaf of the autograd graph: every op on it records itself (its result
    has a ``grad_fn``), and :meth:`backward` accumulates the gradients into the leaves' ``.grad``.
    Tensors are usually made with :func:`glassnet.tensor` and the other creation functions; the
    constructor wraps ``data`` without PyTorch's ``torch.Tensor(*sizes)`` form.

    Args:
        data (array_like): the values: a NumPy array (shared when no dtype conversion is needed), a
            list, a number or a tensor. Python floats take the default float dtype.
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (inferred).
        requires_grad (bool, optional): if autograd should record operations on the tensor.
            Default: ``False``.

    Attributes:
        grad (Tensor or None): the gradient accumulated by :meth:`backward` (leaves, and non-leaves
            that called :meth:`retain_grad`).
        requires_grad (bool): whether ops on this tensor are recorded.
        grad_fn: the op that produced this tensor (``None`` for leaves).
        shape (glassnet.Size): the shape; also :meth:`size`.
        dtype (glassnet.dtype): the element type.
        device (glassnet.device): where the data lives (the CPU unless moved, see :meth:`to`).

    Example:
        >>> x = glassnet.Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        >>> y = (x * x).sum()
        >>> y
        tensor(30., grad_fn=<SumBackward0>)
        >>> y.backward()
        >>> x.grad
        tensor([[2., 4.],
                [6., 8.]])
    """

    # _vc: the version counter, a one-item list shared by a tensor, its views and detach()es; _base and
    # _view: for a view, the tensor whose memory it shows and how to redo the view from it; _history:
    # (sequence number, snapshot) pairs left by in-place ops, see _rebase.
    __slots__ = ("_data", "grad", "requires_grad", "_ctx", "_vc", "_retains_grad", "_hooks", "_base", "_view",
                 "_history", "__weakref__")
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
        self._vc = [0]
        self._retains_grad = False
        self._hooks = None
        self._base = self._view = self._history = None
        self.requires_grad = False
        if requires_grad:
            self.requires_grad_(True)

    @classmethod
    def _wrap(cls, arr: Any, requires_grad: bool = False) -> Tensor:
        """Wrap an array without copying or checks (the ops' fast path)."""
        if type(arr) is not _ndarray:
            # NumPy returns scalars, not 0-d arrays, from ops on 0-d inputs (10.0 - tensor(1.5)); a
            # tensor must hold an array so in-place updates can write into it.
            arr = _np.asarray(arr) if isinstance(arr, _np.generic) else array_module(arr).asarray(arr)
        t = object.__new__(cls)
        t._data = arr
        t.grad = None
        t._ctx = None
        t._vc = [0]
        t._retains_grad = False
        t._hooks = None
        t._base = t._view = t._history = None
        t.requires_grad = requires_grad
        return t

    @property
    def _version(self) -> int:
        """How many times this tensor's memory was modified in place (shared with its views)."""
        return self._vc[0]

    @_version.setter
    def _version(self, value: int) -> None:
        self._vc[0] = value

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
    def device(self) -> Any:
        """Where the data lives: ``device(type='cpu')`` (it also equals the string 'cpu'), or the device of the
        array backend that holds it, e.g. ``device(type='cuda', index=0)``."""
        if type(self._data) is _ndarray:
            return _device.CPU
        from .array_backend import device_of

        return device_of(self._data)

    @property
    def is_cuda(self) -> bool:
        """True if the tensor lives on a CUDA GPU."""
        return self.device.type == "cuda"

    @property
    def is_cpu(self) -> bool:
        """True if the tensor lives in CPU memory."""
        return self.device.type == "cpu"

    def get_device(self) -> int:
        """-1 for a CPU tensor (PyTorch's answer), else the device index. See :func:`glassnet.get_device`."""
        return -1 if self.is_cpu else (self.device.index or 0)

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> Any:
        """NumPy's array protocol (``np.asarray(t)``, matplotlib): the data, shared unless a copy is asked for."""
        if self.requires_grad:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        arr = self._data
        if dtype is not None and arr.dtype != dtype:
            if copy is False:
                raise ValueError(f"Tensor.__array__: cannot give dtype {dtype} without a copy (data is {arr.dtype})")
            return arr.astype(dtype)
        return arr.copy() if copy else arr

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
        if self.ndim == 0:  # PyTorch (deprecated) treats a 0-d tensor's mT as the identity
            return self
        return self.transpose(-2, -1)

    def size(self, dim: int | None = None) -> Any:
        """Returns the size of the tensor: a :class:`glassnet.Size` (a tuple), or, with :attr:`dim`, the size
        of that dimension as an int.

        Args:
            dim (int, optional): the dimension for which to retrieve the size. Default: ``None``.

        Example:
            >>> t = glassnet.empty(3, 4, 5)
            >>> t.size()
            glassnet.Size([3, 4, 5])
            >>> t.size(dim=1), t.size(-1)
            (4, 5)
        """
        return self.shape if dim is None else self._data.shape[_dim(dim, self.ndim, "size")]

    def dim(self) -> int:
        """Returns the number of dimensions of this tensor (also ``ndim`` and :meth:`ndimension`).

        Example:
            >>> glassnet.zeros(2, 3, 4).dim()
            3
        """
        return self._data.ndim

    def numel(self) -> int:
        """Number of elements. See :func:`glassnet.numel`."""
        return int(self._data.size)

    def element_size(self) -> int:
        """Returns the size in bytes of an individual element.

        Example:
            >>> glassnet.zeros(1).element_size(), glassnet.zeros(1, dtype=glassnet.int16).element_size()
            (4, 2)
        """
        return self._data.itemsize

    def item(self) -> Any:
        """Returns the value of this tensor as a standard Python number. This only works for tensors with
        one element.

        Example:
            >>> glassnet.tensor([1.5]).item()
            1.5
            >>> glassnet.tensor(3).item()
            3
        """
        if self._data.size != 1:
            raise ValueError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar (item())"
            )
        return self._data.reshape(()).item()

    def share_memory_(self) -> Tensor:
        """Moves the underlying storage to shared memory, so that other processes (started by
        ``glassnet.multiprocessing``) see, and make, every change to the values; returns ``self``.

        A no-op if the tensor is already in shared memory.

        Example:
            >>> t = glassnet.zeros(3).share_memory_()
            >>> t.is_shared()
            True
        """
        from .multiprocessing.sharing import share_tensor_

        return share_tensor_(self)

    def is_shared(self) -> bool:
        """Checks if the tensor's values are in shared memory (after :meth:`share_memory_`, or received from
        another process).

        Example:
            >>> glassnet.zeros(2).is_shared()
            False
        """
        from .multiprocessing.sharing import is_shared

        return is_shared(self)

    def numpy(self) -> Any:
        """Returns the tensor as a NumPy ``ndarray``; the two share memory, so changes to one show in the other.

        A tensor that requires grad is refused (as in PyTorch): call ``detach()`` first.

        Example:
            >>> t = glassnet.ones(3)
            >>> a = t.numpy()
            >>> a[0] = 5.0
            >>> t
            tensor([5., 1., 1.])
            >>> glassnet.ones(2, requires_grad=True).detach().numpy()
            array([1., 1.], dtype=float32)
        """
        if self.requires_grad:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy()."
            )
        if type(self._data) is not _ndarray and self.device.type != "cpu":
            raise TypeError(f"can't convert {self.device} device type tensor to numpy. Use Tensor.cpu() to copy "
                            "the tensor to host memory first.")
        return self._data

    def tolist(self) -> Any:
        """Returns the tensor as a (nested) list of Python numbers; a 0-d tensor gives a number, as
        :meth:`item` does.

        Example:
            >>> glassnet.tensor([[1, 2], [3, 4]]).tolist()
            [[1, 2], [3, 4]]
            >>> glassnet.tensor([0.5]).tolist()
            [0.5]
        """
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

    def __format__(self, spec: str) -> str:
        # A 0-d tensor formats like its number (f"{loss:.3f}"); others only with an empty spec, as in PyTorch.
        if self._data.ndim == 0:
            return format(self.item(), spec)
        return object.__format__(self, spec)

    def __repr__(self) -> str:
        from .printing import tensor_repr

        return tensor_repr(self)

    # ---- dtype conversion ----------------------------------------------------------------------
    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """Performs tensor dtype and/or device conversion: ``to(dtype)``, ``to(device)``,
        ``to(device, dtype)``, ``to(other)`` (other's dtype and device) or the keyword forms.

        Returns ``self`` when nothing changes (unless ``copy=True``), else a copy; a conversion between
        floating dtypes, or to another device, stays in the autograd graph. A device other than the CPU
        needs its array backend (``'cuda'``: CuPy, see docs/gpu.md); an unavailable one raises.

        Args:
            args: a :class:`glassnet.dtype`, a device (or its string), and/or a tensor to match.

        Keyword args:
            dtype (glassnet.dtype, optional): the desired dtype.
            device (glassnet.device or str, optional): the desired device.
            non_blocking (bool, optional): accepted for PyTorch compatibility (no effect).
            copy (bool, optional): return a new tensor even when nothing changes. Default: ``False``.
            memory_format (optional): accepted for PyTorch compatibility.

        Example:
            >>> t = glassnet.tensor([1.5, -2.0])
            >>> t.to(glassnet.float64)
            tensor([ 1.5000, -2.0000], dtype=glassnet.float64)
            >>> t.to('cpu', glassnet.int64)
            tensor([ 1, -2])
            >>> t.to('cpu') is t
            True
        """
        dtype, device = kwargs.pop("dtype", None), kwargs.pop("device", None)
        copy = kwargs.pop("copy", False)
        kwargs.pop("non_blocking", None)
        kwargs.pop("memory_format", None)
        if kwargs:
            raise TypeError(f"Tensor.to() got an unexpected keyword argument {next(iter(kwargs))!r}")
        for a in args:
            if isinstance(a, D.dtype):
                dtype = a
            elif isinstance(a, Tensor):
                dtype, device = a.dtype, a.device
            elif isinstance(a, (str, _device.device)):
                device = a
            elif not isinstance(a, builtins.bool):  # positional non_blocking / copy flags are accepted
                dtype = a
        out = self if dtype is None else self.astype(dtype)
        if device is not None:
            out = out._to_device(device, "Tensor.to")
        return out.clone() if copy and out is self else out

    def _to_device(self, device: Any, op: str) -> Tensor:
        """This tensor on ``device``: itself if it is there, else a copy that stays in the autograd graph."""
        from .array_backend import get_backend

        d = device if isinstance(device, _device.device) else _device.device(device)
        get_backend(d, op)  # raises, naming op, when the device cannot run here
        if d == self.device or (d.index is None and d.type == self.device.type):
            return self
        return E.ToDevice.apply(self, d)

    def astype(self, dtype: Any) -> Tensor:
        """Returns a copy of this tensor in another dtype (NumPy's spelling; ``Tensor.type(dtype)`` is the
        same method). The copy stays in the autograd graph between floating dtypes.

        Unlike PyTorch's ``Tensor.type()``, a dtype must be given (the no-argument form that returns a type
        name does not exist).

        Args:
            dtype (glassnet.dtype or str or type): the desired type.

        Example:
            >>> glassnet.tensor([1.7, -2.7]).astype(glassnet.int32)
            tensor([ 1, -2], dtype=glassnet.int32)
            >>> glassnet.tensor([1, 2]).type(glassnet.float64)
            tensor([1., 2.], dtype=glassnet.float64)
        """
        nd = D.to_numpy_dtype(dtype)
        if nd == self._data.dtype:
            return self
        if self.requires_grad and nd.kind != "f":
            return Tensor._wrap(self._data.astype(nd))
        return E.Cast.apply(self, nd)

    type = astype

    def float(self) -> Tensor:
        """``self.float()`` is equivalent to ``self.to(glassnet.float32)`` (a copy in that dtype; see :meth:`to`).

        Example:
            >>> glassnet.tensor([1.7, -2.2]).float()
            tensor([ 1.7000, -2.2000])
        """
        return self.astype(D.float32)

    def double(self) -> Tensor:
        """``self.double()`` is equivalent to ``self.to(glassnet.float64)`` (a copy in that dtype; see :meth:`to`).

        Example:
            >>> glassnet.tensor([1.7, -2.2]).double()
            tensor([ 1.7000, -2.2000], dtype=glassnet.float64)
        """
        return self.astype(D.float64)

    def half(self) -> Tensor:
        """``self.half()`` is equivalent to ``self.to(glassnet.float16)`` (a copy in that dtype; see :meth:`to`).

        Example:
            >>> glassnet.tensor([1.7, -2.2]).half()
            tensor([ 1.7002, -2.1992], dtype=glassnet.float16)
        """
        return self.astype(D.float16)

    def long(self) -> Tensor:
        """``self.long()`` is equivalent to ``self.to(glassnet.int64)`` (a copy in that dtype; see :meth:`to`).

        Example:
            >>> glassnet.tensor([1.7, -2.2]).long()
            tensor([ 1, -2])
        """
        return self.astype(D.int64)

    def int(self) -> Tensor:
        """``self.int()`` is equivalent to ``self.to(glassnet.int32)`` (a copy in that dtype; see :meth:`to`).

        Example:
            >>> glassnet.tensor([1.7, -2.2]).int()
            tensor([ 1, -2], dtype=glassnet.int32)
        """
        return self.astype(D.int32)

    def bool(self) -> Tensor:
        """``self.bool()`` is equivalent to ``self.to(glassnet.bool)``: nonzero values become True.

        Example:
            >>> glassnet.tensor([0.0, 0.5, -2.0]).bool()
            tensor([False,  True,  True])
        """
        return self.astype(D.bool_)

    def type_as(self, other: Tensor) -> Tensor:
        """Returns this tensor cast to the dtype of :attr:`other` (``self.to(other.dtype)``).

        Args:
            other (Tensor): the tensor which has the desired type.

        Example:
            >>> glassnet.tensor([1, 2]).type_as(glassnet.zeros(1))
            tensor([1., 2.])
        """
        return self.astype(other.dtype)

    def is_floating_point(self) -> bool:
        """True for float dtypes. See :func:`glassnet.is_floating_point`."""
        return self._data.dtype.kind == "f"

    def cpu(self, memory_format: Any = None) -> Tensor:
        """Returns a copy of this tensor in CPU memory, or the tensor itself if it is already there (a copy
        from another device stays in the autograd graph).

        Args:
            memory_format (optional): accepted for PyTorch compatibility. Default: ``None``.

        Example:
            >>> t = glassnet.ones(2)
            >>> t.cpu() is t
            True
        """
        return self if type(self._data) is _ndarray else self._to_device(_device.CPU, "Tensor.cpu")

    def cuda(self, device: Any = None, non_blocking: bool = False, memory_format: Any = None) -> Tensor:
        """Returns a copy of this tensor in CUDA memory (CuPy backend, ``pip install "glassnet[cuda]"``), or the
        tensor itself if it is already there. Without CuPy or a GPU it raises an error saying which is
        missing (check :func:`glassnet.cuda.is_available` first, as PyTorch code does).

        Args:
            device (glassnet.device or int, optional): the destination GPU device. Default: ``None`` (the
                current one).
            non_blocking (bool, optional): accepted for PyTorch compatibility. Default: ``False``.
            memory_format (optional): accepted for PyTorch compatibility. Default: ``None``.

        Example:
            >>> glassnet.cuda.is_available()
            False
            >>> glassnet.ones(1).cuda()
            Traceback (most recent call last):
                ...
            glassnet.device.DeviceUnavailableError: Tensor.cuda: device 'cuda' is not available: ...
        """
        if device is None:
            device = "cuda"
        elif isinstance(device, builtins.int):
            device = _device.device("cuda", device)
        return self._to_device(device, "Tensor.cuda")

    # ---- autograd ------------------------------------------------------------------------------
    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Changes if autograd should record operations on this tensor: sets this tensor's
        ``requires_grad`` attribute in place, and returns this tensor.

        Only leaves can be changed, and only floating dtypes can require grad (as in PyTorch).

        Args:
            requires_grad (bool, optional): if autograd should record operations on this tensor.
                Default: ``True``.

        Example:
            >>> w = glassnet.ones(3).requires_grad_()
            >>> (w * 2).sum().backward()
            >>> w.grad
            tensor([2., 2., 2.])
        """
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
        """Computes the gradient of the current tensor with respect to the graph leaves, and accumulates it
        into their ``.grad`` (the graph is differentiated with the chain rule).

        A scalar tensor needs no :attr:`gradient`; otherwise :attr:`gradient` is the vector of the
        vector-Jacobian product, shaped like this tensor. Gradients accumulate across calls: zero them
        (``optimizer.zero_grad()``) before each step. The graph is freed after the call unless
        ``retain_graph=True``.

        Args:
            gradient (Tensor, optional): the gradient of some scalar with respect to this tensor.
                Default: ``None`` (``1`` for a scalar tensor).
            retain_graph (bool, optional): keep the graph for another backward. Default: ``None`` (the
                value of :attr:`create_graph`).
            create_graph (bool, optional): record the backward pass, for higher-order derivatives.
                Default: ``False``.
            inputs (sequence of Tensor, optional): accumulate into the ``.grad`` of these tensors only.
                Default: ``None`` (all leaves).

        Example:
            >>> x = glassnet.tensor([1.0, 2.0], requires_grad=True)
            >>> y = x ** 2
            >>> y.backward(glassnet.tensor([1.0, 0.5]))
            >>> x.grad
            tensor([2., 2.])
            >>> (x * 3).sum().backward()
            >>> x.grad
            tensor([5., 5.])
        """
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
        """A tensor sharing this data (and version counter, as in PyTorch), cut from the graph.

        See :func:`glassnet.detach`.
        """
        t = Tensor._wrap(self._data)
        t._vc = self._vc
        if _function.TRACER is not None:  # no Function runs: tell the op recorder the value passes through
            _function.TRACER(_function.NoGradOp, None, (self,), {"op": "detach"}, t)
        return t

    def detach_(self) -> Tensor:
        """Detaches the tensor from the graph that created it, making it a leaf, in place; returns it.

        Example:
            >>> x = glassnet.ones(2, requires_grad=True)
            >>> y = x * 2
            >>> y.detach_()
            tensor([2., 2.])
            >>> y.requires_grad, y.grad_fn
            (False, None)
        """
        self._ctx = None
        self.requires_grad = False
        return self

    def retain_grad(self) -> None:
        """Enables this (non-leaf) tensor to have its ``.grad`` populated during :meth:`backward`; a no-op for
        leaf tensors.

        Example:
            >>> x = glassnet.ones(2, requires_grad=True)
            >>> y = x * 3
            >>> y.retain_grad()
            >>> (y * y).sum().backward()
            >>> y.grad
            tensor([6., 6.])
        """
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._ctx is not None:
            self._retains_grad = True

    def register_hook(self, hook: Any) -> RemovableHandle:
        """Registers a backward hook: ``hook(grad)`` is called every time a gradient with respect to this
        tensor is computed. The hook must not modify its argument, but may return a new gradient to use
        in its place (or ``None``).

        Args:
            hook (callable): a function ``hook(grad) -> Tensor or None``.

        Returns:
            A handle with a method ``handle.remove()`` that removes the hook.

        Example:
            >>> v = glassnet.tensor([0.0, 0.0, 0.0], requires_grad=True)
            >>> h = v.register_hook(lambda grad: grad * 2)
            >>> v.backward(glassnet.tensor([1.0, 2.0, 3.0]))
            >>> v.grad
            tensor([2., 4., 6.])
            >>> h.remove()
        """
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._hooks is None:
            self._hooks = {}
        return add_hook(self._hooks, hook)

    def clone(self) -> Tensor:
        """A copy that stays in the graph. See :func:`glassnet.clone`."""
        return E.Identity.apply(self)

    def contiguous(self) -> Tensor:
        """Returns a tensor whose values are C-contiguous in memory: this tensor if they already are, else a
        contiguous copy.

        Example:
            >>> t = glassnet.arange(6).reshape(2, 3).t()
            >>> t.is_contiguous(), t.contiguous().is_contiguous()
            (False, True)
        """
        return self if self._data.flags.c_contiguous else E.Identity.apply(self)

    def is_contiguous(self) -> bool:
        """Returns True if the tensor's values are contiguous in memory in C (row-major) order.

        Example:
            >>> t = glassnet.zeros(2, 3)
            >>> t.is_contiguous(), t.t().is_contiguous()
            (True, False)
        """
        return bool(self._data.flags.c_contiguous)

    # ---- in-place updates (bump the version so stale saved tensors are caught) ------------------
    # Outside the graph an in-place op just writes into the array. Inside it (grad mode on, and this
    # tensor or an operand requires grad) it is recorded as PyTorch does: a snapshot ``old`` takes over
    # the tensor's values and history, the new value is computed from it by ordinary recorded ops and
    # written into the tensor's own memory, and the tensor moves to the new node (_rebase). Ops recorded
    # before the change still send their gradient to ``old`` (the engine compares sequence numbers,
    # see engine.version_seen). A write through a view also rebases the view's base with a WriteView
    # node (PyTorch's CopySlices), so ``y[:, 0] = z`` or ``y[0].mul_(2)`` on a non-leaf y is differentiable.
    # Other views of that base taken before the write are redone from its new history when next used
    # (function._refresh_view), as PyTorch regenerates a stale view's grad_fn.
    def _check_inplace(self, op: str) -> None:
        if self.requires_grad and STATE.enabled:
            if self.is_leaf:
                raise RuntimeError(
                    f"{op}: a leaf Variable that requires grad is being used in an in-place operation "
                    "(wrap it in glassnet.no_grad(), as optimizers do)"
                )
            base = self._base
            if base is not None and base.is_leaf and base.requires_grad:
                raise RuntimeError(
                    f"{op}: a view of a leaf Variable that requires grad is being used in an in-place operation."
                )
        if not self._data.flags.writeable:
            if self._base is not None:
                raise RuntimeError(
                    f"{op}: unsupported operation: more than one element of the written-to tensor refers to a "
                    "single memory location (an expanded view). Please clone() the tensor before performing "
                    "the operation."
                )
            self._data = self._data.copy()

    def _records(self, *operands: Any) -> bool:
        """True if an in-place op on this tensor must be recorded for autograd."""
        if not STATE.enabled:
            return False
        if self.requires_grad:
            return True
        return builtins.any(isinstance(o, Tensor) and o.requires_grad for o in operands)

    def _apply_inplace(self, op: str, compute: Any) -> Tensor:
        """self = compute(self) in place, recorded: ``compute`` maps a tensor to the new value with
        ordinary (recorded) tensor ops. In-place methods use this when ``_records`` says so."""
        from .autograd.function import _SEQUENCE

        self._check_inplace(op)
        old = Tensor._wrap(self._data.copy(), self.requires_grad)  # the op may save the old values
        old._ctx = self._ctx
        start = next(_SEQUENCE)
        new = compute(old)
        if not isinstance(new, Tensor):
            new = Tensor._wrap(self.xp.asarray(new, dtype=self._data.dtype))
        if new._ctx is not None and new._ctx.seq < start:  # compute returned an existing tensor: own node
            new = E.Identity.apply(new)
        if new._data.dtype != self._data.dtype:
            if new._data.dtype.kind == "f" and self._data.dtype.kind != "f":
                raise RuntimeError(
                    f"{op}: result type {D.from_numpy_dtype(new._data.dtype)!r} can't be cast to the desired "
                    f"output type {self.dtype!r}"
                )
            new = new.astype(self.dtype)
        if new._data.shape != self._data.shape:
            if _np.broadcast_shapes(new._data.shape, self._data.shape) != self._data.shape:
                raise RuntimeError(
                    f"{op}: output with shape {list(self._data.shape)} doesn't match the broadcast shape "
                    f"{list(new._data.shape)}"
                )
            new = new.broadcast_to(self._data.shape)
        self._data[...] = new._data
        self._version += 1
        if new._ctx is None:
            return self
        if self._base is None:
            self._rebase(new._ctx, old, next(_SEQUENCE))
        else:
            self._write_through_view(new, old)
        return self

    def _rebase(self, ctx: Any, old: Tensor, boundary: int) -> None:
        """Make ``ctx`` this tensor's producer; ops recorded before ``boundary`` keep reaching ``old``."""
        import weakref

        self._ctx = ctx
        self.requires_grad = True
        if ctx._out_ref is not None:  # the node saved its output: that output is now this tensor
            ctx._out_ref = weakref.ref(self)
            ctx._saved_refs = [(-1, self._version) if r is not None and r[0] == -1 else r for r in ctx._saved_refs]
        if self._history is None:
            self._history = []
        self._history.append((boundary, old))

    def _write_through_view(self, new: Tensor, old: Tensor) -> None:
        """This view's memory was written: rebase the base onto WriteView(base, new), then this view
        onto the view of the new base."""
        from .autograd.function import _SEQUENCE

        base = self._base
        base_old = Tensor._wrap(base._data, base.requires_grad)  # WriteView needs no values of it
        base_old._ctx = base._ctx
        written = I.WriteView.apply(base_old, new, self._view)
        boundary = next(_SEQUENCE)
        base._rebase(written._ctx, base_old, boundary)
        again = I.replay_view_recorded(base, self._view)
        self._rebase(again._ctx, old, boundary)

    def _inplace(self, op: str, value: Any) -> Tensor:
        self._check_inplace(op)
        if self._records(value):
            if isinstance(value, Tensor) and value.requires_grad:
                return self._apply_inplace(op, lambda old: value.astype(self.dtype).broadcast_to(self._data.shape))
            arr = self.xp.asarray(_arr(value), dtype=self._data.dtype)
            everywhere = self.xp.ones(self._data.shape, dtype=bool)
            return self._apply_inplace(op, lambda old: I.MaskedFill.apply(old, everywhere, arr))
        value = _cast(_arr(value), self._data.dtype, checked=True)
        if type(value) is _ndarray and type(self._data) is not _ndarray:
            value = self.xp.asarray(value)  # host values (random fills draw on the host) onto self's backend
        self._data[...] = value
        self._version += 1
        return self

    def __setitem__(self, index: Any, value: Any) -> None:
        self._check_inplace("__setitem__")
        steps = I.plan_index(_index_arr(index), self._data.ndim)
        if self._records(value):
            def put(old: Tensor) -> Tensor:
                v = value.astype(self.dtype) if isinstance(value, Tensor) else self.xp.asarray(
                    value, dtype=self._data.dtype)
                return I.IndexPut.apply(old, v, steps)

            self._apply_inplace("__setitem__", put)
            return
        I.set_planned(self._data, steps, _cast(_arr(value), self._data.dtype, checked=True))  # uint8: -2 is 254
        self._version += 1

    def copy_(self, src: Any) -> Tensor:
        """Copies the elements from :attr:`src` into this tensor and returns this tensor.

        :attr:`src` is broadcast to this tensor's shape and cast to its dtype; the copy is recorded for
        autograd when :attr:`src` requires grad.

        Args:
            src (Tensor or array_like): the source to copy from.

        Example:
            >>> t = glassnet.zeros(2, 3)
            >>> t.copy_(glassnet.tensor([1.0, 2.0, 3.0]))
            tensor([[1., 2., 3.],
                    [1., 2., 3.]])
        """
        return self._inplace("copy_", src if isinstance(src, Tensor) and src.requires_grad else _arr(src))

    def zero_(self) -> Tensor:
        """Fill with zeros. See :func:`glassnet.zero_`."""
        return self._inplace("zero_", 0)

    def fill_(self, value: Any) -> Tensor:
        """Fills this tensor with the specified value, in place, and returns it.

        Args:
            value (Number or Tensor): the value (a number or a 0-d tensor), cast to this tensor's dtype.

        Example:
            >>> glassnet.zeros(2, 2).fill_(7.5)
            tensor([[7.5000, 7.5000],
                    [7.5000, 7.5000]])
        """
        if isinstance(value, Tensor) and value.ndim != 0:
            raise RuntimeError(
                f"fill_ only supports 0-dimension value tensor but got tensor with {value.ndim} dimensions."
            )
        if not isinstance(value, Tensor):  # PyTorch range-checks a number; a 0-d tensor is cast as it is
            D.check_fill_value(value, self._data.dtype)
        return self._inplace("fill_", value if isinstance(value, Tensor) and value.requires_grad else _arr(value))

    def _inplace_arith(self, op: str, ufunc: str, other: Any) -> Tensor:
        """self = ufunc(self, other), written into self's own buffer when the dtype allows."""
        self._check_inplace(op)
        if self._records(other):
            method = _ARITH_METHODS[ufunc]
            return self._apply_inplace(op, lambda old: method(old, other))
        d = self._data
        if d.dtype is _HALF and ufunc in _AT_FLOAT32 and self._scalar_at_float32(other):  # as the out-of-place op
            d[...] = self._at_float32(_ARITH_METHODS[ufunc], other)._data
            self._version += 1
            return self
        fn = getattr(self.xp, ufunc)
        other = _arr(other)
        if d.dtype.kind == "f":
            fn(d, other, out=d)  # no full-size temporary: optimizer updates stay cheap
        else:  # integer data: computed in the promoted dtype, then cast back (uint8 += 300 wraps)
            target = D.result_np(self, other)
            if ufunc == "true_divide" or not D.can_cast(target, d.dtype):
                raise RuntimeError(f"{op}: result type {D.from_numpy_dtype(D.float_np(target))!r} can't be cast "
                                   f"to the desired output type {self.dtype!r}")
            d[...] = fn(d.astype(target, copy=False), _cast(other, target))
        self._version += 1
        return self

    def add_(self, other: Any, alpha: Any = 1) -> Tensor:
        """self += alpha * other. In-place version of :meth:`add`. See :func:`glassnet.add`."""
        alpha = _number(alpha, "add_", "alpha")
        return self._inplace_arith("add_", "add", other if alpha == 1 else alpha * other)

    def sub_(self, other: Any, alpha: Any = 1) -> Tensor:
        """self -= alpha * other. In-place version of :meth:`sub`. See :func:`glassnet.sub`."""
        alpha = _number(alpha, "sub_", "alpha")
        return self._inplace_arith("sub_", "subtract", other if alpha == 1 else alpha * other)

    def mul_(self, other: Any) -> Tensor:
        """``self *= other``. In-place version of :meth:`mul`. See :func:`glassnet.mul`."""
        return self._inplace_arith("mul_", "multiply", other)

    def div_(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        """self /= other (rounded toward zero or down with rounding_mode 'trunc' or 'floor').

        In-place version of :meth:`div`. See :func:`glassnet.div`.
        """
        if rounding_mode is not None:
            if self._records(other):
                return self._apply_inplace("div_", lambda old: old.div(other, rounding_mode=rounding_mode))
            return self._inplace_from("div_", self.div(other, rounding_mode=rounding_mode))
        return self._inplace_arith("div_", "true_divide", other)

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002 - PyTorch names
        """Clamp in place. In-place version of :meth:`clamp`. See :func:`glassnet.clamp`."""
        if self._records(min, max):
            return self._apply_inplace("clamp_", lambda old: old.clamp(min, max))
        return self._inplace_from("clamp_", self.clamp(min, max))  # refuses a float bound for an int tensor

    def masked_fill_(self, mask: Any, value: Any) -> Tensor:
        """Fill where mask is True, in place.

        In-place version of :meth:`masked_fill`. See :func:`glassnet.masked_fill`.
        """
        if self._records(value):
            return self._apply_inplace("masked_fill_", lambda old: old.masked_fill(mask, value))
        D.check_fill_value(_arr(value), self._data.dtype)
        return self._inplace("masked_fill_", self.xp.where(_arr(mask), _arr(value), self._data))

    # Random fills: values come from glassnet.ops.random, drawn from ``generator`` or the global one.
    def uniform_(self, a: float = 0.0, b: float = 1.0, *, generator: Any = None) -> Tensor:
        """Fills this tensor with numbers sampled from the continuous uniform distribution, in place.

        The values are drawn from ``U(from, to)``: ``P(x) = 1 / (to - from)`` on ``[from, to)``.

        Args:
            a (float, optional): the lower bound (``from``). Default: ``0``.
            b (float, optional): the upper bound (``to``). Default: ``1``.

        Keyword args:
            generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
                global generator).

        Example:
            >>> t = glassnet.empty(1000).uniform_(-2.0, 2.0)
            >>> bool(t.min() >= -2.0), bool(t.max() < 2.0)
            (True, True)
        """
        return self._inplace("uniform_", _random.uniform(self._data, a, b, _rng(generator)))

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator: Any = None) -> Tensor:
        """Fills this tensor with elements sampled from the normal distribution, in place.

        The values are drawn from ``N(mean, std ** 2)``.

        Args:
            mean (float, optional): the mean. Default: ``0``.
            std (float, optional): the standard deviation. Default: ``1``.

        Keyword args:
            generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
                global generator).

        Example:
            >>> t = glassnet.empty(10000).normal_(mean=3.0, std=0.5)
            >>> round(t.mean().item(), 1), round(t.std().item(), 1)
            (3.0, 0.5)
        """
        return self._inplace("normal_", _random.normal(self._data, mean, std, _rng(generator)))

    def exponential_(self, lambd: float = 1.0, *, generator: Any = None) -> Tensor:
        """Fills this tensor with elements drawn from the exponential distribution, in place.

        The density is ``lambd * exp(-lambd * x)`` for ``x >= 0`` (mean ``1 / lambd``).

        Args:
            lambd (float, optional): the rate. Default: ``1``.

        Keyword args:
            generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
                global generator).

        Example:
            >>> t = glassnet.empty(10000).exponential_(lambd=2.0)
            >>> bool(t.min() >= 0), round(t.mean().item(), 1)
            (True, 0.5)
        """
        return self._inplace("exponential_", _random.exponential(self._data, lambd, _rng(generator)))

    def log_normal_(self, mean: float = 1.0, std: float = 2.0, *, generator: Any = None) -> Tensor:
        """Fills this tensor with numbers samples from the log-normal distribution, in place.

        The values are ``exp(N(mean, std ** 2))``: their logarithm is normally distributed with the given mean and std.

        Args:
            mean (float, optional): the mean of the underlying normal distribution. Default: ``1``.
            std (float, optional): the standard deviation of the underlying normal distribution. Default: ``2``.

        Keyword args:
            generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
                global generator).

        Example:
            >>> t = glassnet.empty(10000).log_normal_(mean=0.0, std=0.25)
            >>> bool(t.min() > 0), round(t.log().mean().item(), 1)
            (True, 0.0)
        """
        return self._inplace("log_normal_", _random.log_normal(self._data, mean, std, _rng(generator)))

    def cauchy_(self, median: float = 0.0, sigma: float = 1.0, *, generator: Any = None) -> Tensor:
        """Fills this tensor with numbers drawn from the Cauchy distribution, in place.

        The density is ``1 / (pi * sigma * (1 + ((x - median) / sigma) ** 2))``.

        Args:
            median (float, optional): the location of the distribution. Default: ``0``.
            sigma (float, optional): the scale of the distribution. Default: ``1``.

        Keyword args:
            generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
                global generator).

        Example:
            >>> t = glassnet.empty(10001).cauchy_(median=5.0)
            >>> round(t.median().item())
            5
        """
        return self._inplace("cauchy_", _random.cauchy(self._data, median, sigma, _rng(generator)))

    def geometric_(self, p: float, *, generator: Any = None) -> Tensor:
        """Fills this tensor with elements drawn from the geometric distribution, in place.

        Each value counts the Bernoulli(p) trials up to and including the first success:
        ``P(X = k) = (1 - p) ** (k - 1) * p`` for ``k = 1, 2, ...``.

        Args:
            p (float): the probability of success of each trial.

        Keyword args:
            generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
                global generator).

        Example:
            >>> t = glassnet.empty(10000).geometric_(0.5)
            >>> int(t.min()), round(t.mean().item())
            (1, 2)
        """
        return self._inplace("geometric_", _random.geometric(self._data, p, _rng(generator)))

    def bernoulli_(self, p: Any = 0.5, *, generator: Any = None) -> Tensor:
        """Fills each location of this tensor with an independent sample from ``Bernoulli(p)``, in place.

        The values are 0 or 1, in this tensor's dtype. :attr:`p` may be a tensor of probabilities, broadcast to this
        tensor's shape.

        Args:
            p (float or Tensor, optional): the probability of drawing 1. Default: ``0.5``.

        Keyword args:
            generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
                global generator).

        Example:
            >>> glassnet.empty(4).bernoulli_(glassnet.tensor([0.0, 1.0, 1.0, 0.0]))
            tensor([0., 1., 1., 0.])
            >>> glassnet.empty(3, dtype=glassnet.int64).bernoulli_(1.0)
            tensor([1, 1, 1])
        """
        return self._inplace("bernoulli_", _random.bernoulli(self._data, _arr(p), _rng(generator)))

    def random_(self, *bounds: int, to: int | None = None, generator: Any = None) -> Tensor:
        """Fills this tensor with numbers sampled from the discrete uniform distribution over
        ``[from, to - 1]``, in place: ``random_(to)`` draws from ``[0, to)``, ``random_(from, to)`` from
        ``[from, to)``, and ``random_()`` from the range of this tensor's dtype (up to ``2 ** mantissa`` for
        floating types, as in PyTorch).

        Args:
            bounds (int...): ``to``, or ``from, to``.

        Keyword args:
            to (int, optional): the upper bound (exclusive), as a keyword. Default: ``None``.
            generator (glassnet.Generator, optional): a generator to draw from. Default: ``None``.

        Example:
            >>> t = glassnet.empty(1000, dtype=glassnet.int64).random_(3, 6)
            >>> sorted(set(t.tolist()))
            [3, 4, 5]
        """
        if len(bounds) > 2 or (bounds and to is not None and len(bounds) > 1):
            raise TypeError(f"random_() takes at most 2 bounds (from, to), got {bounds} and to={to}")
        low, high = (0, to) if not bounds else (0, bounds[0]) if len(bounds) == 1 and to is None else (
            bounds[0], bounds[1] if len(bounds) == 2 else to)
        return self._inplace("random_", _random.random_integers(self._data, low, high, _rng(generator)))

    def bernoulli(self, p: Any = None, *, generator: Any = None) -> Tensor:
        """0/1 draws with this tensor's shape, 1 with probability self (or p). See :func:`glassnet.bernoulli`."""
        from .creation import bernoulli

        return bernoulli(self, p, generator=generator)

    # Augmented assignment is in place, as in PyTorch (recorded on tensors in the graph).
    def __iadd__(self, other: Any) -> Tensor:
        return self.add_(other)

    def __isub__(self, other: Any) -> Tensor:
        return self.sub_(other)

    def __imul__(self, other: Any) -> Tensor:
        return self.mul_(other)

    def __itruediv__(self, other: Any) -> Tensor:
        return self.div_(other)

    def __ifloordiv__(self, other: Any) -> Tensor:
        return self.floor_divide_(other)

    def __imod__(self, other: Any) -> Tensor:
        return self.remainder_(other)

    def __iand__(self, other: Any) -> Tensor:
        return self.bitwise_and_(other)

    def __ior__(self, other: Any) -> Tensor:
        return self.bitwise_or_(other)

    def __ixor__(self, other: Any) -> Tensor:
        return self.bitwise_xor_(other)

    def __ilshift__(self, other: Any) -> Tensor:
        return self.bitwise_left_shift_(other)

    def __irshift__(self, other: Any) -> Tensor:
        return self.bitwise_right_shift_(other)

    def __rlshift__(self, other: Any) -> Tensor:
        from .math_functions import bitwise_left_shift

        return bitwise_left_shift(other, self)

    def __rrshift__(self, other: Any) -> Tensor:
        from .math_functions import bitwise_right_shift

        return bitwise_right_shift(other, self)

    # ---- more of PyTorch's Tensor surface (issue #9, "more") ----
    @staticmethod
    def _more() -> Any:
        """glassnet.more_functions, imported on first use (it imports this module)."""
        from . import more_functions

        return more_functions

    def absolute(self) -> Tensor:
        """Alias of abs. See :func:`glassnet.absolute`."""
        return self.abs()

    def absolute_(self) -> Tensor:
        """abs in place. In-place version of :meth:`absolute`. See :func:`glassnet.absolute`."""
        return self._inplace_from("absolute_", self.abs())

    def greater(self, other: Any) -> Tensor:
        """Alias of gt. See :func:`glassnet.greater`."""
        return self > other

    def greater_equal(self, other: Any) -> Tensor:
        """Alias of ge. See :func:`glassnet.greater_equal`."""
        return self >= other

    def less(self, other: Any) -> Tensor:
        """Alias of lt. See :func:`glassnet.less`."""
        return self < other

    def less_equal(self, other: Any) -> Tensor:
        """Alias of le. See :func:`glassnet.less_equal`."""
        return self <= other

    def not_equal(self, other: Any) -> Tensor:
        """Alias of ne. See :func:`glassnet.not_equal`."""
        return self != other

    def multiply(self, other: Any) -> Tensor:
        """Alias of mul. See :func:`glassnet.multiply`."""
        return self * other

    def subtract(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """Alias of sub. See :func:`glassnet.subtract`."""
        return self.sub(other, alpha)

    def negative(self) -> Tensor:
        """Alias of neg. See :func:`glassnet.negative`."""
        return -self

    def positive(self) -> Tensor:
        """self (an error for bool). See :func:`glassnet.positive`."""
        return Tensor._more().positive(self)

    def swapdims(self, dim0: int, dim1: int) -> Tensor:
        """Alias of transpose. See :func:`glassnet.swapdims`."""
        return self.transpose(dim0, dim1)

    def movedim(self, source: Any, destination: Any) -> Tensor:
        """Move dims to new positions, keeping the others' order. See :func:`glassnet.movedim`."""
        return Tensor._more().movedim(self, source, destination)

    moveaxis = movedim

    def ndimension(self) -> int:
        """Alias for :meth:`dim`: the number of dimensions.

        Example:
            >>> glassnet.zeros(2, 3).ndimension()
            2
        """
        return self.ndim

    def nelement(self) -> int:
        """Alias for :meth:`numel`: the number of elements.

        Example:
            >>> glassnet.zeros(2, 3).nelement()
            6
        """
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
        """Returns the stride of the tensor: the number of elements to step in memory to advance one index in
        each dimension (a tuple), or, with :attr:`dim`, that dimension's stride.

        Strides are counted in elements, as in PyTorch (NumPy counts bytes).

        Args:
            dim (int, optional): the desired dimension. Default: ``None`` (all of them).

        Example:
            >>> x = glassnet.zeros(3, 5)
            >>> x.stride(), x.t().stride(), x.stride(0)
            ((5, 1), (1, 5), 5)
        """
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
        """Alias of mH. See :func:`glassnet.adjoint`."""
        return self.mH

    def ravel(self) -> Tensor:
        """Flattened to 1-D. See :func:`glassnet.ravel`."""
        return self.reshape(-1)

    def tile(self, *dims: Any) -> Tensor:
        """Repeat along each dim (dims padded with ones on the left). See :func:`glassnet.tile`."""
        return Tensor._more().tile(self, _shape_arg(dims))

    def is_signed(self) -> bool:
        """True for signed dtypes. See :func:`glassnet.is_signed`."""
        return self._data.dtype.kind in "if"

    def is_nonzero(self) -> bool:
        """The truth value of a one-element tensor. See :func:`glassnet.is_nonzero`."""
        return Tensor._more().is_nonzero(self)

    def is_same_size(self, other: Tensor) -> bool:
        """True when both shapes are equal. See :func:`glassnet.is_same_size`."""
        return tuple(self.shape) == tuple(other.shape)

    def is_inference(self) -> bool:
        """False: glassnet has no inference-mode tensors. See :func:`glassnet.is_inference`."""
        return False

    @property
    def layout(self) -> Any:
        """glassnet.strided (every tensor is dense)."""
        return Tensor._more().strided

    def sum_to_size(self, *size: Any) -> Tensor:
        """Sums this tensor to :attr:`size`, which must be broadcastable to this tensor's shape: the
        dimensions that broadcasting would expand are summed over (keeping their size-1 form).

        Args:
            size (int...): a sequence of integers defining the shape of the output tensor.

        Example:
            >>> glassnet.ones(2, 3).sum_to_size(1, 3)
            tensor([[2., 2., 2.]])
            >>> glassnet.ones(2, 3).sum_to_size(2, 1)
            tensor([[3.],
                    [3.]])
        """
        shape = _shape_arg(size)
        try:
            ok = tuple(_np.broadcast_shapes(shape, tuple(self.shape))) == tuple(self.shape)
        except ValueError:
            ok = False
        if not ok:
            raise RuntimeError(f"sum_to_size: size {list(shape)} is not expandable to size {list(self.shape)}")
        return S.SumTo.apply(self, shape) if shape != tuple(self.shape) else self

    def clamp_min(self, min: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """clamp with only a lower bound. See :func:`glassnet.clamp_min`."""
        return self.clamp(min=min)

    def clamp_max(self, max: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """clamp with only an upper bound. See :func:`glassnet.clamp_max`."""
        return self.clamp(max=max)

    def clamp_min_(self, min: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """clamp_min in place. In-place version of :meth:`clamp_min`. See :func:`glassnet.clamp_min`."""
        return self.clamp_(min=min)

    def clamp_max_(self, max: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """clamp_max in place. In-place version of :meth:`clamp_max`. See :func:`glassnet.clamp_max`."""
        return self.clamp_(max=max)

    def byte(self) -> Tensor:
        """``self.byte()`` is equivalent to ``self.to(glassnet.uint8)`` (a copy in that dtype; see :meth:`to`).

        Example:
            >>> glassnet.tensor([1.7, 200.0]).byte()
            tensor([  1, 200], dtype=glassnet.uint8)
        """
        return self.astype(D.uint8)

    def char(self) -> Tensor:
        """``self.char()`` is equivalent to ``self.to(glassnet.int8)`` (a copy in that dtype; see :meth:`to`).

        Example:
            >>> glassnet.tensor([1.7, -2.2]).char()
            tensor([ 1, -2], dtype=glassnet.int8)
        """
        return self.astype(D.int8)

    def short(self) -> Tensor:
        """``self.short()`` is equivalent to ``self.to(glassnet.int16)`` (a copy in that dtype; see :meth:`to`).

        Example:
            >>> glassnet.tensor([1.7, -2.2]).short()
            tensor([ 1, -2], dtype=glassnet.int16)
        """
        return self.astype(D.int16)

    def __contains__(self, element: Any) -> bool:
        """True when any element equals ``element`` (a number or a tensor)."""
        if not isinstance(element, Tensor | builtins.int | builtins.float | builtins.bool):
            raise RuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a "
                               f"{type(element)}.")
        return builtins.bool((self._data == _arr(element)).any())

    def __reversed__(self) -> Tensor:
        """The tensor reversed along dim 0 (itself when 0-D)."""
        return self if self.ndim == 0 else self.flip(0)

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
        return self._inplace_from("pow_", self ** other)

    def select(self, dim: int, index: int) -> Tensor:
        """The slice at ``index`` along dim (that dim removed). See :func:`glassnet.select`."""
        return Tensor._more().select(self, dim, index)

    def put(self, index: Any, source: Any, accumulate: bool = False) -> Tensor:
        """A copy with source written at flat indices. See :func:`glassnet.put`."""
        return Tensor._more().put(self, index, source, accumulate)

    def put_(self, index: Any, source: Any, accumulate: bool = False) -> Tensor:
        """put in place. In-place version of :meth:`put`. See :func:`glassnet.put`."""
        return self._inplace_from("put_", self.put(index, source, accumulate))

    def index_copy(self, dim: int, index: Any, source: Any) -> Tensor:
        """A copy with source's slices placed at index along dim. See :func:`glassnet.index_copy`."""
        return Tensor._more().index_copy(self, dim, index, source)

    def index_copy_(self, dim: int, index: Any, source: Any) -> Tensor:
        """index_copy in place. In-place version of :meth:`index_copy`. See :func:`glassnet.index_copy`."""
        return self._inplace_from("index_copy_", self.index_copy(dim, index, source))

    def index_put(self, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
        """A copy with values written (or added) at a tuple of index tensors. See :func:`glassnet.index_put`."""
        return Tensor._more().index_put(self, indices, values, accumulate)

    def index_put_(self, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
        """index_put in place. In-place version of :meth:`index_put`. See :func:`glassnet.index_put`."""
        return self._inplace_from("index_put_", self.index_put(indices, values, accumulate))

    def diagonal_scatter(self, src: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        """A copy with src along a diagonal. See :func:`glassnet.diagonal_scatter`."""
        return Tensor._more().diagonal_scatter(self, src, offset, dim1, dim2)

    def select_scatter(self, src: Tensor, dim: int, index: int) -> Tensor:
        """A copy with src at index along dim. See :func:`glassnet.select_scatter`."""
        return Tensor._more().select_scatter(self, src, dim, index)

    def slice_scatter(self, src: Tensor, dim: int = 0, start: Any = None, end: Any = None, step: int = 1) -> Tensor:
        """A copy with src in a slice along dim. See :func:`glassnet.slice_scatter`."""
        return Tensor._more().slice_scatter(self, src, dim, start, end, step)

    def diagflat(self, offset: int = 0) -> Tensor:
        """A 2-D matrix with the flattened tensor on a diagonal. See :func:`glassnet.diagflat`."""
        return Tensor._more().diagflat(self, offset)

    def tensor_split(self, indices_or_sections: Any, dim: int = 0) -> tuple:
        """Split into nearly equal parts or at indices. See :func:`glassnet.tensor_split`."""
        return Tensor._more().tensor_split(self, indices_or_sections, dim)

    def hsplit(self, indices_or_sections: Any) -> tuple:
        """Split along dim 1 (dim 0 for 1-D). See :func:`glassnet.hsplit`."""
        return Tensor._more().hsplit(self, indices_or_sections)

    def vsplit(self, indices_or_sections: Any) -> tuple:
        """Split along dim 0. See :func:`glassnet.vsplit`."""
        return Tensor._more().vsplit(self, indices_or_sections)

    def dsplit(self, indices_or_sections: Any) -> tuple:
        """Split along dim 2. See :func:`glassnet.dsplit`."""
        return Tensor._more().dsplit(self, indices_or_sections)

    def split_with_sizes(self, split_sizes: Any, dim: int = 0) -> tuple:
        """Split into pieces of the given sizes. See :func:`glassnet.split_with_sizes`."""
        return Tensor._more().split_with_sizes(self, split_sizes, dim)

    def mode(self, dim: int = -1, keepdim: bool = False) -> Any:
        """Most frequent value along dim and an index of it. See :func:`glassnet.mode`."""
        return Tensor._more().mode(self, dim, keepdim)

    def cross(self, other: Tensor, dim: int | None = None) -> Tensor:
        """Cross product of 3-vectors along dim. See :func:`glassnet.cross`."""
        return Tensor._more().cross(self, other, dim)

    def cov(self, *, correction: int = 1, fweights: Any = None, aweights: Any = None) -> Tensor:
        """Covariance matrix of the rows. See :func:`glassnet.cov`."""
        return Tensor._more().cov(self, correction=correction, fweights=fweights, aweights=aweights)

    def corrcoef(self) -> Tensor:
        """Correlation coefficients of the rows. See :func:`glassnet.corrcoef`."""
        return Tensor._more().corrcoef(self)

    def histc(self, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:  # noqa: A002 - PyTorch names
        """Counts in equal-width bins. See :func:`glassnet.histc`."""
        return Tensor._more().histc(self, bins, min, max)

    def histogram(self, bins: Any = 100, *, range: Any = None, weight: Any = None,  # noqa: A002
                  density: bool = False) -> Any:
        """(hist, bin_edges). See :func:`glassnet.histogram`."""
        return Tensor._more().histogram(self, bins, range=range, weight=weight, density=density)

    def nan_to_num(self, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
        """NaN and infinities replaced by finite numbers. See :func:`glassnet.nan_to_num`."""
        return Tensor._more().nan_to_num(self, nan, posinf, neginf)

    def nan_to_num_(self, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
        """nan_to_num in place. In-place version of :meth:`nan_to_num`. See :func:`glassnet.nan_to_num`."""
        return self._inplace_from("nan_to_num_", self.nan_to_num(nan, posinf, neginf))

    def frac(self) -> Tensor:
        """Fractional part (x - trunc(x)). See :func:`glassnet.frac`."""
        return Tensor._more().frac(self)

    def frac_(self) -> Tensor:
        """frac in place. In-place version of :meth:`frac`. See :func:`glassnet.frac`."""
        return self._inplace_from("frac_", self.frac())

    def fix(self) -> Tensor:
        """Alias of trunc. See :func:`glassnet.fix`."""
        return self.trunc()

    def fix_(self) -> Tensor:
        """trunc in place. In-place version of :meth:`fix`. See :func:`glassnet.fix`."""
        return self._inplace_from("fix_", self.trunc())

    def sgn(self) -> Tensor:
        """sign for real tensors. See :func:`glassnet.sgn`."""
        return self.sign()

    def sgn_(self) -> Tensor:
        """sign in place. In-place version of :meth:`sgn`. See :func:`glassnet.sgn`."""
        return self._inplace_from("sgn_", self.sign())

    def signbit(self) -> Tensor:
        """True where the sign bit is set. See :func:`glassnet.signbit`."""
        return Tensor._more().signbit(self)

    def heaviside(self, values: Tensor) -> Tensor:
        """Step function with ``values`` at zero. See :func:`glassnet.heaviside`."""
        return Tensor._more().heaviside(self, values)

    def gcd(self, other: Tensor) -> Tensor:
        """Greatest common divisor. See :func:`glassnet.gcd`."""
        return Tensor._more().gcd(self, other)

    def lcm(self, other: Tensor) -> Tensor:
        """Least common multiple. See :func:`glassnet.lcm`."""
        return Tensor._more().lcm(self, other)

    def ldexp(self, other: Tensor) -> Tensor:
        """self * 2 ** other. See :func:`glassnet.ldexp`."""
        return Tensor._more().ldexp(self, other)

    def xlogy(self, other: Any) -> Tensor:
        """self * log(other), 0 where self is 0. See :func:`glassnet.xlogy`."""
        return Tensor._more().xlogy(self, other)

    def xlogy_(self, other: Any) -> Tensor:
        """xlogy in place. In-place version of :meth:`xlogy`. See :func:`glassnet.xlogy`."""
        return self._inplace_from("xlogy_", self.xlogy(other))

    def logit(self, eps: float | None = None) -> Tensor:
        """log(p / (1 - p)). See :func:`glassnet.logit`."""
        return Tensor._more().logit(self, eps)

    def logit_(self, eps: float | None = None) -> Tensor:
        """logit in place. In-place version of :meth:`logit`. See :func:`glassnet.logit`."""
        return self._inplace_from("logit_", self.logit(eps))

    def deg2rad(self) -> Tensor:
        """Degrees to radians. See :func:`glassnet.deg2rad`."""
        return Tensor._more().deg2rad(self)

    def deg2rad_(self) -> Tensor:
        """deg2rad in place. In-place version of :meth:`deg2rad`. See :func:`glassnet.deg2rad`."""
        return self._inplace_from("deg2rad_", self.deg2rad())

    def rad2deg(self) -> Tensor:
        """Radians to degrees. See :func:`glassnet.rad2deg`."""
        return Tensor._more().rad2deg(self)

    def rad2deg_(self) -> Tensor:
        """rad2deg in place. In-place version of :meth:`rad2deg`. See :func:`glassnet.rad2deg`."""
        return self._inplace_from("rad2deg_", self.rad2deg())

    def reciprocal(self) -> Tensor:
        """1 / self. See :func:`glassnet.reciprocal`."""
        return Tensor._more().reciprocal(self)

    def reciprocal_(self) -> Tensor:
        """reciprocal in place. In-place version of :meth:`reciprocal`. See :func:`glassnet.reciprocal`."""
        return self._inplace_from("reciprocal_", self.reciprocal())

    def float_power(self, exponent: Any) -> Tensor:
        """self ** exponent in float64. See :func:`glassnet.float_power`."""
        return Tensor._more().float_power(self, exponent)

    def float_power_(self, exponent: Any) -> Tensor:
        """float_power in place (self must be float64).

        In-place version of :meth:`float_power`. See :func:`glassnet.float_power`.
        """
        if self._data.dtype != _np.float64:
            raise RuntimeError(f"the base given to float_power_ has dtype {self.dtype} but the operation's result "
                               "requires dtype Double")
        return self._inplace_from("float_power_", self.float_power(exponent))

    def fmax(self, other: Tensor) -> Tensor:
        """Maximum ignoring NaN. See :func:`glassnet.fmax`."""
        return Tensor._more().fmax(self, other)

    def fmin(self, other: Tensor) -> Tensor:
        """Minimum ignoring NaN. See :func:`glassnet.fmin`."""
        return Tensor._more().fmin(self, other)

    def nextafter(self, other: Tensor) -> Tensor:
        """Next float towards other. See :func:`glassnet.nextafter`."""
        return Tensor._more().nextafter(self, other)

    def frexp(self) -> Any:
        """(mantissa, exponent). See :func:`glassnet.frexp`."""
        return Tensor._more().frexp(self)

    def logaddexp2(self, other: Tensor) -> Tensor:
        """log2(2 ** self + 2 ** other). See :func:`glassnet.logaddexp2`."""
        return Tensor._more().logaddexp2(self, other)

    def sinc(self) -> Tensor:
        """sin(pi x) / (pi x). See :func:`glassnet.sinc`."""
        return Tensor._more().sinc(self)

    def sinc_(self) -> Tensor:
        """sinc in place. In-place version of :meth:`sinc`. See :func:`glassnet.sinc`."""
        return self._inplace_from("sinc_", self.sinc())

    def renorm(self, p: float, dim: int, maxnorm: float) -> Tensor:
        """Sub-tensors along dim rescaled to p-norm at most maxnorm. See :func:`glassnet.renorm`."""
        return Tensor._more().renorm(self, p, dim, maxnorm)

    def renorm_(self, p: float, dim: int, maxnorm: float) -> Tensor:
        """renorm in place. In-place version of :meth:`renorm`. See :func:`glassnet.renorm`."""
        return self._inplace_from("renorm_", self.renorm(p, dim, maxnorm))

    def lgamma(self) -> Tensor:
        """log|Gamma(x)|. See :func:`glassnet.lgamma`."""
        return Tensor._more().lgamma(self)

    def digamma(self) -> Tensor:
        """d/dx lgamma(x). See :func:`glassnet.digamma`."""
        return Tensor._more().digamma(self)

    def polygamma(self, n: int) -> Tensor:
        """n-th derivative of digamma. See :func:`glassnet.polygamma`."""
        return Tensor._more().polygamma(n, self)

    def mvlgamma(self, p: int) -> Tensor:
        """Multivariate log-gamma of dimension p. See :func:`glassnet.mvlgamma`."""
        return Tensor._more().mvlgamma(self, p)

    def i0(self) -> Tensor:
        """Modified Bessel I0. See :func:`glassnet.i0`."""
        return Tensor._more().i0(self)

    def prelu(self, weight: Tensor) -> Tensor:
        """Applies the parametric ReLU element-wise: ``x`` where ``x >= 0``, ``weight * x`` elsewhere, with
        one weight per channel (dim 1) or one shared weight.

        See :func:`glassnet.nn.functional.prelu`.

        Args:
            weight (Tensor): the learnable slopes, of one element or of the number of channels.

        Example:
            >>> glassnet.tensor([[-2.0, 1.0], [3.0, -4.0]]).prelu(glassnet.tensor([0.25]))
            tensor([[-0.5000,  1.0000],
                    [ 3.0000, -1.0000]])
        """
        w = weight
        if w.numel() > 1:
            if self.ndim < 2 or self.shape[1] != w.numel():
                raise RuntimeError(f"prelu: mismatch of parameter numbers ({w.numel()}) and input channels "
                                   f"({self.shape[1] if self.ndim > 1 else 1})")
            w = w.reshape(-1, *([1] * (self.ndim - 2)))
        return self.clamp(min=0) + (self.clamp(max=0) * w if w.numel() > 1 else self.clamp(max=0) * w.reshape(()))

    def hardshrink(self, lambd: float = 0.5) -> Tensor:
        """Applies the hard shrinkage function element-wise: ``x`` where ``|x| > lambd``, else 0.

        See :func:`glassnet.nn.functional.hardshrink`.

        Args:
            lambd (float, optional): the threshold. Default: ``0.5``.

        Example:
            >>> glassnet.tensor([-1.0, -0.3, 0.2, 0.8]).hardshrink()
            tensor([-1.0000,  0.0000,  0.0000,  0.8000])
        """
        return self.masked_fill(Tensor._wrap(self.xp.abs(self._data) <= lambd), 0)

    def isneginf(self) -> Tensor:
        """True where -inf. See :func:`glassnet.isneginf`."""
        return Tensor._more().isneginf(self)

    def isposinf(self) -> Tensor:
        """True where +inf. See :func:`glassnet.isposinf`."""
        return Tensor._more().isposinf(self)

    def isreal(self) -> Tensor:
        """True everywhere (real tensors). See :func:`glassnet.isreal`."""
        return Tensor._more().isreal(self)

    def cholesky_solve(self, input2: Tensor, upper: bool = False) -> Tensor:
        """Solve with a Cholesky factor. See :func:`glassnet.cholesky_solve`."""
        return Tensor._more().cholesky_solve(self, input2, upper)

    def cholesky_inverse(self, upper: bool = False) -> Tensor:
        """Inverse from a Cholesky factor. See :func:`glassnet.cholesky_inverse`."""
        return Tensor._more().cholesky_inverse(self, upper)

    def matrix_exp(self) -> Tensor:
        """Matrix exponential e^A. See :func:`glassnet.matrix_exp`."""
        return Tensor._more().matrix_exp(self)

    def _reshape_inplace(self, op: str, make_view: Any) -> Tensor:
        """self takes the shape of make_view(self) (squeeze_, t_ ...); in a graph it moves onto that view's
        node the way recorded in-place ops do (see _apply_inplace), so gradients flow through the change."""
        if not (self.requires_grad and STATE.enabled):
            self._data = make_view(self)._data
            self._version += 1
            return self
        if self.is_leaf:
            raise RuntimeError(f"{op}: a leaf Variable that requires grad is being used in an in-place operation.")
        if self._base is not None:
            raise RuntimeError(f"{op}: in-place shape changes of a view that is part of a graph are not supported; "
                               "use the out-of-place form")
        from .autograd.function import _SEQUENCE

        old = Tensor._wrap(self._data.copy(), True)  # later writes into self must not reach saved values
        old._ctx = self._ctx
        start = next(_SEQUENCE)
        new = make_view(old)
        if new._ctx is None or new._ctx.seq < start:  # the view op returned its input: give it a node
            new = E.Identity.apply(new)
        self._data = new._data
        self._version += 1
        self._rebase(new._ctx, old, next(_SEQUENCE))
        return self

    def squeeze_(self, dim: Any = None) -> Tensor:
        """squeeze in place. In-place version of :meth:`squeeze`. See :func:`glassnet.squeeze`."""
        return self._reshape_inplace("squeeze_", lambda t: t.squeeze(dim))

    def unsqueeze_(self, dim: int) -> Tensor:
        """unsqueeze in place. In-place version of :meth:`unsqueeze`. See :func:`glassnet.unsqueeze`."""
        return self._reshape_inplace("unsqueeze_", lambda t: t.unsqueeze(dim))

    def t_(self) -> Tensor:
        """t in place. In-place version of :meth:`t`. See :func:`glassnet.t`."""
        return self._reshape_inplace("t_", lambda t: t.t())

    def transpose_(self, dim0: int, dim1: int) -> Tensor:
        """transpose in place. In-place version of :meth:`transpose`. See :func:`glassnet.transpose`."""
        return self._reshape_inplace("transpose_", lambda t: t.transpose(dim0, dim1))

    def swapaxes_(self, axis0: int, axis1: int) -> Tensor:
        """transpose in place. In-place version of :meth:`swapaxes`. See :func:`glassnet.swapaxes`."""
        return self._reshape_inplace("swapaxes_", lambda t: t.transpose(axis0, axis1))

    def swapdims_(self, dim0: int, dim1: int) -> Tensor:
        """transpose in place. In-place version of :meth:`swapdims`. See :func:`glassnet.swapdims`."""
        return self._reshape_inplace("swapdims_", lambda t: t.transpose(dim0, dim1))

    def apply_(self, callable: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """Applies the function :attr:`callable` to each element of this tensor, replacing it with the
        returned value, in place. A Python loop: slow, and (as in PyTorch) for CPU tensors only.

        Args:
            callable (callable): a function of one number returning a number.

        Example:
            >>> glassnet.tensor([1.0, 2.0, 3.0]).apply_(lambda v: v * 10 + 1)
            tensor([11., 21., 31.])
        """
        out = self.xp.asarray([callable(v) for v in self._data.reshape(-1).tolist()], dtype=self._data.dtype)
        return self._inplace("apply_", out.reshape(self._data.shape))

    def map_(self, tensor: Tensor, callable: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """Applies :attr:`callable` to each element of this tensor and the given :attr:`tensor`, storing the
        results in this tensor, in place: ``self[i] = callable(self[i], tensor[i])``. :attr:`tensor` must be
        broadcastable to this tensor's shape. A Python loop, for CPU tensors only.

        Args:
            tensor (Tensor): the second argument of each call.
            callable (callable): a function of two numbers returning a number.

        Example:
            >>> glassnet.tensor([1.0, 2.0]).map_(glassnet.tensor([10.0, 20.0]), lambda a, b: a * b + 1)
            tensor([11., 41.])
        """
        other = self.xp.broadcast_to(_arr(tensor), self._data.shape).reshape(-1).tolist()
        vals = [callable(a, b) for a, b in zip(self._data.reshape(-1).tolist(), other)]
        return self._inplace("map_", self.xp.asarray(vals, dtype=self._data.dtype).reshape(self._data.shape))

    def map2_(self, x: Tensor, y: Tensor, callable: Any) -> Tensor:  # noqa: A002 - PyTorch name
        """Like :meth:`map_`, with two more tensors: ``self[i] = callable(self[i], x[i], y[i])``, in place
        (:attr:`x` and :attr:`y` broadcast to this tensor's shape).

        Args:
            x (Tensor): the second argument of each call.
            y (Tensor): the third argument of each call.
            callable (callable): a function of three numbers returning a number.

        Example:
            >>> t = glassnet.tensor([1.0, 2.0])
            >>> x, y = glassnet.tensor([3.0, 4.0]), glassnet.tensor([5.0, 6.0])
            >>> t.map2_(x, y, lambda a, b, c: a + b * c)
            tensor([16., 26.])
        """
        shape = self._data.shape
        bx = self.xp.broadcast_to(_arr(x), shape).reshape(-1).tolist()
        by = self.xp.broadcast_to(_arr(y), shape).reshape(-1).tolist()
        vals = [callable(a, b, c) for a, b, c in zip(self._data.reshape(-1).tolist(), bx, by)]
        return self._inplace("map2_", self.xp.asarray(vals, dtype=self._data.dtype).reshape(shape))

    def register_post_accumulate_grad_hook(self, hook: Any) -> RemovableHandle:
        """Registers a backward hook that runs after the gradient has been accumulated into ``.grad``:
        ``hook(tensor)`` gets this tensor (read ``tensor.grad``). Leaf tensors only; the hook returns
        nothing.

        Args:
            hook (callable): a function ``hook(tensor) -> None``.

        Returns:
            A handle with a method ``handle.remove()`` that removes the hook.

        Example:
            >>> w = glassnet.ones(2, requires_grad=True)
            >>> h = w.register_post_accumulate_grad_hook(lambda t: print("grad:", t.grad))
            >>> (w * 5).sum().backward()
            grad: tensor([5., 5.])
            >>> h.remove()
        """
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._ctx is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        return engine.add_post_accumulate_grad_hook(self, hook)

    def dist(self, other: Tensor, p: float = 2) -> Tensor:
        """p-norm of self - other. See :func:`glassnet.dist`."""
        return Tensor._more().dist(self, other, p)

    def angle(self) -> Tensor:
        """0 for x >= 0, pi for x < 0. See :func:`glassnet.angle`."""
        return Tensor._more().angle(self)

    def index_reduce(self, dim: int, index: Any, source: Tensor, reduce: str, *, include_self: bool = True) -> Tensor:
        """A copy with source reduced into the slices at index along dim. See :func:`glassnet.index_reduce`."""
        return Tensor._more().index_reduce(self, dim, index, source, reduce, include_self=include_self)

    def igamma(self, other: Any) -> Tensor:
        """Regularised lower incomplete gamma. See :func:`glassnet.igamma`."""
        return Tensor._more().igamma(self, other)

    def igammac(self, other: Any) -> Tensor:
        """Regularised upper incomplete gamma. See :func:`glassnet.igammac`."""
        return Tensor._more().igammac(self, other)

    def fill_diagonal_(self, fill_value: Any, wrap: bool = False) -> Tensor:
        """Fills the main diagonal of a tensor that has at least 2 dimensions, in place. For more than 2
        dimensions all dimensions must be of equal length; the diagonal is the elements ``t[i, i, ..., i]``.

        Args:
            fill_value (Scalar): the fill value.
            wrap (bool, optional): for a tall matrix, restart the diagonal after N columns (as NumPy's
                ``fill_diagonal``). Default: ``False``.

        Example:
            >>> glassnet.zeros(3, 3).fill_diagonal_(5)
            tensor([[5., 0., 0.],
                    [0., 5., 0.],
                    [0., 0., 5.]])
            >>> glassnet.zeros(5, 2).fill_diagonal_(1, wrap=True)
            tensor([[1., 0.],
                    [0., 1.],
                    [0., 0.],
                    [1., 0.],
                    [0., 1.]])
        """
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
            return self._inplace_from(name + "_", getattr(self, name)(*args, **kwargs))

        method.__name__ = name + "_"
        method.__doc__ = f"In-place version of :meth:`{name}`. See :func:`glassnet.{name}`."
        return method

    negative_ = _inplace_twin("negative")
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
    multiply_ = _inplace_twin("multiply")
    subtract_ = _inplace_twin("subtract")
    digamma_ = _inplace_twin("digamma")
    lgamma_ = _inplace_twin("lgamma")
    polygamma_ = _inplace_twin("polygamma")
    mvlgamma_ = _inplace_twin("mvlgamma")
    i0_ = _inplace_twin("i0")
    gcd_ = _inplace_twin("gcd")
    lcm_ = _inplace_twin("lcm")
    ldexp_ = _inplace_twin("ldexp")
    heaviside_ = _inplace_twin("heaviside")
    nextafter_ = _inplace_twin("nextafter")
    baddbmm_ = _inplace_twin("baddbmm")
    addbmm_ = _inplace_twin("addbmm")
    addmv_ = _inplace_twin("addmv")
    addr_ = _inplace_twin("addr")
    index_reduce_ = _inplace_twin("index_reduce")
    igamma_ = _inplace_twin("igamma")
    igammac_ = _inplace_twin("igammac")
    del _inplace_twin

    # ---- arithmetic ----------------------------------------------------------------------------
    def _scalar_at_float32(self, other: Any) -> bool:
        """Whether PyTorch takes ``other`` at float32 in ``self op other``: self is float16, other a scalar.

        PyTorch's CPU kernels for *, / and // (not + and -) read a scalar second operand (a Python number,
        or a 0-d tensor when the result stays float16) at float32 and round only the result, so a factor of
        1e5 stays finite and 0 // 1e-30 is 0; casting the scalar to float16 first makes those inf and nan.
        """
        if isinstance(other, Tensor):
            return other.ndim == 0 and other._data.dtype is not _HALF and D.result_np(self, other) == _HALF
        return isinstance(other, builtins.int | builtins.float)

    def _at_float32(self, op: Any, other: Any) -> Tensor:
        """op(self, other) computed at float32 and rounded to float16 once (see ``_scalar_at_float32``)."""
        return op(self.float(), other.float() if isinstance(other, Tensor) else builtins.float(other)).half()

    def _promote(self, other: Any, true_div: bool = False) -> tuple:
        """Both operands cast to PyTorch's result dtype (NumPy's differs: int64 + float32)."""
        dt = self._data.dtype
        if isinstance(other, Tensor):
            if other._data.dtype == dt and (dt.kind == "f" or not true_div):
                return self, other
        elif dt.kind == "f" and isinstance(other, builtins.int | builtins.float):
            return self, other  # the fast path: a float tensor and a Python number
        target = D.result_np(self, other)
        if true_div:
            target = D.float_np(target)
        return _cast(self, target), _cast(other, target)

    def __add__(self, other: Any) -> Tensor:
        return E.Add.apply(*self._promote(other))

    def __radd__(self, other: Any) -> Tensor:
        a, b = self._promote(other)
        return E.Add.apply(b, a)

    def __sub__(self, other: Any) -> Tensor:
        _no_bool_sub(self, other)
        return E.Sub.apply(*self._promote(other))

    def __rsub__(self, other: Any) -> Tensor:
        _no_bool_sub(self, other)
        a, b = self._promote(other)
        return E.Sub.apply(b, a)

    def __mul__(self, other: Any) -> Tensor:
        if self._data.dtype is _HALF and self._scalar_at_float32(other):
            return self._at_float32(Tensor.__mul__, other)
        return E.Mul.apply(*self._promote(other))

    def __rmul__(self, other: Any) -> Tensor:
        if self._data.dtype is _HALF and self._scalar_at_float32(other):  # PyTorch runs mul(self, other)
            return self._at_float32(Tensor.__mul__, other)
        a, b = self._promote(other)
        return E.Mul.apply(b, a)

    def __truediv__(self, other: Any) -> Tensor:
        if self._data.dtype is _HALF and self._scalar_at_float32(other):
            return self._at_float32(Tensor.__truediv__, other)
        return E.Div.apply(*self._promote(other, true_div=True))

    def __rtruediv__(self, other: Any) -> Tensor:
        if self._data.dtype is _HALF and self._scalar_at_float32(other):
            # PyTorch's number / tensor is reciprocal(tensor) * number, the product taken at float32
            recip = E.Div.apply(1.0, self)
            return recip if not isinstance(other, Tensor) and other == 1 else recip._at_float32(Tensor.__mul__, other)
        a, b = self._promote(other, true_div=True)
        return E.Div.apply(b, a)

    def __floordiv__(self, other: Any) -> Tensor:
        if self._data.dtype is _HALF and self._scalar_at_float32(other):
            return self._at_float32(Tensor.__floordiv__, other)
        return E.FloorDivide.apply(*self._promote(other))

    def __rfloordiv__(self, other: Any) -> Tensor:
        a, b = self._promote(other)
        return E.FloorDivide.apply(b, a)

    def __mod__(self, other: Any) -> Tensor:
        return E.Remainder.apply(*self._promote(other))

    def __rmod__(self, other: Any) -> Tensor:
        a, b = self._promote(other)
        return E.Remainder.apply(b, a)

    def floor_divide(self, other: Any) -> Tensor:
        """floor(self / other), element-wise (Python's //). See :func:`glassnet.floor_divide`."""
        return self.__floordiv__(other)

    def remainder(self, other: Any) -> Tensor:
        """self - floor(self / other) * other: the result has the sign of other (Python's %).

        See :func:`glassnet.remainder`.
        """
        return self.__mod__(other)

    def fmod(self, other: Any) -> Tensor:
        """self - trunc(self / other) * other: the result has the sign of self (C's fmod). See :func:`glassnet.fmod`."""
        return E.Fmod.apply(*self._promote(other))

    def __pow__(self, other: Any) -> Tensor:
        if isinstance(other, Tensor):
            a, b = self._promote(other)
            _refuse_bool(a, "pow")
            return E.Pow.apply(a, b)
        # bool ** 2 is int64 and int ** 2.5 is float, as for any operator (PyTorch's result_type).
        return E.PowScalar.apply(_cast(self, D.result_np(self, other)), other)

    def __rpow__(self, other: Any) -> Tensor:
        # 3 ** int64 tensor stays exact int64; 2.5 ** int tensor is the default float.
        target = D.result_np(self, other)
        b = _cast(self, target)
        _refuse_bool(b, "pow")
        return E.RPowScalar.apply(_cast(other, target), b)  # 128 ** int8 tensor: the base wraps to -128

    def __matmul__(self, other: Any) -> Tensor:
        return M.MatMul.apply(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return M.MatMul.apply(other, self)

    def __neg__(self) -> Tensor:
        return E.Neg.apply(self)

    def __pos__(self) -> Tensor:
        if self._data.dtype.kind == "b":
            raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
        return self

    def __abs__(self) -> Tensor:
        return self.abs()

    # ---- comparisons and logic (not differentiable) --------------------------------------------
    def _cmp(self, other: Any, fn: str) -> Tensor:
        # Compare (and bit-combine) in PyTorch's promoted dtype: a float32 0-d tensor and a float64 0-d
        # tensor compare as float64, a uint8 0-d tensor & an int8 tensor stays int8.
        try:
            a, b = self._promote(other)
        except TypeError:  # not a number (t == None): NumPy's answer
            return Tensor._wrap(getattr(self._data, fn)(_arr(other)))
        out = Tensor._wrap(getattr(a._data, fn)(_arr(b)))
        if _function.TRACER is not None:  # comparisons run no Function: report them to the op recorder
            _function.TRACER(_function.NoGradOp, None, (a, b), {"op": fn}, out)
        return out

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        """Element-wise comparison. See :func:`glassnet.eq`."""
        return self._cmp(other, "__eq__")

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        """Element-wise comparison. See :func:`glassnet.ne`."""
        return self._cmp(other, "__ne__")

    def __lt__(self, other: Any) -> Tensor:
        """Element-wise comparison. See :func:`glassnet.lt`."""
        return self._cmp(other, "__lt__")

    def __le__(self, other: Any) -> Tensor:
        """Element-wise comparison. See :func:`glassnet.le`."""
        return self._cmp(other, "__le__")

    def __gt__(self, other: Any) -> Tensor:
        """Element-wise comparison. See :func:`glassnet.gt`."""
        return self._cmp(other, "__gt__")

    def __ge__(self, other: Any) -> Tensor:
        """Element-wise comparison. See :func:`glassnet.ge`."""
        return self._cmp(other, "__ge__")

    def __and__(self, other: Any) -> Tensor:
        from .math_functions import bitwise_and

        return bitwise_and(self, other)

    def __or__(self, other: Any) -> Tensor:
        from .math_functions import bitwise_or

        return bitwise_or(self, other)

    def __xor__(self, other: Any) -> Tensor:
        from .math_functions import bitwise_xor

        return bitwise_xor(self, other)

    def __invert__(self) -> Tensor:
        from .math_functions import bitwise_not

        return bitwise_not(self)

    __rand__, __ror__, __rxor__ = __and__, __or__, __xor__

    def __lshift__(self, other: Any) -> Tensor:
        from .math_functions import bitwise_left_shift

        return bitwise_left_shift(self, other)

    def __rshift__(self, other: Any) -> Tensor:
        from .math_functions import bitwise_right_shift

        return bitwise_right_shift(self, other)

    eq = __eq__
    ne = __ne__
    lt = __lt__
    le = __le__
    gt = __gt__
    ge = __ge__

    def equal(self, other: Tensor) -> bool:
        """True if both tensors have the same shape and values. See :func:`glassnet.equal`."""
        return self.shape == other.shape and bool((self._data == other._data).all())

    def allclose(self, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
        """True if all values are close (NumPy/PyTorch rule); both tensors must have one dtype, as in PyTorch.

        See :func:`glassnet.allclose`.
        """
        if isinstance(other, Tensor) and other._data.dtype != self._data.dtype:
            raise RuntimeError(f"allclose: {self.dtype!r} did not match {other.dtype!r}")
        from .math_functions import allclose

        return allclose(self, other, rtol, atol, equal_nan)

    def isnan(self) -> Tensor:
        """Element-wise NaN test. See :func:`glassnet.isnan`."""
        return Tensor._wrap(self.xp.isnan(self._data))

    def isinf(self) -> Tensor:
        """Element-wise infinity test. See :func:`glassnet.isinf`."""
        return Tensor._wrap(self.xp.isinf(self._data))

    def isfinite(self) -> Tensor:
        """Element-wise finiteness test. See :func:`glassnet.isfinite`."""
        return Tensor._wrap(self.xp.isfinite(self._data))

    def all(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """True where all elements are nonzero. See :func:`glassnet.all`."""
        ax = _dims(dim, self.ndim, "all")
        return Tensor._wrap(_logical_result(self._data.all(axis=ax, keepdims=keepdim), self._data))

    def any(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """True where any element is nonzero. See :func:`glassnet.any`."""
        ax = _dims(dim, self.ndim, "any")
        return Tensor._wrap(_logical_result(self._data.any(axis=ax, keepdims=keepdim), self._data))

    def logical_not(self) -> Tensor:
        """Element-wise not. See :func:`glassnet.logical_not`."""
        return Tensor._wrap(self.xp.logical_not(self._data))

    def _logical(self, other: Any, fn: str) -> Tensor:
        # Truth values are taken in PyTorch's promoted dtype: a tiny float64 0-d operand next to a float32
        # tensor becomes 0 (False) first, as it does in PyTorch.
        a, b = self._promote(other)
        return Tensor._wrap(getattr(self.xp, fn)(a._data, _arr(b)))

    def logical_and(self, other: Any) -> Tensor:
        """Element-wise and. See :func:`glassnet.logical_and`."""
        return self._logical(other, "logical_and")

    def logical_or(self, other: Any) -> Tensor:
        """Element-wise or. See :func:`glassnet.logical_or`."""
        return self._logical(other, "logical_or")

    # Step functions stay in the graph with a zero gradient, as in PyTorch (so requires_grad carries).
    def sign(self) -> Tensor:
        """Sign (-1, 0, 1). See :func:`glassnet.sign`."""
        return E.Sign.apply(self)

    def floor(self) -> Tensor:
        """Round down. See :func:`glassnet.floor`."""
        return E.Floor.apply(self)

    def ceil(self) -> Tensor:
        """Round up. See :func:`glassnet.ceil`."""
        return E.Ceil.apply(self)

    def round(self, decimals: int = 0) -> Tensor:
        """Round half to even, to ``decimals`` decimal places. See :func:`glassnet.round`."""
        return E.Round.apply(self, decimals)

    def trunc(self) -> Tensor:
        """Round toward zero. See :func:`glassnet.trunc`."""
        return E.Trunc.apply(self)

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Index of the largest value (flattened if dim is None). See :func:`glassnet.argmax`."""
        _refuse_bool(self, "argmax", RuntimeError)
        if dim is None:
            idx = self.xp.asarray(self._data.argmax())
            return _traced_arg(self, "argmax", None, keepdim, idx.reshape((1,) * self.ndim) if keepdim else idx)
        d = _dim(dim, self.ndim, "argmax")
        return _traced_arg(self, "argmax", d, keepdim, self._data.argmax(axis=d, keepdims=keepdim))

    def argmin(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Index of the smallest value (flattened if dim is None). See :func:`glassnet.argmin`."""
        _refuse_bool(self, "argmin", RuntimeError)
        if dim is None:
            idx = self.xp.asarray(self._data.argmin())
            return _traced_arg(self, "argmin", None, keepdim, idx.reshape((1,) * self.ndim) if keepdim else idx)
        d = _dim(dim, self.ndim, "argmin")
        return _traced_arg(self, "argmin", d, keepdim, self._data.argmin(axis=d, keepdims=keepdim))

    def sort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Any:
        """(values, indices) sorted along dim, always stably, NaN as the largest; values keep the graph via gather.

        See :func:`glassnet.sort`.
        """
        d = _dim(dim, self.ndim, "sort")
        xp = self.xp
        if self.ndim == 0:
            return _Values(self, Tensor._wrap(xp.asarray(0)))
        idx = sort_indices(self._data, d, descending)
        return _Values(self.gather(d, Tensor._wrap(idx)), Tensor._wrap(idx))

    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:  # noqa: A002
        """The k largest (or smallest) values along dim and their indices. See :func:`glassnet.topk`."""
        d = _dim(dim, self.ndim, "topk")
        if self._data.dtype.kind == "b":
            raise RuntimeError("topk does not support bool dtypes (convert with .int() first)")
        if k > self._data.shape[d]:
            raise RuntimeError(f"topk: k ({k}) is larger than dimension {d} of size {self._data.shape[d]}")
        vals, idx = self.sort(d, descending=largest)
        sl = (slice(None),) * d + (slice(0, k),)
        return _Values(vals[sl], Tensor._wrap(idx._data[sl]))

    # ---- element-wise math ---------------------------------------------------------------------
    def _floating(self) -> Tensor:
        """Self if floating, else a copy in the default float dtype: ops that are floating by nature
        (exp, log, sqrt ...) give float32 for integer input, never NumPy's float16 or float64."""
        return self if self._data.dtype.kind == "f" else self.astype(D.float_np(self._data.dtype))

    def exp(self) -> Tensor:
        """e ** x. See :func:`glassnet.exp`."""
        return E.Exp.apply(self._floating())

    def log(self) -> Tensor:
        """Natural logarithm. See :func:`glassnet.log`."""
        return E.Log.apply(self._floating())

    def log1p(self) -> Tensor:
        """log(1 + x), accurate for small x. See :func:`glassnet.log1p`."""
        return E.Log1p.apply(self._floating())

    def sqrt(self) -> Tensor:
        """Square root. See :func:`glassnet.sqrt`."""
        return E.Sqrt.apply(self._floating())

    def rsqrt(self) -> Tensor:
        """1 / sqrt(x). See :func:`glassnet.rsqrt`."""
        return E.Rsqrt.apply(self._floating())

    def sin(self) -> Tensor:
        """Sine. See :func:`glassnet.sin`."""
        return E.Sin.apply(self._floating())

    def cos(self) -> Tensor:
        """Cosine. See :func:`glassnet.cos`."""
        return E.Cos.apply(self._floating())

    def tanh(self) -> Tensor:
        """Hyperbolic tangent. See :func:`glassnet.tanh`."""
        return E.Tanh.apply(self._floating())

    def sigmoid(self) -> Tensor:
        """Logistic sigmoid. See :func:`glassnet.sigmoid`."""
        return E.Sigmoid.apply(self._floating())

    def relu(self) -> Tensor:
        """max(x, 0). See :func:`glassnet.relu`."""
        return E.Relu.apply(self)

    def abs(self) -> Tensor:
        """Absolute value. See :func:`glassnet.abs`."""
        return E.Abs.apply(self)

    def neg(self) -> Tensor:
        """-x. See :func:`glassnet.neg`."""
        return E.Neg.apply(self)

    def square(self) -> Tensor:
        """x * x (bool squares to int64, as pow(x, 2) does). See :func:`glassnet.square`."""
        return self ** 2

    def pow(self, exponent: Any) -> Tensor:
        """x ** exponent. See :func:`glassnet.pow`."""
        return self.__pow__(exponent)

    def add(self, other: Any, alpha: Any = 1) -> Tensor:
        """self + alpha * other. See :func:`glassnet.add`."""
        alpha = _number(alpha, "add", "alpha")
        if type(alpha) is builtins.int and alpha == 1:
            return self + other
        a, b = self._promote(other)
        return E.Add.apply(a, _cast(b * _check_alpha(alpha, a, "add"), a._data.dtype))

    def sub(self, other: Any, alpha: Any = 1) -> Tensor:
        """self - alpha * other. See :func:`glassnet.sub`."""
        alpha = _number(alpha, "sub", "alpha")
        if type(alpha) is builtins.int and alpha == 1:
            return self - other
        _no_bool_sub(self, other)
        a, b = self._promote(other)
        return E.Sub.apply(a, _cast(b * _check_alpha(alpha, a, "sub"), a._data.dtype))

    def mul(self, other: Any) -> Tensor:
        """self * other. See :func:`glassnet.mul`."""
        return self * other

    def div(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        """self / other; rounding_mode 'trunc' or 'floor' rounds the quotient. See :func:`glassnet.div`."""
        if rounding_mode is None:
            return self / other
        from .math_functions import div

        return div(self, other, rounding_mode=rounding_mode)

    def matmul(self, other: Any) -> Tensor:
        """Matrix product with PyTorch's 1-D and batch rules. See :func:`glassnet.matmul`."""
        return M.MatMul.apply(self, other)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002 - PyTorch names
        """Limit values to [min, max]. See :func:`glassnet.clamp`."""
        if min is None and max is None:
            raise RuntimeError("clamp: at least one of 'min' or 'max' must not be None")
        dt = self._data.dtype
        if dt.kind == "f" and not isinstance(min, Tensor | _np.ndarray) and not isinstance(max, Tensor | _np.ndarray):
            if dt.itemsize < 8:  # a bound beyond float16's range may not fit the dtype: PyTorch refuses it
                for bound in (min, max):
                    if bound is not None and abs(bound) > 65504.0:
                        D.check_fill_value(bound, dt)
            return E.Clamp.apply(self, min, max)  # the common case: a float tensor and number bounds
        # An integer tensor clamped to 0.5 becomes float (PyTorch), not a truncated bound.
        target = D.result_np(self, min, max)
        bound = max if min is None else min
        if target.kind == "b" and (min is not None and max is not None or not isinstance(bound, Tensor)):
            _refuse_bool(self, "clamp")  # PyTorch clamps bools only to one tensor bound (maximum/minimum)
        if isinstance(min, Tensor) or isinstance(max, Tensor):
            return E.ClampTensor.apply(_cast(self, target), _cast(min, target), _cast(max, target))
        return E.Clamp.apply(_cast(self, target), _cast(min, target, True), _cast(max, target, True))

    clip = clamp

    def maximum(self, other: Tensor) -> Tensor:
        """Element-wise maximum. See :func:`glassnet.maximum`."""
        return E.Maximum.apply(*self._promote(other))

    def minimum(self, other: Tensor) -> Tensor:
        """Element-wise minimum. See :func:`glassnet.minimum`."""
        return E.Minimum.apply(*self._promote(other))

    def where(self, condition: Any, other: Any) -> Tensor:
        """self where condition else other. See :func:`glassnet.where`."""
        from .functions import where

        return where(condition, self, other)

    def softmax(self, dim: int) -> Tensor:
        """Softmax along dim. See :func:`glassnet.softmax`."""
        return R.Softmax.apply(self, _dim(dim, self.ndim, "softmax"))

    def log_softmax(self, dim: int) -> Tensor:
        """Log-softmax along dim (stable). See :func:`glassnet.log_softmax`."""
        return R.LogSoftmax.apply(self, _dim(dim, self.ndim, "log_softmax"))

    # ---- reductions ----------------------------------------------------------------------------
    def sum(self, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
        """Sum over dim (all dims if None); bool and integer sums are int64, as in PyTorch. See :func:`glassnet.sum`."""
        t = self if dtype is None else self.astype(dtype)
        if dtype is None and t._data.dtype.kind in "biu":
            t = t.astype(D.int64)
        return R.Sum.apply(t, _dims(dim, self.ndim, "sum"), keepdim)

    def mean(self, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
        """Mean over dim (all dims if None). See :func:`glassnet.mean`."""
        t = self if dtype is None else self.astype(dtype)
        if t._data.dtype.kind != "f":
            raise RuntimeError(
                f"mean(): could not infer output dtype. Input dtype must be floating point, got {t.dtype!r}"
            )
        return R.Mean.apply(t, _dims(dim, self.ndim, "mean"), keepdim)

    def var(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: Any = None) -> Tensor:
        """Variance; ``correction`` (or ``unbiased``) is 1 by default, as in PyTorch. See :func:`glassnet.var`."""
        if isinstance(dim, bool):  # var(unbiased) positional form
            dim, unbiased = None, dim
        c = 1 if correction is None else correction
        if unbiased is not None:
            c = 1 if unbiased else 0
        _require_float(self, "std and var")
        return R.Var.apply(self, _dims(dim, self.ndim, "var"), c, keepdim)

    def std(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: Any = None) -> Tensor:
        """Standard deviation (sqrt of var). See :func:`glassnet.std`."""
        return E.SafeSqrt.apply(self.var(dim, unbiased, keepdim, correction=correction))

    def amax(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        """Maximum over dim(s); ties share the gradient. See :func:`glassnet.amax`."""
        return R.AMax.apply(self, _dims(dim, self.ndim, "amax"), keepdim, True)

    def amin(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        """Minimum over dim(s); ties share the gradient. See :func:`glassnet.amin`."""
        return R.AMax.apply(self, _dims(dim, self.ndim, "amin"), keepdim, False)

    def max(self, dim: Any = None, keepdim: bool = False) -> Any:
        """max(): the largest value; max(dim): (values, indices); max(tensor): element-wise maximum.

        See :func:`glassnet.max`.
        """
        if isinstance(dim, Tensor):
            return self.maximum(dim)
        if dim is None:  # unlike amax, a NaN maximum sends the gradient to the NaN element(s)
            _require_nonempty(self, "max")
            return _named(R.AMax.apply(self, None, False, True, nan_wins=True), "MaxBackward1")
        d = _dim(dim, self.ndim, "max")
        if self.ndim == 0:
            return _Values(self.clone(), Tensor._wrap(self.xp.zeros((), dtype=_np.int64)))
        idx = _traced_arg(self, "argmax", d, True, self._data.argmax(axis=d, keepdims=True))
        vals = self.gather(d, idx)
        if not keepdim:
            vals, idx = vals.squeeze(d), idx.squeeze(d)
        return _Values(_named(vals, "MaxBackward0"), idx)

    def min(self, dim: Any = None, keepdim: bool = False) -> Any:
        """min(): the smallest value; min(dim): (values, indices); min(tensor): element-wise minimum.

        See :func:`glassnet.min`.
        """
        if isinstance(dim, Tensor):
            return self.minimum(dim)
        if dim is None:
            _require_nonempty(self, "min")
            return _named(R.AMax.apply(self, None, False, False, nan_wins=True), "MinBackward1")
        d = _dim(dim, self.ndim, "min")
        if self.ndim == 0:
            return _Values(self.clone(), Tensor._wrap(self.xp.zeros((), dtype=_np.int64)))
        idx = _traced_arg(self, "argmin", d, True, self._data.argmin(axis=d, keepdims=True))
        vals = self.gather(d, idx)
        if not keepdim:
            vals, idx = vals.squeeze(d), idx.squeeze(d)
        return _Values(_named(vals, "MinBackward0"), idx)

    def logsumexp(self, dim: Any, keepdim: bool = False) -> Tensor:
        """log(sum(exp(x))) over dim, computed stably. See :func:`glassnet.logsumexp`."""
        return R.LogSumExp.apply(self._floating(), _dims(dim, self.ndim, "logsumexp"), keepdim)

    def prod(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Product over one dim (all if None); bool and integer products are int64, as in PyTorch.

        See :func:`glassnet.prod`.
        """
        t = self.astype(D.int64) if self._data.dtype.kind in "biu" else self
        return R.Prod.apply(t, _dims(dim, self.ndim, "prod"), keepdim)

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
        """p-norm over dim(s) (Frobenius/2-norm by default; 'nuc', 0, -inf, fractional p via glassnet.linalg).

        See :func:`glassnet.norm`.
        """
        if (dtype is not None or p not in (2, 1, float("inf"), "fro") or self._data.dtype.kind != "f"
                or self._data.dtype is _HALF):  # float16 is summed at float32 there, as PyTorch does
            from . import linalg

            if p == "nuc":
                return linalg.matrix_norm(self, "nuc", (-2, -1) if dim is None else dim, keepdim, dtype=dtype)
            return linalg.vector_norm(self, 2 if p == "fro" else p, dim, keepdim, dtype=dtype)
        if p == 2 or p == "fro":
            return E.SafeSqrt.apply((self * self).sum(dim, keepdim))
        if p == 1:
            return self.abs().sum(dim, keepdim)
        return R.PNorm.apply(self, float(p), _dims(dim, self.ndim, "norm"), keepdim)

    # ---- shape ---------------------------------------------------------------------------------
    def reshape(self, *shape: Any) -> Tensor:
        """Returns a tensor with the same data and number of elements as this tensor, in the specified shape
        (see :func:`glassnet.reshape`).

        ``view`` is the same method here: the result shares memory with this tensor when NumPy can express
        it as a view (always, for a contiguous tensor), else it is a copy, where PyTorch's ``view`` would
        raise. One dimension may be ``-1``: it is inferred from the others.

        Args:
            shape (tuple of ints or int...): the desired shape.

        Example:
            >>> x = glassnet.arange(6)
            >>> y = x.view(2, 3)
            >>> y
            tensor([[0, 1, 2],
                    [3, 4, 5]])
            >>> y[0, 0] = 100
            >>> x
            tensor([100,   1,   2,   3,   4,   5])
            >>> x.reshape(-1, 2).shape
            glassnet.Size([3, 2])
        """
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
        """Views (or reshapes) this tensor as the same size as :attr:`other`: ``self.view(other.size())``.
        ``reshape_as`` is the same method here.

        Args:
            other (Tensor): the result has the same size as :attr:`other`.

        Example:
            >>> glassnet.arange(6).view_as(glassnet.zeros(2, 3))
            tensor([[0, 1, 2],
                    [3, 4, 5]])
        """
        return self.reshape(other.shape)

    reshape_as = view_as

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        """Merge dims start_dim..end_dim into one. See :func:`glassnet.flatten`."""
        if self.ndim == 0:
            _dim(start_dim, 0, "flatten"), _dim(end_dim, 0, "flatten")
            return self.reshape(1)
        s = _dim(start_dim, self.ndim, "flatten")
        e = _dim(end_dim, self.ndim, "flatten")
        shape = self._data.shape
        n = 1
        for x in shape[s:e + 1]:
            n *= x
        return self.reshape(shape[:s] + (n,) + shape[e + 1:])

    def unflatten(self, dim: int, sizes: Any) -> Tensor:
        """Split one dim into several. See :func:`glassnet.unflatten`."""
        d = _dim(dim, self.ndim, "unflatten")
        shape = self._data.shape
        return self.reshape(shape[:d] + tuple(sizes) + shape[d + 1:])

    def squeeze(self, dim: Any = None) -> Tensor:
        """Remove size-1 dims (all, or the given ones). See :func:`glassnet.squeeze`."""
        shape = self._data.shape
        if dim is None:
            new = tuple(s for s in shape if s != 1)
        else:
            ds = _dims(dim, self.ndim, "squeeze") or ()
            new = tuple(s for i, s in enumerate(shape) if not (i in ds and s == 1))
        name = "SqueezeBackward0" if dim is None else "SqueezeBackward1" if isinstance(dim, int) else "SqueezeBackward2"
        return _named(self.reshape(new), name, self)

    def unsqueeze(self, dim: int) -> Tensor:
        """Insert a size-1 dim. See :func:`glassnet.unsqueeze`."""
        d = _dim(dim, self.ndim + 1, "unsqueeze")
        shape = list(self._data.shape)
        shape.insert(d, 1)
        return _named(S.Reshape.apply(self, tuple(shape)), "UnsqueezeBackward0")

    def permute(self, *dims: Any) -> Tensor:
        """Reorder dims. See :func:`glassnet.permute`."""
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
        """Swap two dims. See :func:`glassnet.transpose`."""
        if self.ndim < 2 and dim0 in (0, -1) and dim1 in (0, -1):
            return self
        a, b = _dim(dim0, self.ndim, "transpose"), _dim(dim1, self.ndim, "transpose")
        axes = list(range(self.ndim))
        axes[a], axes[b] = axes[b], axes[a]
        return _named(self.permute(*axes), "TransposeBackward0", self)

    swapaxes = transpose

    def t(self) -> Tensor:
        """Transpose a 2-D tensor. See :func:`glassnet.t`."""
        if self.ndim > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self.ndim}D")
        return _named(self.transpose(0, -1), "TBackward0", self) if self.ndim == 2 else self

    def expand(self, *sizes: Any) -> Tensor:
        """Returns a new view of this tensor with singleton dimensions expanded to a larger size, without
        copying the data.

        Passing ``-1`` as the size of a dimension keeps it; new leading dimensions may be added (they
        cannot be ``-1``). A dimension can only be expanded if its size is 1.

        Args:
            sizes (glassnet.Size or int...): the desired expanded size.

        Example:
            >>> x = glassnet.tensor([[1], [2], [3]])
            >>> x.expand(3, 4)
            tensor([[1, 1, 1, 1],
                    [2, 2, 2, 2],
                    [3, 3, 3, 3]])
            >>> x.expand(2, -1, 2).shape
            glassnet.Size([2, 3, 2])
        """
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
        """Broadcast to shape (NumPy/PyTorch rules). See :func:`glassnet.broadcast_to`."""
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
        """Expands this tensor to the size of :attr:`other`: ``self.expand(other.size())``.

        Args:
            other (Tensor): the result has the same size as :attr:`other`.

        Example:
            >>> glassnet.tensor([1, 2]).expand_as(glassnet.zeros(3, 2))
            tensor([[1, 2],
                    [1, 2],
                    [1, 2]])
        """
        return self.broadcast_to(other.shape)

    def repeat(self, *sizes: Any) -> Tensor:
        """Tile the tensor (PyTorch's repeat, like numpy.tile). See :func:`glassnet.repeat`."""
        sizes = _shape_arg(sizes)
        if len(sizes) < self.ndim:
            raise RuntimeError(
                "repeat: number of repeat dims can not be smaller than number of dimensions of tensor"
            )
        return S.Repeat.apply(self, tuple(sizes))

    def split(self, split_size_or_sections: Any, dim: int = 0) -> tuple:
        """Split into chunks of a size (or of the given sizes) along dim. See :func:`glassnet.split`."""
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
        """Split into ``chunks`` nearly equal pieces along dim. See :func:`glassnet.chunk`."""
        d = _dim(dim, self.ndim, "chunk")
        n = self._data.shape[d]
        if n == 0:  # PyTorch gives `chunks` empty pieces
            return tuple(self for _ in range(chunks))
        step = -(-n // chunks)
        return self.split(builtins.max(step, 1), d)

    def unbind(self, dim: int = 0) -> tuple:
        """Remove a dim, returning the slices along it. See :func:`glassnet.unbind`."""
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
        """Pick values along dim at ``index`` (out[i][j] = self[i][index[i][j]] for dim=1).

        See :func:`glassnet.gather`.
        """
        d = _dim(dim, self.ndim, "gather")
        idx = _arr(index)
        if idx.ndim != self.ndim:
            raise RuntimeError(
                f"gather: index tensor must have the same number of dimensions as input tensor "
                f"(index {idx.ndim}-D, input {self.ndim}-D)"
            )
        return I.Gather.apply(self, d, idx)

    def scatter_add(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        """A copy with src added at index along dim (repeated indices accumulate). See :func:`glassnet.scatter_add`."""
        from .index_functions import scatter_add

        return scatter_add(self, dim, index, src)

    def index_select(self, dim: int, index: Tensor) -> Tensor:
        """Select entries along dim by a 1-D index. See :func:`glassnet.index_select`."""
        idx = _arr(index)
        if idx.ndim > 1:
            raise IndexError(f"index_select(): index must be a vector, got shape {tuple(idx.shape)}")
        n = self._data.shape[_dim(dim, self.ndim, "index_select")] if self.ndim else 1
        if idx.size and (idx.min() < -n or idx.max() >= n):
            raise IndexError(f"index_select(): index {idx.tolist()} is out of range for dimension {dim} of size {n}")
        return I.IndexSelect.apply(self, _dim(dim, self.ndim, "index_select"), idx.reshape(-1))

    def masked_fill(self, mask: Any, value: Any) -> Tensor:
        """A copy with ``value`` (a number or a 0-d tensor) where mask is True. See :func:`glassnet.masked_fill`."""
        if isinstance(value, Tensor) and value.ndim != 0:
            raise RuntimeError(
                "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                f"{value.ndim} dimension(s)."
            )
        D.check_fill_value(_arr(value), self._data.dtype)
        if isinstance(value, Tensor) and value.requires_grad:  # PyTorch passes the masked entries' gradient on
            if self._data.dtype.kind != "f":
                raise RuntimeError(f"masked_fill: a value that requires grad cannot fill a {self.dtype!r} tensor")
            from .functions import where

            return where(mask, value.astype(self.dtype), self)
        return I.MaskedFill.apply(self, _arr(mask), _cast(_arr(value), self._data.dtype))

    # ---- functions added for PyTorch parity (issue #9) ----
    # Most of them are module functions that are also methods (t.cumsum(0) is reduce_functions.cumsum(t, 0)):
    # tensor_methods.py declares each, and the generic NAME_ in-place variants, in one table.
    def _inplace_from(self, op: str, result: Tensor) -> Tensor:
        """Write an out-of-place result into self: the one path every generic ``NAME_`` method takes."""
        res = result._data
        if res.shape != self._data.shape:
            raise RuntimeError(
                f"{op}: output with shape {list(self._data.shape)} doesn't match the broadcast shape "
                f"{list(res.shape)}"
            )
        if not D.can_cast(res.dtype, self._data.dtype):
            from .math_functions import scalar_type_name

            raise RuntimeError(
                f"{op}: result type {scalar_type_name(res.dtype)} can't be cast to the desired output type "
                f"{scalar_type_name(self._data.dtype)}"
            )
        return self._inplace(op, res)



def _cast(x: Any, dtype: Any, checked: bool = False) -> Any:
    """x in dtype: tensors via astype (differentiable), arrays directly, Python numbers unchanged
    except into integer dtypes, where they wrap as PyTorch's do (uint8 + 300 adds 44). ``checked``
    applies PyTorch's range check for number arguments (clamp bounds, fill values)."""
    if isinstance(x, Tensor):
        return x.astype(dtype)
    if hasattr(x, "dtype") and x.dtype != dtype:
        return x.astype(dtype)
    if dtype.kind in "iub" and isinstance(x, builtins.int | builtins.float) and not hasattr(x, "dtype"):
        return D.cast_number(x, dtype, checked)
    return x


def _logical_result(out: Any, a: Any) -> Any:
    """all/any answer bool, except for uint8 input, where PyTorch (for backward compatibility) answers uint8."""
    out = array_module(a).asarray(out)
    return out.astype(a.dtype) if a.dtype == _np.uint8 else out


def _refuse_bool(t: Tensor, op: str, error: type = NotImplementedError) -> None:
    """PyTorch has no kernel for these ops on bool tensors."""
    if t._data.dtype.kind == "b":
        raise error(f"{op}: not implemented for bool tensors")


def _require_nonempty(t: Tensor, op: str) -> None:
    if t._data.size == 0:
        raise RuntimeError(f"{op}(): Expected reduction dim to be specified for input.numel() == 0. "
                           "Specify the reduction dim with the 'dim' argument.")


def _require_float(t: Tensor, op: str) -> None:
    """Ops defined only on floating tensors refuse integers (NumPy would compute and truncate)."""
    if t._data.dtype.kind not in "fc":
        raise RuntimeError(f"{op}: expected a floating point tensor as input, got {t.dtype!r}")


def _no_bool_sub(a: Tensor, b: Any) -> None:
    """PyTorch refuses subtraction with a bool tensor (or a Python bool) on either side (it would mean xor)."""
    if a._data.dtype.kind == "b" or isinstance(b, builtins.bool) or (
            isinstance(b, Tensor) and b._data.dtype.kind == "b"):
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")


def _check_alpha(alpha: Any, a: Tensor, op: str) -> Any:
    """PyTorch's alpha rules: no float alpha for integer results, no non-bool alpha for bool ones.
    The product is then taken in the promoted dtype (not the narrower dtype of ``other``)."""
    alpha = alpha.item() if isinstance(alpha, Tensor) else alpha
    kind = a._data.dtype.kind
    if kind in "iu" and not isinstance(alpha, builtins.float | builtins.bool):
        wrapped = D.cast_number(alpha, a._data.dtype, checked=True)  # alpha must fit the result's dtype
        if kind == "u" and alpha < 0:  # wrapped as PyTorch casts it (uint8 takes -1 as 255); NumPy refuses -1
            alpha = wrapped
    if kind in "biu" and isinstance(alpha, builtins.float):
        raise RuntimeError(f"{op}: for integral input tensors, argument alpha must not be a floating point "
                           f"number (got {alpha})")
    if kind != "b" and isinstance(alpha, builtins.bool):
        raise RuntimeError(f"{op}: boolean alpha only supported for Boolean results (got {alpha!r})")
    if kind == "f" and isinstance(alpha, builtins.int | builtins.float):
        D.check_fill_value(alpha, a._data.dtype)  # float16 refuses an alpha of 1e5, as in PyTorch
        # ... and takes it at its compute precision (float32 for float16): 1e-58 is 0 in float32, so
        # inf * alpha is nan there, as in PyTorch, not the inf of Python's double product
        alpha = builtins.float(_np.asarray(alpha, dtype=_np.float32 if a._data.dtype is _HALF else a._data.dtype))
    return alpha


def _index_arr(index: Any) -> Any:
    """Turn Tensors and lists inside an index into arrays (ints, slices, None and Ellipsis pass through)."""
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, tuple):
        return tuple(_index_item(i) for i in index)
    return _index_item(index)


def _index_item(i: Any) -> Any:
    if isinstance(i, Tensor):
        return i._data
    if isinstance(i, list):  # PyTorch reads a list as an index tensor
        arr = _np.asarray([_arr(x) for x in i])
        return arr.astype(_np.int64) if arr.size == 0 else arr
    return i


# The operator behind each in-place arithmetic method's ufunc (Tensor._inplace_arith), and those that take
# a float16 tensor's scalar operand at float32 (Tensor._scalar_at_float32).
_ARITH_METHODS = {"add": Tensor.__add__, "subtract": Tensor.__sub__, "multiply": Tensor.__mul__,
                  "true_divide": Tensor.__truediv__}
_AT_FLOAT32 = ("multiply", "true_divide")

from .autograd import function as _function  # noqa: E402


def _traced_arg(x: Tensor, op: str, dim: Any, keepdim: bool, idx: Any) -> Tensor:
    """argmax/argmin's indices as a Tensor, reported to the op recorder (glassnet.onnx): they run no Function."""
    out = Tensor._wrap(idx)
    if _function.TRACER is not None:
        _function.TRACER(_function.NoGradOp, None, (x,), {"op": op, "dim": dim, "keepdim": keepdim}, out)
    return out
