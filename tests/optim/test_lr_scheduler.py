"""Every scheduler produces PyTorch's lr sequence (and momentum for OneCycleLR) step for step."""

import math

import numpy as np
import pytest
from optim_helpers import momenta, paired_optimizers

import glassnet
from glassnet.optim import lr_scheduler as gls

torch = pytest.importorskip("torch")
tls = torch.optim.lr_scheduler

STEPS = 40

# name -> (optimizer name, optimizer kwargs, factory(lr_scheduler_module, optimizer) -> scheduler)
SCHEDULES = {
    "LambdaLR": ("SGD", {}, lambda m, o: m.LambdaLR(o, lambda e: 0.95 ** e)),
    "LambdaLR-per-group": ("SGD", {}, lambda m, o: m.LambdaLR(
        o, [lambda e: 1 / (e + 1), lambda e: 0.9 ** e])),
    "MultiplicativeLR": ("SGD", {}, lambda m, o: m.MultiplicativeLR(o, lambda e: 0.97)),
    "StepLR": ("SGD", {}, lambda m, o: m.StepLR(o, step_size=7, gamma=0.5)),
    "MultiStepLR": ("SGD", {}, lambda m, o: m.MultiStepLR(o, milestones=[5, 12, 12, 30], gamma=0.3)),
    "ConstantLR": ("SGD", {}, lambda m, o: m.ConstantLR(o)),
    "ConstantLR-custom": ("SGD", {}, lambda m, o: m.ConstantLR(o, factor=0.5, total_iters=10)),
    "LinearLR": ("SGD", {}, lambda m, o: m.LinearLR(o)),
    "LinearLR-decay": ("SGD", {}, lambda m, o: m.LinearLR(
        o, start_factor=1.0, end_factor=0.05, total_iters=25)),
    "ExponentialLR": ("SGD", {}, lambda m, o: m.ExponentialLR(o, gamma=0.9)),
    "PolynomialLR": ("SGD", {}, lambda m, o: m.PolynomialLR(o, total_iters=30, power=2.0)),
    "CosineAnnealingLR": ("SGD", {}, lambda m, o: m.CosineAnnealingLR(o, T_max=10)),
    "CosineAnnealingLR-eta_min": ("Adam", {}, lambda m, o: m.CosineAnnealingLR(
        o, T_max=15, eta_min=1e-4)),
    "CosineAnnealingWarmRestarts": ("SGD", {}, lambda m, o: m.CosineAnnealingWarmRestarts(o, T_0=5)),
    "CosineAnnealingWarmRestarts-mult": (
        "SGD", {}, lambda m, o: m.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001)),
    "SequentialLR-warmup-cosine": ("AdamW", {}, lambda m, o: m.SequentialLR(
        o, [m.LinearLR(o, start_factor=0.1, total_iters=5), m.CosineAnnealingLR(o, T_max=30)],
        milestones=[5])),
    "SequentialLR-three": ("SGD", {}, lambda m, o: m.SequentialLR(
        o, [m.ConstantLR(o, factor=0.2, total_iters=4), m.ExponentialLR(o, gamma=0.9),
            m.StepLR(o, step_size=3)], milestones=[6, 20])),
    "ChainedScheduler": ("SGD", {}, lambda m, o: m.ChainedScheduler(
        [m.ConstantLR(o, factor=0.5, total_iters=4), m.ExponentialLR(o, gamma=0.9)])),
    "OneCycleLR-SGD": ("SGD", {"momentum": 0.9}, lambda m, o: m.OneCycleLR(
        o, max_lr=[0.5, 0.05], total_steps=STEPS)),
    "OneCycleLR-Adam-linear": ("Adam", {}, lambda m, o: m.OneCycleLR(
        o, max_lr=0.01, epochs=4, steps_per_epoch=10, anneal_strategy="linear", pct_start=0.25)),
    "OneCycleLR-three-phase": ("SGD", {"momentum": 0.9}, lambda m, o: m.OneCycleLR(
        o, max_lr=0.1, total_steps=STEPS + 5, three_phase=True, div_factor=10.0, final_div_factor=100.0)),
    "OneCycleLR-no-momentum": ("RMSprop", {}, lambda m, o: m.OneCycleLR(
        o, max_lr=0.1, total_steps=STEPS, cycle_momentum=False)),
}


