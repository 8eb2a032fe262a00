"""The backward walk goes newest op first: a tensor's gradient is complete before it moves on."""

from __future__ import annotations

import numpy as np

import glassnet as gn


def test_a_tensor_used_by_ops_recorded_far_apart_gets_its_whole_gradient_once():
    x = gn.tensor([1.0, 2.0], dtype=gn.float64, requires_grad=True)
    a = x * 2
    seen = []
    a.register_hook(lambda g: seen.append(g.numpy().copy()))
    b = a * 3                      # consumer 1, recorded early
    c = (x + 1).exp()              # unrelated work in between
    d = b.sin() + a                # consumer 2
    e = d * c + a * a              # consumers 3 and 4, recorded last
    e.sum().backward()
    assert len(seen) == 1  # the hook ran once, with every consumer's share added
    xa = 2 * x.detach().numpy()
    ce = np.exp(x.detach().numpy() + 1)
    want_a = (3 * np.cos(3 * xa) + 1) * ce + 2 * xa
    np.testing.assert_allclose(seen[0], want_a)
    np.testing.assert_allclose(x.grad.numpy(), 2 * want_a + (np.sin(3 * xa) + xa) * ce)


def test_a_graph_built_out_of_order_across_in_place_history_still_walks_correctly():
    # y is modified in place after z used it: z's gradient must reach y's earlier value, and the
    # in-place op (recorded later) must be walked before the ops that made y.
    x = gn.tensor([0.5, -1.0, 2.0], dtype=gn.float64, requires_grad=True)
    y = x * x
    z = y * 3
    y.mul_(2)
    out = (z + y).sum()
    out.backward()
    np.testing.assert_allclose(x.grad.numpy(), 6 * x.detach().numpy() + 4 * x.detach().numpy())


def test_a_long_chain_walks_without_recursion():
    x = gn.tensor(1.0, dtype=gn.float64, requires_grad=True)
    y = x
    for _ in range(20_000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0
