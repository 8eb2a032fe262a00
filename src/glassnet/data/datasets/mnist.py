"""MNIST and Fashion-MNIST read from the standard IDX files (gzipped or raw). glassnet never downloads.

IDX layout (big-endian): 2 zero bytes, a type byte (0x08 = uint8), the number of dims, one int32
per dim, then the values. Images have magic 2051 (dims N, 28, 28); labels have magic 2049 (dim N).

``ds[i]`` is ``(image, label)``: with no transform the image is a float32 Tensor (1, 28, 28) in
[0, 1] and batches are one gather from the whole array; a ``transform`` receives the uint8 H x W
NumPy array (torchvision hands it a PIL image; ``ToTensor`` accepts either) and the label is an int.
"""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path
from typing import Any

import numpy

from ...tensor import Tensor
from ..dataset import Dataset, TensorDataset

IMAGE_MAGIC, LABEL_MAGIC = 2051, 2049


class IDXError(ValueError):
    r"""Raised for an IDX file that is not what it should be (bad magic number, truncated, wrong count).

    It is a ``ValueError``; the message names the file and says what is wrong.

    Args:
        *args: the message.

    Example:
        >>> import os, tempfile
        >>> from glassnet.data.datasets import read_idx
        >>> path = os.path.join(tempfile.mkdtemp(), 'bad-idx3-ubyte')
        >>> _ = open(path, 'wb').write(b'\x00\x00\x08\x03\x00\x00\x00\x02')
        >>> read_idx(path)
        Traceback (most recent call last):
            ...
        glassnet.data.datasets.mnist.IDXError: ...truncated IDX header ...
    """


def _read_bytes(path: Path) -> bytes:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as fh:
                return fh.read()
        return path.read_bytes()
    except (OSError, EOFError, zlib.error) as e:
        raise IDXError(f"{path}: cannot be read as {'gzip' if path.suffix == '.gz' else 'raw'} IDX data "
                       f"({e}); the file is corrupt or incomplete, download it again") from None


def read_idx(path: str | os.PathLike, expected_magic: int | None = None) -> numpy.ndarray:
    """Reads an IDX file (gzipped or raw) into a uint8 array, checking its magic number and length.

    IDX layout (big-endian): 2 zero bytes, a type byte (0x08 = uint8), the number of dims, one int32
    per dim, then the values.

    Args:
        path (str or os.PathLike): the file (``.gz`` is decompressed).
        expected_magic (int, optional): the magic number the file must have (2051 for images, 2049
            for labels). Default: ``None`` (any).

    Returns:
        numpy.ndarray: uint8, of the shape the header gives.

    Example:
        >>> import os, tempfile
        >>> from glassnet.data.datasets import read_idx
        >>> path = os.path.join(tempfile.mkdtemp(), 'labels-idx1-ubyte')
        >>> _ = open(path, 'wb').write(bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1]))
        >>> read_idx(path, expected_magic=2049)
        array([7, 2, 1], dtype=uint8)
    """
    path = Path(path)
    raw = _read_bytes(path)
    if len(raw) < 4:
        raise IDXError(f"{path}: truncated IDX file ({len(raw)} bytes, not even a header)")
    magic = int.from_bytes(raw[:4], "big")
    if expected_magic is not None and magic != expected_magic:
        what = {IMAGE_MAGIC: "images", LABEL_MAGIC: "labels"}.get(expected_magic, "data")
        raise IDXError(f"{path}: bad magic number {magic} (expected {expected_magic} for IDX {what}); "
                       "this is not the right IDX file or it is corrupt")
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise IDXError(f"{path}: bad IDX header {raw[:4].hex()} (expected 0000 08xx: unsigned-byte data)")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise IDXError(f"{path}: truncated IDX header ({len(raw)} bytes, needs {header})")
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    need = int(numpy.prod(dims)) if dims else 1
    have = len(raw) - header
    if have < need:
        raise IDXError(f"{path}: truncated: header promises shape {tuple(dims)} ({need} bytes of data) "
                       f"but the file holds {have}")
    if have > need:
        raise IDXError(
            f"{path}: {have - need} unexpected trailing bytes after shape {tuple(dims)}; corrupt file")
    return numpy.frombuffer(raw, dtype=numpy.uint8, offset=header).reshape(dims)


