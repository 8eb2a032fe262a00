"""nn2 misc layers: ChannelShuffle, LocalResponseNorm, CrossMapLRN2d, FeatureAlphaDropout, ZeroPad3d,
F.pdist, F.bilinear."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F


def test_channel_shuffle_matches_torch():
    torch = pytest.importorskip("torch")
    for shape, groups in [((2, 6, 3, 2), 3), ((1, 4, 5), 2), ((2, 6, 1, 2, 2), 2)]:
        x = rand_array(shape)
        check_parity(nn.ChannelShuffle(groups), torch.nn.ChannelShuffle(groups), [x])
    assert repr(nn.ChannelShuffle(2)) == repr(torch.nn.ChannelShuffle(2))
    with pytest.raises(RuntimeError, match="divisible by groups"):
        F.channel_shuffle(glassnet.ones(1, 5, 2), 2)
    with pytest.raises(RuntimeError, match="> 2 dims"):
        F.channel_shuffle(glassnet.ones(2, 4), 2)


@pytest.mark.parametrize("shape,size", [((2, 7, 3, 3), 3), ((2, 5, 4), 4), ((1, 6, 2, 2, 2), 5), ((1, 3, 4), 1)])
def test_local_response_norm_matches_torch(shape, size):
    torch = pytest.importorskip("torch")
    x = rand_array(shape)
    check_parity(lambda a: F.local_response_norm(a, size, 0.3, 0.6, 1.5),
                 lambda a: torch.nn.functional.local_response_norm(a, size, 0.3, 0.6, 1.5), [x])
    check_parity(nn.LocalResponseNorm(size), torch.nn.LocalResponseNorm(size), [x])
    check_gradcheck(lambda a: F.local_response_norm(a, size, 0.3, 0.6, 1.5), [x])


def test_local_response_norm_errors_and_repr():
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError, match="3D or higher"):
        F.local_response_norm(glassnet.ones(2, 3), 2)
    assert repr(nn.LocalResponseNorm(3)) == repr(torch.nn.LocalResponseNorm(3))
    assert repr(nn.CrossMapLRN2d(3)) == repr(torch.nn.CrossMapLRN2d(3))


@pytest.mark.parametrize("channels,size", [(7, 3), (9, 4), (2, 5), (6, 1)])
def test_cross_map_lrn2d_values_match_torch(channels, size):
    torch = pytest.importorskip("torch")
    x = rand_array((2, channels, 3, 2))
    x[:, 0] *= 5  # channel 0 stays in every window of PyTorch's recurrence: make that visible
    g = nn.CrossMapLRN2d(size, alpha=0.5, beta=0.7, k=1.5)(glassnet.tensor(x))
    t = torch.nn.CrossMapLRN2d(size, alpha=0.5, beta=0.7, k=1.5)(torch.tensor(x))
    assert_close(g, t)


def test_cross_map_lrn2d_gradient_is_that_of_its_forward():
    # PyTorch's hand-written backward does not match its own forward (torch gradcheck fails), so glassnet
    # differentiates the forward it computes and is checked by finite differences
    m = nn.CrossMapLRN2d(3, alpha=0.5, beta=0.7, k=1.5)
    check_gradcheck(m, [rand_array((1, 6, 2, 2))])
    with pytest.raises(ValueError, match="4D"):
        m(glassnet.ones(2, 3, 4))


def test_feature_alpha_dropout_statistics_and_channels():
    x = glassnet.randn(400, 64, 4, 4)
    y = F.feature_alpha_dropout(x, 0.2, training=True)
    # whole channels either follow x (scaled) or take one constant value
    flat = y._data.reshape(400 * 64, 16)
    constant = np.ptp(flat, axis=1) == 0
    assert abs(constant.mean() - 0.2) < 0.01
    assert abs(float(y.mean()) - float(x.mean())) < 0.02
    assert abs(float(y._data.std()) - float(x._data.std())) < 0.03
    assert F.feature_alpha_dropout(x, 0.2, training=False) is x
    assert np.all(F.feature_alpha_dropout(x, 1.0, training=True)._data == 0)


def test_feature_alpha_dropout_module_gradient_and_errors():
    torch = pytest.importorskip("torch")
    m = nn.FeatureAlphaDropout(0.3)
    assert repr(m) == repr(torch.nn.FeatureAlphaDropout(0.3))
    x = glassnet.tensor(rand_array((3, 5, 2)), requires_grad=True)
    y = m(x)
    y.sum().backward()
    kept = np.ptp(y._data, axis=2) != 0
    a = (1.0 / (0.7 * (1 + 0.3 * 1.7580993408473766 ** 2))) ** 0.5
    np.testing.assert_allclose(x.grad._data, np.repeat((kept * a)[:, :, None], 2, axis=2), rtol=1e-6)
    assert m.eval()(x) is x
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.FeatureAlphaDropout(1.5)


def test_zero_pad3d_matches_torch():
    torch = pytest.importorskip("torch")
    x = rand_array((1, 2, 2, 3, 2))
    check_parity(nn.ZeroPad3d((1, 0, 2, 1, 0, 3)), torch.nn.ZeroPad3d((1, 0, 2, 1, 0, 3)), [x])
    check_parity(nn.ZeroPad3d(1), torch.nn.ZeroPad3d(1), [x[0]])
    assert repr(nn.ZeroPad3d(1)) == repr(torch.nn.ZeroPad3d(1))


@pytest.mark.parametrize("p", [2, 1, 3.0, 0.5, float("inf")])
def test_pdist_matches_torch(p):
    torch = pytest.importorskip("torch")
    x = rand_array((5, 3))
    check_parity(lambda a: F.pdist(a, p), lambda a: torch.nn.functional.pdist(a, p), [x])
    check_gradcheck(lambda a: F.pdist(a, p), [x])


def test_pdist_zero_distance_and_p0_and_errors():
    torch = pytest.importorskip("torch")
    x = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]], dtype=np.float32)
    check_parity(F.pdist, torch.nn.functional.pdist, [x])
    check_parity(lambda a: F.pdist(a, 0), lambda a: torch.nn.functional.pdist(a, 0), [x], grad=False)
    assert tuple(F.pdist(glassnet.ones(1, 3)).shape) == (0,)
    with pytest.raises(RuntimeError, match="2D"):
        F.pdist(glassnet.ones(3))


def test_bilinear_matches_torch_and_module():
    torch = pytest.importorskip("torch")
    x1, x2, w, b = rand_array((4, 3)), rand_array((4, 5)), rand_array((2, 3, 5)), rand_array((2,))
    check_parity(F.bilinear, torch.nn.functional.bilinear, [x1, x2, w, b])
    check_parity(lambda a, c, d: F.bilinear(a, c, d), lambda a, c, d: torch.nn.functional.bilinear(a, c, d),
                 [x1, x2, w])
    check_gradcheck(F.bilinear, [x1, x2, w, b])
    m = nn.Bilinear(3, 5, 2)
    assert_close(F.bilinear(glassnet.tensor(x1), glassnet.tensor(x2), m.weight, m.bias),
                 m(glassnet.tensor(x1), glassnet.tensor(x2)))
    with pytest.raises(RuntimeError, match="bilinear"):
        F.bilinear(glassnet.tensor(x1), glassnet.tensor(x1), glassnet.tensor(w))


@pytest.mark.parametrize("path,name", [
    ("adaptive", "AdaptiveLogSoftmaxWithLoss"), ("channelshuffle", "ChannelShuffle"),
    ("linear_cross_entropy", "LinearCrossEntropyLoss"), ("sparse", "EmbeddingBag"), ("pooling", "MaxUnpool2d"),
    ("pooling", "FractionalMaxPool3d"), ("pooling", "LPPool3d"), ("normalization", "CrossMapLRN2d"),
    ("activation", "RReLU"), ("loss", "TripletMarginWithDistanceLoss"), ("padding", "ZeroPad3d"),
    ("dropout", "FeatureAlphaDropout"),
])
def test_torch_module_paths_find_the_nn2_classes(path, name):
    import importlib

    assert getattr(importlib.import_module(f"glassnet.nn.modules.{path}"), name) is getattr(nn, name)
