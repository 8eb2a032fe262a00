"""sort_functions.py (ops/sort.py): sort/argsort/topk/kthvalue/median/quantile/unique/searchsorted/bucketize
against PyTorch, with NaN order, stable ties, gradients and errors."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet

torch = pytest.importorskip("torch")
NAN = float("nan")


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("dim", [0, -1])
def test_sort_values_indices_gradient(descending, dim):
    x = rand_array((4, 5))
    check_parity(lambda t: glassnet.sort(t, dim, descending), lambda t: torch.sort(t, dim, descending), [x])
    check_parity(lambda t: t.sort(dim=dim, descending=descending, stable=True),
                 lambda t: t.sort(dim=dim, descending=descending, stable=True), [x])
    check_parity(lambda t: glassnet.argsort(t, dim, descending), lambda t: torch.argsort(t, dim, descending), [x])
    check_gradcheck(lambda t: glassnet.sort(t, dim, descending).values, [x[:3, :3]])


@pytest.mark.parametrize("descending", [False, True])
def test_sort_nan_is_largest_and_stable_ties(descending):
    x = np.array([[3.0, NAN, 1.0, NAN, 1.0, 3.0, -np.inf, np.inf, 1.0]], np.float32)
    check_parity(lambda t: glassnet.sort(t, descending=descending, stable=True),
                 lambda t: torch.sort(t, descending=descending, stable=True), [x])
    ints = np.array([2, 1, 2, 0, 1, 2])
    check_parity(lambda t: t.sort(descending=descending, stable=True),
                 lambda t: t.sort(descending=descending, stable=True), [ints])
    bools = np.array([True, False, True, False])
    check_parity(lambda t: t.sort(descending=descending, stable=True),
                 lambda t: t.sort(descending=descending, stable=True), [bools])


def test_sort_empty_0d_and_msort():
    for x in (np.zeros((0, 3), np.float32), np.array(2.0, np.float32)):
        check_parity(lambda t: glassnet.sort(t, 0), lambda t: torch.sort(t, 0), [x], grad=False)
    check_parity(glassnet.msort, torch.msort, [rand_array((3, 2))])


@pytest.mark.parametrize("largest", [True, False])
def test_topk(largest):
    x = rand_array((3, 6))
    check_parity(lambda t: glassnet.topk(t, 3, largest=largest), lambda t: torch.topk(t, 3, largest=largest), [x])
    check_parity(lambda t: t.topk(2, dim=0, largest=largest), lambda t: t.topk(2, dim=0, largest=largest), [x])
    check_gradcheck(lambda t: t.topk(2, largest=largest).values, [x[:2]])
    nan = np.array([3.0, NAN, 1.0, 2.0], np.float32)
    check_parity(lambda t: t.topk(2, largest=largest), lambda t: t.topk(2, largest=largest), [nan], grad=False)
    with pytest.raises(RuntimeError, match="topk"):
        glassnet.topk(glassnet.ones(2), 3)


@pytest.mark.parametrize("keepdim", [False, True])
def test_kthvalue(keepdim):
    x = rand_array((3, 5))
    for k, dim in ((1, 1), (3, -1), (2, 0)):
        check_parity(lambda t, k=k, d=dim: glassnet.kthvalue(t, k, d, keepdim),
                     lambda t, k=k, d=dim: torch.kthvalue(t, k, d, keepdim), [x])
    check_gradcheck(lambda t: t.kthvalue(2, 1).values, [x[:2, :4]])
    out = glassnet.kthvalue(glassnet.tensor(x), 1)
    assert type(out).__name__ == "kthvalue"
    with pytest.raises(RuntimeError, match="kthvalue\\(\\): selected number k out of range for dimension 1"):
        glassnet.kthvalue(glassnet.tensor(x), 6)


@pytest.mark.parametrize("name", ["median", "nanmedian"])
def test_median_nanmedian(name):
    x = rand_array((4, 5))
    gfn, tfn = getattr(glassnet, name), getattr(torch, name)
    check_parity(gfn, tfn, [x])
    for dim in (0, 1, -1):
        check_parity(lambda t, d=dim: gfn(t, d), lambda t, d=dim: tfn(t, d), [x])
        check_parity(lambda t, d=dim: getattr(t, name)(d, keepdim=True),
                     lambda t, d=dim: getattr(t, name)(d, keepdim=True), [x])
    nan = np.array([[3.0, NAN, 1.0, NAN], [2.0, 2.0, 5.0, 1.0], [NAN, 1.0, 4.0, 2.0]], np.float32)
    check_parity(lambda t: gfn(t, 1), lambda t: tfn(t, 1), [nan])
    check_parity(gfn, tfn, [nan])
    check_gradcheck(lambda t: gfn(t, 1).values, [x[:2, :3]])
    # without a dim, ties share the gradient evenly (PyTorch's rule)
    check_parity(gfn, tfn, [np.array([1.0, 2.0, 2.0, 3.0], np.float32)])
    check_parity(gfn, tfn, [np.array([5, 1, 3])])
    with pytest.raises(IndexError, match="Expected reduction dim 0 to have non-zero size"):
        gfn(glassnet.zeros(0), 0)


INTERPOLATIONS = ["linear", "lower", "higher", "nearest", "midpoint"]


@pytest.mark.parametrize("interpolation", INTERPOLATIONS)
@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
def test_quantile(interpolation, name):
    gfn, tfn = getattr(glassnet, name), getattr(torch, name)
    x = rand_array((4, 6))
    q = np.array([0.0, 0.1, 0.3, 0.5, 0.75, 1.0], np.float32)
    cases = [dict(), dict(dim=1), dict(dim=0, keepdim=True), dict(dim=-1, keepdim=True), dict(keepdim=True)]
    for kw in cases:
        check_parity(lambda t, qq, kw=kw: gfn(t, qq, interpolation=interpolation, **kw),
                     lambda t, qq, kw=kw: tfn(t, qq, interpolation=interpolation, **kw), [x, q], grad=False)
        check_parity(lambda t, kw=kw: gfn(t, 0.4, interpolation=interpolation, **kw),
                     lambda t, kw=kw: tfn(t, 0.4, interpolation=interpolation, **kw), [x])
    nan = np.array([[1.0, 2, 3, 4], [1, NAN, 2, 3], [NAN, NAN, NAN, NAN]], np.float32)
    check_parity(lambda t: getattr(t, name)(0.4, dim=1, interpolation=interpolation),
                 lambda t: getattr(t, name)(0.4, dim=1, interpolation=interpolation), [nan], grad=False)
    check_gradcheck(lambda t: gfn(t, glassnet.tensor([0.2, 0.7], dtype=glassnet.float64), dim=1,
                                  interpolation=interpolation), [x[:2, :5]])


def test_quantile_gradient_goes_to_stable_sorted_neighbours():
    check_parity(lambda t: glassnet.quantile(t, 0.4), lambda t: torch.quantile(t, 0.4),
                 [np.array([3.0, 1.0, 2.0, 2.0], np.float32)])


def test_quantile_errors():
    with pytest.raises(RuntimeError, match="float or double"):
        glassnet.quantile(glassnet.tensor([1, 2]), 0.5)
    with pytest.raises(RuntimeError, match="q must be in the range \\[0, 1\\]"):
        glassnet.quantile(glassnet.tensor([1.0, 2.0]), 1.5)
    with pytest.raises(RuntimeError, match="same dtype"):
        glassnet.quantile(glassnet.tensor([1.0, 2.0]), glassnet.tensor([0.5], dtype=glassnet.float64))
    with pytest.raises(RuntimeError, match="non-empty"):
        glassnet.quantile(glassnet.zeros(0), 0.5)
    with pytest.raises(RuntimeError, match="interpolation"):
        glassnet.quantile(glassnet.ones(2), 0.5, interpolation="cubic")


@pytest.mark.parametrize("kw", [{}, {"return_inverse": True}, {"return_counts": True},
                                {"return_inverse": True, "return_counts": True}, {"dim": 0, "return_inverse": True},
                                {"dim": 1, "return_counts": True}])
def test_unique(kw):
    x = np.array([[3, 1, 3], [1, 2, 1], [3, 1, 3]])
    check_parity(lambda t: glassnet.unique(t, **kw), lambda t: torch.unique(t, **kw), [x])
    check_parity(lambda t: t.unique(**kw), lambda t: t.unique(**kw), [x.astype(np.float32)], grad=False)


@pytest.mark.parametrize("kw", [{}, {"return_inverse": True, "return_counts": True}, {"dim": 0}])
def test_unique_consecutive(kw):
    x = np.array([[1, 1], [1, 1], [2, 3], [2, 3], [1, 1]])
    check_parity(lambda t: glassnet.unique_consecutive(t, **kw), lambda t: torch.unique_consecutive(t, **kw), [x])


@pytest.mark.parametrize("right", [False, True])
def test_searchsorted_and_bucketize(right):
    seq = np.array([1, 3, 5, 7])
    vals = np.array([[3, 6], [9, 0]])
    check_parity(lambda s, v: glassnet.searchsorted(s, v, right=right),
                 lambda s, v: torch.searchsorted(s, v, right=right), [seq, vals])
    check_parity(lambda s, v: glassnet.searchsorted(s, v, side="right" if right else "left", out_int32=True),
                 lambda s, v: torch.searchsorted(s, v, side="right" if right else "left", out_int32=True), [seq, vals])
    rows = np.array([[1.0, 2.0, 3.0], [0.0, 5.0, 6.0]], np.float32)
    check_parity(lambda s, v: glassnet.searchsorted(s, v, right=right),
                 lambda s, v: torch.searchsorted(s, v, right=right),
                 [rows, np.array([[2.0, 4.0], [5.0, 7.0]], np.float32)], grad=False)
    assert_close(glassnet.searchsorted(glassnet.tensor(seq), 3, right=right),
                 torch.searchsorted(torch.tensor(seq), 3, right=right))
    check_parity(lambda v, b: glassnet.bucketize(v, b, right=right), lambda v, b: torch.bucketize(v, b, right=right),
                 [np.array([1, 3, 5, 8]), seq])
    sorter = np.array([2, 0, 3, 1])
    check_parity(lambda s, v, o: glassnet.searchsorted(s, v, sorter=o),
                 lambda s, v, o: torch.searchsorted(s, v, sorter=o), [np.array([5, 1, 7, 3]), vals, sorter])


def test_searchsorted_bucketize_errors():
    with pytest.raises(RuntimeError, match="first N-1 dimensions"):
        glassnet.searchsorted(glassnet.tensor([[1, 2]]), glassnet.tensor([[1], [2]]))
    with pytest.raises(RuntimeError, match="boundaries tensor must be 1 dimension"):
        glassnet.bucketize(glassnet.tensor([1]), glassnet.tensor([[1]]))