class _IDXDataset(Dataset):
    """Shared code for the IDX image datasets (MNIST layout)."""

    classes: list[str] = []
    folders: tuple[str, ...] = ()
    source: str = ""

    def __init__(self, root: str | os.PathLike, train: bool = True, transform: Any = None,
                 target_transform: Any = None, download: bool = False) -> None:
        name = type(self).__name__
        self.root = Path(os.path.expanduser(str(root)))
        self.train = train
        self.transform = transform
        self.target_transform = target_transform
        prefix = "train" if train else "t10k"
        img_path = self._find(f"{prefix}-images-idx3-ubyte", download)
        lbl_path = self._find(f"{prefix}-labels-idx1-ubyte", download)
        images = read_idx(img_path, IMAGE_MAGIC)
        labels = read_idx(lbl_path, LABEL_MAGIC)
        if images.ndim != 3:
            raise IDXError(f"{img_path}: expected an N x H x W image array, got shape {images.shape}")
        if labels.ndim != 1:
            raise IDXError(f"{lbl_path}: expected a 1-D label array, got shape {labels.shape}")
        if len(images) != len(labels):
            raise IDXError(f"{name}: {img_path.name} holds {len(images)} images but {lbl_path.name} holds "
                           f"{len(labels)} labels; the files do not belong together")
        if labels.size and labels.max() >= len(self.classes):
            raise IDXError(f"{lbl_path}: label {int(labels.max())} out of range 0..{len(self.classes) - 1}")
        self.data = Tensor._wrap(images)
        self.targets = Tensor._wrap(labels.astype(numpy.int64))

    @property
    def class_to_idx(self) -> dict[str, int]:
        """Class name -> label."""
        return {c: i for i, c in enumerate(self.classes)}

    def _search_dirs(self) -> list[Path]:
        dirs = [self.root]
        for f in self.folders:
            dirs += [self.root / f, self.root / f / "raw"]
        return dirs

    def _find(self, stem: str, download: bool) -> Path:
        for d in self._search_dirs():
            for name in (stem + ".gz", stem):
                if (d / name).is_file():
                    return d / name
        name = type(self).__name__
        searched = "\n  ".join(str(d) for d in self._search_dirs())
        hint = ("glassnet does not download datasets (download=True is not supported). " if download else "")
        raise FileNotFoundError(
            f"{name}: cannot find '{stem}.gz' (or the uncompressed '{stem}'). {hint}Put the four IDX files\n"
            f"  train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz\n"
            f"  t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz\n"
            f"into {self.root / self.folders[0]} (they are published at {self.source}).\n"
            f"Searched:\n  {searched}"
        )

    def __len__(self) -> int:
        return len(self.targets._data)

    @staticmethod
    def _to_float(imgs: numpy.ndarray) -> numpy.ndarray:
        # uint8 [..., H, W] -> float32 [..., 1, H, W] in [0, 1]; kept as uint8 until asked, 4x smaller.
        # In-place divide: one allocation instead of two (page faults dominate at 60000 images).
        out = imgs.astype(numpy.float32)
        numpy.divide(out, numpy.float32(255.0), out=out)
        return out[..., None, :, :]

    def __getitem__(self, index: int) -> tuple:
        label = int(self.targets._data[index])
        if self.target_transform is not None:
            label = self.target_transform(label)
        if self.transform is not None:
            return self.transform(self.data._data[index]), label
        return Tensor._wrap(self._to_float(self.data._data[index])), label

    def get_batch(self, indices: Any) -> list:
        """A batch [images float32 (B, 1, H, W), labels int64 (B,)] in one gather (no transforms only)."""
        if self.transform is not None or self.target_transform is not None:
            from ..collate import default_collate

            return default_collate([self[int(i)] for i in indices])
        idx = numpy.asarray(indices, dtype=numpy.int64)
        return [Tensor._wrap(self._to_float(self.data._data[idx])), Tensor._wrap(self.targets._data[idx])]

    def as_tensor_dataset(self, normalize: Any = None, flatten: bool = False) -> TensorDataset:
        """All images as float32 in [0, 1] (``(x - mean) / std`` if normalize=(mean, std)), with labels."""
        x = self._to_float(self.data._data)
        if normalize is not None:
            mean, std = normalize
            x -= numpy.float32(mean)
            x /= numpy.float32(std)
        x = x.reshape(len(x), -1) if flatten else x
        return TensorDataset(Tensor._wrap(x), Tensor._wrap(self.targets._data))

    def __repr__(self) -> str:
        return (f"Dataset {type(self).__name__}\n    Number of datapoints: {len(self)}\n"
                f"    Root location: {self.root}\n    Split: {'Train' if self.train else 'Test'}")


