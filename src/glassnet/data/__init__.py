"""glassnet.data: datasets, samplers, the DataLoader and transforms (torch.utils.data's names)."""

from . import datasets, transforms
from .collate import default_collate, default_convert
from .dataloader import DataLoader
from .dataset import ConcatDataset, Dataset, IterableDataset, Subset, TensorDataset, random_split
from .datasets import Digits, digits
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)
from .transforms import one_hot
