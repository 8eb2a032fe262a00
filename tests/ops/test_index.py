"""Indexing ops: __getitem__ in all its forms, gather/scatter_add/index_select/masked_fill, __setitem__."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet

torch = pytest.importorskip("torch")

IDX = np.array([[0, 2], [1, 1], [2, 0]])  # repeated entries: their gradients must add up


def _lib_index(m, value):
    """The same index for either library (arrays become that library's integer/bool tensors)."""
    if isinstance(value, tuple):
        return tuple(_lib_index(m, v) for v in value)
    if isinstance(value, np.ndarray):
        return m.tensor(value)
    return value


GETITEM = {
    "int": 1,
    "neg_int": -1,
    "slice": slice(1, 3),
    "step_slice": (slice(None), slice(None, None, 2)),
    "int_slice": (0, slice(1, None)),
    "none": (None, 1),
    "ellipsis": (Ellipsis, 0),
    "ellipsis_none": (Ellipsis, None, slice(0, 2)),
    "int_array": np.array([0, 2, 0]),
    "int_array_2d": np.array([[0, 1], [1, 1]]),
    "list": [2, 0, 2],
    "two_arrays": (np.array([0, 1, 1]), np.array([2, 0, 2])),
    "array_and_slice": (slice(None), np.array([3, 3, 0])),
    "bool_mask_rows": np.array([True, False, True]),
    "bool_mask_full": "mask",
    "scalar_tensor": np.array(1),
}


@pytest.mark.parametrize("name", list(GETITEM))
def test_getitem_parity(name):
    x = rand_array((3, 4, 2))
    index = GETITEM[name]
    if isinstance(index, str):
        index = x > 0
    check_parity(lambda t: t[_lib_index(glassnet, index)], lambda t: t[_lib_index(torch, index)], [x])


@pytest.mark.parametrize("name", [n for n in GETITEM if n != "bool_mask_full"])
def test_getitem_gradcheck(name):
    index = _lib_index(glassnet, GETITEM[name])
    check_gradcheck(lambda t: t[index], [rand_array((3, 4, 2), dtype=np.float64)])


def test_repeated_indices_accumulate_gradients():
    x = glassnet.zeros(4, requires_grad=True)
    x[glassnet.tensor([1, 1, 3, 1])].sum().backward()
    assert x.grad.tolist() == [0.0, 3.0, 0.0, 1.0]


def test_index_out_of_range_names_the_shape():
    with pytest.raises(IndexError, match=r"shape \(3, 4\)"):
        glassnet.zeros(3, 4)[5]


OPS = {
    "gather": lambda m: lambda x: x.gather(1, m.tensor(IDX)),
    "gather_dim0": lambda m: lambda x: m.gather(x, 0, m.tensor([[2, 0, 1, 1]])),
    "scatter_add": lambda m: lambda x, s: x.scatter_add(1, m.tensor(IDX), s),
    "scatter_add_dim0": lambda m: lambda x, s: m.scatter_add(x, 0, m.tensor([[0, 1, 0], [0, 2, 2]]), s),
    "index_select": lambda m: lambda x: x.index_select(0, m.tensor([2, 0, 2])),
    "index_select_dim1": lambda m: lambda x: m.index_select(x, 1, m.tensor([1, 1])),
    "masked_fill": lambda m: lambda x: x.masked_fill(x > 0, -1.0),
    "masked_fill_broadcast": lambda m: lambda x: m.masked_fill(x, m.tensor([True, False, True, False]), 2.0),
}
SHAPES = {"scatter_add": [(3, 4), (3, 2)], "scatter_add_dim0": [(3, 4), (2, 3)]}


@pytest.mark.parametrize("name", list(OPS))
def test_index_op_parity(name):
    arrays = [rand_array(s) for s in SHAPES.get(name, [(3, 4)])]
    check_parity(OPS[name](glassnet), OPS[name](torch), arrays)


@pytest.mark.parametrize("name", list(OPS))
def test_index_op_gradcheck(name):
    arrays = [rand_array(s, dtype=np.float64) for s in SHAPES.get(name, [(3, 4)])]
    check_gradcheck(OPS[name](glassnet), arrays)


def test_gather_rejects_mismatched_rank():
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        glassnet.zeros(3, 4).gather(1, glassnet.tensor([0, 1]))


# ---- __setitem__ (tensors that need no grad) ------------------------------------------------------
SETITEM = [
    (1, 5.0),
    ((slice(None), 0), np.array([1.0, 2.0, 3.0], np.float32)),
    (np.array([0, 2]), 7.0),
    ("mask", 0.0),
    ((Ellipsis, slice(1, 3)), "tensor"),
]


@pytest.mark.parametrize("index, value", SETITEM, ids=[str(i) for i in range(len(SETITEM))])
def test_setitem_matches_torch(index, value):
    x = rand_array((3, 4))
    g, t = glassnet.tensor(x), torch.tensor(x)
    if isinstance(index, str):
        gi, ti = g > 0, t > 0
    else:
        gi, ti = _lib_index(glassnet, index), _lib_index(torch, index)
    if isinstance(value, str):
        gv, tv = glassnet.ones(3, 2), torch.ones(3, 2)
    else:
        gv, tv = _lib_index(glassnet, value), _lib_index(torch, value)
    v0 = g._version
    g[gi] = gv
    t[ti] = tv
    assert_close(g, t)
    assert g._version > v0


def test_setitem_on_a_tensor_that_requires_grad_is_refused():
    w = glassnet.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        w[0] = 2.0
    with glassnet.no_grad():
        w[0] = 2.0  # allowed under no_grad, as in PyTorch (that is how optimizers update)
    assert w.tolist() == [2.0, 1.0, 1.0]


def test_index_select_with_a_0d_index_keeps_the_dim():
    check_parity(lambda x: x.index_select(1, glassnet.tensor(2)),
                 lambda x: x.index_select(1, torch.tensor(2)), [rand_array((3, 4))])
    with pytest.raises(IndexError, match="vector"):
        glassnet.zeros(3, 4).index_select(0, glassnet.tensor([[0]]))
