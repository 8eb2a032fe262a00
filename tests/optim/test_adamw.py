"""AdamW matches torch.optim.AdamW step for step and keeps its weight decay decoupled after loading."""

import pytest
from optim_helpers import check_resume, compare_trajectories

import glassnet

CASES = [dict(lr=0.01), dict(lr=0.01, weight_decay=0.1, amsgrad=True),
         dict(lr=0.01, betas=(0.8, 0.99), maximize=True)]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_trajectory_matches_torch(kwargs):
    compare_trajectories("AdamW", kwargs)


def test_param_groups_with_different_lrs_match_torch():
    compare_trajectories("AdamW", dict(lr=0.01),
                         group_options=[dict(lr=0.02, weight_decay=0.0), dict(lr=0.005, weight_decay=0.5)])


def test_float32_trajectory_matches_torch():
    compare_trajectories("AdamW", dict(lr=0.01), dtype="float32", rtol=1e-4, atol=1e-6)


def test_state_dict_resume_is_exact():
    check_resume("AdamW", dict(lr=0.01, amsgrad=True))


def test_defaults_match_pytorch():
    opt = glassnet.optim.AdamW([glassnet.zeros(2, requires_grad=True)])
    g = opt.param_groups[0]
    assert (g["lr"], g["betas"], g["eps"], g["weight_decay"], g["amsgrad"]) == (
        1e-3, (0.9, 0.999), 1e-8, 1e-2, False)
    assert g["decoupled_weight_decay"] is True
    sd = opt.state_dict()
    del sd["param_groups"][0]["decoupled_weight_decay"]
    opt.load_state_dict(sd)
    assert opt.param_groups[0]["decoupled_weight_decay"] is True


def test_bad_arguments():
    with pytest.raises(ValueError, match="Invalid learning rate: -1"):
        glassnet.optim.AdamW([glassnet.zeros(2, requires_grad=True)], lr=-1)
    with pytest.raises(ValueError, match="Invalid weight_decay value: -0.1"):
        glassnet.optim.AdamW([glassnet.zeros(2, requires_grad=True)], weight_decay=-0.1)
