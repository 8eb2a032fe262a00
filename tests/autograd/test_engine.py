"""The backward engine: accumulation, leaf rules, hooks, grad modes, autograd.grad, clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close

import glassnet
from glassnet.autograd import Function, GradientError

torch = pytest.importorskip("torch")


def test_scalar_backward_and_accumulation_across_calls():
    x = glassnet.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * x).sum().backward()
    assert x.grad.tolist() == [2.0, 4.0, 6.0]
    (x * 3).sum().backward()
    assert x.grad.tolist() == [5.0, 7.0, 9.0]
    x.grad = None
    x.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0]


def test_accumulated_grad_is_writable_and_owned():
    x = glassnet.ones(3, requires_grad=True)
    x.sum().backward()  # the raw gradient is a read-only broadcast view
    x.grad._data += 1
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_backward_with_gradient_on_a_non_scalar():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    (x * x).backward(glassnet.tensor([1.0, 0.5]))
    assert x.grad.tolist() == [2.0, 2.0]


def test_backward_on_non_scalar_without_gradient_is_a_clear_error():
    x = glassnet.ones(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"scalar outputs.*\(2, 3\)"):
        (x * 2).backward()
    with pytest.raises(RuntimeError, match="shape"):
        (x * 2).backward(glassnet.ones(3))


def test_backward_on_a_tensor_without_grad_is_an_error():
    with pytest.raises(RuntimeError, match="does not require grad"):
        glassnet.ones(2).sum().backward()


def test_second_backward_through_freed_graph_is_a_clear_error():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="second time.*retain_graph=True"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    first = x.grad.numpy().copy()
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * first)


def test_inplace_change_of_a_saved_input_is_detected():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    a = glassnet.tensor([3.0, 4.0])
    y = (x * a).sum()
    a[0] = 10.0
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()


def test_inplace_change_of_a_saved_output_is_detected():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    e = x.exp()  # Exp saves its output
    with glassnet.no_grad():
        e.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        e.sum().backward()


def test_inplace_on_a_leaf_that_requires_grad_is_refused():
    w = glassnet.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        w.add_(1)
    with glassnet.no_grad():
        w.add_(1)
    assert w.tolist() == [2.0, 2.0]


def test_leaf_and_non_leaf_rules():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    c = glassnet.tensor([1.0, 1.0])
    y = x * 2
    z = c * 2
    assert x.is_leaf and c.is_leaf and z.is_leaf and not y.is_leaf
    assert x.grad_fn is None and y.grad_fn is not None and not z.requires_grad
    y.sum().backward()
    assert y.grad is None and c.grad is None and x.grad is not None


def test_retain_grad_keeps_a_non_leaf_gradient():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.retain_grad()
    assert y.retains_grad
    (y * y).sum().backward()
    assert y.grad.tolist() == [6.0, 12.0]
    assert x.grad.tolist() == [18.0, 36.0]


def test_requires_grad_flag_rules():
    x = glassnet.ones(2)
    assert x.requires_grad_() is x and x.requires_grad
    with pytest.raises(RuntimeError, match="floating point"):
        glassnet.tensor([1, 2]).requires_grad_()
    y = x * 2
    with pytest.raises(RuntimeError, match="leaf"):
        y.requires_grad_(False)
    with pytest.raises(RuntimeError, match="floating point"):
        glassnet.tensor([1, 2], requires_grad=True)


def test_detach_shares_data_and_cuts_the_graph():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.is_leaf
    assert np.shares_memory(d.numpy(), y._data)
    (d * x).sum().backward()
    assert x.grad.tolist() == [2.0, 4.0]


def test_hooks_can_read_and_replace_gradients():
    seen = []
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: seen.append(g.tolist()))
    h = y.register_hook(lambda g: g * 10)
    x.register_hook(lambda g: g + 1)
    y.sum().backward()
    assert seen == [[1.0, 1.0]]
    assert x.grad.tolist() == [21.0, 21.0]
    h.remove()
    x.grad = None
    y2 = x * 2
    y2.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_hook_on_a_leaf_matches_torch():
    def run(m):
        x = m.tensor([1.0, -2.0, 3.0], requires_grad=True)
        x.register_hook(lambda g: g.clamp(min=0.5))
        y = x.tanh()
        y.retain_grad()
        y.register_hook(lambda g: g * 3)
        (y * y).sum().backward()
        return x.grad, y.grad

    for a, b in zip(run(glassnet), run(torch)):
        assert_close(a, b)


def test_no_grad_as_context_manager_and_decorator():
    x = glassnet.ones(2, requires_grad=True)
    with glassnet.no_grad():
        assert not glassnet.is_grad_enabled()
        assert not (x * 2).requires_grad
        with glassnet.enable_grad():
            assert (x * 2).requires_grad
        assert not (x * 2).requires_grad
    assert glassnet.is_grad_enabled()

    @glassnet.no_grad()
    def f(t):
        return t * 2

    @glassnet.no_grad
    def g(t):
        return t * 2

    assert f.__name__ == "f" and not f(x).requires_grad and not g(x).requires_grad
    assert glassnet.is_grad_enabled()

    @glassnet.enable_grad()
    def h(t):
        return t * 2

    with glassnet.no_grad():
        assert h(x).requires_grad


def test_grad_mode_is_restored_after_an_exception():
    with pytest.raises(ValueError), glassnet.no_grad():
        raise ValueError
    assert glassnet.is_grad_enabled()
    glassnet.set_grad_enabled(False)
    assert not (glassnet.ones(1, requires_grad=True) * 2).requires_grad
    glassnet.set_grad_enabled(True)


def test_set_grad_enabled_is_also_a_context_manager_and_decorator():
    x = glassnet.ones(1, requires_grad=True)
    for mode in (False, True):  # PyTorch's train/eval idiom: one block whose recording depends on a flag
        with glassnet.set_grad_enabled(mode):
            assert (x * 2).requires_grad is mode
        assert glassnet.is_grad_enabled()
    with glassnet.no_grad(), glassnet.set_grad_enabled(True):
        assert (x * 2).requires_grad
    assert glassnet.is_grad_enabled()

    @glassnet.set_grad_enabled(False)
    def double(t):
        return t * 2

    assert glassnet.is_grad_enabled()  # decorating changed nothing outside the function
    assert not double(x).requires_grad and glassnet.is_grad_enabled()


def test_autograd_grad_returns_values_without_touching_dot_grad():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    w = glassnet.tensor([3.0, 4.0], requires_grad=True)
    (gx,) = glassnet.autograd.grad((x * w).sum(), x)
    assert gx.tolist() == [3.0, 4.0] and x.grad is None and w.grad is None
    gx, gw = glassnet.autograd.grad([(x * w).sum()], [x, w])
    assert gw.tolist() == [1.0, 2.0]
    (gy,) = glassnet.autograd.grad(x * w, [x], grad_outputs=[glassnet.tensor([1.0, -1.0])])
    assert gy.tolist() == [3.0, -4.0]


def test_autograd_grad_allow_unused():
    x = glassnet.ones(2, requires_grad=True)
    unused = glassnet.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="allow_unused"):
        glassnet.autograd.grad((x * 2).sum(), [x, unused])
    gx, gu = glassnet.autograd.grad((x * 2).sum(), [x, unused], allow_unused=True)
    assert gx.tolist() == [2.0, 2.0] and gu is None
    _, gu = glassnet.autograd.grad((x * 2).sum(), [x, unused], materialize_grads=True)
    assert gu.tolist() == [0.0, 0.0]


def test_autograd_grad_of_an_intermediate():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    (gh,) = glassnet.autograd.grad((h * h).sum(), h)
    assert gh.tolist() == [6.0, 12.0]


def test_backward_with_inputs_only_fills_those():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    w = glassnet.tensor([3.0, 4.0], requires_grad=True)
    (x * w).sum().backward(inputs=[w])
    assert x.grad is None and w.grad.tolist() == [1.0, 2.0]
    (x * w).sum().backward(inputs=w)
    assert w.grad.tolist() == [2.0, 4.0]
    x.sum().backward(inputs=[x])  # the raw gradient is a read-only broadcast view
    x.grad._data += 1  # .grad must be an owned, writable array (optimizers update it in place)
    assert x.grad.tolist() == [2.0, 2.0]


def test_long_chain_of_ten_thousand_ops():
    x = glassnet.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(10_000):
        y = y * 1.0001
    y.backward()
    np.testing.assert_allclose(x.grad.item(), 1.0001**10_000, rtol=1e-3)
    del y  # freeing a 10,000-deep graph must not hit the recursion limit either


def test_fan_out_graph_sums_every_path():
    x = glassnet.tensor([0.5, -1.0, 2.0], requires_grad=True)
    xt = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    outs = []
    for m, v in ((glassnet, x), (torch, xt)):
        parts = [v * k for k in range(1, 51)] + [v.exp(), v.sin() * v, (v @ v) * v]
        total = m.stack([p.sum() for p in parts]).sum() + sum(p.mean() for p in parts)
        total.backward()
        outs.append(v.grad)
    assert_close(outs[0], outs[1])


def test_diamond_graph_with_shared_intermediate():
    def run(m):
        x = m.tensor([[0.3, -0.7], [1.1, 0.2]], requires_grad=True)
        h = x.tanh()
        a, b = h * 2, h.exp()
        ((a + b) * h).sum().backward()
        return x.grad

    assert_close(run(glassnet), run(torch))


class _Cube(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a**3

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * 3 * a * a


class _WrongCube(_Cube):
    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * 2 * a * a


def test_custom_function_and_public_gradcheck():
    x = glassnet.tensor([0.5, -1.5, 2.0], dtype=glassnet.float64, requires_grad=True)
    assert glassnet.autograd.gradcheck(_Cube.apply, (x,))
    with pytest.raises(AssertionError, match="Jacobian mismatch"):
        glassnet.autograd.gradcheck(_WrongCube.apply, (x,))
    assert glassnet.autograd.gradcheck(_WrongCube.apply, (x,), raise_exception=False) is False
    assert glassnet.autograd.gradgradcheck(_Cube.apply, (x,))


def test_gradcheck_warns_for_float32():
    x = glassnet.tensor([0.5, 1.5], requires_grad=True)
    with pytest.warns(UserWarning, match="float64"):
        glassnet.autograd.gradcheck(lambda t: t * 2, (x,), atol=1e-2, rtol=1e-2)


def test_gradient_error_is_a_runtime_error():
    assert issubclass(GradientError, RuntimeError)
