"""LBFGS matches torch.optim.LBFGS on Rosenbrock and a small regression model, with and without strong Wolfe."""

import numpy as np
import pytest
from optim_helpers import _to_torch_state_dict

import glassnet
from glassnet.optim.line_search import cubic_interpolate


def rosenbrock(xy):
    x, y = xy[0], xy[1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def run_rosenbrock(lib, opt_cls, start, dtype, steps, **kwargs):
    """Minimize Rosenbrock from `start` with `steps` calls of step(closure); the point after each call."""
    p = lib.tensor(np.array(start, dtype=dtype), requires_grad=True)
    opt = opt_cls([p], **kwargs)

    def closure():
        opt.zero_grad()
        loss = rosenbrock(p)
        loss.backward()
        return loss

    path = []
    for _ in range(steps):
        opt.step(closure)
        path.append(np.array(p.detach().numpy() if lib is not glassnet else p._data))
    return np.array(path), opt


# Without a line search, unit steps on Rosenbrock's curved valley amplify last-bit rounding differences
# (about 10x per few iterations; the paths agree to 1e-16 at first): those cases run fewer iterations.
@pytest.mark.parametrize("kwargs, steps", [
    (dict(), 2),
    (dict(max_iter=1), 20),
    (dict(line_search_fn="strong_wolfe"), 8),
    (dict(lr=0.5, history_size=3, max_iter=7), 3),
    (dict(line_search_fn="strong_wolfe", history_size=5, max_iter=10, max_eval=12), 8),
], ids=str)
def test_rosenbrock_trajectory_matches_torch(kwargs, steps):
    torch = pytest.importorskip("torch")
    ours, gopt = run_rosenbrock(glassnet, glassnet.optim.LBFGS, [-1.5, 2.0], "float64", steps, **kwargs)
    theirs, topt = run_rosenbrock(torch, torch.optim.LBFGS, [-1.5, 2.0], "float64", steps, **kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-10)
    g_state, t_state = gopt.state[gopt.param_groups[0]["params"][0]], next(iter(topt.state.values()))
    assert (g_state["func_evals"], g_state["n_iter"]) == (t_state["func_evals"], t_state["n_iter"])


def test_strong_wolfe_reaches_the_rosenbrock_minimum():
    path, _ = run_rosenbrock(glassnet, glassnet.optim.LBFGS, [-1.5, 2.0], "float64", 10,
                             line_search_fn="strong_wolfe")
    np.testing.assert_allclose(path[-1], [1.0, 1.0], atol=1e-5)  # stops when the loss changes < 1e-9


def regression_data(dtype):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(32, 5)).astype(dtype)
    y = (x @ rng.normal(size=(5, 2)) + 0.1 * rng.normal(size=(32, 2))).astype(dtype)
    return x, y, rng.normal(0, 0.3, (5, 2)).astype(dtype), np.zeros(2, dtype)


@pytest.mark.parametrize("line_search_fn, dtype, rtol", [
    (None, "float64", 1e-7), ("strong_wolfe", "float64", 1e-7),
    (None, "float32", 1e-4), ("strong_wolfe", "float32", 1e-4),
])
def test_regression_model_matches_torch(line_search_fn, dtype, rtol):
    torch = pytest.importorskip("torch")
    x, y, w0, b0 = regression_data(dtype)

    def fit(lib):
        w, b = lib.tensor(w0.copy(), requires_grad=True), lib.tensor(b0.copy(), requires_grad=True)
        xt, yt = lib.tensor(x), lib.tensor(y)
        opt = lib.optim.LBFGS([w, b], lr=0.8, max_iter=5, history_size=4, line_search_fn=line_search_fn)

        def closure():
            opt.zero_grad()
            loss = ((xt @ w + b - yt) ** 2).mean()
            loss.backward()
            return loss

        losses = [opt.step(closure).item() for _ in range(4)]
        return losses, np.array(w.detach().numpy()), np.array(b.detach().numpy())

    (gl, gw, gb), (tl, tw, tb) = fit(glassnet), fit(torch)
    assert gw.dtype == tw.dtype == np.dtype(dtype)
    np.testing.assert_allclose(gl, tl, rtol=rtol)
    np.testing.assert_allclose(gw, tw, rtol=rtol, atol=rtol * 1e-3)
    np.testing.assert_allclose(gb, tb, rtol=rtol, atol=rtol * 1e-3)
    assert gl[-1] < gl[0] / 10


