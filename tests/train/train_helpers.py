"""Small synthetic problems shared by the training tests (``from train_helpers import ...``).

Not a conftest.py: test modules elsewhere import the top-level ``conftest`` by name, and a second
module of that name would shadow it.
"""

import numpy as np

import glassnet
from glassnet import nn


def blobs(n: int = 240, seed: int = 0):
    """Three linearly separable-ish classes in 4-D: (X float32, y int64)."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(4, 3))
    x = rng.normal(size=(n, 4)).astype(np.float32)
    y = (x @ w).argmax(1).astype(np.int64)
    return x, y


def mlp(seed: int = 0, dropout: float = 0.0):
    glassnet.manual_seed(seed)
    layers = [nn.Linear(4, 16), nn.ReLU()]
    if dropout and hasattr(nn, "Dropout"):
        layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers, nn.Linear(16, 3))


def split_blobs():
    """((x_train, y_train), (x_val, y_val)) with 180 and 60 samples."""
    x, y = blobs(240, 0)
    return (x[:180], y[:180]), (x[180:], y[180:])
