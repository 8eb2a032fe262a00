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
    """Base class: an iterable over dataset indices (``__iter__``, and ``__len__`` when known)."""

    def __init__(self, data_source: Any = None) -> None:
        pass

    def __iter__(self) -> Iterator[int]:
        raise NotImplementedError(f"{type(self).__name__} must implement __iter__")


class SequentialSampler(Sampler):
    """0, 1, ..., len(data_source) - 1."""

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
    """A random permutation each epoch, or ``num_samples`` draws with replacement."""

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
    """The given indices in a random order each epoch."""

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
    """``num_samples`` indices drawn with probability proportional to ``weights``."""

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
    """Groups another sampler's indices into lists of ``batch_size`` (the last one short unless drop_last)."""

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
