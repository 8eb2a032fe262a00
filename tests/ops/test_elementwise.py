"""Element-wise ops: values and gradients vs PyTorch, float64 gradchecks, dtype promotion."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet

torch = pytest.importorskip("torch")

# name -> (glassnet fn, torch fn, input kind). Kinds keep inputs off kinks and out of bad domains.
UNARY = {
    "neg": (lambda x: -x, lambda x: -x, "real"),
    "neg_fn": (glassnet.neg, torch.neg, "real"),
    "abs": (abs, abs, "away0"),
    "abs_fn": (glassnet.abs, torch.abs, "away0"),
    "exp": (glassnet.exp, torch.exp, "real"),
    "log": (glassnet.log, torch.log, "pos"),
    "log1p": (glassnet.log1p, torch.log1p, "pos"),
    "sqrt": (glassnet.sqrt, torch.sqrt, "pos"),
    "rsqrt": (glassnet.rsqrt, torch.rsqrt, "pos"),
    "sin": (glassnet.sin, torch.sin, "real"),
    "cos": (glassnet.cos, torch.cos, "real"),
    "tanh": (glassnet.tanh, torch.tanh, "real"),
    "sigmoid": (glassnet.sigmoid, torch.sigmoid, "real"),
    "relu": (glassnet.relu, torch.relu, "away0"),
    "square": (glassnet.square, torch.square, "real"),
    "clamp": (lambda x: x.clamp(-0.5, 0.5), lambda x: x.clamp(-0.5, 0.5), "real"),
    "clamp_min": (lambda x: glassnet.clamp(x, min=0.1), lambda x: torch.clamp(x, min=0.1), "real"),
    "clamp_max": (lambda x: x.clip(max=0.1), lambda x: x.clip(max=0.1), "real"),
    "pow3": (lambda x: x**3, lambda x: x**3, "real"),
    "pow_half": (lambda x: x.pow(0.5), lambda x: x.pow(0.5), "pos"),
    "pow_neg": (lambda x: x**-1.5, lambda x: x**-1.5, "pos"),
    "pow0": (lambda x: x**0, lambda x: x**0, "real"),
    "rpow": (lambda x: 2.0**x, lambda x: 2.0**x, "real"),
    "pow_fn_scalar_base": (lambda x: glassnet.pow(3.0, x), lambda x: torch.pow(3.0, x), "real"),
    "radd": (lambda x: 2 + x, lambda x: 2 + x, "real"),
    "rsub": (lambda x: 2 - x, lambda x: 2 - x, "real"),
    "rmul": (lambda x: 2.5 * x, lambda x: 2.5 * x, "real"),
    "rdiv": (lambda x: 2 / x, lambda x: 2 / x, "away0"),
    "pos": (lambda x: +x, lambda x: +x, "real"),
    "clone": (lambda x: x.clone() * 1, lambda x: x.clone() * 1, "real"),
}

BINARY = {
    "add": (lambda a, b: a + b, lambda a, b: a + b, "real"),
    "sub": (lambda a, b: a - b, lambda a, b: a - b, "real"),
    "mul": (lambda a, b: a * b, lambda a, b: a * b, "real"),
    "div": (lambda a, b: a / b, lambda a, b: a / b, "away0"),
    "pow": (lambda a, b: a**b, lambda a, b: a**b, "pos"),
    "pow_fn": (glassnet.pow, torch.pow, "pos"),
    "add_alpha": (lambda a, b: glassnet.add(a, b, alpha=2), lambda a, b: torch.add(a, b, alpha=2), "real"),
    "sub_alpha": (lambda a, b: a.sub(b, alpha=0.5), lambda a, b: a.sub(b, alpha=0.5), "real"),
    "mul_fn": (glassnet.mul, torch.mul, "real"),
    "div_fn": (glassnet.div, torch.div, "away0"),
    "maximum": (glassnet.maximum, torch.maximum, "real"),
    "minimum": (glassnet.minimum, torch.minimum, "real"),
    "max_binary": (lambda a, b: a.max(b), lambda a, b: a.max(b), "real"),
    "where": (lambda a, b: glassnet.where(a > 0, a, b), lambda a, b: torch.where(a > 0, a, b), "real"),
    "where_method": (lambda a, b: a.where(b > 0, b), lambda a, b: a.where(b > 0, b), "real"),
}

UNARY_SHAPES = [(), (0,), (5,), (2, 3, 4)]
BINARY_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((2, 1, 4), (3, 1)), ((), (2, 3)), ((2, 3), ()),
                 ((0, 3), (1, 3)), ((4, 1), (1, 5))]


@pytest.mark.parametrize("shape", UNARY_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(UNARY))
def test_unary_parity(name, shape):
    gn, tf, kind = UNARY[name]
    check_parity(gn, tf, [rand_array(shape, kind)])


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_gradcheck(name):
    gn, _, kind = UNARY[name]
    check_gradcheck(gn, [rand_array((2, 3), kind, np.float64)])


@pytest.mark.parametrize("shapes", BINARY_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(BINARY))
def test_binary_parity(name, shapes):
    gn, tf, kind = BINARY[name]
    check_parity(gn, tf, [rand_array(shapes[0], kind), rand_array(shapes[1], kind) * 1.1])


@pytest.mark.parametrize("name", list(BINARY))
def test_binary_gradcheck(name):
    gn, _, kind = BINARY[name]
    check_gradcheck(gn, [rand_array((2, 3), kind, np.float64), rand_array((3,), kind, np.float64) * 1.1])


def test_clamp_with_tensor_bounds():
    x, lo, hi = rand_array((4, 3)), rand_array((3,)) - 1, rand_array((4, 1)) + 1
    check_parity(lambda x, lo, hi: x.clamp(lo, hi), lambda x, lo, hi: x.clamp(lo, hi), [x, lo, hi])


def test_ties_split_the_gradient_like_torch():
    a = np.array([1.0, 2.0, 3.0], np.float32)
    b = np.array([1.0, 0.0, 3.0], np.float32)
    check_parity(glassnet.maximum, torch.maximum, [a, b])
    check_parity(glassnet.minimum, torch.minimum, [a, b])
    check_parity(lambda x: x.clamp(1.0, 3.0), lambda x: x.clamp(1.0, 3.0), [a])
    check_parity(glassnet.relu, torch.relu, [np.array([-1.0, 0.0, 1.0], np.float32)])
    check_parity(glassnet.abs, torch.abs, [np.array([-1.0, 0.0, 1.0], np.float32)])


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_pow_gradient_at_zero_base():
    # d(a**b)/db uses log a; PyTorch defines it as 0 where a == 0 (and b >= 0).
    check_parity(lambda a, b: a**b, lambda a, b: a**b,
                 [np.array([0.0, 1.0, 2.0], np.float32), np.array([2.0, 2.0, 0.5], np.float32)])
    # ... and no gradient to the base where the exponent is 0, even at 0 ** 0.
    check_parity(lambda a, b: a**b, lambda a, b: a**b,
                 [np.array([0.0, 0.0, 2.0], np.float32), np.array([0.0, 2.0, 0.0], np.float32)])


def test_sigmoid_is_stable_for_large_inputs():
    check_parity(glassnet.sigmoid, torch.sigmoid, [np.array([-100.0, -30.0, 0.0, 30.0, 100.0], np.float32)])


def test_where_with_scalars():
    x = rand_array((3, 4))
    check_parity(lambda x: glassnet.where(x > 0, x, 0.0), lambda x: torch.where(x > 0, x, 0.0), [x])
    check_parity(lambda x: glassnet.where(x > 0, 1.0, x), lambda x: torch.where(x > 0, 1.0, x), [x])


# ---- dtype promotion: glassnet must land on the dtype PyTorch picks ----------------------------
def _operands():
    return {
        "f32": (glassnet.tensor([1.5, 2.0]), torch.tensor([1.5, 2.0])),
        "f64": (glassnet.tensor([1.5, 2.0], dtype=glassnet.float64),
                torch.tensor([1.5, 2.0], dtype=torch.float64)),
        "i64": (glassnet.tensor([3, 4]), torch.tensor([3, 4])),
        "i32": (glassnet.tensor([3, 4], dtype=glassnet.int32), torch.tensor([3, 4], dtype=torch.int32)),
        "bool": (glassnet.tensor([True, False]), torch.tensor([True, False])),
        "f64_0d": (glassnet.tensor(2.0, dtype=glassnet.float64), torch.tensor(2.0, dtype=torch.float64)),
        "i64_0d": (glassnet.tensor(2), torch.tensor(2)),
        "int": (3, 3),
        "float": (2.5, 2.5),
    }


OPS = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
       "div": lambda a, b: a / b}
SCALARS = ("int", "float")
PAIRS = [(a, b) for a in _operands() for b in _operands() if not (a in SCALARS and b in SCALARS)]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # x / False divides by zero, as in torch
@pytest.mark.parametrize("op", list(OPS))
def test_dtype_promotion_matches_torch(op):
    ops, wrong = _operands(), []
    for left, right in PAIRS:
        (ga, ta), (gb, tb) = ops[left], ops[right]
        try:
            expected = OPS[op](ta, tb)
        except RuntimeError:  # e.g. bool - bool is an error in PyTorch too
            continue
        got = OPS[op](ga, gb)
        if got.dtype != glassnet.dtypes.from_numpy_dtype(expected.numpy().dtype):
            wrong.append(f"{left} {op} {right}: got {got.dtype}, torch gives {expected.dtype}")
        else:
            assert_close(got, expected)
    assert not wrong, "\n".join(wrong)


def test_named_promotion_cases():
    x = glassnet.tensor([1.0, 2.0])
    assert (x + 1.5).dtype == glassnet.float32
    assert (x * 2).dtype == glassnet.float32
    assert (glassnet.tensor([1, 2]) / 2).dtype == glassnet.float32
    assert (glassnet.tensor([1, 2]) * 1.5).dtype == glassnet.float32
    assert (glassnet.tensor([1, 2]) + 1).dtype == glassnet.int64
    assert (glassnet.tensor([1, 2]) ** 2).dtype == glassnet.int64
    assert (glassnet.tensor([4, 9]) ** 0.5).dtype == glassnet.float32


def test_gradient_dtype_follows_input():
    # A float32 leaf mixed with float64 gets a float32 gradient (as in PyTorch).
    a = glassnet.tensor([1.0, 2.0], requires_grad=True)
    b = glassnet.tensor([3.0, 4.0], dtype=glassnet.float64, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.dtype == glassnet.float32 and b.grad.dtype == glassnet.float64
    assert a.grad.tolist() == [3.0, 4.0]


def test_comparisons_and_predicates_are_not_differentiable():
    x = glassnet.tensor([1.0, float("nan"), float("inf"), -2.0], requires_grad=True)
    t = torch.tensor([1.0, float("nan"), float("inf"), -2.0])
    for fn in (lambda v: v > 0, lambda v: v <= 1, lambda v: v == 1, lambda v: v != 1, lambda v: v.eq(1),
               lambda v: v.isnan(), lambda v: v.isinf(), lambda v: v.isfinite(), lambda v: v.ge(-2),
               lambda v: v.lt(0)):
        out = fn(x)
        assert not out.requires_grad and out.dtype == glassnet.bool
        np.testing.assert_array_equal(out.numpy(), fn(t).numpy())
    assert glassnet.isnan(x).tolist() == [False, True, False, False]
    assert glassnet.eq(x, 1.0).tolist() == [True, False, False, False]


@pytest.mark.parametrize("op", [lambda a, b: a + b, lambda a, b: a * b, glassnet.maximum,
                                lambda a, b: glassnet.where(a > 0, a, b)])
def test_broadcast_mismatch_names_the_op_and_shapes(op):
    with pytest.raises(RuntimeError, match=r"\(2, 3\), \(4,\) cannot be broadcast"):
        op(glassnet.ones(2, 3), glassnet.ones(4))
