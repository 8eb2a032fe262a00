"""Module: registration, traversal, modes, dtype, state_dict (incl. loading PyTorch's), hooks, repr."""

import copy
import pickle
from collections import OrderedDict

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.bn = nn.BatchNorm1d(8)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(8, 3)
        self.scale = nn.Parameter(gn.ones(1))
        self.register_buffer("step", gn.zeros(()))
        self.register_buffer("cache", gn.zeros(2), persistent=False)
        self.note = "plain attribute"

    def forward(self, x):
        return self.fc2(self.act(self.bn(self.fc1(x)))) * self.scale


def test_registration_and_traversal():
    m = Net()
    names = [n for n, _ in m.named_parameters()]
    assert names == ["scale", "fc1.weight", "fc1.bias", "bn.weight", "bn.bias", "fc2.weight", "fc2.bias"]
    assert len(list(m.parameters())) == 7
    assert [n for n, _ in m.named_buffers()] == ["step", "cache", "bn.running_mean", "bn.running_var",
                                                 "bn.num_batches_tracked"]
    assert [n for n, _ in m.named_children()] == ["fc1", "bn", "act", "fc2"]
    assert [n for n, _ in m.named_modules()] == ["", "fc1", "bn", "act", "fc2"]
    assert len(list(m.modules())) == 5
    assert [n for n, _ in m.named_parameters(recurse=False)] == ["scale"]
    assert m.note == "plain attribute" and "note" not in m._parameters
    assert m.get_submodule("fc1") is m.fc1 and m.get_parameter("fc2.bias") is m.fc2.bias
    assert m.num_parameters() == 1 + 4 * 8 + 8 + 8 + 8 + 8 * 3 + 3


def test_setattr_rules_and_delattr():
    m = Net()
    with pytest.raises(TypeError, match="parameter 'scale'"):
        m.scale = gn.ones(1)
    m.scale = None
    assert m.scale is None and "scale" not in dict(m.named_parameters())
    m.step = gn.ones(())  # assigning a tensor to a buffer name replaces the buffer
    assert m._buffers["step"].item() == 1
    del m.fc2
    assert "fc2" not in m._modules
    with pytest.raises(AttributeError):
        m.fc2
    m.extra = nn.Linear(2, 2)
    assert "extra" in m._modules
    m.extra = nn.Parameter(gn.zeros(2))  # re-assigning with another kind moves registries
    assert "extra" not in m._modules and "extra" in m._parameters


