"""The 8x8 handwritten digits shipped with glassnet (scikit-learn's copy of UCI's optdigits test set).

1,797 images of 8x8 pixels with values 0..16, labels 0..9. No download, no network: the file
``files/digits.csv.gz`` (64 pixel columns then the label, no header) ships inside the package.

Split (fixed and documented): a stratified 80/20 split drawn once with a fixed seed (``SPLIT_SEED``):
36 images of each digit (360) are ``test`` and the other 1,437 are ``train``. The file's rows are in
the order they were collected, writer by writer, so its last rows come from writers the first rows
never show; a shuffled split measures how well a model reads digits, not how well it reads one
writer's hand.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy

from ...tensor import Tensor
from ..dataset import TensorDataset

N_TRAIN = 1437
SPLIT_SEED = 0
CLASSES = [str(i) for i in range(10)]


@lru_cache(maxsize=1)
def _load_raw() -> tuple[numpy.ndarray, numpy.ndarray]:
    path = resources.files("glassnet.data.datasets").joinpath("files/digits.csv.gz")
    with path.open("rb") as fh:
        text = gzip.decompress(fh.read()).decode("ascii")
    table = numpy.loadtxt(text.splitlines(), delimiter=",", dtype=numpy.int64)
    if table.shape != (1797, 65):
        raise RuntimeError(
            f"digits: the shipped file is damaged (table shape {table.shape}, expected (1797, 65))")
    return table[:, :64].astype(numpy.uint8), table[:, 64]


def load_digits_arrays(split: str | None = None) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Returns the shipped 8x8 digits as raw arrays: uint8 images ``(N, 8, 8)`` (0..16) and int64 labels ``(N,)``.

    Args:
        split (str, optional): ``'train'``, ``'test'``, or ``None`` for all 1,797 images. Default: ``None``.

    Returns:
        tuple of numpy.ndarray: the images and the labels.

    Example:
        >>> from glassnet.data.datasets import load_digits_arrays
        >>> images, labels = load_digits_arrays('test')
        >>> images.shape, int(images.max()), labels[:5]
        ((360, 8, 8), 16, array([5, 9, 2, 4, 6]))
    """
    pixels, labels = _load_raw()
    rows = _rows(split)
    return pixels[rows].reshape(-1, 8, 8), labels[rows]


@lru_cache(maxsize=1)
def _split_indices() -> tuple[numpy.ndarray, numpy.ndarray]:
    """(train rows, test rows): 36 test images per class, chosen once with SPLIT_SEED."""
    labels = _load_raw()[1]
    rng = numpy.random.default_rng(SPLIT_SEED)
    test = numpy.concatenate([rng.permutation(numpy.flatnonzero(labels == c))[:36] for c in range(10)])
    test.sort()
    train = numpy.setdiff1d(numpy.arange(len(labels)), test)
    return train, test


def _rows(split: str | None) -> slice | numpy.ndarray:
    if split is None or split == "all":
        return slice(None)
    if split == "train":
        return _split_indices()[0]
    if split == "test":
        return _split_indices()[1]
    raise ValueError(f"digits: split must be None, 'all', 'train' or 'test', got {split!r}")


class Digits(TensorDataset):
    """The 8x8 handwritten digits shipped with glassnet: ``ds[i] == (image, label)``.

    1,797 images (scikit-learn's copy of UCI's optdigits test set), no download: the file ships
    inside the package. The images are float32 ``(1, 8, 8)`` in ``[0, 1]`` (or ``(64,)`` with
    ``flatten``), the labels int64. The split is fixed: 36 images of each digit (360) are ``'test'``,
    the other 1,437 ``'train'``. Without transforms, batches are one gather from the whole array.

    Args:
        split (str or None, optional): ``'train'``, ``'test'``, or ``None`` for all 1,797 images.
            Default: ``'train'``.
        flatten (bool, optional): give ``(64,)`` vectors (for an MLP). Default: ``False``.
        transform (callable, optional): applied to each image. Default: ``None``.
        target_transform (callable, optional): applied to each label (an int). Default: ``None``.

    Example:
        >>> ds = glassnet.data.Digits('test')
        >>> len(ds), ds[0][0].shape, ds.classes[:3]
        (360, glassnet.Size([1, 8, 8]), ['0', '1', '2'])
    """

    classes = CLASSES

    def __init__(self, split: str | None = "train", flatten: bool = False, transform: Any = None,
                 target_transform: Any = None) -> None:
        images, labels = load_digits_arrays(split)
        x = images.astype(numpy.float32) / numpy.float32(16.0)
        x = x.reshape(len(x), 64) if flatten else x.reshape(len(x), 1, 8, 8)
        super().__init__(Tensor._wrap(x), Tensor._wrap(labels.copy()))
        self.split = split
        self.transform = transform
        self.target_transform = target_transform
        if transform is not None or target_transform is not None:
            self.get_batch = None  # per-sample transforms rule out the whole-array gather

    @property
    def data(self) -> Tensor:
        """All images, float32 in [0, 1]."""
        return self.tensors[0]

    @property
    def targets(self) -> Tensor:
        """All labels, int64."""
        return self.tensors[1]

    def __getitem__(self, index: int) -> tuple:
        x, y = self.tensors[0][index], self.tensors[1][index]
        if self.transform is not None:
            x = self.transform(x)
        if self.target_transform is not None:
            y = self.target_transform(int(y.item()) if y.ndim == 0 else y)
        return x, y


def digits(split: str | None = None, flatten: bool = False) -> Any:
    """Returns the shipped 8x8 digits: the ``(train, test)`` datasets when ``split`` is ``None``, else the one split.

    Args:
        split (str, optional): ``'train'``, ``'test'`` or ``None``. Default: ``None``.
        flatten (bool, optional): give ``(64,)`` vectors instead of ``(1, 8, 8)`` images. Default: ``False``.

    Returns:
        Digits or tuple of Digits: the dataset(s).

    Example:
        >>> train, test = glassnet.data.digits(flatten=True)
        >>> len(train), len(test), train[0][0].shape
        (1437, 360, glassnet.Size([64]))
    """
    if split is None:
        return Digits("train", flatten=flatten), Digits("test", flatten=flatten)
    return Digits(split, flatten=flatten)
