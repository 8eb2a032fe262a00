"""glassnet.optim.swa_utils against torch.optim.swa_utils: averaged weights and buffers, update_bn, SWALR."""

import copy
import inspect
import math
import re
from pathlib import Path

import numpy as np
import pytest
from optim_helpers import paired_optimizers

import glassnet
from glassnet import nn
from glassnet.optim import swa_utils as gswa

UPDATES = 5


def _torch():
    torch = pytest.importorskip("torch")
    return torch, torch.optim.swa_utils


def _twins(torch, seed: int = 0):
    """The same Linear + BatchNorm1d model (float64) in torch and in glassnet, torch's weights copied over."""
    torch.manual_seed(seed)
    tmodel = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.BatchNorm1d(5), torch.nn.ReLU(),
                                 torch.nn.Linear(5, 3)).double()
    gmodel = nn.Sequential(nn.Linear(4, 5), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 3)).double()
    gmodel.load_state_dict(tmodel.state_dict())
    return tmodel, gmodel


def _perturb(torch, tmodel, gmodel, rng) -> None:
    """Give both models the same new parameters and buffers (as training would), num_batches_tracked included."""
    new = {}
    for key, value in tmodel.state_dict().items():
        if key.endswith("num_batches_tracked"):
            new[key] = np.asarray(rng.integers(0, 50), dtype=np.int64)
        elif key.endswith("running_var"):
            new[key] = rng.uniform(0.5, 2.0, tuple(value.shape))
        else:
            new[key] = rng.normal(size=tuple(value.shape))
    tmodel.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in new.items()})
    gmodel.load_state_dict(new)


def _assert_state_close(gstate, tstate) -> None:
    assert list(gstate) == list(tstate)
    for key in tstate:
        g, t = gstate[key].numpy(), tstate[key].detach().numpy()
        assert g.dtype == t.dtype, key
        if g.dtype.kind == "f":
            np.testing.assert_allclose(g, t, rtol=1e-12, atol=1e-14, err_msg=key)
        else:
            np.testing.assert_array_equal(g, t, err_msg=key)


def _ema_custom_multi(decay):
    """A hand-written multi_avg_fn, valid for both frameworks; it records the groups it is given."""
    calls = []

    def fn(averaged, current, n):
        calls.append(sorted(str(p.dtype).split(".")[-1] for p in averaged))
        for a, c in zip(averaged, current, strict=True):
            a.copy_(a * decay + c * (1 - decay) + 0.01 * n)

    fn.calls = calls
    return fn


# name -> factory(swa_utils module) -> AveragedModel keyword arguments
CONFIGS = {
    "swa-default": lambda m: {},
    "swa-avg_fn": lambda m: {"avg_fn": m.get_swa_avg_fn()},
    "swa-multi_avg_fn": lambda m: {"multi_avg_fn": m.get_swa_multi_avg_fn()},
    "ema-avg_fn": lambda m: {"avg_fn": m.get_ema_avg_fn(0.9)},
    "ema-multi_avg_fn": lambda m: {"multi_avg_fn": m.get_ema_multi_avg_fn(0.9)},
    "ema-multi-decay-0": lambda m: {"multi_avg_fn": m.get_ema_multi_avg_fn(0.0)},
    "custom-avg_fn": lambda m: {"avg_fn": lambda avg, cur, n: avg + (cur - avg) * 2 / (n + 2)},
}


# get_swa_multi_avg_fn refuses num_batches_tracked with use_buffers (test_swa_multi_avg_fn_refuses_integer_buffers)
@pytest.mark.parametrize("key,use_buffers", [(k, b) for k in CONFIGS for b in (False, True)
                                             if not (k == "swa-multi_avg_fn" and b)])
