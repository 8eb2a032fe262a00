"""End-to-end CNN accuracy on real data: LeNet-5 on MNIST, SmallCNN on Fashion-MNIST (slow tests).

A minimal training loop over whole-array batches (one gather per batch, no DataLoader), Adam, and
early exit once the target accuracy is reached at an epoch's end. Epoch times are printed (-s).
"""

import time

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn.functional as F
from glassnet import optim
from glassnet.models import LeNet5, SmallCNN


def _arrays(cls, root, norm):
    tr = cls(root, train=True).as_tensor_dataset(normalize=norm)
    te = cls(root, train=False).as_tensor_dataset(normalize=norm)
    return tr.tensors[0]._data, tr.tensors[1]._data, te.tensors[0]._data, te.tensors[1]._data


def _accuracy(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with gn.no_grad():
        for i in range(0, len(x), batch):
            correct += int((model(gn.from_numpy(x[i:i + batch]))._data.argmax(1) == y[i:i + batch]).sum())
    model.train()
    return correct / len(x)


def _fit(model, data, epochs, target, batch, lr, seed=0):
    """Train with Adam and a linear-decay schedule; return the best test accuracy and epoch times."""
    x, y, xt, yt = data
    opt = optim.Adam(model.parameters(), lr=lr)
    rng = np.random.default_rng(seed)
    steps_per_epoch = len(x) // batch
    total, step = epochs * steps_per_epoch, 0
    accs, times = [], []
    for _ in range(epochs):
        t0 = time.perf_counter()
        perm = rng.permutation(len(x))
        for i in range(steps_per_epoch):
            idx = perm[i * batch:(i + 1) * batch]
            for g in opt.param_groups:  # decay to 10% of lr over the run
                g["lr"] = lr * (1.0 - 0.9 * step / total)
            loss = F.cross_entropy(model(gn.from_numpy(x[idx])), gn.from_numpy(y[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
        times.append(time.perf_counter() - t0)
        accs.append(_accuracy(model, xt, yt))
        print(f"epoch {len(accs)}: {times[-1]:.1f} s, test accuracy {accs[-1]:.4f}")
        if accs[-1] >= target:
            break
    return max(accs), times


@pytest.mark.slow
def test_lenet5_mnist_reaches_98_8_percent_in_3_epochs(shared_data):
    from glassnet.data.datasets import MNIST

    gn.manual_seed(0)
    data = _arrays(MNIST, shared_data, (0.1307, 0.3081))
    acc, times = _fit(LeNet5(), data, epochs=3, target=0.988, batch=64, lr=2e-3)
    assert acc >= 0.988, f"LeNet-5 reached only {acc:.4f} (epoch times {times})"


@pytest.mark.slow
def test_small_cnn_fashion_mnist_reaches_90_percent_in_5_epochs(shared_data):
    from glassnet.data.datasets import FashionMNIST

    gn.manual_seed(0)
    data = _arrays(FashionMNIST, shared_data, (0.2860, 0.3530))
    acc, times = _fit(SmallCNN(), data, epochs=5, target=0.90, batch=64, lr=2e-3)
    assert acc >= 0.90, f"SmallCNN reached only {acc:.4f} (epoch times {times})"
