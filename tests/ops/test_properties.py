"""Property-based tests (hypothesis): random shapes for element-wise, reduction and shape ops vs PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import check_parity

import glassnet

torch = pytest.importorskip("torch")
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
NONEMPTY = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)
FLOATS = st.floats(-3, 3, allow_nan=False, width=32)


def _array(draw, shape, elements=FLOATS):
    return draw(hnp.arrays(np.float32, shape, elements=elements))


UNARY = {
    "exp": lambda x: x.exp(), "tanh": lambda x: x.tanh(), "sigmoid": lambda x: x.sigmoid(),
    "sin": lambda x: x.sin(), "square": lambda x: x * x, "neg": lambda x: -x,
    "scale_shift": lambda x: 2 * x - 1, "log_pos": lambda x: (x * x + 1).log(),
    "sqrt_pos": lambda x: (x * x + 0.5).sqrt(), "cube": lambda x: x**3,
}
BINARY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (b * b + 1), "where": lambda a, b: (a > b) * a + (a <= b) * b,
}


@SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(UNARY)))
def test_unary_ops_on_random_shapes(data, name):
    x = _array(data.draw, data.draw(SHAPES))
    check_parity(UNARY[name], UNARY[name], [x], rtol=1e-4, atol=1e-4)


@SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(BINARY)))
def test_binary_ops_broadcast_on_random_shapes(data, name):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3))
    a, b = (_array(data.draw, s) for s in shapes.input_shapes)
    check_parity(BINARY[name], BINARY[name], [a, b], rtol=1e-4, atol=1e-4)


REDUCTIONS = {
    "sum": lambda x, d, k: x.sum(d, keepdim=k),
    "mean": lambda x, d, k: x.mean(d, keepdim=k),
    "amax": lambda x, d, k: x.amax(d, keepdim=k),
    "amin": lambda x, d, k: x.amin(d, keepdim=k),
    "max": lambda x, d, k: x.max(d, keepdim=k)[0],
    "logsumexp": lambda x, d, k: x.logsumexp(d, keepdim=k),
    "prod": lambda x, d, k: x.prod(d, keepdim=k),
    "var": lambda x, d, k: x.var(d, keepdim=k, correction=0),
    "softmax": lambda x, d, k: x.softmax(d),
    "log_softmax": lambda x, d, k: x.log_softmax(d),
}


@SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(REDUCTIONS)), keepdim=st.booleans())
def test_reductions_over_a_random_dim(data, name, keepdim):
    shape = data.draw(NONEMPTY)
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    # Distinct values keep max/min free of ties (their tie rules are tested separately).
    x = np.random.default_rng(data.draw(st.integers(0, 2**16))).permutation(int(np.prod(shape)))
    x = (x.reshape(shape) / max(x.size, 1) * 4 - 2).astype(np.float32)
    fn = REDUCTIONS[name]
    check_parity(lambda t: fn(t, dim, keepdim), lambda t: fn(t, dim, keepdim), [x], rtol=1e-4, atol=1e-5)


@SETTINGS
@given(data=st.data())
def test_full_sum_and_mean_of_any_shape(data):
    x = _array(data.draw, data.draw(SHAPES))
    check_parity(lambda t: t.sum() * 2, lambda t: t.sum() * 2, [x], rtol=1e-4, atol=1e-4)
    if x.size:
        check_parity(lambda t: t.mean(), lambda t: t.mean(), [x], rtol=1e-4, atol=1e-5)


@SETTINGS
@given(data=st.data())
def test_reshape_permute_transpose_on_random_shapes(data):
    shape = data.draw(NONEMPTY)
    x = _array(data.draw, shape)
    perm = data.draw(st.permutations(range(len(shape))))
    d0, d1 = (data.draw(st.integers(-len(shape), len(shape) - 1)) for _ in range(2))
    new_dim = data.draw(st.integers(-len(shape) - 1, len(shape)))

    def fn(t):
        p = t.permute(*perm).reshape(-1).reshape(tuple(shape[i] for i in perm))
        return p.transpose(d0, d1).unsqueeze(new_dim).flatten(), t.squeeze() * 2

    check_parity(fn, fn, [x])


@SETTINGS
@given(data=st.data())
def test_expand_and_sum_back(data):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=1, min_dims=1, max_dims=3, max_side=3))
    (shape,) = shapes.input_shapes
    x = _array(data.draw, shape)
    target = shapes.result_shape
    fn = lambda t: t.expand(*target) * 3  # noqa: E731
    check_parity(fn, fn, [x])


@SETTINGS
@given(data=st.data())
def test_cat_split_roundtrip(data):
    shape = data.draw(NONEMPTY)
    dim = data.draw(st.integers(0, len(shape) - 1))
    x = _array(data.draw, shape)
    size = data.draw(st.integers(1, 4))

    def fn(t):
        parts = t.split(size, dim)
        lib = glassnet if isinstance(t, glassnet.Tensor) else torch
        return lib.cat(parts[::-1], dim)

    check_parity(fn, fn, [x])


@SETTINGS
@given(data=st.data())
def test_getitem_with_random_slices(data):
    shape = data.draw(NONEMPTY)
    x = _array(data.draw, shape)
    index = tuple(data.draw(st.slices(n)) for n in shape)
    # PyTorch has no negative steps.
    index = tuple(slice(s.start, s.stop, abs(s.step) if s.step else None) for s in index)
    check_parity(lambda t: t[index] * 2, lambda t: t[index] * 2, [x])
