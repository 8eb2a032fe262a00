"""The shared constructor check (_check_hyperparameters) raises what torch raises, optimizer by optimizer."""

import math

import pytest

import glassnet as gn

NAN = math.nan
CASES = [
    ("Adam", dict(lr=-1.0)),
    ("Adam", dict(lr=NAN)),
    ("Adam", dict(eps=-1e-8, betas=(2.0, 0.5))),  # eps is checked before betas
    ("Adam", dict(betas=(0.9, 1.0))),
    ("Adam", dict(betas=(0.9, NAN))),
    ("Adam", dict(weight_decay=-0.1)),
    ("Adamax", dict(betas=(-0.1, 0.9))),
    ("NAdam", dict(momentum_decay=-1.0)),
    ("RAdam", dict(weight_decay=NAN)),
    ("Adadelta", dict(rho=1.5)),
    ("Adadelta", dict(rho=1.0)),  # rho = 1 is allowed
    ("ASGD", dict(weight_decay=-1.0)),
    ("RMSprop", dict(alpha=-0.5)),
    ("RMSprop", dict(momentum=-0.5, eps=-1.0)),
    ("Adagrad", dict(initial_accumulator_value=-1.0)),
    ("Adagrad", dict(lr_decay=-1.0)),
    ("Rprop", dict(lr=-1.0)),
    ("SGD", dict(lr=NAN)),  # torch's SGD tests lr < 0, so NaN passes
]


def _outcome(make):
    try:
        make()
    except ValueError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("name,kwargs", CASES)
def test_constructor_checks_match_torch(name, kwargs):
    torch = pytest.importorskip("torch")
    ours = _outcome(lambda: getattr(gn.optim, name)([gn.zeros(2, requires_grad=True)], **kwargs))
    theirs = _outcome(lambda: getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)], **kwargs))
    assert ours == theirs


def test_old_state_dict_gets_load_defaults():
    p = gn.zeros(2, requires_grad=True)
    opt = gn.optim.Adam([p])
    saved = opt.state_dict()
    for group in saved["param_groups"]:
        del group["amsgrad"], group["maximize"]
    opt.load_state_dict(saved)
    assert opt.param_groups[0]["amsgrad"] is False and opt.param_groups[0]["maximize"] is False
