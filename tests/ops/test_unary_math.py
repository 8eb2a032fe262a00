"""ops/unary_math.py and math_functions.py: trig, hyperbolic, erf/erfinv, log2 family, atan2/hypot/
logaddexp/copysign/lerp, addcmul/addcdiv, isclose, bitwise ops, div(rounding_mode=) vs PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
from glassnet.autograd import gradgradcheck

torch = pytest.importorskip("torch")


def _domain(kind: str, shape=(3, 4)) -> np.ndarray:
    """Inputs inside each function's domain and away from its singular points."""
    if kind == "unit":  # open interval (-1, 1)
        return (np.tanh(rand_array(shape)) * 0.9).astype(np.float32)
    if kind == "above1":
        return rand_array(shape, "pos") + 1.1
    return rand_array(shape, kind)


UNARY = {
    "tan": "real", "asin": "unit", "arcsin": "unit", "acos": "unit", "arccos": "unit", "atan": "real",
    "arctan": "real", "sinh": "real", "cosh": "real", "asinh": "real", "arcsinh": "real", "acosh": "above1",
    "arccosh": "above1", "atanh": "unit", "arctanh": "unit", "erf": "real", "erfc": "real", "erfinv": "unit",
    "log2": "pos", "log10": "pos", "exp2": "real", "expm1": "real",
}


@pytest.mark.parametrize("name", UNARY)
def test_unary_parity(name):
    x = _domain(UNARY[name])
    check_parity(getattr(glassnet, name), getattr(torch, name), [x])
    check_parity(lambda t: getattr(t, name)(), lambda t: getattr(t, name)(), [x])


@pytest.mark.parametrize("name", UNARY)
def test_unary_gradcheck(name):
    check_gradcheck(getattr(glassnet, name), [_domain(UNARY[name], (2, 3))])


@pytest.mark.parametrize("name", ["tan", "asin", "sinh", "cosh", "acosh", "atanh", "erf", "erfinv", "log2"])
def test_unary_double_backward(name):
    x = glassnet.tensor(_domain(UNARY[name], (2, 2)).astype(np.float64), requires_grad=True)
    assert gradgradcheck(getattr(glassnet, name), [x])


@pytest.mark.parametrize("name", UNARY)
def test_unary_integer_input_gives_default_float_and_empty_and_0d(name):
    ints = {"above1": torch.tensor([2, 3]), "pos": torch.tensor([1, 3]), "unit": torch.tensor([0, 0])}.get(
        UNARY[name], torch.tensor([1, 0]))
    assert_close(getattr(glassnet, name)(glassnet.tensor(ints.numpy())), getattr(torch, name)(ints))
    assert getattr(glassnet, name)(glassnet.zeros(0, 3)).shape == (0, 3)
    z = _domain(UNARY[name], ())
    assert_close(getattr(glassnet, name)(glassnet.tensor(z)), getattr(torch, name)(torch.tensor(z)))


def test_erfinv_float64_accuracy_and_edges():
    y = np.concatenate([np.linspace(-0.999999, 0.999999, 2001), [1.0, -1.0, 1.5, -2.0, 0.0, np.nan]])
    assert_close(glassnet.erfinv(glassnet.tensor(y)), torch.erfinv(torch.tensor(y)), rtol=1e-12, atol=1e-13)
    assert_close(glassnet.erf(glassnet.tensor(y * 3)), torch.erf(torch.tensor(y * 3)), rtol=1e-14, atol=1e-15)


BINARY = {
    "atan2": "real", "arctan2": "real", "hypot": "away0", "logaddexp": "real", "copysign": "away0",
}


@pytest.mark.parametrize("name", BINARY)
def test_binary_parity_broadcast_and_gradcheck(name):
    a, b = rand_array((3, 4), BINARY[name]), rand_array((4,), "away0")
    check_parity(getattr(glassnet, name), getattr(torch, name), [a, b])
    check_parity(lambda x, y: getattr(x, name)(y), lambda x, y: getattr(x, name)(y), [a, b])
    check_gradcheck(getattr(glassnet, name), [a[:2, :2], b[:2]])


