"""Autograd overhead: a chain of 200 small element-wise ops on a 16x16 tensor, forward + backward.

The arrays are tiny, so the time is almost all framework overhead (op dispatch, graph recording,
the backward walk); the table reports it per op (step time / 200).

Run one directly: ``python benchmarks/autograd.py --framework glassnet --workload op_overhead``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import main  # noqa: E402

N_OPS = 200
SHAPE = (16, 16)


def _chain(x, c):
    """200 ops cycling mul, add, tanh, sub (tanh keeps the values bounded)."""
    y = x
    for _ in range(N_OPS // 4):
        y = y * c
        y = y + c
        y = y.tanh()
        y = y - c
    return y


def _arrays():
    import numpy as np

    rng = np.random.default_rng(0)
    return rng.standard_normal(SHAPE, dtype=np.float32), rng.uniform(0.5, 1.0, SHAPE).astype(np.float32)


def op_overhead_glassnet(threads: int):
    import glassnet as gn

    x_np, c_np = _arrays()
    x, c = gn.from_numpy(x_np).requires_grad_(), gn.from_numpy(c_np)

    def step():
        _chain(x, c).sum().backward()
        x.grad = None

    return step, {"ops": N_OPS}


def op_overhead_torch(threads: int):
    import torch

    x_np, c_np = _arrays()
    x, c = torch.from_numpy(x_np).requires_grad_(), torch.from_numpy(c_np)

    def step():
        _chain(x, c).sum().backward()
        x.grad = None

    return step, {"ops": N_OPS}


WORKLOADS = {"op_overhead": {"glassnet": op_overhead_glassnet, "torch": op_overhead_torch}}

if __name__ == "__main__":
    main(WORKLOADS)
