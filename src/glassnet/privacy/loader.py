"""Poisson sampling: each example joins each batch independently with probability ``sample_rate``.

The privacy amplification that the accountant counts on holds for this sampling, not for shuffled
fixed-size batches, so the private loader draws batch sizes at random (around ``1 / sample_rate``
batches per epoch). A batch that comes out empty still costs a (noise-only) optimizer step.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from .. import backend
from ..data.dataloader import DataLoader
from ..data.dataset import batch_from
from ..data.sampler import Sampler


class UniformWithReplacementSampler(Sampler):
    """Batches of indices where every index is kept with probability ``sample_rate``, ``steps`` times per epoch.

    Args:
        num_samples (int): the dataset size.
        sample_rate (float): the probability of each index joining a batch.
        steps (int, optional): batches per epoch. Default: ``round(1 / sample_rate)``.
        generator (numpy.random.Generator, optional): the source of randomness. Default: glassnet's.

    Example:
        >>> s = glassnet.privacy.UniformWithReplacementSampler(num_samples=100, sample_rate=0.1)
        >>> len(s), all(len(b) <= 100 for b in s)
        (10, True)
    """

    def __init__(self, num_samples: int, sample_rate: float, steps: int | None = None,
                 generator: Any = None) -> None:
        if not 0 < sample_rate <= 1:
            raise ValueError(f"UniformWithReplacementSampler: sample_rate must be in (0, 1], got {sample_rate!r}")
        self.num_samples, self.sample_rate = num_samples, sample_rate
        self.steps = steps if steps is not None else max(1, round(1 / sample_rate))
        self.generator = generator

    def __iter__(self) -> Iterator[Any]:
        rng = self.generator if self.generator is not None else backend.generator()
        for _ in range(self.steps):
            yield np.flatnonzero(rng.random(self.num_samples) < self.sample_rate)

    def __len__(self) -> int:
        return self.steps


class DPDataLoader(DataLoader):
    """A DataLoader with Poisson sampling (as Opacus's ``DPDataLoader.from_data_loader``).

    Empty batches are not yielded; the optimizer linked by ``make_private`` takes a noise-only step
    for each instead, so that the accountant's step count stays honest.

    Args:
        dataset (Dataset): the data.
        sample_rate (float): the probability of each example joining a batch.
        collate_fn (callable, optional): as in DataLoader. Default: ``None``.
        generator (numpy.random.Generator, optional): the sampling's randomness. Default: glassnet's.

    Example:
        >>> ds = glassnet.data.TensorDataset(glassnet.randn(50, 2), glassnet.zeros(50))
        >>> loader = glassnet.privacy.DPDataLoader(ds, sample_rate=0.2)
        >>> len(loader)
        5
    """

    def __init__(self, dataset: Any, sample_rate: float, collate_fn: Any = None, generator: Any = None) -> None:
        sampler = UniformWithReplacementSampler(len(dataset), sample_rate, generator=generator)
        super().__init__(dataset, batch_sampler=sampler, collate_fn=collate_fn)
        self.sample_rate = sample_rate
        self.expected_batch_size = max(1, round(len(dataset) * sample_rate))
        self.optimizer: Any = None

    @classmethod
    def from_data_loader(cls, loader: DataLoader, generator: Any = None) -> DPDataLoader:
        """A Poisson-sampling loader over ``loader``'s dataset with ``sample_rate = 1 / len(loader)``."""
        return cls(loader.dataset, 1 / len(loader), collate_fn=loader.collate_fn, generator=generator)

    def __iter__(self) -> Iterator[Any]:
        for indices in self.batch_sampler:
            if len(indices) == 0:
                if self.optimizer is not None:
                    self.optimizer.empty_step()
                continue
            if self._fast:
                yield batch_from(self.dataset, indices)
            else:
                yield self.collate_fn([self.dataset[int(i)] for i in indices])
