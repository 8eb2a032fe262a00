"""Adagrad matches torch.optim.Adagrad step for step, resumes exactly, and rejects bad args."""

import pytest
from optim_helpers import check_resume, compare_trajectories

import glassnet

CASES = [
    dict(lr=0.1),
    dict(lr=0.1, lr_decay=0.01, weight_decay=0.01),
    dict(lr=0.1, initial_accumulator_value=0.5, eps=1e-6),
    dict(lr=0.01, maximize=True),
]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_trajectory_matches_torch(kwargs):
    compare_trajectories("Adagrad", kwargs)


def test_param_groups_with_different_lrs_match_torch():
    compare_trajectories("Adagrad", dict(lr=0.1),
                         group_options=[dict(lr=0.2), dict(lr=0.05, lr_decay=0.1)])


def test_float32_trajectory_matches_torch():
    compare_trajectories("Adagrad", dict(lr=0.1), dtype="float32", rtol=1e-4, atol=1e-6)


def test_state_dict_resume_is_exact():
    check_resume("Adagrad", dict(lr=0.1, lr_decay=0.01))


def test_state_exists_before_the_first_step_like_pytorch():
    p = glassnet.zeros(3, requires_grad=True)
    opt = glassnet.optim.Adagrad([p], initial_accumulator_value=0.25)
    s = opt.state_dict()["state"][0]
    assert s["step"] == 0 and s["sum"].tolist() == [0.25] * 3
    q = glassnet.zeros(2, requires_grad=True)
    opt.add_param_group({"params": [q]})
    q.sum().backward()
    opt.step()
    assert opt.state[q]["step"] == 1


def test_defaults_match_pytorch():
    opt = glassnet.optim.Adagrad([glassnet.zeros(2, requires_grad=True)])
    g = opt.param_groups[0]
    assert (g["lr"], g["lr_decay"], g["weight_decay"], g["initial_accumulator_value"], g["eps"]) == (
        1e-2, 0, 0, 0, 1e-10)


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr=-1), "Invalid learning rate: -1"),
    (dict(lr_decay=-1), "Invalid lr_decay value: -1"),
    (dict(weight_decay=-1), "Invalid weight_decay value: -1"),
    (dict(initial_accumulator_value=-1), "Invalid initial_accumulator_value value: -1"),
    (dict(eps=-1), "Invalid epsilon value: -1"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        glassnet.optim.Adagrad([glassnet.zeros(2, requires_grad=True)], **kwargs)
