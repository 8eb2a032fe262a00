"""The Optimizer base: param groups, zero_grad, closures, skipping params without grads, state_dict."""

import copy

import numpy as np
import pytest
from optim_helpers import TinyMLP

import glassnet
from glassnet.optim import SGD, Adam, Optimizer


def _params():
    return [glassnet.tensor([1.0, 2.0], requires_grad=True), glassnet.tensor([3.0], requires_grad=True)]


def test_param_groups_take_defaults_and_their_own_options():
    a, b = _params()
    opt = SGD([{"params": [a]}, {"params": b, "lr": 0.5}], lr=0.1, momentum=0.9)
    assert opt.param_groups[0]["lr"] == 0.1 and opt.param_groups[1]["lr"] == 0.5
    assert opt.param_groups[1]["params"] == [b] and opt.param_groups[1]["momentum"] == 0.9
    assert opt.defaults["lr"] == 0.1


def test_add_param_group_and_its_errors():
    a, b = _params()
    opt = SGD([a], lr=0.1)
    opt.add_param_group({"params": [b], "lr": 0.01})
    assert len(opt.param_groups) == 2 and opt.param_groups[1]["lr"] == 0.01
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [a]})
    with pytest.raises(TypeError, match="ordered collections"):
        opt.add_param_group({"params": {glassnet.zeros(1, requires_grad=True)}})
    with pytest.raises(TypeError, match="can only optimize Tensors"):
        opt.add_param_group({"params": [np.zeros(2)]})


def test_constructor_errors():
    with pytest.raises(ValueError, match="empty parameter list"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match="iterable of Tensors or dicts"):
        SGD(glassnet.zeros(2, requires_grad=True), lr=0.1)
    x = glassnet.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match="non-leaf"):
        SGD([x * 2], lr=0.1)


def test_params_may_be_a_generator_and_named():
    a, b = _params()
    opt = SGD((p for p in [a, b]), lr=0.1)
    assert opt.param_groups[0]["params"] == [a, b]
    named = SGD([("w", a), ("b", b)], lr=0.1)
    assert named.param_groups[0]["param_names"] == ["w", "b"]


def test_zero_grad_to_none_or_to_zeros_in_place():
    a, b = _params()
    opt = SGD([a, b], lr=0.1)
    (a.sum() + b.sum()).backward()
    grad = a.grad
    opt.zero_grad(set_to_none=False)
    assert a.grad is grad and np.all(a.grad._data == 0)
    opt.zero_grad()
    assert a.grad is None and b.grad is None


def test_params_without_grad_are_skipped_and_get_no_state():
    a, b = _params()
    opt = Adam([a, b], lr=0.1)
    a.sum().backward()
    opt.step()
    assert np.all(b._data == [3.0])
    assert b not in opt.state and opt.state[a]["step"] == 1


