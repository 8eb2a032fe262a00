"""ASGD matches torch.optim.ASGD step for step (before and after averaging starts), and rejects bad args."""

import numpy as np
import pytest
from optim_helpers import TinyMLP, check_resume, check_torch_state_dict_round_trip, compare_trajectories

import glassnet

CASES = [
    dict(),
    dict(lr=0.05, lambd=1e-2, alpha=0.5),
    dict(lr=0.05, t0=10),  # averaging starts at step 11: ax becomes a true running mean
    dict(lr=0.05, t0=5, weight_decay=0.1),
]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_trajectory_matches_torch(kwargs):
    # torch keeps eta and mu as float32 scalars even for float64 params; glassnet keeps Python floats
    compare_trajectories("ASGD", kwargs, steps=100, atol=1e-8)


def test_maximize_matches_torch():
    # ascent drives the tanh units into saturation, where float32-vs-float64 eta differences grow: fewer steps
    compare_trajectories("ASGD", dict(lr=0.05, t0=5, weight_decay=0.1, maximize=True), steps=30, atol=1e-8)


def test_param_groups_match_torch():
    compare_trajectories("ASGD", dict(lr=0.01), group_options=[dict(lr=0.05, t0=3), dict(lambd=0.1)], atol=1e-8)


def test_float32_trajectory_matches_torch():
    compare_trajectories("ASGD", dict(lr=0.05, t0=10), dtype="float32", rtol=1e-4, atol=1e-6)


def test_averaged_iterate_matches_torch():
    torch = pytest.importorskip("torch")
    model = TinyMLP()
    gp, tp = model.glassnet_params(), model.torch_params(torch)
    gopt = glassnet.optim.ASGD(gp, lr=0.05, t0=5)
    topt = torch.optim.ASGD(tp, lr=0.05, t0=5, foreach=False)
    for i in range(30):
        model.glassnet_step(gopt, gp, i)
        model.torch_step(torch, topt, tp, i)
    for g, t in zip(gp, tp):
        np.testing.assert_allclose(gopt.state[g]["ax"]._data, topt.state[t]["ax"].numpy(), rtol=1e-6)
        assert gopt.state[g]["eta"] == pytest.approx(topt.state[t]["eta"].item(), rel=1e-6)
        assert gopt.state[g]["mu"] == pytest.approx(topt.state[t]["mu"].item(), rel=1e-6)


def test_state_dict_resume_is_exact():
    check_resume("ASGD", dict(lr=0.05, t0=5))


def test_state_dict_cross_loads_with_torch():
    check_torch_state_dict_round_trip("ASGD", dict(lr=0.05, t0=5))


def test_defaults_match_pytorch():
    g = glassnet.optim.ASGD([glassnet.zeros(2, requires_grad=True)]).param_groups[0]
    assert (g["lr"], g["lambd"], g["alpha"], g["t0"], g["weight_decay"], g["maximize"]) == (
        1e-2, 1e-4, 0.75, 1e6, 0, False)


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr=-1), "Invalid learning rate: -1"),
    (dict(weight_decay=-1), "Invalid weight_decay value: -1"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        glassnet.optim.ASGD([glassnet.zeros(2, requires_grad=True)], **kwargs)
