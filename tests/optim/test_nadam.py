"""NAdam matches torch.optim.NAdam step for step, resumes exactly, and rejects bad args."""

import pytest
from optim_helpers import check_resume, check_torch_state_dict_round_trip, compare_trajectories

import glassnet

CASES = [
    dict(),
    dict(lr=0.01, betas=(0.8, 0.95), eps=1e-6, momentum_decay=0.01),
    dict(lr=0.01, weight_decay=0.1),
    dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
    dict(lr=0.01, weight_decay=0.1, maximize=True),
]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_trajectory_matches_torch(kwargs):
    compare_trajectories("NAdam", kwargs, steps=100)


def test_param_groups_match_torch():
    compare_trajectories("NAdam", dict(lr=0.01), group_options=[dict(lr=0.03), dict(momentum_decay=0.1)])


def test_float32_trajectory_matches_torch():
    compare_trajectories("NAdam", dict(lr=0.01), dtype="float32", rtol=1e-4, atol=1e-6)


def test_state_dict_resume_is_exact():
    check_resume("NAdam", dict(lr=0.01, weight_decay=0.01))


def test_state_dict_cross_loads_with_torch():
    check_torch_state_dict_round_trip("NAdam", dict(lr=0.01))


def test_defaults_match_pytorch():
    g = glassnet.optim.NAdam([glassnet.zeros(2, requires_grad=True)]).param_groups[0]
    assert (g["lr"], g["betas"], g["eps"], g["weight_decay"], g["momentum_decay"], g["decoupled_weight_decay"],
            g["maximize"]) == (2e-3, (0.9, 0.999), 1e-8, 0, 4e-3, False, False)


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr=-1), "Invalid learning rate: -1"),
    (dict(eps=-1.0), "Invalid epsilon value: -1.0"),
    (dict(betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
    (dict(betas=(0.9, 1.0)), "Invalid beta parameter at index 1: 1.0"),
    (dict(weight_decay=-1), "Invalid weight_decay value: -1"),
    (dict(momentum_decay=-0.1), "Invalid momentum_decay value: -0.1"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        glassnet.optim.NAdam([glassnet.zeros(2, requires_grad=True)], **kwargs)
