"""Adam matches torch.optim.Adam step for step, resumes exactly from a state_dict, and rejects bad args."""

import pytest
from optim_helpers import check_resume, compare_trajectories

import glassnet

CASES = [
    dict(lr=0.01),
    dict(lr=0.01, betas=(0.8, 0.95), eps=1e-6),
    dict(lr=0.01, amsgrad=True),
    dict(lr=0.01, weight_decay=0.1),
    dict(lr=0.01, amsgrad=True, weight_decay=0.1, maximize=True),
    dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_trajectory_matches_torch(kwargs):
    compare_trajectories("Adam", kwargs)


def test_param_groups_with_different_lrs_match_torch():
    compare_trajectories("Adam", dict(lr=0.01),
                         group_options=[dict(lr=0.03, amsgrad=True), dict(lr=0.001, betas=(0.5, 0.9))])


def test_float32_trajectory_matches_torch():
    compare_trajectories("Adam", dict(lr=0.01), dtype="float32", rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("kwargs", [dict(lr=0.01), dict(lr=0.01, amsgrad=True)], ids=str)
def test_state_dict_resume_is_exact(kwargs):
    check_resume("Adam", kwargs)


def test_defaults_match_pytorch():
    opt = glassnet.optim.Adam([glassnet.zeros(2, requires_grad=True)])
    g = opt.param_groups[0]
    assert (g["lr"], g["betas"], g["eps"], g["weight_decay"], g["amsgrad"], g["maximize"]) == (
        1e-3, (0.9, 0.999), 1e-8, 0, False, False)


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr=-1), "Invalid learning rate: -1"),
    (dict(eps=-1e-8), "Invalid epsilon value: -1e-08"),
    (dict(betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
    (dict(betas=(0.9, -0.1)), "Invalid beta parameter at index 1: -0.1"),
    (dict(weight_decay=-1), "Invalid weight_decay value: -1"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        glassnet.optim.Adam([glassnet.zeros(2, requires_grad=True)], **kwargs)
