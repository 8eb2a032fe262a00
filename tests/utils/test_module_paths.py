"""PyTorch's import paths resolve to glassnet's own objects: glassnet.utils.data, glassnet.nn.modules.*."""

from __future__ import annotations

import importlib

import pytest

import glassnet
from glassnet import nn


def test_utils_data_is_glassnet_data():
    from glassnet.utils.data import DataLoader, Dataset, Subset, TensorDataset, random_split
    from glassnet.utils.data.dataloader import DataLoader as DataLoader2
    from glassnet.utils.data.sampler import RandomSampler

    assert glassnet.utils.data is glassnet.data
    assert DataLoader is DataLoader2 is glassnet.data.DataLoader
    assert (Dataset, Subset, TensorDataset, random_split, RandomSampler) == (
        glassnet.data.Dataset, glassnet.data.Subset, glassnet.data.TensorDataset, glassnet.data.random_split,
        glassnet.data.RandomSampler)
    ds = TensorDataset(glassnet.arange(10))
    assert isinstance(random_split(ds, [0.5, 0.5])[0], glassnet.data.Subset)


def test_utils_is_a_real_package():
    import glassnet.utils as utils

    assert utils.make_grid is glassnet.utils.make_grid and callable(utils.save_image)
    assert importlib.import_module("glassnet.utils.data") is glassnet.data


@pytest.mark.parametrize("path, name", [
    ("linear", "Linear"), ("linear", "Identity"), ("conv", "Conv2d"), ("module", "Module"), ("loss", "MSELoss"),
    ("loss", "_Loss"), ("loss", "_WeightedLoss"), ("activation", "ReLU"), ("activation", "MultiheadAttention"),
    ("batchnorm", "BatchNorm2d"), ("container", "Sequential"), ("dropout", "Dropout"), ("rnn", "LSTM"),
    ("pooling", "MaxPool2d"), ("normalization", "LayerNorm"), ("transformer", "TransformerEncoderLayer"),
    ("sparse", "Embedding"), ("flatten", "Flatten"), ("padding", "ZeroPad2d"), ("pixelshuffle", "PixelShuffle"),
    ("upsampling", "Upsample"), ("fold", "Unfold"), ("conv", "_ConvNd"), ("dropout", "_DropoutNd"),
])
def test_nn_modules_paths_give_glassnets_classes(path, name):
    module = importlib.import_module(f"glassnet.nn.modules.{path}")
    obj = getattr(module, name)
    assert obj is (getattr(nn, name, None) or getattr(importlib.import_module(obj.__module__), name))
    assert isinstance(obj, type) and issubclass(obj, nn.Module)


def test_from_import_and_star_import():
    from glassnet.nn.modules.linear import Linear
    from glassnet.nn.modules.loss import _Loss

    assert Linear is nn.Linear and issubclass(nn.MSELoss, _Loss)
    namespace: dict = {}
    exec("from glassnet.nn.modules.container import *", namespace)
    assert namespace["Sequential"] is nn.Sequential and namespace["ModuleList"] is nn.ModuleList
    assert "Sequential" in dir(importlib.import_module("glassnet.nn.modules.container"))


def test_the_package_finds_any_layer_like_torch_nn_modules():
    import glassnet.nn.modules as modules

    assert modules.Linear is nn.Linear and modules.conv.Conv2d is nn.Conv2d


def test_a_torch_class_glassnet_lacks_fails_naming_the_torch_path(monkeypatch):
    import glassnet.nn.modules.pooling as pooling

    # glassnet now has every pooling layer, so take one away to see the failure a missing class gives
    monkeypatch.delattr(nn, "FractionalMaxPool2d")
    with pytest.raises(AttributeError, match=r"torch\.nn\.modules\.pooling\.FractionalMaxPool2d exists in PyTorch"):
        pooling.FractionalMaxPool2d  # noqa: B018
    with pytest.raises(AttributeError, match="has no attribute 'NotALayer'"):
        pooling.NotALayer  # noqa: B018
    assert "FractionalMaxPool2d" not in pooling.__all__


def test_modules_utils_size_helpers_match_torch():
    torch_utils = pytest.importorskip("torch.nn.modules.utils")
    from glassnet.nn.modules import utils

    for name in ("_single", "_pair", "_triple", "_quadruple"):
        for value in (3, (1, 2), [4, 5, 6]):
            assert getattr(utils, name)(value) == getattr(torch_utils, name)(value)
    assert utils._reverse_repeat_tuple((1, 2, 3), 2) == torch_utils._reverse_repeat_tuple((1, 2, 3), 2)
    assert utils._list_with_default([None, 3], [1, 8, 9, 9]) == torch_utils._list_with_default([None, 3], [1, 8, 9, 9])
    with pytest.raises(ValueError, match="Input dimension should be at least 3"):
        utils._list_with_default([None, 3], [9, 9])


def test_consume_prefix_in_state_dict_if_present_matches_torch():
    torch = pytest.importorskip("torch")
    from collections import OrderedDict

    from glassnet.nn.modules.utils import consume_prefix_in_state_dict_if_present as ours

    def make():
        sd = OrderedDict([("module.a.weight", 1), ("module.b", 2), ("other", 3)])
        sd._metadata = OrderedDict([("", {}), ("module", {"v": 1}), ("module.a", {"v": 2})])
        return sd

    a, b = make(), make()
    ours(a, "module.")
    torch.nn.modules.utils.consume_prefix_in_state_dict_if_present(b, "module.")
    assert list(a.items()) == list(b.items()) and a._metadata == b._metadata
