"""BatchNorm1d/2d, LayerNorm, GroupNorm: PyTorch parity (values, grads, running stats), modes, gradchecks."""

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn as nn
import glassnet.nn.functional as F
from glassnet.autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
RNG = np.random.default_rng(0)


def _rand(*shape, dtype=np.float32):
    return (RNG.standard_normal(shape) * 2 + 0.5).astype(dtype)


def _step(gm, tm, x, check_param_grads=True):
    gx, tx = gn.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    gy, ty = gm(gx), tm(tx)
    np.testing.assert_allclose(gy._data, ty.detach().numpy(), rtol=1e-4, atol=1e-5)
    g = _rand(*x.shape)
    gy.backward(gn.tensor(g))
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(gx.grad._data, tx.grad.numpy(), rtol=1e-4, atol=1e-5)
    if check_param_grads:
        for (name, p), tp in zip(gm.named_parameters(), tm.parameters()):
            np.testing.assert_allclose(p.grad._data, tp.grad.numpy(), rtol=1e-4, atol=1e-4, err_msg=name)
    gm.zero_grad()
    tm.zero_grad()


@pytest.mark.parametrize("cls,shape", [("BatchNorm1d", (6, 3)), ("BatchNorm1d", (4, 3, 5)),
                                       ("BatchNorm2d", (4, 3, 5, 2))])
@pytest.mark.parametrize("momentum", [0.1, None])
@pytest.mark.parametrize("affine", [True, False])
def test_batchnorm_training_eval_and_running_stats(cls, shape, momentum, affine):
    gm = getattr(nn, cls)(3, momentum=momentum, affine=affine)
    tm = getattr(torch.nn, cls)(3, momentum=momentum, affine=affine)
    if affine:
        with torch.no_grad():
            tm.weight.uniform_(0.5, 1.5)
            tm.bias.uniform_(-0.5, 0.5)
    gm.load_state_dict(tm.state_dict())
    for _ in range(3):
        _step(gm, tm, _rand(*shape), affine)
    for k, v in tm.state_dict().items():
        np.testing.assert_allclose(gm.state_dict()[k]._data, v.numpy(), rtol=1e-5, atol=1e-6, err_msg=k)
    assert gm.num_batches_tracked.item() == 3
    gm.eval()
    tm.eval()
    _step(gm, tm, _rand(*shape), affine)
    assert gm.num_batches_tracked.item() == 3  # eval does not touch the statistics


def test_batchnorm_without_running_stats_uses_batch_stats_in_eval():
    gm = nn.BatchNorm2d(2, track_running_stats=False).eval()
    tm = torch.nn.BatchNorm2d(2, track_running_stats=False).eval()
    assert list(gm.state_dict()) == list(tm.state_dict()) == ["weight", "bias"]
    _step(gm, tm, _rand(3, 2, 2, 2))


def test_batchnorm_errors():
    with pytest.raises(ValueError, match=r"BatchNorm2d: expected 4D input \(got 3D"):
        nn.BatchNorm2d(3)(gn.ones(2, 3, 4))
    with pytest.raises(ValueError, match=r"BatchNorm1d\(3\).*4 channels"):
        nn.BatchNorm1d(3)(gn.ones(2, 4))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(3)(gn.ones(1, 3))
    expected = "BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)"
    assert repr(nn.BatchNorm2d(4)) == expected


@pytest.mark.parametrize("shape,normalized", [((4, 6), 6), ((2, 3, 4, 5), (4, 5)), ((3, 5, 7), [7])])
@pytest.mark.parametrize("affine,bias", [(True, True), (True, False), (False, False)])
def test_layernorm(shape, normalized, affine, bias):
    gm = nn.LayerNorm(normalized, elementwise_affine=affine, bias=bias)
    tm = torch.nn.LayerNorm(normalized, elementwise_affine=affine, bias=bias)
    if affine:
        with torch.no_grad():
            tm.weight.uniform_(0.5, 1.5)
            if bias:
                tm.bias.uniform_(-0.5, 0.5)
        gm.load_state_dict(tm.state_dict())
    _step(gm, tm, _rand(*shape))


@pytest.mark.parametrize("shape,groups", [((4, 8), 2), ((2, 6, 5), 2), ((2, 4, 3, 3), 4), ((3, 4, 2, 2), 1)])
@pytest.mark.parametrize("affine", [True, False])
def test_groupnorm(shape, groups, affine):
    gm = nn.GroupNorm(groups, shape[1], affine=affine)
    tm = torch.nn.GroupNorm(groups, shape[1], affine=affine)
    if affine:
        with torch.no_grad():
            tm.weight.uniform_(0.5, 1.5)
            tm.bias.uniform_(-0.5, 0.5)
        gm.load_state_dict(tm.state_dict())
    _step(gm, tm, _rand(*shape))


def test_groupnorm_errors():
    with pytest.raises(ValueError, match="divisible"):
        nn.GroupNorm(4, 6)
    with pytest.raises(ValueError, match="channels"):
        nn.GroupNorm(2, 6)(gn.ones(2, 4, 3))


def _d(*shape):
    return gn.tensor(_rand(*shape, dtype=np.float64), requires_grad=True)


def test_norm_gradchecks():
    x, w, b = _d(4, 3, 2), _d(3), _d(3)
    rm, rv = gn.zeros(3, dtype=gn.float64), gn.ones(3, dtype=gn.float64)
    assert gradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), (x, w, b))
    assert gradcheck(lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training=False), (x, w, b))
    assert gradcheck(lambda x: F.batch_norm(x, None, None, training=True), (x,))
    lw, lb = _d(3, 2), _d(3, 2)
    assert gradcheck(lambda x, w, b: F.layer_norm(x, (3, 2), w, b), (x, lw, lb))
    gx = _d(2, 4, 3)
    gw, gb = _d(4), _d(4)
    assert gradcheck(lambda x, w, b: F.group_norm(x, 2, w, b), (gx, gw, gb))


def test_norm_double_backward():
    x, w, b = _d(4, 3), _d(3), _d(3)
    assert gradgradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), (x, w, b))
    assert gradgradcheck(lambda x, w, b: F.layer_norm(x, (3,), w, b), (x, w, b))
    gx = _d(2, 4, 2)
    assert gradgradcheck(lambda x: F.group_norm(x, 2), (gx,))


def test_float64_modules_after_double():
    m = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.LayerNorm(4), nn.GroupNorm(2, 4)).double()
    y = m(gn.randn(5, 3, dtype=gn.float64))
    assert y.dtype == gn.float64
