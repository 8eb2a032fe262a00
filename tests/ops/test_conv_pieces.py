"""conv2d in pieces (im2col and the product a few output rows at a time): the same numbers and layout."""

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn.functional as F
from glassnet.ops import conv as C
from glassnet.ops import conv_pieces as P

# N, C, H, W, O, kernel, stride, padding ((top, bottom), (left, right)), dilation
CASES = [
    (9, 2, 7, 6, 3, (3, 3), (1, 1), ((1, 2), (0, 1)), (1, 1)),  # batch longer than a row: batch-last columns
    (2, 3, 9, 8, 4, (3, 2), (2, 1), ((0, 0), (1, 1)), (1, 2)),  # rows of images
    (3, 1, 12, 12, 2, (5, 5), (1, 1), ((2, 2), (2, 2)), (1, 1)),
    (12, 2, 6, 6, 5, (1, 1), (3, 3), ((0, 0), (0, 0)), (1, 1)),
]

# (PIECE_BYTES, columns of a small-product piece or None for the real rule): the default sizes, then
# settings that force every way of cutting the columns (several rows or images per piece, one pixel or
# image row per piece), with the pieces in training (a small product) and without.
SIZES = [(P.PIECE_BYTES, None), (2000, 0), (1, 0), (2000, 40), (1, 1)]


def _one_product(x, w, b, s, p, d):
    """The convolution as im2col and one product: what the pieces must reproduce."""
    cols, (oh, ow) = C.im2col(x, w.shape[2:], s, p, d, 1)
    out = w.reshape(w.shape[0], -1) @ cols[0]
    if b is not None:
        out += b[:, None]
    return C._from_columns(out, w.shape[0], x.shape[0], oh, ow, 1), cols


@pytest.mark.parametrize("sizes", SIZES)
@pytest.mark.parametrize("case", CASES)
def test_pieces_give_the_one_products_numbers_and_memory_layout(case, sizes, monkeypatch):
    n, c, h, w, o, k, s, p, d = case
    monkeypatch.setattr(P, "PIECE_BYTES", sizes[0])
    if sizes[1] is not None:
        for module in (P, C):
            monkeypatch.setattr(module, "small_product_columns", lambda o, k: sizes[1])
    rng = np.random.default_rng(0)
    x, wt, b = rng.standard_normal((n, c, h, w)), rng.standard_normal((o, c) + k), rng.standard_normal(o)
    for bias in (b, None):
        whole, cols = _one_product(x, wt, bias, s, p, d)
        for keep in (False, True):
            out, kept = C.conv2d_forward(x, wt, bias, s, p, d, 1, keep_cols=keep)
            assert out.shape == whole.shape and out.strides == whole.strides  # the next layer sees the same layout
            np.testing.assert_allclose(out, whole, rtol=1e-12, atol=1e-12)
            if keep:
                assert np.array_equal(kept, cols)  # what dW reads
            else:
                assert kept is None


@pytest.mark.parametrize("most", [0, 7, 64])
def test_weight_gradient_in_pieces_equals_one_product(most, monkeypatch):
    monkeypatch.setattr(C, "small_product_columns", lambda o, k: most)  # conv.py's name for it
    rng = np.random.default_rng(3)
    x, g = rng.standard_normal((9, 2, 6, 6)), rng.standard_normal((9, 3, 6, 6))
    cols, _ = C.im2col(x, (3, 3), (1, 1), ((1, 1), (1, 1)), (1, 1), 1)
    got = C.conv2d_weight_grad(g, cols, (3, 2, 3, 3), 1)
    ref = (C._grad_matrix(g, 1)[0] @ cols[0].T).reshape(3, 2, 3, 3)
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12)


def test_no_grad_and_frozen_weights_take_the_pieces_and_agree_with_training_mode():
    rng = np.random.default_rng(1)
    x = gn.tensor(rng.standard_normal((40, 3, 10, 10)).astype(np.float32))
    conv = gn.nn.Conv2d(3, 8, 3, padding=1)
    train_out = conv(x)
    assert train_out.grad_fn is not None
    with gn.no_grad():
        eval_out = conv(x)
    np.testing.assert_allclose(eval_out.numpy(), train_out.detach().numpy(), rtol=1e-5, atol=1e-6)
    # A frozen convolution still passes the gradient to its input (it needs the weight, not the columns).
    conv.requires_grad_(False)
    xg = gn.tensor(x.numpy(), requires_grad=True)
    out = conv(xg)
    out.sum().backward()
    ref = gn.tensor(x.numpy(), requires_grad=True)
    F.conv2d(ref, conv.weight.detach(), conv.bias.detach(), padding=1).sum().backward()
    np.testing.assert_allclose(xg.grad.numpy(), ref.grad.numpy(), rtol=1e-6)


def test_pieces_with_an_empty_batch_or_integer_inputs():
    with gn.no_grad():
        out = F.conv2d(gn.zeros(0, 2, 5, 5), gn.ones(3, 2, 3, 3))
    assert tuple(out.shape) == (0, 3, 3, 3)
    x0, w0 = gn.zeros(0, 2, 5, 5, requires_grad=True), gn.ones(3, 2, 3, 3, requires_grad=True)
    F.conv2d(x0, w0, padding=1).sum().backward()  # with the whole columns too, as in PyTorch
    assert tuple(x0.grad.shape) == (0, 2, 5, 5) and float(w0.grad.abs().sum()) == 0.0
    x = np.arange(2 * 1 * 4 * 4).reshape(2, 1, 4, 4)
    w = np.ones((1, 1, 2, 2), dtype=np.int64)
    pieces, _ = C.conv2d_forward(x, w, None, (1, 1), ((0, 0), (0, 0)), (1, 1), 1, keep_cols=False)
    whole, _ = _one_product(x, w, None, (1, 1), ((0, 0), (0, 0)), (1, 1))
    assert pieces.dtype == whole.dtype and np.array_equal(pieces, whole)


def test_no_grad_forward_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    x, w, b = rng.standard_normal((70, 3, 9, 9)), rng.standard_normal((5, 3, 3, 3)), rng.standard_normal(5)
    with gn.no_grad():
        got = F.conv2d(gn.tensor(x), gn.tensor(w), gn.tensor(b), stride=2, padding=1, dilation=1)
    ref = torch.nn.functional.conv2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), stride=2, padding=1)
    np.testing.assert_allclose(got.numpy(), ref.numpy(), rtol=1e-10, atol=1e-10)