def test_state_dict_cross_loads_with_torch():
    torch = pytest.importorskip("torch")
    _, topt = run_rosenbrock(torch, torch.optim.LBFGS, [-1.5, 2.0], "float64", 2, max_iter=4)
    tp = topt.param_groups[0]["params"][0]
    gp = glassnet.tensor(tp.detach().numpy().copy(), requires_grad=True)
    gopt = glassnet.optim.LBFGS([gp], max_iter=4)
    gopt.load_state_dict(topt.state_dict())
    assert gopt.state_dict()["state"][0].keys() == topt.state_dict()["state"][0].keys()

    def step_both(g_opt, g_param, t_opt, t_param):
        def g_closure():
            g_opt.zero_grad()
            loss = rosenbrock(g_param)
            loss.backward()
            return loss

        def t_closure():
            t_opt.zero_grad()
            loss = rosenbrock(t_param)
            loss.backward()
            return loss

        g_opt.step(g_closure)
        t_opt.step(t_closure)
        np.testing.assert_allclose(g_param._data, t_param.detach().numpy(), rtol=1e-7)

    step_both(gopt, gp, topt, tp)
    tp2 = torch.tensor(gp._data.copy(), requires_grad=True)
    topt2 = torch.optim.LBFGS([tp2], max_iter=4)
    topt2.load_state_dict(_to_torch_state_dict(torch, gopt.state_dict()))
    step_both(gopt, gp, topt2, tp2)


def test_converged_step_returns_at_once():
    p = glassnet.tensor([1.0, 1.0], dtype=glassnet.float64, requires_grad=True)
    opt = glassnet.optim.LBFGS([p])
    calls = []

    def closure():
        calls.append(1)
        opt.zero_grad()
        loss = rosenbrock(p)
        loss.backward()
        return loss

    assert opt.step(closure).item() == 0.0
    assert len(calls) == 1 and p._data.tolist() == [1.0, 1.0]


def test_cubic_interpolate_finds_a_cubics_minimum():
    # f(x) = x^3 - 3x has its local minimum at x = 1; f' = 3x^2 - 3
    f, df = (lambda x: x**3 - 3 * x), (lambda x: 3 * x**2 - 3)
    assert cubic_interpolate(0.0, f(0.0), df(0.0), 2.0, f(2.0), df(2.0)) == pytest.approx(1.0)
    assert cubic_interpolate(0.0, f(0.0), df(0.0), 2.0, f(2.0), df(2.0), bounds=(1.5, 2.0)) == 1.5


def test_defaults_match_pytorch():
    g = glassnet.optim.LBFGS([glassnet.zeros(2, requires_grad=True)]).param_groups[0]
    assert (g["lr"], g["max_iter"], g["max_eval"], g["tolerance_grad"], g["tolerance_change"], g["history_size"],
            g["line_search_fn"]) == (1, 20, 25, 1e-7, 1e-9, 100, None)


def test_errors():
    p = glassnet.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match="Invalid learning rate: -1"):
        glassnet.optim.LBFGS([p], lr=-1)
    with pytest.raises(ValueError, match="doesn't support per-parameter options"):
        glassnet.optim.LBFGS([dict(params=[p]), dict(params=[glassnet.zeros(1, requires_grad=True)])])
    opt = glassnet.optim.LBFGS([p])
    with pytest.raises(ValueError, match="doesn't support per-parameter options"):
        opt.add_param_group(dict(params=[glassnet.zeros(1, requires_grad=True)]))
    with pytest.raises(RuntimeError, match="requires a closure"):
        opt.step()

    def closure():
        loss = (p * glassnet.tensor([1.0, 2.0])).sum()
        opt.zero_grad()
        loss.backward()
        return loss

    with pytest.raises(RuntimeError, match="only 'strong_wolfe' is supported"):
        glassnet.optim.LBFGS([p], line_search_fn="backtracking").step(closure)


def test_checkpoint_through_glassnet_save_resumes_exactly():
    import io

    straight, _ = run_rosenbrock(glassnet, glassnet.optim.LBFGS, [-1.5, 2.0], "float64", 4, max_iter=3)
    path, opt = run_rosenbrock(glassnet, glassnet.optim.LBFGS, [-1.5, 2.0], "float64", 2, max_iter=3)
    buf = io.BytesIO()
    glassnet.save(opt.state_dict(), buf)
    buf.seek(0)
    resumed, _ = run_rosenbrock(glassnet, _resumed_lbfgs(glassnet.load(buf)), path[-1], "float64", 2, max_iter=3)
    np.testing.assert_array_equal(resumed, straight[2:])


def _resumed_lbfgs(state_dict):
    """An LBFGS class whose instances start from ``state_dict``."""
    class Resumed(glassnet.optim.LBFGS):
        def __init__(self, params, **kwargs):
            super().__init__(params, **kwargs)
            self.load_state_dict(state_dict)

    return Resumed
