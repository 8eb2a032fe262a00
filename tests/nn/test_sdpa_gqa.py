"""scaled_dot_product_attention(enable_gqa=True): key/value heads repeated for groups of query heads, as in torch."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import check_parity

import glassnet.nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional

SHAPES = [
    ((2, 6, 4, 8), (2, 2, 5, 8), (2, 2, 5, 3)),
    ((2, 6, 4, 8), (2, 3, 5, 8), (2, 2, 5, 3)),  # key and value may have different head counts
    ((6, 4, 8), (3, 5, 8), (3, 5, 2)),  # unbatched: (heads, L, E)
    ((2, 4, 4, 8), (2, 4, 5, 8), (2, 4, 5, 3)),  # equal heads: plain attention
    ((2, 6, 4, 8), (2, 5, 8), (2, 5, 3)),  # 3-D key/value: their dim -3 counts as heads
]


@pytest.mark.parametrize("shapes", SHAPES)
@pytest.mark.parametrize("causal", [False, True])
def test_gqa_matches_torch(shapes, causal):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    check_parity(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=causal, enable_gqa=True),
                 lambda q, k, v: TF.scaled_dot_product_attention(q, k, v, is_causal=causal, enable_gqa=True),
                 arrays)


@pytest.mark.parametrize("lib,functional", [("glassnet", F), ("torch", TF)])
def test_gqa_errors_like_torch(lib, functional):
    import glassnet

    mod = glassnet if lib == "glassnet" else torch
    q = mod.zeros(2, 6, 4, 8)
    with pytest.raises(RuntimeError, match="Number of heads in key and value must divide"):
        functional.scaled_dot_product_attention(q, mod.zeros(2, 4, 5, 8), mod.zeros(2, 4, 5, 3), enable_gqa=True)
    with pytest.raises(IndexError, match="Dimension out of range"):
        functional.scaled_dot_product_attention(q, mod.zeros(5, 8), mod.zeros(5, 3), enable_gqa=True)
    with pytest.raises(RuntimeError):  # without the flag, mismatched heads do not broadcast
        functional.scaled_dot_product_attention(q, mod.zeros(2, 2, 5, 8), mod.zeros(2, 2, 5, 3))
