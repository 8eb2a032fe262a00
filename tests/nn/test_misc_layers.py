"""ChannelShuffle, F.bilinear, F.conv_tbc, FeatureAlphaDropout, the in-place activations and DataParallel vs torch."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional


@pytest.mark.parametrize("shape, groups", [((2, 6, 3), 3), ((1, 8, 2, 2), 2), ((2, 4, 1, 2, 3), 4)])
def test_channel_shuffle_matches_torch(shape, groups):
    check_parity(lambda x: nn.ChannelShuffle(groups)(x), lambda x: torch.nn.ChannelShuffle(groups)(x),
                 [rand_array(shape)])
    check_parity(lambda x: F.native_channel_shuffle(x, groups), lambda x: TF.native_channel_shuffle(x, groups),
                 [rand_array(shape)], grad=False)  # torch has no derivative for the native form


def test_channel_shuffle_errors():
    with pytest.raises(RuntimeError, match="Got 6 channels and 4 groups"):
        F.channel_shuffle(glassnet.randn(1, 6, 2), 4)
    with pytest.raises(RuntimeError, match="> 2 dims"):
        F.channel_shuffle(glassnet.randn(12), 4)


def test_bilinear_functional_matches_torch():
    args = [rand_array((5, 3)), rand_array((5, 4)), rand_array((2, 3, 4)), rand_array((2,))]
    check_parity(F.bilinear, TF.bilinear, args)
    check_parity(lambda a, b, w: F.bilinear(a, b, w), lambda a, b, w: TF.bilinear(a, b, w),
                 [rand_array((2, 5, 3)), rand_array((2, 5, 4)), rand_array((2, 3, 4))])
    check_gradcheck(F.bilinear, args)
    with pytest.raises(RuntimeError, match="bilinear"):
        F.bilinear(glassnet.randn(5, 3), glassnet.randn(5, 5), glassnet.randn(2, 3, 4))


@pytest.mark.parametrize("pad", [0, 1, 2])
def test_conv_tbc_matches_torch(pad):
    args = [rand_array((7, 2, 3)), rand_array((3, 3, 4)), rand_array((4,))]
    check_parity(lambda x, w, b: F.conv_tbc(x, w, b, pad), lambda x, w, b: torch.conv_tbc(x, w, b, pad), args)
    check_gradcheck(lambda x, w, b: F.conv_tbc(x, w, b, pad), args)


def test_feature_alpha_dropout_statistics_and_eval():
    x = glassnet.randn(400, 50, 8, 1)
    m = nn.FeatureAlphaDropout(0.2)
    m.eval()
    assert m(x) is x
    m.train()
    y = m(x)._data
    # whole channels share the decision: a dropped channel holds one constant value
    per_channel_std = y.std(axis=(2, 3))
    dropped = per_channel_std < 1e-6
    assert 0.15 < dropped.mean() < 0.25
    assert abs(y.mean()) < 0.05 and abs(y.std() - 1) < 0.05  # SELU's fixed point is kept
    t = torch.nn.FeatureAlphaDropout(0.2)
    assert repr(m) == repr(t)


def test_feature_alpha_dropout_gradient_flows_only_through_kept_channels():
    x = glassnet.randn(4, 6, 3, requires_grad=True)
    y = F.feature_alpha_dropout(x, 0.5, training=True)
    y.sum().backward()
    g = x.grad._data
    assert np.all((g == 0) | np.isclose(g, g.max())) and g.max() > 0
    assert np.all(np.ptp(g, axis=2) == 0)  # one decision per (sample, channel)


@pytest.mark.parametrize("name, args", [("relu_", ()), ("elu_", (0.5,)), ("selu_", ()), ("celu_", (1.5,)),
                                        ("leaky_relu_", (0.2,)), ("hardtanh_", (-0.5, 0.5)),
                                        ("threshold_", (0.1, 7.0)), ("rrelu_", ())])
def test_inplace_activations_match_torch(name, args):
    x = rand_array((3, 4))
    g, t = glassnet.tensor(x), torch.tensor(x)
    out_g, out_t = getattr(F, name)(g, *args), getattr(TF, name)(t, *args)
    assert out_g is g and out_t is t
    assert_close(g, t)


def test_inplace_activation_on_leaf_requiring_grad_raises():
    with pytest.raises(RuntimeError, match="relu_"):
        F.relu_(glassnet.randn(3, requires_grad=True))


def test_data_parallel_wraps_module_like_torch_on_cpu():
    t = torch.nn.DataParallel(torch.nn.Linear(3, 2))
    g = nn.DataParallel(nn.Linear(3, 2))
    assert list(g.state_dict()) == list(t.state_dict()) == ["module.weight", "module.bias"]
    g.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    x = rand_array((4, 3))
    assert_close(g(glassnet.tensor(x)), t(torch.tensor(x)))


@pytest.mark.parametrize("shape", [(4, 3), (4, 3, 5), (2, 3, 2, 2, 2, 2)])
def test_sync_batchnorm_is_batchnorm_without_distributed(shape):
    t, g = torch.nn.SyncBatchNorm(3), nn.SyncBatchNorm(3)
    assert list(g.state_dict()) == list(t.state_dict())
    x = rand_array(shape)
    check_parity(g, t, [x])
    for k, v in t.state_dict().items():
        assert_close(g.state_dict()[k], v)


def test_convert_sync_batchnorm_keeps_the_tensors():
    model = nn.Sequential(nn.Conv2d(2, 3, 1), nn.BatchNorm2d(3), nn.Sequential(nn.BatchNorm1d(3)))
    weight = model[1].weight
    converted = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    assert type(converted[1]) is nn.SyncBatchNorm and type(converted[2][0]) is nn.SyncBatchNorm
    assert converted[1].weight is weight and type(converted[0]) is nn.Conv2d


def test_container_warns_and_registers():
    with pytest.warns(UserWarning, match="deprecated"):
        c = nn.Container(fc=nn.Linear(2, 3))
    assert list(c.state_dict()) == ["fc.weight", "fc.bias"]


@pytest.mark.parametrize("name, args, kw", [
    ("ZeroPad1d", (1,), {}), ("ZeroPad3d", ((1, 0, 2, 1, 0, 1),), {}), ("ConstantPad2d", (1, 2.5), {}),
    ("MaxUnpool1d", (2,), {}), ("MaxUnpool3d", (2,), dict(stride=1)), ("Conv3d", (2, 3, 3), dict(padding=1)),
    ("ConvTranspose1d", (2, 3, 3), dict(stride=2, output_padding=1)), ("InstanceNorm3d", (3,), {}),
    ("RMSNorm", (4,), {}), ("GLU", (), {}), ("LocalResponseNorm", (2,), {}), ("TripletMarginLoss", (), {}),
    ("ChannelShuffle", (2,), {}), ("EmbeddingBag", (5, 3), dict(mode="max")), ("LazyConv2d", (3, 2), {}),
    ("LPPool2d", (2, 3), {}), ("AdaptiveMaxPool3d", ((2, 3, 4),), {}), ("Softshrink", (0.3,), {}),
])
def test_reprs_match_torch(name, args, kw):
    assert repr(getattr(nn, name)(*args, **kw)) == repr(getattr(torch.nn, name)(*args, **kw))


@pytest.mark.parametrize("name, args", [("relu_", ()), ("elu_", (0.5,)), ("selu_", ()), ("celu_", (1.5,)),
                                        ("leaky_relu_", (0.2,)), ("hardtanh_", (-0.5, 0.5)),
                                        ("threshold_", (0.1, 7.0))])
def test_inplace_activation_on_a_non_leaf_differentiates_like_torch(name, args):
    x = rand_array((3, 4), dtype=np.float64)
    g, t = glassnet.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    gy, ty = g * 2, t * 2
    getattr(F, name)(gy, *args)
    getattr(TF, name)(ty, *args)
    (gy * gy).sum().backward()
    (ty * ty).sum().backward()
    assert_close(gy, ty)
    assert_close(g.grad, t.grad)
