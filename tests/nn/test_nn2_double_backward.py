"""nn2 ops under create_graph: second derivatives by finite differences (gradgradcheck)."""

import numpy as np
import pytest
from conftest import rand_array

import glassnet
import glassnet.nn.functional as F

IDX = glassnet.tensor(np.array([[[0, 3, 5], [1, 2, 4]]], dtype=np.int64))

CASES = {
    "softshrink": (lambda x: F.softshrink(x, 0.3) ** 2, [(3, 4)]),
    "rrelu_eval": (lambda x: F.rrelu(x) ** 3, [(3, 4)]),
    "multi_margin_p2": (lambda x: F.multi_margin_loss(x, glassnet.tensor(np.array([0, 2, 1])), p=2), [(3, 4)]),
    "soft_margin": (lambda x: F.soft_margin_loss(x, glassnet.ones(3, 4)), [(3, 4)]),
    "max_unpool1d": (lambda x: F.max_unpool1d(x, IDX, 2) ** 2, [(1, 2, 3)]),
    "local_response_norm": (lambda x: F.local_response_norm(x, 3, 0.5, 0.7, 1.5), [(1, 4, 3)]),
    "grid_sample": (lambda x, g: F.grid_sample(x, g, align_corners=False), [(1, 1, 3, 3), (1, 2, 2, 2)]),
    "pdist": (lambda x: F.pdist(x), [(4, 3)]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_gradgradcheck(name):
    fn, shapes = CASES[name]
    inputs = [glassnet.tensor(rand_array(s, "away0", np.float64) * 0.6, requires_grad=True) for s in shapes]
    assert glassnet.autograd.gradgradcheck(fn, inputs)
