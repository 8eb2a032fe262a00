"""Behaviour the engine's and Tensor's fast paths must keep (shared buffers, skipped grads, order)."""

import numpy as np
import pytest

import glassnet


def test_inplace_arith_writes_into_the_same_buffer_and_bumps_the_version():
    t = glassnet.tensor([1.0, 2.0, 3.0])
    buf, v = t._data, t._version
    t.sub_(glassnet.tensor([1.0, 1.0, 1.0]), alpha=0.5).add_(1).mul_(2).div_(4)
    assert t._data is buf and t._version == v + 4
    np.testing.assert_allclose(t._data, ((np.array([1.0, 2.0, 3.0]) - 0.5 + 1) * 2) / 4)


def test_inplace_arith_on_an_integer_tensor_keeps_its_dtype():
    t = glassnet.tensor([1, 2, 3])
    t.add_(2)
    assert t._data.dtype == np.int64 and t.tolist() == [3, 4, 5]
    with pytest.raises(RuntimeError, match="can't be cast"):  # PyTorch refuses to truncate a float result
        t.add_(1.5)


def test_constant_operand_gets_no_gradient_and_shared_inputs_accumulate():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    c = glassnet.tensor([3.0, 4.0])
    ((x * c) * x - c).sum().backward()  # d/dx (c x^2) = 2 c x
    assert c.grad is None
    np.testing.assert_allclose(x.grad._data, 2 * np.array([3.0, 4.0]) * np.array([1.0, 2.0]))


def test_diamond_graph_sums_both_paths():
    x = glassnet.tensor(2.0, requires_grad=True)
    a = x * 3
    b = a.tanh()
    y = a * b + a  # a feeds two consumers: its gradient must be complete before it is used
    y.backward()
    t = np.tanh(6.0)
    np.testing.assert_allclose(x.grad.item(), 3 * (t + 6 * (1 - t * t) + 1), rtol=1e-6)
