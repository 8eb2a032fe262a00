"""max/avg/adaptive pools, interpolate, pixel shuffle: values and gradients vs PyTorch, gradchecks."""

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn.functional as F
from glassnet.autograd import gradcheck

torch = pytest.importorskip("torch")
TF = torch.nn.functional


def _compare(gfn, tfn, x, seed=0, atol=1e-9):
    rng = np.random.default_rng(seed)
    g_in, t_in = gn.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    g_out, t_out = gfn(g_in), tfn(t_in)
    g_res = g_out if isinstance(g_out, tuple) else (g_out,)
    t_res = t_out if isinstance(t_out, tuple) else (t_out,)
    for a, b in zip(g_res, t_res):
        assert tuple(a.shape) == tuple(b.shape)
        np.testing.assert_allclose(a._data, b.detach().numpy(), atol=atol)
    grad = rng.standard_normal(tuple(t_res[0].shape))
    t_res[0].backward(torch.tensor(grad))
    g_res[0].backward(gn.tensor(grad))
    np.testing.assert_allclose(g_in.grad._data, t_in.grad.numpy(), atol=atol)


MAX_CASES = [
    # H, W, kernel, stride, padding, dilation, ceil_mode
    (8, 8, 2, None, 0, 1, False),  # tiles exactly: the fast path
    (7, 9, 3, 2, 1, 1, False),  # overlapping windows
    (7, 9, 3, 2, 1, 1, True),
    (10, 11, (2, 3), (3, 2), (1, 0), (2, 1), True),
    (6, 7, 2, 3, 0, 1, False),  # stride > kernel
    (5, 5, 3, 2, 0, 1, True),
]


@pytest.mark.parametrize("case", MAX_CASES)
def test_max_pool2d_values_indices_grads(case):
    h, w, k, s, p, d, ceil = case
    x = np.random.default_rng(0).standard_normal((2, 3, h, w))
    _compare(lambda t: F.max_pool2d(t, k, s, p, d, ceil, return_indices=True),
             lambda t: TF.max_pool2d(t, k, s, p, d, ceil, return_indices=True), x)


def test_max_pool_ties_go_to_the_first_maximum():
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 0, 1] = x[0, 0, 1, 0] = 1.0
    _compare(lambda t: F.max_pool2d(t, 2, return_indices=True),
             lambda t: TF.max_pool2d(t, 2, return_indices=True), x)
    _compare(lambda t: F.max_pool2d(t, 3, 1, 1), lambda t: TF.max_pool2d(t, 3, 1, 1), x)


@pytest.mark.parametrize("k,s,d,ceil", [(2, 2, 1, False), (3, 3, 1, False), ((2, 3), (1, 2), 1, False),
                                         (3, 2, 2, True), ((1, 3), 1, 1, False), ((3, 1), (2, 1), 1, True)])
@pytest.mark.parametrize("layout", ["nchw", "channel-major", "batch-last"])
def test_max_pool_many_ties_and_memory_layouts_match_torch(k, s, d, ceil, layout):
    # Values from {0, 1, 2}: most windows hold several maxima, so the two-pass max must pick the
    # same first one (row-major) as PyTorch; the layouts are those a convolution's output comes in.
    raw = np.random.default_rng(1).integers(0, 3, (3, 4, 9, 10)).astype(np.float64)
    perm = {"nchw": (0, 1, 2, 3), "channel-major": (1, 0, 2, 3), "batch-last": (1, 2, 3, 0)}[layout]
    x = np.ascontiguousarray(raw.transpose(perm)).transpose(np.argsort(perm))
    assert np.array_equal(x, raw)
    _compare(lambda t: F.max_pool2d(t, k, s, 0, d, ceil, return_indices=True),
             lambda t: TF.max_pool2d(t, k, s, 0, d, ceil, return_indices=True), x)
    with gn.no_grad():
        np.testing.assert_array_equal(F.max_pool2d(gn.tensor(x), k, s, 0, d, ceil)._data,
                                      TF.max_pool2d(torch.tensor(raw), k, s, 0, d, ceil).numpy())


