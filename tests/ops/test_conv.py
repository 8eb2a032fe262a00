"""conv1d / conv2d / conv_transpose2d / unfold / fold: values and all gradients vs PyTorch, gradchecks."""

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn.functional as F
from glassnet.autograd import gradcheck

torch = pytest.importorskip("torch")
TF = torch.nn.functional


def _pair(shape_x, shape_w, bias, rng):
    x = rng.standard_normal(shape_x)
    w = rng.standard_normal(shape_w)
    b = rng.standard_normal(shape_w[0] if bias == "out" else bias) if bias else None
    return x, w, b


def _compare(gfn, tfn, arrays, rng, atol=1e-9):
    """Run both frameworks in float64 on the same arrays and one random output gradient."""
    g_in = [None if a is None else gn.tensor(a, requires_grad=True) for a in arrays]
    t_in = [None if a is None else torch.tensor(a, requires_grad=True) for a in arrays]
    t_out = tfn(*t_in)
    g_out = gfn(*g_in)
    assert tuple(g_out.shape) == tuple(t_out.shape)
    np.testing.assert_allclose(g_out._data, t_out.detach().numpy(), atol=atol, rtol=1e-7)
    grad = rng.standard_normal(tuple(t_out.shape))
    t_out.backward(torch.tensor(grad))
    g_out.backward(gn.tensor(grad))
    for g, t in zip(g_in, t_in):
        if g is not None:
            np.testing.assert_allclose(g.grad._data, t.grad.numpy(), atol=atol, rtol=1e-7)


CONV2D_CASES = [
    # N, C, H, W, O, kernel, stride, padding, dilation, groups, bias
    (2, 3, 7, 9, 4, (3, 2), 1, 0, 1, 1, True),
    (2, 4, 9, 8, 6, (3, 3), (2, 3), (1, 2), (2, 1), 2, True),
    (2, 4, 9, 8, 4, (3, 3), 3, 1, 1, 4, True),  # depthwise
    (1, 3, 8, 8, 6, (4, 4), 1, "same", 2, 3, True),  # even kernel: uneven 'same' padding
    (2, 3, 11, 7, 2, (1, 1), 4, 0, 1, 1, False),  # stride > kernel
    (3, 2, 5, 6, 3, (5, 6), 1, "valid", 1, 1, True),  # kernel = whole image
    (1, 6, 10, 10, 12, (3, 3), 2, 1, 1, 6, True),  # depthwise multiplier 2
]


