"""3-D pools, adaptive 1-D/3-D max pools, LP pools and max-unpooling against torch, with gradchecks."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional


@pytest.mark.parametrize("kw", [
    dict(kernel_size=2),
    dict(kernel_size=3, stride=2, padding=1),
    dict(kernel_size=(2, 3, 2), stride=(1, 2, 2), dilation=(2, 1, 1), ceil_mode=True),
])
def test_max_pool3d_parity(kw):
    x = rand_array((2, 3, 5, 6, 7))
    check_parity(lambda x: F.max_pool3d(x, **kw), lambda x: TF.max_pool3d(x, **kw), [x])
    _, gi = F.max_pool3d(glassnet.tensor(x), return_indices=True, **kw)
    _, ti = TF.max_pool3d(torch.tensor(x), return_indices=True, **kw)
    assert_close(gi, ti)


@pytest.mark.parametrize("kw", [
    dict(kernel_size=2),
    dict(kernel_size=3, stride=2, padding=1),
    dict(kernel_size=3, stride=2, padding=1, count_include_pad=False, ceil_mode=True),
    dict(kernel_size=(2, 3, 1), divisor_override=4),
])
def test_avg_pool3d_parity(kw):
    check_parity(lambda x: F.avg_pool3d(x, **kw), lambda x: TF.avg_pool3d(x, **kw), [rand_array((2, 3, 5, 6, 7))])


@pytest.mark.parametrize("size", [1, 3, (2, None, 4), (5, 6, 7)])
def test_adaptive_3d_parity(size):
    x = rand_array((2, 3, 5, 6, 7))
    check_parity(lambda x: F.adaptive_avg_pool3d(x, size), lambda x: TF.adaptive_avg_pool3d(x, size), [x])
    check_parity(lambda x: F.adaptive_max_pool3d(x, size), lambda x: TF.adaptive_max_pool3d(x, size), [x])
    assert_close(F.adaptive_max_pool3d_with_indices(glassnet.tensor(x), size)[1],
                 TF.adaptive_max_pool3d_with_indices(torch.tensor(x), size)[1])


def test_adaptive_max_pool1d_parity():
    x = rand_array((2, 3, 10))
    check_parity(lambda x: F.adaptive_max_pool1d(x, 4), lambda x: TF.adaptive_max_pool1d(x, 4), [x])
    assert_close(nn.AdaptiveMaxPool1d(3, return_indices=True)(glassnet.tensor(x))[1],
                 torch.nn.AdaptiveMaxPool1d(3, return_indices=True)(torch.tensor(x))[1])


def test_unbatched_and_layers():
    x = rand_array((3, 4, 5, 6))
    check_parity(lambda x: nn.MaxPool3d(2, 1)(x), lambda x: torch.nn.MaxPool3d(2, 1)(x), [x])
    check_parity(lambda x: nn.AvgPool3d(2, padding=1)(x), lambda x: torch.nn.AvgPool3d(2, padding=1)(x), [x])
    check_parity(lambda x: nn.AdaptiveAvgPool3d(2)(x), lambda x: torch.nn.AdaptiveAvgPool3d(2)(x), [x])
    check_parity(lambda x: nn.AdaptiveMaxPool3d((1, 2, 3))(x), lambda x: torch.nn.AdaptiveMaxPool3d((1, 2, 3))(x), [x])


@pytest.mark.parametrize("p", [1, 2, 3.5])
def test_lp_pools_parity(p):
    check_parity(lambda x: F.lp_pool1d(x, p, 3, 2), lambda x: TF.lp_pool1d(x, p, 3, 2), [rand_array((2, 3, 9), "pos")])
    check_parity(lambda x: nn.LPPool2d(p, 2)(x), lambda x: torch.nn.LPPool2d(p, 2)(x),
                 [rand_array((2, 3, 4, 6), "pos")])
    check_parity(lambda x: nn.LPPool3d(p, (2, 1, 2), ceil_mode=True)(x),
                 lambda x: torch.nn.LPPool3d(p, (2, 1, 2), ceil_mode=True)(x), [rand_array((2, 3, 3, 4, 5), "pos")])


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_max_unpool_parity(dims):
    x = rand_array((2, 3) + (8, 6, 4)[:dims])
    pool_t, unpool_t = getattr(torch.nn, f"MaxPool{dims}d"), getattr(torch.nn, f"MaxUnpool{dims}d")
    pool_g, unpool_g = getattr(nn, f"MaxPool{dims}d"), getattr(nn, f"MaxUnpool{dims}d")
    to, ti = pool_t(2, return_indices=True)(torch.tensor(x))
    go, gi = pool_g(2, return_indices=True)(glassnet.tensor(x))
    size = tuple(n + 1 for n in x.shape[2:])  # a size the default (n) can reach: output_size is honoured
    check_parity(lambda v: unpool_g(2)(v, gi, output_size=size), lambda v: unpool_t(2)(v, ti, output_size=size),
                 [to.numpy()])
    assert_close(unpool_g(2)(go, gi), unpool_t(2)(to, ti))


def test_gradchecks():
    x = rand_array((1, 2, 4, 3, 5))
    check_gradcheck(lambda x: F.max_pool3d(x, 2, 1, 1), [x])
    check_gradcheck(lambda x: F.avg_pool3d(x, 3, 2, 1, count_include_pad=False), [x])
    check_gradcheck(lambda x: F.adaptive_max_pool3d(x, (3, 2, 3)), [x])
    check_gradcheck(lambda x: F.adaptive_avg_pool3d(x, (3, 2, 3)), [x])
    check_gradcheck(lambda x: F.lp_pool3d(x, 2, 2), [rand_array((1, 2, 4, 4, 4), "pos")])
    _, idx = F.max_pool2d(glassnet.tensor(rand_array((1, 2, 4, 4))), 2, return_indices=True)
    check_gradcheck(lambda v: F.max_unpool2d(v, idx, 2), [rand_array((1, 2, 2, 2))])


def test_nan_propagates_like_torch():
    x = rand_array((1, 1, 4, 4, 4))
    x[0, 0, 1, 1, 1] = np.nan
    assert_close(F.max_pool3d(glassnet.tensor(x), 2), TF.max_pool3d(torch.tensor(x), 2))


def test_bad_inputs_raise():
    with pytest.raises(ValueError, match=r"max_pool3d: expected a 4-D or 5-D input, got shape \(2, 3, 4\)"):
        F.max_pool3d(glassnet.randn(2, 3, 4), 2)
    with pytest.raises(ValueError, match="pad should be at most half"):
        F.avg_pool3d(glassnet.randn(1, 1, 4, 4, 4), 2, padding=2)
    with pytest.raises(ValueError, match="max_unpool2d: invalid output_size"):
        F.max_unpool2d(glassnet.randn(1, 1, 2, 2), glassnet.zeros(1, 1, 2, 2, dtype=glassnet.int64), 2,
                       output_size=(9, 9))


@pytest.mark.parametrize("pool", ["max", "avg"])
def test_double_backward_matches_torch(pool):
    x = rand_array((1, 2, 4, 5, 4), dtype=np.float64)
    g_fn = (lambda v: F.max_pool3d(v, 2, 1, 1)) if pool == "max" else (lambda v: F.avg_pool3d(v, 3, 2, 1))
    t_fn = (lambda v: TF.max_pool3d(v, 2, 1, 1)) if pool == "max" else (lambda v: TF.avg_pool3d(v, 3, 2, 1))
    gx, tx = glassnet.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    (g,) = glassnet.autograd.grad((g_fn(gx) ** 3).sum(), [gx], create_graph=True)
    (t,) = torch.autograd.grad((t_fn(tx) ** 3).sum(), [tx], create_graph=True)
    assert_close(g, t)
    (g ** 2).sum().backward()
    (t ** 2).sum().backward()
    assert_close(gx.grad, tx.grad)
    check_gradcheck(lambda v: glassnet.autograd.grad((g_fn(v) ** 2).sum(), [v], create_graph=True)[0],
                    [rand_array((1, 1, 3, 4, 3))])
