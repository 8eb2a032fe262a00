"""DistributedSampler: each rank reads its own equal share of the dataset, a new shuffle every epoch."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..data.sampler import Sampler
from . import process_group as pg


class DistributedSampler(Sampler):
    """Sampler that restricts data loading to a subset of the dataset: this rank's shard.

    Every rank draws the same permutation (seeded with ``seed + epoch``) and keeps every
    ``num_replicas``-th index from position ``rank``, so the shards are disjoint and together cover the
    data; the permutation is padded with its own first indices to a multiple of ``num_replicas`` (or cut,
    with ``drop_last``), so every rank gets the same number of samples and takes the same number of steps.
    Call :meth:`set_epoch` at the start of each epoch for a new order. As in PyTorch.

    Args:
        dataset (Dataset): the dataset to sample from.
        num_replicas (int, optional): the number of ranks. Default: the world size.
        rank (int, optional): this rank. Default: the current process's rank.
        shuffle (bool, optional): shuffle the indices. Default: ``True``.
        seed (int, optional): the shuffle's seed, the same on every rank. Default: ``0``.
        drop_last (bool, optional): drop the tail instead of padding to make the data divide evenly.
            Default: ``False``.

    Example:
        >>> from glassnet.distributed import DistributedSampler
        >>> [list(DistributedSampler(range(5), num_replicas=2, rank=r, shuffle=False)) for r in (0, 1)]
        [[0, 2, 4], [1, 3, 0]]
    """

    def __init__(self, dataset: Any, num_replicas: int | None = None, rank: int | None = None,
                 shuffle: bool = True, seed: int = 0, drop_last: bool = False) -> None:
        if num_replicas is None:
            num_replicas = pg.get_world_size()
        if rank is None:
            rank = pg.get_rank()
        if not isinstance(num_replicas, int) or num_replicas < 1:
            raise ValueError(f"DistributedSampler: num_replicas must be a positive int, got {num_replicas!r}")
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]")
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        n = len(dataset)
        if drop_last and n % num_replicas != 0:
            self.num_samples = math.ceil((n - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(n / num_replicas)
        self.total_size = self.num_samples * num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def epoch_indices(self) -> np.ndarray:
        """This rank's indices for the current epoch, as an array."""
        n = len(self.dataset)
        if self.shuffle:
            indices = np.random.default_rng(self.seed + self.epoch).permutation(n)
        else:
            indices = np.arange(n)
        if not self.drop_last:
            pad = self.total_size - n
            if pad > 0:
                indices = np.concatenate([indices, np.resize(indices, pad)])
        else:
            indices = indices[:self.total_size]
        return indices[self.rank:self.total_size:self.num_replicas]

    def __iter__(self) -> Iterator[int]:
        return iter(self.epoch_indices().tolist())

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """Sets the epoch: with ``shuffle``, each epoch gets its own order (the same on every rank).

        Args:
            epoch (int): the epoch number.

        Example:
            >>> from glassnet.distributed import DistributedSampler
            >>> s = DistributedSampler(range(8), num_replicas=2, rank=0)
            >>> s.set_epoch(1)
            >>> len(list(s))
            4
        """
        self.epoch = epoch