def test_averaging_matches_torch(key, use_buffers):
    torch, tswa = _torch()
    tmodel, gmodel = _twins(torch)
    tavg = tswa.AveragedModel(tmodel, use_buffers=use_buffers, **CONFIGS[key](tswa))
    gavg = gswa.AveragedModel(gmodel, use_buffers=use_buffers, **CONFIGS[key](gswa))
    _assert_state_close(gavg.state_dict(), tavg.state_dict())
    rng = np.random.default_rng(1)
    for _ in range(UPDATES):
        _perturb(torch, tmodel, gmodel, rng)
        tavg.update_parameters(tmodel)
        gavg.update_parameters(gmodel)
        _assert_state_close(gavg.state_dict(), tavg.state_dict())
    assert int(gavg.n_averaged) == UPDATES
    x = rng.normal(size=(6, 4))
    tavg.eval()
    gavg.eval()
    np.testing.assert_allclose(gavg(glassnet.tensor(x)).detach().numpy(), tavg(torch.tensor(x)).detach().numpy(),
                               rtol=1e-12, atol=1e-14)


def test_swa_average_is_the_mean_of_the_models():
    gmodel = nn.Linear(3, 2).double()
    avg = gswa.AveragedModel(gmodel)
    seen = []
    for _ in range(4):
        with glassnet.no_grad():
            gmodel.weight.copy_(glassnet.randn(2, 3, dtype=glassnet.float64))
        seen.append(gmodel.weight.detach().numpy().copy())
        avg.update_parameters(gmodel)
    np.testing.assert_allclose(avg.module.weight.detach().numpy(), np.mean(seen, axis=0), rtol=1e-14)
    assert avg.module.weight is not gmodel.weight  # a deep copy, not the model's own parameters


def test_ema_with_decay_zero_copies_the_model_exactly():
    gmodel = nn.Linear(3, 2).double()
    avg = gswa.AveragedModel(gmodel, multi_avg_fn=gswa.get_ema_multi_avg_fn(0.0))
    for _ in range(3):
        with glassnet.no_grad():
            gmodel.weight.copy_(glassnet.randn(2, 3, dtype=glassnet.float64) * 1e3)
        avg.update_parameters(gmodel)
        np.testing.assert_array_equal(avg.module.weight.detach().numpy(), gmodel.weight.detach().numpy())


@pytest.mark.parametrize("use_buffers", [False, True])
def test_custom_multi_avg_fn_gets_torchs_groups_and_values(use_buffers):
    torch, tswa = _torch()
    tmodel, gmodel = _twins(torch)
    tfn, gfn = _ema_custom_multi(0.8), _ema_custom_multi(0.8)
    tavg = tswa.AveragedModel(tmodel, multi_avg_fn=tfn, use_buffers=use_buffers)
    gavg = gswa.AveragedModel(gmodel, multi_avg_fn=gfn, use_buffers=use_buffers)
    rng = np.random.default_rng(2)
    for _ in range(UPDATES):
        _perturb(torch, tmodel, gmodel, rng)
        tavg.update_parameters(tmodel)
        gavg.update_parameters(gmodel)
        _assert_state_close(gavg.state_dict(), tavg.state_dict())
    # one call per (device, dtype) group, every update after the first
    assert sorted(gfn.calls) == sorted(tfn.calls)
    assert len(gfn.calls) == (UPDATES - 1) * (2 if use_buffers else 1)


def test_buffers_are_copied_without_use_buffers():
    gmodel = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    avg = gswa.AveragedModel(gmodel)
    gmodel(glassnet.randn(8, 2))
    avg.update_parameters(gmodel)
    gmodel(glassnet.randn(8, 2) + 5)
    avg.update_parameters(gmodel)
    for b_avg, b_model in zip(avg.module.buffers(), gmodel.buffers(), strict=True):
        np.testing.assert_array_equal(b_avg.numpy(), b_model.numpy())


