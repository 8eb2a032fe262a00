"""Creation functions: values, dtypes and shapes like PyTorch's; one seeded generator for all draws."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close

import glassnet

torch = pytest.importorskip("torch")

# name -> call(module); the same call works on glassnet and torch, and must give the same tensor.
DETERMINISTIC = {
    "tensor_floats": lambda m: m.tensor([1.0, 2.5]),
    "tensor_ints": lambda m: m.tensor([[1, 2], [3, 4]]),
    "tensor_mixed": lambda m: m.tensor([1, 2.5]),
    "tensor_bools": lambda m: m.tensor([True, False]),
    "tensor_scalar": lambda m: m.tensor(3.0),
    "tensor_int_scalar": lambda m: m.tensor(3),
    "tensor_dtype": lambda m: m.tensor([1, 2], dtype=m.float64),
    "tensor_float64_array": lambda m: m.tensor(np.array([1.0, 2.0])),
    "tensor_int32_array": lambda m: m.tensor(np.array([1, 2], dtype=np.int32)),
    "tensor_empty": lambda m: m.tensor([]),
    "zeros": lambda m: m.zeros(2, 3),
    "zeros_tuple": lambda m: m.zeros((2, 3), dtype=m.int64),
    "zeros_0d": lambda m: m.zeros(()),
    "ones": lambda m: m.ones(4, dtype=m.float64),
    "ones_empty": lambda m: m.ones(0, 2),
    "full_float": lambda m: m.full((2, 2), 1.5),
    "full_int": lambda m: m.full((3,), 7),
    "full_bool": lambda m: m.full((2,), True),
    "full_dtype": lambda m: m.full((2,), 7, dtype=m.float32),
    "arange": lambda m: m.arange(5),
    "arange_start_end_step": lambda m: m.arange(2, 11, 3),
    "arange_float": lambda m: m.arange(0, 1, 0.25),
    "arange_float_end": lambda m: m.arange(5.0),
    "arange_dtype": lambda m: m.arange(4, dtype=m.float64),
    "linspace": lambda m: m.linspace(0, 1, 5),
    "linspace_one": lambda m: m.linspace(-2, 2, steps=1),
    "eye": lambda m: m.eye(3),
    "eye_rect": lambda m: m.eye(2, 4, dtype=m.int64),
    "zeros_like": lambda m: m.zeros_like(m.tensor([[1, 2]])),
    "ones_like": lambda m: m.ones_like(m.tensor([1.0, 2.0], dtype=m.float64)),
    "ones_like_dtype": lambda m: m.ones_like(m.tensor([1, 2]), dtype=m.float32),
    "full_like": lambda m: m.full_like(m.tensor([1.0, 2.0]), 3),
}


@pytest.mark.parametrize("name", list(DETERMINISTIC))
def test_creation_matches_torch(name):
    assert_close(DETERMINISTIC[name](glassnet), DETERMINISTIC[name](torch))


def test_empty_has_the_right_shape_and_dtype():
    e = glassnet.empty(2, 3, dtype=glassnet.float64)
    assert e.shape == (2, 3) and e.dtype == glassnet.float64
    assert glassnet.empty_like(glassnet.ones(4)).shape == (4,)


def test_tensor_copies_its_data():
    arr = np.ones(3, np.float32)
    t = glassnet.tensor(arr)
    arr[0] = 5
    assert t.tolist() == [1.0, 1.0, 1.0]
    t2 = glassnet.tensor(t)
    t2[0] = 7.0
    assert t[0].item() == 1.0
    assert glassnet.from_numpy(arr)._data is arr


def test_tensor_from_a_list_of_tensors():
    t = glassnet.tensor([glassnet.tensor(1.0), glassnet.tensor(2.0)])
    assert t.tolist() == [1.0, 2.0] and t.dtype == glassnet.float32


def test_requires_grad_argument():
    for make in (lambda: glassnet.tensor([1.0], requires_grad=True),
                 lambda: glassnet.zeros(2, requires_grad=True), lambda: glassnet.ones(2, requires_grad=True),
                 lambda: glassnet.randn(2, requires_grad=True), lambda: glassnet.rand(2, requires_grad=True),
                 lambda: glassnet.full((2,), 1.0, requires_grad=True)):
        t = make()
        assert t.requires_grad and t.is_leaf


def test_tensor_rejects_unsupported_data():
    with pytest.raises(TypeError, match="cannot build a tensor"):
        glassnet.tensor([object()])


# ---- random draws -----------------------------------------------------------------------------
DRAWS = {
    "rand": lambda: glassnet.rand(3, 4),
    "randn": lambda: glassnet.randn((2, 5)),
    "randint": lambda: glassnet.randint(0, 10, (20,)),
    "randint_high_only": lambda: glassnet.randint(5, size=(3, 3)),
    "randn_like": lambda: glassnet.randn_like(glassnet.zeros(2, 2, dtype=glassnet.float64)),
    "rand_like": lambda: glassnet.rand_like(glassnet.zeros(3)),
    "randperm": lambda: glassnet.randperm(10),
}


@pytest.mark.parametrize("name", list(DRAWS))
def test_manual_seed_makes_draws_reproducible(name):
    glassnet.manual_seed(123)
    a = DRAWS[name]()
    b = DRAWS[name]()
    glassnet.manual_seed(123)
    c = DRAWS[name]()
    assert a.equal(c) and a.dtype == c.dtype
    assert not a.equal(b) or a.numel() < 2


def test_one_generator_drives_every_draw():
    glassnet.manual_seed(7)
    first = glassnet.rand(5)
    glassnet.manual_seed(7)
    glassnet.randn(3)  # an intervening draw of another kind advances the same generator
    assert not glassnet.rand(5).equal(first)
    assert glassnet.initial_seed() == 7
    state = glassnet.get_rng_state()
    x = glassnet.randn(4)
    glassnet.set_rng_state(state)
    assert glassnet.randn(4).equal(x)


def test_random_dtypes_and_ranges():
    u = glassnet.rand(10_000)
    assert u.dtype == glassnet.float32 and 0 <= u.min().item() and u.max().item() < 1
    n = glassnet.randn(10_000, dtype=glassnet.float64)
    assert n.dtype == glassnet.float64 and abs(n.mean().item()) < 0.05 and abs(n.std().item() - 1) < 0.05
    i = glassnet.randint(-3, 3, (1000,))
    assert i.dtype == glassnet.int64 and i.min().item() == -3 and i.max().item() == 2
    assert sorted(glassnet.randperm(6).tolist()) == list(range(6))


def test_in_place_random_fills_use_the_generator():
    glassnet.manual_seed(3)
    a = glassnet.empty(4).uniform_(-1, 1)
    glassnet.manual_seed(3)
    b = glassnet.empty(4).uniform_(-1, 1)
    assert a.equal(b) and a.dtype == glassnet.float32 and (a.abs() <= 1).all().item()
    assert glassnet.empty(3, dtype=glassnet.float64).normal_(2.0, 0.1).dtype == glassnet.float64


def test_default_dtype_can_be_changed():
    glassnet.set_default_dtype(glassnet.float64)
    try:
        assert glassnet.tensor([1.5]).dtype == glassnet.float64
        assert glassnet.zeros(2).dtype == glassnet.float64
        assert glassnet.get_default_dtype() == glassnet.float64
    finally:
        glassnet.set_default_dtype(glassnet.float32)
    assert glassnet.tensor([1.5]).dtype == glassnet.float32


def test_default_dtype_must_be_floating():
    with pytest.raises(TypeError, match="only floating-point types"):
        glassnet.set_default_dtype(glassnet.int64)
    assert glassnet.get_default_dtype() == glassnet.float32  # the refused call changed nothing
