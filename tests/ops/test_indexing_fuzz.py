"""Indexing against PyTorch with hypothesis-generated index expressions: reads, writes and gradients.

Each example draws a shape and an index mixing ints, negative ints, forward slices with steps, None,
Ellipsis, Python bools, bool masks, int tensors and lists, 0-d tensors; glassnet must give PyTorch's
shape, values and gradients, or raise where PyTorch raises.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close

import glassnet

torch = pytest.importorskip("torch")
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SETTINGS = settings(max_examples=200, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def index_expressions(draw):
    """(shape, items): items use tags so each library builds its own tensors from the same numbers."""
    shape = tuple(draw(st.lists(st.integers(0 if draw(st.integers(0, 9)) == 0 else 1, 4), min_size=1,
                                max_size=4)))
    items, dim, used_ellipsis = [], 0, False
    adv_shape = draw(st.sampled_from([(2,), (3,), (1,), (2, 2), (0,), ()]))
    for _ in range(draw(st.integers(1, 4))):
        left = len(shape) - dim
        kind = draw(st.sampled_from(["int", "slice", "none", "ellipsis", "bool", "mask", "itensor", "itensor", "int",
                                     "list", "int0d", "bool0d"]))
        if kind in ("int", "int0d", "itensor", "list", "slice") and left == 0:
            kind = "none"
        if kind == "ellipsis" and used_ellipsis:
            kind = "none"
        if kind == "mask" and left == 0:
            kind = "bool"
        size = shape[dim] if dim < len(shape) else 0
        if kind == "int" or kind == "int0d":
            if size == 0:
                kind = "slice"
            else:
                items.append((kind, draw(st.integers(-size, size - 1))))
                dim += 1
                continue
        if kind == "slice":
            bound = st.one_of(st.none(), st.integers(-size - 2, size + 2))
            items.append(("slice", slice(draw(bound), draw(bound), draw(st.sampled_from([None, 1, 2, 3])))))
            dim += 1
        elif kind == "none":
            items.append(("none", None))
        elif kind == "ellipsis":
            items.append(("ellipsis", Ellipsis))
            used_ellipsis = True
            dim = len(shape) - sum(1 for k, _ in items if k in ("int", "int0d", "slice", "itensor", "list"))
            dim = max(dim, 0)
        elif kind == "bool" or kind == "bool0d":
            items.append((kind, draw(st.booleans())))
        elif kind == "mask":
            k = draw(st.integers(1, min(2, left)))
            mshape = shape[dim:dim + k]
            n = int(np.prod(mshape))
            bits = draw(st.lists(st.booleans(), min_size=n, max_size=n))
            items.append(("mask", np.array(bits, dtype=bool).reshape(mshape)))
            dim += k
        else:  # int tensor or list, all drawn with one shape so they broadcast together
            if size == 0:
                vals = np.zeros(adv_shape, dtype=np.int64)[..., :0] if adv_shape else np.zeros(0, np.int64)
            else:
                n = int(np.prod(adv_shape))
                vals = np.array(draw(st.lists(st.integers(-size, size - 1), min_size=n, max_size=n)),
                                dtype=np.int64).reshape(adv_shape)
            if kind == "list" and vals.ndim == 0:
                kind = "itensor"
            items.append((kind, vals))
            dim += 1
    return shape, items


def _build(lib, items):
    """The index expression for glassnet or torch."""
    out = []
    for kind, v in items:
        if kind in ("mask", "itensor"):
            out.append(lib.tensor(v))
        elif kind == "list":
            out.append(v.tolist())
        elif kind == "int0d":
            out.append(lib.tensor(v))
        elif kind == "bool0d":
            out.append(lib.tensor(v))
        else:
            out.append(v)
    return tuple(out)


def _read(lib, x, items):
    try:
        return x[_build(lib, items)], None
    except (IndexError, ValueError, RuntimeError, TypeError) as e:
        return None, e


def _data(shape):
    return np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape) * 0.5 - 3


@SETTINGS
@given(index_expressions())
def test_reads_and_their_gradients_match_torch(case):
    shape, items = case
    a = _data(shape)
    xt = torch.tensor(a, requires_grad=True)
    want, terr = _read(torch, xt, items)
    x = glassnet.tensor(a, requires_grad=True)
    got, gerr = _read(glassnet, x, items)
    if terr is not None:
        assert gerr is not None, f"torch raised {terr!r}, glassnet gave shape {tuple(got.shape)}"
        assert isinstance(gerr, type(terr)) or isinstance(gerr, (IndexError, ValueError)), repr(gerr)
        return
    assert gerr is None, f"glassnet raised {gerr!r}; torch gives shape {tuple(want.shape)}"
    assert_close(got, want)
    w = np.cos(np.arange(want.numel(), dtype=np.float64)).reshape(tuple(want.shape))
    want.backward(torch.tensor(w))
    got.backward(glassnet.tensor(w))
    assert_close(x.grad, xt.grad)


def _unique_targets(shape, items) -> bool:
    """True if the index picks each element at most once (writes to repeats are unordered in torch)."""
    ids = torch.arange(int(np.prod(shape))).reshape(shape)
    sel = ids[_build(torch, items)].reshape(-1)
    return sel.numel() == torch.unique(sel).numel()


@SETTINGS
@given(index_expressions(), st.sampled_from(["full", "scalar", "trailing", "0d"]))
def test_writes_match_torch(case, value_kind):
    shape, items = case
    a = _data(shape)
    ref, terr = _read(torch, torch.tensor(a), items)
    if terr is not None:
        return  # errors are covered by the read test
    target = tuple(ref.shape)
    if value_kind == "scalar" or not _unique_targets(shape, items):
        v = np.array(7.5)
    elif value_kind == "trailing" and target:
        v = np.linspace(-1, 1, target[-1])  # broadcast over the leading dimensions
    elif value_kind == "0d":
        v = np.array(-2.25)
    else:
        v = np.linspace(1, 2, int(np.prod(target))).reshape(target)
    xt, x = torch.tensor(a), glassnet.tensor(a)
    vt = torch.tensor(v) if v.ndim else float(v) if value_kind == "scalar" else torch.tensor(v)
    vg = glassnet.tensor(v) if v.ndim else float(v) if value_kind == "scalar" else glassnet.tensor(v)
    xt[_build(torch, items)] = vt
    x[_build(glassnet, items)] = vg
    assert_close(x, xt)


def test_the_issue_example_int_and_tensor_separated_by_a_slice():
    x = glassnet.arange(60.0).reshape(2, 5, 6)
    xt = torch.arange(60.0).reshape(2, 5, 6)
    assert tuple(x[1, :, glassnet.tensor([0, 2, 4])].shape) == (5, 3)
    assert_close(x[1, :, glassnet.tensor([0, 2, 4])], xt[1, :, torch.tensor([0, 2, 4])])
    assert_close(x[glassnet.tensor([1, 0]), :, 2], xt[torch.tensor([1, 0]), :, 2])


@pytest.mark.parametrize("lib", [glassnet, torch], ids=["glassnet", "torch"])
def test_index_errors_name_the_problem(lib):
    x = lib.zeros(2, 3)
    with pytest.raises(ValueError, match="step must be greater than zero"):
        x[::-1]
    with pytest.raises(IndexError, match="too many indices"):
        x[0, 0, 0]
    with pytest.raises(IndexError, match="out of bounds|out of range"):
        x[5]
    with pytest.raises(IndexError):
        x[lib.tensor([0.5])]


@SETTINGS
@given(index_expressions())
def test_write_gradients_match_torch(case):
    """y = x * 2; y[index] = v; the gradients of sum(y * w) with respect to x and v."""
    shape, items = case
    a = _data(shape)
    ref, terr = _read(torch, torch.tensor(a), items)
    if terr is not None:
        return
    target = tuple(ref.shape)
    v = np.linspace(1, 2, int(np.prod(target))).reshape(target) if _unique_targets(shape, items) else np.array(0.5)
    w = np.sin(np.arange(a.size, dtype=np.float64)).reshape(shape)
    grads = []
    for lib in (torch, glassnet):
        x = lib.tensor(a, requires_grad=True)
        val = lib.tensor(v, requires_grad=True)
        y = x * 2
        y[_build(lib, items)] = val
        (y * lib.tensor(w)).sum().backward()
        grads.append((y.detach(), x.grad, val.grad))
    (yt, gxt, gvt), (y, gx, gv) = grads
    assert_close(y, yt)
    assert_close(gx, gxt)
    assert_close(gv, gvt)
