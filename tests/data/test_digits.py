import numpy as np

import glassnet
from glassnet.data import DataLoader, Digits, digits
from glassnet.data.datasets import load_digits_arrays


def test_digits_offline_shapes_range_labels():
    train, test = digits()
    assert len(train) == 1437 and len(test) == 360
    x, y = train[0]
    assert x.shape == (1, 8, 8) and x.dtype == glassnet.float32 and y.dtype == glassnet.int64
    for ds in (train, test):
        data = ds.data.numpy()
        assert data.min() == 0.0 and data.max() == 1.0
        assert np.bincount(ds.targets.numpy(), minlength=10).min() > 0.08 * len(ds)


def test_digits_split_is_fixed_stratified_80_20():
    imgs, labels = load_digits_arrays()
    assert imgs.shape == (1797, 8, 8) and imgs.max() == 16
    train_imgs, train_labels = load_digits_arrays("train")
    test_imgs, test_labels = load_digits_arrays("test")
    assert len(train_labels) == 1437 and len(test_labels) == 360
    assert np.bincount(test_labels).tolist() == [36] * 10
    # disjoint and complete: the two splits together are the whole file
    both = np.concatenate([train_imgs, test_imgs]).reshape(1797, -1)
    assert len({r.tobytes() for r in both}) == len({r.tobytes() for r in imgs.reshape(1797, -1)})
    assert (load_digits_arrays("test")[1] == test_labels).all()  # the same split every time
    # first image of sklearn's digits is a zero
    assert labels[0] == 0 and imgs[0, 0].tolist() == [0, 0, 5, 13, 9, 1, 0, 0]


def test_digits_flatten_and_loader():
    ds = digits("train", flatten=True)
    xb, yb = next(iter(DataLoader(ds, batch_size=64, shuffle=True)))
    assert xb.shape == (64, 64) and yb.shape == (64,)


def test_digits_transform_per_sample():
    ds = Digits("test", transform=lambda x: x * 2, target_transform=lambda y: y + 1)
    x, y = ds[0]
    assert float(x.numpy().max()) == 2.0 and y == int(load_digits_arrays("test")[1][0]) + 1
    xb, yb = next(iter(DataLoader(ds, batch_size=4)))
    assert xb.shape == (4, 1, 8, 8)
