"""Adafactor matches torch.optim.Adafactor step for step (factored and vector state), resumes, rejects bad args."""

import numpy as np
import pytest
from optim_helpers import check_resume, check_torch_state_dict_round_trip, compare_trajectories

import glassnet

CASES = [
    dict(),
    dict(lr=0.05),
    dict(lr=0.5, beta2_decay=-0.5, d=2.0),  # 1/sqrt(t) < lr: the relative step decays
    dict(lr=0.02, eps=(1e-4, 1e-2)),
    dict(lr=0.02, eps=(None, 10.0)),  # eps2 above RMS(p): the step size floor
    dict(lr=0.02, weight_decay=0.1),
    dict(lr=0.02, weight_decay=0.1, maximize=True),
]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_trajectory_matches_torch(kwargs):
    compare_trajectories("Adafactor", kwargs, steps=100)


def test_param_groups_match_torch():
    compare_trajectories("Adafactor", dict(lr=0.02), group_options=[dict(lr=0.05, d=1.5),
                                                                     dict(beta2_decay=-0.6, weight_decay=0.01)])


def test_float32_trajectory_matches_torch():
    compare_trajectories("Adafactor", dict(lr=0.02), dtype="float32", rtol=1e-4, atol=1e-6)
    compare_trajectories("Adafactor", dict(lr=0.02, weight_decay=0.1), dtype="float32", rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 1, 3, 4), (), (6,)], ids=str)
def test_batched_and_scalar_params_match_torch(shape):
    """3-D+ params are factored over their last two dims; 0-d and 1-D ones keep a full variance."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    init = rng.normal(size=shape)
    gp = glassnet.tensor(init.copy(), requires_grad=True)
    tp = torch.tensor(init.copy(), requires_grad=True)
    gopt = glassnet.optim.Adafactor([gp], lr=0.05, weight_decay=0.01)
    topt = torch.optim.Adafactor([tp], lr=0.05, weight_decay=0.01, foreach=False)
    for i in range(30):
        grad = rng.normal(size=shape) * (1 + i % 3)
        gp.grad = glassnet.tensor(grad)
        tp.grad = torch.tensor(grad)
        gopt.step()
        topt.step()
        np.testing.assert_allclose(gp._data, tp.detach().numpy(), rtol=1e-10, atol=1e-12, err_msg=f"step {i}")
    assert gopt.state[gp].keys() == topt.state[tp].keys()
    for name in topt.state[tp]:
        if name != "step":
            np.testing.assert_allclose(gopt.state[gp][name]._data, topt.state[tp][name].numpy(), rtol=1e-10)


def test_state_dict_resume_is_exact():
    check_resume("Adafactor", dict(lr=0.02, weight_decay=0.01))


def test_state_dict_cross_loads_with_torch():
    check_torch_state_dict_round_trip("Adafactor", dict(lr=0.02))


def test_factored_state_is_small():
    p = glassnet.zeros(30, 40, requires_grad=True)
    p.grad = glassnet.ones(30, 40)
    opt = glassnet.optim.Adafactor([p])
    opt.step()
    assert opt.state[p]["row_var"].shape == (30, 1) and opt.state[p]["col_var"].shape == (1, 40)
    assert "variance" not in opt.state[p]


def test_defaults_match_pytorch():
    g = glassnet.optim.Adafactor([glassnet.zeros(2, requires_grad=True)]).param_groups[0]
    assert (g["lr"], g["beta2_decay"], g["eps"], g["d"], g["weight_decay"], g["maximize"]) == (
        1e-2, -0.8, (None, 1e-3), 1.0, 0.0, False)


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr=-1), "Learning rate should be >= 0 but is: -1"),
    (dict(beta2_decay=0.5), "beta2_decay should be <= 0 but is: 0.5"),
    (dict(eps=(-1.0, 1e-3)), "epsilon1 should be >= 0 but is: -1.0"),
    (dict(eps=(None, -1.0)), "epsilon2 should be >= 0 but is: -1.0"),
    (dict(d=0.5), "Clipping threshold d should be >= 1 but is: 0.5"),
    (dict(weight_decay=-1), "weight_decay should be >= 0 but is: -1"),
])
def test_bad_arguments_match_torch(kwargs, message):
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError, match=message):
        torch.optim.Adafactor([torch.zeros(2, requires_grad=True)], **kwargs)
    with pytest.raises(ValueError, match=message):
        glassnet.optim.Adafactor([glassnet.zeros(2, requires_grad=True)], **kwargs)
