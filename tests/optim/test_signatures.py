"""Every optimizer's constructor has torch.optim's parameters: names, order, kinds and defaults."""

import inspect

import pytest

import glassnet

NAMES = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "Rprop", "ASGD", "LBFGS",
         "Adafactor", "Muon"]
NEW = ["Adadelta", "Adamax", "NAdam", "RAdam", "Rprop", "ASGD", "LBFGS", "Adafactor", "Muon"]
# torch-only switches that select fused/foreach/capturable kernels, which one NumPy path replaces
KERNEL_SWITCHES = {"foreach", "fused", "capturable", "differentiable"}


def parameters(cls, skip=()):
    return [(p.name, p.kind, p.default) for p in inspect.signature(cls.__init__).parameters.values()
            if p.name not in skip]


@pytest.mark.parametrize("name", NEW)
def test_new_optimizers_take_exactly_torchs_arguments(name):
    torch = pytest.importorskip("torch")
    assert parameters(getattr(glassnet.optim, name)) == parameters(getattr(torch.optim, name))


@pytest.mark.parametrize("name", NAMES)
def test_every_optimizer_takes_torchs_hyperparameters(name):
    torch = pytest.importorskip("torch")
    ours = parameters(getattr(glassnet.optim, name), KERNEL_SWITCHES)
    assert ours == parameters(getattr(torch.optim, name), KERNEL_SWITCHES)


def test_exported_from_glassnet_optim():
    for name in NAMES:
        assert name in glassnet.optim.__all__ and issubclass(getattr(glassnet.optim, name), glassnet.optim.Optimizer)
