"""Augmented assignment with bitwise, shift, floor-division and modulo operators, and addmm_, against torch."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("op", ["&=", "|=", "^=", "<<=", ">>=", "//=", "%="])
@pytest.mark.parametrize("other", [3, "tensor"])
def test_augmented_assignment_is_in_place_and_matches_torch(op, other):
    a = np.array([[5, -7, 12], [0, 9, 64]], dtype=np.int64)
    b = np.array([[1, 2, 3], [2, 1, 4]], dtype=np.int64)
    results = []
    for lib in (glassnet, torch):
        x = lib.tensor(a.copy())
        o = lib.tensor(b) if other == "tensor" else other
        before = x
        scope = {"x": x, "o": o}
        exec(f"x {op} o", scope)
        assert scope["x"] is before  # the same tensor object, updated in place
        results.append(np.asarray(scope["x"].tolist()))
    np.testing.assert_array_equal(results[0], results[1])


@pytest.mark.parametrize("op", ["<<", ">>"])
def test_reflected_shifts_match_torch(op):
    a = [0, 1, 2, 5]
    g = {"<<": lambda x: 40 << x, ">>": lambda x: 40 >> x}[op](glassnet.tensor(a))
    t = {"<<": lambda x: 40 << x, ">>": lambda x: 40 >> x}[op](torch.tensor(a))
    assert g.tolist() == t.tolist() and g.dtype == glassnet.int64


def test_addmm_in_place_matches_torch():
    rng = np.random.default_rng(0)
    m, a, b = (rng.standard_normal(s).astype(np.float32) for s in ((3, 4), (3, 5), (5, 4)))
    g = glassnet.tensor(m)
    t = torch.tensor(m)
    assert g.addmm_(glassnet.tensor(a), glassnet.tensor(b), beta=0.5, alpha=2.0) is g
    t.addmm_(torch.tensor(a), torch.tensor(b), beta=0.5, alpha=2.0)
    np.testing.assert_allclose(g.numpy(), t.numpy(), rtol=1e-5, atol=1e-6)
