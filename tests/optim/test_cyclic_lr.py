"""CyclicLR gives PyTorch's lr and momentum sequences over several cycles, resumes exactly, rejects bad args."""

import numpy as np
import pytest
from optim_helpers import momenta, paired_optimizers

from glassnet.optim import lr_scheduler as gls

torch = pytest.importorskip("torch")
tls = torch.optim.lr_scheduler

STEPS = 60  # several cycles for every case below


class Halving:
    """A callable-object scale_fn: its attributes are part of the scheduler's state_dict (as in torch)."""

    def __init__(self, base: float = 0.5) -> None:
        self.base = base

    def __call__(self, x: float) -> float:
        return self.base ** x


# name -> (optimizer name, optimizer kwargs, CyclicLR kwargs)
CASES = {
    "triangular-SGD": ("SGD", {"momentum": 0.9}, dict(base_lr=0.01, max_lr=0.1, step_size_up=5)),
    "triangular-uneven-Adam": ("Adam", {}, dict(base_lr=1e-4, max_lr=1e-2, step_size_up=3, step_size_down=7)),
    "triangular2-SGD": ("SGD", {"momentum": 0.5}, dict(base_lr=[0.01, 0.02], max_lr=[0.1, 0.3], step_size_up=4,
                                                        mode="triangular2", base_momentum=[0.7, 0.6],
                                                        max_momentum=[0.95, 0.9])),
    "triangular2-Adam": ("Adam", {}, dict(base_lr=0.001, max_lr=0.01, step_size_up=6, step_size_down=2,
                                          mode="triangular2")),
    "exp_range-SGD": ("SGD", {"momentum": 0.9}, dict(base_lr=0.01, max_lr=0.1, step_size_up=5, mode="exp_range",
                                                      gamma=0.97)),
    "exp_range-AdamW": ("AdamW", {}, dict(base_lr=0.001, max_lr=0.006, step_size_up=4, mode="exp_range",
                                          gamma=0.99)),
    "scale_fn-cycle": ("SGD", {"momentum": 0.9}, dict(base_lr=0.01, max_lr=0.1, step_size_up=3,
                                                       scale_fn=lambda c: 1 / c)),
    "scale_fn-iterations": ("Adam", {}, dict(base_lr=0.001, max_lr=0.01, step_size_up=5,
                                             scale_fn=lambda i: 0.99 ** i, scale_mode="iterations")),
    "no-momentum-RMSprop": ("RMSprop", {}, dict(base_lr=0.01, max_lr=0.1, step_size_up=4, cycle_momentum=False)),
    "no-momentum-Adagrad": ("Adagrad", {}, dict(base_lr=0.01, max_lr=0.1, step_size_up=4, cycle_momentum=False)),
}


@pytest.mark.parametrize("key", list(CASES))
def test_lr_and_momentum_sequences_match_torch(key):
    opt_name, opt_kwargs, kwargs = CASES[key]
    go, to = paired_optimizers(opt_name, opt_kwargs)
    gs, ts = gls.CyclicLR(go, **kwargs), tls.CyclicLR(to, **kwargs)
    assert gs.base_lrs == ts.base_lrs and gs.scale_mode == ts.scale_mode
    for step in range(STEPS):
        np.testing.assert_allclose(gs.get_last_lr(), ts.get_last_lr(), rtol=1e-12, atol=1e-15,
                                   err_msg=f"{key} lr at step {step}")
        np.testing.assert_allclose([g["lr"] for g in go.param_groups], [g["lr"] for g in to.param_groups],
                                   rtol=1e-12, atol=1e-15)
        assert momenta(go) == pytest.approx(momenta(to), rel=1e-12, nan_ok=True), f"{key} momentum at step {step}"
        go.step()
        to.step()
        gs.step()
        ts.step()


def test_triangular_reaches_max_lr_at_the_peak_and_base_lr_at_the_ends():
    go, _ = paired_optimizers("SGD", {"momentum": 0.9})
    s = gls.CyclicLR(go, base_lr=0.01, max_lr=0.1, step_size_up=4)
    seen = [s.get_last_lr()[0]]
    for _ in range(8):
        go.step()
        s.step()
        seen.append(s.get_last_lr()[0])
    assert seen[0] == pytest.approx(0.01) and seen[4] == pytest.approx(0.1) and seen[8] == pytest.approx(0.01)
    assert go.param_groups[0]["momentum"] == pytest.approx(0.9)


def _run(opt_name, opt_kwargs, kwargs, steps, state=None):
    go, _ = paired_optimizers(opt_name, opt_kwargs)
    s = gls.CyclicLR(go, **kwargs)
    if state is not None:
        s.load_state_dict(state[1])
        go.load_state_dict(state[0])
    seen = []
    for _ in range(steps):
        go.step()
        s.step()
        seen.append((s.get_last_lr(), momenta(go)))
    return go, s, seen


