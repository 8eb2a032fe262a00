"""Samplers decide the order of indices; BatchSampler groups them into batches.

Random samplers draw from ``generator`` when given (a seed or a ``numpy.random.Generator``),
otherwise from a generator seeded from glassnet's global one at the start of every epoch, so
``glassnet.manual_seed(s)`` makes a run repeatable while epochs still differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy

from ..tensor import Tensor
from ._rng import as_generator, fresh_generator


class Sampler:
    """Base class for all samplers: an iterable over dataset indices (``__iter__``, and ``__len__`` when known).

    Random samplers draw from ``generator`` when given, otherwise from a generator seeded from
    glassnet's global one at the start of every epoch, so :func:`glassnet.manual_seed` makes a run
    repeatable while epochs still differ. A sampler may also define ``epoch_indices()``, returning
    all indices of one epoch as an array (glassnet's addition, which lets :class:`BatchSampler` cut
    batches by slicing).

    Args:
        data_source (Dataset, optional): accepted for PyTorch compatibility and unused. Default: ``None``.

    Example:
        >>> class Reversed(glassnet.data.Sampler):
        ...     def __init__(self, n):
        ...         self.n = n
        ...     def __iter__(self):
        ...         return iter(range(self.n - 1, -1, -1))
        ...     def __len__(self):
        ...         return self.n
        >>> list(Reversed(4))
        [3, 2, 1, 0]
    """

    def __init__(self, data_source: Any = None) -> None:
        pass

    def __iter__(self) -> Iterator[int]:
        raise NotImplementedError(f"{type(self).__name__} must implement __iter__")


class SequentialSampler(Sampler):
    """Samples elements sequentially, always in the same order: ``0, 1, ..., len(data_source) - 1``.

    Args:
        data_source (Dataset): the dataset to sample from.

    Example:
        >>> list(glassnet.data.SequentialSampler(range(4)))
        [0, 1, 2, 3]
    """

    def __init__(self, data_source: Any) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)

    def epoch_indices(self) -> numpy.ndarray:
        """All indices of one epoch as an array (lets the DataLoader slice batches without a loop)."""
        return numpy.arange(len(self.data_source))


class RandomSampler(Sampler):
    """Samples elements randomly: a new permutation each epoch, or ``num_samples`` draws with replacement.

    Without replacement, ``num_samples`` larger than the dataset repeats whole permutations, as in
    PyTorch.

    Args:
        data_source (Dataset): the dataset to sample from.
        replacement (bool, optional): draw with replacement. Default: ``False``.
        num_samples (int, optional): the number of indices per epoch; ``None`` means
            ``len(data_source)``. Default: ``None``.
        generator (int, glassnet.Generator or numpy.random.Generator, optional): the source of
            randomness (an int is a seed). Default: ``None``.

    Example:
        >>> sampler = glassnet.data.RandomSampler(range(5))
        >>> sorted(sampler)
        [0, 1, 2, 3, 4]
        >>> len(glassnet.data.RandomSampler(range(5), replacement=True, num_samples=8))
        8
    """

    def __init__(self, data_source: Any, replacement: bool = False, num_samples: int | None = None,
                 generator: Any = None) -> None:
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={replacement}")
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = as_generator(generator)
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(
                f"num_samples should be a positive integer value, but got num_samples={self.num_samples}")

    @property
    def num_samples(self) -> int:
        """How many indices one epoch yields (the dataset size unless given)."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def epoch_indices(self) -> numpy.ndarray:
        """One epoch's indices as an array (draws fresh randomness on every call)."""
        n, rng = len(self.data_source), fresh_generator(self.generator)
        if self.replacement:
            return rng.integers(0, n, size=self.num_samples)
        # Without replacement, num_samples > n repeats whole permutations, as torch does.
        reps = -(-self.num_samples // n)
        return numpy.concatenate([rng.permutation(n) for _ in range(reps)])[:self.num_samples]

    def __iter__(self) -> Iterator[int]:
        return iter(self.epoch_indices().tolist())

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """Samples elements randomly from a given list of indices, without replacement (a new order each epoch).

    Args:
        indices (sequence of int): a sequence of indices.
        generator (int, glassnet.Generator or numpy.random.Generator, optional): the source of
            randomness. Default: ``None``.

    Example:
        >>> sampler = glassnet.data.SubsetRandomSampler([10, 11, 12])
        >>> sorted(sampler), len(sampler)
        ([10, 11, 12], 3)
    """

    def __init__(self, indices: Sequence[int], generator: Any = None) -> None:
        self.indices = numpy.asarray(indices, dtype=numpy.int64)
        self.generator = as_generator(generator)

    def epoch_indices(self) -> numpy.ndarray:
        """One epoch's indices as an array."""
        return self.indices[fresh_generator(self.generator).permutation(len(self.indices))]

    def __iter__(self) -> Iterator[int]:
        return iter(self.epoch_indices().tolist())

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """Samples elements from ``[0, len(weights) - 1]`` with the given probabilities (weights).

    Args:
        weights (sequence of float): the weights, not necessarily summing to one.
        num_samples (int): the number of samples to draw.
        replacement (bool, optional): draw with replacement; without it, an index cannot be drawn
            twice in one epoch. Default: ``True``.
        generator (int, glassnet.Generator or numpy.random.Generator, optional): the source of
            randomness. Default: ``None``.

    Example:
        >>> sampler = glassnet.data.WeightedRandomSampler([0.0, 0.0, 1.0, 1.0], num_samples=6)
        >>> sorted(set(sampler))
        [2, 3]
        >>> list(glassnet.data.WeightedRandomSampler([0.1, 0.9], 2, replacement=False, generator=0))
        [1, 0]
    """

    def __init__(self, weights: Sequence[float], num_samples: int, replacement: bool = True,
                 generator: Any = None) -> None:
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or num_samples <= 0:
            raise ValueError(
                f"num_samples should be a positive integer value, but got num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got replacement={replacement}")
        w = numpy.asarray(weights._data if isinstance(weights, Tensor) else weights, dtype=numpy.float64)
        if w.ndim != 1:
            raise ValueError(f"weights should be a 1d sequence but given weights have shape {w.shape}")
        if (w < 0).any() or not numpy.isfinite(w).all() or w.sum() <= 0:
            raise ValueError("WeightedRandomSampler: weights must be finite, non-negative and not all zero")
        if not replacement and num_samples > int((w > 0).sum()):
            raise ValueError(
                f"WeightedRandomSampler: cannot draw {num_samples} samples without replacement from "
                f"{int((w > 0).sum())} indices with non-zero weight"
            )
        self.weights = w
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = as_generator(generator)

    def epoch_indices(self) -> numpy.ndarray:
        """One epoch's indices as an array."""
        rng = fresh_generator(self.generator)
        return rng.choice(len(self.weights), size=self.num_samples, replace=self.replacement,
                          p=self.weights / self.weights.sum())

    def __iter__(self) -> Iterator[int]:
        return iter(self.epoch_indices().tolist())

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler):
    """Wraps another sampler to yield mini-batches of indices.

    Args:
        sampler (Sampler or iterable): the base sampler.
        batch_size (int): the size of a mini-batch.
        drop_last (bool): if ``True``, drop the last batch when it is smaller than ``batch_size``.

    Example:
        >>> list(glassnet.data.BatchSampler(glassnet.data.SequentialSampler(range(10)), batch_size=3, drop_last=False))
        [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
        >>> list(glassnet.data.BatchSampler(glassnet.data.SequentialSampler(range(10)), batch_size=3, drop_last=True))
        [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    """

    def __init__(self, sampler: Iterable[int], batch_size: int, drop_last: bool) -> None:
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(
                f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[list[int]]:
        for batch in self.index_batches():
            yield batch if isinstance(batch, list) else batch.tolist()

    def index_batches(self) -> Iterator[Any]:
        """The batches as index arrays when the sampler can give a whole epoch at once, else lists."""
        epoch_indices = getattr(self.sampler, "epoch_indices", None)
        if callable(epoch_indices):
            # Whole-epoch index arrays are cut into batches by slicing, not appended one by one.
            all_idx = epoch_indices()
            stop = len(all_idx) - len(all_idx) % self.batch_size if self.drop_last else len(all_idx)
            for start in range(0, stop, self.batch_size):
                yield all_idx[start:start + self.batch_size]
            return
        batch = []
        for idx in self.sampler:
            batch.append(idx)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self) -> int:
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
