"""Conv3d, ConvTranspose1d and ConvTranspose3d against torch (values, gradients, state_dict) and gradchecks."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional
pytestmark = pytest.mark.filterwarnings("ignore:Using padding=.same")


@pytest.mark.parametrize("kw", [
    dict(),
    dict(stride=2, padding=1),
    dict(stride=(1, 2, 1), padding=(0, 1, 2), dilation=(2, 1, 1)),
    dict(groups=2, padding="same"),
    dict(padding="same", dilation=2),
])
def test_conv3d_parity(kw):
    x, w, b = rand_array((2, 4, 5, 6, 7)), rand_array((6, 4 // kw.get("groups", 1), 3, 2, 3)), rand_array((6,))
    check_parity(lambda x, w, b: F.conv3d(x, w, b, **kw), lambda x, w, b: TF.conv3d(x, w, b, **kw), [x, w, b])


@pytest.mark.parametrize("fn, tfn, dims", [
    (F.conv_transpose1d, TF.conv_transpose1d, 1),
    (F.conv_transpose3d, TF.conv_transpose3d, 3),
])
@pytest.mark.parametrize("kw", [dict(), dict(stride=2, padding=1, output_padding=1), dict(groups=2, dilation=2)])
def test_conv_transpose_parity(fn, tfn, dims, kw):
    x = rand_array((2, 4) + (5, 4, 3)[:dims])
    w, b = rand_array((4, 3) + (3, 2, 3)[:dims]), rand_array((3 * kw.get("groups", 1),))
    check_parity(lambda x, w, b: fn(x, w, b, **kw), lambda x, w, b: tfn(x, w, b, **kw), [x, w, b])


def test_unbatched_inputs():
    w = rand_array((3, 2, 2, 2, 2))
    check_parity(lambda x, w: F.conv3d(x, w), lambda x, w: TF.conv3d(x, w), [rand_array((2, 3, 4, 5)), w])
    check_parity(lambda x, w: F.conv_transpose1d(x, w, stride=2), lambda x, w: TF.conv_transpose1d(x, w, stride=2),
                 [rand_array((3, 5)), rand_array((3, 2, 3))])


def test_gradchecks():
    check_gradcheck(lambda x, w, b: F.conv3d(x, w, b, stride=(2, 1, 1), padding=1, groups=2),
                    [rand_array((1, 2, 3, 3, 4)), rand_array((2, 1, 2, 2, 2)), rand_array((2,))])
    check_gradcheck(lambda x, w, b: F.conv_transpose3d(x, w, b, stride=2, output_padding=1),
                    [rand_array((1, 2, 2, 2, 3)), rand_array((2, 1, 2, 2, 2)), rand_array((1,))])
    check_gradcheck(lambda x, w: F.conv_transpose1d(x, w, stride=3, padding=1),
                    [rand_array((2, 2, 4)), rand_array((2, 3, 3))])


def test_double_backward_matches_torch():
    x, w = rand_array((1, 2, 3, 4, 3), dtype=np.float64), rand_array((2, 2, 2, 2, 2), dtype=np.float64)
    gx, gw = glassnet.tensor(x, requires_grad=True), glassnet.tensor(w, requires_grad=True)
    tx, tw = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    (g,) = glassnet.autograd.grad((F.conv3d(gx, gw, padding=1) ** 2).sum(), [gx], create_graph=True)
    (t,) = torch.autograd.grad((TF.conv3d(tx, tw, padding=1) ** 2).sum(), [tx], create_graph=True)
    (g ** 2).sum().backward()
    (t ** 2).sum().backward()
    assert_close(gw.grad, tw.grad)
    assert_close(gx.grad, tx.grad)


@pytest.mark.parametrize("cls, args, shape", [
    ("Conv3d", (4, 6, 3), (2, 4, 5, 5, 5)),
    ("Conv3d", (4, 6, (1, 2, 3)), (4, 5, 5, 5)),
    ("ConvTranspose1d", (4, 6, 3), (2, 4, 7)),
    ("ConvTranspose3d", (4, 6, 2), (2, 4, 3, 3, 3)),
])
def test_layers_load_torch_state_dict(cls, args, shape):
    kw = dict(stride=2, padding=1, bias=True)
    if cls == "Conv3d":
        kw["padding_mode"] = "reflect"
    t, g = getattr(torch.nn, cls)(*args, **kw), getattr(nn, cls)(*args, **kw)
    assert {k: tuple(v.shape) for k, v in g.state_dict().items()} == \
        {k: tuple(v.shape) for k, v in t.state_dict().items()}
    g.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    x = rand_array(shape)
    gx, tx = glassnet.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    go, to = g(gx), t(tx)
    assert_close(go, to)
    go.sum().backward()
    to.sum().backward()
    assert_close(gx.grad, tx.grad)
    assert_close(g.weight.grad, t.weight.grad, rtol=1e-4, atol=1e-4)
    assert_close(g.bias.grad, t.bias.grad, rtol=1e-4, atol=1e-4)


def test_default_init_bounds_match_torch():
    g = nn.Conv3d(3, 5, 3)
    bound = 1 / np.sqrt(3 * 27)
    assert np.abs(g.weight._data).max() <= bound and np.abs(g.bias._data).max() <= bound


def test_conv_transpose_output_size():
    t = torch.nn.ConvTranspose3d(2, 3, 3, stride=2, padding=1)
    g = nn.ConvTranspose3d(2, 3, 3, stride=2, padding=1)
    g.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    x = rand_array((1, 2, 3, 3, 3))
    assert_close(g(glassnet.tensor(x), output_size=(6, 5, 6)), t(torch.tensor(x), output_size=(6, 5, 6)))
    with pytest.raises(ValueError, match="ConvTranspose3d"):
        g(glassnet.tensor(x), output_size=(9, 9, 9))


def test_bad_shapes_name_the_layer():
    with pytest.raises(ValueError, match=r"Conv3d: expected 4-D .* or 5-D .*got shape \(2, 3, 4\)"):
        nn.Conv3d(3, 4, 2)(glassnet.randn(2, 3, 4))
    with pytest.raises(ValueError, match="conv3d: input .* has 5 channels"):
        F.conv3d(glassnet.randn(1, 5, 4, 4, 4), glassnet.randn(2, 3, 2, 2, 2))
    with pytest.raises(ValueError, match="ConvTranspose1d: expected 2-D"):
        nn.ConvTranspose1d(3, 4, 2)(glassnet.randn(2, 3, 4, 4))
    with pytest.raises(ValueError, match="zeros"):
        nn.ConvTranspose3d(3, 4, 2, padding_mode="reflect")


@pytest.mark.parametrize("name, shape, kw", [
    ("Conv1d", (3, 7), dict(padding_mode="reflect")), ("Conv1d", (3, 7), dict(padding_mode="circular")),
    ("Conv2d", (3, 7, 6), dict(padding_mode="reflect")), ("Conv2d", (3, 7, 6), dict(padding_mode="replicate")),
    ("ConvTranspose2d", (3, 5, 5), dict(stride=2)),
])
def test_unbatched_inputs_of_the_2d_family(name, shape, kw):
    t, g = getattr(torch.nn, name)(3, 4, 3, padding=1, **kw), getattr(nn, name)(3, 4, 3, padding=1, **kw)
    g.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    check_parity(g, t, [rand_array(shape)])
    if name == "ConvTranspose2d":
        x = rand_array(shape)
        assert_close(g(glassnet.tensor(x), output_size=(10, 10)), t(torch.tensor(x), output_size=(10, 10)))
