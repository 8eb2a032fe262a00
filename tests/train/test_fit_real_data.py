"""Issue 3's acceptance runs: an MLP trained with fit on the shipped digits and on MNIST."""

import gzip

import numpy as np
import pytest

import glassnet
from glassnet import nn, optim
from glassnet.train import evaluate, fit


def test_small_mlp_reaches_95_percent_on_shipped_digits():
    train, test = glassnet.data.digits(flatten=True)
    x, y = train.tensors[0].numpy(), train.tensors[1].numpy()
    # Standardise with the training split's statistics; with dropout, label smoothing and a one-cycle
    # schedule a one-hidden-layer MLP clears 95% in a few seconds with margin to spare.
    mean, std = x.mean(0), x.std(0) + 0.1
    x_test, y_test = (test.tensors[0].numpy() - mean) / std, test.tensors[1].numpy()
    x = (x - mean) / std

    glassnet.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 512), nn.ReLU(), nn.Dropout(0.5), nn.Linear(512, 10))
    opt = optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.0)
    epochs = 10
    sched = optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=epochs * -(-len(x) // 32))
    h = fit(model, (x, y), loss=nn.CrossEntropyLoss(label_smoothing=0.1), optimizer=opt, epochs=epochs,
            batch_size=32, scheduler=sched, verbose=0, seed=0)
    assert h.history["loss"][-1] < h.history["loss"][0]
    acc = evaluate(model, (x_test, y_test))["accuracy"]
    print(f"digits test accuracy {acc:.4f}")
    assert acc >= 0.95, f"test accuracy {acc:.4f}"


def _idx(path):
    data = gzip.decompress(path.read_bytes())
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


@pytest.mark.slow
def test_mlp_reaches_97_5_percent_on_mnist_in_5_epochs(shared_data):
    root = shared_data / "mnist"
    files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
             "t10k-labels-idx1-ubyte.gz"]
    if not all((root / f).exists() for f in files):
        pytest.skip(f"MNIST files are absent from {root}")
    x_train, y_train, x_test, y_test = (_idx(root / f) for f in files)
    # whole-array tensors: each batch is one gather, no per-sample Python
    x_train = glassnet.from_numpy(x_train.reshape(-1, 784).astype(np.float32) / 255)
    x_test = glassnet.from_numpy(x_test.reshape(-1, 784).astype(np.float32) / 255)
    y_train = glassnet.from_numpy(y_train.astype(np.int64))
    y_test = glassnet.from_numpy(y_test.astype(np.int64))

    glassnet.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    h = fit(model, (x_train, y_train), loss="cross_entropy", optimizer="adam", lr=1e-3, epochs=5,
            batch_size=128, verbose=0, seed=0)
    assert len(h.epoch) == 5
    acc = evaluate(model, (x_test, y_test), batch_size=1000)["accuracy"]
    print(f"MNIST test accuracy {acc:.4f}")
    assert acc >= 0.975, f"MNIST test accuracy {acc:.4f}"
