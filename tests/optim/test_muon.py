"""Muon matches torch.optim.Muon (bfloat16 Newton-Schulz included), resumes exactly, rejects bad args.

torch orthogonalises in bfloat16 on its own CPU matmul; glassnet rounds to bfloat16 at the same points but sums
in NumPy's order, so now and then one entry lands one bfloat16 step (2^-8 relative) away. The tests bound that:
the Newton-Schulz output is checked entry by entry, each single step from identical state is checked to within
one bfloat16 step of the update, and a free-running trajectory must stay close over many steps.
"""

import math

import numpy as np
import pytest
from optim_helpers import TinyMLP

import glassnet
from glassnet.optim.muon import _newton_schulz, _round_bfloat16

torch = pytest.importorskip("torch")
TORCH_COEFFS = (3.4445, -4.775, 2.0315)


class MatrixMLP(TinyMLP):
    """TinyMLP with its biases as 1-row matrices: Muon takes 2-D parameters only."""

    def __init__(self, dtype: str = "float64", seed: int = 0) -> None:
        super().__init__(dtype, seed)
        self.init = [a.reshape(1, -1) if a.ndim == 1 else a for a in self.init]


CASES = [
    dict(),
    dict(lr=0.02),
    dict(lr=0.02, nesterov=False),
    dict(lr=0.02, momentum=0.8, weight_decay=0.01, adjust_lr_fn="match_rms_adamw"),
    dict(lr=0.02, weight_decay=0.0, adjust_lr_fn="original", ns_steps=3),
    dict(lr=0.01, ns_coefficients=(2.0, -1.5, 0.5), eps=1e-5, momentum=0.0),
]
GROUPS = [dict(lr=0.05, nesterov=False), dict(momentum=0.9, adjust_lr_fn="match_rms_adamw")]


def _pair(kwargs, dtype, group_options=None):
    model = MatrixMLP(dtype)
    gp, tp = model.glassnet_params(), model.torch_params(torch)
    gopt = glassnet.optim.Muon(model.groups(gp, group_options), **kwargs)
    topt = torch.optim.Muon(model.groups(tp, group_options), **kwargs)
    return model, gp, tp, gopt, topt


def _one_bf16_step(opt, p):
    """The largest change one bfloat16 rounding step in the orthogonalised update makes to parameter ``p``."""
    group = next(g for g in opt.param_groups if any(q is p for q in g["params"]))
    rows, cols = p.shape
    ratio = 0.2 * math.sqrt(max(rows, cols)) if group["adjust_lr_fn"] == "match_rms_adamw" else math.sqrt(
        max(1, rows / cols))
    return group["lr"] * ratio * 2.0**-7  # entries of the update are below 2 in magnitude


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_each_step_matches_torch_from_the_same_state(kwargs, dtype):
    """Step both from identical params and buffers; copy torch's result over and go on, 60 times."""
    model, gp, tp, gopt, topt = _pair(kwargs, dtype)
    for i in range(60):
        model.glassnet_step(gopt, gp, i)
        model.torch_step(torch, topt, tp, i)
        for j, (g, t) in enumerate(zip(gp, tp)):
            expected = t.detach().numpy()
            rtol, atol = (1e-5, 1e-7) if dtype == "float32" else (1e-12, 1e-15)
            np.testing.assert_allclose(gopt.state[g]["momentum_buffer"]._data, topt.state[t]["momentum_buffer"],
                                       rtol=rtol, atol=atol)
            np.testing.assert_allclose(g._data, expected, rtol=0, atol=_one_bf16_step(gopt, g) + 1e-6,
                                       err_msg=f"param {j} after step {i + 1}")
            g._data[...] = expected
            gopt.state[g]["momentum_buffer"]._data[...] = topt.state[t]["momentum_buffer"].numpy()


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("kwargs, group_options", [(CASES[1], None), (CASES[3], None), (dict(lr=0.02), GROUPS)],
                         ids=["plain", "match_rms_adamw", "groups"])
