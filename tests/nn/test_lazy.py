"""Lazy modules against torch: placeholders, materialisation on the first forward, class swap, state_dict."""

import copy

import numpy as np
import pytest
from conftest import assert_close, rand_array

import glassnet
import glassnet.nn as nn

torch = pytest.importorskip("torch")

# (lazy class name, constructor args, an input shape, the eager class it becomes)
CASES = [
    ("LazyLinear", (3,), (2, 5), "Linear"),
    ("LazyConv1d", (4, 3), (2, 3, 8), "Conv1d"),
    ("LazyConv2d", (4, 3), (2, 3, 6, 5), "Conv2d"),
    ("LazyConv2d", (4, 3), (3, 6, 5), "Conv2d"),
    ("LazyConv3d", (4, 2), (2, 3, 4, 3, 5), "Conv3d"),
    ("LazyConvTranspose1d", (4, 3), (2, 3, 5), "ConvTranspose1d"),
    ("LazyConvTranspose2d", (4, 3), (2, 3, 4, 5), "ConvTranspose2d"),
    ("LazyConvTranspose3d", (4, 2), (2, 3, 2, 3, 2), "ConvTranspose3d"),
    ("LazyBatchNorm1d", (), (4, 6), "BatchNorm1d"),
    ("LazyBatchNorm2d", (), (4, 3, 2, 2), "BatchNorm2d"),
    ("LazyBatchNorm3d", (), (2, 3, 2, 2, 2), "BatchNorm3d"),
    ("LazyInstanceNorm1d", (), (2, 3, 6), "InstanceNorm1d"),
    ("LazyInstanceNorm2d", (), (2, 3, 4, 4), "InstanceNorm2d"),
    ("LazyInstanceNorm3d", (), (2, 3, 2, 3, 2), "InstanceNorm3d"),
]


def _torch_state(m):
    return {k: glassnet.tensor(v.detach().numpy()) for k, v in m.state_dict().items()}


@pytest.mark.parametrize("name, args, shape, eager", CASES)
def test_first_forward_materialises_and_swaps_class(name, args, shape, eager):
    g, t = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
    assert g.has_uninitialized_params()
    assert list(g.state_dict()) == list(t.state_dict())
    assert all(isinstance(v, (nn.UninitializedParameter, nn.UninitializedBuffer))
               for k, v in g.state_dict().items() if k != "num_batches_tracked")
    params_before = list(g.parameters())
    x = rand_array(shape)
    g(glassnet.tensor(x)), t(torch.tensor(x))
    assert type(g) is getattr(nn, eager) and type(t).__name__ == eager
    assert not g._forward_pre_hooks
    # The same objects, now real Parameters: an optimizer built before the first call keeps working.
    assert [id(p) for p in g.parameters()] == [id(p) for p in params_before]
    assert all(type(p) is nn.Parameter for p in g.parameters())
    gs, ts = g.state_dict(), t.state_dict()
    assert {k: tuple(v.shape) for k, v in gs.items()} == {k: tuple(v.shape) for k, v in ts.items()}
    for attr in ("in_features", "in_channels", "num_features"):
        if hasattr(t, attr):
            assert getattr(g, attr) == getattr(t, attr)


@pytest.mark.parametrize("name, args, shape, eager", CASES)
def test_load_torch_state_dict_into_unmaterialised_module(name, args, shape, eager):
    t = getattr(torch.nn, name)(*args)
    x = rand_array(shape)
    t(torch.tensor(x))  # materialise torch's (and give BatchNorm running stats)
    g = getattr(nn, name)(*args)
    g.load_state_dict(_torch_state(t))
    assert not g.has_uninitialized_params()
    for attr in ("in_features", "in_channels", "num_features"):
        if hasattr(t, attr):
            assert getattr(g, attr) == getattr(t, attr)
    g.eval(), t.eval()
    gx, tx = glassnet.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    go, to = g(gx), t(tx)
    assert type(g) is getattr(nn, eager)
    assert_close(go, to)
    go.sum().backward()
    to.sum().backward()
    assert_close(gx.grad, tx.grad, rtol=1e-4, atol=1e-4)
    for (_, gp), (_, tp) in zip(g.named_parameters(), t.named_parameters()):
        assert_close(gp.grad, tp.grad, rtol=1e-4, atol=1e-4)


