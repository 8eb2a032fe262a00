"""kl_divergence and register_kl against torch.distributions.kl."""

import numpy as np
import pytest
from dist_helpers import close, spd

import glassnet
from glassnet.distributions import (
    Bernoulli,
    Independent,
    MultivariateNormal,
    Normal,
    Uniform,
    kl_divergence,
    register_kl,
)

torch = pytest.importorskip("torch")
TD = torch.distributions


def _close(g, t, rtol=1e-9, atol=1e-10):
    close(g, t, rtol=rtol, atol=atol)


def _pair(name, cls_args):
    """The same distribution built in glassnet and in torch, from NumPy parameters."""
    args, kwargs = cls_args
    g = getattr(glassnet.distributions, name)(*[glassnet.tensor(a) for a in args],
                                              **{k: glassnet.tensor(v) for k, v in kwargs.items()})
    t = getattr(TD, name)(*[torch.tensor(a) for a in args], **{k: torch.tensor(v) for k, v in kwargs.items()})
    return g, t


rng = np.random.default_rng(0)
CASES = {
    "Normal": [((rng.standard_normal(3), rng.uniform(0.5, 2, 3)), {}),
               ((rng.standard_normal((2, 1)), rng.uniform(0.5, 2, 3)), {})],
    "Bernoulli": [((), {"probs": np.array([0.0, 0.3, 1.0])}), ((), {"probs": np.array([0.5, 1.0, 0.0])})],
    "Categorical": [((), {"probs": np.array([[0.2, 0.8, 0.0], [0.3, 0.3, 0.4]])}),
                    ((), {"logits": np.array([[0.0, 1.0, 2.0], [1.0, -1.0, 0.5]])})],
    "Uniform": [((np.array([0.0, -1.0, 0.5]), np.array([1.0, 2.0, 1.0])), {}),
                ((np.array([-0.5, -1.0, 0.0]), np.array([1.5, 1.0, 3.0])), {})],
    "MultivariateNormal": [((rng.standard_normal((2, 3)),), {"covariance_matrix": spd(3, (2,), 1)}),
                           ((rng.standard_normal(3),), {"scale_tril": np.linalg.cholesky(spd(3, (), 2))})],
}


@pytest.mark.parametrize("name", list(CASES))
def test_same_family_matches_torch(name):
    (gp, tp), (gq, tq) = (_pair(name, c) for c in CASES[name])
    _close(kl_divergence(gp, gq), TD.kl_divergence(tp, tq))
    _close(kl_divergence(gq, gp), TD.kl_divergence(tq, tp))
    _close(kl_divergence(gp, gp), TD.kl_divergence(tp, tp))


def test_uniform_normal_and_normal_uniform_match_torch():
    gu, tu = _pair("Uniform", CASES["Uniform"][0])
    gn, tn = _pair("Normal", CASES["Normal"][0])
    _close(kl_divergence(gu, gn), TD.kl_divergence(tu, tn))
    _close(kl_divergence(gn, gu), TD.kl_divergence(tn, tu))  # infinite: a normal has mass outside [low, high)


def test_independent_pairs_match_torch():
    (gp, tp), (gq, tq) = (_pair("Normal", c) for c in CASES["Normal"])
    gp, gq = gp.expand((2, 3)), gq.expand((2, 3))
    tp, tq = tp.expand((2, 3)), tq.expand((2, 3))
    _close(kl_divergence(Independent(gp, 1), Independent(gq, 1)),
           TD.kl_divergence(TD.Independent(tp, 1), TD.Independent(tq, 1)))
    with pytest.raises(NotImplementedError):
        kl_divergence(Independent(gp, 1), Independent(gq, 2))