def test_binary_edge_gradients_match_torch():
    check_parity(glassnet.atan2, torch.atan2, [np.zeros(2, np.float32), np.array([0.0, 1.0], np.float32)])
    check_parity(glassnet.copysign, torch.copysign,
                 [np.array([0.0, 0.0, 2.0, -1.0], np.float32), np.array([0.0, -1.0, -3.0, 2.0], np.float32)])
    inf = np.array([-np.inf, 1.0, 1000.0], np.float32)
    check_parity(glassnet.logaddexp, torch.logaddexp, [inf, np.array([-np.inf, 1.0, -1000.0], np.float32)])


def test_binary_integer_inputs_promote_to_float():
    a, b = torch.tensor([1, -2]), torch.tensor([3, 4])
    for name in ["atan2", "copysign"]:  # PyTorch has no integer hypot or logaddexp
        assert_close(getattr(glassnet, name)(glassnet.tensor(a.numpy()), glassnet.tensor(b.numpy())),
                     getattr(torch, name)(a, b))


@pytest.mark.parametrize("weight", [0.3, "tensor"])
def test_lerp(weight):
    s, e, w = rand_array((3, 4)), rand_array((3, 4), "pos"), rand_array((4,), "pos") / 2
    if weight == "tensor":
        check_parity(glassnet.lerp, torch.lerp, [s, e, w])
        check_gradcheck(glassnet.lerp, [s, e, w])
    else:
        check_parity(lambda a, b: a.lerp(b, weight), lambda a, b: a.lerp(b, weight), [s, e])
        check_gradcheck(lambda a, b: glassnet.lerp(a, b, weight), [s, e])
    with pytest.raises(RuntimeError, match="lerp"):
        glassnet.lerp(glassnet.ones(2), glassnet.ones(2, dtype=glassnet.float64), 0.5)


@pytest.mark.parametrize("name", ["addcmul", "addcdiv"])
def test_addcmul_addcdiv(name):
    a, b, c = rand_array((3, 4)), rand_array((3, 1)), rand_array((4,), "away0")
    check_parity(lambda x, y, z: getattr(glassnet, name)(x, y, z, value=0.5),
                 lambda x, y, z: getattr(torch, name)(x, y, z, value=0.5), [a, b, c])
    check_gradcheck(lambda x, y, z: getattr(x, name)(y, z, value=2), [a, b, c])
    if name == "addcdiv":
        with pytest.raises(RuntimeError, match="Integer division"):
            glassnet.addcdiv(glassnet.ones(2), glassnet.tensor([1, 2]), glassnet.tensor([1, 2]))


def test_isclose_allclose_with_nan_and_inf():
    nan, inf = float("nan"), float("inf")
    a = [1.0, nan, inf, -inf, 1.0, 1e-9]
    b = [1.0 + 1e-6, nan, inf, inf, 1.1, 0.0]
    for equal_nan in (False, True):
        assert_close(glassnet.isclose(glassnet.tensor(a), glassnet.tensor(b), equal_nan=equal_nan),
                     torch.isclose(torch.tensor(a), torch.tensor(b), equal_nan=equal_nan))
        assert glassnet.allclose(glassnet.tensor(a[:3]), glassnet.tensor(b[:3]), equal_nan=equal_nan) == \
            torch.allclose(torch.tensor(a[:3]), torch.tensor(b[:3]), equal_nan=equal_nan)
    assert glassnet.tensor([1.0, 2.0]).allclose(glassnet.tensor([1.0, 2.0 + 1e-3]), rtol=1e-2)
    assert_close(glassnet.tensor([1, 2]).isclose(glassnet.tensor([1, 3])),
                 torch.tensor([1, 2]).isclose(torch.tensor([1, 3])))


BITWISE = ["bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift"]


@pytest.mark.parametrize("name", BITWISE)
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.int8, np.uint8, np.bool_])
def test_bitwise_binary(name, dtype):
    rng = np.random.default_rng(0)
    a = rng.integers(-100, 100, (3, 4)).astype(dtype)
    b = rng.integers(0, 7, (4,)).astype(dtype)
    if "shift" in name and dtype == np.bool_:
        pytest.skip("PyTorch does not shift bools")
    check_parity(getattr(glassnet, name), getattr(torch, name), [a, b])
    check_parity(lambda x, y: getattr(x, name)(y), lambda x, y: getattr(x, name)(y), [a, b])
    check_parity(lambda x: getattr(glassnet, name)(x, 3), lambda x: getattr(torch, name)(x, 3), [a])


