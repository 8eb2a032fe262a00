"""RMSprop matches torch.optim.RMSprop step for step, resumes exactly, and rejects bad args."""

import pytest
from optim_helpers import check_resume, compare_trajectories

import glassnet

CASES = [
    dict(lr=0.01),
    dict(lr=0.01, centered=True),
    dict(lr=0.005, momentum=0.9),
    dict(lr=0.005, centered=True, momentum=0.9, weight_decay=0.01),
    dict(lr=0.001, alpha=0.9, eps=1e-6, maximize=True),
]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_trajectory_matches_torch(kwargs):
    compare_trajectories("RMSprop", kwargs)


def test_param_groups_with_different_lrs_match_torch():
    compare_trajectories("RMSprop", dict(lr=0.01),
                         group_options=[dict(lr=0.02, centered=True), dict(lr=0.001, momentum=0.5)])


def test_float32_trajectory_matches_torch():
    compare_trajectories("RMSprop", dict(lr=0.01, centered=True), dtype="float32", rtol=1e-4, atol=1e-6)


def test_state_dict_resume_is_exact():
    check_resume("RMSprop", dict(lr=0.01, centered=True, momentum=0.9))


def test_defaults_match_pytorch():
    opt = glassnet.optim.RMSprop([glassnet.zeros(2, requires_grad=True)])
    g = opt.param_groups[0]
    assert (g["lr"], g["alpha"], g["eps"], g["weight_decay"], g["momentum"], g["centered"]) == (
        1e-2, 0.99, 1e-8, 0, 0, False)


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr=-1), "Invalid learning rate: -1"),
    (dict(eps=-1.0), "Invalid epsilon value: -1.0"),
    (dict(momentum=-1), "Invalid momentum value: -1"),
    (dict(weight_decay=-1), "Invalid weight_decay value: -1"),
    (dict(alpha=-0.5), "Invalid alpha value: -0.5"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        glassnet.optim.RMSprop([glassnet.zeros(2, requires_grad=True)], **kwargs)
