"""DataLoader: iterate a dataset in (shuffled) mini-batches, with torch.utils.data's arguments.

The fast path: with the default collate and a dataset that holds whole arrays (``TensorDataset``,
its ``Subset``s, MNIST, digits), each batch is one fancy-index per array, not a Python loop over
samples. ``num_workers`` is accepted for compatibility; loading always runs in the calling process
(on NumPy arrays the gather is cheap next to the training step).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .collate import default_collate, default_convert
from .dataset import IterableDataset, batch_from
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler


class DataLoader:
    """Combines a dataset and a sampler, and provides an iterable over the given dataset in mini-batches.

    It supports map-style and iterable-style datasets, single- or multi-sample loading, custom
    samplers and collation, with PyTorch's arguments. ``for x, y in DataLoader(ds, batch_size=64,
    shuffle=True)`` is the usual loop. Glassnet differs in the worker options: loading always
    runs in the calling process, so ``num_workers``, ``pin_memory``, ``timeout``,
    ``worker_init_fn``, ``prefetch_factor`` and ``persistent_workers`` are accepted and have no
    effect. With the default collation, a dataset that holds whole arrays (:class:`TensorDataset`,
    its subsets, MNIST) gives each batch by one gather per array instead of a loop over samples.

    Args:
        dataset (Dataset): the dataset from which to load the data.
        batch_size (int, optional): how many samples per batch to load; ``None`` disables
            batching (each sample is only converted). Default: ``1``.
        shuffle (bool, optional): reshuffle the data at every epoch. Default: ``False``.
        sampler (Sampler or iterable, optional): the strategy to draw samples (exclusive with
            ``shuffle``). Default: ``None``.
        batch_sampler (Sampler or iterable, optional): like ``sampler`` but returns a batch of
            indices at a time (exclusive with ``batch_size``, ``shuffle``, ``sampler`` and
            ``drop_last``). Default: ``None``.
        num_workers (int, optional): accepted for compatibility (must be non-negative). Default: ``0``.
        collate_fn (callable, optional): merges a list of samples into a batch. Default:
            :func:`default_collate` (or :func:`default_convert` without batching).
        pin_memory (bool, optional): accepted for compatibility. Default: ``False``.
        drop_last (bool, optional): drop the last incomplete batch. Default: ``False``.
        timeout (float, optional): accepted for compatibility (must be non-negative). Default: ``0``.
        worker_init_fn (callable, optional): accepted for compatibility. Default: ``None``.
        generator (int, glassnet.Generator or numpy.random.Generator, optional): the source of the
            shuffling (an int is a seed); ``None`` uses glassnet's global generator. Default: ``None``.
        prefetch_factor (int, optional): accepted for compatibility. Default: ``None``.
        persistent_workers (bool, optional): accepted for compatibility. Default: ``False``.

    Example:
        >>> ds = glassnet.data.TensorDataset(glassnet.arange(10.0).reshape(5, 2), glassnet.arange(5))
        >>> loader = glassnet.data.DataLoader(ds, batch_size=2)
        >>> len(loader)
        3
        >>> for x, y in loader:
        ...     print(tuple(x.shape), y)
        (2, 2) tensor([0, 1])
        (2, 2) tensor([2, 3])
        (1, 2) tensor([4])
    """

    def __init__(self, dataset: Any, batch_size: int | None = 1, shuffle: bool | None = None,
                 sampler: Sampler | Any = None, batch_sampler: Any = None, num_workers: int = 0,
                 collate_fn: Callable | None = None, pin_memory: bool = False, drop_last: bool = False,
                 timeout: float = 0, worker_init_fn: Callable | None = None, generator: Any = None, *,
                 prefetch_factor: int | None = None, persistent_workers: bool = False) -> None:
        if not isinstance(num_workers, int) or num_workers < 0:
            raise ValueError(
                "DataLoader: num_workers option should be non-negative; use num_workers=0 to disable "
                f"multiprocessing (got {num_workers!r})"
            )
        if timeout < 0:
            raise ValueError(f"DataLoader: timeout option should be non-negative, got {timeout}")
        shuffle = bool(shuffle)
        self.dataset = dataset
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.generator = generator
        self._iterable = isinstance(dataset, IterableDataset)

        if self._iterable:
            if shuffle:
                raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle option, "
                                 f"but got shuffle={shuffle}")
            if sampler is not None or batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified sampler and "
                                 "batch_sampler options")
        if sampler is not None and shuffle:
            raise ValueError("DataLoader: sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "DataLoader: batch_sampler option is mutually exclusive with batch_size, shuffle, "
                    "sampler, and drop_last"
                )
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError(
                "DataLoader: batch_size=None option disables auto-batching and is mutually exclusive "
                "with drop_last"
            )
        if batch_size is not None and (not isinstance(batch_size, int) or isinstance(batch_size, bool)
                                       or batch_size <= 0):
            raise ValueError("DataLoader: batch_size should be a positive integer value, "
                             f"but got batch_size={batch_size!r}")

        if sampler is None and not self._iterable:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None and not self._iterable:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self._auto_collation = batch_sampler is not None or (self._iterable and batch_size is not None)
        self._fast = collate_fn is None or collate_fn is default_collate
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn

    def __len__(self) -> int:
        if self._iterable:
            n = len(self.dataset)  # raises TypeError for streams without a length, as in torch
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return len(self.sampler)

    def __iter__(self) -> Iterator[Any]:
        if self._iterable:
            return self._iter_stream()
        if self.batch_sampler is None:
            return (self.collate_fn(self.dataset[i]) for i in self.sampler)
        return self._iter_batches()

    def _iter_batches(self) -> Iterator[Any]:
        bs = self.batch_sampler
        batches = bs.index_batches() if isinstance(bs, BatchSampler) else iter(bs)
        getitems = getattr(self.dataset, "__getitems__", None)
        for indices in batches:
            if self._fast:
                yield batch_from(self.dataset, indices)
            elif getitems is not None:
                yield self.collate_fn(getitems([int(i) for i in indices]))
            else:
                yield self.collate_fn([self.dataset[int(i)] for i in indices])

    def _iter_stream(self) -> Iterator[Any]:
        if self.batch_size is None:
            for sample in self.dataset:
                yield self.collate_fn(sample)
            return
        batch = []
        for sample in self.dataset:
            batch.append(sample)
            if len(batch) == self.batch_size:
                yield self.collate_fn(batch)
                batch = []
        if batch and not self.drop_last:
            yield self.collate_fn(batch)
