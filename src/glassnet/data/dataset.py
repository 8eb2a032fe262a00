"""Datasets: an indexable collection of samples, and the ways to combine and split them.

A dataset answers ``len(ds)`` and ``ds[i]``. Datasets that hold whole arrays (``TensorDataset``)
also answer ``ds.get_batch(indices)`` with a ready batch taken by one fancy-index per array,
which lets the DataLoader skip the per-sample Python loop.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from typing import Any

import numpy

from ..tensor import Tensor
from ._rng import as_generator, fresh_generator


class Dataset:
    """An abstract class representing a map-style dataset: subclasses define ``__getitem__`` (and usually ``__len__``).

    ``ds[i]`` returns the i-th sample; :class:`DataLoader` uses ``len(ds)`` for its default samplers.
    ``ds1 + ds2`` is a :class:`ConcatDataset`. A subclass may also define ``get_batch(indices)``,
    returning a ready batch, which the DataLoader then uses instead of collating samples one by one
    (glassnet's addition; :class:`TensorDataset` has it).

    Example:
        >>> class Squares(glassnet.data.Dataset):
        ...     def __len__(self):
        ...         return 4
        ...     def __getitem__(self, i):
        ...         return glassnet.tensor(float(i)), glassnet.tensor(float(i * i))
        >>> next(iter(glassnet.data.DataLoader(Squares(), batch_size=4)))
        [tensor([0., 1., 2., 3.]), tensor([0., 1., 4., 9.])]
    """

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")

    def __add__(self, other: Dataset) -> ConcatDataset:
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """An iterable (stream) dataset: subclasses define ``__iter__``; it has no indexing and no sampler.

    The :class:`DataLoader` batches the samples in the order the iterator yields them.

    Example:
        >>> class Countdown(glassnet.data.IterableDataset):
        ...     def __iter__(self):
        ...         return iter(range(5, 0, -1))
        >>> list(glassnet.data.DataLoader(Countdown(), batch_size=2))
        [tensor([5, 4]), tensor([3, 2]), tensor([1])]
    """

    def __iter__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __iter__")

    def __add__(self, other: Dataset):
        raise TypeError("IterableDataset does not support concatenation with +")


def _raw(t: Any) -> Any:
    return t._data if isinstance(t, Tensor) else t


class TensorDataset(Dataset):
    """Dataset wrapping tensors: sample ``i`` is ``(t0[i], t1[i], ...)``, the i-th row of each tensor.

    Each tensor must have the same size of the first dimension; arrays are turned into tensors.
    The DataLoader takes whole batches from it with one gather per tensor.

    Args:
        *tensors (Tensor): tensors that have the same size of the first dimension.

    Example:
        >>> x = glassnet.arange(6.0).reshape(3, 2)
        >>> y = glassnet.tensor([0, 1, 0])
        >>> ds = glassnet.data.TensorDataset(x, y)
        >>> len(ds), ds[1]
        (3, (tensor([2., 3.]), tensor(1)))
    """

    def __init__(self, *tensors: Any) -> None:
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        tensors = tuple(t if isinstance(t, Tensor) else Tensor(t) for t in tensors)
        sizes = [t.shape[0] if t.ndim else None for t in tensors]
        if any(s is None for s in sizes) or len(set(sizes)) != 1:
            shapes = ", ".join(str(tuple(t.shape)) for t in tensors)
            raise ValueError(
                f"TensorDataset: size mismatch between tensors: every tensor needs the same first "
                f"dimension, got shapes {shapes}"
            )
        self.tensors = tensors

    def __len__(self) -> int:
        return self.tensors[0].shape[0]

    def __getitem__(self, index: int) -> tuple:
        return tuple(t[index] for t in self.tensors)

    def get_batch(self, indices: Any) -> list:
        """Returns a collated batch (one Tensor per stored tensor) taken with one gather each.

        The DataLoader calls it instead of collating samples one by one (glassnet's fast path).

        Args:
            indices (sequence of int or array): the sample indices of the batch.

        Returns:
            list of Tensor: the rows ``indices`` of each stored tensor.
        """
        idx = numpy.asarray(indices, dtype=numpy.int64)
        out = []
        for t in self.tensors:
            # Data tensors rarely require grad; when one does, keep the graph by indexing the Tensor.
            out.append(t[idx] if t.requires_grad else Tensor._wrap(t._data[idx]))
        return out


class Subset(Dataset):
    """Subset of a dataset at the specified indices, in that order.

    Args:
        dataset (Dataset): the whole dataset.
        indices (sequence of int): the indices in the whole dataset selected for the subset.

    Example:
        >>> ds = glassnet.data.TensorDataset(glassnet.arange(10))
        >>> sub = glassnet.data.Subset(ds, [7, 2, 5])
        >>> len(sub), sub[0]
        (3, (tensor(7),))
    """

    def __init__(self, dataset: Dataset, indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx: Any) -> Any:
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __len__(self) -> int:
        return len(self.indices)

    def get_batch(self, indices: Any) -> Any:
        """Maps batch positions to the parent's indices and asks the parent for the batch.

        Args:
            indices (sequence of int or array): positions in the subset.

        Returns:
            the parent's batch (collated).
        """
        own = numpy.asarray(self.indices, dtype=numpy.int64)[numpy.asarray(indices, dtype=numpy.int64)]
        return batch_from(self.dataset, own)


class ConcatDataset(Dataset):
    """Dataset as a concatenation of multiple datasets, one after another.

    Args:
        datasets (sequence of Dataset): the datasets to concatenate (not iterable datasets).

    Example:
        >>> a = glassnet.data.TensorDataset(glassnet.arange(3))
        >>> b = glassnet.data.TensorDataset(glassnet.arange(10, 12))
        >>> ds = glassnet.data.ConcatDataset([a, b])
        >>> len(ds), ds[3], ds.cumulative_sizes
        (5, (tensor(10),), [3, 5])
    """

    def __init__(self, datasets: Sequence[Dataset]) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset: datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise TypeError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = []
        total = 0
        for d in self.datasets:
            total += len(d)
            self.cumulative_sizes.append(total)

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx: int) -> Any:
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        which = bisect.bisect_right(self.cumulative_sizes, idx)
        start = self.cumulative_sizes[which - 1] if which else 0
        return self.datasets[which][idx - start]


def batch_from(dataset: Any, indices: Any) -> Any:
    """A collated batch for ``indices``: the dataset's fast ``get_batch`` if it has one."""
    get_batch = getattr(dataset, "get_batch", None)
    if get_batch is not None:
        return get_batch(indices)
    from .collate import default_collate

    return default_collate([dataset[int(i)] for i in indices])


def _lengths_from_fractions(lengths: Sequence[float], n: int) -> list[int]:
    # Same rule as torch: floor each share, then hand out the remainder one by one from the front.
    if not math.isclose(sum(lengths), 1):
        raise ValueError(f"random_split: fractions must sum to 1, got {list(lengths)} (sum {sum(lengths)})")
    for i, frac in enumerate(lengths):
        if frac < 0 or frac > 1:
            raise ValueError(f"random_split: fraction at index {i} is not between 0 and 1: {frac}")
    out = [int(math.floor(n * f)) for f in lengths]
    for i in range(n - sum(out)):
        out[i % len(out)] += 1
    return out


def random_split(dataset: Dataset, lengths: Sequence[int | float], generator: Any = None) -> list[Subset]:
    """Randomly splits a dataset into non-overlapping new datasets of given lengths.

    If the lengths are fractions that sum to 1, each length is ``floor(frac * len(dataset))`` and
    the remaining samples are handed out one by one to the first splits, as in PyTorch. The
    permutation is drawn from ``generator`` when given, else from glassnet's global generator.

    Args:
        dataset (Dataset): the dataset to be split.
        lengths (sequence of int or float): the lengths, or fractions, of the splits.
        generator (int, glassnet.Generator or numpy.random.Generator, optional): the source of the
            permutation (an int is a seed). Default: ``None``.

    Returns:
        list of Subset: the splits.

    Example:
        >>> ds = glassnet.data.TensorDataset(glassnet.arange(10))
        >>> train, val = glassnet.data.random_split(ds, [0.8, 0.2], generator=42)
        >>> len(train), len(val)
        (8, 2)
        >>> sorted(train.indices + val.indices) == list(range(10))
        True
    """
    n = len(dataset)
    lengths = list(lengths)
    if any(isinstance(x, float) for x in lengths):
        lengths = _lengths_from_fractions(lengths, n)
    if any(not isinstance(x, (int, numpy.integer)) or x < 0 for x in lengths):
        raise ValueError(
            f"random_split: lengths must be non-negative ints or fractions summing to 1, got {lengths}")
    if sum(lengths) != n:
        raise ValueError(
            f"random_split: sum of input lengths ({sum(lengths)}) does not equal the length of the "
            f"input dataset ({n})"
        )
    perm = fresh_generator(as_generator(generator)).permutation(n).tolist()
    out, start = [], 0
    for length in lengths:
        out.append(Subset(dataset, perm[start:start + length]))
        start += length
    return out