class MNIST(_IDXDataset):
    """The MNIST handwritten digits: 60,000 train and 10,000 test 28x28 grey images, labels 0-9.

    Read from the four standard IDX files (gzipped or raw) found in ``root``, ``root/mnist``,
    ``root/MNIST`` or their ``raw`` sub-folders. glassnet never downloads (``download=True`` only
    adds a hint to the error). With no transform ``ds[i]`` is ``(image, label)`` with a float32
    ``(1, 28, 28)`` image in ``[0, 1]``, and batches are one gather; a ``transform`` receives the
    uint8 ``(28, 28)`` NumPy array (torchvision hands it a PIL image). ``as_tensor_dataset()``
    gives the whole split as a :class:`TensorDataset`.

    Args:
        root (str or os.PathLike): the folder holding the IDX files (or a ``mnist`` sub-folder).
        train (bool, optional): the training split, else the test split. Default: ``True``.
        transform (callable, optional): applied to each image. Default: ``None``.
        target_transform (callable, optional): applied to each label. Default: ``None``.
        download (bool, optional): not supported; accepted for compatibility. Default: ``False``.

    Example:
        >>> import os, tempfile, pathlib
        >>> root = pathlib.Path(tempfile.mkdtemp())
        >>> def idx(name, magic, arr):  # a tiny stand-in for the real files
        ...     dims = b''.join(d.to_bytes(4, 'big') for d in arr.shape)
        ...     _ = (root / name).write_bytes(magic.to_bytes(4, 'big') + dims + arr.tobytes())
        >>> idx('train-images-idx3-ubyte', 2051, np.zeros((2, 28, 28), np.uint8))
        >>> idx('train-labels-idx1-ubyte', 2049, np.array([3, 7], np.uint8))
        >>> ds = glassnet.data.MNIST(root, train=True)
        >>> len(ds), ds[1][0].shape, ds[1][1]
        (2, glassnet.Size([1, 28, 28]), 7)
    """

    classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six",
               "7 - seven", "8 - eight", "9 - nine"]
    folders = ("mnist", "MNIST")
    source = "https://yann.lecun.com/exdb/mnist/ (or any mirror, e.g. torchvision's)"


class FashionMNIST(_IDXDataset):
    """Fashion-MNIST (Zalando): 60,000 train and 10,000 test 28x28 grey clothing images in 10 classes.

    The same files, layout and behaviour as :class:`MNIST` (looked for in ``root``,
    ``root/fashion-mnist``, ``root/FashionMNIST`` or ``root/fashion_mnist``); ``classes`` names
    the labels.

    Args:
        root (str or os.PathLike): the folder holding the IDX files (or a ``fashion-mnist`` sub-folder).
        train (bool, optional): the training split, else the test split. Default: ``True``.
        transform (callable, optional): applied to each image. Default: ``None``.
        target_transform (callable, optional): applied to each label. Default: ``None``.
        download (bool, optional): not supported; accepted for compatibility. Default: ``False``.

    Example:
        >>> glassnet.data.FashionMNIST.classes[:3]
        ['T-shirt/top', 'Trouser', 'Pullover']
        >>> import tempfile
        >>> glassnet.data.FashionMNIST(tempfile.mkdtemp())
        Traceback (most recent call last):
            ...
        FileNotFoundError: FashionMNIST: cannot find 'train-images-idx3-ubyte.gz' (or the uncompressed ...
    """

    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]
    folders = ("fashion-mnist", "FashionMNIST", "fashion_mnist")
    source = "https://github.com/zalandoresearch/fashion-mnist (data/fashion/)"
