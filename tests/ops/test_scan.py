"""ops/scan.py via glassnet.cumsum/cumprod/cummax/cummin/logcumsumexp, std_mean/var_mean, and the
axis=/keepdims= aliases, against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
from glassnet.autograd import gradgradcheck

torch = pytest.importorskip("torch")

SCANS = ["cumsum", "cumprod", "logcumsumexp"]


@pytest.mark.parametrize("name", SCANS)
@pytest.mark.parametrize("dim", [0, 1, -1, -3])
def test_scan_parity_and_gradcheck(name, dim):
    x = rand_array((3, 4, 5))
    check_parity(lambda t: getattr(glassnet, name)(t, dim), lambda t: getattr(torch, name)(t, dim), [x])
    check_parity(lambda t: getattr(t, name)(dim=dim), lambda t: getattr(t, name)(dim=dim), [x])
    check_gradcheck(lambda t: getattr(glassnet, name)(t, dim), [x[:2, :3, :3]])


@pytest.mark.parametrize("name", SCANS)
def test_scan_double_backward(name):
    x = glassnet.tensor(rand_array((2, 4), "away0").astype(np.float64), requires_grad=True)
    assert gradgradcheck(lambda t: getattr(glassnet, name)(t * t, 1), [x])


@pytest.mark.parametrize("row", [[2.0, 0.0, 3.0, 4.0], [0.0, 2.0, 0.0, 5.0], [1.5, 2.0, 3.0, 0.0],
                                 [0.0, 0.0, 0.0, 0.0]])
def test_cumprod_gradient_with_zeros(row):
    x = np.array([row, row[::-1]], dtype=np.float64)
    check_parity(lambda t: glassnet.cumprod(t, 1), lambda t: torch.cumprod(t, 1), [x])
    check_gradcheck(lambda t: glassnet.cumprod(t, 1), [x])
    t = glassnet.tensor(x, requires_grad=True)
    assert gradgradcheck(lambda a: glassnet.cumprod(a, 1), [t])


def test_logcumsumexp_is_stable_for_large_and_tiny_values():
    x = np.array([[-1000.0, 0.0, 1000.0, -np.inf], [800.0, 800.0, -800.0, 1.0]], np.float32)
    check_parity(lambda t: glassnet.logcumsumexp(t, 1), lambda t: torch.logcumsumexp(t, 1), [x])
    with pytest.raises(NotImplementedError, match="'Long'"):
        glassnet.logcumsumexp(glassnet.tensor([1, 2]), 0)


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.bool_, np.uint8, np.float64])
def test_cumsum_cumprod_dtypes(dtype):
    x = (np.arange(6).reshape(2, 3) % 3).astype(dtype)
    for name in ("cumsum", "cumprod"):
        assert_close(getattr(glassnet, name)(glassnet.tensor(x), 1), getattr(torch, name)(torch.tensor(x), 1))
        assert_close(getattr(glassnet, name)(glassnet.tensor(x), 0, dtype=glassnet.float64),
                     getattr(torch, name)(torch.tensor(x), 0, dtype=torch.float64))


def test_scans_on_0d_and_empty_and_bad_dim():
    for name in SCANS + ["cummax", "cummin"]:
        g, t = getattr(glassnet, name), getattr(torch, name)
        gz, tz = g(glassnet.tensor(2.5), 0), t(torch.tensor(2.5), 0)
        ge, te = g(glassnet.zeros(0, 3), 0), t(torch.zeros(0, 3), 0)
        if name in ("cummax", "cummin"):
            for a, b in zip(gz + ge, tz + te):
                assert_close(a, b)
        else:
            assert_close(gz, tz)
            assert_close(ge, te)
        with pytest.raises(IndexError, match="Dimension out of range"):
            g(glassnet.zeros(2, 3), 2)


@pytest.mark.parametrize("name", ["cummax", "cummin"])
def test_cummax_cummin_ties_nan_and_gradient(name):
    nan = float("nan")
    x = np.array([[1.0, 3.0, 3.0, 2.0, nan, 5.0, nan, 1.0], [2.0, 1.0, 1.0, 4.0, 0.0, 0.0, 7.0, -1.0]], np.float32)
    check_parity(lambda t: getattr(glassnet, name)(t, 1), lambda t: getattr(torch, name)(t, 1), [x])
    check_parity(lambda t: getattr(t, name)(0), lambda t: getattr(t, name)(0), [x[:, :4]])
    ints = np.array([3, 1, 1, 4, 4, 0])
    check_parity(lambda t: getattr(glassnet, name)(t, 0), lambda t: getattr(torch, name)(t, 0), [ints])
    check_gradcheck(lambda t: getattr(glassnet, name)(t, 1).values, [rand_array((2, 5))])
    out = getattr(glassnet, name)(glassnet.ones(3), 0)
    assert type(out).__name__ == name and out._fields == ("values", "indices")


@pytest.mark.parametrize("name", ["std_mean", "var_mean"])
@pytest.mark.parametrize("kw", [{}, {"dim": 1}, {"dim": (0, 2), "keepdim": True}, {"dim": -1, "correction": 0},
                                {"dim": 1, "unbiased": False}])
def test_std_mean_var_mean(name, kw):
    x = rand_array((3, 4, 5))
    check_parity(lambda t: getattr(glassnet, name)(t, **kw), lambda t: getattr(torch, name)(t, **kw), [x])
    check_gradcheck(lambda t: getattr(glassnet, name)(t, **kw), [x[:2, :3, :2]])


ALIASED = ["sum", "mean", "amax", "amin", "prod", "std", "var", "logsumexp", "cumsum", "argmax", "argmin",
           "any", "all", "max", "min", "median", "var_mean"]


@pytest.mark.parametrize("name", ALIASED)
def test_axis_and_keepdims_aliases(name):
    x = rand_array((3, 4))
    kw = {"axis": 1} if name == "cumsum" else {"axis": 1, "keepdims": True}
    pairs = [(getattr(glassnet, name), getattr(torch, name))]
    if hasattr(torch.Tensor, name):
        pairs.append((lambda t, **k: getattr(t, name)(**k), lambda t, **k: getattr(t, name)(**k)))
    for gfn, tfn in pairs:
        g, t = gfn(glassnet.tensor(x), **kw), tfn(torch.tensor(x), **kw)
        for a, b in zip(g if isinstance(g, tuple) else (g,), t if isinstance(t, tuple) else (t,)):
            assert_close(a, b)
    with pytest.raises(TypeError, match="alias"):
        getattr(glassnet, name)(glassnet.tensor(x), dim=0, axis=0)


NAN_INPUT = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, np.nan], [np.nan, np.nan, np.nan]], np.float32)


@pytest.mark.parametrize("kw", [{}, {"dim": 1}, {"dim": 0, "keepdim": True}])
def test_nansum_nanmean(kw):
    for name in ("nansum", "nanmean"):
        check_parity(lambda t, n=name: getattr(glassnet, n)(t, **kw), lambda t, n=name: getattr(torch, n)(t, **kw),
                     [NAN_INPUT[:2]])
        # an all-NaN row: same values (PyTorch's gradient there is NaN, glassnet's 0)
        check_parity(lambda t, n=name: getattr(glassnet, n)(t, **kw), lambda t, n=name: getattr(torch, n)(t, **kw),
                     [NAN_INPUT], grad=False)
        check_parity(lambda t, n=name: getattr(t, n)(**kw), lambda t, n=name: getattr(t, n)(**kw), [rand_array((3, 4))])
    assert_close(glassnet.nansum(glassnet.tensor([1, 2])), torch.nansum(torch.tensor([1, 2])))


def test_count_nonzero_aminmax_trace_bincount():
    x = np.array([[0, 1, 2], [3, 0, 0]])
    for kw in ({}, {"dim": 0}, {"dim": (0, 1)}):
        assert_close(glassnet.count_nonzero(glassnet.tensor(x), **kw), torch.count_nonzero(torch.tensor(x), **kw))
    f = rand_array((3, 4))
    for kw in ({}, {"dim": 1}, {"dim": 0, "keepdim": True}):
        check_parity(lambda t, k=kw: glassnet.aminmax(t, **k), lambda t, k=kw: torch.aminmax(t, **k), [f])
    assert type(glassnet.aminmax(glassnet.tensor(f))).__name__ == "aminmax"
    check_parity(glassnet.trace, torch.trace, [f])
    check_parity(lambda t: t.trace(), lambda t: t.trace(), [np.arange(9).reshape(3, 3)])
    with pytest.raises(RuntimeError, match="trace: expected a matrix"):
        glassnet.trace(glassnet.ones(2, 2, 2))
    b = np.array([0, 2, 2, 5])
    check_parity(glassnet.bincount, torch.bincount, [b])
    check_parity(lambda t, w: glassnet.bincount(t, w, minlength=8), lambda t, w: torch.bincount(t, w, minlength=8),
                 [b, np.array([0.5, 1.0, 2.0, -1.0], np.float32)], grad=False)
    check_parity(lambda t, w: t.bincount(w), lambda t, w: t.bincount(w), [b, np.array([1, 2, 3, 4])])
    with pytest.raises(RuntimeError, match="non-negative integral"):
        glassnet.bincount(glassnet.tensor([-1]))
    with pytest.raises(RuntimeError, match="no identity"):
        glassnet.aminmax(glassnet.ones(0))
