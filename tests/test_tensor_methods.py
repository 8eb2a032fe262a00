"""Tensor methods added for PyTorch parity (issue #9): new_* factories, multinomial, the generic NAME_
in-place variants, and that every new function also exists as a method where PyTorch has one."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close, rand_array

import glassnet
from glassnet.tensor_methods import INPLACE

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("dtype", [glassnet.float64, glassnet.int32, glassnet.bool])
def test_new_factories_follow_self_dtype(dtype):
    g = glassnet.ones(2, dtype=dtype)
    t = torch.ones(2, dtype=getattr(torch, dtype.name))
    assert_close(g.new_zeros(2, 3), t.new_zeros(2, 3))
    assert_close(g.new_zeros((2,)), t.new_zeros((2,)))
    assert_close(g.new_ones([3]), t.new_ones([3]))
    assert_close(g.new_full((2, 2), 3), t.new_full((2, 2), 3))
    assert_close(g.new_full((2,), 1, dtype=glassnet.int64), t.new_full((2,), 1, dtype=torch.int64))
    assert_close(g.new_tensor([1, 0]), t.new_tensor([1, 0]))
    assert g.new_empty((0, 2)).shape == (0, 2) and g.new_empty(3).dtype == dtype


def test_new_factories_requires_grad_and_copy():
    g = glassnet.ones(2, dtype=glassnet.float64)
    z = g.new_ones(2, requires_grad=True)
    assert z.requires_grad and z.is_leaf and z.dtype == glassnet.float64
    data = np.array([1.0, 2.0])
    n = g.new_tensor(data)
    data[0] = 5.0
    assert n.tolist() == [1.0, 2.0], "new_tensor copies its data"
    assert_close(glassnet.tensor([1, 2]).new_full((1,), 2.7), torch.tensor([1, 2]).new_full((1,), 2.7))
    with pytest.raises(RuntimeError, match="floating point"):
        glassnet.tensor([1]).new_zeros(2, requires_grad=True)


@pytest.mark.parametrize("replacement", [True, False])
def test_multinomial_statistics(replacement):
    glassnet.manual_seed(3)
    p = glassnet.tensor([[0.1, 0.0, 0.6, 0.3], [1.0, 1.0, 1.0, 1.0]])
    draws = 20000
    if replacement:
        s = glassnet.multinomial(p, draws, replacement=True)
        assert s.shape == (2, draws) and s.dtype == glassnet.int64
        freq = np.stack([np.bincount(row, minlength=4) / draws for row in s._data])
        expected = p._data / p._data.sum(1, keepdims=True)
        assert np.abs(freq - expected).max() < 0.015
        assert not (s._data[0] == 1).any(), "a zero-weight category is never drawn"
    else:
        first = np.array([p.multinomial(3)._data[:, 0] for _ in range(3000)])
        freq = np.bincount(first[:, 0], minlength=4) / len(first)
        assert np.abs(freq - [0.1, 0.0, 0.6, 0.3]).max() < 0.03
        s = p.multinomial(3)
        assert all(len(set(row)) == 3 for row in s.tolist()), "without replacement, no repeats"
        assert 1 not in s.tolist()[0]
    one = glassnet.multinomial(glassnet.tensor([0.0, 5.0]), 4, True)
    assert one.shape == (4,) and one.tolist() == [1, 1, 1, 1]


def test_multinomial_is_seeded_by_manual_seed():
    glassnet.manual_seed(7)
    a = glassnet.multinomial(glassnet.ones(10), 5)
    glassnet.manual_seed(7)
    assert glassnet.multinomial(glassnet.ones(10), 5).tolist() == a.tolist()


@pytest.mark.parametrize("call,message", [
    (lambda: glassnet.multinomial(glassnet.tensor([0.0, 0.0]), 1), "sum of probabilities <= 0"),
    (lambda: glassnet.multinomial(glassnet.tensor([-1.0, 2.0]), 1), "element < 0"),
    (lambda: glassnet.multinomial(glassnet.tensor([1.0, float("nan")]), 1), "`inf`, `nan`"),
    (lambda: glassnet.multinomial(glassnet.tensor([1.0, 2.0]), 3), "without replacement"),
    (lambda: glassnet.multinomial(glassnet.ones(2, 2, 2), 1), "prob_dist must be 1 or 2 dim"),
    (lambda: glassnet.multinomial(glassnet.tensor([1.0, 2.0]), 0), "n_sample <= 0"),
    (lambda: glassnet.multinomial(glassnet.tensor([1, 2]), 1), "floating-point"),
])
def test_multinomial_errors_match_torch(call, message):
    with pytest.raises(RuntimeError, match=message):
        call()


# In-place variants checked against torch: name -> (input kind, extra args built from glassnet/torch)
INPLACE_CASES = {
    "exp": "real", "log": "pos", "log1p": "pos", "sqrt": "pos", "rsqrt": "pos", "sin": "real", "cos": "real",
    "tanh": "real", "sigmoid": "real", "relu": "real", "abs": "real", "neg": "real", "square": "real",
    "sign": "real", "floor": "real", "ceil": "real", "round": "real", "tan": "real", "asin": "unit",
    "arcsin": "unit", "acos": "unit", "arccos": "unit", "atan": "real", "arctan": "real", "sinh": "real",
    "cosh": "real", "asinh": "real", "arcsinh": "real", "atanh": "unit", "arctanh": "unit", "erf": "real",
    "erfc": "real", "erfinv": "unit", "log2": "pos", "log10": "pos", "exp2": "real", "expm1": "real",
    "logical_not": "real", "acosh": "above1", "arccosh": "above1",
}


def _data(kind):
    if kind == "unit":
        return np.tanh(rand_array((2, 3))) * 0.9
    if kind == "above1":
        return rand_array((2, 3), "pos") + 1.5
    return rand_array((2, 3), kind)


@pytest.mark.parametrize("name", INPLACE_CASES)
def test_unary_inplace_variants_match_torch(name):
    x = _data(INPLACE_CASES[name]).astype(np.float32)
    g, t = glassnet.tensor(x), torch.tensor(x)
    assert getattr(g, name + "_")() is g
    getattr(t, name + "_")()
    assert_close(g, t)


BINARY_INPLACE = {
    "pow": lambda m, x: (2.0,), "clip": lambda m, x: (-0.5, 0.5),
    "atan2": lambda m, x: (m.ones(2, 3),), "arctan2": lambda m, x: (m.ones(3) * 2,),
    "hypot": lambda m, x: (m.ones(2, 3),), "copysign": lambda m, x: (-m.ones(3),),
    "lerp": lambda m, x: (m.zeros(2, 3), 0.3), "addcmul": lambda m, x: (m.ones(3) * 2, m.ones(2, 3) * 3),
    "addcdiv": lambda m, x: (m.ones(3) * 2, m.ones(2, 3) * 4), "true_divide": lambda m, x: (m.ones(3) * 4,),
    "divide": lambda m, x: (m.ones(3) * 4,), "div": lambda m, x: (m.ones(3) * 0.3,),
    "tril": lambda m, x: (0,), "triu": lambda m, x: (1,),
    "index_add": lambda m, x: (1, m.tensor([0, 2]), m.ones(2, 2)),
    "index_fill": lambda m, x: (1, m.tensor([0, 2]), -1.0),
    "scatter": lambda m, x: (1, m.tensor([[1], [0]]), m.ones(2, 1) * 9),
    "scatter_add": lambda m, x: (1, m.tensor([[1, 1], [0, 2]]), m.ones(2, 2)),
    "scatter_reduce": lambda m, x: (1, m.tensor([[1, 1], [0, 2]]), m.ones(2, 2) * 5, "amax"),
    "cumsum": lambda m, x: (1,), "cumprod": lambda m, x: (0,),
}


@pytest.mark.parametrize("name", BINARY_INPLACE)
def test_inplace_variants_with_arguments_match_torch(name):
    x = rand_array((2, 3))
    g, t = glassnet.tensor(x), torch.tensor(x)
    out = getattr(g, name + "_")(*BINARY_INPLACE[name](glassnet, g))
    getattr(t, name + "_")(*BINARY_INPLACE[name](torch, t))
    assert out is g and g._version == 1
    assert_close(g, t)


def test_div_inplace_rounding_and_integer_bitwise():
    g, t = glassnet.tensor([7, -7]), torch.tensor([7, -7])
    g.div_(2, rounding_mode="floor")
    t.div_(2, rounding_mode="floor")
    assert_close(g, t)
    for name in ("bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift"):
        g, t = glassnet.tensor([5, 12]), torch.tensor([5, 12])
        getattr(g, name + "_")(3)
        getattr(t, name + "_")(3)
        assert_close(g, t)


def test_every_listed_inplace_variant_exists_and_matches_a_torch_method():
    for name in INPLACE:
        assert hasattr(glassnet.Tensor, name + "_"), name
        assert hasattr(torch.Tensor, name + "_"), f"{name}_ is not a PyTorch method"


NEW_FUNCTIONS = [
    "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "asinh", "acosh", "atanh", "erf", "erfinv", "log2",
    "log10", "exp2", "expm1", "logaddexp", "copysign", "hypot", "lerp", "isclose", "allclose", "tril", "triu",
    "roll", "flip", "diagonal", "diag", "repeat_interleave", "cumsum", "cumprod", "cummax", "cummin", "logcumsumexp",
    "scatter", "scatter_add", "scatter_reduce", "index_add", "index_select", "masked_select", "nonzero", "argwhere",
    "take_along_dim", "unique", "sort", "topk", "kthvalue", "median", "quantile", "dot", "mm", "bmm", "mv", "outer",
    "addmm", "narrow", "multinomial", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not",
    "bitwise_left_shift", "bitwise_right_shift", "div", "true_divide", "addcmul", "addcdiv", "det", "inverse",
]


@pytest.mark.parametrize("name", NEW_FUNCTIONS)
def test_function_and_method_both_exist_where_torch_has_both(name):
    assert hasattr(glassnet, name) == hasattr(torch, name), name
    assert hasattr(glassnet.Tensor, name) == hasattr(torch.Tensor, name), name
    for fn in ("searchsorted", "bucketize", "einsum", "std_mean", "var_mean"):
        assert hasattr(glassnet, fn)
    assert hasattr(glassnet.Tensor, "unfold") and hasattr(glassnet.Tensor, "new_zeros")