def test_state_dict_keys_and_loading_torchs():
    torch, tswa = _torch()
    tmodel, gmodel = _twins(torch)
    tavg = tswa.AveragedModel(tmodel, use_buffers=True)
    rng = np.random.default_rng(3)
    for _ in range(3):
        _perturb(torch, tmodel, gmodel, rng)
        tavg.update_parameters(tmodel)
    gavg = gswa.AveragedModel(gmodel, use_buffers=True)
    assert list(gavg.state_dict()) == list(tavg.state_dict())
    assert list(gavg.state_dict())[0] == "n_averaged"
    gavg.load_state_dict(tavg.state_dict())
    _assert_state_close(gavg.state_dict(), tavg.state_dict())
    assert int(gavg.n_averaged) == 3
    # the loaded count drives the next update as in torch
    _perturb(torch, tmodel, gmodel, rng)
    tavg.update_parameters(tmodel)
    gavg.update_parameters(gmodel)
    _assert_state_close(gavg.state_dict(), tavg.state_dict())
    # and back: glassnet's state_dict loads into a torch AveragedModel
    tback = tswa.AveragedModel(_twins(torch, seed=5)[0], use_buffers=True)
    tback.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in gavg.state_dict().items()})
    _assert_state_close(gavg.state_dict(), tback.state_dict())


def test_n_averaged_is_an_int64_buffer_and_forward_runs_the_copy():
    model = nn.Linear(2, 3)
    avg = gswa.AveragedModel(model, device="cpu")
    assert avg.n_averaged.dtype == glassnet.int64 and avg.n_averaged.shape == ()
    assert dict(avg.named_buffers())["n_averaged"] is avg.n_averaged
    assert [n for n, _ in avg.named_parameters()] == ["module.weight", "module.bias"]
    x = glassnet.randn(4, 2)
    avg.update_parameters(model)
    np.testing.assert_array_equal(avg(x).detach().numpy(), model(x).detach().numpy())
    assert avg.avg_fn is None and avg.multi_avg_fn is None and avg.use_buffers is False


# ---- update_bn ---------------------------------------------------------------------------------

def _bn_twins(torch):
    torch.manual_seed(0)
    tmodel = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(),
                                 torch.nn.Linear(4, 4), torch.nn.BatchNorm1d(4, momentum=0.3)).double()
    gmodel = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 4),
                           nn.BatchNorm1d(4, momentum=0.3)).double()
    gmodel.load_state_dict(tmodel.state_dict())
    return tmodel, gmodel


def _batches(rng):
    """Batches of several sizes and forms: (x, y) tuples, [x, y] lists and a bare tensor."""
    xs = [rng.normal(2.0, 3.0, size=(n, 3)) for n in (5, 8, 3, 7)]
    forms = ["tuple", "list", "tensor", "tuple"]
    return xs, forms


def _loader(xs, forms, make):
    out = []
    for x, form in zip(xs, forms, strict=True):
        y = make(np.zeros(len(x)))
        out.append({"tuple": (make(x), y), "list": [make(x), y], "tensor": make(x)}[form])
    return out


def test_update_bn_matches_torch():
    torch, tswa = _torch()
    tmodel, gmodel = _bn_twins(torch)
    xs, forms = _batches(np.random.default_rng(4))
    tmodel.eval()
    gmodel.eval()
    tswa.update_bn(_loader(xs, forms, torch.tensor), tmodel)
    gswa.update_bn(_loader(xs, forms, glassnet.tensor), gmodel)
    _assert_state_close(gmodel.state_dict(), tmodel.state_dict())
    assert int(gmodel[1].num_batches_tracked) == len(xs)
    # the momenta and the eval mode come back
    assert gmodel[1].momentum == 0.1 and gmodel[4].momentum == 0.3
    assert not gmodel.training and not any(m.training for m in gmodel.modules())


def test_update_bn_gives_the_plain_statistics_of_the_data():
    # momentum=None during the pass: the cumulative average over the batches, not an EMA
    bn = nn.BatchNorm1d(2, momentum=0.5).double()
    xs = [glassnet.tensor(np.random.default_rng(i).normal(i, 1.0, size=(10, 2))) for i in range(3)]
    gswa.update_bn(xs, bn)
    expected = np.mean([x.numpy().mean(0) for x in xs], axis=0)
    np.testing.assert_allclose(bn.running_mean.numpy(), expected, rtol=1e-12)
    assert bn.momentum == 0.5 and bn.training


