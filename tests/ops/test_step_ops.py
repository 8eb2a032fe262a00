"""Step functions, remainder/fmod/floor_divide and pow at its edges: kept in the graph with PyTorch's gradients."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity

import glassnet

torch = pytest.importorskip("torch")

X = np.array([1.5, -2.3, 0.0, 2.5, -0.5, 3.7], dtype=np.float32)
Y = np.array([2.0, 1.5, -1.0, -0.75, 0.3, 2.0], dtype=np.float32)

STEPS = {
    "sign": (lambda x: x.sign(), torch.sign),
    "floor": (glassnet.floor, torch.floor),
    "ceil": (lambda x: x.ceil(), torch.ceil),
    "round": (glassnet.round, torch.round),
    "round_decimals": (lambda x: x.round(decimals=1), lambda x: x.round(decimals=1)),
    "trunc": (lambda x: x.trunc(), torch.trunc),
}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_step_functions_stay_in_the_graph_with_zero_gradient(name):
    gn_fn, t_fn = STEPS[name]
    check_parity(lambda x: gn_fn(x) * 3 + x, lambda x: t_fn(x) * 3 + x, [X])
    out = gn_fn(glassnet.tensor(X, requires_grad=True))
    assert out.requires_grad
    assert out.grad_fn.name() == t_fn(torch.tensor(X, requires_grad=True)).grad_fn.name()


def test_the_issue_example_remainder_keeps_the_identity_gradient():
    x = glassnet.tensor([0.3, 1.7, -2.2], requires_grad=True)
    ((x % 1.0) * 3 + x).sum().backward()
    assert_close(x.grad, torch.full((3,), 4.0))


BINARY = {
    "mod": (lambda a, b: a % b, lambda a, b: a % b),
    "remainder": (lambda a, b: a.remainder(b), torch.remainder),
    "fmod": (lambda a, b: a.fmod(b), torch.fmod),
    "mod_scalar": (lambda a, b: a % 0.7 + b, lambda a, b: a % 0.7 + b),
    "fmod_scalar": (lambda a, b: a.fmod(-0.7) * b, lambda a, b: a.fmod(-0.7) * b),
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_remainder_and_fmod_match_torch(name):
    gn_fn, t_fn = BINARY[name]
    check_parity(gn_fn, t_fn, [X, Y])


def test_remainder_and_fmod_gradcheck():
    # Away from the jumps (where a / b is a whole number) both are smooth.
    a = np.array([1.3, -2.5, 0.4, 2.9]), np.array([0.7, 1.1, -0.9, -1.2])
    check_gradcheck(lambda x, y: x % y, list(a))
    check_gradcheck(lambda x, y: x.fmod(y), list(a))


def test_integer_remainder_and_floor_divide_values():
    a = np.array([7, -7, 5, -5, 0], dtype=np.int64)
    b = np.array([2, 2, -3, -3, 4], dtype=np.int64)
    for gn_fn, t_fn in [(lambda p, q: p % q, lambda p, q: p % q), (lambda p, q: p // q, lambda p, q: p // q),
                        (lambda p, q: p.fmod(q), torch.fmod), (lambda p, q: 7 % q, lambda p, q: 7 % q)]:
        assert_close(gn_fn(glassnet.tensor(a), glassnet.tensor(b)), t_fn(torch.tensor(a), torch.tensor(b)))


def test_floor_divide_is_recorded_but_has_no_derivative_as_in_torch():
    x = glassnet.tensor(X, requires_grad=True)
    out = x // 0.7
    assert_close(out, torch.tensor(X) // 0.7)
    torch_node = (torch.tensor(X, requires_grad=True) // 0.7).grad_fn
    assert out.requires_grad and out.grad_fn.name() == type(torch_node).__name__
    with pytest.raises(RuntimeError, match="floor_divide"):
        out.sum().backward()


def test_step_ops_double_backward_is_zero():
    x = glassnet.tensor(X.astype(np.float64), requires_grad=True)
    (g,) = glassnet.autograd.grad((x.floor() * x * x).sum(), [x], create_graph=True)
    (gg,) = glassnet.autograd.grad(g.sum(), [x])
    xt = torch.tensor(X.astype(np.float64), requires_grad=True)
    (gt,) = torch.autograd.grad((xt.floor() * xt * xt).sum(), [xt], create_graph=True)
    (ggt,) = torch.autograd.grad(gt.sum(), [xt])
    assert_close(gg, ggt)


# ---- pow at the edges: 0, negative bases, negative and fractional exponents, infinities, nan ----
EDGE = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, float("inf"), float("-inf"), float("nan")]


def _grads(lib, fn, base, exp):
    """(value, d/dbase, d/dexp) of fn on float64 tensors from lib (glassnet or torch)."""
    a = lib.tensor(base, dtype=lib.float64, requires_grad=True)
    b = lib.tensor(exp, dtype=lib.float64, requires_grad=True)
    out = fn(a, b)
    out.backward(lib.ones_like(out))
    return [out.detach(), a.grad, b.grad]


def _compare_edges(gn_fn, t_fn, base, exp):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        got = _grads(glassnet, gn_fn, base, exp)
    want = _grads(torch, t_fn, base, exp)
    for g, t in zip(got, want):
        if t is None:
            assert g is None or not np.any(g._data)
        else:
            assert_close(g, t)


def test_pow_tensor_tensor_edges_match_torch():
    pairs = np.array(list(itertools.product(EDGE, EDGE)))
    _compare_edges(lambda a, b: a**b, lambda a, b: a**b, pairs[:, 0], pairs[:, 1])


@pytest.mark.parametrize("p", [0, 0.0, 1, 2, 3, -1, -2, 0.5, -0.5, 2.5, float("inf"), float("-inf"), float("nan")])
def test_pow_scalar_exponent_edges_match_torch(p):
    _compare_edges(lambda a, b: a**p + b, lambda a, b: a**p + b, EDGE, EDGE)


@pytest.mark.parametrize("c", [0.0, 1.0, 2.0, -2.0, 0.5, float("inf"), float("nan")])
def test_pow_scalar_base_edges_match_torch(c):
    _compare_edges(lambda a, b: c**b + a, lambda a, b: c**b + a, EDGE, EDGE)


def test_pow_double_backward_edges_match_torch():
    base = np.array([0.0, 1.0, -2.0, 0.5, 3.0])
    exp = np.array([2.0, 0.0, 3.0, -0.5, 1.5])
    gn_a = glassnet.tensor(base, requires_grad=True)
    gn_b = glassnet.tensor(exp, requires_grad=True)
    t_a = torch.tensor(base, requires_grad=True)
    t_b = torch.tensor(exp, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ga = glassnet.autograd.grad((gn_a**gn_b).sum(), [gn_a, gn_b], create_graph=True)
        gg = glassnet.autograd.grad((ga[0] + ga[1]).sum(), [gn_a, gn_b])
    ta = torch.autograd.grad((t_a**t_b).sum(), [t_a, t_b], create_graph=True)
    tg = torch.autograd.grad((ta[0] + ta[1]).sum(), [t_a, t_b])
    for g, t in zip(gg, tg):
        assert_close(g, t)


def test_round_function_takes_decimals_like_torch():
    a = np.array([1.2345, -2.5, 0.125, 2.5], dtype=np.float32)
    assert_close(glassnet.round(glassnet.tensor(a), decimals=2), torch.round(torch.tensor(a), decimals=2))
    assert_close(glassnet.round(glassnet.tensor(a)), torch.round(torch.tensor(a)))


@pytest.mark.parametrize("lib", [glassnet, torch], ids=["glassnet", "torch"])
def test_division_by_zero(lib):
    ints = lib.tensor([5, -3])
    for fn in (lambda a, b: a % b, lambda a, b: a // b, lambda a, b: a.fmod(b)):
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            fn(ints, lib.tensor([0, 1]))
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            fn(ints, 0)
    floats = lib.tensor([5.0, -3.0, 0.0])
    got = [floats % 0, floats // 0, floats.fmod(0.0)]
    if lib is glassnet:
        want = [torch.tensor([5.0, -3.0, 0.0]) % 0, torch.tensor([5.0, -3.0, 0.0]) // 0,
                torch.tensor([5.0, -3.0, 0.0]).fmod(0.0)]
        for g, t in zip(got, want):
            assert_close(g, t)


FUNCTIONS = {
    "trunc": (lambda lib, x, y: lib.trunc(x * 3)),
    "fix": (lambda lib, x, y: lib.fix(x * 3)),
    "fmod": (lambda lib, x, y: lib.fmod(x, y)),
    "remainder": (lambda lib, x, y: lib.remainder(x, y)),
    "floor_divide_ints": (lambda lib, x, y: lib.floor_divide(lib.tensor([7, -7]), lib.tensor([2, 2]))),
    "trunc_": (lambda lib, x, y: (x * 3).trunc_()),
    "fmod_": (lambda lib, x, y: (x * 1).fmod_(y) * x),
    "remainder_": (lambda lib, x, y: (x * 1).remainder_(y) * x),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_functions_and_inplace_forms_match_torch(name):
    fn = FUNCTIONS[name]
    check_parity(lambda x, y: fn(glassnet, x, y), lambda x, y: fn(torch, x, y), [X, Y])


@pytest.mark.parametrize("lib", [glassnet, torch], ids=["glassnet", "torch"])
def test_number_remainder_tensor_has_values_but_no_derivative(lib):
    y = lib.tensor(Y, requires_grad=True)
    out = lib.remainder(2.5, y)
    assert_close(out, torch.remainder(2.5, torch.tensor(Y)))
    with pytest.raises(RuntimeError, match="derivative for .*remainder.* is not implemented"):
        out.sum().backward()