def test_free_running_trajectory_stays_with_torch(kwargs, group_options, dtype):
    model, gp, tp, gopt, topt = _pair(kwargs, dtype, group_options)
    for i in range(100):
        gl = model.glassnet_step(gopt, gp, i)
        tl = model.torch_step(torch, topt, tp, i)
        assert gl == pytest.approx(tl, rel=1e-2), f"loss at step {i}"
        for j, (g, t) in enumerate(zip(gp, tp)):
            np.testing.assert_allclose(g._data, t.detach().numpy(), rtol=0, atol=1e-2,
                                       err_msg=f"param {j} after step {i + 1}")


@pytest.mark.parametrize("shape", [(4, 8), (8, 3), (16, 16), (40, 24), (1, 5), (5, 1)], ids=str)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_newton_schulz_matches_torchs_bfloat16_iteration(shape, dtype):
    from torch.optim._muon import _zeropower_via_newtonschulz

    rng = np.random.default_rng(sum(shape))
    for _ in range(5):
        g = rng.normal(size=shape).astype(dtype)
        ours = _newton_schulz(np, g, TORCH_COEFFS, 5, 1e-7)
        theirs = _zeropower_via_newtonschulz(torch.tensor(g), TORCH_COEFFS, 5, 1e-7).float().numpy()
        assert ours.dtype == np.float32 and np.array_equal(ours, _round_bfloat16(np, ours))  # bfloat16 values
        differ = ours != theirs
        assert differ.mean() <= 0.02
        np.testing.assert_allclose(ours, theirs, rtol=2.0**-7, atol=2.0**-16)


def test_newton_schulz_orthogonalises():
    """With many steps of a convergent (cubic) iteration, X X^T is the identity up to bfloat16 precision."""
    g = np.random.default_rng(0).normal(size=(6, 10))
    x = _newton_schulz(np, g, (1.5, -0.5, 0.0), 60, 1e-7).astype(np.float64)
    np.testing.assert_allclose(x @ x.T, np.eye(6), atol=0.05)


def test_round_bfloat16_matches_torch():
    # ties, subnormals, overflow to inf, NaN; the last value rounds differently if float64 skipped float32
    values = np.array([0.0, -0.0, 1.0, 1 + 2.0**-8, 1 + 3 * 2.0**-8, 1 + 2.0**-9, -3.1415926, 1e-30, 3e38, 1e-40,
                       np.inf, -np.inf, np.nan, 65504.0, 0.1, 1 / 3, 3.3895e38, 1 + 2.0**-8 + 2.0**-30])
    for dtype in (np.float64, np.float32):
        a = values.astype(dtype)
        expected = torch.tensor(a).bfloat16().float().numpy()
        np.testing.assert_array_equal(_round_bfloat16(np, a), expected)


def test_state_dict_resume_is_exact():
    kwargs = dict(lr=0.02, weight_decay=0.01)
    model = MatrixMLP()
    straight = model.glassnet_params()
    opt = glassnet.optim.Muon(straight, **kwargs)
    for i in range(20):
        model.glassnet_step(opt, straight, i)
    params = model.glassnet_params()
    opt = glassnet.optim.Muon(params, **kwargs)
    for i in range(10):
        model.glassnet_step(opt, params, i)
    saved = opt.state_dict()
    resumed = [glassnet.tensor(p._data.copy(), requires_grad=True) for p in params]
    fresh = glassnet.optim.Muon(resumed, **kwargs)
    fresh.load_state_dict(saved)
    for i in range(10, 20):
        model.glassnet_step(fresh, resumed, i)
    for a, b in zip(straight, resumed):
        np.testing.assert_array_equal(a._data, b._data)