def test_update_bn_on_an_averaged_model_matches_torch():
    torch, tswa = _torch()
    tmodel, gmodel = _bn_twins(torch)
    tavg, gavg = tswa.AveragedModel(tmodel), gswa.AveragedModel(gmodel)
    rng = np.random.default_rng(5)
    for _ in range(3):
        _perturb(torch, tmodel, gmodel, rng)
        tavg.update_parameters(tmodel)
        gavg.update_parameters(gmodel)
    xs, forms = _batches(rng)
    tswa.update_bn(_loader(xs, forms, torch.tensor), tavg)
    gswa.update_bn(_loader(xs, forms, glassnet.tensor), gavg, device="cpu")
    _assert_state_close(gavg.state_dict(), tavg.state_dict())


def test_update_bn_leaves_instance_norm_to_its_own_momentum_as_torch_does():
    torch, tswa = _torch()
    tmodel = torch.nn.Sequential(torch.nn.Conv1d(2, 3, 1), torch.nn.InstanceNorm1d(3, track_running_stats=True),
                                 torch.nn.BatchNorm1d(3)).double()
    gmodel = nn.Sequential(nn.Conv1d(2, 3, 1), nn.InstanceNorm1d(3, track_running_stats=True),
                           nn.BatchNorm1d(3)).double()
    gmodel.load_state_dict(tmodel.state_dict())
    rng = np.random.default_rng(6)
    xs = [rng.normal(1.0, 2.0, size=(4, 2, 5)) for _ in range(3)]
    tswa.update_bn([torch.tensor(x) for x in xs], tmodel)
    gswa.update_bn([glassnet.tensor(x) for x in xs], gmodel)
    _assert_state_close(gmodel.state_dict(), tmodel.state_dict())
    assert gmodel[1].momentum == 0.1


def test_update_bn_without_batchnorm_is_a_no_op():
    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU()).eval()

    def loader():
        raise AssertionError("the loader must not be read")
        yield  # pragma: no cover

    gswa.update_bn(loader(), model)
    assert not model.training


def test_update_bn_restores_momenta_when_the_pass_fails():
    model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)).eval()

    def loader():
        yield glassnet.randn(4, 2)
        raise RuntimeError("bad batch")

    with pytest.raises(RuntimeError, match="bad batch"):
        gswa.update_bn(loader(), model)
    assert model[1].momentum == 0.1 and not model.training


# ---- SWALR -------------------------------------------------------------------------------------

STEPS = 15


@pytest.mark.parametrize("strategy", ["cos", "linear"])
@pytest.mark.parametrize("anneal_epochs", [0, 1, 4, 10])
@pytest.mark.parametrize("swa_lr", [0.01, [0.02, 0.2]])
def test_swalr_lr_sequence_matches_torch(strategy, anneal_epochs, swa_lr):
    torch, tswa = _torch()
    go, to = paired_optimizers("SGD", {})  # two groups: lr 0.1 and 0.05
    gs = gswa.SWALR(go, swa_lr=swa_lr, anneal_epochs=anneal_epochs, anneal_strategy=strategy)
    ts = tswa.SWALR(to, swa_lr=swa_lr, anneal_epochs=anneal_epochs, anneal_strategy=strategy)
    for step in range(STEPS):
        np.testing.assert_allclose(gs.get_last_lr(), ts.get_last_lr(), rtol=1e-13, atol=1e-15,
                                   err_msg=f"step {step}")
        assert [g["lr"] for g in go.param_groups] == pytest.approx([g["lr"] for g in to.param_groups], rel=1e-13)
        assert [g["swa_lr"] for g in go.param_groups] == [g["swa_lr"] for g in to.param_groups]
        go.step()
        gs.step()
        to.step()
        ts.step()
    expected = swa_lr if isinstance(swa_lr, list) else [swa_lr, swa_lr]
    np.testing.assert_allclose(gs.get_last_lr(), expected, rtol=1e-12)


def test_swalr_closed_form_for_cosine():
    opt = glassnet.optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=1.0)
    sched = gswa.SWALR(opt, swa_lr=0.1, anneal_epochs=5)
    for step in range(8):
        alpha = (1 - math.cos(math.pi * min(step, 5) / 5)) / 2
        assert sched.get_last_lr()[0] == pytest.approx(0.1 * alpha + 1.0 * (1 - alpha), rel=1e-12)
        opt.step()
        sched.step()


