"""Shipped pretrained weights: they load, carry their recipe, and reach their stated test accuracy."""

import numpy as np
import pytest

import glassnet as gn
from glassnet.models import get_model, lenet5, list_pretrained, pretrained_info
from glassnet.models.weights import PRETRAINED_DIR


def test_lenet5_weights_are_shipped_with_their_recipe():
    assert "lenet5" in list_pretrained()
    info = pretrained_info("lenet5")
    assert info["dataset"] == "mnist" and info["test_accuracy"] > 0.95
    assert set(info["data_sha256"]) == {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}
    assert {"epochs", "lr", "batch_size", "optimizer", "seed"} <= set(info["recipe"])


def test_shipped_weights_stay_small():
    total = sum(p.stat().st_size for p in PRETRAINED_DIR.glob("*.safetensors"))
    assert total < 2_000_000


def test_pretrained_builders_load_the_weights():
    a, b = lenet5(pretrained=True), get_model("lenet5", pretrained=True)
    np.testing.assert_array_equal(a.features[0].weight._data, b.features[0].weight._data)
    assert not np.array_equal(a.features[0].weight._data, lenet5().features[0].weight._data)


def test_no_weights_is_a_clear_error():
    with pytest.raises(ValueError, match=r"no shipped weights for model 'vgg_small'; models with weights: .*lenet5"):
        get_model("vgg_small", pretrained=True)


def test_changed_head_size_points_to_replace_head():
    with pytest.raises(ValueError, match=r"num_classes=10, not 5.*replace_head"):
        lenet5(pretrained=True, num_classes=5)


def _test_images(shared_data, dataset, n, seed=0):
    from glassnet.data import datasets as ds

    cls = ds.MNIST if dataset == "mnist" else ds.FashionMNIST
    test = cls(shared_data, train=False)
    idx = np.random.default_rng(seed).permutation(len(test))[:n]
    x = test.data._data[idx].astype(np.float32)[:, None] / np.float32(255)
    return x, test.targets._data[idx]


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in list_pretrained() if n != "char_lstm"])
def test_stated_accuracy_on_test_images(name, shared_data):
    info = pretrained_info(name)
    n = 2000 if name == "resnet8" else 3000  # ResNet-8 is ~20x slower per image in NumPy
    x, y = _test_images(shared_data, info["dataset"], n)
    model = get_model(name, pretrained=True).eval()
    with gn.no_grad():
        pred = np.concatenate([model(gn.from_numpy(x[i:i + 500])).argmax(1)._data for i in range(0, n, 500)])
    acc = float((pred == y).mean())
    assert abs(acc - info["test_accuracy"]) < 0.025, (name, acc, info["test_accuracy"])


@pytest.mark.slow
@pytest.mark.skipif("char_lstm" not in list_pretrained(), reason="no shipped char-LSTM")
def test_char_lstm_reaches_its_stated_validation_loss(shared_data):
    from glassnet.examples import charlm

    info = pretrained_info("char_lstm")
    model, vocab = charlm.pretrained_lstm()
    text = (shared_data / "tinyshakespeare" / "input.txt").read_text(encoding="utf-8")
    assert "".join(sorted(set(text))) == info["vocab"]
    lut = {c: i for i, c in enumerate(vocab)}
    data = np.array([lut[c] for c in text], dtype=np.int64)
    val = data[int(0.9 * len(data)):]
    loss = charlm.evaluate(model, val, 64, n_batches=5)  # the first 5 of the 20 batches it was scored on
    assert abs(loss - info["val_loss"]) < 0.1, (loss, info["val_loss"])
    assert loss < np.log(65) - 1.0  # far better than a uniform guess over the 65 characters
