"""glassnet.jit and glassnet.compile: pass-throughs that leave models working, and clear refusals to save."""

from __future__ import annotations

import pytest

import glassnet
import glassnet.nn as nn


def _model() -> nn.Module:
    glassnet.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))


def test_script_and_trace_return_the_same_model_that_computes_the_same():
    m = _model()
    x = glassnet.randn(2, 3)
    expected = m(x)
    assert glassnet.jit.script(m) is m and glassnet.jit.trace(m, x) is m
    assert glassnet.jit.trace(m, example_inputs=(x,)) is m
    assert m(x).equal(expected)
    m(x).sum().backward()  # still trainable: gradients reach the parameters
    assert m[0].weight.grad is not None


def test_script_and_trace_of_functions():
    def f(x):
        return x * 2

    assert glassnet.jit.script(f) is f and glassnet.jit.trace(f, glassnet.ones(1)) is f
    assert f(glassnet.ones(2)).tolist() == [2.0, 2.0]


def test_saving_a_scripted_model_is_a_clear_error():
    m = glassnet.jit.script(_model())
    with pytest.raises(RuntimeError, match=r"glassnet.save\(model.state_dict\(\)"):
        m.save("model.pt")
    with pytest.raises(RuntimeError, match="no TorchScript compiler"):
        glassnet.jit.save(m, "model.pt")
    with pytest.raises(RuntimeError, match="cannot run TorchScript"):
        glassnet.jit.load("model.pt")


def test_decorators_leave_functions_unchanged():
    def f(x):
        return x + 1

    assert glassnet.jit.ignore(f) is f and glassnet.jit.ignore(drop=True)(f) is f
    assert glassnet.jit.unused(f) is f and glassnet.jit.export(f) is f
    assert not glassnet.jit.is_scripting() and not glassnet.jit.is_tracing()


def test_compile_returns_the_model_in_every_calling_form():
    m = _model()
    assert glassnet.compile(m) is m
    assert glassnet.compile(m, mode="reduce-overhead", fullgraph=True, dynamic=False) is m

    @glassnet.compile
    def f(x):
        return x * 3

    @glassnet.compile(mode="max-autotune")
    def h(x):
        return x - 1

    assert f(glassnet.ones(1)).item() == 3.0 and h(glassnet.ones(1)).item() == 0.0
