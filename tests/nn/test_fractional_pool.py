"""Fractional max pooling against torch with fixed _random_samples (values, indices, gradients)."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("dims, shape, kw", [
    (2, (2, 3, 9, 10), dict(kernel_size=2, output_size=(5, 4))),
    (2, (3, 9, 10), dict(kernel_size=(3, 2), output_ratio=(0.5, 0.6))),
    (3, (2, 2, 7, 8, 6), dict(kernel_size=2, output_size=(3, 4, 2))),
    (3, (2, 2, 7, 8, 6), dict(kernel_size=3, output_ratio=(0.5, 0.5, 0.5))),
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matches_torch(dims, shape, kw, dtype):
    x = rand_array(shape, dtype=dtype)
    lead = shape[:2] if len(shape) == dims + 2 else (1, shape[0])
    samples = np.random.default_rng(1).random(lead + (dims,)).astype(dtype)
    g = getattr(nn, f"FractionalMaxPool{dims}d")(return_indices=True, _random_samples=glassnet.tensor(samples), **kw)
    t = getattr(torch.nn, f"FractionalMaxPool{dims}d")(return_indices=True, _random_samples=torch.tensor(samples),
                                                          **kw)
    gx, tx = glassnet.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    (go, gi), (to, ti) = g(gx), t(tx)
    assert_close(go, to)
    assert_close(gi, ti)
    go.sum().backward()
    to.sum().backward()
    assert_close(gx.grad, tx.grad)


def test_random_windows_cover_the_input_and_gradcheck():
    out = F.fractional_max_pool2d(glassnet.randn(2, 3, 10, 10), 2, output_size=5)
    assert out.shape == (2, 3, 5, 5)
    samples = glassnet.tensor(np.random.default_rng(2).random((1, 2, 2)))
    check_gradcheck(lambda x: F.fractional_max_pool2d(x, 2, output_size=(3, 2), _random_samples=samples),
                    [rand_array((1, 2, 5, 4))])


def test_errors():
    with pytest.raises(ValueError, match="output_size or an output_ratio"):
        F.fractional_max_pool2d(glassnet.randn(1, 1, 4, 4), 2)
    with pytest.raises(RuntimeError, match="too large"):
        F.fractional_max_pool2d(glassnet.randn(1, 1, 4, 4), 3, output_size=3)
    with pytest.raises(ValueError, match="only one of"):
        nn.FractionalMaxPool2d(2, output_size=2, output_ratio=0.5)
