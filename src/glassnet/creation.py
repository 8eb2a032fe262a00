"""Creating tensors: tensor(), zeros/ones/full/arange/linspace/eye, random draws and meshgrid.

Every function takes PyTorch's keyword arguments: ``dtype=``, ``device=`` (only the CPU exists, see
glassnet.device), ``requires_grad=`` and, for random draws, ``generator=`` (a glassnet.Generator).
"""

from __future__ import annotations

import builtins
import math
from typing import Any

from . import backend, dtypes
from .array_backend import get_backend, move
from .device import CPU, DEFAULT
from .ops.random import Bernoulli, Normal
from .tensor import Tensor, _cast, _shape_arg

xp = backend.xp

__all__ = ["tensor", "as_tensor", "from_numpy", "zeros", "ones", "empty", "full", "zeros_like", "ones_like",
           "empty_like", "full_like", "arange", "linspace", "logspace", "eye", "meshgrid", "rand", "randn",
           "randint", "randperm", "rand_like", "randn_like", "randint_like", "normal", "bernoulli"]


def _np_dtype(dtype: Any, default: Any = None) -> Any:
    if dtype is None:
        return dtypes.get_default_dtype().np if default is None else default
    return dtypes.to_numpy_dtype(dtype)


def _place(arr: Any, device: Any, op: str) -> Any:
    """The array on ``device`` (None: the default device; the CPU leaves it where it is)."""
    if device is None:
        device = DEFAULT[0]
    if device is CPU or (isinstance(device, str) and device == "cpu"):
        return arr
    return move(arr, device, op)


def _make(arr: Any, requires_grad: bool, device: Any = None, op: str = "") -> Tensor:
    t = Tensor._wrap(_place(arr, device, op))
    if requires_grad:
        t.requires_grad_(True)
    return t


def _size(args: tuple, size: Any, op: str) -> tuple:
    """The shape from ``op(2, 3)``, ``op((2, 3))`` or ``op(size=(2, 3))``, checked like PyTorch."""
    if size is not None:
        if args:
            raise TypeError(f"{op}() got the size both positionally {args} and as size={size}")
        args = (size,)
    # No size at all gives a 0-d tensor (PyTorch raises): ``zeros(*shape)`` then works for shape == ().
    shape = _shape_arg(args)
    for s in shape:
        if isinstance(s, builtins.float) or not hasattr(s, "__index__"):
            raise TypeError(f"{op}(): argument 'size' must be tuple of ints, but found element of type "
                            f"{type(s).__name__} in {shape}")
        if s < 0:
            raise RuntimeError(f"{op}: Dimension size must be non-negative (got size {shape})")
    return tuple(builtins.int(s) for s in shape)


def _scalar(v: Any) -> Any:
    """A 0-d Tensor or NumPy scalar argument as a Python number (arange(t.item()) style)."""
    if isinstance(v, Tensor):
        return v.item()
    return v.item() if hasattr(v, "item") and not isinstance(v, (builtins.int, builtins.float)) else v


# ---- from data -----------------------------------------------------------------------------------
def tensor(data: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False,
           pin_memory: bool = False) -> Tensor:
    """Constructs a tensor with no autograd history by copying :attr:`data`.

    The dtype is inferred as PyTorch does: Python floats give the default float dtype, ints int64 and
    bools bool; NumPy arrays, NumPy scalars and tensors keep their own dtype, and a list mixing them
    promotes (a NumPy float64 in the list makes the result float64).

    Args:
        data (array_like): the initial data: a list, tuple, NumPy array, scalar or tensor.
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (inferred from data).
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        pin_memory (bool, optional): accepted for PyTorch compatibility (no effect). Default: ``False``.

    Example:
        >>> glassnet.tensor([[0.1, 1.2], [2.2, 3.1]])
        tensor([[0.1000, 1.2000],
                [2.2000, 3.1000]])
        >>> glassnet.tensor([0, 1])
        tensor([0, 1])
        >>> glassnet.tensor([1.0, 2.0], dtype=glassnet.float64, requires_grad=True)
        tensor([1., 2.], dtype=glassnet.float64, requires_grad=True)
    """
    owned = False  # True when arr is a fresh array nobody else holds: no copy is then needed
    if isinstance(data, Tensor):
        arr = data._data
    elif isinstance(data, (list, tuple)):
        data = _unwrap_tensors(data)
        try:
            arr, owned = xp.asarray(data), True
        except ValueError as e:
            raise ValueError(f"tensor(): nested sequences must have equal lengths at every depth ({e})") from None
        if dtype is None and arr.dtype == xp.float64:
            # Python floats make the default float; a NumPy float64 (or float64 tensor) inside makes float64.
            dtype = dtypes.float64 if _holds_float64(data) else dtypes.get_default_dtype()
    else:
        arr = data
    t = Tensor(arr, dtype=dtype)
    if not owned and (t._data is arr or t._data.base is not None):
        t._data = t._data.copy()
    t._data = _place(t._data, device, "tensor")
    if requires_grad:
        t.requires_grad_(True)
    return t