def test_shared_parameters_counted_once():
    lin = nn.Linear(3, 3)
    seq = nn.Sequential(lin, nn.ReLU(), lin)
    assert len(list(seq.parameters())) == 2
    assert list(seq.state_dict().keys()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_train_eval_zero_grad_requires_grad_apply():
    m = Net()
    assert m.training and m.bn.training
    m.eval()
    assert not m.training and not m.bn.training and not m.fc1.training
    m.train()
    assert m.bn.training
    out = m(gn.randn(5, 4)).sum()
    out.backward()
    assert all(p.grad is not None for p in m.parameters())
    m.zero_grad(set_to_none=False)
    assert all(float(abs(p.grad).sum()) == 0 for p in m.parameters())
    m.zero_grad()
    assert all(p.grad is None for p in m.parameters())
    m.requires_grad_(False)
    assert not any(p.requires_grad for p in m.parameters())
    seen = []
    m.apply(lambda mod: seen.append(type(mod).__name__))
    assert seen == ["Linear", "BatchNorm1d", "ReLU", "Linear", "Net"]


def test_to_double_keeps_parameter_identity():
    m = Net()
    w = m.fc1.weight
    m.double()
    assert m.fc1.weight is w and w.dtype == gn.float64
    assert m.bn.running_mean.dtype == gn.float64
    assert m.bn.num_batches_tracked.dtype == gn.int64  # integer buffers are left alone
    m.to(gn.float32)
    assert w.dtype == gn.float32
    assert m.to("cpu") is m
    with pytest.raises(RuntimeError, match="device 'cuda' is not available"):  # more in test_device.py
        m.to("cuda")


def test_state_dict_order_and_detach():
    m = Net()
    sd = m.state_dict()
    assert list(sd.keys()) == ["scale", "step", "fc1.weight", "fc1.bias", "bn.weight", "bn.bias",
                               "bn.running_mean", "bn.running_var", "bn.num_batches_tracked",
                               "fc2.weight", "fc2.bias"]
    assert isinstance(sd, OrderedDict)
    assert not sd["fc1.weight"].requires_grad and not isinstance(sd["fc1.weight"], nn.Parameter)
    assert np.shares_memory(sd["fc1.weight"]._data, m.fc1.weight._data)
    assert m.state_dict(keep_vars=True)["fc1.weight"] is m.fc1.weight
    assert list(m.fc1.state_dict(prefix="a.").keys()) == ["a.weight", "a.bias"]


def test_state_dict_round_trip_in_place():
    a, b = Net(), Net()
    w = b.fc1.weight
    b.load_state_dict(a.state_dict())
    assert b.fc1.weight is w
    for (k, v), (_, u) in zip(a.state_dict().items(), b.state_dict().items()):
        np.testing.assert_array_equal(v._data, u._data, err_msg=k)
    # numpy values load too
    b.load_state_dict({k: v._data * 0 for k, v in a.state_dict().items()})
    assert float(abs(b.fc1.weight).sum()) == 0


def test_load_state_dict_errors_and_non_strict():
    m = Net()
    sd = m.state_dict()
    del sd["fc2.bias"]
    sd["bogus"] = gn.zeros(1)
    with pytest.raises(RuntimeError) as e:
        m.load_state_dict(sd)
    msg = str(e.value)
    assert "Net" in msg and 'Missing key(s) in state_dict: "fc2.bias"' in msg
    assert 'Unexpected key(s) in state_dict: "bogus"' in msg
    res = m.load_state_dict(sd, strict=False)
    assert res.missing_keys == ["fc2.bias"] and res.unexpected_keys == ["bogus"]
    sd = m.state_dict()
    sd["fc1.weight"] = gn.zeros(3, 3)
    with pytest.raises(RuntimeError, match=r"size mismatch for fc1.weight.*\(3, 3\).*\(8, 4\)"):
        m.load_state_dict(sd, strict=False)


def test_loads_pytorch_state_dict():
    torch = pytest.importorskip("torch")
    tm = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(),
                             torch.nn.Linear(8, 3))
    tm.train()
    tm(torch.randn(6, 4))  # move the running stats away from their defaults
    tm.eval()
    gm = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3)).eval()
    assert list(gm.state_dict().keys()) == list(tm.state_dict().keys())
    gm.load_state_dict(tm.state_dict())
    x = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    np.testing.assert_allclose(gm(gn.tensor(x))._data, tm(torch.tensor(x)).detach().numpy(), rtol=1e-5,
                               atol=1e-6)
    assert gm[1].num_batches_tracked.item() == 1


def test_forward_hooks_and_pre_hooks():
    lin = nn.Linear(2, 2)
    calls = []
    h1 = lin.register_forward_pre_hook(lambda m, args: calls.append(("pre", args[0].shape)))
    h2 = lin.register_forward_hook(lambda m, args, out: out * 0)
    out = lin(gn.ones(3, 2))
    assert calls == [("pre", (3, 2))] and float(abs(out).sum()) == 0
    h1.remove()
    h2.remove()
    out = lin(gn.ones(3, 2))
    assert len(calls) == 1 and float(abs(out).sum()) > 0
    lin.register_forward_pre_hook(lambda m, args: (args[0] * 2,))
    np.testing.assert_allclose(lin(gn.ones(1, 2))._data, (gn.ones(1, 2) * 2 @ lin.weight.T + lin.bias)._data)


def test_full_backward_hook_matches_torch():
    torch = pytest.importorskip("torch")
    rec, trec = {}, {}
    lin = nn.Linear(3, 2)
    tl = torch.nn.Linear(3, 2)
    tl.load_state_dict({k: torch.tensor(v._data) for k, v in lin.state_dict().items()})
    lin.register_full_backward_hook(lambda m, gi, go: rec.update(gi=gi, go=go))
    tl.register_full_backward_hook(lambda m, gi, go: trec.update(gi=gi, go=go))
    x = np.random.default_rng(1).standard_normal((4, 3)).astype(np.float32)
    gx = gn.tensor(x, requires_grad=True)
    tx = torch.tensor(x, requires_grad=True)
    (lin(gx) ** 2).sum().backward()
    (tl(tx) ** 2).sum().backward()
    np.testing.assert_allclose(rec["go"][0]._data, trec["go"][0].numpy(), rtol=1e-5)
    np.testing.assert_allclose(rec["gi"][0]._data, trec["gi"][0].numpy(), rtol=1e-5)
    np.testing.assert_allclose(gx.grad._data, tx.grad.numpy(), rtol=1e-5)
    # an input that does not require grad: grad_input is (None,), as in PyTorch
    rec.clear()
    (lin(gn.tensor(x)) ** 2).sum().backward()
    assert rec["gi"] == (None,) and rec["go"][0].shape == (4, 2)


