"""The PutInto op (ops/scatter_more.py) behind the scatter family, anomaly detection, and the linalg aliases."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity

import glassnet
from glassnet.ops.scatter_more import PutInto

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(1)


def test_put_into_gradients_overwrite_and_accumulate():
    base, vals = RNG.normal(size=(4, 3)), RNG.normal(size=(2, 3))
    idx = (np.array([3, 1]),)
    check_gradcheck(lambda b, v: PutInto.apply(b, v, idx, False), [base, vals])
    check_gradcheck(lambda b, v: PutInto.apply(b, v, (np.array([1, 1]),), True), [base, vals])
    check_gradcheck(lambda b, v: PutInto.apply(b, v, (slice(1, 3), 0), False), [base, vals[0, :2]])


def test_put_into_double_backward_matches_torch():
    base, vals = RNG.normal(size=(4, 3)), RNG.normal(size=(2, 3))
    gb, gv = glassnet.tensor(base, requires_grad=True), glassnet.tensor(vals, requires_grad=True)
    tb, tv = torch.tensor(base, requires_grad=True), torch.tensor(vals, requires_grad=True)
    idx = np.array([0, 2])
    g_out = glassnet.index_copy(gb * gb, 0, glassnet.tensor(idx), gv * gv)
    t_out = torch.index_copy(tb * tb, 0, torch.tensor(idx), tv * tv)
    (g1, g2) = glassnet.autograd.grad((g_out ** 2).sum(), [gb, gv], create_graph=True)
    (t1, t2) = torch.autograd.grad((t_out ** 2).sum(), [tb, tv], create_graph=True)
    (g1.sum() + g2.sum()).backward()
    (t1.sum() + t2.sum()).backward()
    assert_close(gb.grad, tb.grad)
    assert_close(gv.grad, tv.grad)


def test_index_put_broadcasts_values_and_keeps_input_unchanged():
    x = glassnet.zeros(3, 4)
    out = x.index_put((glassnet.tensor([0, 2]),), glassnet.tensor([1.0, 2.0, 3.0, 4.0]))
    expected = torch.zeros(3, 4).index_put((torch.tensor([0, 2]),), torch.tensor([1.0, 2.0, 3.0, 4.0]))
    assert_close(out, expected)
    assert x.sum().item() == 0


def test_index_errors_name_the_op():
    with pytest.raises(IndexError, match="index_copy"):
        glassnet.zeros(3).index_copy(0, glassnet.tensor([0.5]), glassnet.ones(1))
    with pytest.raises(IndexError, match="take"):
        glassnet.zeros(3).take(glassnet.tensor([3]))
    with pytest.raises(RuntimeError, match="masked_scatter"):
        glassnet.zeros(3).masked_scatter(glassnet.tensor([1, 0, 1]), glassnet.ones(3))
    with pytest.raises(RuntimeError, match="diagonal_scatter"):
        glassnet.zeros(3, 3).diagonal_scatter(glassnet.ones(2))


def test_detect_anomaly_names_the_op_that_made_nan():
    x = glassnet.tensor([-1.0, 2.0], requires_grad=True)
    with glassnet.autograd.detect_anomaly():
        assert glassnet.is_anomaly_enabled()
        y = (x.sqrt() * 0).sum()  # sqrt(-1) is nan, and its gradient 0 * inf is nan too
        with pytest.raises(RuntimeError, match="returned nan values in its 0th output") as err:
            y.backward()
        # the forward stack points at the line above, in this file
        assert "test_more_ops.py" in str(err.value) and "x.sqrt() * 0" in str(err.value)
    assert not glassnet.is_anomaly_enabled()
    # without anomaly mode the nan flows silently into .grad, as in torch
    (x.sqrt() * 0).sum().backward()
    assert np.isnan(x.grad.numpy()[0])


def test_set_detect_anomaly_and_decorator():
    with glassnet.autograd.set_detect_anomaly(True, check_nan=False):
        assert glassnet.is_anomaly_enabled() and not glassnet.is_anomaly_check_nan_enabled()
        x = glassnet.tensor([-1.0], requires_grad=True)
        (x.sqrt() * 0).sum().backward()  # check_nan=False: no error
    assert not glassnet.is_anomaly_enabled()

    @glassnet.autograd.detect_anomaly()
    def inside() -> bool:
        return glassnet.is_anomaly_enabled()

    assert inside() and not glassnet.is_anomaly_enabled()
    glassnet.set_anomaly_enabled(True)
    assert glassnet.is_anomaly_enabled()
    glassnet.set_anomaly_enabled(False)


def _need_linalg(name: str) -> None:
    try:
        import glassnet.linalg as la
    except ImportError:
        pytest.skip("glassnet.linalg is not in this branch yet")
    if not hasattr(la, name):
        pytest.skip(f"glassnet.linalg.{name} is not in this branch yet")


@pytest.mark.parametrize("name", ["det", "logdet", "inverse", "pinverse", "matrix_exp"])
def test_linalg_aliases(name):
    _need_linalg({"logdet": "slogdet", "inverse": "inv", "pinverse": "pinv"}.get(name, name))
    a = RNG.normal(size=(3, 3)) + 3 * np.eye(3)
    assert_close(getattr(glassnet.tensor(a), name)(), getattr(torch.tensor(a), name)(), rtol=1e-6)


def test_cholesky_solve_and_inverse():
    _need_linalg("solve_triangular")
    a = RNG.normal(size=(3, 3))
    spd = a @ a.T + 3 * np.eye(3)
    low = np.linalg.cholesky(spd)
    b = RNG.normal(size=(3, 2))
    assert_close(glassnet.cholesky_solve(glassnet.tensor(b), glassnet.tensor(low)),
                 torch.cholesky_solve(torch.tensor(b), torch.tensor(low)))
    assert_close(glassnet.cholesky_solve(glassnet.tensor(b), glassnet.tensor(low.T.copy()), upper=True),
                 torch.cholesky_solve(torch.tensor(b), torch.tensor(low.T.copy()), upper=True))
    assert_close(glassnet.tensor(low).cholesky_inverse(), torch.tensor(low).cholesky_inverse())


@pytest.mark.parametrize("scale", [0.1, 1.0, 5.0])
def test_matrix_exp_values_and_gradients_match_torch(scale):
    a = RNG.normal(size=(2, 3, 3)) * scale
    check_parity(lambda x: x.matrix_exp(), lambda x: x.matrix_exp(), [a], rtol=1e-9, atol=1e-9)
    check_parity(glassnet.matrix_exp, torch.matrix_exp, [a[0].astype(np.float32)], rtol=1e-4, atol=1e-4)


def test_matrix_exp_gradcheck_and_edge_cases():
    check_gradcheck(glassnet.matrix_exp, [RNG.normal(size=(3, 3))])
    assert_close(glassnet.matrix_exp(glassnet.zeros(2, 2)), torch.matrix_exp(torch.zeros(2, 2)))
    assert glassnet.matrix_exp(glassnet.zeros(0, 2, 2)).shape == (0, 2, 2)
    with pytest.raises(RuntimeError, match="square"):
        glassnet.matrix_exp(glassnet.zeros(2, 3))


def test_histogramdd_matches_torch():
    pts = RNG.normal(size=(50, 2))
    w = RNG.random(50)
    for kwargs in ({"bins": [3, 4]}, {"bins": 5, "range": [-1.0, 1.0, -2.0, 2.0], "density": True}):
        g = glassnet.histogramdd(glassnet.tensor(pts), **kwargs, weight=glassnet.tensor(w))
        t = torch.histogramdd(torch.tensor(pts), **kwargs, weight=torch.tensor(w))
        assert_close(g.hist, t.hist)
        for ge, te in zip(g.bin_edges, t.bin_edges):
            assert_close(ge, te)


def test_poisson_and_binomial_draws():
    glassnet.manual_seed(0)
    rates = glassnet.full((20000,), 3.0)
    draws = glassnet.poisson(rates)
    assert draws.dtype == glassnet.float32 and abs(draws.mean().item() - 3.0) < 0.05
    again = glassnet.poisson(rates, generator=glassnet.Generator().manual_seed(1))
    assert again.tolist() == glassnet.poisson(rates, generator=glassnet.Generator().manual_seed(1)).tolist()
    b = glassnet.binomial(glassnet.full((20000,), 10.0), glassnet.full((20000,), 0.3))
    assert b.dtype == glassnet.float32 and abs(b.mean().item() - 3.0) < 0.05 and b.max().item() <= 10
    with pytest.raises(RuntimeError, match="non-negative"):
        glassnet.poisson(glassnet.tensor([-1.0]))
    with pytest.raises(RuntimeError, match="prob"):
        glassnet.binomial(glassnet.tensor([3.0]), glassnet.tensor([1.5]))


@pytest.mark.cpu_only  # get_device is -1 on the CPU only
def test_module_level_adjoint_get_device_is_inference():
    a = RNG.normal(size=(2, 3, 4))
    assert_close(glassnet.adjoint(glassnet.tensor(a)), torch.adjoint(torch.tensor(a)))
    assert glassnet.get_device(glassnet.zeros(1)) == torch.get_device(torch.zeros(1)) == -1
    assert glassnet.is_inference(glassnet.zeros(1)) is torch.is_inference(torch.zeros(1)) is False


@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_index_reduce_values_and_gradients_match_torch(reduce, include_self):
    base = np.round(RNG.normal(size=(4, 3)), 1)
    src = np.round(RNG.normal(size=(5, 3)), 1)
    base[1, 0] = src[0, 0] = src[2, 0]  # ties for amax/amin
    base[2, 1] = 0.0  # zeros for prod
    src[3, 2] = 0.0
    src[1, 2] = 0.0
    idx = np.array([1, 2, 1, 2, 2])

    def g_fn(b, s):
        return b.index_reduce(0, glassnet.tensor(idx), s, reduce, include_self=include_self)

    def t_fn(b, s):
        return b.index_reduce(0, torch.tensor(idx), s, reduce, include_self=include_self)

    check_parity(g_fn, t_fn, [base, src])


@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
def test_index_reduce_gradcheck(reduce):
    base, src = RNG.normal(size=(4, 3)), RNG.normal(size=(3, 3))
    idx = glassnet.tensor([3, 0, 3])
    check_gradcheck(lambda b, s: glassnet.index_reduce(b, 0, idx, s, reduce), [base, src])
    check_gradcheck(lambda b, s: b.index_reduce(1, glassnet.tensor([0, 0]), s, reduce, include_self=False),
                    [base, RNG.normal(size=(4, 2))])


def test_index_reduce_integer_and_errors():
    x = glassnet.tensor([[1, 2], [3, 4]])
    t = torch.tensor([[1, 2], [3, 4]])
    for reduce in ("mean", "amax", "prod"):
        assert_close(x.index_reduce(0, glassnet.tensor([0, 0]), glassnet.tensor([[5, 6], [7, 9]]), reduce),
                     t.index_reduce(0, torch.tensor([0, 0]), torch.tensor([[5, 6], [7, 9]]), reduce))
    with pytest.raises(IndexError, match="number of indices"):
        x.index_reduce(0, glassnet.tensor([0]), glassnet.tensor([[5, 6], [7, 9]]), "mean")


def test_index_reduce_double_backward_mean_and_prod_refusal():
    base, src = RNG.normal(size=(3, 2)), RNG.normal(size=(2, 2))
    idx = np.array([0, 0])
    gb, gsrc = glassnet.tensor(base, requires_grad=True), glassnet.tensor(src, requires_grad=True)
    tb, tsrc = torch.tensor(base, requires_grad=True), torch.tensor(src, requires_grad=True)
    g_out = (gb * gb).index_reduce(0, glassnet.tensor(idx), gsrc * gsrc, "mean")
    t_out = (tb * tb).index_reduce(0, torch.tensor(idx), tsrc * tsrc, "mean")
    (g1,) = glassnet.autograd.grad((g_out ** 2).sum(), gsrc, create_graph=True)
    (t1,) = torch.autograd.grad((t_out ** 2).sum(), tsrc, create_graph=True)
    g1.sum().backward()
    t1.sum().backward()
    assert_close(gb.grad, tb.grad)
    p = gb.index_reduce(0, glassnet.tensor(idx), gsrc, "prod").sum()
    with pytest.raises(NotImplementedError, match="double backward"):
        glassnet.autograd.grad(p, gsrc, create_graph=True)
