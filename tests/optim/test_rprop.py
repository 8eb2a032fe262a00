"""Rprop matches torch.optim.Rprop step for step, resumes exactly, and rejects bad args."""

import numpy as np
import pytest
from optim_helpers import check_resume, check_torch_state_dict_round_trip, compare_trajectories

import glassnet

CASES = [
    dict(),
    dict(lr=0.05, etas=(0.3, 1.5)),
    dict(lr=0.01, step_sizes=(1e-3, 0.02)),  # the clamp bites at both ends
    dict(lr=0.01, maximize=True),
]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_trajectory_matches_torch(kwargs):
    compare_trajectories("Rprop", kwargs, steps=100)


def test_param_groups_match_torch():
    compare_trajectories("Rprop", dict(lr=0.01), group_options=[dict(lr=0.03), dict(etas=(0.4, 1.1))])


def test_float32_trajectory_matches_torch():
    compare_trajectories("Rprop", dict(lr=0.01), dtype="float32", rtol=1e-4, atol=1e-6)


def test_state_dict_resume_is_exact():
    check_resume("Rprop", dict(lr=0.01))


def test_state_dict_cross_loads_with_torch():
    check_torch_state_dict_round_trip("Rprop", dict(lr=0.01))


def test_a_sign_flip_shrinks_the_step_and_skips_the_update():
    p = glassnet.tensor([1.0, 1.0], dtype=glassnet.float64, requires_grad=True)
    opt = glassnet.optim.Rprop([p], lr=0.1)
    for grad in ([1.0, 1.0], [1.0, -1.0], [1.0, -1.0]):
        p.grad = glassnet.tensor(grad, dtype=glassnet.float64)
        opt.step()
    # element 0: steps 0.1, 0.12, 0.144; element 1: 0.1, then the flip halves it to 0.05 and skips, then 0.05
    np.testing.assert_allclose(p._data, [1 - 0.1 - 0.12 - 0.144, 1 - 0.1 + 0.05])
    np.testing.assert_allclose(opt.state[p]["step_size"]._data, [0.144, 0.05])


def test_defaults_match_pytorch():
    g = glassnet.optim.Rprop([glassnet.zeros(2, requires_grad=True)]).param_groups[0]
    assert (g["lr"], g["etas"], g["step_sizes"], g["maximize"]) == (1e-2, (0.5, 1.2), (1e-6, 50), False)


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr=-1), "Invalid learning rate: -1"),
    (dict(etas=(1.5, 1.2)), "Invalid eta values: 1.5, 1.2"),
    (dict(etas=(0.5, 0.9)), "Invalid eta values: 0.5, 0.9"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        glassnet.optim.Rprop([glassnet.zeros(2, requires_grad=True)], **kwargs)
