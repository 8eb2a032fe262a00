"""Adadelta matches torch.optim.Adadelta step for step, resumes exactly, and rejects bad args."""

import pytest
from optim_helpers import check_resume, check_torch_state_dict_round_trip, compare_trajectories

import glassnet

CASES = [
    dict(),
    dict(lr=0.5, rho=0.8, eps=1e-5),
    dict(lr=1.0, weight_decay=0.1),
    dict(lr=0.5, weight_decay=0.05, maximize=True),
]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_trajectory_matches_torch(kwargs):
    compare_trajectories("Adadelta", kwargs, steps=100)


def test_param_groups_match_torch():
    compare_trajectories("Adadelta", dict(lr=1.0), group_options=[dict(rho=0.5), dict(lr=0.1, weight_decay=0.1)])


def test_float32_trajectory_matches_torch():
    compare_trajectories("Adadelta", dict(lr=1.0), dtype="float32", rtol=1e-4, atol=1e-6)


def test_state_dict_resume_is_exact():
    check_resume("Adadelta", dict(lr=1.0, weight_decay=0.01))


def test_state_dict_cross_loads_with_torch():
    check_torch_state_dict_round_trip("Adadelta", dict(lr=1.0, rho=0.8))


def test_defaults_match_pytorch():
    g = glassnet.optim.Adadelta([glassnet.zeros(2, requires_grad=True)]).param_groups[0]
    assert (g["lr"], g["rho"], g["eps"], g["weight_decay"], g["maximize"]) == (1.0, 0.9, 1e-6, 0, False)


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr=-1), "Invalid learning rate: -1"),
    (dict(rho=1.5), "Invalid rho value: 1.5"),
    (dict(eps=-1.0), "Invalid epsilon value: -1.0"),
    (dict(weight_decay=-1), "Invalid weight_decay value: -1"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        glassnet.optim.Adadelta([glassnet.zeros(2, requires_grad=True)], **kwargs)
