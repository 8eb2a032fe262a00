"""A small biased dataset: the label leans on the group, and the group is one of the features."""

import numpy as np


def biased_data(n: int = 600, seed: int = 0):
    rng = np.random.default_rng(seed)
    g = rng.integers(0, 2, n)  # 1: the favoured group
    skill = rng.normal(size=n)
    y = (skill + 1.2 * g + 0.3 * rng.normal(size=n) > 0.6).astype(np.int64)
    x = np.stack([skill + 0.2 * rng.normal(size=n), g.astype(float), rng.normal(size=n)], axis=1).astype(np.float32)
    groups = np.where(g == 1, "A", "B")
    return x, y, groups