def _unwrap_tensors(seq: Any) -> Any:
    """Replace tensors inside nested lists by their arrays (one-element tensors only, as PyTorch)."""
    kinds = set(map(type, seq))
    if not (kinds - {builtins.float, builtins.int, builtins.bool}):
        return seq  # the common case, a plain list of numbers, costs one pass in C
    out = []
    for x in seq:
        if isinstance(x, Tensor):
            if x._data.size != 1:
                raise ValueError(f"tensor(): only one element tensors can be converted to Python scalars "
                                 f"(got a tensor of shape {tuple(x.shape)} inside the list)")
            x = x._data.reshape(())
        elif isinstance(x, (list, tuple)):
            x = _unwrap_tensors(x)
        out.append(x)
    return out


def _holds_float64(seq: Any) -> bool:
    """True if a nested list holds a NumPy float64 scalar or array (Python floats do not count)."""
    kinds = set(map(type, seq))
    if not (kinds - {builtins.float, builtins.int, builtins.bool}):
        return False
    for x in seq:
        if isinstance(x, (list, tuple)):
            if _holds_float64(x):
                return True
        elif getattr(x, "dtype", None) == xp.float64:
            return True
    return False


def as_tensor(data: Any, dtype: Any = None, device: Any = None) -> Tensor:
    """Converts :attr:`data` into a tensor, sharing memory with it when it can.

    A tensor or NumPy array of the requested dtype (or any dtype, when :attr:`dtype` is ``None``) is
    shared, not copied; other data (lists, scalars, another dtype) is copied as by :func:`glassnet.tensor`.

    Args:
        data (array_like): the initial data: a tensor, NumPy array, list, tuple or scalar.
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (inferred from data).
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).

    Example:
        >>> a = np.array([1, 2, 3])
        >>> t = glassnet.as_tensor(a)
        >>> t[0] = -1
        >>> a
        array([-1,  2,  3])
    """
    if isinstance(data, Tensor):
        t = data if dtype is None else data.astype(dtype)
    elif isinstance(data, (list, tuple)):
        t = tensor(data, dtype=dtype)
    else:
        t = Tensor(data, dtype=dtype)
    if device is None and DEFAULT[0] is CPU:
        return t
    return t._to_device(DEFAULT[0] if device is None else device, "as_tensor")


def from_numpy(ndarray: Any) -> Tensor:
    """Creates a tensor from a NumPy array; the two share memory (a change to one shows in the other).

    Args:
        ndarray (numpy.ndarray): the array, of a dtype glassnet has a name for.

    Example:
        >>> a = np.array([1.0, 2.0, 3.0])
        >>> t = glassnet.from_numpy(a)
        >>> t
        tensor([1., 2., 3.], dtype=glassnet.float64)
        >>> a[0] = 10.0
        >>> t
        tensor([10.,  2.,  3.], dtype=glassnet.float64)
    """
    if not isinstance(ndarray, xp.ndarray):
        raise TypeError(f"from_numpy(): expected np.ndarray (got {type(ndarray).__name__})")
    dtypes.from_numpy_dtype(ndarray.dtype)  # refuse dtypes glassnet has no name for
    return Tensor._wrap(ndarray)


# ---- filled with a value -------------------------------------------------------------------------
def _size_kw(size: tuple, kwargs: dict, op: str) -> tuple:
    """The shape from positional sizes or ``size=``; any other unknown keyword is a TypeError."""
    shape = _size(size, kwargs.pop("size", None), op)
    if kwargs:
        raise TypeError(f"{op}() got an unexpected keyword argument {next(iter(kwargs))!r}")
    return shape


def zeros(*size: Any, dtype: Any = None, layout: Any = None, device: Any = None,
          requires_grad: bool = False, **kwargs: Any) -> Tensor:
    """Returns a tensor filled with the scalar value 0, with the shape defined by :attr:`size`.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor: ``(2, 3)``,
            ``2, 3`` or ``size=(2, 3)``.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default: ``None``
            (the default floating dtype, see :func:`glassnet.set_default_dtype`).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.zeros(2, 3)
        tensor([[0., 0., 0.],
                [0., 0., 0.]])
        >>> glassnet.zeros((2,), dtype=glassnet.int64)
        tensor([0, 0])
    """
    shape = _size_kw(size, kwargs, "zeros")
    return _make(xp.zeros(shape, dtype=_np_dtype(dtype)), requires_grad, device, "zeros")