def test_step_evaluates_the_closure_with_grad_enabled():
    a, _ = _params()
    opt = SGD([a], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (a * a).sum()
        loss.backward()
        return loss

    with glassnet.no_grad():
        loss = opt.step(closure)
    assert loss.item() == 5.0
    np.testing.assert_allclose(a._data, [0.8, 1.6])


def test_update_is_in_place_and_leaves_grad_alone():
    a, _ = _params()
    data = a._data
    opt = SGD([a], lr=0.1, momentum=0.9, weight_decay=0.1, maximize=True)
    (a * 2).sum().backward()
    opt.step()
    assert a._data is data
    np.testing.assert_array_equal(a.grad._data, [2.0, 2.0])


def test_state_dict_layout_is_pytorchs():
    model = TinyMLP()
    params = model.glassnet_params()
    opt = Adam([{"params": params[:2]}, {"params": params[2:], "lr": 0.1}], lr=0.01, amsgrad=True)
    model.glassnet_step(opt, params, 0)
    sd = opt.state_dict()
    assert [g["params"] for g in sd["param_groups"]] == [[0, 1], [2, 3]]
    assert sd["param_groups"][1]["lr"] == 0.1 and sd["param_groups"][0]["betas"] == (0.9, 0.999)
    assert sorted(sd["state"]) == [0, 1, 2, 3]
    s0 = sd["state"][0]
    assert set(s0) == {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"} and s0["step"] == 1
    assert isinstance(s0["exp_avg"], glassnet.Tensor) and s0["exp_avg"].shape == (4, 8)
    # values are snapshots: stepping on does not change a saved state_dict
    before = s0["exp_avg"]._data.copy()
    model.glassnet_step(opt, params, 1)
    np.testing.assert_array_equal(s0["exp_avg"]._data, before)


def _allowed(value):
    if isinstance(value, dict):
        return all(isinstance(k, (int, str)) and _allowed(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_allowed(v) for v in value)
    return value is None or isinstance(value, (glassnet.Tensor, bool, int, float, str))


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"])
def test_state_dict_holds_only_checkpointable_values(name):
    model = TinyMLP()
    params = model.glassnet_params()
    kw = dict(momentum=0.9) if name in ("SGD", "RMSprop") else {}
    opt = getattr(glassnet.optim, name)(params, lr=0.01, **kw)
    model.glassnet_step(opt, params, 0)
    assert _allowed(opt.state_dict())


def test_load_state_dict_validates_groups():
    a, b = _params()
    sd = SGD([a, b], lr=0.1).state_dict()
    with pytest.raises(ValueError, match="different number of parameter groups"):
        SGD([{"params": [a]}, {"params": [b]}], lr=0.1).load_state_dict(sd)
    with pytest.raises(ValueError, match="doesn't match the size"):
        SGD([a], lr=0.1).load_state_dict(sd)


def test_load_state_dict_restores_group_options_and_accepts_string_keys():
    model = TinyMLP()
    params = model.glassnet_params()
    opt = SGD(params, lr=0.1, momentum=0.9)
    model.glassnet_step(opt, params, 0)
    sd = opt.state_dict()
    sd["param_groups"][0]["lr"] = 0.05
    as_json = {"state": {str(k): v for k, v in sd["state"].items()},
               "param_groups": [dict(g, params=list(g["params"])) for g in sd["param_groups"]]}
    fresh = SGD(params, lr=0.1, momentum=0.9)
    fresh.load_state_dict(as_json)
    assert fresh.param_groups[0]["lr"] == 0.05 and fresh.param_groups[0]["params"][0] is params[0]
    np.testing.assert_array_equal(fresh.state[params[0]]["momentum_buffer"]._data,
                                  opt.state[params[0]]["momentum_buffer"]._data)
    # loaded buffers are owned copies
    assert fresh.state[params[0]]["momentum_buffer"]._data is not sd["state"][0]["momentum_buffer"]._data


def test_optimizer_deepcopies():
    model = TinyMLP()
    params = model.glassnet_params()
    opt = Adam(params, lr=0.01)
    model.glassnet_step(opt, params, 0)
    clone = copy.deepcopy(opt)
    assert clone.state_dict()["state"][0]["step"] == 1


def test_a_pytorch_state_dict_loads_and_continues_identically():
    torch = pytest.importorskip("torch")
    model = TinyMLP()
    tp = model.torch_params(torch)
    topt = torch.optim.Adam(tp, lr=0.01, amsgrad=True, foreach=False)
    for i in range(5):
        model.torch_step(torch, topt, tp, i)
    gp = [glassnet.tensor(p.detach().numpy().copy(), requires_grad=True) for p in tp]
    gopt = Adam(gp, lr=0.01, amsgrad=True)
    gopt.load_state_dict(topt.state_dict())
    assert gopt.state[gp[0]]["step"] == 5
    for i in range(5, 10):
        model.torch_step(torch, topt, tp, i)
        model.glassnet_step(gopt, gp, i)
    for g, t in zip(gp, tp):
        np.testing.assert_allclose(g._data, t.detach().numpy(), rtol=1e-10)


def test_a_glassnet_state_dict_loads_into_pytorch():
    torch = pytest.importorskip("torch")
    model = TinyMLP()
    gp = model.glassnet_params()
    gopt = SGD(gp, lr=0.1, momentum=0.9)
    for i in range(3):
        model.glassnet_step(gopt, gp, i)
    sd = gopt.state_dict()
    as_torch = {"state": {k: {n: torch.tensor(v._data) if isinstance(v, glassnet.Tensor) else v
                              for n, v in s.items()} for k, s in sd["state"].items()},
                "param_groups": sd["param_groups"]}
    tp = [torch.tensor(p._data.copy(), requires_grad=True) for p in gp]
    topt = torch.optim.SGD(tp, lr=0.1, momentum=0.9, foreach=False)
    topt.load_state_dict(as_torch)
    for i in range(3, 6):
        model.torch_step(torch, topt, tp, i)
        model.glassnet_step(gopt, gp, i)
    for g, t in zip(gp, tp):
        np.testing.assert_allclose(g._data, t.detach().numpy(), rtol=1e-10)


def test_subclass_without_update_rule_says_what_is_missing():
    class Nothing(Optimizer):
        pass

    a, _ = _params()
    opt = Nothing([a], {"lr": 0.1})
    a.sum().backward()
    with pytest.raises(NotImplementedError, match="Nothing must implement _update"):
        opt.step()


def test_repr_lists_groups():
    a, _ = _params()
    text = repr(SGD([a], lr=0.1))
    assert text.startswith("SGD (") and "Parameter Group 0" in text and "lr: 0.1" in text
