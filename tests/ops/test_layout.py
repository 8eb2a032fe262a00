"""index_functions.py's layout functions: tril/triu, diagonal/diag/diag_embed, roll, flip, narrow,
Tensor.unfold, repeat_interleave, against PyTorch (values, gradients, errors)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet

torch = pytest.importorskip("torch")

# name -> (call, input shape): each run as glassnet.NAME / torch.NAME or as the method
CASES = {
    "tril": (lambda m, x: m.tril(x), (4, 5)),
    "tril_k": (lambda m, x: m.tril(x, -1), (2, 4, 3)),
    "triu": (lambda m, x: m.triu(x), (4, 5)),
    "triu_k": (lambda m, x: m.triu(x, diagonal=2), (3, 3, 4)),
    "diagonal": (lambda m, x: m.diagonal(x), (4, 5)),
    "diagonal_off": (lambda m, x: m.diagonal(x, 1, 2, 0), (3, 4, 5)),
    "diagonal_neg": (lambda m, x: m.diagonal(x, offset=-2, dim1=-1, dim2=-2), (2, 4, 5)),
    "diag_1d": (lambda m, x: m.diag(x), (4,)),
    "diag_1d_k": (lambda m, x: m.diag(x, -2), (3,)),
    "diag_2d": (lambda m, x: m.diag(x, 1), (3, 4)),
    "diag_embed": (lambda m, x: m.diag_embed(x), (2, 3)),
    "diag_embed_off": (lambda m, x: m.diag_embed(x, 1, 0, 2), (2, 3)),
    "roll": (lambda m, x: m.roll(x, 2), (3, 4)),
    "roll_dims": (lambda m, x: m.roll(x, (1, -3), (0, -1)), (3, 4)),
    "flip": (lambda m, x: m.flip(x, (0, -1)), (3, 4)),
    "fliplr": (lambda m, x: m.fliplr(x), (3, 4)),
    "flipud": (lambda m, x: m.flipud(x), (3, 4)),
    "narrow": (lambda m, x: m.narrow(x, 1, 1, 2), (3, 4)),
    "narrow_neg": (lambda m, x: m.narrow(x, -1, -3, 3), (3, 4)),
    "repeat_interleave": (lambda m, x: m.repeat_interleave(x, 2), (2, 3)),
    "repeat_interleave_dim": (lambda m, x: m.repeat_interleave(x, 3, dim=1), (2, 3)),
}


@pytest.mark.parametrize("name", CASES)
def test_layout_function_and_method(name):
    call, shape = CASES[name]
    x = rand_array(shape)
    check_parity(lambda t: call(glassnet, t), lambda t: call(torch, t), [x])
    check_gradcheck(lambda t: call(glassnet, t), [x])


class _MethodNS:
    """Calls NAME(x, ...) as x.NAME(...), to run the same cases through Tensor methods."""

    def __getattr__(self, name):
        return lambda x, *a, **k: getattr(x, name)(*a, **k)


@pytest.mark.parametrize("name", CASES)
def test_layout_methods(name):
    call, shape = CASES[name]
    check_parity(lambda t: call(_MethodNS(), t), lambda t: call(_MethodNS(), t), [rand_array(shape)])


@pytest.mark.parametrize("dtype", [np.int64, np.bool_])
def test_layout_integer_and_bool(dtype):
    x = (np.arange(12).reshape(3, 4) % 2).astype(dtype)
    for name in ("tril", "triu", "diagonal", "flip", "roll", "repeat_interleave"):
        call, _ = CASES[name]
        assert_close(call(glassnet, glassnet.tensor(x)), call(torch, torch.tensor(x)))


def test_repeat_interleave_tensor_repeats_and_counts_only():
    x = rand_array((3, 2))
    check_parity(lambda t, r: glassnet.repeat_interleave(t, r, dim=0),
                 lambda t, r: torch.repeat_interleave(t, r, dim=0), [x, np.array([1, 0, 3])])
    assert_close(glassnet.repeat_interleave(glassnet.tensor([2, 1])), torch.repeat_interleave(torch.tensor([2, 1])))
    with pytest.raises(RuntimeError, match="repeats must have the same size"):
        glassnet.repeat_interleave(glassnet.tensor(x), glassnet.tensor([1, 2]), dim=0)


@pytest.mark.parametrize("dim,size,step", [(0, 2, 1), (1, 3, 2), (-1, 3, 1), (1, 1, 3), (1, 4, 1)])
def test_tensor_unfold(dim, size, step):
    x = rand_array((2, 3, 4)).transpose(0, 2, 1).copy()  # (2, 4, 3), not contiguous at first
    check_parity(lambda t: t.unfold(dim, size, step), lambda t: t.unfold(dim, size, step), [x])
    check_gradcheck(lambda t: t.unfold(dim, size, step), [x])  # overlapping windows add up
    with pytest.raises(RuntimeError, match="maximum size for tensor at dimension"):
        glassnet.ones(5).unfold(0, 6, 1)


def test_layout_errors_and_edges():
    with pytest.raises(RuntimeError, match="exceeds dimension size"):
        glassnet.zeros(3, 4).narrow(1, 3, 2)
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        glassnet.tril(glassnet.ones(3))
    with pytest.raises(RuntimeError, match="diagonal dimensions cannot be identical"):
        glassnet.ones(2, 2).diagonal(0, 1, 1)
    with pytest.raises(RuntimeError, match="shifts and dimensions must align"):
        glassnet.roll(glassnet.ones(2, 2), (1, 2), 0)
    assert_close(glassnet.zeros(0, 3).tril(), torch.zeros(0, 3).tril())
    assert_close(glassnet.ones(2, 3).diagonal(5), torch.ones(2, 3).diagonal(5))
    assert_close(glassnet.roll(glassnet.zeros(0), 1, 0), torch.roll(torch.zeros(0), 1, 0))
    y = glassnet.tensor([1.0, 2.0, 3.0])
    f = y.flip(0)
    f[0] = 10.0
    assert y.tolist() == [1.0, 2.0, 3.0], "flip returns a copy, as in PyTorch"


@pytest.mark.parametrize("k,dims", [(1, (0, 1)), (-1, (1, 0)), (2, (0, 1)), (3, (0, 2)), (4, (1, 2)), (5, (-1, 0))])
def test_rot90(k, dims):
    x = rand_array((2, 3, 4))
    check_parity(lambda t: glassnet.rot90(t, k, dims), lambda t: torch.rot90(t, k, dims), [x])
    check_parity(lambda t: t.rot90(k, dims), lambda t: t.rot90(k, dims), [np.arange(24).reshape(2, 3, 4)])
    check_gradcheck(lambda t: glassnet.rot90(t, k, dims), [x])


@pytest.mark.parametrize("kw", [{}, {"n": 2}, {"dim": 0}, {"dim": 0, "prepend": "zeros"}, {"append": "ones", "n": 3}])
def test_diff(kw):
    x = rand_array((3, 4))
    extra = {k: (np.zeros((1, 4), np.float32) if kw.get("dim") == 0 else np.ones((3, 1), np.float32))
             for k in ("prepend", "append") if k in kw}
    plain = {k: v for k, v in kw.items() if k not in extra}
    check_parity(lambda t, *e: glassnet.diff(t, **plain, **dict(zip(extra, e))),
                 lambda t, *e: torch.diff(t, **plain, **dict(zip(extra, e))), [x] + list(extra.values()))
    check_gradcheck(lambda t: t.diff(**plain), [x])
    assert_close(glassnet.diff(glassnet.tensor([True, False, False])), torch.diff(torch.tensor([True, False, False])))
    assert_close(glassnet.tensor([1, 4, 9, 16]).diff(n=2), torch.tensor([1, 4, 9, 16]).diff(n=2))