@pytest.mark.parametrize("key", list(SCHEDULES))
def test_lr_sequence_matches_torch(key):
    opt_name, kwargs, factory = SCHEDULES[key]
    go, to = paired_optimizers(opt_name, kwargs)
    gs, ts = factory(gls, go), factory(tls, to)
    for step in range(STEPS):
        np.testing.assert_allclose(gs.get_last_lr(), ts.get_last_lr(), rtol=1e-7, atol=1e-12,
                                   err_msg=f"{key} at step {step}")
        assert [g["lr"] for g in go.param_groups] == pytest.approx([g["lr"] for g in to.param_groups],
                                                                    rel=1e-7, abs=1e-12)
        if key.startswith("OneCycleLR"):
            np.testing.assert_allclose(momenta(go), momenta(to), rtol=1e-7)
        go.step()
        gs.step()
        to.step()
        ts.step()


def test_reduce_lr_on_plateau_matches_torch():
    metrics = [1.0, 0.9, 0.9, 0.95, 0.91, 0.92, 0.8, 0.8, 0.85, 0.9, 0.9, 0.9, 0.7, 0.7, 0.71, 0.72, 0.73,
               0.74, 0.75, 0.76, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    configs = [dict(), dict(patience=2), dict(mode="max", factor=0.5, patience=1, cooldown=2),
               dict(patience=1, threshold=0.05, threshold_mode="abs", min_lr=[0.01, 0.001]),
               dict(patience=0, factor=0.5, min_lr=0.02, eps=1e-3)]
    for cfg in configs:
        go, to = paired_optimizers("SGD", {})
        gs, ts = gls.ReduceLROnPlateau(go, **cfg), tls.ReduceLROnPlateau(to, **cfg)
        for step, m in enumerate(metrics):
            go.step()
            to.step()
            gs.step(m)
            ts.step(m)
            assert gs.get_last_lr() == pytest.approx(ts.get_last_lr(), rel=1e-12), f"{cfg} step {step}"
            assert gs.num_bad_epochs == ts.num_bad_epochs and gs.best == ts.best


@pytest.mark.parametrize("key", ["StepLR", "MultiStepLR", "CosineAnnealingLR", "SequentialLR-warmup-cosine",
                                 "OneCycleLR-SGD", "CosineAnnealingWarmRestarts-mult", "LambdaLR"])
def test_state_dict_resume_gives_the_uninterrupted_sequence(key):
    opt_name, kwargs, factory = SCHEDULES[key]
    go, _ = paired_optimizers(opt_name, kwargs)
    gs = factory(gls, go)
    straight = []
    for _ in range(25):
        go.step()
        gs.step()
        straight.append(gs.get_last_lr())

    go, _ = paired_optimizers(opt_name, kwargs)
    gs = factory(gls, go)
    resumed = []
    for _ in range(10):
        go.step()
        gs.step()
        resumed.append(gs.get_last_lr())
    opt_state, sched_state = go.state_dict(), gs.state_dict()
    go, _ = paired_optimizers(opt_name, kwargs)
    gs = factory(gls, go)  # build the scheduler first, then load (PyTorch's documented order)
    gs.load_state_dict(sched_state)
    go.load_state_dict(opt_state)
    for _ in range(15):
        go.step()
        gs.step()
        resumed.append(gs.get_last_lr())
    assert resumed == straight


def test_scheduler_sets_initial_lr_and_base_lrs():
    go, _ = paired_optimizers("SGD", {})
    s = gls.StepLR(go, step_size=2)
    assert [g["initial_lr"] for g in go.param_groups] == [0.1, 0.05] == s.base_lrs
    assert s.last_epoch == 0 and s.get_last_lr() == [0.1, 0.05]


def test_resuming_with_last_epoch_needs_initial_lr():
    go, _ = paired_optimizers("SGD", {})
    with pytest.raises(KeyError, match="initial_lr"):
        gls.StepLR(go, step_size=2, last_epoch=3)


def test_closed_form_via_explicit_epoch_warns_and_matches():
    go, _ = paired_optimizers("SGD", {})
    s = gls.CosineAnnealingLR(go, T_max=10)
    go.step()
    with pytest.warns(UserWarning, match="deprecated"):
        s.step(4)
    assert s.get_last_lr()[0] == pytest.approx(0.1 * (1 + math.cos(math.pi * 4 / 10)) / 2)


def test_multistep_milestones_survive_a_json_round_trip():
    import json

    go, _ = paired_optimizers("SGD", {})
    s = gls.MultiStepLR(go, milestones=[3, 6])
    state = json.loads(json.dumps(s.state_dict()))
    s2 = gls.MultiStepLR(go, milestones=[3, 6])
    s2.load_state_dict(state)
    assert s2.milestones == {3: 1, 6: 1}


def test_scheduler_state_dict_is_checkpointable():
    go, _ = paired_optimizers("SGD", {"momentum": 0.9})
    s = gls.OneCycleLR(go, max_lr=0.1, total_steps=10)
    state = s.state_dict()
    assert "optimizer" not in state and state["last_epoch"] == 0 and state["total_steps"] == 10


@pytest.mark.parametrize("build, error, message", [
    (lambda o: gls.StepLR("not an optimizer", 3), TypeError, "is not an Optimizer"),
    (lambda o: gls.LinearLR(o, start_factor=0), ValueError, "Starting multiplicative factor"),
    (lambda o: gls.LinearLR(o, end_factor=1.5), ValueError, "Ending multiplicative factor"),
    (lambda o: gls.ConstantLR(o, factor=2.0), ValueError, "between 0 and 1"),
    (lambda o: gls.LambdaLR(o, [lambda e: 1.0]), ValueError, "Expected 2 lr_lambdas, but got 1"),
    (lambda o: gls.ReduceLROnPlateau(o, factor=1.0), ValueError, "Factor should be < 1.0"),
    (lambda o: gls.ReduceLROnPlateau(o, mode="best"), ValueError, "mode best is unknown"),
    (lambda o: gls.ReduceLROnPlateau(o, threshold_mode="x"), ValueError, "threshold mode x is unknown"),
    (lambda o: gls.ReduceLROnPlateau(o, min_lr=[0.1]), ValueError, "expected 2 min_lrs, got 1"),
    (lambda o: gls.CosineAnnealingWarmRestarts(o, T_0=0), ValueError, "Expected positive integer T_0"),
    (lambda o: gls.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=0), ValueError, "T_mult >= 1"),
    (lambda o: gls.OneCycleLR(o, max_lr=0.1), ValueError, "total_steps OR"),
    (lambda o: gls.OneCycleLR(o, max_lr=0.1, total_steps=0), ValueError, "positive integer total_steps"),
    (lambda o: gls.OneCycleLR(o, max_lr=0.1, total_steps=5, pct_start=1.5), ValueError, "pct_start"),
    (lambda o: gls.OneCycleLR(o, max_lr=0.1, total_steps=5, anneal_strategy="x"), ValueError,
     "anneal_strategy"),
    (lambda o: gls.OneCycleLR(o, max_lr=[0.1], total_steps=5), ValueError,
     "max_lr must have the same length"),
    (lambda o: gls.SequentialLR(o, [gls.StepLR(o, 2), gls.StepLR(o, 3)], milestones=[]), ValueError,
     "one more than the number of milestone"),
    (lambda o: gls.SequentialLR(o, [gls.ReduceLROnPlateau(o)], milestones=[]), ValueError,
     "does not support `ReduceLROnPlateau`"),
])
def test_bad_arguments(build, error, message):
    go, _ = paired_optimizers("SGD", {})
    with pytest.raises(error, match=message):
        build(go)


def test_one_cycle_refuses_to_run_past_total_steps():
    go, _ = paired_optimizers("SGD", {"momentum": 0.9})
    s = gls.OneCycleLR(go, max_lr=0.1, total_steps=3)
    go.step()
    for _ in range(3):
        s.step()
    with pytest.raises(ValueError, match="Tried to step 4 times"):
        s.step()


def test_one_cycle_needs_momentum_or_betas():
    go, _ = paired_optimizers("Adagrad", {})
    with pytest.raises(ValueError, match="momentum or beta1"):
        gls.OneCycleLR(go, max_lr=0.1, total_steps=5)


def test_submodule_import_path():
    import glassnet.optim.lr_scheduler as mod

    assert mod is glassnet.optim.lr_scheduler and mod.OneCycleLR is gls.OneCycleLR


def test_stepping_the_scheduler_before_the_optimizer_warns():
    go, _ = paired_optimizers("SGD", {})
    s = gls.StepLR(go, step_size=2)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        s.step()


def test_the_right_order_does_not_warn():
    import warnings

    go, _ = paired_optimizers("SGD", {})
    s = gls.StepLR(go, step_size=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        go.step()
        s.step()
        s.step()