def ones(*size: Any, dtype: Any = None, layout: Any = None, device: Any = None,
         requires_grad: bool = False, **kwargs: Any) -> Tensor:
    """Returns a tensor filled with the scalar value 1, with the shape defined by :attr:`size`.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor: ``(2, 3)``,
            ``2, 3`` or ``size=(2, 3)``.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default: ``None``
            (the default floating dtype, see :func:`glassnet.set_default_dtype`).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.ones(2, 3)
        tensor([[1., 1., 1.],
                [1., 1., 1.]])
        >>> glassnet.ones(3, dtype=glassnet.bool)
        tensor([True, True, True])
    """
    shape = _size_kw(size, kwargs, "ones")
    return _make(xp.ones(shape, dtype=_np_dtype(dtype)), requires_grad, device, "ones")


def empty(*size: Any, dtype: Any = None, layout: Any = None, device: Any = None,
          requires_grad: bool = False, pin_memory: bool = False, memory_format: Any = None,
          **kwargs: Any) -> Tensor:
    """Returns a tensor of uninitialised data, with the shape defined by :attr:`size`.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor: ``(2, 3)``,
            ``2, 3`` or ``size=(2, 3)``.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default: ``None``
            (the default floating dtype, see :func:`glassnet.set_default_dtype`).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        pin_memory (bool, optional): accepted for PyTorch compatibility (no effect). Default: ``False``.
        memory_format (optional): accepted for PyTorch compatibility (tensors are C-contiguous).

    Example:
        >>> glassnet.empty(2, 3).shape
        glassnet.Size([2, 3])
    """
    shape = _size_kw(size, kwargs, "empty")
    return _make(xp.empty(shape, dtype=_np_dtype(dtype)), requires_grad, device, "empty")


def _fill_dtype(fill_value: Any) -> Any:
    """PyTorch infers full()'s dtype from the value: bool, int64, or the default float."""
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    if isinstance(fill_value, (builtins.bool, xp.bool_)):
        return dtypes.bool_
    if isinstance(fill_value, (builtins.int, xp.integer)):
        return dtypes.int64
    return None


def full(size: Any, fill_value: Any, *, dtype: Any = None, layout: Any = None, device: Any = None,
         requires_grad: bool = False) -> Tensor:
    """Creates a tensor of size :attr:`size` filled with :attr:`fill_value`.

    The dtype is inferred from :attr:`fill_value` as in PyTorch: bool, int64, or the default float.

    Args:
        size (int...): a list, tuple, or :class:`glassnet.Size` of integers defining the shape.
        fill_value (Scalar): the value to fill the output tensor with.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (inferred from
            :attr:`fill_value`).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.full((2, 3), 3.141592)
        tensor([[3.1416, 3.1416, 3.1416],
                [3.1416, 3.1416, 3.1416]])
        >>> glassnet.full((2,), 7)
        tensor([7, 7])
    """
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"full(): argument 'size' must be tuple of ints, not {type(size).__name__}")
    shape = _size((tuple(size),), None, "full")
    dtype = _fill_dtype(fill_value) if dtype is None else dtype
    np_dtype, value = _np_dtype(dtype), _scalar(fill_value)
    if np_dtype.kind in "iu" and isinstance(value, builtins.int | builtins.float):
        value = _cast(value, np_dtype, checked=True)  # PyTorch's range check: -1 wraps into uint8, nan raises
    elif np_dtype.kind == "f" and isinstance(value, builtins.int | builtins.float) and math.isfinite(value) \
            and abs(value) > float(xp.finfo(np_dtype).max):
        raise RuntimeError(f"full: value cannot be converted to type {dtypes.from_numpy_dtype(np_dtype)!r} without "
                           f"overflow: {value}")
    return _make(xp.full(shape, value, dtype=np_dtype), requires_grad, device, "full")


def _like(t: Tensor, dtype: Any) -> Any:
    return _np_dtype(dtype, t._data.dtype)


def zeros_like(input: Tensor, *, dtype: Any = None, layout: Any = None, device: Any = None,  # noqa: A002
               requires_grad: bool = False, memory_format: Any = None) -> Tensor:
    """Returns a tensor filled with the scalar value 0, with the same size (and dtype) as :attr:`input`.

    Args:
        input (Tensor): the size (and dtype) of :attr:`input` will determine those of the output.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (:attr:`input`'s dtype).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for PyTorch compatibility (tensors are C-contiguous).

    Example:
        >>> glassnet.zeros_like(glassnet.tensor([[1, 2, 3], [4, 5, 6]]))
        tensor([[0, 0, 0],
                [0, 0, 0]])
    """
    return _make(xp.zeros(input.shape, dtype=_like(input, dtype)), requires_grad, device or input.device, "zeros_like")