def test_lazy_state_dict_loads_into_lazy_module_and_stays_lazy():
    g = nn.LazyLinear(3)
    g.load_state_dict(nn.LazyLinear(3).state_dict())
    assert g.has_uninitialized_params() and isinstance(g.weight, nn.UninitializedParameter)
    assert g(glassnet.ones(2, 4)).shape == (2, 3)


def test_sequential_of_lazy_layers_loads_torch_checkpoint():
    t = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(16, 2))
    g = nn.Sequential(nn.LazyConv2d(4, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(2))
    g.load_state_dict(_torch_state(t))
    x = rand_array((2, 3, 4, 4))
    assert_close(g(glassnet.tensor(x)), t(torch.tensor(x)))
    assert type(g[0]) is nn.Conv2d and type(g[3]) is nn.Linear


def test_init_matches_the_eager_layer_bounds():
    g = nn.LazyLinear(50)
    g(glassnet.ones(1, 20))
    bound = 1 / np.sqrt(20)
    assert np.abs(g.weight._data).max() <= bound and np.abs(g.weight._data).max() > 0.9 * bound
    b = nn.LazyBatchNorm2d()
    b(glassnet.randn(2, 3, 2, 2))
    assert_close(b.weight, np.ones(3, np.float32))


def test_optimizer_built_before_first_call_trains_the_parameters():
    g = nn.LazyLinear(2)
    opt = glassnet.optim.SGD(g.parameters(), lr=0.1)
    g(glassnet.ones(1, 3)).sum().backward()
    before = g.weight._data.copy()
    opt.step()
    assert not np.allclose(before, g.weight._data)


def test_dtype_casts_and_deepcopy_before_materialisation():
    g = nn.LazyConv1d(2, 3).double()
    clone = copy.deepcopy(g)
    assert g(glassnet.randn(1, 4, 6, dtype=glassnet.float64)).dtype == glassnet.float64
    assert g.weight.dtype == glassnet.float64
    assert clone.has_uninitialized_params() and clone.weight.dtype == glassnet.float64
    assert repr(nn.UninitializedParameter()) == "<UninitializedParameter>"


def test_manual_materialize():
    p = nn.UninitializedParameter()
    p.materialize((2, 3))
    assert type(p) is nn.Parameter and p.shape == (2, 3) and p.requires_grad
    b = nn.UninitializedBuffer(dtype=glassnet.float64)
    b.materialize(4)
    assert type(b) is glassnet.Tensor and b.dtype == glassnet.float64


def test_bad_first_input_raises():
    with pytest.raises(RuntimeError, match=r"Expected 3D \(unbatched\) or 4D \(batched\) input to LazyConv2d"):
        nn.LazyConv2d(4, 3)(glassnet.randn(5, 5))
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.LazyConv1d(4, 3, groups=2)(glassnet.randn(1, 3, 5))
    with pytest.raises(ValueError, match="LazyBatchNorm2d: expected 4D input"):
        nn.LazyBatchNorm2d()(glassnet.randn(2, 3))


def test_saving_placeholders_is_a_clear_error_and_materialised_modules_round_trip(tmp_path):
    m = nn.Sequential(nn.LazyConv2d(4, 3), nn.Flatten(), nn.LazyLinear(2))
    with pytest.raises(TypeError, match="uninitialized parameter of a lazy module"):
        glassnet.save(m.state_dict(), tmp_path / "lazy.safetensors")
    x = glassnet.randn(1, 3, 5, 5)
    out = m(x)
    glassnet.save(m.state_dict(), tmp_path / "eager.safetensors")
    fresh = nn.Sequential(nn.LazyConv2d(4, 3), nn.Flatten(), nn.LazyLinear(2))
    fresh.load_state_dict(glassnet.load(tmp_path / "eager.safetensors"))
    assert_close(fresh(x), out)


def test_deepcopy_and_pickle_of_an_unmaterialised_model():
    import pickle

    m = nn.Sequential(nn.LazyConv2d(4, 3), nn.Flatten(), nn.LazyLinear(2))
    for clone in (copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert clone(glassnet.randn(1, 3, 5, 5)).shape == (1, 2)
        assert type(clone[2]) is nn.Linear
    assert m[0].has_uninitialized_params() and type(m[0]) is nn.LazyConv2d


def test_placeholders_at_torchs_module_path():
    from glassnet.nn.parameter import UninitializedBuffer, UninitializedParameter, is_lazy

    assert UninitializedParameter is nn.UninitializedParameter and UninitializedBuffer is nn.UninitializedBuffer
    assert is_lazy(nn.LazyLinear(2).weight) and not is_lazy(nn.Linear(2, 2).weight)
