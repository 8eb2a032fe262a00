"""PyTorch's creation overloads: size= keywords, randint's forms, dtype inference for full/arange/tensor,
memory sharing for as_tensor/from_numpy, the *_like family and the errors for bad arguments."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet

torch = pytest.importorskip("torch")

# The same call on both libraries must give the same tensor (values, dtype, shape).
SAME = {
    "zeros_size_kw": lambda m: m.zeros(size=(2, 3)),
    "ones_size_kw": lambda m: m.ones(size=[2]),
    "zeros_dtype_grad": lambda m: m.zeros(2, 3, dtype=m.float64, requires_grad=True),
    "zeros_empty_list": lambda m: m.zeros([]),
    "full_bool": lambda m: m.full((2,), True),
    "full_int": lambda m: m.full((2, 1), 3),
    "full_float": lambda m: m.full([2], 3.0),
    "full_int_to_float64": lambda m: m.full((2,), 3, dtype=m.float64),
    "full_0d_tensor": lambda m: m.full((2,), m.tensor(3.0)),
    "full_numpy_int": lambda m: m.full((2,), np.int64(4)),
    "arange_ints": lambda m: m.arange(5),
    "arange_float_step": lambda m: m.arange(0, 1, 0.25),
    "arange_float_start": lambda m: m.arange(1.0, 4),
    "arange_negative_step": lambda m: m.arange(5, 0, -2),
    "arange_float_negative_step": lambda m: m.arange(1, 0, -0.3),
    "arange_0d_tensor": lambda m: m.arange(m.tensor(3)),
    "arange_numpy_int": lambda m: m.arange(np.int64(3)),
    "arange_keywords": lambda m: m.arange(start=1, end=4),
    "arange_end_only_kw": lambda m: m.arange(end=4),
    "arange_empty": lambda m: m.arange(2, 2),
    "arange_tenths": lambda m: m.arange(0, 1, 0.1),
    "linspace_steps_kw": lambda m: m.linspace(0, 1, steps=5),
    "linspace_zero_steps": lambda m: m.linspace(0, 1, 0),
    "linspace_int_dtype": lambda m: m.linspace(0, 10, 5, dtype=m.int64),
    "linspace_float64": lambda m: m.linspace(-1, 1, 4, dtype=m.float64),
    "logspace": lambda m: m.logspace(0, 2, steps=3),
    "logspace_base2": lambda m: m.logspace(0, 2, 3, base=2),
    "eye_rect": lambda m: m.eye(2, 3),
    "eye_keywords": lambda m: m.eye(n=2, m=1),
    "eye_int": lambda m: m.eye(2, dtype=m.int64),
    "tensor_bool_int": lambda m: m.tensor([True, 1]),
    "tensor_int_float": lambda m: m.tensor([1, 2.0]),
    "tensor_bool_float": lambda m: m.tensor([True, 2.5]),
    "tensor_nested_mixed": lambda m: m.tensor([[1], [2.5]]),
    "tensor_of_0d_tensors": lambda m: m.tensor([m.tensor(1.0), m.tensor(2.0)]),
    "tensor_0d_int_and_float": lambda m: m.tensor([m.tensor(1), 2.0]),
    "tensor_nested_0d": lambda m: m.tensor([[m.tensor(1)], [2.5]]),
    "tensor_0d_float64_tensor": lambda m: m.tensor([m.tensor(1.0, dtype=m.float64), 2.0]),
    "tensor_0d_bool_tensor": lambda m: m.tensor([m.tensor(True), 2]),
    "tensor_np_float64_scalar": lambda m: m.tensor(np.float64(1.5)),
    "tensor_np_int32_scalar": lambda m: m.tensor(np.int32(3)),
    "tensor_list_np_float64": lambda m: m.tensor([np.float64(1.5), 2]),
    "tensor_list_np_float32": lambda m: m.tensor([np.float32(1.5)]),
    "tensor_list_np_int32": lambda m: m.tensor([np.int32(1), np.int32(2)]),
    "tensor_float_to_int": lambda m: m.tensor(3.5, dtype=m.int64),
    "tensor_empty_nested": lambda m: m.tensor([[]]),
    "tensor_float16_array": lambda m: m.tensor(np.array([1, 2], dtype=np.float16)),
    "tensor_of_tensor": lambda m: m.tensor(m.tensor([1.0]).double()),
    "as_tensor_list": lambda m: m.as_tensor([1.0, 2.0]),
    "as_tensor_float64_array": lambda m: m.as_tensor(np.array([1.0, 2.0])),
    "as_tensor_dtype": lambda m: m.as_tensor(np.array([1.0, 2.0]), dtype=m.float32),
    "zeros_like_dtype": lambda m: m.zeros_like(m.zeros(2), dtype=m.int32),
    "ones_like_grad": lambda m: m.ones_like(m.zeros(2), requires_grad=True),
    "full_like_int_truncates": lambda m: m.full_like(m.zeros(2, dtype=m.int64), 2.7),
}


@pytest.mark.parametrize("name", list(SAME))
def test_creation_overloads_match_torch(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch warns on tensor(tensor)
        g, t = SAME[name](glassnet), SAME[name](torch)
    assert_close(g, t)
    assert g.requires_grad == t.requires_grad


# The same bad call must raise the same exception type on both libraries.
ERRORS = {
    "zeros_float_size": (lambda m: m.zeros(2.0), TypeError, "must be tuple of ints"),
    "zeros_negative": (lambda m: m.zeros(-1), RuntimeError, "non-negative"),
    "rand_size_twice": (lambda m: m.rand(2, size=(3,)), TypeError, "size"),
    "rand_int_dtype": (lambda m: m.rand(2, dtype=m.int64), NotImplementedError, "floating"),
    "randn_int_dtype": (lambda m: m.randn(2, dtype=m.int64), NotImplementedError, "floating"),
    "full_int_size": (lambda m: m.full(2, 1), TypeError, "must be tuple of ints"),
    "arange_zero_step": (lambda m: m.arange(0, 5, 0), RuntimeError, "step must be nonzero"),
    "arange_wrong_sign": (lambda m: m.arange(5, 0), RuntimeError, "inconsistent with step sign"),
    "linspace_no_steps": (lambda m: m.linspace(0, 1), TypeError, "steps"),
    "linspace_negative": (lambda m: m.linspace(0, 1, -1), RuntimeError, "non-negative"),
    "eye_negative": (lambda m: m.eye(-1), RuntimeError, "n must be greater or equal to 0"),
    "randint_no_size": (lambda m: m.randint(10), TypeError, "size"),
    "randint_int_size": (lambda m: m.randint(10, size=3), TypeError, "must be tuple of ints"),
    "randint_empty_range": (lambda m: m.randint(5, 3, (2,)), RuntimeError, "from=5 >= to=3"),
    "randint_bool": (lambda m: m.randint(0, 10, (2,), dtype=m.bool), RuntimeError, "out of bounds for bool"),
    "randperm_negative": (lambda m: m.randperm(-1), RuntimeError, "negative dimension"),
    "tensor_multi_element_inside": (lambda m: m.tensor([m.tensor([1.0, 2.0])]), ValueError, "one element"),
    "tensor_ragged": (lambda m: m.tensor([[1, 2], [3]]), ValueError, "equal lengths"),
    "from_numpy_list": (lambda m: m.from_numpy([1, 2]), TypeError, "expected np.ndarray"),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_bad_creation_calls_raise_like_torch(name):
    call, exc, message = ERRORS[name]
    with pytest.raises(exc, match=message):
        call(glassnet)
    with pytest.raises(exc):
        call(torch)


@pytest.mark.parametrize("call", [
    lambda m: m.randint(10, (3, 2)),
    lambda m: m.randint(3, 10, (3,)),
    lambda m: m.randint(3, 10, size=(3,), dtype=m.int32),
    lambda m: m.randint(10, (2,), dtype=m.float32),
    lambda m: m.randint(high=10, size=(2,)),
    lambda m: m.randint(low=2, high=10, size=(2,)),
    lambda m: m.randint(0, 2, (4,), dtype=m.bool),
    lambda m: m.rand(size=(2, 3)),
    lambda m: m.randn(size=(1,)),
    lambda m: m.empty(size=(2,)),
    lambda m: m.rand(2, 3, dtype=m.float64, requires_grad=True),
    lambda m: m.randperm(4, dtype=m.float32),
    lambda m: m.randint_like(m.zeros(2), 5),
    lambda m: m.randint_like(m.zeros(2, dtype=m.int32), 3, 5),
    lambda m: m.rand_like(m.zeros(2, 2)),
    lambda m: m.randn_like(m.zeros(2, dtype=m.float64)),
    lambda m: m.empty_like(m.zeros(2, 3)),
    lambda m: m.normal(0, 1, (2,)),
    lambda m: m.normal(2.0, 0.5, size=(3, 1), dtype=m.float64),
])
def test_random_overloads_give_torchs_shape_and_dtype(call):
    g, t = call(glassnet), call(torch)
    assert tuple(g.shape) == tuple(t.shape) and str(g.dtype) == str(t.dtype).replace("torch.", "glassnet.")
    assert g.requires_grad == t.requires_grad


def test_no_size_gives_a_0d_tensor():
    # glassnet's one leniency (PyTorch raises): zeros(*shape) and rand_like(scalar) work when shape == ().
    for make in (glassnet.zeros, glassnet.ones, glassnet.empty, glassnet.rand, glassnet.randn):
        assert make().shape == () and make(*()).ndim == 0
    assert glassnet.rand_like(glassnet.tensor(1.0)).shape == ()


def test_randint_ranges():
    x = glassnet.randint(3, 10, (2000,))
    assert x.min().item() == 3 and x.max().item() == 9
    y = glassnet.randint(4, (2000,), dtype=glassnet.float32)
    assert sorted(set(y.tolist())) == [0.0, 1.0, 2.0, 3.0]


def test_randint_like_range():
    x = glassnet.randint_like(glassnet.zeros(2000, dtype=glassnet.int32), 3, 5)
    assert x.dtype == glassnet.int32 and sorted(set(x.tolist())) == [3, 4]


def test_as_tensor_and_from_numpy_share_memory():
    a = np.array([1.0, 2.0])
    t, f = glassnet.as_tensor(a), glassnet.from_numpy(a)
    a[0] = 9.0
    assert t[0].item() == 9.0 and f[0].item() == 9.0 and t.dtype == glassnet.float64
    f[1] = 7.0
    assert a[1] == 7.0
    existing = glassnet.ones(2)
    assert glassnet.as_tensor(existing) is existing


def test_tensor_copies_numpy_scalars_and_0d_arrays():
    arr = np.array(2.5, dtype=np.float32)
    t = glassnet.tensor(arr)
    arr[()] = 1.0
    assert t.item() == 2.5 and t.dtype == glassnet.float32 and t.ndim == 0


def test_tensor_inference_follows_the_default_dtype():
    glassnet.set_default_dtype(glassnet.float64)
    try:
        assert glassnet.tensor([1, 2.5]).dtype == glassnet.float64
        assert glassnet.tensor([np.float32(1.5), 2.0]).dtype == glassnet.float64  # torch: promote(f32, f64)
        assert glassnet.arange(0, 1, 0.5).dtype == glassnet.float64
    finally:
        glassnet.set_default_dtype(glassnet.float32)


# ---- meshgrid ------------------------------------------------------------------------------------
@pytest.mark.parametrize("indexing", ["ij", "xy"])
@pytest.mark.parametrize("shapes", [[(2,), (3,)], [(2,), (3,), (4,)], [(), (3,)], [(4,)]])
def test_meshgrid_values_and_gradients_match_torch(indexing, shapes):
    arrays = [rand_array(s) for s in shapes]
    check_parity(lambda *xs: glassnet.meshgrid(*xs, indexing=indexing),
                 lambda *xs: torch.meshgrid(*xs, indexing=indexing), arrays)
    check_gradcheck(lambda *xs: glassnet.meshgrid(*xs, indexing=indexing), arrays)


def test_meshgrid_takes_a_list_and_warns_without_indexing_like_torch():
    a, b = glassnet.arange(2), glassnet.arange(3)
    with pytest.warns(UserWarning, match="indexing argument"):
        default = glassnet.meshgrid(a, b)
    with pytest.warns(UserWarning, match="indexing argument"):
        torch.meshgrid(torch.arange(2), torch.arange(3))
    listed = glassnet.meshgrid([a, b], indexing="ij")
    assert all(d.equal(x) for d, x in zip(default, listed))


@pytest.mark.parametrize("call", [
    lambda m: m.meshgrid(m.arange(2), indexing="foo"),
    lambda m: m.meshgrid(indexing="ij"),
    lambda m: m.meshgrid(m.zeros(2, 2), indexing="ij"),
    lambda m: m.meshgrid(m.zeros(2), m.zeros(2, dtype=m.float64), indexing="ij"),
])
def test_meshgrid_errors_match_torch(call):
    with pytest.raises(RuntimeError, match="meshgrid"):
        call(glassnet)
    with pytest.raises(RuntimeError, match="meshgrid"):
        call(torch)
