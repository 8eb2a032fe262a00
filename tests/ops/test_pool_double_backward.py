"""Double backward through pooling (gradient-penalty style) against torch, and gradgradcheck in float64."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close

import glassnet
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional

POOLS = {
    "max2d": (lambda f, x: f.max_pool2d(x, 2)),
    "max2d_pad_stride_dil": (lambda f, x: f.max_pool2d(x, 3, stride=2, padding=1, dilation=1)),
    "max2d_dilation_ceil": (lambda f, x: f.max_pool2d(x, 2, stride=2, dilation=2, ceil_mode=True)),
    "max1d": (lambda f, x: f.max_pool1d(x.flatten(2), 3, stride=2, padding=1)),
    "avg2d": (lambda f, x: f.avg_pool2d(x, 2)),
    "avg2d_pad_no_count": (lambda f, x: f.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False)),
    "avg2d_ceil": (lambda f, x: f.avg_pool2d(x, 2, stride=2, ceil_mode=True)),
    "avg1d": (lambda f, x: f.avg_pool1d(x.flatten(2), 4, stride=3, padding=2)),
    "adaptive_max2d_uneven": (lambda f, x: f.adaptive_max_pool2d(x, (3, 4))),
    "adaptive_max2d_even": (lambda f, x: f.adaptive_max_pool2d(x, (5, 3))),
    "adaptive_avg2d_uneven": (lambda f, x: f.adaptive_avg_pool2d(x, (3, 4))),
    "adaptive_avg1d": (lambda f, x: f.adaptive_avg_pool1d(x.flatten(2), 7)),
}


def _data():
    rng = np.random.default_rng(0)
    return rng.permutation(2 * 3 * 5 * 6).reshape(2, 3, 5, 6) / 10.0 - 4.0  # distinct values: no ties


def _penalty(lib, functional, fn, x, w):
    """d/dx of sum(|grad_x <w, pool(x * x)>|^2): needs the pool's backward to be recorded."""
    y = fn(functional, x * x)
    (g,) = lib.autograd.grad((y * w).sum(), [x], create_graph=True)
    (gg,) = lib.autograd.grad((g * g).sum() + (y * y).sum(), [x])
    return g, gg


@pytest.mark.parametrize("name", sorted(POOLS))
def test_pool_double_backward_matches_torch(name):
    fn = POOLS[name]
    a = _data()
    x = glassnet.tensor(a, requires_grad=True)
    xt = torch.tensor(a, requires_grad=True)
    out_shape = fn(TF, xt).shape
    w = np.cos(np.arange(int(np.prod(out_shape)))).reshape(tuple(out_shape))
    g, gg = _penalty(glassnet, F, fn, x, glassnet.tensor(w))
    gt, ggt = _penalty(torch, TF, fn, xt, torch.tensor(w))
    assert_close(g, gt)
    assert_close(gg, ggt)


@pytest.mark.parametrize("name", ["max2d_pad_stride_dil", "avg2d_pad_no_count", "adaptive_max2d_uneven"])
def test_pool_gradgradcheck(name):
    fn = POOLS[name]
    x = glassnet.tensor(_data(), requires_grad=True)
    assert glassnet.autograd.gradgradcheck(lambda t: fn(F, t * t), [x])