def test_backward_hook_can_replace_grad_input():
    lin = nn.Linear(3, 2)
    lin.register_full_backward_hook(lambda m, gi, go: (gi[0] * 0,))
    x = gn.randn(4, 3, requires_grad=True)
    lin(x).sum().backward()
    assert float(abs(x.grad).sum()) == 0
    assert lin.weight.grad is not None


def test_repr_nested_like_pytorch():
    m = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU(), nn.Dropout(0.1)))
    assert repr(m) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
        "  (1): Sequential(\n"
        "    (0): ReLU()\n"
        "    (1): Dropout(p=0.1, inplace=False)\n"
        "  )\n"
        ")"
    )
    assert repr(nn.Parameter(gn.zeros(2))).startswith("Parameter containing:\ntensor(")


def test_parameter_semantics():
    p = nn.Parameter(gn.ones(2, 2))
    assert p.requires_grad and p.is_leaf
    q = p * 2
    assert type(q) is gn.Tensor  # ops return plain tensors
    assert not nn.Parameter(gn.ones(2), requires_grad=False).requires_grad
    arr = np.ones(3, dtype=np.float32)
    assert np.shares_memory(nn.Parameter(gn.from_numpy(arr))._data, arr)


def test_deepcopy_and_pickle():
    m = Net()
    c = copy.deepcopy(m)
    assert isinstance(c.fc1.weight, nn.Parameter) and c.fc1.weight is not m.fc1.weight
    np.testing.assert_array_equal(c.fc1.weight._data, m.fc1.weight._data)
    c.fc1.weight._data[...] = 0
    assert float(abs(m.fc1.weight).sum()) > 0
    r = pickle.loads(pickle.dumps(m))
    np.testing.assert_array_equal(r.fc2.weight._data, m.fc2.weight._data)
    x = gn.randn(3, 4)
    m.eval()
    r.eval()
    np.testing.assert_allclose(r(x)._data, m(x)._data)


def test_missing_forward_is_clear():
    with pytest.raises(NotImplementedError, match="forward"):
        nn.Module()(1)


def test_backward_hook_on_tuple_outputs():
    class Two(nn.Module):
        def forward(self, x, y):
            return x * 2, x * y

    m = Two()
    rec = {}
    m.register_full_backward_hook(lambda mod, gi, go: rec.update(gi=gi, go=go))
    x = gn.tensor([1.0, 2.0], requires_grad=True)
    y = gn.tensor([3.0, 4.0], requires_grad=True)
    a, b = m(x, y)
    (a.sum() + b.sum()).backward()
    np.testing.assert_allclose(rec["go"][0]._data, [1, 1])
    np.testing.assert_allclose(rec["gi"][0]._data, [5, 6])  # d/dx (2x + xy) = 2 + y
    np.testing.assert_allclose(rec["gi"][1]._data, [1, 2])


def test_load_state_dict_result_prints_as_torch_does():
    torch = pytest.importorskip("torch")
    src, dst = gn.nn.Linear(2, 2), gn.nn.Linear(2, 2)
    ok = dst.load_state_dict(src.state_dict())
    t_ok = torch.nn.Linear(2, 2).load_state_dict(torch.nn.Linear(2, 2).state_dict())
    assert repr(ok) == repr(t_ok) == str(ok) == "<All keys matched successfully>"
    partial = dst.load_state_dict({"weight": src.weight.detach()}, strict=False)
    t_partial = torch.nn.Linear(2, 2).load_state_dict({"weight": torch.zeros(2, 2)}, strict=False)
    assert repr(partial) == repr(t_partial)
    assert partial.missing_keys == ["bias"] and not partial.unexpected_keys
