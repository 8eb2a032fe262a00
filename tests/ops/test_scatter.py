"""ops/scatter.py and index_functions.py's indexing: scatter, scatter_add, scatter_reduce (every reduction,
with and without self), index_add, index_fill, index_select, masked_select, take, take_along_dim,
nonzero/argwhere, against PyTorch with gradients."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
from glassnet.autograd import gradgradcheck

torch = pytest.importorskip("torch")

# index (2, 3) into a (3, 4) input along dim 1, with repeats so reductions meet several values in a slot
INDEX1 = np.array([[0, 1, 0], [3, 3, 3]])
INDEX0 = np.array([[0, 2, 2, 1], [0, 0, 1, 1]])


@pytest.mark.parametrize("dim,index", [(1, INDEX1), (-1, INDEX1), (0, INDEX0)])
def test_scatter_src_and_value(dim, index):
    x, src = rand_array((3, 4)), rand_array((2, 5))
    unique = np.array([[0, 1, 2], [3, 2, 1]]) if dim != 0 else np.array([[0, 2, 1, 1], [1, 0, 2, 0]])
    # (PyTorch's scatter backward fails when src is larger than index, so src matches index here)
    check_parity(lambda a, i, s: glassnet.scatter(a, dim, i, s), lambda a, i, s: torch.scatter(a, dim, i, s),
                 [x, unique, src[:, :unique.shape[1]]])
    check_parity(lambda a, i: a.scatter(dim, i, 2.5), lambda a, i: a.scatter(dim, i, 2.5), [x, unique])
    check_parity(lambda a, i: a.scatter(dim, i, value=-1.0), lambda a, i: a.scatter(dim, i, value=-1.0), [x, unique])
    check_gradcheck(lambda a, i, s: glassnet.scatter(a, dim, i, s), [x, unique, src])
    check_parity(lambda a, i, s: glassnet.scatter_add(a, dim, i, s), lambda a, i, s: torch.scatter_add(a, dim, i, s),
                 [x, index, src[:, :index.shape[1]]])
    check_parity(lambda a, i, s: glassnet.scatter_add(a, dim, i, s), lambda a, i, s: torch.scatter_add(a, dim, i, s),
                 [x, index, src], grad=False)
    check_gradcheck(lambda a, i, s: glassnet.scatter_add(a, dim, i, s), [x, index, src])  # unused src: zero grad
    check_parity(lambda a, i, s: a.scatter(dim, i, s, reduce="add"), lambda a, i, s: a.scatter(dim, i, s, reduce="add"),
                 [x, index, src], grad=False)


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce(reduce, include_self):
    x, src = rand_array((3, 4)), rand_array((2, 3))
    for dim, index in ((1, INDEX1), (0, INDEX0[:, :3])):
        check_parity(lambda a, i, s, d=dim: glassnet.scatter_reduce(a, d, i, s, reduce, include_self=include_self),
                     lambda a, i, s, d=dim: torch.scatter_reduce(a, d, i, s, reduce, include_self=include_self),
                     [x, index, src])
        check_gradcheck(lambda a, i, s, d=dim: a.scatter_reduce(d, i, s, reduce, include_self=include_self),
                        [x, index, src])


@pytest.mark.parametrize("reduce", ["prod", "amax", "amin", "mean"])
def test_scatter_reduce_zeros_and_ties_match_torch(reduce):
    x = np.array([[0.0, 2.0, 3.0, 1.0], [1.0, 1.0, 0.0, 2.0]], np.float32)
    src = np.array([[0.0, 2.0, 0.0], [2.0, 0.0, 2.0]], np.float32)
    index = np.array([[1, 1, 2], [3, 3, 0]])
    for include_self in (True, False):
        check_parity(lambda a, i, s, inc=include_self: glassnet.scatter_reduce(a, 1, i, s, reduce, include_self=inc),
                     lambda a, i, s, inc=include_self: torch.scatter_reduce(a, 1, i, s, reduce, include_self=inc),
                     [x, index, src])


def test_scatter_reduce_double_backward_and_integer_mean():
    x = glassnet.tensor(rand_array((3, 4), "pos").astype(np.float64), requires_grad=True)
    s = glassnet.tensor(rand_array((2, 3), "pos").astype(np.float64), requires_grad=True)
    idx = glassnet.tensor(INDEX1)
    for reduce in ("sum", "prod", "mean"):
        assert gradgradcheck(lambda a, b, r=reduce: glassnet.scatter_reduce(a * a, 1, idx, b * b, r), [x, s])
    check_parity(lambda a, i, s: glassnet.scatter_reduce(a, 0, i, s, "mean"),
                 lambda a, i, s: torch.scatter_reduce(a, 0, i, s, "mean"), [np.array([1, 2]), np.array([0, 0, 1]),
                                                                            np.array([3, 4, 5])])


def test_scatter_errors():
    x = glassnet.zeros(3, 4)
    with pytest.raises(RuntimeError, match="out of bounds"):
        x.scatter(1, glassnet.tensor([[0, 1, 4]]), 1.0)
    with pytest.raises(RuntimeError, match="Expected dtype int32/int64 for index"):
        x.scatter(1, glassnet.tensor([[0.0, 1.0]]), 1.0)
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        x.scatter(1, glassnet.tensor([0, 1]), 1.0)
    with pytest.raises(RuntimeError, match="reduce argument must be either sum, prod, mean, amax or amin, got foo"):
        x.scatter_reduce(1, glassnet.tensor([[0, 1]]), glassnet.ones(1, 2), "foo")
    with pytest.raises(RuntimeError, match="self.dtype to be equal to src.dtype"):
        x.scatter_add(1, glassnet.tensor([[0, 1]]), glassnet.ones(1, 2, dtype=glassnet.float64))


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_index_add_index_fill_index_select(dim):
    x = rand_array((3, 4))
    index = np.array([2, 0, 2])
    src = rand_array((3, 4)[:dim % 2] + (3,) + (3, 4)[dim % 2 + 1:])
    check_parity(lambda a, i, s: glassnet.index_add(a, dim, i, s), lambda a, i, s: torch.index_add(a, dim, i, s),
                 [x, index, src])
    check_parity(lambda a, i, s: a.index_add(dim, i, s, alpha=-2.0), lambda a, i, s: a.index_add(dim, i, s, alpha=-2.0),
                 [x, index, src])
    check_gradcheck(lambda a, i, s: glassnet.index_add(a, dim, i, s, alpha=3), [x, index, src])
    check_parity(lambda a, i: a.index_fill(dim, i, 7.0), lambda a, i: a.index_fill(dim, i, 7.0), [x, index])
    check_parity(lambda a, i: glassnet.index_select(a, dim, i), lambda a, i: torch.index_select(a, dim, i), [x, index])
    with pytest.raises(RuntimeError, match="Number of indices"):
        glassnet.index_add(glassnet.tensor(x), 1, glassnet.tensor([0, 1]), glassnet.ones(3, 3))
    with pytest.raises(RuntimeError, match="out of bounds"):
        glassnet.index_add(glassnet.tensor(x), 1, glassnet.tensor([0, 5]), glassnet.ones(3, 2))


def test_masked_select_take_take_along_dim():
    x = rand_array((3, 4))
    mask = x > 0
    check_parity(glassnet.masked_select, torch.masked_select, [x, mask])
    check_parity(lambda a, m: a.masked_select(m), lambda a, m: a.masked_select(m), [x, mask[0]])  # broadcast mask
    check_gradcheck(glassnet.masked_select, [x, mask])
    index = np.array([[0, 11], [5, -1]])
    check_parity(glassnet.take, torch.take, [x, index])
    idx = np.array([[[0, 2]], [[1, 1]], [[3, 0]]])  # (3, 1, 2): broadcasts against (3, 4, 1) along dim 2
    x3 = rand_array((3, 4, 1))
    x3 = np.concatenate([x3] * 4, axis=2)
    check_parity(lambda a, i: glassnet.take_along_dim(a, i, 2), lambda a, i: torch.take_along_dim(a, i, 2), [x3, idx])
    check_parity(lambda a, i: a.take_along_dim(i), lambda a, i: a.take_along_dim(i), [x, np.array([3, 0, 11])])
    sorted_idx = np.argsort(x, axis=1)
    check_parity(lambda a, i: glassnet.take_along_dim(a, i, dim=1), lambda a, i: torch.take_along_dim(a, i, dim=1),
                 [x, sorted_idx])
    check_gradcheck(lambda a, i: glassnet.take_along_dim(a, i, 2), [x3, idx])


@pytest.mark.parametrize("shape", [(3, 4), (0, 2), (), (5,), (2, 0, 3)])
def test_nonzero_argwhere(shape):
    x = (np.arange(int(np.prod(shape))).reshape(shape) % 3).astype(np.float32)
    assert_close(glassnet.nonzero(glassnet.tensor(x)), torch.nonzero(torch.tensor(x)))
    assert_close(glassnet.argwhere(glassnet.tensor(x)), torch.argwhere(torch.tensor(x)))
    for a, b in zip(glassnet.tensor(x).nonzero(as_tuple=True), torch.tensor(x).nonzero(as_tuple=True)):
        assert_close(a, b)


def test_masked_scatter():
    x, src = rand_array((3, 4)), rand_array((14,))
    mask = x > 0
    check_parity(lambda a, m, s: a.masked_scatter(m, s), lambda a, m, s: a.masked_scatter(m, s), [x, mask, src])
    check_parity(lambda a, m, s: glassnet.masked_scatter(a, m, s), lambda a, m, s: torch.masked_scatter(a, m, s),
                 [x, mask[0], src.reshape(2, 7)])  # the mask broadcasts over rows
    check_gradcheck(lambda a, s: glassnet.masked_scatter(a, glassnet.tensor(mask), s), [x, src])
    with pytest.raises(RuntimeError, match="at least"):
        glassnet.masked_scatter(glassnet.zeros(4), glassnet.ones(4, dtype=glassnet.bool), glassnet.ones(2))
