"""MNIST for the examples without torchvision: the IDX reader and a synthetic stand-in.

Only NumPy and the standard library, so it behaves identically under both backends.
"""

from __future__ import annotations

import gzip
import os
import struct

import numpy as np

FILES = {
    True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


def read_idx(path: str) -> np.ndarray:
    """One IDX file (optionally gzipped) as a NumPy array of its stored shape."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        _zero, dtype_code, ndim = struct.unpack(">HBB", f.read(4))
        if dtype_code != 0x08:  # every MNIST file stores unsigned bytes
            raise ValueError(f"{path}: IDX type code {dtype_code:#x}, expected 0x08 (uint8)")
        shape = struct.unpack(f">{ndim}I", f.read(4 * ndim))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(shape)


def _find(data_dir: str, stem: str) -> str | None:
    for name in (stem, stem + ".gz"):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            return path
    return None


def synthetic_mnist(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n 28x28 images in [0, 1]: one fixed blurry prototype per class plus noise, so it is learnable."""
    protos = np.random.default_rng(1234).random((10, 7, 7))
    protos = np.kron(protos, np.ones((4, 4)))  # blocky 28x28 prototypes
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, n)
    images = protos[labels] + 0.3 * rng.standard_normal((n, 28, 28))
    return np.clip(images, 0.0, 1.0).astype(np.float32), labels.astype(np.int64)


def load_mnist(data_dir: str | None, train: bool, limit: int | None = None,
               seed: int = 0) -> tuple[np.ndarray, np.ndarray, str]:
    """(images float32 in [0, 1] of shape (N, 28, 28), labels int64, source) from IDX files or synthetic."""
    if data_dir:
        paths = [_find(data_dir, stem) for stem in FILES[train]]
        if all(paths):
            images = read_idx(paths[0]).astype(np.float32) / 255.0
            labels = read_idx(paths[1]).astype(np.int64)
            if limit is not None:
                images, labels = images[:limit], labels[:limit]
            return images, labels, data_dir
        print(f"no MNIST IDX files in {data_dir}; using synthetic data")
    n = limit if limit is not None else (6000 if train else 1000)
    images, labels = synthetic_mnist(n, seed + (0 if train else 1))
    return images, labels, "synthetic"