@pytest.mark.parametrize("case", CONV2D_CASES)
def test_conv2d_matches_torch(case):
    n, c, h, w, o, k, s, p, d, grp, bias = case
    rng = np.random.default_rng(0)
    x, wt, b = _pair((n, c, h, w), (o, c // grp) + k, "out" if bias else None, rng)
    _compare(lambda x, w, b: F.conv2d(x, w, b, s, p, d, grp),
             lambda x, w, b: TF.conv2d(x, w, b, s, p, d, grp), [x, wt, b], rng)


@pytest.mark.parametrize("case", [
    (2, 3, 10, 4, 3, 1, 0, 1, 1),
    (2, 4, 11, 6, 4, 3, 2, 2, 2),
    (1, 2, 9, 2, 5, 1, "same", 3, 1),
    (1, 2, 9, 2, 4, 1, "same", 2, 1),
    (2, 3, 8, 3, 1, 2, 0, 1, 3),
])
def test_conv1d_matches_torch(case):
    n, c, length, o, k, s, p, d, grp = case
    rng = np.random.default_rng(1)
    x, wt, b = _pair((n, c, length), (o, c // grp, k), "out", rng)
    _compare(lambda x, w, b: F.conv1d(x, w, b, s, p, d, grp),
             lambda x, w, b: TF.conv1d(x, w, b, s, p, d, grp), [x, wt, b], rng)


@pytest.mark.parametrize("case", [
    # N, Cin, H, W, Cout, kernel, stride, padding, output_padding, dilation, groups
    (2, 4, 5, 6, 6, (3, 3), 2, 1, 1, 1, 2),
    (2, 3, 4, 5, 2, (2, 3), (3, 2), (0, 1), (2, 1), (1, 2), 1),
    (1, 2, 3, 3, 3, (4, 4), 2, 1, 0, 1, 1),  # the usual 2x "deconv" upsampler
    (2, 4, 3, 4, 4, (1, 1), 1, 0, 0, 1, 4),
])
def test_conv_transpose2d_matches_torch(case):
    n, c, h, w, o, k, s, p, op, d, grp = case
    rng = np.random.default_rng(2)
    x, wt, b = _pair((n, c, h, w), (c, o // grp) + k, o, rng)
    _compare(lambda x, w, b: F.conv_transpose2d(x, w, b, s, p, op, grp, d),
             lambda x, w, b: TF.conv_transpose2d(x, w, b, s, p, op, grp, d), [x, wt, b], rng)


BATCH_LAST_CASES = [
    # more samples than output columns: im2col and col2im order the columns batch-last (see batch_last)
    # N, C, H, W, O, kernel, stride, padding, dilation, groups
    (9, 3, 8, 8, 4, (4, 4), 2, 1, 1, 1),  # DCGAN's downsampler
    (7, 2, 7, 9, 3, (3, 2), (2, 3), (1, 0), (2, 1), 1),
    (6, 2, 5, 4, 2, (2, 3), 1, "same", 1, 1),
    (5, 3, 6, 6, 2, (3, 3), 4, 0, 1, 1),  # stride > kernel: some pixels get no gradient
    (8, 4, 6, 6, 6, (3, 3), 2, 1, 1, 2),  # grouped: keeps the usual column order
]


@pytest.mark.parametrize("case", BATCH_LAST_CASES)
def test_conv2d_with_batch_longer_than_output_row_matches_torch(case):
    n, c, h, w, o, k, s, p, d, grp = case
    rng = np.random.default_rng(6)
    x, wt, b = _pair((n, c, h, w), (o, c // grp) + k, "out", rng)
    _compare(lambda x, w, b: F.conv2d(x, w, b, s, p, d, grp), lambda x, w, b: TF.conv2d(x, w, b, s, p, d, grp),
             [x, wt, b], rng)


@pytest.mark.parametrize("case", [
    # N, Cin, H, W, Cout, kernel, stride, padding, output_padding, dilation
    (8, 4, 3, 3, 2, (4, 4), 2, 1, 0, 1),  # DCGAN's upsampler, 3x3 -> 6x6
    (6, 3, 2, 4, 2, (3, 2), (2, 1), (1, 0), (1, 0), (1, 2)),
    (8, 4, 3, 3, 6, (4, 4), 2, 1, 0, 1, 2),
])
def test_conv_transpose2d_with_batch_longer_than_input_row_matches_torch(case):
    n, c, h, w, o, k, s, p, op, d = case[:10]
    grp = case[10] if len(case) > 10 else 1
    rng = np.random.default_rng(7)
    x, wt, b = _pair((n, c, h, w), (c, o // grp) + k, o, rng)
    _compare(lambda x, w, b: F.conv_transpose2d(x, w, b, s, p, op, grp, d),
             lambda x, w, b: TF.conv_transpose2d(x, w, b, s, p, op, grp, d), [x, wt, b], rng)


def test_batch_last_double_backward_matches_torch():
    rng = np.random.default_rng(9)
    x, w = rng.standard_normal((7, 3, 6, 6)), rng.standard_normal((4, 3, 3, 3))
    res = []
    for lib in (gn, torch):
        xt, wt = lib.tensor(x, requires_grad=True), lib.tensor(w, requires_grad=True)
        conv = F.conv2d if lib is gn else TF.conv2d
        out = conv(xt, wt, None, 2, 1)
        (gx,) = (gn.autograd.grad if lib is gn else torch.autograd.grad)((out * out).sum(), [xt], create_graph=True)
        (gx * gx).sum().backward()
        res.append([a._data if lib is gn else a.numpy() for a in (xt.grad, wt.grad)])
    for a, b in zip(*res):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)


def test_batch_last_input_grad_gradchecks():
    rng = np.random.default_rng(8)
    x = gn.tensor(rng.standard_normal((5, 2, 4, 4)), requires_grad=True)
    w = gn.tensor(rng.standard_normal((3, 2, 3, 3)), requires_grad=True)
    assert gradcheck(lambda x, w: F.conv2d(x, w, None, 2, 1), (x, w))
    wt = gn.tensor(rng.standard_normal((2, 3, 4, 4)), requires_grad=True)
    assert gradcheck(lambda x, w: F.conv_transpose2d(x, w, None, 2, 1), (x, wt))


def test_conv2d_float32_and_unbatched():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 6, 6)).astype(np.float32)
    w = rng.standard_normal((2, 3, 3, 3)).astype(np.float32)
    out = F.conv2d(gn.tensor(x), gn.tensor(w), padding=1)
    assert out.dtype == gn.float32 and tuple(out.shape) == (2, 6, 6)
    ref = TF.conv2d(torch.tensor(x), torch.tensor(w), padding=1).numpy()
    np.testing.assert_allclose(out._data, ref, atol=1e-5)


def test_conv_gradcheck_float64():
    rng = np.random.default_rng(4)
    x = gn.tensor(rng.standard_normal((2, 2, 5, 4)), requires_grad=True)
    w = gn.tensor(rng.standard_normal((4, 1, 2, 3)), requires_grad=True)
    b = gn.tensor(rng.standard_normal(4), requires_grad=True)
    assert gradcheck(lambda x, w, b: F.conv2d(x, w, b, (2, 1), 1, (1, 2), 2), (x, w, b))
    wt = gn.tensor(rng.standard_normal((2, 3, 3, 2)), requires_grad=True)
    assert gradcheck(lambda x, w: F.conv_transpose2d(x, w, None, 2, 1, 1), (x, wt))


def test_conv_double_backward_matches_torch():
    """create_graph=True records the backward with conv ops, so a gradient penalty can be differentiated."""
    rng = np.random.default_rng(5)
    x, w = rng.standard_normal((2, 3, 6, 5)), rng.standard_normal((4, 3, 3, 3))
    res = []
    for lib in (gn, torch):
        xt, wt = lib.tensor(x, requires_grad=True), lib.tensor(w, requires_grad=True)
        conv = F.conv2d if lib is gn else TF.conv2d
        out = conv(xt, wt, None, 2, 1)
        (gx,) = (gn.autograd.grad if lib is gn else torch.autograd.grad)(
            (out * out).sum(), [xt], create_graph=True)
        (gx * gx).sum().backward()
        res.append((xt.grad._data if lib is gn else xt.grad.numpy(),
                    wt.grad._data if lib is gn else wt.grad.numpy()))
    np.testing.assert_allclose(res[0][0], res[1][0], rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(res[0][1], res[1][1], rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("k,d,p,s", [((2, 3), 1, 0, 1), ((3, 3), (1, 2), 1, 2), ((2, 2), 1, 0, 2)])
def test_unfold_fold_match_torch(k, d, p, s):
    rng = np.random.default_rng(6)
    x = rng.standard_normal((2, 3, 7, 8))
    _compare(lambda x: F.unfold(x, k, d, p, s), lambda x: TF.unfold(x, k, d, p, s), [x], rng)
    cols = TF.unfold(torch.tensor(x), k, d, p, s).numpy()
    _compare(lambda c: F.fold(c, (7, 8), k, d, p, s), lambda c: TF.fold(c, (7, 8), k, d, p, s), [cols], rng)
    xt = gn.tensor(x[:1, :1, :5, :5], requires_grad=True)
    assert gradcheck(lambda x: F.fold(F.unfold(x, k, d, p, s), (5, 5), k, d, p, s), (xt,))


def test_conv_errors_name_the_shapes():
    x = gn.zeros(2, 3, 8, 8)
    with pytest.raises(ValueError, match="3 channels"):
        F.conv2d(x, gn.zeros(4, 2, 3, 3))
    with pytest.raises(ValueError, match="groups"):
        F.conv2d(x, gn.zeros(4, 1, 3, 3), groups=2)
    with pytest.raises(ValueError, match="strided"):
        F.conv2d(x, gn.zeros(4, 3, 3, 3), stride=2, padding="same")
    with pytest.raises(ValueError, match="smaller than the"):
        F.conv2d(x, gn.zeros(4, 3, 9, 3))
    with pytest.raises(ValueError, match="4-D"):
        F.conv2d(gn.zeros(8, 8), gn.zeros(4, 3, 3, 3))
    with pytest.raises(ValueError, match="output_padding"):
        F.conv_transpose2d(x, gn.zeros(3, 2, 3, 3), stride=2, output_padding=2)


@pytest.mark.parametrize("name,x_shape,w_shape", [
    ("conv2d", (1, 2, 5, 5), (3, 2, 3, 3)),
    ("conv3d", (1, 2, 4, 4, 4), (3, 2, 2, 2, 2)),
    ("conv_transpose2d", (1, 2, 4, 4), (2, 3, 3, 3)),
    ("conv_transpose3d", (1, 2, 3, 3, 3), (2, 3, 2, 2, 2)),
])
def test_wrong_bias_shape_is_a_runtime_error_as_in_torch(name, x_shape, w_shape):
    x, w, b = np.ones(x_shape, "f"), np.ones(w_shape, "f"), np.zeros(5, "f")
    with pytest.raises(RuntimeError):
        getattr(torch.nn.functional, name)(torch.tensor(x), torch.tensor(w), torch.tensor(b))
    with pytest.raises(RuntimeError, match=f"{name}: bias shape \\(5,\\) does not match 3 output channels"):
        getattr(F, name)(gn.tensor(x), gn.tensor(w), gn.tensor(b))
