"""Tensors made from a tensor: the ``new_*`` methods (same dtype by default), and multinomial sampling
with glassnet's one random generator.
"""

from __future__ import annotations

from typing import Any

from . import backend, dtypes
from .tensor import Tensor, _arr, _shape_arg

__all__ = ["multinomial"]


def _new(self: Tensor, arr: Any, requires_grad: bool) -> Tensor:
    t = Tensor._wrap(arr)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _dtype(self: Tensor, dtype: Any) -> Any:
    return self._data.dtype if dtype is None else dtypes.to_numpy_dtype(dtype)


def new_zeros(self: Tensor, *size: Any, dtype: Any = None, device: Any = None,
              requires_grad: bool = False) -> Tensor:
    """Returns a tensor of size :attr:`size` filled with ``0``, by default with the same dtype as this tensor.

    Args:
        size (int...): a list, tuple, or :class:`glassnet.Size` of integers defining the shape.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired type of the returned tensor. Default: ``None``
            (this tensor's dtype).
        device (glassnet.device, optional): only the CPU (or ``None``) is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> t = glassnet.tensor([1, 2], dtype=glassnet.int32)
        >>> t.new_zeros((2, 3))
        tensor([[0, 0, 0],
                [0, 0, 0]], dtype=glassnet.int32)
    """
    return _new(self, self.xp.zeros(_shape_arg(size), dtype=_dtype(self, dtype)), requires_grad)


def new_ones(self: Tensor, *size: Any, dtype: Any = None, device: Any = None,
             requires_grad: bool = False) -> Tensor:
    """Returns a tensor of size :attr:`size` filled with ``1``, by default with the same dtype as this tensor.

    Args:
        size (int...): a list, tuple, or :class:`glassnet.Size` of integers defining the shape.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired type of the returned tensor. Default: ``None``
            (this tensor's dtype).
        device (glassnet.device, optional): only the CPU (or ``None``) is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.tensor([1.0], dtype=glassnet.float64).new_ones(2)
        tensor([1., 1.], dtype=glassnet.float64)
    """
    return _new(self, self.xp.ones(_shape_arg(size), dtype=_dtype(self, dtype)), requires_grad)


def new_empty(self: Tensor, *size: Any, dtype: Any = None, device: Any = None,
              requires_grad: bool = False) -> Tensor:
    """Returns an uninitialised tensor of size :attr:`size`, by default with the same dtype as this tensor.

    Args:
        size (int...): a list, tuple, or :class:`glassnet.Size` of integers defining the shape.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired type of the returned tensor. Default: ``None``
            (this tensor's dtype).
        device (glassnet.device, optional): only the CPU (or ``None``) is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.ones(1, dtype=glassnet.int8).new_empty((2, 3)).dtype
        glassnet.int8
    """
    return _new(self, self.xp.empty(_shape_arg(size), dtype=_dtype(self, dtype)), requires_grad)


def new_full(self: Tensor, size: Any, fill_value: Any, *, dtype: Any = None, device: Any = None,
             requires_grad: bool = False) -> Tensor:
    """Returns a tensor of size :attr:`size` filled with :attr:`fill_value`, by default with the same
    dtype as this tensor (the value is cast to it).

    Args:
        size (int...): a list, tuple, or :class:`glassnet.Size` of integers defining the shape.
        fill_value (Scalar): the number to fill the output tensor with.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired type of the returned tensor. Default: ``None``
            (this tensor's dtype).
        device (glassnet.device, optional): only the CPU (or ``None``) is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.ones(2, dtype=glassnet.float64).new_full((3, 2), 3.141592)
        tensor([[3.1416, 3.1416],
                [3.1416, 3.1416],
                [3.1416, 3.1416]], dtype=glassnet.float64)
    """
    return _new(self, self.xp.full(tuple(size), _arr(fill_value), dtype=_dtype(self, dtype)), requires_grad)


def new_tensor(self: Tensor, data: Any, *, dtype: Any = None, device: Any = None,
               requires_grad: bool = False) -> Tensor:
    """Returns a new tensor with :attr:`data` as the tensor data (always a copy), by default with the same
    dtype as this tensor.

    Args:
        data (array_like): the returned tensor copies :attr:`data`.

    Keyword args:
        dtype (glassnet.dtype, optional): the desired type of the returned tensor. Default: ``None``
            (this tensor's dtype).
        device (glassnet.device, optional): only the CPU (or ``None``) is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example:
        >>> glassnet.ones(2, dtype=glassnet.int8).new_tensor([[0, 1], [2, 3]])
        tensor([[0, 1],
                [2, 3]], dtype=glassnet.int8)
    """
    arr = self.xp.array(_arr(data), dtype=_dtype(self, dtype), copy=True)
    return _new(self, arr, requires_grad)


def multinomial(input: Any, num_samples: int, replacement: bool = False, *,  # noqa: A002
                generator: Any = None) -> Tensor:
    """Returns a tensor where each row contains :attr:`num_samples` indices sampled from the multinomial
    probability distribution located in the corresponding row of tensor :attr:`input`.

    The rows of :attr:`input` need not sum to one (they are used as weights), but must be non-negative,
    finite and have a non-zero sum. Without replacement, each row needs at least :attr:`num_samples`
    categories, and a drawn index is not drawn again.

    Args:
        input (Tensor): the input tensor of weights, 1-D or 2-D (one distribution per row).
        num_samples (int): the number of samples to draw.
        replacement (bool, optional): whether to draw with replacement or not. Default: ``False``.

    Keyword args:
        generator (glassnet.Generator, optional): a generator to draw from. Default: ``None`` (glassnet's
            global generator).

    Example:
        >>> weights = glassnet.tensor([0.0, 10.0, 3.0, 0.0])
        >>> sorted(glassnet.multinomial(weights, 2).tolist())
        [1, 2]
        >>> glassnet.multinomial(weights, 4, replacement=True).shape
        glassnet.Size([4])
    """
    p = input if isinstance(input, Tensor) else Tensor(input)
    xp = p.xp
    if p._data.dtype.kind != "f":
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: {p.dtype.name.title()}")
    if p.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    w = p._data.reshape(-1, p._data.shape[-1]).astype("float64")
    n = w.shape[1]
    if not replacement and num_samples > n:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if not xp.isfinite(w).all() or (w < 0).any():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if (w.sum(axis=1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    rng = backend.rng(generator)  # a glassnet.Generator, a NumPy one, or the global generator
    if replacement:  # inverse CDF: the first category whose running total passes a uniform draw
        cdf = xp.cumsum(w, axis=1)
        cdf /= cdf[:, -1:]
        u = rng.random((w.shape[0], num_samples))
        out = xp.stack([xp.searchsorted(c, r, side="right") for c, r in zip(cdf, u)])
        out = xp.minimum(out, n - 1)
    else:  # Gumbel-top-k: the k largest log w + Gumbel noise are a draw without replacement
        with xp.errstate(divide="ignore"):
            keys = xp.log(w) - xp.log(-xp.log(rng.random(w.shape)))
        out = xp.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
    out = out.astype("int64")
    return Tensor._wrap(out.reshape(num_samples) if p.ndim == 1 else out)