@pytest.mark.parametrize("k,d,p", [((11, 11), (20, 3), (0, 0)),  # 121 positions: int8 winners, offsets past 127
                                   ((11, 11), (20, 3), (0, 5)),  # the same through the one-pass loop (padding)
                                   ((12, 11), (1, 2), (6, 5)),  # 132 positions: int32 winners
                                   ((12, 11), (2, 1), (0, 0))])
def test_max_pool_large_kernels_and_far_offsets_match_torch(k, d, p):
    # The winning position is stored in the smallest integer type that holds kh*kw positions; the
    # indices PyTorch returns (offsets within the input plane) must not be computed in that type.
    x = np.random.default_rng(4).integers(0, 4, (2, 2, 230, 40)).astype(np.float64)
    _compare(lambda t: F.max_pool2d(t, k, (3, 2), p, d, False, return_indices=True),
             lambda t: TF.max_pool2d(t, k, (3, 2), p, d, False, return_indices=True), x)


def test_max_pool_gradient_keeps_the_input_memory_layout():
    # A pool after a convolution gets batch-last input; its gradient comes back in that layout, so the
    # ReLU and convolution backward before it read contiguous memory.
    from glassnet.autograd import array_ns
    from glassnet.ops.pool import MaxPool2d, memory_order

    raw = np.random.default_rng(2).standard_normal((5, 3, 8, 8)).astype(np.float32)
    for perm in [(1, 2, 3, 0), (1, 0, 2, 3), (0, 1, 2, 3)]:
        x = np.ascontiguousarray(raw.transpose(perm)).transpose(np.argsort(perm))
        for kernel, stride in [((2, 2), (2, 2)), ((3, 3), (2, 2))]:
            ctx = MaxPool2d()
            ctx.needs_input_grad, ctx.ns = [True], array_ns
            out = MaxPool2d.forward(ctx, x, kernel, stride, (0, 0), (1, 1), False)
            gx = MaxPool2d.backward(ctx, np.ones_like(out))
            assert memory_order(x) == perm
            assert memory_order(gx) == perm, (perm, kernel)


@pytest.mark.parametrize("k,s,p,d,ceil", [(3, 2, 1, 1, False), (2, None, 0, 1, True), (3, 1, 1, 2, False)])
def test_max_pool1d(k, s, p, d, ceil):
    x = np.random.default_rng(1).standard_normal((2, 3, 11))
    _compare(lambda t: F.max_pool1d(t, k, s, p, d, ceil, True),
             lambda t: TF.max_pool1d(t, k, s, p, d, ceil, True), x)


@pytest.mark.parametrize("case", [
    (8, 8, 2, None, 0, False, True),
    (7, 9, 3, 2, 1, False, True),
    (7, 9, 3, 2, 1, True, False),
    (7, 9, 3, 2, 1, True, True),
    (10, 11, (2, 3), (3, 2), (1, 0), True, False),
    (5, 6, 2, 3, 1, False, False),
])
def test_avg_pool2d(case):
    h, w, k, s, p, ceil, include = case
    x = np.random.default_rng(2).standard_normal((2, 3, h, w))
    _compare(lambda t: F.avg_pool2d(t, k, s, p, ceil, include),
             lambda t: TF.avg_pool2d(t, k, s, p, ceil, include), x)
    _compare(lambda t: F.avg_pool2d(t, k, s, p, ceil, include, divisor_override=3),
             lambda t: TF.avg_pool2d(t, k, s, p, ceil, include, divisor_override=3), x)


def test_avg_pool1d():
    x = np.random.default_rng(3).standard_normal((2, 3, 10))
    _compare(lambda t: F.avg_pool1d(t, 3, 2, 1, True, False),
             lambda t: TF.avg_pool1d(t, 3, 2, 1, True, False), x)