def test_swalr_takes_over_from_another_scheduler_as_in_torch():
    torch, tswa = _torch()
    go, to = paired_optimizers("SGD", {"momentum": 0.9})
    g_first = glassnet.optim.lr_scheduler.CosineAnnealingLR(go, T_max=20)
    t_first = torch.optim.lr_scheduler.CosineAnnealingLR(to, T_max=20)
    gs = gswa.SWALR(go, swa_lr=0.03, anneal_epochs=3, anneal_strategy="linear")
    ts = tswa.SWALR(to, swa_lr=0.03, anneal_epochs=3, anneal_strategy="linear")
    for epoch in range(12):
        go.step()
        to.step()
        if epoch > 5:
            gs.step()
            ts.step()
        else:
            g_first.step()
            t_first.step()
        np.testing.assert_allclose([g["lr"] for g in go.param_groups], [g["lr"] for g in to.param_groups],
                                   rtol=1e-13, err_msg=f"epoch {epoch}")


def test_swalr_state_dict_round_trip_and_torchs_state():
    torch, tswa = _torch()
    go, to = paired_optimizers("SGD", {})
    gs = gswa.SWALR(go, swa_lr=[0.02, 0.01], anneal_epochs=6, anneal_strategy="linear")
    ts = tswa.SWALR(to, swa_lr=[0.02, 0.01], anneal_epochs=6, anneal_strategy="linear")
    for _ in range(3):
        go.step()
        gs.step()
        to.step()
        ts.step()
    state, tstate, opt_state = gs.state_dict(), copy.deepcopy(ts.state_dict()), go.state_dict()
    assert "optimizer" not in state and "anneal_func" not in state
    assert set(state) <= set(tstate)
    assert state["_anneal_strategy"] == "linear" and state["_step_count"] == tstate["_step_count"]
    expected = []
    for _ in range(5):
        to.step()
        ts.step()
        expected.append(ts.get_last_lr())

    # a cosine scheduler on a fresh optimizer resumes the linear schedule from glassnet's state or torch's
    for source in (state, tstate):
        go2, _ = paired_optimizers("SGD", {})
        resumed = gswa.SWALR(go2, swa_lr=0.5)
        go2.load_state_dict(opt_state)  # swa_lr and the current lr live in the param groups
        resumed.load_state_dict(source)
        assert resumed.anneal_func(0.25) == 0.25 and resumed.anneal_epochs == 6
        for lrs in expected:
            go2.step()
            resumed.step()
            np.testing.assert_allclose(resumed.get_last_lr(), lrs, rtol=1e-13)


def test_swalr_writes_swa_lr_into_the_groups():
    opt = glassnet.optim.SGD([{"params": [nn.Parameter(glassnet.zeros(1))]},
                              {"params": [nn.Parameter(glassnet.zeros(1))], "lr": 0.5}], lr=1.0)
    gswa.SWALR(opt, swa_lr=[0.1, 0.2])
    assert [g["swa_lr"] for g in opt.param_groups] == [0.1, 0.2]
    assert [g["initial_lr"] for g in opt.param_groups] == [1.0, 0.5]


# ---- errors, each as torch raises it -----------------------------------------------------------

def _both_raise(torch_call, glassnet_call, exc, match):
    with pytest.raises(exc, match=match):
        torch_call()
    with pytest.raises(exc, match=match) as info:
        glassnet_call()
    return str(info.value)


def test_swalr_errors_match_torch():
    torch, tswa = _torch()
    go, to = paired_optimizers("SGD", {})
    msg = _both_raise(lambda: tswa.SWALR(to, 0.1, anneal_strategy="cosine"),
                      lambda: gswa.SWALR(go, 0.1, anneal_strategy="cosine"),
                      ValueError, "anneal_strategy must be one of 'cos' or 'linear', instead got cosine")
    assert msg.startswith("SWALR")
    for bad in (-1, 2.5):
        _both_raise(lambda bad=bad: tswa.SWALR(to, 0.1, anneal_epochs=bad),
                    lambda bad=bad: gswa.SWALR(go, 0.1, anneal_epochs=bad),
                    ValueError, f"anneal_epochs must be equal or greater than 0, got {bad}")
    _both_raise(lambda: tswa.SWALR(to, [0.1, 0.2, 0.3]), lambda: gswa.SWALR(go, [0.1, 0.2, 0.3]),
                ValueError, "swa_lr must have the same length as optimizer.param_groups")
    _both_raise(lambda: tswa.SWALR(to, 0.1, last_epoch=3), lambda: gswa.SWALR(go, 0.1, last_epoch=3),
                KeyError, "initial_lr")


