"""Independent against torch.distributions.Independent."""

import numpy as np
import pytest
from dist_helpers import close

import glassnet
from glassnet.distributions import Bernoulli, Independent, Normal

torch = pytest.importorskip("torch")
TD = torch.distributions


LOC = np.random.default_rng(0).standard_normal((2, 3, 4))
SCALE = np.random.default_rng(1).uniform(0.5, 2.0, (2, 3, 4))


@pytest.mark.parametrize("ndims", [0, 1, 2, 3])
def test_shapes_and_values_match_torch(ndims):
    g = Independent(Normal(glassnet.tensor(LOC), glassnet.tensor(SCALE)), ndims)
    t = TD.Independent(TD.Normal(torch.tensor(LOC), torch.tensor(SCALE)), ndims)
    assert g.batch_shape == t.batch_shape and g.event_shape == t.event_shape
    assert g.sample((5,)).shape == t.sample((5,)).shape
    value = np.random.default_rng(2).standard_normal((2, 3, 4))
    close(g.log_prob(glassnet.tensor(value)), t.log_prob(torch.tensor(value)), 1e-10, 1e-10)
    close(g.entropy(), t.entropy(), 1e-10, 1e-10)
    for name in ("mean", "mode", "variance", "stddev"):
        close(getattr(g, name), getattr(t, name))
    assert g.has_rsample == t.has_rsample


def test_log_prob_gradient_and_rsample():
    loc = glassnet.tensor(LOC, requires_grad=True)
    tl = torch.tensor(LOC, requires_grad=True)
    value = np.random.default_rng(2).standard_normal((2, 3, 4))
    Independent(Normal(loc, glassnet.tensor(SCALE)), 2).log_prob(glassnet.tensor(value)).sum().backward()
    TD.Independent(TD.Normal(tl, torch.tensor(SCALE)), 2).log_prob(torch.tensor(value)).sum().backward()
    close(loc.grad, tl.grad, 1e-10, 1e-10)
    x = Independent(Normal(loc, glassnet.tensor(SCALE)), 1).rsample((3,))
    assert x.shape == (3, 2, 3, 4) and x.requires_grad


def test_errors_and_enumeration():
    base = Bernoulli(glassnet.tensor([[0.2, 0.7]]))
    with pytest.raises(ValueError, match=r"reinterpreted_batch_ndims <= len\(base_distribution.batch_shape\)"):
        Independent(base, 3)
    flat = Independent(base, 0)
    assert flat.has_enumerate_support
    assert flat.enumerate_support().shape == (2, 1, 2)
    one = Independent(base, 1)
    assert not one.has_enumerate_support
    with pytest.raises(NotImplementedError, match="cartesian product"):
        one.enumerate_support()
    with pytest.raises(ValueError, match="support"):
        one.log_prob(glassnet.tensor([[0.5, 1.0]]))
    assert repr(one.support) == repr(TD.Independent(TD.Bernoulli(torch.tensor([[0.2, 0.7]])), 1).support)


def test_expand():
    g = Independent(Normal(glassnet.zeros(3), glassnet.ones(3)), 1).expand((4, 2))
    t = TD.Independent(TD.Normal(torch.zeros(3), torch.ones(3)), 1).expand((4, 2))
    assert g.batch_shape == t.batch_shape == (4, 2) and g.event_shape == t.event_shape == (3,)
    assert g.base_dist.batch_shape == t.base_dist.batch_shape
    close(g.log_prob(glassnet.zeros(3)), t.log_prob(torch.zeros(3)))