@pytest.mark.parametrize("size,out", [((8, 8), (4, 2)), ((7, 10), (3, 4)), ((5, 5), (1, 1)),
                                      ((6, 5), (None, 3))])
def test_adaptive_pools(size, out):
    x = np.random.default_rng(4).standard_normal((2, 3) + size)
    _compare(lambda t: F.adaptive_avg_pool2d(t, out), lambda t: TF.adaptive_avg_pool2d(t, out), x)
    _compare(lambda t: F.adaptive_max_pool2d(t, out, True), lambda t: TF.adaptive_max_pool2d(t, out, True), x)


def test_pool_gradchecks():
    rng = np.random.default_rng(5)
    x = gn.tensor(rng.standard_normal((1, 2, 5, 6)), requires_grad=True)
    assert gradcheck(lambda t: F.max_pool2d(t, 3, 2, 1, ceil_mode=True), (x,))
    assert gradcheck(lambda t: F.avg_pool2d(t, 3, 2, 1, True, False), (x,))
    assert gradcheck(lambda t: F.adaptive_avg_pool2d(t, (3, 4)), (x,))
    assert gradcheck(lambda t: F.adaptive_max_pool2d(t, (2, 4)), (x,))


@pytest.mark.parametrize("kw", [
    dict(scale_factor=2, mode="nearest"),
    dict(size=(7, 5), mode="nearest"),
    dict(scale_factor=1.5, mode="nearest"),
    dict(size=(3, 8), mode="nearest-exact"),
    dict(scale_factor=2, mode="bilinear", align_corners=False),
    dict(size=(9, 4), mode="bilinear", align_corners=True),
    dict(size=(3, 7), mode="bilinear", align_corners=False),
    dict(scale_factor=(1.7, 0.6), mode="bilinear", align_corners=False),
])
def test_interpolate_2d(kw):
    x = np.random.default_rng(6).standard_normal((2, 3, 5, 6))
    _compare(lambda t: F.interpolate(t, **kw), lambda t: TF.interpolate(t, **kw), x, atol=1e-6)


@pytest.mark.parametrize("kw", [dict(scale_factor=3, mode="nearest"),
                                dict(size=11, mode="linear", align_corners=True),
                                dict(size=4, mode="linear")])
def test_interpolate_1d(kw):
    x = np.random.default_rng(7).standard_normal((2, 3, 6))
    _compare(lambda t: F.interpolate(t, **kw), lambda t: TF.interpolate(t, **kw), x, atol=1e-6)


def test_interpolate_gradcheck_and_errors():
    x = gn.tensor(np.random.default_rng(8).standard_normal((1, 1, 3, 4)), requires_grad=True)
    assert gradcheck(lambda t: F.interpolate(t, size=(5, 3), mode="bilinear", align_corners=False), (x,))
    assert gradcheck(lambda t: F.interpolate(t, size=(5, 7), mode="nearest"), (x,))
    with pytest.raises(ValueError, match="align_corners"):
        F.interpolate(x, scale_factor=2, align_corners=True)
    with pytest.raises(ValueError, match="exactly one"):
        F.interpolate(x)


def test_pixel_shuffle_roundtrip():
    x = np.random.default_rng(9).standard_normal((2, 8, 3, 4))
    _compare(lambda t: F.pixel_shuffle(t, 2), lambda t: TF.pixel_shuffle(t, 2), x)
    _compare(lambda t: F.pixel_unshuffle(t, 2), lambda t: TF.pixel_unshuffle(t, 2), x.reshape(2, 2, 6, 8))


def test_pool_errors():
    x = gn.zeros(1, 1, 4, 4)
    with pytest.raises(ValueError, match="half of effective kernel"):
        F.max_pool2d(x, 2, padding=2)
    with pytest.raises(ValueError, match="too small"):
        F.avg_pool2d(x, 5)
    with pytest.raises(ValueError, match="4-D"):
        F.max_pool2d(gn.zeros(4, 4), 2)