def test_state_dict_cross_loads_with_torch():
    kwargs = dict(lr=0.02)
    model = MatrixMLP()
    tp = model.torch_params(torch)
    topt = torch.optim.Muon(tp, **kwargs)
    for i in range(7):
        model.torch_step(torch, topt, tp, i)
    gp = [glassnet.tensor(p.detach().numpy().copy(), requires_grad=True) for p in tp]
    gopt = glassnet.optim.Muon(gp, **kwargs)
    gopt.load_state_dict(topt.state_dict())
    ours, theirs = gopt.state_dict(), topt.state_dict()
    assert ours["state"][0].keys() == theirs["state"][0].keys() == {"momentum_buffer"}
    assert ours["param_groups"][0].keys() == theirs["param_groups"][0].keys()
    for i in range(7, 14):
        model.torch_step(torch, topt, tp, i)
        model.glassnet_step(gopt, gp, i)
    for g, t in zip(gp, tp):
        np.testing.assert_allclose(g._data, t.detach().numpy(), atol=1e-3)

    tp2 = [torch.tensor(p._data.copy(), requires_grad=True) for p in gp]
    topt2 = torch.optim.Muon(tp2, **kwargs)
    state = gopt.state_dict()
    topt2.load_state_dict({"state": {k: {n: torch.tensor(v._data) for n, v in s.items()}
                                     for k, s in state["state"].items()},
                           "param_groups": state["param_groups"]})
    for g, t in zip(gp, tp2):
        np.testing.assert_array_equal(gopt.state[g]["momentum_buffer"]._data, topt2.state[t]["momentum_buffer"])
    for i in range(14, 21):
        model.torch_step(torch, topt2, tp2, i)
        model.glassnet_step(gopt, gp, i)
    for g, t in zip(gp, tp2):
        np.testing.assert_allclose(g._data, t.detach().numpy(), atol=1e-3)


def test_defaults_and_signature_match_pytorch():
    import inspect

    g = glassnet.optim.Muon([glassnet.zeros(2, 2, requires_grad=True)]).param_groups[0]
    t = torch.optim.Muon([torch.zeros(2, 2, requires_grad=True)]).param_groups[0]
    assert {k: v for k, v in g.items() if k != "params"} == {k: v for k, v in t.items() if k != "params"}
    ours = [(p.name, p.kind, p.default) for p in inspect.signature(glassnet.optim.Muon).parameters.values()]
    assert ours == [(p.name, p.kind, p.default) for p in inspect.signature(torch.optim.Muon).parameters.values()]


def test_a_param_without_grad_is_skipped():
    a, b = glassnet.ones(2, 3, requires_grad=True), glassnet.ones(3, 2, requires_grad=True)
    opt = glassnet.optim.Muon([a, b], lr=0.1)
    a.grad = glassnet.ones(2, 3)
    opt.step()
    assert b not in opt.state and np.array_equal(b._data, np.ones((3, 2), dtype=np.float32))
    assert a._data.dtype == np.float32 and not np.array_equal(a._data, np.ones((2, 3)))


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr=-1), "Learning rate should be >= 0 but is: -1"),
    (dict(momentum=-0.5), "momentum should be >= 0 but is: -0.5"),
    (dict(weight_decay=-1), "weight decay should be >= 0 but is: -1"),
    (dict(adjust_lr_fn="rms"), "Adjust learning rate function rms is not supported"),
])
def test_bad_arguments_match_torch(kwargs, message):
    with pytest.raises(ValueError, match=message):
        torch.optim.Muon([torch.zeros(2, 2, requires_grad=True)], **kwargs)
    with pytest.raises(ValueError, match=message):
        glassnet.optim.Muon([glassnet.zeros(2, 2, requires_grad=True)], **kwargs)


@pytest.mark.parametrize("shape", [(3,), (2, 2, 2), ()], ids=str)
def test_only_2d_parameters(shape):
    with pytest.raises(ValueError, match=r"Muon only supports 2D parameters .* size: torch.Size"):
        torch.optim.Muon([torch.zeros(shape, requires_grad=True)])
    with pytest.raises(ValueError, match=r"Muon only supports 2D parameters .* size: glassnet.Size"):
        glassnet.optim.Muon([glassnet.zeros(shape, requires_grad=True)])


@pytest.mark.parametrize("kwargs, message", [
    (dict(ns_steps=100), "Number of steps must be less than 100"),
    (dict(ns_coefficients=(1.0, 2.0)), "Coefficients must be a tuple of exactly 3 values"),
])
def test_bad_newton_schulz_settings_fail_at_step_as_in_torch(kwargs, message):
    for lib, opt_cls in ((torch, torch.optim.Muon), (glassnet, glassnet.optim.Muon)):
        p = lib.ones(2, 3, requires_grad=True)
        opt = opt_cls([p], **kwargs)
        p.grad = lib.ones(2, 3)
        with pytest.raises(ValueError, match=message):
            opt.step()
