"""Pooling integer tensors with padding: no overflow, PyTorch's values and dtype."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close

import glassnet
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional

CASES = {
    "max_pad": lambda f, x: f.max_pool2d(x, 2, padding=1),
    "max_stride_pad": lambda f, x: f.max_pool2d(x, 3, stride=2, padding=1),
    "max_dilation_ceil": lambda f, x: f.max_pool2d(x, 2, padding=1, dilation=2, ceil_mode=True),
    "avg_pad": lambda f, x: f.avg_pool2d(x, 2, padding=1),
    "avg_no_count_pad": lambda f, x: f.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False),
    "avg_tiles": lambda f, x: f.avg_pool2d(x[..., :4], 2),
}


@pytest.mark.parametrize("dtype", ["int64", "int32", "int8", "uint8"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_integer_pooling_matches_torch(name, dtype):
    if name.startswith("avg") and dtype != "int64":
        pytest.skip("torch implements avg_pool2d for int64 only")
    a = np.arange(30).reshape(1, 1, 5, 6) * 7 % 11 - (0 if dtype == "uint8" else 5)
    a = a.astype(dtype)
    assert_close(CASES[name](F, glassnet.tensor(a)), CASES[name](TF, torch.tensor(a)))
