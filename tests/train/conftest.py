"""Small synthetic problems shared by the training tests."""

import numpy as np
import pytest

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


@pytest.fixture
def data():
    x, y = blobs(240, 0)
    return (x[:180], y[:180]), (x[180:], y[180:])


@pytest.fixture
def make_mlp():
    """Factory: make_mlp(seed=0, dropout=0.0) -> a fresh 4-16-3 MLP."""
    return mlp