def test_averaging_errors_match_torch():
    torch, tswa = _torch()
    tmodel, gmodel = _twins(torch)
    _both_raise(lambda: tswa.AveragedModel(tmodel, avg_fn=tswa.get_swa_avg_fn(),
                                           multi_avg_fn=tswa.get_swa_multi_avg_fn()),
                lambda: gswa.AveragedModel(gmodel, avg_fn=gswa.get_swa_avg_fn(),
                                           multi_avg_fn=gswa.get_swa_multi_avg_fn()),
                AssertionError, "Only one of avg_fn and multi_avg_fn should be provided|only one of avg_fn")
    for bad in (-0.1, 1.5):
        for name in ("get_ema_avg_fn", "get_ema_multi_avg_fn"):
            _both_raise(lambda name=name, bad=bad: getattr(tswa, name)(bad),
                        lambda name=name, bad=bad: getattr(gswa, name)(bad),
                        ValueError, rf"Invalid decay value {bad} provided")


def test_swa_multi_avg_fn_refuses_integer_buffers():
    torch, tswa = _torch()
    tmodel, gmodel = _twins(torch)
    tavg = tswa.AveragedModel(tmodel, multi_avg_fn=tswa.get_swa_multi_avg_fn(), use_buffers=True)
    gavg = gswa.AveragedModel(gmodel, multi_avg_fn=gswa.get_swa_multi_avg_fn(), use_buffers=True)
    tavg.update_parameters(tmodel)
    gavg.update_parameters(gmodel)
    with pytest.raises(RuntimeError):
        tavg.update_parameters(tmodel)
    with pytest.raises(RuntimeError, match="get_swa_multi_avg_fn: cannot average tensors of dtype glassnet.int64"):
        gavg.update_parameters(gmodel)


def test_mismatched_buffers_raise():
    avg = gswa.AveragedModel(nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)))
    with pytest.raises(ValueError, match="AveragedModel.update_parameters: the model has 0 buffers"):
        avg.update_parameters(nn.Sequential(nn.Linear(2, 2), nn.Identity()))


# ---- the namespace -----------------------------------------------------------------------------

def test_namespace_matches_torch():
    torch, tswa = _torch()
    assert glassnet.optim.swa_utils is gswa
    assert "swa_utils" in glassnet.optim.__all__
    assert sorted(gswa.__all__) == sorted(tswa.__all__)
    assert issubclass(gswa.SWALR, glassnet.optim.lr_scheduler.LRScheduler)
    assert issubclass(gswa.AveragedModel, nn.Module)


@pytest.mark.parametrize("name", ["AveragedModel", "SWALR", "update_bn", "get_ema_multi_avg_fn",
                                  "get_swa_multi_avg_fn", "get_ema_avg_fn", "get_swa_avg_fn"])
def test_signatures_match_torch(name):
    _, tswa = _torch()

    def parameters(obj):
        target = obj.__init__ if isinstance(obj, type) else obj
        return [(p.name, p.kind, p.default) for p in inspect.signature(target).parameters.values()]

    assert parameters(getattr(gswa, name)) == parameters(getattr(tswa, name))


def test_readme_example_runs():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    code = next(b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if "AveragedModel" in b)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert int(scope["swa_model"].n_averaged) == 10 and int(scope["ema_model"].n_averaged) == 200
    assert scope["opt"].param_groups[0]["lr"] == pytest.approx(0.05)
    assert int(scope["swa_model"].module[1].num_batches_tracked) == len(scope["loader"])
