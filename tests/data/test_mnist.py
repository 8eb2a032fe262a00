import gzip
from pathlib import Path

import numpy as np
import pytest

import glassnet
from glassnet.data import DataLoader, transforms
from glassnet.data.datasets import MNIST, FashionMNIST, IDXError, read_idx

SHARED = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()
MNIST_TRAIN = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def _need_shared(sub):
    if not (SHARED / sub).is_dir():
        pytest.skip(f"{SHARED / sub} is absent")


@pytest.fixture(scope="module")
def mnist_train():
    _need_shared("mnist")
    return MNIST(SHARED)


def test_mnist_counts_and_histograms(mnist_train):
    assert len(mnist_train) == 60000
    assert mnist_train.data.shape == (60000, 28, 28) and mnist_train.data.dtype == glassnet.uint8
    assert mnist_train.targets.dtype == glassnet.int64
    assert np.bincount(mnist_train.targets.numpy()).tolist() == MNIST_TRAIN
    test = MNIST(SHARED, train=False)
    assert len(test) == 10000 and np.bincount(test.targets.numpy()).tolist() == MNIST_TEST
    assert mnist_train.classes[3] == "3 - three" and mnist_train.class_to_idx["9 - nine"] == 9


def test_mnist_items_batches_and_tensor_dataset(mnist_train):
    x, y = mnist_train[0]
    assert x.shape == (1, 28, 28) and x.dtype == glassnet.float32 and y == 5
    assert 0.0 == x.numpy().min() and x.numpy().max() == 1.0
    xb, yb = next(iter(DataLoader(mnist_train, batch_size=32, shuffle=True)))
    assert xb.shape == (32, 1, 28, 28) and yb.dtype == glassnet.int64
    td = mnist_train.as_tensor_dataset(normalize=(0.1307, 0.3081))
    xs = td.tensors[0].numpy()
    assert xs.shape == (60000, 1, 28, 28) and abs(xs.mean()) < 1e-3 and abs(xs.std() - 1) < 0.01
    assert mnist_train.as_tensor_dataset(flatten=True).tensors[0].shape == (60000, 784)


def test_mnist_transform_gets_uint8_image(mnist_train):
    ds = MNIST(SHARED, train=False, transform=transforms.Compose([transforms.ToTensor()]),
               target_transform=lambda y: y * 10)
    x, y = ds[0]
    ref = MNIST(SHARED, train=False)[0]
    np.testing.assert_array_equal(x.numpy(), ref[0].numpy())
    assert y == ref[1] * 10
    xb, yb = next(iter(DataLoader(ds, batch_size=4)))
    assert xb.shape == (4, 1, 28, 28) and yb.tolist()[0] == y


def test_fashion_mnist_counts():
    _need_shared("fashion-mnist")
    tr, te = FashionMNIST(SHARED), FashionMNIST(SHARED, train=False)
    assert len(tr) == 60000 and len(te) == 10000
    assert np.bincount(tr.targets.numpy()).tolist() == [6000] * 10
    assert np.bincount(te.targets.numpy()).tolist() == [1000] * 10
    assert tr.classes[9] == "Ankle boot"


# --- tiny IDX files written here: layouts, search folders, corrupt and missing files -------------
def _idx(magic, dims, payload):
    head = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims)
    return head + np.asarray(payload, dtype=np.uint8).tobytes()


def _write_set(folder, n=3, h=4, w=5, prefix="train", gz=True, labels=None):
    folder.mkdir(parents=True, exist_ok=True)
    imgs = _idx(2051, [n, h, w], np.arange(n * h * w) % 256)
    lbls = _idx(2049, [n], labels if labels is not None else [i % 10 for i in range(n)])
    for stem, blob in ((f"{prefix}-images-idx3-ubyte", imgs), (f"{prefix}-labels-idx1-ubyte", lbls)):
        if gz:
            (folder / (stem + ".gz")).write_bytes(gzip.compress(blob))
        else:
            (folder / stem).write_bytes(blob)


@pytest.mark.parametrize("sub,gz", [("", True), ("mnist", False), ("MNIST/raw", True)])
def test_tiny_mnist_found_in_standard_places(tmp_path, sub, gz):
    _write_set(tmp_path / sub if sub else tmp_path, gz=gz)
    ds = MNIST(tmp_path)
    assert len(ds) == 3 and ds.data.shape == (3, 4, 5)
    assert ds.data.numpy()[1, 0, 0] == 20 and ds.targets.tolist() == [0, 1, 2]


def test_tiny_fashion_folder(tmp_path):
    _write_set(tmp_path / "fashion-mnist", prefix="t10k")
    assert len(FashionMNIST(tmp_path, train=False)) == 3


def test_missing_files_error_says_what_to_put_where(tmp_path):
    with pytest.raises(FileNotFoundError) as e:
        MNIST(tmp_path)
    msg = str(e.value)
    assert "train-images-idx3-ubyte.gz" in msg and "t10k-labels-idx1-ubyte.gz" in msg
    assert str(tmp_path / "mnist") in msg


def test_bad_magic(tmp_path):
    _write_set(tmp_path)
    p = tmp_path / "train-labels-idx1-ubyte.gz"
    p.write_bytes(gzip.compress(_idx(2051, [3], [0, 1, 2])))
    with pytest.raises(IDXError, match="bad magic number 2051 .*expected 2049"):
        MNIST(tmp_path)


def test_truncated_and_trailing(tmp_path):
    _write_set(tmp_path, gz=False)
    p = tmp_path / "train-images-idx3-ubyte"
    p.write_bytes(p.read_bytes()[:-7])
    with pytest.raises(IDXError, match="truncated"):
        MNIST(tmp_path)
    p.write_bytes(_idx(2051, [3, 4, 5], [0] * 61))
    with pytest.raises(IDXError, match="trailing"):
        read_idx(p, 2051)
    p.write_bytes(b"\x00\x00")
    with pytest.raises(IDXError, match="truncated"):
        read_idx(p)


def test_count_mismatch(tmp_path):
    _write_set(tmp_path, n=3)
    (tmp_path / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(_idx(2049, [4], [0, 1, 2, 3])))
    with pytest.raises(IDXError, match="3 images but .* 4 labels"):
        MNIST(tmp_path)


def test_corrupt_gzip(tmp_path):
    _write_set(tmp_path)
    p = tmp_path / "train-images-idx3-ubyte.gz"
    p.write_bytes(p.read_bytes()[:20])
    with pytest.raises(IDXError, match="corrupt or incomplete"):
        MNIST(tmp_path)
    p.write_bytes(b"not gzip at all")
    with pytest.raises(IDXError, match="corrupt"):
        MNIST(tmp_path)


def test_label_out_of_range(tmp_path):
    _write_set(tmp_path, labels=[0, 1, 12])
    with pytest.raises(IDXError, match="label 12 out of range"):
        MNIST(tmp_path)
