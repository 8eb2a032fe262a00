"""Dropout2d/3d on inputs of other ranks: PyTorch warns and drops per input[i, j] (or per channel)."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet as gn
from glassnet import nn

torch = pytest.importorskip("torch")


def _warnings(lib_module, x):
    with pytest.warns(UserWarning) as record:
        y = lib_module(x)
    return y, sorted(str(w.message) for w in record)


# (module name, input shape, the dims that share one draw: the mask's shape)
CASES = [("Dropout2d", (40, 30), (40, 30)), ("Dropout2d", (6, 5, 7), (6, 5, 1)),
         ("Dropout2d", (3, 4, 2, 2, 2), (3, 4, 1, 1, 1)), ("Dropout3d", (6, 4, 5), (6, 1, 1)),
         ("Dropout3d", (20, 30), (20, 1)), ("Dropout3d", (12, 3, 2, 2, 2, 2), (12, 1, 1, 1, 1, 1))]


@pytest.mark.parametrize("name,shape,mask_shape", CASES)
def test_other_ranks_warn_like_torch_and_drop_like_torch(name, shape, mask_shape):
    y, got = _warnings(getattr(nn, name)(0.5), gn.ones(*shape))
    _, want = _warnings(getattr(torch.nn, name)(0.5), torch.ones(*shape))
    assert got == want
    y = y._data
    assert set(np.unique(y)) <= {0.0, 2.0}
    # Every group of elements that shares one draw is all-dropped or all-kept ...
    expanded = np.broadcast_to(y.max(axis=tuple(i for i, m in enumerate(mask_shape) if m == 1),
                                     keepdims=True), y.shape)
    assert np.array_equal(y, expanded)
    # ... and different groups do differ (the draws are independent).
    assert 0 < (y == 0).mean() < 1


def test_dropout2d_on_2d_input_is_element_wise_and_keeps_the_gradient():
    x = gn.ones(50, 40, requires_grad=True)
    with pytest.warns(UserWarning, match="2-D input to dropout2d"):
        y = nn.functional.dropout2d(x, 0.5)
    y.sum().backward()
    assert np.array_equal(x.grad._data, y._data)
    assert 0.3 < (y._data == 0).mean() < 0.7
