"""Reductions and softmax: values and gradients vs PyTorch, float64 gradchecks, non-differentiable queries."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet

torch = pytest.importorskip("torch")

ALL_SHAPES = [(), (5,), (2, 3, 4)]  # full reductions
DIM_SHAPE = (2, 3, 4)

# name -> (glassnet fn, torch fn); the same lambda body works for both libraries.
FULL = {
    "sum": lambda m: (lambda x: x.sum()),
    "sum_fn": lambda m: (lambda x: m.sum(x)),
    "mean": lambda m: (lambda x: x.mean()),
    "var": lambda m: (lambda x: x.var()),
    "var_biased": lambda m: (lambda x: x.var(unbiased=False)),
    "std": lambda m: (lambda x: x.std()),
    "amax": lambda m: (lambda x: x.amax()),
    "amin": lambda m: (lambda x: m.amin(x)),
    "max": lambda m: (lambda x: x.max()),
    "min": lambda m: (lambda x: x.min()),
    "prod": lambda m: (lambda x: x.prod()),
    "norm": lambda m: (lambda x: x.norm()),
}
ALONG = {
    "sum_dim": lambda m: (lambda x: x.sum(1)),
    "sum_dims_keep": lambda m: (lambda x: x.sum(dim=(0, 2), keepdim=True)),
    "sum_neg": lambda m: (lambda x: m.sum(x, -1)),
    "mean_dim": lambda m: (lambda x: x.mean(dim=1)),
    "mean_dims_keep": lambda m: (lambda x: x.mean((0, -1), keepdim=True)),
    "var_dim": lambda m: (lambda x: x.var(1)),
    "var_dim_biased": lambda m: (lambda x: x.var(1, unbiased=False)),
    "var_correction": lambda m: (lambda x: x.var(dim=(0, 2), correction=0, keepdim=True)),
    "var_correction2": lambda m: (lambda x: x.var(dim=2, correction=2)),
    "std_dim": lambda m: (lambda x: x.std(dim=-1, keepdim=True)),
    "std_biased": lambda m: (lambda x: m.std(x, 0, unbiased=False)),
    "amax_dim": lambda m: (lambda x: x.amax(1)),
    "amax_dims": lambda m: (lambda x: x.amax(dim=(0, 2), keepdim=True)),
    "amin_dim": lambda m: (lambda x: x.amin(-1)),
    "max_dim": lambda m: (lambda x: tuple(x.max(1))),
    "max_dim_keep": lambda m: (lambda x: tuple(x.max(dim=2, keepdim=True))),
    "min_dim": lambda m: (lambda x: tuple(m.min(x, 0))),
    "logsumexp": lambda m: (lambda x: x.logsumexp(1)),
    "logsumexp_dims": lambda m: (lambda x: m.logsumexp(x, (0, 2), keepdim=True)),
    "prod_dim": lambda m: (lambda x: x.prod(1)),
    "prod_dim_keep": lambda m: (lambda x: x.prod(-1, keepdim=True)),
    "softmax": lambda m: (lambda x: x.softmax(-1)),
    "softmax_dim0": lambda m: (lambda x: m.softmax(x, 0)),
    "log_softmax": lambda m: (lambda x: x.log_softmax(1)),
    "log_softmax_fn": lambda m: (lambda x: m.log_softmax(x, dim=-1)),
    "norm_dim": lambda m: (lambda x: x.norm(dim=1)),
    "norm_p1": lambda m: (lambda x: x.norm(p=1, dim=-1)),
}


@pytest.mark.parametrize("shape", ALL_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(FULL))
def test_full_reduction_parity(name, shape):
    if name.startswith(("var", "std")) and shape == ():
        pytest.skip("the unbiased variance of one element is nan")
    check_parity(FULL[name](glassnet), FULL[name](torch), [rand_array(shape)])


@pytest.mark.parametrize("name", list(ALONG))
def test_reduction_along_dims_parity(name):
    check_parity(ALONG[name](glassnet), ALONG[name](torch), [rand_array(DIM_SHAPE)])


@pytest.mark.parametrize("name", [n for n in {**FULL, **ALONG} if not n.startswith(("max_dim", "min_dim"))])
def test_reduction_gradcheck(name):
    fn = {**FULL, **ALONG}[name](glassnet)
    check_gradcheck(fn, [rand_array(DIM_SHAPE, dtype=np.float64)])


@pytest.mark.parametrize("name", ["max_dim", "min_dim"])
def test_max_min_along_dim_gradcheck(name):
    fn = ALONG[name](glassnet)
    check_gradcheck(lambda x: fn(x)[0], [rand_array(DIM_SHAPE, dtype=np.float64)])


@pytest.mark.parametrize("name", ["sum", "sum_dim", "prod_dim", "amax_dim", "logsumexp", "softmax"])
def test_empty_inputs(name):
    fn = {**FULL, **ALONG}[name]
    # (0, 3, 4): reducing dim 1 or the last dim leaves an empty result; sum() of nothing is 0.
    check_parity(fn(glassnet), fn(torch), [rand_array((0, 3, 4))])


def test_ties_share_the_gradient_like_torch():
    x = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]], np.float32)
    for f in (lambda t: t.amax(), lambda t: t.max(), lambda t: t.amax(1), lambda t: t.amin(0),
              lambda t: t.max(1)[0], lambda t: t.min(dim=1).values):
        check_parity(f, f, [x])
    assert glassnet.tensor(x).max(1).indices.tolist() == torch.tensor(x).max(1).indices.tolist()


@pytest.mark.parametrize("x", [[2.0, 0.0, 3.0], [0.0, 0.0, 3.0], [1.5, -2.0, 3.0]], ids=str)
def test_prod_gradient_with_zeros(x):
    a = np.array(x, np.float32)
    check_parity(lambda t: t.prod(), lambda t: t.prod(), [a])
    check_parity(lambda t: t.reshape(1, 3).prod(1), lambda t: t.reshape(1, 3).prod(1), [a])


def test_softmax_and_logsumexp_are_stable():
    x = np.array([[1000.0, 0.0, -1000.0], [-1e4, -1e4, -1e4]], np.float32)
    for f in (lambda t: t.softmax(-1), lambda t: t.log_softmax(-1), lambda t: t.logsumexp(-1)):
        check_parity(f, f, [x])
    inf = np.array([[-np.inf, 0.0, 1.0]], np.float32)
    check_parity(lambda t: t.logsumexp(-1), lambda t: t.logsumexp(-1), [inf])


def test_integer_and_bool_reductions_follow_torch_dtypes():
    for data in ([1, 2, 3], [True, False, True]):
        g, t = glassnet.tensor(data), torch.tensor(data)
        assert_close(g.sum(), t.sum())
        assert_close(g.sum(0, keepdim=True), t.sum(0, keepdim=True))
    with pytest.raises(RuntimeError, match="mean"):
        glassnet.tensor([1, 2]).mean()


def test_dim_out_of_range_is_a_clear_error():
    x = glassnet.ones(2, 3)
    with pytest.raises(IndexError, match="Dimension out of range"):
        x.sum(2)
    with pytest.raises(IndexError, match="Dimension out of range"):
        x.softmax(-3)


# ---- non-differentiable queries -------------------------------------------------------------------
QUERIES = {
    "argmax": lambda x: x.argmax(),
    "argmax_dim": lambda x: x.argmax(1),
    "argmax_keep": lambda x: x.argmax(dim=-1, keepdim=True),
    "argmin": lambda x: x.argmin(),
    "argmin_dim": lambda x: x.argmin(0),
    "all": lambda x: (x > -1).all(),
    "all_dim": lambda x: (x > -1).all(1),
    "any": lambda x: (x > 1).any(),
    "any_dim_keep": lambda x: (x > 1).any(dim=0, keepdim=True),
    "sort_idx": lambda x: x.sort(-1).indices,
    "sort_desc_idx": lambda x: x.sort(dim=1, descending=True).indices,
    "topk_idx": lambda x: x.topk(2).indices,
    "topk_smallest_idx": lambda x: x.topk(2, dim=1, largest=False).indices,
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_queries_match_torch(name):
    x = rand_array((3, 4, 5))
    g, t = glassnet.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = QUERIES[name](g)
    assert not out.requires_grad
    assert_close(out, QUERIES[name](t))


@pytest.mark.parametrize("name", ["sort", "sort_desc", "topk", "topk_small"])
def test_sort_and_topk_values_carry_gradients(name):
    fn = {"sort": lambda x: x.sort(-1)[0], "sort_desc": lambda x: x.sort(1, descending=True).values,
          "topk": lambda x: x.topk(3).values,
          "topk_small": lambda x: x.topk(2, dim=0, largest=False)[0]}[name]
    check_parity(fn, fn, [rand_array((3, 4, 5))])
    check_gradcheck(fn, [rand_array((3, 4, 5), dtype=np.float64)])


def test_module_level_queries():
    x = glassnet.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    assert glassnet.argmax(x, dim=1).tolist() == [1, 2]
    assert glassnet.argmin(x).item() == 0
    assert glassnet.all(x > 0).item() is True
    assert glassnet.any(x > 5, dim=1).tolist() == [False, True]
    vals, idx = glassnet.topk(x, 1)
    assert vals.tolist() == [[5.0], [6.0]] and idx.tolist() == [[1], [2]]
    assert glassnet.sort(x, dim=0).values.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


# Edge cases PyTorch defines: 0-d tensors accept dim 0/-1, reductions over an empty dim, and the
# zero subgradient of std/norm at 0. name -> (fn, input)
EDGE = {
    "sum_0d_dim": (lambda x: x.sum(0), 2.0),
    "sum_0d_keepdim": (lambda x: x.sum(-1, keepdim=True), 2.0),
    "mean_0d": (lambda x: x.mean(0), 2.0),
    "amax_0d": (lambda x: x.amax(0), 2.0),
    "max_0d": (lambda x: x.max(0)[0], 2.0),
    "min_0d": (lambda x: x.min(-1).values, 2.0),
    "logsumexp_0d": (lambda x: x.logsumexp(0), 2.0),
    "prod_0d": (lambda x: x.prod(0), 2.0),
    "var_0d": (lambda x: x.var(0, correction=0), 2.0),
    "softmax_0d": (lambda x: x.softmax(0), 2.0),
    "softmax_empty_dim": (lambda x: x[:0].softmax(0), [1.0, 2.0]),
    "log_softmax_empty_dim": (lambda x: x[:0].log_softmax(0), [1.0, 2.0]),
    "logsumexp_empty_dim": (lambda x: x[:0].logsumexp(0), [1.0, 2.0]),
    "std_of_constant": (lambda x: x.std(), [1.0, 1.0]),
    "std_dim_of_constant_row": (lambda x: x.reshape(2, 2).std(1), [1.0, 1.0, 2.0, 3.0]),
    "norm_of_zeros": (lambda x: x.norm(), [0.0, 0.0]),
    "norm_dim_of_zeros": (lambda x: x.reshape(2, 2).norm(dim=1), [0.0, 0.0, 1.0, 2.0]),
}


@pytest.mark.parametrize("name", list(EDGE))
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # log(0) over an empty dim
def test_edge_cases_match_torch(name):
    fn, data = EDGE[name]
    check_parity(fn, fn, [np.array(data, np.float32)])
