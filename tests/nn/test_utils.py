"""nn.utils: gradient clipping and parameter <-> vector conversion, against PyTorch."""

import math

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn as nn
from glassnet.nn.utils import clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters

torch = pytest.importorskip("torch")


def _pair():
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s).astype(np.float32) * 3 for s in [(3, 4), (4,), (2, 2, 2)]]
    gp = [nn.Parameter(gn.tensor(a)) for a in arrays]
    tp = [torch.nn.Parameter(torch.tensor(a)) for a in arrays]
    for g, t, a in zip(gp, tp, arrays):
        g.grad = gn.tensor(a * 2)
        t.grad = torch.tensor(a * 2)
    return gp, tp


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, math.inf])
@pytest.mark.parametrize("max_norm", [0.5, 1e6])
def test_clip_grad_norm_matches_torch(norm_type, max_norm):
    gp, tp = _pair()
    gnorm = clip_grad_norm_(gp, max_norm, norm_type)
    tnorm = torch.nn.utils.clip_grad_norm_(tp, max_norm, norm_type)
    np.testing.assert_allclose(gnorm.item(), tnorm.item(), rtol=1e-5)
    for g, t in zip(gp, tp):
        np.testing.assert_allclose(g.grad._data, t.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_clip_grad_norm_edge_cases():
    p = nn.Parameter(gn.ones(3))
    assert clip_grad_norm_([p], 1.0).item() == 0.0  # no gradients at all
    p.grad = gn.tensor([float("nan"), 1.0, 1.0])
    with pytest.raises(RuntimeError, match="non-finite"):
        clip_grad_norm_(p, 1.0, error_if_nonfinite=True)
    q = nn.Parameter(gn.ones(2))
    q.grad = gn.tensor([3.0, 4.0])
    assert clip_grad_norm_(q, 1.0).item() == pytest.approx(5.0)  # a single tensor is accepted
    np.testing.assert_allclose(q.grad._data, [0.6, 0.8], rtol=1e-5)


def test_clip_grad_value():
    gp, tp = _pair()
    clip_grad_value_(gp, 1.5)
    torch.nn.utils.clip_grad_value_(tp, 1.5)
    for g, t in zip(gp, tp):
        np.testing.assert_array_equal(g.grad._data, t.grad.numpy())


def test_parameters_vector_round_trip():
    m = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    v = parameters_to_vector(m.parameters())
    assert v.shape == (3 * 4 + 4 + 4 * 2 + 2,)
    expected = np.concatenate([p._data.reshape(-1) for p in m.parameters()])
    np.testing.assert_array_equal(v._data, expected)
    w = m[0].weight
    vector_to_parameters(v * 0 + 1, m.parameters())
    assert m[0].weight is w and float(m[0].weight.sum()) == 12
    v.sum().backward()  # the vector stays in the graph
    assert m[1].bias.grad is not None
    with pytest.raises(ValueError, match="vec has shape"):
        vector_to_parameters(gn.ones(3), m.parameters())
