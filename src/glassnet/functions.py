"""Module-level forms of the tensor ops (``glassnet.exp(x)``, ``glassnet.cat([...])`` ...)."""

from __future__ import annotations

import builtins
from typing import Any

from .backend import array_module
from .dtypes import result_np
from .ops import elementwise as elementwise_ops
from .ops import shape as shape_ops
from .tensor import Tensor, _cast, _dim


def _t(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


# The docstrings of the functions made below by _unary and _method (PyTorch's wording, glassnet's examples).
_DOCS = {
    "exp": r"""Returns a new tensor with the exponential of the elements of :attr:`input`: ``e ** x``.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.exp(glassnet.tensor([0.0, 1.0, -1.0]))
        tensor([1.0000, 2.7183, 0.3679])
    """,
    "log": r"""Returns a new tensor with the natural logarithm of the elements of :attr:`input`.

    Negative values give NaN and zero gives ``-inf``, as in PyTorch.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.log(glassnet.tensor([1.0, 2.0, 0.5]))
        tensor([ 0.0000,  0.6931, -0.6931])
    """,
    "log1p": r"""Returns a new tensor with the natural logarithm of ``1 + input``, accurate for small values.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.log1p(glassnet.tensor([1e-10, 0.0, 1.0], dtype=glassnet.float64))
        tensor([1.0000e-10, 0.0000e+00, 6.9315e-01], dtype=glassnet.float64)
    """,
    "sqrt": r"""Returns a new tensor with the square root of the elements of :attr:`input` (NaN for negatives).

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.sqrt(glassnet.tensor([4.0, 2.0, 0.0]))
        tensor([2.0000, 1.4142, 0.0000])
    """,
    "rsqrt": r"""Returns a new tensor with the reciprocal of the square root of each element: ``1 / sqrt(x)``.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.rsqrt(glassnet.tensor([4.0, 0.25, 1.0]))
        tensor([0.5000, 2.0000, 1.0000])
    """,
    "sin": r"""Returns a new tensor with the sine of the elements of :attr:`input` (in radians).

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.sin(glassnet.tensor([0.0, 1.5707964, 3.1415927]))
        tensor([ 0.0000e+00,  1.0000e+00, -8.7423e-08])
    """,
    "cos": r"""Returns a new tensor with the cosine of the elements of :attr:`input` (in radians).

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.cos(glassnet.tensor([0.0, 1.0, 3.1415927]))
        tensor([ 1.0000,  0.5403, -1.0000])
    """,
    "tanh": r"""Returns a new tensor with the hyperbolic tangent of the elements of :attr:`input`.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.tanh(glassnet.tensor([-2.0, 0.0, 0.5]))
        tensor([-0.9640,  0.0000,  0.4621])
    """,
    "sigmoid": r"""Returns a new tensor with the logistic sigmoid of the elements: ``1 / (1 + exp(-x))``.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.sigmoid(glassnet.tensor([-2.0, 0.0, 2.0]))
        tensor([0.1192, 0.5000, 0.8808])
    """,
    "relu": r"""Applies the rectified linear unit function element-wise: ``max(x, 0)``.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.relu(glassnet.tensor([[1.0, -2.0], [3.0, 4.0]]))
        tensor([[1., 0.],
                [3., 4.]])
    """,
    "abs": r"""Computes the absolute value of each element of :attr:`input`.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.abs(glassnet.tensor([-1, -2, 3]))
        tensor([1, 2, 3])
    """,
    "neg": r"""Returns a new tensor with the negative of the elements of :attr:`input`: ``-x``.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.neg(glassnet.tensor([0.5, -1.0, 2.0]))
        tensor([-0.5000,  1.0000, -2.0000])
    """,
    "square": r"""Returns a new tensor with the square of the elements of :attr:`input`.

    A bool input squares to int64, as ``pow(x, 2)`` does in PyTorch.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.square(glassnet.tensor([-2.0, 0.5, 3.0]))
        tensor([4.0000, 0.2500, 9.0000])
    """,
    "sign": r"""Returns a new tensor with the signs of the elements of :attr:`input`: -1, 0 or 1.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.sign(glassnet.tensor([0.7, -1.2, 0.0, 2.3]))
        tensor([ 1., -1.,  0.,  1.])
    """,
    "floor": r"""Returns a new tensor with the floor of the elements: the largest integer not above each one.

    Integer inputs come back unchanged.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.floor(glassnet.tensor([-0.5, 1.5, 2.0]))
        tensor([-1.,  1.,  2.])
    """,
    "ceil": r"""Returns a new tensor with the ceil of the elements: the smallest integer not below each one.

    Integer inputs come back unchanged.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.ceil(glassnet.tensor([-0.5, 1.5, 2.0]))
        tensor([-0., 2., 2.])
    """,
    "isnan": r"""Returns a bool tensor that is True where :attr:`input` is NaN.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.isnan(glassnet.tensor([1.0, float('nan'), 2.0]))
        tensor([False,  True, False])
    """,
    "isinf": r"""Returns a bool tensor that is True where :attr:`input` is positive or negative infinity.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.isinf(glassnet.tensor([1.0, float('inf'), -float('inf'), float('nan')]))
        tensor([False,  True,  True, False])
    """,
    "isfinite": r"""Returns a bool tensor that is True where :attr:`input` is finite (neither infinite nor NaN).

    Integer and bool tensors are finite everywhere.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.isfinite(glassnet.tensor([1.0, float('inf'), -float('inf'), float('nan')]))
        tensor([ True, False, False, False])
    """,
    "logical_not": r"""Computes the element-wise logical NOT of :attr:`input` (zero is False); the result is bool.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.logical_not(glassnet.tensor([0, 1, -10]))
        tensor([ True, False, False])
    """,
    "sum": r"""Returns the sum of the elements of :attr:`input`, over all of them or over :attr:`dim`.

    Bool and integer sums are int64, as in PyTorch.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``None``
            (all of them).
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.
        dtype (glassnet.dtype, optional): the dtype to cast the input to first. Default: ``None``.

    Example:
        >>> x = glassnet.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> glassnet.sum(x)
        tensor(10.)
        >>> glassnet.sum(x, dim=0)
        tensor([4., 6.])
        >>> glassnet.sum(x, dim=1, keepdim=True)
        tensor([[3.],
                [7.]])
    """,
    "mean": r"""Returns the mean of the elements of :attr:`input`, over all of them or over :attr:`dim`.

    The input must be floating point (or a ``dtype`` given), as in PyTorch.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``None``
            (all of them).
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.
        dtype (glassnet.dtype, optional): the dtype to cast the input to first. Default: ``None``.

    Example:
        >>> x = glassnet.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> glassnet.mean(x)
        tensor(2.5000)
        >>> glassnet.mean(x, dim=1)
        tensor([1.5000, 3.5000])
    """,
    "var": r"""Calculates the variance over :attr:`dim` (all elements if ``None``).

    ``var = sum((x - mean)**2) / max(0, N - correction)``; the default ``correction=1`` is Bessel's
    correction (the unbiased estimate), as in PyTorch.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``None``.
        unbiased (bool, optional): the older spelling: ``False`` means ``correction=0``. Default: ``None``.
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.

    Keyword args:
        correction (int, optional): the difference between the sample size and the degrees of freedom.
            Default: ``1``.

    Example:
        >>> x = glassnet.tensor([1.0, 2.0, 3.0, 4.0])
        >>> glassnet.var(x)
        tensor(1.6667)
        >>> glassnet.var(x, correction=0)
        tensor(1.2500)
    """,
    "std": r"""Calculates the standard deviation over :attr:`dim` (all elements if ``None``): ``sqrt(var)``.

    The default ``correction=1`` is Bessel's correction, as in PyTorch (see :func:`glassnet.var`).

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``None``.
        unbiased (bool, optional): the older spelling: ``False`` means ``correction=0``. Default: ``None``.
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.

    Keyword args:
        correction (int, optional): the difference between the sample size and the degrees of freedom.
            Default: ``1``.

    Example:
        >>> x = glassnet.tensor([[1.0, 3.0], [2.0, 6.0]])
        >>> glassnet.std(x, dim=1)
        tensor([1.4142, 2.8284])
    """,
    "amax": r"""Returns the maximum value of each slice of :attr:`input` in the given dimension(s).

    Unlike :func:`glassnet.max` it returns no indices, and tied maxima share the gradient equally.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``()``
            (all of them).
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.

    Example:
        >>> x = glassnet.tensor([[1.0, 5.0], [7.0, 2.0]])
        >>> glassnet.amax(x, dim=1)
        tensor([5., 7.])
        >>> glassnet.amax(x)
        tensor(7.)
    """,
    "amin": r"""Returns the minimum value of each slice of :attr:`input` in the given dimension(s).

    Unlike :func:`glassnet.min` it returns no indices, and tied minima share the gradient equally.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``()``
            (all of them).
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.

    Example:
        >>> x = glassnet.tensor([[1.0, 5.0], [7.0, 2.0]])
        >>> glassnet.amin(x, dim=0)
        tensor([1., 2.])
    """,
    "max": r"""Returns the maximum value of all elements, or ``(values, indices)`` along a dimension.

    - ``max(input)``: the largest value, a 0-d tensor.
    - ``max(input, dim, keepdim=False)``: a named tuple ``(values, indices)`` of the maxima along
      :attr:`dim` and the index of each.
    - ``max(input, other)``: the element-wise maximum, as :func:`glassnet.maximum`.

    Args:
        input (Tensor): the input tensor.
        dim (int or Tensor, optional): the dimension to reduce (or ``other``). Default: ``None``.
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Example:
        >>> x = glassnet.tensor([[1.0, 5.0], [7.0, 2.0]])
        >>> glassnet.max(x)
        tensor(7.)
        >>> glassnet.max(x, dim=1)
        return_types(values=tensor([5., 7.]), indices=tensor([1, 0]))
    """,
    "min": r"""Returns the minimum value of all elements, or ``(values, indices)`` along a dimension.

    - ``min(input)``: the smallest value, a 0-d tensor.
    - ``min(input, dim, keepdim=False)``: a named tuple ``(values, indices)`` of the minima along
      :attr:`dim` and the index of each.
    - ``min(input, other)``: the element-wise minimum, as :func:`glassnet.minimum`.

    Args:
        input (Tensor): the input tensor.
        dim (int or Tensor, optional): the dimension to reduce (or ``other``). Default: ``None``.
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Example:
        >>> x = glassnet.tensor([[1.0, 5.0], [7.0, 2.0]])
        >>> glassnet.min(x)
        tensor(1.)
        >>> glassnet.min(x, dim=0).indices
        tensor([0, 1])
    """,
    "logsumexp": r"""Returns ``log(sum(exp(input)))`` over :attr:`dim`, computed stably (no overflow for large values).

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints): the dimension or dimensions to reduce.
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.

    Example:
        >>> glassnet.logsumexp(glassnet.tensor([[0.0, 0.0], [1000.0, 1000.0]]), dim=1)
        tensor([6.9315e-01, 1.0007e+03])
    """,
    "prod": r"""Returns the product of the elements of :attr:`input`, over all of them or over :attr:`dim`.

    Bool and integer products are int64, as in PyTorch; the gradient is exact with zeros.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None`` (all elements).
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Example:
        >>> x = glassnet.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> glassnet.prod(x)
        tensor(24.)
        >>> glassnet.prod(x, dim=1)
        tensor([ 2., 12.])
    """,
    "norm": r"""Returns the matrix or vector norm of :attr:`input` (PyTorch's older ``torch.norm``).

    The default ``p='fro'`` is the 2-norm of the flattened tensor (or of each slice over :attr:`dim`);
    ``p`` may be a number (``inf``, ``-inf``, ``0``, fractional) or ``'nuc'`` for the nuclear norm;
    see :func:`glassnet.linalg.norm` and :func:`glassnet.linalg.vector_norm` for the newer interfaces.

    Args:
        input (Tensor): the input tensor.
        p (int, float, inf, -inf, 'fro', 'nuc', optional): the order of the norm. Default: ``'fro'``.
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: ``None`` (all).
        keepdim (bool, optional): whether the output keeps the reduced dims with size 1. Default: ``False``.
        dtype (glassnet.dtype, optional): the dtype to compute in. Default: ``None``.

    Example:
        >>> x = glassnet.tensor([[3.0, 4.0], [0.0, 1.0]])
        >>> glassnet.norm(x, dim=1)
        tensor([5., 1.])
        >>> glassnet.norm(x, p=1)
        tensor(8.)
    """,
    "softmax": r"""Applies the softmax function along :attr:`dim`: ``exp(x_i) / sum_j exp(x_j)``.

    The slices along :attr:`dim` come back as probabilities that sum to 1; computed stably.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which softmax is computed.

    Example:
        >>> glassnet.softmax(glassnet.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]), dim=1)
        tensor([[0.0900, 0.2447, 0.6652],
                [0.3333, 0.3333, 0.3333]])
    """,
    "log_softmax": r"""Applies softmax followed by a logarithm along :attr:`dim`, computed stably in one step.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which log-softmax is computed.

    Example:
        >>> glassnet.log_softmax(glassnet.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([-2.4076, -1.4076, -0.4076])
    """,
    "reshape": r"""Returns a tensor with the same data and number of elements as :attr:`input`, in a new shape.

    One dimension may be ``-1``: it is inferred from the others. The result shares memory with the
    input when NumPy can express it as a view, else it is a copy.

    Args:
        input (Tensor): the tensor to reshape.
        shape (tuple of ints): the new shape.

    Example:
        >>> glassnet.reshape(glassnet.arange(6), (2, 3))
        tensor([[0, 1, 2],
                [3, 4, 5]])
        >>> glassnet.reshape(glassnet.arange(6), (-1, 2)).shape
        glassnet.Size([3, 2])
    """,
    "flatten": r"""Flattens :attr:`input` by merging the dimensions from :attr:`start_dim` to :attr:`end_dim`.

    A 0-d input flattens to a 1-D tensor of one element.

    Args:
        input (Tensor): the input tensor.
        start_dim (int, optional): the first dim to flatten. Default: ``0``.
        end_dim (int, optional): the last dim to flatten. Default: ``-1``.

    Example:
        >>> x = glassnet.zeros(2, 3, 4)
        >>> glassnet.flatten(x).shape
        glassnet.Size([24])
        >>> glassnet.flatten(x, start_dim=1).shape
        glassnet.Size([2, 12])
    """,
    "squeeze": r"""Returns a tensor with the dimensions of size 1 removed (all of them, or those in :attr:`dim`).

    A dimension named in :attr:`dim` whose size is not 1 is left alone, as in PyTorch.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to squeeze. Default: ``None`` (all).

    Example:
        >>> x = glassnet.zeros(2, 1, 3, 1)
        >>> glassnet.squeeze(x).shape
        glassnet.Size([2, 3])
        >>> glassnet.squeeze(x, 1).shape
        glassnet.Size([2, 3, 1])
    """,
    "unsqueeze": r"""Returns a new tensor with a dimension of size one inserted at position :attr:`dim`.

    Args:
        input (Tensor): the input tensor.
        dim (int): the index at which to insert the dimension, in ``[-input.dim() - 1, input.dim()]``.

    Example:
        >>> x = glassnet.tensor([1, 2, 3])
        >>> glassnet.unsqueeze(x, 0)
        tensor([[1, 2, 3]])
        >>> glassnet.unsqueeze(x, 1)
        tensor([[1],
                [2],
                [3]])
    """,
    "transpose": r"""Returns a tensor that is :attr:`input` with dimensions :attr:`dim0` and :attr:`dim1` swapped.

    The result is a view of the input. ``glassnet.swapaxes`` is an alias.

    Args:
        input (Tensor): the input tensor.
        dim0 (int): the first dimension to be transposed.
        dim1 (int): the second dimension to be transposed.

    Example:
        >>> glassnet.transpose(glassnet.tensor([[1, 2, 3], [4, 5, 6]]), 0, 1)
        tensor([[1, 4],
                [2, 5],
                [3, 6]])
    """,
    "permute": r"""Returns a view of :attr:`input` with its dimensions permuted.

    Args:
        input (Tensor): the input tensor.
        dims (tuple of ints): the desired ordering of dimensions.

    Example:
        >>> glassnet.permute(glassnet.zeros(2, 3, 5), (2, 0, 1)).shape
        glassnet.Size([5, 2, 3])
    """,
    "broadcast_to": r"""Broadcasts :attr:`input` to the shape :attr:`shape` (NumPy's and PyTorch's rules).

    Args:
        input (Tensor): the input tensor.
        shape (list, tuple, or glassnet.Size): the new shape; ``-1`` keeps that dimension's size.

    Example:
        >>> glassnet.broadcast_to(glassnet.tensor([1, 2, 3]), (2, 3))
        tensor([[1, 2, 3],
                [1, 2, 3]])
    """,
    "argmax": r"""Returns the indices of the maximum values of :attr:`input` (of the flattened tensor if dim is None).

    On ties the first index is returned, as in PyTorch.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None``.
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Example:
        >>> x = glassnet.tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 7.0]])
        >>> glassnet.argmax(x)
        tensor(3)
        >>> glassnet.argmax(x, dim=1)
        tensor([1, 0])
    """,
    "argmin": r"""Returns the indices of the minimum values of :attr:`input` (of the flattened tensor if dim is None).

    On ties the first index is returned, as in PyTorch.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None``.
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Example:
        >>> glassnet.argmin(glassnet.tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 7.0]]), dim=0)
        tensor([0, 1, 0])
    """,
    "topk": r"""Returns the :attr:`k` largest elements of :attr:`input` along a dimension, and their indices.

    With ``largest=False`` the :attr:`k` smallest are returned.

    Args:
        input (Tensor): the input tensor.
        k (int): the k in "top-k".
        dim (int, optional): the dimension to sort along. Default: ``-1``.
        largest (bool, optional): the largest (True) or smallest (False) elements. Default: ``True``.
        sorted (bool, optional): return the elements in sorted order. Default: ``True``.

    Returns:
        A named tuple ``(values, indices)``.

    Example:
        >>> glassnet.topk(glassnet.tensor([1.0, 5.0, 3.0, 4.0]), 2)
        return_types(values=tensor([5., 4.]), indices=tensor([1, 3]))
    """,
    "all": r"""Tests whether all elements of :attr:`input` (or of each slice along :attr:`dim`) are nonzero.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None`` (all elements).
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Example:
        >>> x = glassnet.tensor([[True, False], [True, True]])
        >>> glassnet.all(x)
        tensor(False)
        >>> glassnet.all(x, dim=1)
        tensor([False,  True])
    """,
    "any": r"""Tests whether any element of :attr:`input` (or of each slice along :attr:`dim`) is nonzero.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None`` (all elements).
        keepdim (bool, optional): whether the output keeps the reduced dim with size 1. Default: ``False``.

    Example:
        >>> x = glassnet.tensor([[0, 0], [0, 3]])
        >>> glassnet.any(x)
        tensor(True)
        >>> glassnet.any(x, dim=1)
        tensor([False,  True])
    """,
    "eq": r"""Computes ``input == other`` element-wise; the result is a bool tensor.

    Args:
        input (Tensor): the tensor to compare.
        other (Tensor or float): the tensor or value to compare (broadcast against :attr:`input`).

    Example:
        >>> glassnet.eq(glassnet.tensor([[1, 2], [3, 4]]), glassnet.tensor([[1, 1], [4, 4]]))
        tensor([[ True, False],
                [False,  True]])
    """,
    "ne": r"""Computes ``input != other`` element-wise; the result is a bool tensor.

    Args:
        input (Tensor): the tensor to compare.
        other (Tensor or float): the tensor or value to compare (broadcast against :attr:`input`).

    Example:
        >>> glassnet.ne(glassnet.tensor([[1, 2], [3, 4]]), glassnet.tensor([[1, 1], [4, 4]]))
        tensor([[False,  True],
                [ True, False]])
    """,
    "lt": r"""Computes ``input < other`` element-wise; the result is a bool tensor.

    Args:
        input (Tensor): the tensor to compare.
        other (Tensor or float): the tensor or value to compare (broadcast against :attr:`input`).

    Example:
        >>> glassnet.lt(glassnet.tensor([1.0, 2.0, 3.0]), 2)
        tensor([ True, False, False])
    """,
    "le": r"""Computes ``input <= other`` element-wise; the result is a bool tensor.

    Args:
        input (Tensor): the tensor to compare.
        other (Tensor or float): the tensor or value to compare (broadcast against :attr:`input`).

    Example:
        >>> glassnet.le(glassnet.tensor([1.0, 2.0, 3.0]), 2)
        tensor([ True,  True, False])
    """,
    "gt": r"""Computes ``input > other`` element-wise; the result is a bool tensor.

    Args:
        input (Tensor): the tensor to compare.
        other (Tensor or float): the tensor or value to compare (broadcast against :attr:`input`).

    Example:
        >>> glassnet.gt(glassnet.tensor([1.0, 2.0, 3.0]), 2)
        tensor([False, False,  True])
    """,
    "ge": r"""Computes ``input >= other`` element-wise; the result is a bool tensor.

    Args:
        input (Tensor): the tensor to compare.
        other (Tensor or float): the tensor or value to compare (broadcast against :attr:`input`).

    Example:
        >>> glassnet.ge(glassnet.tensor([1.0, 2.0, 3.0]), 2)
        tensor([False,  True,  True])
    """,
    "equal": r"""``True`` if two tensors have the same size and elements, ``False`` otherwise.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor.

    Example:
        >>> glassnet.equal(glassnet.tensor([1, 2]), glassnet.tensor([1, 2]))
        True
    """,
    "t": r"""Transposes a tensor of at most 2 dimensions (0-D and 1-D tensors come back as they are).

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.t(glassnet.tensor([[1, 2, 3], [4, 5, 6]]))
        tensor([[1, 4],
                [2, 5],
                [3, 6]])
    """,
    "repeat": r"""Repeats :attr:`input` along each dimension :attr:`sizes` times (PyTorch's ``Tensor.repeat``).

    Like ``numpy.tile``: ``sizes`` may have more entries than :attr:`input` has dims (new leading dims).

    Args:
        input (Tensor): the input tensor.
        sizes (int...): the number of times to repeat the tensor along each dimension.

    Example:
        >>> glassnet.repeat(glassnet.tensor([1, 2, 3]), 2, 2)
        tensor([[1, 2, 3, 1, 2, 3],
                [1, 2, 3, 1, 2, 3]])
    """,
    "clone": r"""Returns a copy of :attr:`input` that stays in the autograd graph (gradients flow back through it).

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> x = glassnet.tensor([1.0, 2.0], requires_grad=True)
        >>> y = glassnet.clone(x)
        >>> y.sum().backward()
        >>> x.grad
        tensor([1., 1.])
    """,
    "detach": r"""Returns a new tensor sharing :attr:`input`'s data, detached from the autograd graph.

    The result never requires grad; as in PyTorch it shares the version counter, so in-place changes
    to either are seen by the checks of the other.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> x = glassnet.tensor([1.0, 2.0], requires_grad=True)
        >>> glassnet.detach(x * 2)
        tensor([2., 4.])
    """,
    "logical_and": r"""Computes the element-wise logical AND of :attr:`input` and :attr:`other` (zero is False).

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the tensor to compute AND with.

    Example:
        >>> glassnet.logical_and(glassnet.tensor([True, False, True]), glassnet.tensor([True, False, False]))
        tensor([ True, False, False])
    """,
    "logical_or": r"""Computes the element-wise logical OR of :attr:`input` and :attr:`other` (zero is False).

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the tensor to compute OR with.

    Example:
        >>> glassnet.logical_or(glassnet.tensor([True, False, True]), glassnet.tensor([True, False, False]))
        tensor([ True, False,  True])
    """,
    "unflatten": r"""Expands dimension :attr:`dim` of :attr:`input` over several dimensions of sizes :attr:`sizes`.

    One of the sizes may be ``-1``: it is inferred.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to be unflattened.
        sizes (tuple of ints): the new shape of the unflattened dimension.

    Example:
        >>> glassnet.unflatten(glassnet.zeros(3, 12), 1, (2, -1)).shape
        glassnet.Size([3, 2, 6])
    """,
}

def _unary(name: str):
    def fn(input: Any) -> Tensor:  # noqa: A002 - PyTorch argument name
        return getattr(_t(input), name)()

    fn.__name__ = name
    fn.__doc__ = _DOCS.get(name, f"Element-wise {name} (see Tensor.{name}).")
    return fn


for _n in ("exp", "log", "log1p", "sqrt", "rsqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "neg",
           "square", "sign", "floor", "ceil", "round", "isnan", "isinf", "isfinite", "logical_not"):
    globals()[_n] = _unary(_n)


def add(input: Any, other: Any, alpha: Any = 1) -> Tensor:  # noqa: A002
    """Adds :attr:`other`, scaled by :attr:`alpha`, to :attr:`input`: ``out = input + alpha * other``.

    Supports broadcasting to a common shape and type promotion (as PyTorch: an int64 tensor plus a
    Python float gives the default float dtype).

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to add to :attr:`input`.
        alpha (Number): the multiplier for :attr:`other`. Default: ``1``.

    Example:
        >>> a = glassnet.tensor([1.0, 2.0, 3.0])
        >>> glassnet.add(a, 10)
        tensor([11., 12., 13.])
        >>> glassnet.add(a, glassnet.tensor([1.0, 1.0, 1.0]), alpha=2)
        tensor([3., 4., 5.])
    """
    return _t(input).add(other, alpha)


def sub(input: Any, other: Any, alpha: Any = 1) -> Tensor:  # noqa: A002
    """Subtracts :attr:`other`, scaled by :attr:`alpha`, from :attr:`input`: ``out = input - alpha * other``.

    Supports broadcasting to a common shape and type promotion.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to subtract from :attr:`input`.
        alpha (Number): the multiplier for :attr:`other`. Default: ``1``.

    Example:
        >>> a = glassnet.tensor([1.0, 2.0])
        >>> glassnet.sub(a, glassnet.tensor([0.5, 0.5]), alpha=2)
        tensor([0., 1.])
    """
    return _t(input).sub(other, alpha)


def mul(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Multiplies :attr:`input` by :attr:`other`, element-wise: ``out = input * other``.

    Supports broadcasting to a common shape and type promotion.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to multiply :attr:`input` by.

    Example:
        >>> a = glassnet.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> glassnet.mul(a, glassnet.tensor([10.0, 100.0]))
        tensor([[ 10., 200.],
                [ 30., 400.]])
    """
    return _t(input) * other


def pow(input: Any, exponent: Any) -> Tensor:  # noqa: A001,A002
    """Takes the power of each element of :attr:`input` with :attr:`exponent`: ``out = input ** exponent``.

    :attr:`exponent` may be a number or a tensor (broadcast against :attr:`input`); :attr:`input` may be
    a number when :attr:`exponent` is a tensor.

    Args:
        input (Tensor or Number): the base.
        exponent (Tensor or Number): the exponent.

    Example:
        >>> glassnet.pow(glassnet.tensor([1.0, 2.0, 3.0]), 2)
        tensor([1., 4., 9.])
        >>> glassnet.pow(2, glassnet.tensor([0, 1, 2, 3]))
        tensor([1, 2, 4, 8])
    """
    if not isinstance(input, Tensor):
        return exponent.__rpow__(input)
    return input ** exponent


def matmul(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Matrix product of two tensors, with PyTorch's rules for their dimensions.

    - 1-D and 1-D: the dot product (a 0-d tensor).
    - 2-D and 2-D: the matrix-matrix product.
    - 1-D and 2-D: a 1 is prepended to the first argument's shape for the product, then removed.
    - 2-D and 1-D: the matrix-vector product.
    - N-D (N > 2): a batched matrix product; the batch dims broadcast.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor.

    Shape:
        - input: ``(*, n, m)``
        - other: ``(*, m, p)``
        - Output: ``(*, n, p)`` (the batch dims ``*`` broadcast)

    Example:
        >>> a = glassnet.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> glassnet.matmul(a, glassnet.tensor([1.0, 1.0]))
        tensor([3., 7.])
        >>> glassnet.matmul(glassnet.ones(10, 3, 4), glassnet.ones(4, 5)).shape
        glassnet.Size([10, 3, 5])
    """
    return _t(input).matmul(other)


def round(input: Any, *, decimals: int = 0) -> Tensor:  # noqa: A001,A002 - PyTorch names
    """Rounds the elements of :attr:`input` to the nearest integer, halves to even (as PyTorch and NumPy).

    With :attr:`decimals`, rounds to that many decimal places (negative: to tens, hundreds ...).

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        decimals (int, optional): the number of decimal places to round to. Default: ``0``.

    Example:
        >>> glassnet.round(glassnet.tensor([0.5, 1.5, 2.5, -1.7]))
        tensor([ 0.,  2.,  2., -2.])
        >>> glassnet.round(glassnet.tensor([1.2345, 123.45]), decimals=2)
        tensor([  1.2300, 123.4500])
    """
    return _t(input).round(decimals=decimals)


def trunc(input: Any) -> Tensor:  # noqa: A002
    """Rounds the elements of :attr:`input` toward zero (drops the fractional part). ``glassnet.fix`` is an alias.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> glassnet.trunc(glassnet.tensor([-1.7, -0.2, 0.2, 1.7]))
        tensor([-1., -0.,  0.,  1.])
    """
    return _t(input).trunc()


fix = trunc


def fmod(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes the element-wise remainder of division, as C's ``fmod``:
    ``input - trunc(input / other) * other``. The result has the sign of the dividend :attr:`input`.

    Args:
        input (Tensor): the dividend.
        other (Tensor or Number): the divisor.

    Example:
        >>> glassnet.fmod(glassnet.tensor([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0]), 2)
        tensor([-1., -0., -1.,  1.,  0.,  1.])
    """
    return _t(input).fmod(other)


def remainder(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Computes the element-wise remainder of division, as Python's ``%``:
    ``input - floor(input / other) * other``. The result has the sign of the divisor :attr:`other`.

    Args:
        input (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor.

    Example:
        >>> glassnet.remainder(glassnet.tensor([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0]), 2)
        tensor([1., 0., 1., 1., 0., 1.])
        >>> glassnet.remainder(glassnet.tensor([1, 2, 3, 4, 5]), -1.5)
        tensor([-0.5000, -1.0000, -0.0000, -0.5000, -1.0000])
    """
    return input % other if isinstance(input, Tensor) else other.__rmod__(input)


def floor_divide(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Divides :attr:`input` by :attr:`other` and rounds the quotient down, as Python's ``//``.

    Equivalent to ``glassnet.div(input, other, rounding_mode='floor')``; integer inputs keep their dtype.

    Args:
        input (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor.

    Example:
        >>> glassnet.floor_divide(glassnet.tensor([4.0, 3.0, -3.0]), 2)
        tensor([ 2.,  1., -2.])
        >>> glassnet.floor_divide(glassnet.tensor([7, -7]), 2)
        tensor([ 3, -4])
    """
    return input // other if isinstance(input, Tensor) else other.__rfloordiv__(input)


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A001,A002
    """Clamps all elements of :attr:`input` into the range ``[min, max]``: ``min(max(x, min), max)``.

    Either bound may be ``None`` (no bound on that side); bounds may be numbers or tensors (broadcast
    against :attr:`input`). ``glassnet.clip`` is an alias.

    Args:
        input (Tensor): the input tensor.
        min (Number or Tensor, optional): the lower bound. Default: ``None``.
        max (Number or Tensor, optional): the upper bound. Default: ``None``.

    Example:
        >>> a = glassnet.tensor([-1.5, 0.2, 0.7, 2.0])
        >>> glassnet.clamp(a, min=-0.5, max=0.5)
        tensor([-0.5000,  0.2000,  0.5000,  0.5000])
        >>> glassnet.clamp(a, min=0.5)
        tensor([0.5000, 0.5000, 0.7000, 2.0000])
    """
    return input.clamp(min, max)


clip = clamp


def maximum(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Computes the element-wise maximum of :attr:`input` and :attr:`other` (NaN propagates).

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor (broadcast against :attr:`input`).

    Example:
        >>> glassnet.maximum(glassnet.tensor([1.0, 5.0, 3.0]), glassnet.tensor([4.0, 2.0, 3.0]))
        tensor([4., 5., 3.])
    """
    return _t(input).maximum(other)


def minimum(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Computes the element-wise minimum of :attr:`input` and :attr:`other` (NaN propagates).

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor (broadcast against :attr:`input`).

    Example:
        >>> glassnet.minimum(glassnet.tensor([1.0, 5.0, 3.0]), glassnet.tensor([4.0, 2.0, 3.0]))
        tensor([1., 2., 3.])
    """
    return _t(input).minimum(other)


def where(condition: Any, input: Any, other: Any) -> Tensor:  # noqa: A002
    """Returns a tensor of elements chosen from :attr:`input` where :attr:`condition` is True, else from
    :attr:`other`.

    The three broadcast together; :attr:`input` and :attr:`other` may be Python numbers, and the result
    dtype follows PyTorch's promotion (``where(cond, int_tensor, 0.5)`` is a float tensor). The gradient
    flows to the chosen elements only.

    Args:
        condition (Tensor): a bool tensor; where True, take :attr:`input`, else :attr:`other`.
        input (Tensor or Number): the values where :attr:`condition` is True.
        other (Tensor or Number): the values where :attr:`condition` is False.

    Example:
        >>> x = glassnet.tensor([-1.0, 0.5, 2.0])
        >>> glassnet.where(x > 0, x, 0.0)
        tensor([0.0000, 0.5000, 2.0000])
        >>> glassnet.where(x > 0, glassnet.tensor([1, 2, 3]), 0.5)
        tensor([0.5000, 2.0000, 3.0000])
    """
    c = condition._data if isinstance(condition, Tensor) else condition
    # PyTorch's result_type: where(cond, int_tensor, 0.5) is float, not a truncated 0.
    target = result_np(input, other)
    # A Python number joins the tensors' device (where(cond, cuda_x, 0.) stays on the GPU, as in PyTorch).
    xp = array_module(*(x._data for x in (condition, input, other) if isinstance(x, Tensor)))
    # A number goes through PyTorch's range check (where(c, 128, int8_tensor) is refused).
    a, b = (_cast(x, target) if isinstance(x, Tensor) else
            Tensor._wrap(xp.asarray(_cast(x, target, True), dtype=target)) for x in (input, other))
    return elementwise_ops.Where.apply(c, a, b)


def cat(tensors: Any, dim: int = 0) -> Tensor:
    """Concatenates a sequence of tensors along an existing dimension.

    All tensors must have the same shape except in dimension :attr:`dim`; mixed dtypes are promoted
    as in PyTorch. ``glassnet.concat`` and ``glassnet.concatenate`` are aliases.

    Args:
        tensors (sequence of Tensors): the tensors to join (a non-empty list or tuple).
        dim (int, optional): the dimension to join along. Default: ``0``.

    Example:
        >>> x = glassnet.tensor([[1, 2], [3, 4]])
        >>> glassnet.cat([x, x], dim=0)
        tensor([[1, 2],
                [3, 4],
                [1, 2],
                [3, 4]])
        >>> glassnet.cat([x, x], dim=1)
        tensor([[1, 2, 1, 2],
                [3, 4, 3, 4]])
    """
    tensors = [_t(x) for x in tensors]
    if not tensors:
        raise RuntimeError("cat(): expected a non-empty list of Tensors")
    nd = tensors[0].ndim
    d = _dim(dim, nd, "cat")
    for i, t in enumerate(tensors):
        # builtins.any: this module defines its own any/all/sum/max further down.
        if t.ndim != nd or builtins.any(
                a != b for j, (a, b) in enumerate(zip(t.shape, tensors[0].shape)) if j != d):
            raise RuntimeError(
                f"cat(): sizes of tensors must match except in dimension {d}: tensor 0 has shape "
                f"{tuple(tensors[0].shape)}, tensor {i} has shape {tuple(t.shape)}"
            )
    target = result_np(*tensors)  # mixed dtypes promote as in PyTorch (float32 with int64 is float32)
    return shape_ops.Cat.apply(*(_cast(t, target) for t in tensors), axis=d)


concat = concatenate = cat


def stack(tensors: Any, dim: int = 0) -> Tensor:
    """Stacks a sequence of tensors of the same shape along a new dimension.

    Args:
        tensors (sequence of Tensors): the tensors to stack (all of one shape).
        dim (int, optional): the index of the new dimension, between 0 and the number of dimensions of
            the inputs (inclusive). Default: ``0``.

    Example:
        >>> a, b = glassnet.tensor([1, 2, 3]), glassnet.tensor([4, 5, 6])
        >>> glassnet.stack([a, b])
        tensor([[1, 2, 3],
                [4, 5, 6]])
        >>> glassnet.stack([a, b], dim=1)
        tensor([[1, 4],
                [2, 5],
                [3, 6]])
    """
    tensors = [_t(x) for x in tensors]
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for i, t in enumerate(tensors):
        if t.shape != tensors[0].shape:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {tuple(tensors[0].shape)} at entry 0 "
                f"and {tuple(t.shape)} at entry {i}"
            )
    target = result_np(*tensors)
    return shape_ops.Stack.apply(*(_cast(t, target) for t in tensors), axis=_dim(dim, tensors[0].ndim + 1, "stack"))


def pad(input: Tensor, pad: Any, mode: str = "constant", value: float = 0.0) -> Tensor:  # noqa: A002
    """Pads :attr:`input` with a constant value.

    :attr:`pad` lists ``(left, right)`` amounts per dimension, starting from the last dimension:
    ``(1, 2)`` pads the last dimension by 1 before and 2 after; ``(1, 1, 2, 2)`` also pads the
    second-to-last by 2 on both sides. Negative amounts crop. Other modes ('reflect', 'replicate',
    'circular') are in :func:`glassnet.nn.functional.pad`.

    Args:
        input (Tensor): the input tensor.
        pad (tuple): the padding amounts, an even number of ints.
        mode (str, optional): only ``'constant'`` here. Default: ``'constant'``.
        value (float, optional): the fill value. Default: ``0``.

    Example:
        >>> glassnet.pad(glassnet.tensor([[1, 2], [3, 4]]), (1, 0), value=9)
        tensor([[9, 1, 2],
                [9, 3, 4]])
    """
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise RuntimeError(f"pad: padding length {len(pad)} is invalid for a {input.ndim}-D input")
    if mode != "constant":
        raise NotImplementedError(f"pad: mode {mode!r} is provided by glassnet.nn.functional.pad")
    if input._data.dtype.kind in "iu" and isinstance(value, builtins.int | builtins.float):
        if builtins.max(pad, default=0) <= 0:
            return shape_ops.Pad.apply(input, tuple(pad), 0)  # nothing is padded: PyTorch never looks at the value
        # PyTorch's range check, strict for pad: no negative value wraps into an unsigned dtype
        strict = input._data.dtype.kind == "u" and value < 0
        value = _cast(builtins.float(value) if strict else value, input._data.dtype, checked=True).item()
    return shape_ops.Pad.apply(input, tuple(pad), value)


def split(tensor: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple:
    """Splits the tensor into chunks along a dimension; each chunk is a view of the original tensor.

    If :attr:`split_size_or_sections` is an int, every chunk has that size (the last may be smaller);
    if it is a list, the chunks have those sizes, which must sum to the size of :attr:`dim`.

    Args:
        tensor (Tensor): the tensor to split.
        split_size_or_sections (int or list(int)): the size of one chunk, or the list of chunk sizes.
        dim (int, optional): the dimension to split along. Default: ``0``.

    Returns:
        tuple of Tensors

    Example:
        >>> x = glassnet.arange(5)
        >>> glassnet.split(x, 2)
        (tensor([0, 1]), tensor([2, 3]), tensor([4]))
        >>> glassnet.split(x, [1, 4])
        (tensor([0]), tensor([1, 2, 3, 4]))
    """
    return tensor.split(split_size_or_sections, dim)


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:  # noqa: A002
    """Splits the tensor into :attr:`chunks` pieces along a dimension, each a view of the input.

    As in PyTorch, every piece has size ``ceil(size / chunks)`` except perhaps the last, so fewer than
    :attr:`chunks` pieces may come back.

    Args:
        input (Tensor): the tensor to split.
        chunks (int): the number of chunks to return.
        dim (int, optional): the dimension to split along. Default: ``0``.

    Returns:
        tuple of Tensors

    Example:
        >>> glassnet.chunk(glassnet.arange(5), 3)
        (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    """
    return input.chunk(chunks, dim)


def unbind(input: Tensor, dim: int = 0) -> tuple:  # noqa: A002
    """Removes a dimension, returning the tuple of all slices along it.

    Args:
        input (Tensor): the tensor to unbind.
        dim (int, optional): the dimension to remove. Default: ``0``.

    Returns:
        tuple of Tensors

    Example:
        >>> glassnet.unbind(glassnet.tensor([[1, 2], [3, 4]]), dim=1)
        (tensor([1, 3]), tensor([2, 4]))
    """
    return input.unbind(dim)


def gather(input: Tensor, dim: int, index: Tensor) -> Tensor:  # noqa: A002
    """Gathers values along an axis specified by :attr:`dim`.

    For a 3-D tensor the output is::

        out[i][j][k] = input[index[i][j][k]][j][k]  # if dim == 0
        out[i][j][k] = input[i][index[i][j][k]][k]  # if dim == 1
        out[i][j][k] = input[i][j][index[i][j][k]]  # if dim == 2

    Args:
        input (Tensor): the source tensor.
        dim (int): the axis along which to index.
        index (Tensor): the int64 indices of the elements to gather (same number of dimensions as
            :attr:`input`; the output has its shape).

    Example:
        >>> t = glassnet.tensor([[1, 2], [3, 4]])
        >>> glassnet.gather(t, 1, glassnet.tensor([[0, 0], [1, 0]]))
        tensor([[1, 1],
                [4, 3]])
    """
    return input.gather(dim, index)


def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:  # noqa: A002
    """See Tensor.scatter_add."""
    return input.scatter_add(dim, index, src)


def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:  # noqa: A002
    """Returns the entries of :attr:`input` along dimension :attr:`dim` at the positions in :attr:`index`.

    The result has the same number of dimensions as :attr:`input`; dimension :attr:`dim` has
    ``len(index)`` entries. The result is a new tensor (no view), as in PyTorch.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension in which we index.
        index (Tensor): a 1-D int tensor of indices.

    Example:
        >>> x = glassnet.tensor([[1, 2, 3], [4, 5, 6]])
        >>> glassnet.index_select(x, 1, glassnet.tensor([0, 2]))
        tensor([[1, 3],
                [4, 6]])
    """
    return input.index_select(dim, index)


def masked_fill(input: Tensor, mask: Tensor, value: Any) -> Tensor:  # noqa: A002
    """Returns a copy of :attr:`input` with :attr:`value` where :attr:`mask` is True.

    Args:
        input (Tensor): the input tensor.
        mask (Tensor): a bool tensor broadcastable to :attr:`input`'s shape.
        value (float or Tensor): the value to fill in (a number or a 0-d tensor).

    Example:
        >>> x = glassnet.tensor([1.0, -2.0, 3.0])
        >>> glassnet.masked_fill(x, x < 0, 0.0)
        tensor([1., 0., 3.])
    """
    return input.masked_fill(mask, value)


def _method(name: str):
    def fn(input: Tensor, *args: Any, **kwargs: Any) -> Any:  # noqa: A002
        return getattr(_t(input), name)(*args, **kwargs)

    fn.__name__ = name
    fn.__doc__ = _DOCS.get(name, f"See Tensor.{name}.")
    return fn


for _n in ("sum", "mean", "var", "std", "amax", "amin", "max", "min", "logsumexp", "prod", "norm",
           "softmax", "log_softmax", "reshape", "flatten", "squeeze", "unsqueeze", "transpose", "permute",
           "broadcast_to", "argmax", "argmin", "argsort", "sort", "topk", "all", "any", "eq", "ne", "lt",
           "le", "gt", "ge", "equal", "t", "repeat", "clone", "detach", "logical_and",
           "logical_or", "unflatten"):
    globals()[_n] = _method(_n)

swapaxes = globals()["transpose"]
