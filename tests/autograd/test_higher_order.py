"""create_graph=True: double backward, Hessian-vector products, gradient penalties (vs PyTorch)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close, rand_array

import glassnet
from glassnet.autograd import grad, gradgradcheck

torch = pytest.importorskip("torch")

IDX = np.array([[0, 2], [1, 1]])

# Second derivatives of every differentiable op family, checked by finite differences of the
# (create_graph) gradient. name -> (fn, input shapes, input kind)
OPS = {
    "mul": (lambda a, b: a * b, [(2, 3), (3,)], "real"),
    "div": (lambda a, b: a / b, [(2, 3), (3,)], "away0"),
    "pow_tensor": (lambda a, b: a**b, [(2, 3), (2, 3)], "pos"),
    "pow_scalar": (lambda a: a**3, [(2, 3)], "real"),
    "rpow": (lambda a: 2.0**a, [(2, 3)], "real"),
    "exp_log": (lambda a: a.exp() + (a * a + 1).log(), [(2, 3)], "real"),
    "log1p": (lambda a: a.log1p(), [(2, 3)], "pos"),
    "sqrt_rsqrt": (lambda a: a.sqrt() + a.rsqrt(), [(2, 3)], "pos"),
    "trig": (lambda a: a.sin() * a.cos(), [(2, 3)], "real"),
    "tanh_sigmoid": (lambda a: a.tanh() + a.sigmoid(), [(2, 3)], "real"),
    "relu_abs_clamp": (lambda a: a.relu() * a + a.abs() * a + a.clamp(-0.5, 0.5) * a, [(2, 3)], "away0"),
    "max_min": (lambda a, b: glassnet.maximum(a, b) * a + glassnet.minimum(a, b) * b,
                [(2, 3), (2, 3)], "real"),
    "where": (lambda a, b: glassnet.where(a > 0, a * a, b * b), [(2, 3), (2, 3)], "real"),
    "matmul": (lambda a, b: (a @ b) ** 2, [(2, 3), (3, 4)], "real"),
    "matmul_vec": (lambda a, b: (a @ b) ** 2, [(2, 3, 4), (4,)], "real"),
    "sum_mean": (lambda a: a.sum(1) ** 2 + a.mean(0).sum() ** 2, [(2, 3)], "real"),
    "var_std": (lambda a: a.var(1) + a.std(), [(2, 3)], "real"),
    "amax_max": (lambda a: (a.amax(1) ** 2).sum() + a.max(0).values ** 2, [(2, 3)], "real"),
    "logsumexp": (lambda a: a.logsumexp(1), [(2, 3)], "real"),
    "prod": (lambda a: a.prod(1), [(2, 3)], "away0"),
    "softmax": (lambda a: a.softmax(-1) * a, [(2, 3)], "real"),
    "log_softmax": (lambda a: a.log_softmax(0) * a, [(2, 3)], "real"),
    "shape_chain": (lambda a: (a.reshape(3, 2).T.unsqueeze(0).expand(2, 2, 3) ** 2).flatten(),
                    [(2, 3)], "real"),
    "cat_stack": (lambda a, b: glassnet.cat([a, b]) ** 2 + glassnet.stack([a[0], b[0]]).sum(0) ** 3,
                  [(2, 3), (1, 3)], "real"),
    "split_pad_repeat": (lambda a: glassnet.pad(a.split(1)[1], (1, 1)).repeat(2, 1) ** 3, [(2, 3)], "real"),
    "getitem": (lambda a: a[glassnet.tensor([0, 0, 1])] ** 2 + (a[:, 1:] ** 3).sum(), [(2, 3)], "real"),
    "gather_index_select": (lambda a: a.gather(1, glassnet.tensor(IDX)) ** 2
                            + a.index_select(1, glassnet.tensor([2, 2])) ** 3, [(2, 3)], "real"),
    "scatter_add_masked_fill": (
        lambda a, s: a.scatter_add(1, glassnet.tensor(IDX), s * s).masked_fill(a > 1, 0) * a,
        [(2, 3), (2, 2)], "real"),
}


@pytest.mark.parametrize("name", list(OPS))
def test_gradgradcheck(name):
    fn, shapes, kind = OPS[name]
    inputs = [glassnet.tensor(rand_array(s, kind, np.float64) * (1 + 0.1 * i), requires_grad=True)
              for i, s in enumerate(shapes)]
    assert gradgradcheck(fn, inputs)


def test_double_backward_matches_torch():
    def run(m):
        x = m.tensor([0.3, -1.2, 2.0], dtype=m.float64, requires_grad=True)
        y = (x**3 * x.sin()).sum()
        (g,) = (m.autograd.grad(y, x, create_graph=True))
        g.sum().backward()
        return g, x.grad

    for a, b in zip(run(glassnet), run(torch)):
        assert_close(a, b)


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")
def test_backward_create_graph_then_backward_of_the_grad():
    def run(m):
        x = m.tensor([0.5, 1.5], requires_grad=True)
        (x**4).sum().backward(create_graph=True)
        first = x.grad
        assert first.requires_grad
        x.grad = None
        (first * first).sum().backward()
        return first, x.grad

    for a, b in zip(run(glassnet), run(torch)):
        assert_close(a, b)


def test_hessian_vector_product_matches_torch():
    w = rand_array((4, 3), dtype=np.float64)
    xs = rand_array((5, 4), dtype=np.float64)
    v = rand_array((4, 3), dtype=np.float64)

    def run(m):
        W = m.tensor(w, requires_grad=True)
        X = m.tensor(xs)
        loss = ((X @ W).tanh().log_softmax(-1) ** 2).mean()
        (g,) = m.autograd.grad(loss, W, create_graph=True)
        (hv,) = m.autograd.grad((g * m.tensor(v)).sum(), W)
        return hv

    assert_close(run(glassnet), run(torch))


def test_gradient_penalty_matches_torch():
    # WGAN-GP style: penalise the norm of d critic / d input, then update the critic's weights.
    w1, w2 = rand_array((3, 8), dtype=np.float64), rand_array((8, 1), dtype=np.float64)
    xs = rand_array((6, 3), dtype=np.float64)

    def run(m):
        W1, W2 = m.tensor(w1, requires_grad=True), m.tensor(w2, requires_grad=True)
        x = m.tensor(xs, requires_grad=True)
        critic = ((x @ W1).sigmoid() * (x @ W1).relu() @ W2).sum()
        (gx,) = m.autograd.grad(critic, x, create_graph=True)
        penalty = ((gx.norm(dim=1) - 1) ** 2).mean()
        penalty.backward()
        return W1.grad, W2.grad, x.grad

    for a, b in zip(run(glassnet), run(torch)):
        assert_close(a, b)


def test_third_derivative():
    x = glassnet.tensor(0.7, dtype=glassnet.float64, requires_grad=True)
    (g1,) = grad(x**4, x, create_graph=True)
    (g2,) = grad(g1, x, create_graph=True)
    (g3,) = grad(g2, x)
    np.testing.assert_allclose(g3.item(), 24 * 0.7)


def test_grad_without_create_graph_is_not_differentiable():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    (g,) = grad((x**2).sum(), x)
    assert not g.requires_grad
