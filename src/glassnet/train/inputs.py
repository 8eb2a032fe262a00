"""What fit/evaluate/predict accept as data: a Dataset, a DataLoader, or a tuple of (X, y) arrays."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor


def as_loader(data: Any, batch_size: int, shuffle: bool, generator: np.random.Generator | None = None,
              what: str = "data") -> Any:
    """A DataLoader over ``data``; a DataLoader passes through unchanged (its own batch size wins)."""
    from ..data import DataLoader, Dataset, TensorDataset

    if isinstance(data, DataLoader):
        return data
    if isinstance(data, (tuple, list)):
        if not data or len(data) > 2 and not all(_array_like(d) for d in data):
            raise TypeError(f"fit: {what} as a tuple must be (X, y) or (X,), got {len(data)} items")
        dataset = TensorDataset(*[d if isinstance(d, Tensor) else Tensor(np.asarray(d)) for d in data])
    elif _array_like(data):
        dataset = TensorDataset(data if isinstance(data, Tensor) else Tensor(np.asarray(data)))
    elif isinstance(data, Dataset) or hasattr(data, "__getitem__") and hasattr(data, "__len__"):
        dataset = data
    else:
        raise TypeError(f"fit: {what} must be a Dataset, a DataLoader or a tuple (X, y), "
                        f"got {type(data).__name__}")
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, generator=generator)


def _array_like(x: Any) -> bool:
    return isinstance(x, (Tensor, np.ndarray)) or type(x).__module__.startswith(("torch", "cupy"))


def shuffle_generator(loader: Any) -> np.random.Generator | None:
    """The NumPy generator that orders a loader's epochs, if it has one (checkpoints save its state)."""
    batch_sampler = getattr(loader, "batch_sampler", None)
    for owner in (getattr(loader, "sampler", None), getattr(batch_sampler, "sampler", None)):
        gen = getattr(owner, "generator", None)
        if isinstance(gen, np.random.Generator):
            return gen
    return None


def split_batch(batch: Any) -> tuple[tuple, Any]:
    """(model inputs, target) from one batch: the last item is the target, the rest are inputs."""
    if isinstance(batch, Tensor):
        return (batch,), None
    if isinstance(batch, dict):
        raise TypeError("fit: dict batches are not supported; make the dataset return (inputs..., target)")
    batch = tuple(batch)
    if len(batch) == 1:
        return batch, None
    return batch[:-1], batch[-1]


def num_samples(loader: Any) -> int | None:
    """How many samples one pass over the loader gives (None when unknown)."""
    try:
        n = len(loader.dataset)
    except (TypeError, AttributeError):
        return None
    if getattr(loader, "drop_last", False) and loader.batch_size:
        n -= n % loader.batch_size
    return n


class WeightedDataset:
    """A dataset whose samples gain one more item, their weight: ``(inputs..., target, weight)``.

    ``fit(sample_weight=...)`` trains on it; the weight is split off each batch before the model sees it.
    """

    def __init__(self, dataset: Any, weights: np.ndarray) -> None:
        self.dataset = dataset
        self.weights = weights

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, i: int) -> tuple:
        item = self.dataset[i]
        item = (item,) if isinstance(item, Tensor) else tuple(item)
        return (*item, Tensor(self.weights[i]))

    def get_batch(self, indices: Any) -> list:
        from ..data.dataset import batch_from

        batch = batch_from(self.dataset, indices)
        batch = [batch] if isinstance(batch, Tensor) else list(batch)
        return [*batch, Tensor(self.weights[np.asarray(indices)])]


def with_sample_weight(data: Any, sample_weight: Any) -> WeightedDataset:
    """``data`` (a Dataset or a tuple (X, y)) with one float32 weight per sample; a clear error for a bad length."""
    from ..data import DataLoader, Dataset, TensorDataset

    if isinstance(data, DataLoader):
        raise TypeError("fit: sample_weight needs the training data as a Dataset or a tuple (X, y), not a DataLoader")
    if isinstance(data, (tuple, list)):
        dataset = TensorDataset(*[d if isinstance(d, Tensor) else Tensor(np.asarray(d)) for d in data])
    elif isinstance(data, Dataset) or hasattr(data, "__getitem__") and hasattr(data, "__len__"):
        dataset = data
    else:
        raise TypeError(f"fit: train must be a Dataset or a tuple (X, y), got {type(data).__name__}")
    w = sample_weight._data if isinstance(sample_weight, Tensor) else np.asarray(sample_weight)
    w = np.asarray(w, dtype=np.float32).reshape(-1)
    if len(w) != len(dataset):
        raise ValueError(f"fit: sample_weight has {len(w)} values but the training data has {len(dataset)} samples")
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("fit: sample_weight must hold finite values >= 0")
    return WeightedDataset(dataset, w)
