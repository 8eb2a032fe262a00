"""Random functions: glassnet.Generator and generator=, normal's overloads, bernoulli and the in-place
fills (checked by shapes, dtypes, errors and sample statistics against torch)."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet
from glassnet.data import DataLoader, TensorDataset, random_split

torch = pytest.importorskip("torch")

N = 20_000  # samples per statistic: the standard error of a mean is then below 1% of the spread


def _gdtype(t) -> str:
    return str(t.dtype).replace("torch.", "glassnet.")


# ---- Generator -----------------------------------------------------------------------------------
def test_generator_reproduces_draws_without_touching_the_global_one():
    glassnet.manual_seed(5)
    expected_global = glassnet.rand(3)
    glassnet.manual_seed(5)
    g = glassnet.Generator().manual_seed(0)
    a = glassnet.randn(3, generator=g)
    b = glassnet.randn(3, generator=glassnet.Generator().manual_seed(0))
    assert a.equal(b) and not glassnet.randn(3, generator=g).equal(a)
    assert glassnet.rand(3).equal(expected_global)  # the generator's draws left the global stream alone


@pytest.mark.parametrize("draw", [
    lambda g: glassnet.rand(4, generator=g),
    lambda g: glassnet.randn(2, 2, generator=g),
    lambda g: glassnet.randint(0, 9, (5,), generator=g),
    lambda g: glassnet.randperm(6, generator=g),
    lambda g: glassnet.normal(0.0, 1.0, (3,), generator=g),
    lambda g: glassnet.normal(glassnet.zeros(3), 1.0, generator=g),
    lambda g: glassnet.bernoulli(glassnet.full((6,), 0.5), generator=g),
    lambda g: glassnet.rand_like(glassnet.zeros(3), generator=g),
    lambda g: glassnet.randn_like(glassnet.zeros(3), generator=g),
    lambda g: glassnet.randint_like(glassnet.zeros(3), 7, generator=g),
    lambda g: glassnet.empty(4).uniform_(generator=g),
    lambda g: glassnet.empty(4).normal_(generator=g),
    lambda g: glassnet.empty(4).exponential_(generator=g),
    lambda g: glassnet.empty(4).log_normal_(generator=g),
    lambda g: glassnet.empty(4).cauchy_(generator=g),
    lambda g: glassnet.empty(4).geometric_(0.3, generator=g),
    lambda g: glassnet.empty(4).bernoulli_(0.5, generator=g),
    lambda g: glassnet.empty(4).random_(0, 100, generator=g),
    lambda g: glassnet.multinomial(glassnet.tensor([0.2, 0.3, 0.5]), 6, replacement=True, generator=g),
    lambda g: glassnet.multinomial(glassnet.tensor([[0.2, 0.3, 0.5]]), 2, generator=g),
])
def test_every_random_function_takes_generator(draw):
    assert draw(glassnet.Generator().manual_seed(3)).equal(draw(glassnet.Generator().manual_seed(3)))


def test_generator_seed_state_and_default_generator():
    g = glassnet.Generator()
    assert g.manual_seed(3) is g and g.initial_seed() == 3 == torch.Generator().manual_seed(3).initial_seed()
    state = g.get_state()
    x = glassnet.rand(3, generator=g)
    assert g.set_state(state) is g and glassnet.rand(3, generator=g).equal(x)
    s = g.seed()
    assert isinstance(s, int) and g.initial_seed() == s
    assert glassnet.manual_seed(4) is glassnet.default_generator and glassnet.default_generator.initial_seed() == 4
    first = glassnet.rand(2)
    glassnet.default_generator.manual_seed(4)
    assert glassnet.rand(2, generator=glassnet.default_generator).equal(first)


def test_dataloader_and_random_split_take_a_generator():
    ds = TensorDataset(glassnet.arange(10))

    def order(seed):
        loader = DataLoader(ds, batch_size=10, shuffle=True, generator=glassnet.Generator().manual_seed(seed))
        return next(iter(loader))[0].tolist()

    assert order(0) == order(0) and sorted(order(0)) == list(range(10))
    parts = [random_split(ds, [0.5, 0.5], generator=glassnet.Generator().manual_seed(1)) for _ in range(2)]
    assert [list(p.indices) for p in parts[0]] == [list(p.indices) for p in parts[1]]


# ---- normal --------------------------------------------------------------------------------------
NORMAL = {
    "tensor_tensor": lambda m: m.normal(m.zeros(2, 3), m.ones(2, 3)),
    "tensor_float": lambda m: m.normal(m.zeros(2, 3), 1.0),
    "float_tensor": lambda m: m.normal(0.0, m.ones(3)),
    "float_float_size": lambda m: m.normal(0.0, 1.0, (2, 2)),
    "float_float_size_kw": lambda m: m.normal(0.0, 1.0, size=(2, 2)),
    "broadcast": lambda m: m.normal(m.zeros(2, 1), m.ones(3)),
    "float64_mean": lambda m: m.normal(m.zeros(2, dtype=m.float64), 1.0),
    "float64_std": lambda m: m.normal(0.0, m.ones(2, dtype=m.float64)),
    "promoted": lambda m: m.normal(m.zeros(2, dtype=m.float64), m.ones(2)),
    "dtype_kw": lambda m: m.normal(2.0, 0.0, (2,), dtype=m.float64),
}


@pytest.mark.parametrize("name", list(NORMAL))
def test_normal_overloads_shapes_and_dtypes_match_torch(name):
    g, t = NORMAL[name](glassnet), NORMAL[name](torch)
    assert tuple(g.shape) == tuple(t.shape) and str(g.dtype) == _gdtype(t)


@pytest.mark.parametrize("call, exc", [
    (lambda m: m.normal(0.0, 1.0), TypeError),
    (lambda m: m.normal(m.zeros(2), m.ones(3)), RuntimeError),
    (lambda m: m.normal(m.zeros(2), -m.ones(2)), RuntimeError),
    (lambda m: m.normal(0.0, -1.0, (2,)), RuntimeError),
    (lambda m: m.normal(m.zeros(2), m.ones(2), size=(2,)), TypeError),
    (lambda m: m.normal(m.zeros(2, dtype=m.int64), 1.0), NotImplementedError),
])
def test_normal_bad_arguments_raise_like_torch(call, exc):
    with pytest.raises(exc):
        call(glassnet)
    with pytest.raises(exc):
        call(torch)


def test_normal_sample_statistics():
    mean = glassnet.tensor([-2.0, 0.0, 3.0]).reshape(3, 1).expand(3, N)
    std = glassnet.tensor([0.5, 1.0, 2.0]).reshape(3, 1).expand(3, N)
    x = glassnet.normal(mean, std)
    np.testing.assert_allclose(x.mean(1).tolist(), [-2.0, 0.0, 3.0], atol=0.05)
    np.testing.assert_allclose(x.std(1).tolist(), [0.5, 1.0, 2.0], rtol=0.03)
    y = glassnet.normal(1.0, 3.0, (N,))
    assert abs(y.mean().item() - 1.0) < 0.1 and abs(y.std().item() - 3.0) < 0.1


def test_normal_and_bernoulli_gradients_are_zero_as_in_torch():
    # PyTorch records normal() and bernoulli() but gives zero gradients (it does not reparameterise);
    # a finite-difference gradcheck cannot apply to a random output, so parity is checked directly.
    for m in (glassnet, torch):
        mean = m.zeros(2, 1, requires_grad=True)
        std = m.ones(3, dtype=m.float32, requires_grad=True)
        probs = m.full((3,), 0.5, requires_grad=True)
        out = m.normal(mean, std)
        b = m.bernoulli(probs)
        assert out.requires_grad and b.requires_grad
        (out.sum() + b.sum()).backward()
        assert mean.grad.tolist() == [[0.0], [0.0]] and std.grad.tolist() == [0.0] * 3
        assert probs.grad.tolist() == [0.0] * 3
    assert "Normal" in repr(glassnet.normal(glassnet.zeros(2, requires_grad=True), 1.0).grad_fn)


# ---- bernoulli -----------------------------------------------------------------------------------
def test_bernoulli_forms_match_torch():
    # (call, deterministic): with every probability 0 or 1 the values must agree too
    for call, certain in ((lambda m: m.bernoulli(m.full((3,), 0.5)), False),
                          (lambda m: m.bernoulli(m.ones(3), p=0.0), True),
                          (lambda m: m.ones(3).bernoulli(0.0), True),
                          (lambda m: m.ones(3, dtype=m.float64).bernoulli(), True),
                          (lambda m: m.zeros(3, dtype=m.int64).bernoulli_(m.full((3,), 1.0)), True),
                          (lambda m: m.zeros(2, 2).bernoulli_(1.0), True)):
        g, t = call(glassnet), call(torch)
        assert tuple(g.shape) == tuple(t.shape) and str(g.dtype) == _gdtype(t)
        if certain:
            assert g.tolist() == t.tolist()
    p = glassnet.tensor([0.1, 0.5, 0.9]).reshape(3, 1).expand(3, N)
    np.testing.assert_allclose(glassnet.bernoulli(p).mean(1).tolist(), [0.1, 0.5, 0.9], atol=0.02)
    assert abs(glassnet.zeros(N).bernoulli_(0.3).mean().item() - 0.3) < 0.02


@pytest.mark.parametrize("call, exc", [
    (lambda m: m.bernoulli(m.full((3,), 1.5)), RuntimeError),
    (lambda m: m.bernoulli(m.ones(3, dtype=m.int64)), NotImplementedError),
])
def test_bernoulli_bad_arguments_raise_like_torch(call, exc):
    with pytest.raises(exc):
        call(glassnet)
    with pytest.raises(exc):
        call(torch)


# ---- in-place fills ------------------------------------------------------------------------------
def test_in_place_fill_statistics():
    e = glassnet.empty(N).exponential_(2.0)
    assert e.min().item() >= 0 and abs(e.mean().item() - 0.5) < 0.02
    ln = glassnet.empty(N, dtype=glassnet.float64).log_normal_(0.0, 0.5)
    assert ln.min().item() > 0 and abs(ln.log().mean().item()) < 0.02 and abs(ln.log().std().item() - 0.5) < 0.02
    c = glassnet.empty(N).cauchy_(1.0, 2.0)
    assert abs(float(np.median(c._data)) - 1.0) < 0.1
    quartiles = np.percentile(c._data, [25, 75])
    np.testing.assert_allclose(quartiles, [-1.0, 3.0], atol=0.15)  # median -/+ sigma
    geo = glassnet.empty(N).geometric_(0.25)
    assert geo.min().item() >= 1 and abs(geo.mean().item() - 4.0) < 0.15
    u = glassnet.empty(N).uniform_(2.0, 5.0)
    assert 2.0 <= u.min().item() and u.max().item() < 5.0 and abs(u.mean().item() - 3.5) < 0.05
    n = glassnet.empty(N).normal_(1.0, 2.0)
    assert abs(n.mean().item() - 1.0) < 0.1 and abs(n.std().item() - 2.0) < 0.1


def test_random_integer_fill_ranges_match_torch():
    for call in (lambda m: m.zeros(N).random_(0, 5), lambda m: m.zeros(N).random_(5),
                 lambda m: m.zeros(N, dtype=m.int32).random_(-3, 3), lambda m: m.zeros(N, dtype=m.bool).random_(),
                 lambda m: m.zeros(N, dtype=m.uint8).random_()):
        g, t = call(glassnet), call(torch)
        assert str(g.dtype) == _gdtype(t)
        assert (g.min().item(), g.max().item()) == (t.min().item(), t.max().item())
    big = glassnet.zeros(1000).random_()
    assert big.max().item() > 2**20 and big.max().item() <= 2**24  # float32's exact-integer range


def test_fills_keep_dtype_and_shape_and_count_as_in_place():
    x = glassnet.zeros(2, 3, dtype=glassnet.float64)
    v = x._version
    for fill in ("uniform_", "normal_", "exponential_", "log_normal_", "cauchy_"):
        assert getattr(x, fill)() is x and x.dtype == glassnet.float64 and x.shape == (2, 3)
    assert x._version == v + 5
    assert glassnet.zeros(3, dtype=glassnet.int64).geometric_(0.5).dtype == glassnet.int64


@pytest.mark.parametrize("call, exc", [
    (lambda m: m.zeros(3).uniform_(2, 1), RuntimeError),
    (lambda m: m.zeros(3).normal_(0, -1), RuntimeError),
    (lambda m: m.zeros(3).exponential_(0), RuntimeError),
    (lambda m: m.zeros(3).exponential_(-1), RuntimeError),
    (lambda m: m.zeros(3).log_normal_(0, 0), RuntimeError),
    (lambda m: m.zeros(3).cauchy_(0, -1), RuntimeError),
    (lambda m: m.zeros(3).geometric_(0), RuntimeError),
    (lambda m: m.zeros(3).geometric_(1.0), RuntimeError),
    (lambda m: m.zeros(3).random_(5, 2), RuntimeError),
    (lambda m: m.zeros(3, dtype=m.int64).normal_(), NotImplementedError),
    (lambda m: m.zeros(3, dtype=m.int64).uniform_(), NotImplementedError),
    (lambda m: m.zeros(2, dtype=m.int64).cauchy_(), RuntimeError),
    (lambda m: m.zeros(3, requires_grad=True).normal_(), RuntimeError),
])
def test_fill_errors_match_torch(call, exc):
    with pytest.raises(exc):
        call(glassnet)
    with pytest.raises(exc):
        call(torch)
