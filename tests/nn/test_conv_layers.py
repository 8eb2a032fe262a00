"""Conv/pool/upsample layers: PyTorch state_dicts load, init matches PyTorch's bounds, padding modes."""

import math

import numpy as np
import pytest

import glassnet as gn
from glassnet import nn

torch = pytest.importorskip("torch")


def _load_from_torch(g_layer, t_layer):
    g_layer.load_state_dict({k: v.detach().numpy() for k, v in t_layer.state_dict().items()})


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("padding", [1, (2, 1), "same"])
def test_conv2d_padding_modes_match_torch(mode, padding):
    t = torch.nn.Conv2d(3, 4, (3, 2), padding=padding, padding_mode=mode).double()
    g = nn.Conv2d(3, 4, (3, 2), padding=padding, padding_mode=mode)
    _load_from_torch(g, t)
    x = np.random.default_rng(0).standard_normal((2, 3, 6, 5))
    tx, gx = torch.tensor(x, requires_grad=True), gn.tensor(x, requires_grad=True)
    t(tx).square().sum().backward()
    g(gx).square().sum().backward()
    np.testing.assert_allclose(gx.grad._data, tx.grad.numpy(), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(g.weight.grad._data, t.weight.grad.numpy(), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(g.bias.grad._data, t.bias.grad.numpy(), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("mode", ["zeros", "reflect", "circular"])
def test_conv1d_layer_matches_torch(mode):
    t = torch.nn.Conv1d(4, 6, 3, stride=2, padding=2, dilation=2, groups=2, padding_mode=mode).double()
    g = nn.Conv1d(4, 6, 3, stride=2, padding=2, dilation=2, groups=2, padding_mode=mode)
    _load_from_torch(g, t)
    x = np.random.default_rng(1).standard_normal((2, 4, 9))
    np.testing.assert_allclose(g(gn.tensor(x))._data, t(torch.tensor(x)).detach().numpy(), atol=1e-9)


def test_conv_transpose2d_layer_and_output_size():
    t = torch.nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, groups=2).double()
    g = nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, groups=2)
    assert tuple(g.weight.shape) == tuple(t.weight.shape) == (4, 3, 3, 3)
    _load_from_torch(g, t)
    x = np.random.default_rng(2).standard_normal((2, 4, 5, 5))
    for size in (None, (10, 10), (9, 10)):
        ref = t(torch.tensor(x), output_size=size).detach().numpy()
        out = g(gn.tensor(x), output_size=size)._data
        np.testing.assert_allclose(out, ref, atol=1e-9)
    with pytest.raises(ValueError, match="not reachable"):
        g(gn.tensor(x), output_size=(12, 12))


@pytest.mark.parametrize("cls,args", [(nn.Conv2d, (6, 8, 3)), (nn.Conv1d, (6, 8, 5)),
                                      (nn.Conv2d, (6, 9, 3, 1, 0, 1, 3)), (nn.ConvTranspose2d, (6, 8, 3))])
def test_init_matches_torch_bounds(cls, args):
    gn.manual_seed(0)
    layer = cls(*args)
    w = layer.weight._data
    fan_in = w.shape[1] * int(np.prod(w.shape[2:]))
    bound = 1 / math.sqrt(fan_in)  # kaiming_uniform_(a=sqrt(5)) reduces to this
    assert w.dtype == np.float32 and np.abs(w).max() <= bound and np.abs(w).max() > 0.8 * bound
    assert np.abs(layer.bias._data).max() <= bound
    assert sorted(layer.state_dict()) == sorted(getattr(torch.nn, cls.__name__)(*args).state_dict())


def test_layer_errors_and_repr():
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="padding_mode"):
        nn.Conv2d(3, 4, 3, padding_mode="mirror")
    with pytest.raises(ValueError, match="strided"):
        nn.Conv2d(3, 4, 3, stride=2, padding="same")
    assert repr(nn.Conv2d(3, 4, 3, padding=1, bias=False)) == \
        "Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)"
    assert nn.Conv2d(3, 4, 3, bias=False).bias is None


def test_pool_and_upsample_modules():
    x = np.random.default_rng(3).standard_normal((2, 3, 8, 7))
    tx = torch.tensor(x)
    pairs = [
        (nn.MaxPool2d(3, 2, 1, ceil_mode=True), torch.nn.MaxPool2d(3, 2, 1, ceil_mode=True)),
        (nn.AvgPool2d(2, count_include_pad=False, padding=1), torch.nn.AvgPool2d(2, count_include_pad=False,
                                                                                   padding=1)),
        (nn.AdaptiveAvgPool2d((3, None)), torch.nn.AdaptiveAvgPool2d((3, None))),
        (nn.AdaptiveMaxPool2d(2), torch.nn.AdaptiveMaxPool2d(2)),
        (nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False),
         torch.nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)),
        (nn.UpsamplingNearest2d(size=(5, 9)), torch.nn.UpsamplingNearest2d(size=(5, 9))),
        (nn.PixelUnshuffle(1), torch.nn.PixelUnshuffle(1)),
    ]
    for g, t in pairs:
        np.testing.assert_allclose(g(gn.tensor(x))._data, t(tx).numpy(), atol=1e-7, err_msg=repr(g))
    out, idx = nn.MaxPool2d(2, return_indices=True)(gn.tensor(x))
    t_out, t_idx = torch.nn.MaxPool2d(2, return_indices=True)(tx)
    np.testing.assert_array_equal(idx._data, t_idx.numpy())
    x1 = x[:, :, 0]
    np.testing.assert_allclose(nn.MaxPool1d(2)(gn.tensor(x1))._data,
                               torch.nn.MaxPool1d(2)(torch.tensor(x1)).numpy())
    np.testing.assert_allclose(nn.AvgPool1d(3, 2)(gn.tensor(x1))._data,
                               torch.nn.AvgPool1d(3, 2)(torch.tensor(x1)).numpy())
    u = nn.Unfold(3, padding=1)(gn.tensor(x))
    np.testing.assert_allclose(nn.Fold((8, 7), 3, padding=1)(u)._data,
                               torch.nn.Fold((8, 7), 3, padding=1)(torch.nn.Unfold(3, padding=1)(tx)).numpy())