def test_bitwise_operators_not_and_float_errors():
    a, b = np.array([5, -3, 12]), np.array([3, 1, 2])
    ga, gb, ta, tb = glassnet.tensor(a), glassnet.tensor(b), torch.tensor(a), torch.tensor(b)
    for op in (lambda x, y: x & y, lambda x, y: x | y, lambda x, y: x ^ y, lambda x, y: x << y,
               lambda x, y: x >> y, lambda x, y: ~x, lambda x, y: 6 & x, lambda x, y: x >> 1):
        assert_close(op(ga, gb), op(ta, tb))
    assert_close(~glassnet.tensor([True, False]), ~torch.tensor([True, False]))
    assert_close(glassnet.bitwise_not(glassnet.tensor(a)), torch.bitwise_not(ta))
    for fn in (glassnet.bitwise_and, glassnet.bitwise_left_shift):
        with pytest.raises(NotImplementedError, match="not implemented for 'Float'"):
            fn(glassnet.ones(2), glassnet.ones(2))
    with pytest.raises(NotImplementedError):
        glassnet.tensor([1]) << 1.5


@pytest.mark.parametrize("mode", [None, "trunc", "floor"])
def test_div_rounding_mode(mode):
    a, b = rand_array((3, 4)) * 5, rand_array((4,), "away0")
    check_parity(lambda x, y: glassnet.div(x, y, rounding_mode=mode),
                 lambda x, y: torch.div(x, y, rounding_mode=mode), [a, b])
    check_parity(lambda x, y: x.div(y, rounding_mode=mode), lambda x, y: x.div(y, rounding_mode=mode), [a, b])
    ints = np.array([7, -7, 6, -6, 0]), np.array([2, 2, -4, 4, 3])
    check_parity(lambda x, y: glassnet.divide(x, y, rounding_mode=mode),
                 lambda x, y: torch.divide(x, y, rounding_mode=mode), list(ints))
    check_parity(lambda x: x.div(3, rounding_mode=mode), lambda x: x.div(3, rounding_mode=mode), [ints[0]])
    check_parity(glassnet.true_divide, torch.true_divide, list(ints))


def test_div_rounding_mode_errors():
    with pytest.raises(RuntimeError, match="rounding_mode to be one of"):
        glassnet.div(glassnet.ones(1), 2, rounding_mode="bad")
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        glassnet.div(glassnet.tensor([1]), glassnet.tensor([0]), rounding_mode="floor")


def test_inplace_variants_write_into_self_and_check_dtype_and_shape():
    for name in ["tan", "sqrt", "erf", "expm1", "exp", "abs", "log2"]:
        x = rand_array((2, 3), "pos")
        g, t = glassnet.tensor(x), torch.tensor(x)
        out = getattr(g, name + "_")()
        getattr(t, name + "_")()
        assert out is g
        assert_close(g, t)
        assert g._version == 1
    g, t = glassnet.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0])
    g.addcmul_(glassnet.tensor([2.0, 3.0]), glassnet.tensor([4.0, 5.0]), value=2)
    t.addcmul_(torch.tensor([2.0, 3.0]), torch.tensor([4.0, 5.0]), value=2)
    assert_close(g, t)
    g.lerp_(glassnet.tensor([0.0, 0.0]), 0.25)
    t.lerp_(torch.tensor([0.0, 0.0]), 0.25)
    assert_close(g, t)
    i = glassnet.tensor([6, 5])
    i.bitwise_and_(3)
    assert i.tolist() == [2, 1]
    with pytest.raises(RuntimeError, match="can't be cast to the desired output type Long"):
        glassnet.tensor([1, 2]).tan_()
    with pytest.raises(RuntimeError, match="doesn't match the broadcast shape"):
        glassnet.tensor([1.0, 2.0]).atan2_(glassnet.ones(2, 2))
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        glassnet.ones(2, requires_grad=True).tan_()


def test_logical_xor():
    a, b = np.array([1.0, 0.0, 2.0, 0.0], np.float32), np.array([1, 1, 0, 0])
    assert_close(glassnet.logical_xor(glassnet.tensor(a), glassnet.tensor(b)),
                 torch.logical_xor(torch.tensor(a), torch.tensor(b)))
    g = glassnet.tensor(a)
    g.logical_xor_(glassnet.tensor(b))
    t = torch.tensor(a)
    t.logical_xor_(torch.tensor(b))
    assert_close(g, t)