def ones_like(input: Tensor, *, dtype: Any = None, layout: Any = None, device: Any = None,  # noqa: A002
              requires_grad: bool = False, memory_format: Any = None) -> Tensor:
    """Returns a tensor filled with the scalar value 1, with the same size (and dtype) as :attr:`input`.

    Args:
        input (Tensor): the size (and dtype) of :attr:`input` will determine those of the output.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (:attr:`input`'s dtype).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for PyTorch compatibility (tensors are C-contiguous).

    Example:
        >>> glassnet.ones_like(glassnet.zeros(2, 3))
        tensor([[1., 1., 1.],
                [1., 1., 1.]])
    """
    return _make(xp.ones(input.shape, dtype=_like(input, dtype)), requires_grad, device or input.device, "ones_like")


def empty_like(input: Tensor, *, dtype: Any = None, layout: Any = None, device: Any = None,  # noqa: A002
               requires_grad: bool = False, memory_format: Any = None) -> Tensor:
    """Returns an uninitialised tensor with the same size (and dtype) as :attr:`input`.

    Args:
        input (Tensor): the size (and dtype) of :attr:`input` will determine those of the output.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (:attr:`input`'s dtype).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for PyTorch compatibility (tensors are C-contiguous).

    Example:
        >>> glassnet.empty_like(glassnet.zeros(2, 3, dtype=glassnet.int32)).dtype
        glassnet.int32
    """
    return _make(xp.empty(input.shape, dtype=_like(input, dtype)), requires_grad, device or input.device, "empty_like")


def full_like(input: Tensor, fill_value: Any, *, dtype: Any = None, layout: Any = None,  # noqa: A002
              device: Any = None, requires_grad: bool = False, memory_format: Any = None) -> Tensor:
    """Returns a tensor with the same size (and dtype) as :attr:`input` filled with :attr:`fill_value`.

    The value is cast to the dtype: ``full_like(int_tensor, 2.7)`` is filled with 2.

    Args:
        input (Tensor): the size (and dtype) of :attr:`input` will determine those of the output.
        fill_value (Scalar): the number to fill the output tensor with.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (:attr:`input`'s dtype).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for PyTorch compatibility (tensors are C-contiguous).

    Example:
        >>> glassnet.full_like(glassnet.tensor([1, 2, 3]), 2.7)
        tensor([2, 2, 2])
    """
    arr = xp.full(input.shape, _scalar(fill_value), dtype=_like(input, dtype))
    return _make(arr, requires_grad, device or input.device, "full_like")


