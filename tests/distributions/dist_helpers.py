"""Helpers the distribution tests share: comparing against torch and making positive-definite matrices."""

from __future__ import annotations

import numpy as np


def close(g, t, rtol: float = 1e-5, atol: float = 1e-6) -> None:
    """Assert a glassnet and a torch tensor have the same shape and values (NaN matches NaN)."""
    assert tuple(g.shape) == tuple(t.shape)
    np.testing.assert_allclose(g.detach().numpy(), t.detach().numpy(), rtol=rtol, atol=atol, equal_nan=True)


def spd(n: int, batch: tuple = (), seed: int = 0) -> np.ndarray:
    """A (batch of) well-conditioned symmetric positive-definite n x n matrix: A A^T + n I."""
    a = np.random.default_rng(seed).standard_normal(batch + (n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)
