"""Collation: turning a list of samples into one batch, recursively, as torch's default_collate does.

Rules (the sample type decides)::

  Tensor            -> stacked along a new first dim
  numpy array       -> stacked, dtype kept (float64 stays float64, as in torch)
  numpy scalar      -> a 1-D Tensor of that dtype
  int / bool        -> int64 / bool Tensor
  float             -> glassnet's default float dtype (float32). torch gives float64 here; glassnet
                       chooses float32 so regression targets match float32 model outputs.
  str / bytes       -> left as a list
  dict              -> dict of collated values, key by key
  namedtuple        -> the same namedtuple of collated fields
  tuple / list      -> a list of collated fields (torch returns a list for tuples too)
"""

from __future__ import annotations

import collections.abc
from typing import Any

import numpy

from .. import dtypes
from ..tensor import Tensor


def _stack_tensors(batch: list) -> Tensor:
    shape = batch[0].shape
    for i, t in enumerate(batch):
        if t.shape != shape:
            raise RuntimeError(
                f"default_collate: stack expects each tensor to be equal size, but got {tuple(shape)} "
                f"at entry 0 and {tuple(t.shape)} at entry {i}"
            )
    if any(t.requires_grad for t in batch):
        from ..functions import stack

        return stack(batch)
    return Tensor._wrap(numpy.stack([t._data for t in batch]))


def default_collate(batch: list) -> Any:
    """Merges a list of samples into a batch: tensors and arrays stacked, numbers made tensors, containers recursed.

    The rules follow PyTorch's ``default_collate`` (see the module docstring), except that Python
    floats become glassnet's default float dtype (float32) where PyTorch gives float64.

    Args:
        batch (list): the samples of one batch.

    Returns:
        the batch, with the structure of one sample.

    Example:
        >>> glassnet.data.default_collate([(glassnet.tensor([1.0, 2.0]), 0), (glassnet.tensor([3.0, 4.0]), 1)])
        [tensor([[1., 2.],
                [3., 4.]]), tensor([0, 1])]
        >>> glassnet.data.default_collate([{'x': 1.5}, {'x': 2.5}])
        {'x': tensor([1.5000, 2.5000])}
    """
    if len(batch) == 0:
        raise ValueError("default_collate: got an empty batch")
    elem = batch[0]
    if isinstance(elem, Tensor):
        return _stack_tensors(batch)
    if isinstance(elem, numpy.ndarray):
        if elem.dtype.kind in "USO":
            raise TypeError(f"default_collate: numpy arrays of dtype {elem.dtype} cannot become tensors")
        return _stack_tensors([Tensor._wrap(numpy.asarray(b)) for b in batch])
    if isinstance(elem, numpy.generic):
        return Tensor._wrap(numpy.array(batch))
    if isinstance(elem, bool):
        return Tensor._wrap(numpy.array(batch, dtype=numpy.bool_))
    if isinstance(elem, int):
        return Tensor._wrap(numpy.array(batch, dtype=numpy.int64))
    if isinstance(elem, float):
        return Tensor._wrap(numpy.array(batch, dtype=dtypes.get_default_dtype().np))
    if isinstance(elem, (str, bytes)):
        return list(batch)
    if isinstance(elem, collections.abc.Mapping):
        return {key: default_collate([d[key] for d in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(list(s)) for s in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(e) != size for e in batch):
            raise RuntimeError("default_collate: each element in list of batch should be of equal size")
        return [default_collate(list(samples)) for samples in zip(*batch)]
    raise TypeError(
        "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
        f"found {type(elem)}"
    )


def default_convert(data: Any) -> Any:
    """Converts NumPy arrays inside a sample into tensors, leaving everything else (used when batching is off).

    Args:
        data: a sample (an array, a number, or a container of them).

    Returns:
        the sample, with arrays turned into tensors (tuples become lists, as in PyTorch).

    Example:
        >>> glassnet.data.default_convert({'x': np.array([1, 2]), 'label': 'cat'})
        {'x': tensor([1, 2]), 'label': 'cat'}
    """
    if isinstance(data, numpy.ndarray) and data.dtype.kind not in "USO":
        return Tensor._wrap(data)
    if isinstance(data, numpy.generic):
        return Tensor._wrap(numpy.asarray(data))
    if isinstance(data, collections.abc.Mapping):
        return {k: default_convert(v) for k, v in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, list):
        return [default_convert(d) for d in data]
    return data