@pytest.mark.parametrize("key", ["triangular2-SGD", "exp_range-AdamW", "scale_fn-cycle"])
def test_state_dict_resume_gives_the_uninterrupted_sequence(key):
    opt_name, opt_kwargs, kwargs = CASES[key]
    _, _, straight = _run(opt_name, opt_kwargs, kwargs, 25)
    go, s, first = _run(opt_name, opt_kwargs, kwargs, 10)
    _, _, rest = _run(opt_name, opt_kwargs, kwargs, 15, state=(go.state_dict(), s.state_dict()))
    assert first + rest == straight


def test_state_dict_drops_functions_but_keeps_callable_objects_attributes():
    go, to = paired_optimizers("SGD", {"momentum": 0.9})
    s = gls.CyclicLR(go, 0.01, 0.1, step_size_up=3, scale_fn=lambda c: 1.0)
    assert s.state_dict()["_scale_fn_custom"] is None
    assert "optimizer" not in s.state_dict()

    fn = Halving(0.25)
    s = gls.CyclicLR(go, 0.01, 0.1, step_size_up=3, scale_fn=fn)
    state = s.state_dict()
    t_state = tls.CyclicLR(to, 0.01, 0.1, step_size_up=3, scale_fn=Halving(0.25)).state_dict()
    assert state["_scale_fn_custom"] == t_state["_scale_fn_custom"] == {"base": 0.25}
    public = {k for k in t_state if not k.startswith("_")}  # torch's private step bookkeeping differs
    assert public <= set(state) and "_scale_fn_custom" in state
    other = Halving(0.9)
    s2 = gls.CyclicLR(go, 0.01, 0.1, step_size_up=3, scale_fn=other)
    s2.load_state_dict(state)
    assert other.base == 0.25 and s2._scale_fn_custom is other


def test_torch_state_dict_loads_and_continues_like_torch():
    opt_name, opt_kwargs, kwargs = CASES["triangular2-SGD"]
    go, to = paired_optimizers(opt_name, opt_kwargs)
    ts = tls.CyclicLR(to, **kwargs)
    for _ in range(7):
        to.step()
        ts.step()
    gs = gls.CyclicLR(go, **kwargs)
    gs.load_state_dict(ts.state_dict())
    assert gs.last_epoch == ts.last_epoch == 7
    for _ in range(20):
        to.step()
        ts.step()
        go.step()
        gs.step()
        np.testing.assert_allclose(gs.get_last_lr(), ts.get_last_lr(), rtol=1e-12)
        np.testing.assert_allclose(momenta(go), momenta(to), rtol=1e-12)


def test_signature_matches_torch():
    import inspect

    ours = [(p.name, p.kind, p.default) for p in inspect.signature(gls.CyclicLR).parameters.values()]
    theirs = [(p.name, p.kind, p.default) for p in inspect.signature(tls.CyclicLR).parameters.values()]
    assert ours == theirs


def test_exported():
    assert "CyclicLR" in gls.__all__ and issubclass(gls.CyclicLR, gls.LRScheduler)


@pytest.mark.parametrize("opt_name, kwargs, error, message", [
    ("Adagrad", dict(base_lr=0.01, max_lr=0.1), ValueError, "optimizer must support momentum or beta1"),
    ("SGD", dict(base_lr=0.01, max_lr=0.1, mode="cosine"), ValueError, "mode is invalid and scale_fn is None"),
    ("SGD", dict(base_lr=[0.01], max_lr=0.1), ValueError,
     "base_lr must have the same length as optimizer.param_groups. base_lr has 1 values, param_groups has 2."),
    ("SGD", dict(base_lr=0.01, max_lr=[0.1, 0.2, 0.3]), ValueError, "max_lr must have the same length"),
    ("SGD", dict(base_lr=0.01, max_lr=0.1, max_momentum=[0.9]), ValueError, "max_momentum must have the same"),
])
def test_bad_arguments_match_torch(opt_name, kwargs, error, message):
    go, to = paired_optimizers(opt_name, {"momentum": 0.9} if opt_name == "SGD" else {})
    with pytest.raises(error, match=message):
        tls.CyclicLR(to, **kwargs)
    with pytest.raises(error, match=message):
        gls.CyclicLR(go, **kwargs)


def test_not_an_optimizer():
    with pytest.raises(TypeError, match="str is not an Optimizer"):
        gls.CyclicLR("sgd", 0.01, 0.1)


@pytest.mark.parametrize("name,kwargs", [("CyclicLR", dict(base_lr=0.1, max_lr=1.0)),
                                         ("OneCycleLR", dict(max_lr=1.0, total_steps=10))])
def test_cycle_momentum_needs_momentum_or_betas_as_in_torch(name, kwargs):
    go, to = paired_optimizers("Adagrad", {})
    with pytest.raises(ValueError) as theirs:
        getattr(torch.optim.lr_scheduler, name)(to, **kwargs)
    with pytest.raises(ValueError) as ours:
        getattr(gls, name)(go, **kwargs)
    assert str(ours.value) == str(theirs.value)
