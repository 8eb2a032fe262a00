"""SGD matches torch.optim.SGD step for step, resumes exactly from a state_dict, and rejects bad args."""

import pytest
from optim_helpers import check_resume, compare_trajectories

import glassnet

CASES = [
    dict(lr=0.1),
    dict(lr=0.1, momentum=0.9),
    dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01),
    dict(lr=0.01, momentum=0.9, maximize=True, weight_decay=0.01),
    dict(lr=0.01, maximize=True),
]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_trajectory_matches_torch(kwargs):
    compare_trajectories("SGD", kwargs)


def test_param_groups_with_different_lrs_match_torch():
    compare_trajectories("SGD", dict(lr=0.1, momentum=0.9),
                         group_options=[dict(lr=0.2), dict(lr=0.01, nesterov=True)])


def test_float32_trajectory_matches_torch():
    compare_trajectories("SGD", dict(lr=0.05, momentum=0.9, nesterov=True), dtype="float32",
                         rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("kwargs", [dict(lr=0.1), dict(lr=0.1, momentum=0.9, nesterov=True)], ids=str)
def test_state_dict_resume_is_exact(kwargs):
    check_resume("SGD", kwargs)


def test_defaults_match_pytorch():
    opt = glassnet.optim.SGD([glassnet.zeros(2, requires_grad=True)])
    g = opt.param_groups[0]
    assert (g["lr"], g["momentum"], g["dampening"], g["weight_decay"], g["nesterov"], g["maximize"]) == (
        1e-3, 0, 0, 0, False, False)


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr=-1), "Invalid learning rate: -1"),
    (dict(momentum=-0.5), "Invalid momentum value: -0.5"),
    (dict(weight_decay=-1e-4), "Invalid weight_decay value: -0.0001"),
    (dict(nesterov=True), "Nesterov momentum requires a momentum and zero dampening"),
    (dict(nesterov=True, momentum=0.9, dampening=0.1), "Nesterov momentum requires"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        glassnet.optim.SGD([glassnet.zeros(2, requires_grad=True)], **kwargs)
