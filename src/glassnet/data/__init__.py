"""glassnet.data: datasets, samplers, the DataLoader and transforms (torch.utils.data's names)."""

from . import datasets, transforms
from .collate import default_collate, default_convert
from .dataloader import DataLoader
from .dataset import ConcatDataset, Dataset, IterableDataset, Subset, TensorDataset, random_split
from .datasets import (
    MNIST,
    CharDataset,
    CSVDataset,
    Digits,
    FashionMNIST,
    ImageFolder,
    StandardScaler,
    TextFile,
    digits,
    load_csv,
    train_test_split,
)
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)
from .transforms import one_hot
