"""The constraints module against torch.distributions.constraints."""

import numpy as np
import pytest

import glassnet
from glassnet.distributions import constraints

torch = pytest.importorskip("torch")
TC = torch.distributions.constraints

VALUES = np.array([[-1.0, 0.0, 0.5, 1.0, 2.0, float("nan")], [3.0, 0.25, 0.75, -0.0, 1.5, 7.0]])
MATRICES = np.array([
    [[2.0, 0.0], [0.5, 1.0]],   # lower triangular, positive diagonal
    [[1.0, 0.5], [0.5, 1.0]],   # symmetric positive definite
    [[1.0, 2.0], [2.0, 1.0]],   # symmetric, indefinite
    [[1.0, 0.0], [0.5, -1.0]],  # lower triangular, negative diagonal
])


def _same(name, g_constraint, t_constraint, value):
    g = g_constraint.check(glassnet.tensor(value)).numpy()
    t = t_constraint.check(torch.tensor(value)).numpy()
    np.testing.assert_array_equal(g, t, err_msg=name)
    assert repr(g_constraint) == repr(t_constraint)
    assert g_constraint.event_dim == t_constraint.event_dim
    assert g_constraint.is_discrete == t_constraint.is_discrete


@pytest.mark.parametrize("name", ["real", "positive", "nonnegative", "unit_interval", "boolean", "nonnegative_integer",
                                  "positive_integer", "real_vector", "simplex"])
def test_instances_match_torch(name):
    _same(name, getattr(constraints, name), getattr(TC, name), VALUES)


def test_simplex_rows():
    rows = np.array([[0.2, 0.8], [0.5, 0.6], [-0.1, 1.1]])
    _same("simplex", constraints.simplex, TC.simplex, rows)


@pytest.mark.parametrize("name", ["lower_cholesky", "lower_triangular", "positive_definite", "symmetric", "square"])
def test_matrix_constraints_match_torch(name):
    _same(name, getattr(constraints, name), getattr(TC, name), MATRICES)


def test_parameterised_constraints_match_torch():
    _same("interval", constraints.interval(0.0, 1.5), TC.interval(0.0, 1.5), VALUES)
    _same("half_open", constraints.half_open_interval(0.0, 1.0), TC.half_open_interval(0.0, 1.0), VALUES)
    _same("greater_than", constraints.greater_than(0.5), TC.greater_than(0.5), VALUES)
    _same("greater_than_eq", constraints.greater_than_eq(0.5), TC.greater_than_eq(0.5), VALUES)
    _same("less_than", constraints.less_than(0.5), TC.less_than(0.5), VALUES)
    _same("integer_interval", constraints.integer_interval(0, 2), TC.integer_interval(0, 2), VALUES)
    _same("independent", constraints.independent(constraints.positive, 1), TC.independent(TC.positive, 1), VALUES)
    counts = np.array([[1.0, 2.0], [3.0, 1.0], [-1.0, 2.0]])
    g = constraints.multinomial(3).check(glassnet.tensor(counts)).numpy()
    np.testing.assert_array_equal(g, TC.multinomial(3).check(torch.tensor(counts)).numpy())


def test_dependent_constraints():
    assert constraints.is_dependent(constraints.dependent)
    assert not constraints.is_dependent(constraints.real)
    with pytest.raises(ValueError, match="Cannot determine validity of dependent constraint"):
        constraints.dependent.check(glassnet.tensor(1.0))
    with pytest.raises(NotImplementedError):
        _ = constraints.dependent.event_dim
    assert constraints.dependent(is_discrete=True, event_dim=1).event_dim == 1
