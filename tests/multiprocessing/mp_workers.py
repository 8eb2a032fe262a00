"""Functions the multiprocessing tests run in child processes (importable by spawned children)."""

from __future__ import annotations

import numpy as np

import glassnet
from glassnet import nn


def make_data(seed: int = 0, n: int = 256):
    """A linear regression problem: y = x @ w_true + 0.5 with a little noise."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x @ np.array([[1.5], [-2.0], [0.5], [1.0]]) + 0.5 + 0.01 * rng.normal(size=(n, 1))).astype("float32")
    return x, y


def loss_of(model: nn.Module, x: np.ndarray, y: np.ndarray) -> float:
    with glassnet.no_grad():
        return nn.functional.mse_loss(model(glassnet.tensor(x)), glassnet.tensor(y)).item()


def hogwild_train(rank: int, model: nn.Module, x: np.ndarray, y: np.ndarray, epochs: int = 5) -> None:
    """PyTorch's mnist_hogwild loop: each process trains the shared model on its own half of the data."""
    glassnet.manual_seed(rank)
    part = slice(rank * len(x) // 2, (rank + 1) * len(x) // 2)
    loader = glassnet.utils.data.DataLoader(
        glassnet.utils.data.TensorDataset(glassnet.tensor(x[part]), glassnet.tensor(y[part])),
        batch_size=16, shuffle=True)
    opt = glassnet.optim.SGD(model.parameters(), lr=0.05)
    for _ in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.mse_loss(model(xb), yb).backward()
            opt.step()


def hogwild_process(model: nn.Module, x: np.ndarray, y: np.ndarray, rank: int) -> None:
    hogwild_train(rank, model, x, y)


def fill(rank: int, t: glassnet.Tensor, value: float) -> None:
    """Write into a tensor received from the parent: row `rank`."""
    t[rank] = value


def report_shared(t: glassnet.Tensor, queue) -> None:
    """Tell the parent whether the received tensor is shared, then write into it."""
    queue.put(t.is_shared())
    t.add_(1.0)


def echo_doubled(inbox, outbox) -> None:
    """Receive a tensor through a Queue, double it in place, send back a view of it."""
    t = inbox.get()
    with glassnet.no_grad():  # t may be a Parameter
        t.mul_(2.0)
    outbox.put(t[1:])


def raise_in_child(rank: int) -> None:
    raise ValueError(f"boom in rank {rank}")


class TaggedParameter(nn.Parameter):
    """A user's Parameter subclass (picklable by reference for spawned children)."""