# ---- ranges and matrices -------------------------------------------------------------------------
def arange(start: Any = 0, end: Any = None, step: Any = 1, *, dtype: Any = None,
           layout: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """Returns a 1-D tensor of the values from the interval ``[start, end)`` taken with common difference
    :attr:`step` beginning from :attr:`start`.

    ``arange(end)`` counts from 0. The result is int64 when all of start, end and step are integers,
    else the default float dtype. Each value is ``start + i * step`` (no drift from repeated adds).

    Args:
        start (Number, optional): the starting value. Default: ``0``.
        end (Number): the ending value (excluded).
        step (Number, optional): the gap between each pair of adjacent points. Default: ``1``.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (int64 or the default
            float, as above).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.arange(5)
        tensor([0, 1, 2, 3, 4])
        >>> glassnet.arange(1, 2.5, 0.5)
        tensor([1.0000, 1.5000, 2.0000])
    """
    start, end, step = _scalar(start), _scalar(end), _scalar(step)
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError("arange: step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError(f"arange: upper bound and lower bound inconsistent with step sign "
                           f"(start={start}, end={end}, step={step})")
    if dtype is None:
        ints = all(isinstance(v, (builtins.int, xp.integer)) for v in (start, end, step))
        dtype = dtypes.int64 if ints else None
    n = builtins.max(math.ceil((end - start) / step), 0)
    # start + i * step (exact int64 for an integer step, else float64, as PyTorch computes it) and then
    # cast: no drift from repeated additions.
    arr = start + xp.arange(n, dtype=xp.int64 if isinstance(step, builtins.int) else xp.float64) * step
    return _make(arr.astype(_np_dtype(dtype)), requires_grad, device, "arange")


def linspace(start: Any, end: Any, steps: int, *, dtype: Any = None, layout: Any = None,
             device: Any = None, requires_grad: bool = False) -> Tensor:
    """Creates a one-dimensional tensor of size :attr:`steps` whose values are evenly spaced from
    :attr:`start` to :attr:`end`, inclusive.

    Args:
        start (float or Tensor): the starting value (a number or a 0-d tensor).
        end (float or Tensor): the ending value (a number or a 0-d tensor).
        steps (int): the size of the constructed tensor.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default: ``None``
            (the default floating dtype, see :func:`glassnet.set_default_dtype`).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.linspace(-10, 10, steps=5)
        tensor([-10.,  -5.,   0.,   5.,  10.])
        >>> glassnet.linspace(0, 1, steps=1)
        tensor([0.])
    """
    if steps < 0:
        raise RuntimeError(f"linspace: number of steps must be non-negative (got {steps})")
    arr = xp.linspace(_scalar(start), _scalar(end), steps).astype(_np_dtype(dtype))
    return _make(arr, requires_grad, device, "linspace")


def logspace(start: Any, end: Any, steps: int, base: float = 10.0, *, dtype: Any = None,
             layout: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """Creates a one-dimensional tensor of size :attr:`steps` whose values are evenly spaced on a log scale
    from ``base ** start`` to ``base ** end``, inclusive.

    Args:
        start (float or Tensor): the starting exponent.
        end (float or Tensor): the ending exponent.
        steps (int): the size of the constructed tensor.
        base (float, optional): the base of the logarithm. Default: ``10.0``.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default: ``None``
            (the default floating dtype, see :func:`glassnet.set_default_dtype`).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.logspace(start=-10, end=10, steps=5)
        tensor([1.0000e-10, 1.0000e-05, 1.0000e+00, 1.0000e+05, 1.0000e+10])
        >>> glassnet.logspace(0, 3, steps=4, base=2)
        tensor([1., 2., 4., 8.])
    """
    if steps < 0:
        raise RuntimeError(f"logspace: number of steps must be non-negative (got {steps})")
    arr = (base ** xp.linspace(_scalar(start), _scalar(end), steps)).astype(_np_dtype(dtype))
    return _make(arr, requires_grad, device, "logspace")


def eye(n: int, m: int | None = None, *, dtype: Any = None, layout: Any = None,
        device: Any = None, requires_grad: bool = False) -> Tensor:
    """Returns a 2-D tensor with ones on the diagonal and zeros elsewhere.

    Args:
        n (int): the number of rows.
        m (int, optional): the number of columns. Default: ``None`` (``n``, a square matrix).

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default: ``None``
            (the default floating dtype, see :func:`glassnet.set_default_dtype`).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.eye(3)
        tensor([[1., 0., 0.],
                [0., 1., 0.],
                [0., 0., 1.]])
        >>> glassnet.eye(2, 3, dtype=glassnet.int64)
        tensor([[1, 0, 0],
                [0, 1, 0]])
    """
    for name, v in (("n", n), ("m", m)):
        if v is not None and v < 0:
            raise RuntimeError(f"eye: {name} must be greater or equal to 0, got {v}")
    return _make(xp.eye(n, m, dtype=_np_dtype(dtype)), requires_grad, device, "eye")


def meshgrid(*tensors: Any, indexing: str | None = None) -> tuple:
    """Creates grids of coordinates specified by the 1-D inputs in :attr:`tensors`.

    Given N 1-D tensors of sizes ``S0 ... SN-1``, returns N tensors of shape ``(S0, ..., SN-1)``
    (``indexing='ij'``), the i-th holding the values of the i-th input along its own dimension. With
    ``indexing='xy'`` (Cartesian) the first two dimensions are swapped, as ``numpy.meshgrid``. 0-d
    inputs count as 1-D tensors of one element. The grids are built from reshape and expand, so
    gradients flow back to the inputs.

    Args:
        tensors (list of Tensor): the 0-d or 1-D tensors (all of one dtype), or one list of them.

    Keyword args:
        indexing (str, optional): ``'ij'`` (matrix indexing) or ``'xy'`` (Cartesian). Default: ``None``,
            which warns, as PyTorch does, and means ``'ij'``.

    Returns:
        tuple of Tensors: one grid per input.

    Example:
        >>> x, y = glassnet.tensor([1, 2, 3]), glassnet.tensor([4, 5])
        >>> gx, gy = glassnet.meshgrid(x, y, indexing='ij')
        >>> gx
        tensor([[1, 1],
                [2, 2],
                [3, 3]])
        >>> gy
        tensor([[4, 5],
                [4, 5],
                [4, 5]])
        >>> glassnet.meshgrid(x, y, indexing='xy')[0].shape
        glassnet.Size([2, 3])
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        import warnings

        warnings.warn("glassnet.meshgrid: in an upcoming release, it will be required to pass the indexing "
                      "argument.", UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for i, t in enumerate(tensors):
        if t.ndim > 1:
            raise RuntimeError(f"meshgrid: Expected 0D or 1D tensor in the tensor list but got a tensor of "
                               f"shape {tuple(t.shape)} at position {i}")
        if t.dtype != tensors[0].dtype:
            raise RuntimeError(f"meshgrid expects all tensors to have the same dtype (got {tensors[0].dtype} "
                               f"and {t.dtype})")
    flat = [t.reshape(-1) for t in tensors]
    swap = indexing == "xy" and len(flat) >= 2
    if swap:  # Cartesian indexing is matrix indexing with the first two inputs exchanged
        flat[0], flat[1] = flat[1], flat[0]
    shape = tuple(t.shape[0] for t in flat)
    grids = []
    for i, t in enumerate(flat):
        view = [1] * len(flat)
        view[i] = shape[i]
        grids.append(t.reshape(*view).expand(*shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


# ---- random draws --------------------------------------------------------------------------------
def _float_dtype(dtype: Any, op: str) -> Any:
    nd = _np_dtype(dtype)
    if nd.kind != "f":
        raise NotImplementedError(
            f"{op}: draws of this kind need a floating dtype, got {dtypes.from_numpy_dtype(nd)!r}")
    return nd


def rand(*size: Any, generator: Any = None, dtype: Any = None, layout: Any = None,
         device: Any = None, requires_grad: bool = False, pin_memory: bool = False, **kwargs: Any) -> Tensor:
    """Returns a tensor filled with random numbers from a uniform distribution on the interval ``[0, 1)``.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor: ``(2, 3)``,
            ``2, 3`` or ``size=(2, 3)``.

    Keyword args:
        generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
            global generator, seeded by :func:`glassnet.manual_seed`).
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default: ``None``
            (the default floating dtype, see :func:`glassnet.set_default_dtype`).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        pin_memory (bool, optional): accepted for PyTorch compatibility (no effect). Default: ``False``.

    Example:
        >>> x = glassnet.rand(2, 3)
        >>> x.shape, bool(((x >= 0) & (x < 1)).all())
        (glassnet.Size([2, 3]), True)
    """
    shape = _size_kw(size, kwargs, "rand")
    nd = _float_dtype(dtype, "rand")
    return _make(backend.rng(generator).random(shape).astype(nd), requires_grad, device, "rand")


def randn(*size: Any, generator: Any = None, dtype: Any = None, layout: Any = None,
          device: Any = None, requires_grad: bool = False, pin_memory: bool = False, **kwargs: Any) -> Tensor:
    """Returns a tensor filled with random numbers from a normal distribution with mean 0 and variance 1.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor: ``(2, 3)``,
            ``2, 3`` or ``size=(2, 3)``.

    Keyword args:
        generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
            global generator, seeded by :func:`glassnet.manual_seed`).
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default: ``None``
            (the default floating dtype, see :func:`glassnet.set_default_dtype`).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        pin_memory (bool, optional): accepted for PyTorch compatibility (no effect). Default: ``False``.

    Example:
        >>> glassnet.randn(2, 3).shape
        glassnet.Size([2, 3])
        >>> g = glassnet.Generator().manual_seed(42)
        >>> h = glassnet.Generator().manual_seed(42)
        >>> glassnet.equal(glassnet.randn(4, generator=g), glassnet.randn(4, generator=h))
        True
    """
    shape = _size_kw(size, kwargs, "randn")
    nd = _float_dtype(dtype, "randn")
    return _make(backend.rng(generator).standard_normal(shape).astype(nd), requires_grad, device, "randn")


def randint(*args: Any, generator: Any = None, dtype: Any = None, layout: Any = None,
            device: Any = None, requires_grad: bool = False, **kwargs: Any) -> Tensor:
    """Returns a tensor filled with random integers generated uniformly between :attr:`low` (inclusive)
    and :attr:`high` (exclusive).

    Called as ``randint(high, size)`` or ``randint(low, high, size)``.

    Args:
        low (int, optional): the lowest integer to be drawn. Default: ``0``.
        high (int): one above the highest integer to be drawn.
        size (tuple): a tuple defining the shape of the output tensor.

    Keyword args:
        generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
            global generator, seeded by :func:`glassnet.manual_seed`).
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (int64).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> x = glassnet.randint(3, 10, (2, 2))
        >>> x.shape, x.dtype, bool(((x >= 3) & (x < 10)).all())
        (glassnet.Size([2, 2]), glassnet.int64, True)
    """
    names = ("low", "high", "size") if len(args) + len(kwargs) >= 3 or "low" in kwargs else ("high", "size")
    given = dict(zip(names, args))
    for k, v in kwargs.items():
        if k not in names or k in given:
            raise TypeError(f"randint() got an unexpected or repeated argument {k!r}")
        given[k] = v
    if "high" not in given or "size" not in given:
        raise TypeError("randint() needs (high, size) or (low, high, size), e.g. randint(10, (3,))")
    low, high, size = _scalar(given.get("low", 0)), _scalar(given["high"]), given["size"]
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"randint(): argument 'size' must be tuple of ints, not {type(size).__name__}")
    shape = _size((tuple(size),), None, "randint")
    if low >= high:
        raise RuntimeError(f"randint: random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    nd = _np_dtype(dtype, xp.dtype(xp.int64))
    if nd.kind == "b" and high > 2:
        raise RuntimeError(f"randint: to - 1 ({high - 1}) is out of bounds for bool")
    arr = backend.rng(generator).integers(low, high, size=shape).astype(nd)
    return _make(arr, requires_grad, device, "randint")


def randperm(n: int, *, generator: Any = None, dtype: Any = None, layout: Any = None,
             device: Any = None, requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """Returns a random permutation of integers from ``0`` to ``n - 1``.

    Args:
        n (int): the upper bound (exclusive).

    Keyword args:
        generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
            global generator, seeded by :func:`glassnet.manual_seed`).
        dtype (glassnet.dtype, optional): the desired data type. Default: ``glassnet.int64``.
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        pin_memory (bool, optional): accepted for PyTorch compatibility (no effect). Default: ``False``.

    Example:
        >>> glassnet.randperm(5).sort().values
        tensor([0, 1, 2, 3, 4])
    """
    if n < 0:
        raise RuntimeError(f"randperm: Trying to create tensor with negative dimension {n}: [{n}]")
    arr = backend.rng(generator).permutation(n).astype(_np_dtype(dtype, xp.dtype(xp.int64)))
    return _make(arr, requires_grad, device, "randperm")


def rand_like(input: Tensor, *, dtype: Any = None, layout: Any = None, device: Any = None,  # noqa: A002
              requires_grad: bool = False, memory_format: Any = None, generator: Any = None) -> Tensor:
    """Returns a tensor with the same size (and dtype) as :attr:`input` filled with random numbers from a
    uniform distribution on ``[0, 1)``.

    Args:
        input (Tensor): the size (and dtype) of :attr:`input` will determine those of the output.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (:attr:`input`'s dtype).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for PyTorch compatibility (tensors are C-contiguous).

    Example:
        >>> glassnet.rand_like(glassnet.zeros(2, 3)).shape
        glassnet.Size([2, 3])
    """
    if device is not None:
        get_backend(device, "rand_like")  # name this function, not the one it calls, when the device is missing
    return rand(*input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad, device=device or input.device,
                generator=generator)


def randn_like(input: Tensor, *, dtype: Any = None, layout: Any = None, device: Any = None,  # noqa: A002
               requires_grad: bool = False, memory_format: Any = None, generator: Any = None) -> Tensor:
    """Returns a tensor with the same size (and dtype) as :attr:`input` filled with random numbers from a
    normal distribution with mean 0 and variance 1.

    Args:
        input (Tensor): the size (and dtype) of :attr:`input` will determine those of the output.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (:attr:`input`'s dtype).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for PyTorch compatibility (tensors are C-contiguous).

    Example:
        >>> glassnet.randn_like(glassnet.zeros(2, 3, dtype=glassnet.float64)).dtype
        glassnet.float64
    """
    if device is not None:
        get_backend(device, "randn_like")  # name this function, not the one it calls, when the device is missing
    return randn(*input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad, device=device or input.device,
                 generator=generator)


def randint_like(input: Tensor, low: int = 0, high: int | None = None, *, dtype: Any = None,  # noqa: A002
                 layout: Any = None, device: Any = None, requires_grad: bool = False, memory_format: Any = None,
                 generator: Any = None) -> Tensor:
    """Returns a tensor with the same shape (and dtype) as :attr:`input` filled with random integers in
    ``[low, high)``: ``randint_like(input, high)`` or ``randint_like(input, low, high)``.

    Args:
        input (Tensor): the size (and dtype) of :attr:`input` will determine those of the output.
        low (int, optional): the lowest integer to be drawn. Default: ``0``.
        high (int): one above the highest integer to be drawn.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired data type. Default: ``None`` (:attr:`input`'s dtype).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for PyTorch compatibility (tensors are C-contiguous).

    Example:
        >>> x = glassnet.randint_like(glassnet.zeros(3, dtype=glassnet.int64), 5, 8)
        >>> x.dtype, bool(((x >= 5) & (x < 8)).all())
        (glassnet.int64, True)
    """
    if device is not None:
        get_backend(device, "randint_like")  # name this function, not the one it calls, when the device is missing
    if high is None:
        low, high = 0, low
    return randint(low, high, tuple(input.shape), dtype=dtype or input.dtype, requires_grad=requires_grad,
                   device=device or input.device,
                   generator=generator)


# ---- normal() and bernoulli() with Tensor arguments: checked here, drawn by the ops of ops/random.py -----
def _dtype_of(x: Any) -> Any:
    return x._data.dtype if isinstance(x, Tensor) else None


def _normal_draw(mean: Any, std: Any, rng: Any) -> Any:
    """normal(mean, std) where at least one is a tensor: broadcast shapes, the tensors' (promoted) dtype."""
    dtypes = [d for d in (_dtype_of(mean), _dtype_of(std)) if d is not None]
    for d in dtypes:
        if d.kind != "f":
            raise NotImplementedError(f"normal: mean and std must be floating point tensors, got dtype {d}")
    xp = backend.array_module(*(x._data for x in (mean, std) if isinstance(x, Tensor)))
    dtype = xp.result_type(*dtypes)
    std_arr = std._data if isinstance(std, Tensor) else xp.asarray(std)
    if (std_arr < 0).any():
        raise RuntimeError(f"normal expects all elements of std >= 0.0 (got min std {std_arr.min()})")

    def sample(m: Any, s: Any) -> Any:
        shape = xp.broadcast_shapes(xp.shape(m), xp.shape(s))
        return (m + s * rng.standard_normal(shape)).astype(dtype)

    return Normal.apply(mean, std, sample=sample)


def _bernoulli_draw(input: Any, p: Any, rng: Any, op: str) -> Any:  # noqa: A002 - PyTorch argument name
    """0/1 draws with input's shape and dtype, 1 with probability input (or p when given)."""
    arr = input._data
    if arr.dtype.kind != "f":
        raise NotImplementedError(f"{op}: input must be a floating point tensor of probabilities, got {input.dtype}")
    probs = arr if p is None else p
    probs_arr = probs._data if isinstance(probs, Tensor) else backend.array_module(arr).asarray(probs)
    if probs_arr.size and ((probs_arr < 0).any() or (probs_arr > 1).any()):
        raise RuntimeError(f"{op}: expects probabilities in [0, 1], got values from {probs_arr.min()} to "
                           f"{probs_arr.max()}")

    def sample(x: Any) -> Any:
        return (rng.random(x.shape) < probs_arr).astype(x.dtype)

    return Bernoulli.apply(input, sample=sample)


def normal(mean: Any = 0.0, std: Any = 1.0, size: Any = None, *, generator: Any = None,
           dtype: Any = None, layout: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """Returns a tensor of random numbers drawn from separate normal distributions whose means and
    standard deviations are given.

    Four forms: ``normal(mean_tensor, std_tensor)``, ``normal(mean_tensor, std=1.0)``,
    ``normal(mean=0.0, std_tensor)`` (the tensors broadcast, and the result has their shape), and
    ``normal(mean, std, size)`` with numbers for both. As in PyTorch, no gradient flows through the draws.

    Args:
        mean (float or Tensor, optional): the mean(s). Default: ``0.0``.
        std (float or Tensor, optional): the standard deviation(s). Default: ``1.0``.
        size (tuple, optional): the output shape when mean and std are numbers. Default: ``None``.

    Keyword args:
        generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
            global generator, seeded by :func:`glassnet.manual_seed`).
        dtype (glassnet.dtype, optional): the desired data type of the returned tensor. Default: ``None``
            (the default floating dtype, see :func:`glassnet.set_default_dtype`).
        layout (optional): accepted for PyTorch compatibility; only the strided layout exists.
        device (glassnet.device, optional): the result's device. Default: ``None`` (the CPU; ``*_like``: input's).
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.normal(glassnet.arange(1.0, 6.0), 0.1).shape
        glassnet.Size([5])
        >>> glassnet.normal(2.0, 3.0, size=(2, 4)).shape
        glassnet.Size([2, 4])
    """
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        if size is not None:
            raise TypeError("normal(): size= is only accepted with a float mean and a float std")
        return _normal_draw(mean, std, backend.rng(generator))
    if size is None:
        raise TypeError("normal(): with a float mean and a float std the size is required, e.g. "
                        "normal(0.0, 1.0, (2, 3))")
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    shape = _size((tuple(size),) if isinstance(size, (tuple, list)) else (size,), None, "normal")
    nd = _float_dtype(dtype, "normal")
    arr = (mean + std * backend.rng(generator).standard_normal(shape)).astype(nd)
    return _make(arr, requires_grad, device, "normal")


def bernoulli(input: Tensor, p: Any = None, *, generator: Any = None) -> Tensor:  # noqa: A002
    """Draws binary random numbers (0 or 1) from a Bernoulli distribution.

    Each element of :attr:`input` is the probability of drawing 1 at that position (all in ``[0, 1]``);
    with :attr:`p`, that one probability is used everywhere. The result has :attr:`input`'s shape and dtype.

    Args:
        input (Tensor): the input tensor of probability values.
        p (float, optional): one probability for every element, instead of :attr:`input`'s values.
            Default: ``None``.

    Keyword args:
        generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
            global generator, seeded by :func:`glassnet.manual_seed`).

    Example:
        >>> glassnet.bernoulli(glassnet.tensor([0.0, 1.0, 0.0, 1.0]))
        tensor([0., 1., 0., 1.])
        >>> glassnet.bernoulli(glassnet.zeros(2, 3), p=0.5).shape
        glassnet.Size([2, 3])
    """
    return _bernoulli_draw(input, p, backend.rng(generator), "bernoulli")
