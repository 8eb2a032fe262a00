"""The CNN zoo: shapes, registry, a PyTorch-equivalent LeNet-5 state_dict, one training step."""

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn.functional as F
from glassnet import models


@pytest.mark.parametrize("name,size", [("lenet5", 28), ("cnn_small", 28), ("vgg_small", 32), ("resnet8", 28),
                                       ("resnet20", 32)])
def test_zoo_shapes_and_one_step(name, size):
    gn.manual_seed(0)
    m = models.get_model(name, num_classes=7, **({"input_size": size} if name != "resnet8" and
                                                   name != "resnet20" else {}))
    x = gn.randn(3, 1, size, size)
    out = m(x)
    assert tuple(out.shape) == (3, 7)
    F.cross_entropy(out, gn.tensor([0, 1, 2])).backward()
    assert all(p.grad is not None for p in m.parameters())


def test_registry(monkeypatch):
    assert {"lenet5", "vgg_small", "resnet8", "resnet20", "cnn_small"} <= set(models.list_models())
    with pytest.raises(KeyError, match="unknown model"):
        models.get_model("alexnet")
    monkeypatch.setattr(models, "_REGISTRY", dict(models._REGISTRY))  # other tests compare the whole zoo
    models.register_model("tiny", lambda **kw: models.LeNet5(**kw))
    assert isinstance(models.get_model("tiny"), models.LeNet5)


def test_lenet_tanh_32_and_errors():
    m = models.LeNet5(activation="tanh", input_size=32, in_channels=3)
    assert tuple(m(gn.randn(2, 3, 32, 32)).shape) == (2, 10)
    with pytest.raises(ValueError, match="activation"):
        models.LeNet5(activation="gelu")


def test_lenet_loads_equivalent_torch_state_dict():
    torch = pytest.importorskip("torch")
    tn = torch.nn
    t = tn.Sequential(tn.Conv2d(1, 6, 5, padding=2), tn.ReLU(), tn.MaxPool2d(2), tn.Conv2d(6, 16, 5),
                      tn.ReLU(), tn.MaxPool2d(2), tn.Flatten(), tn.Linear(400, 120), tn.ReLU(),
                      tn.Linear(120, 84), tn.ReLU(), tn.Linear(84, 10))
    sd = t.state_dict()
    names = {"0": "features.0", "3": "features.3", "7": "classifier.1", "9": "classifier.3",
             "11": "classifier.5"}
    g = models.LeNet5()
    g.load_state_dict({names[k.split(".")[0]] + "." + k.split(".")[1]: v.numpy() for k, v in sd.items()})
    x = np.random.default_rng(0).standard_normal((4, 1, 28, 28)).astype(np.float32)
    np.testing.assert_allclose(g(gn.tensor(x))._data, t(torch.tensor(x)).detach().numpy(), atol=1e-5)


def test_resnet_eval_mode_is_deterministic():
    gn.manual_seed(1)
    m = models.resnet8()
    m.eval()
    x = gn.randn(2, 1, 28, 28)
    with gn.no_grad():
        np.testing.assert_array_equal(m(x)._data, m(x)._data)