@pytest.mark.parametrize("name", ["Normal", "Categorical", "MultivariateNormal"])
def test_gradients_match_torch(name):
    (args, kwargs), (qargs, qkwargs) = CASES[name]
    gin = [glassnet.tensor(a, requires_grad=True) for a in args] + [glassnet.tensor(v, requires_grad=True)
                                                                    for v in kwargs.values()]
    tin = [torch.tensor(a, requires_grad=True) for a in args] + [torch.tensor(v, requires_grad=True)
                                                                 for v in kwargs.values()]
    keys = list(kwargs)
    gp = getattr(glassnet.distributions, name)(*gin[:len(args)], **dict(zip(keys, gin[len(args):])))
    tp = getattr(TD, name)(*tin[:len(args)], **dict(zip(keys, tin[len(args):])))
    gq, tq = _pair(name, CASES[name][1])
    (kl_divergence(gp, gq).sum() + kl_divergence(gq, gp).sum()).backward()
    (TD.kl_divergence(tp, tq).sum() + TD.kl_divergence(tq, tp).sum()).backward()
    for g, t in zip(gin, tin):
        _close(g.grad, t.grad, 1e-8, 1e-9)


def test_gradcheck_float64():
    gc = glassnet.autograd.gradcheck
    m = glassnet.tensor([0.3, -1.0], dtype=glassnet.float64, requires_grad=True)
    s = glassnet.tensor([0.7, 1.5], dtype=glassnet.float64, requires_grad=True)
    assert gc(lambda a, b: kl_divergence(Normal(a, b), Normal(0.5 * a + 1.0, b * b + 0.5)), [m, s])
    p = glassnet.tensor([0.2, 0.6], dtype=glassnet.float64, requires_grad=True)
    assert gc(lambda x: kl_divergence(Bernoulli(probs=x), Bernoulli(probs=1 - x * x)), [p])
    lo = glassnet.tensor([0.0, -1.0], dtype=glassnet.float64, requires_grad=True)
    assert gc(lambda x: kl_divergence(Uniform(x, x + 2.0), Normal(0.0, 1.0)), [lo])
    a = glassnet.tensor(np.random.default_rng(3).standard_normal((3, 3)), requires_grad=True)
    eye = glassnet.eye(3, dtype=glassnet.float64)
    q = MultivariateNormal(glassnet.zeros(3, dtype=glassnet.float64), covariance_matrix=glassnet.tensor(spd(3)))
    assert gc(lambda x: kl_divergence(MultivariateNormal(glassnet.ones(3, dtype=glassnet.float64),
                                                         covariance_matrix=x @ x.mT + eye), q), [a])


def test_unregistered_pair_raises():
    with pytest.raises(NotImplementedError, match="No KL\\(p \\|\\| q\\) is implemented for p type Bernoulli and q "
                                                  "type Normal"):
        kl_divergence(Bernoulli(0.5), Normal(0.0, 1.0))


def test_mvn_event_shapes_must_agree():
    p = MultivariateNormal(glassnet.zeros(2), glassnet.eye(2))
    q = MultivariateNormal(glassnet.zeros(3), glassnet.eye(3))
    with pytest.raises(ValueError, match="different event shapes"):
        kl_divergence(p, q)


def test_register_kl_picks_the_most_specific_rule():
    class MyNormal(Normal):
        pass

    calls = []
    p, q = MyNormal(0.0, 1.0), Normal(1.0, 2.0)
    _close(kl_divergence(p, q), TD.kl_divergence(TD.Normal(0.0, 1.0), TD.Normal(1.0, 2.0)), 1e-6, 1e-6)

    @register_kl(MyNormal, Normal)
    def _kl_mine(a, b):
        calls.append((a, b))
        return glassnet.tensor(-1.0)

    try:
        assert kl_divergence(p, q).item() == -1.0 and calls == [(p, q)]
        assert kl_divergence(q, p).item() != -1.0  # (Normal, MyNormal) still falls back to Normal-Normal
    finally:
        from glassnet.distributions import kl

        del kl._KL_REGISTRY[MyNormal, Normal]
        kl._KL_MEMOIZE.clear()
    with pytest.raises(TypeError):
        register_kl(int, Normal)
