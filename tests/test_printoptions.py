"""set_printoptions: tensors print character for character as torch's do under the same options."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet

torch = pytest.importorskip("torch")


@pytest.fixture(autouse=True)
def _default_options():
    yield
    glassnet.set_printoptions(profile="default")
    torch.set_printoptions(profile="default")


def _arrays() -> dict:
    rng = np.random.default_rng(0)
    return {
        "small_floats": rng.standard_normal((3, 4)).astype(np.float32),
        "whole_floats": np.array([1.0, -20.0, 300.0], np.float32),
        "wide_range": np.array([1e-5, 1.0, 1e6], np.float32),
        "tiny": np.array([1e-7, 2e-7], np.float64),
        "nonfinite": np.array([np.nan, np.inf, -np.inf, 1.5], np.float32),
        "zeros": np.zeros((2, 2), np.float32),
        "ints": np.arange(30).reshape(5, 6),
        "int32": np.array([[1, -200], [3, 4]], np.int32),
        "bools": np.array([True, False, True]),
        "long_vector": rng.standard_normal(40).astype(np.float32),
        "big_matrix": rng.standard_normal((40, 40)).astype(np.float32),
        "big_ints": np.arange(2000),
        "cube": rng.standard_normal((3, 2, 5)).astype(np.float64) * 100,
        "scalar": np.array(3.14159, np.float32),
        "empty": np.zeros((0, 3), np.float32),
        "empty_int": np.zeros((0,), np.int64),
        "float16": np.array([0.5, 1.25], np.float16),
    }


OPTIONS = [
    {},
    {"precision": 2},
    {"precision": 7},
    {"threshold": 5},
    {"threshold": 5, "edgeitems": 1},
    {"edgeitems": 0, "threshold": 5},
    {"linewidth": 40},
    {"linewidth": 200},
    {"sci_mode": True},
    {"sci_mode": False},
    {"profile": "short"},
    {"profile": "full"},
    {"profile": "short", "precision": 6},
]


@pytest.mark.parametrize("options", OPTIONS, ids=[str(o) for o in OPTIONS])
def test_repr_matches_torch_under_print_options(options):
    glassnet.set_printoptions(**options)
    torch.set_printoptions(**options)
    for name, arr in _arrays().items():
        expected = repr(torch.tensor(arr)).replace("torch.", "glassnet.")
        assert repr(glassnet.tensor(arr)) == expected, name


def test_suffixes_wrap_like_torch():
    x = np.random.default_rng(1).standard_normal((2, 3, 4)) * 100
    for lib in (glassnet, torch):
        lib.set_printoptions(linewidth=60)
    g = glassnet.tensor(x, requires_grad=True)
    t = torch.tensor(x, requires_grad=True)
    assert repr(g) == repr(t).replace("torch.", "glassnet.")


def test_options_persist_until_reset_and_sci_mode_returns_to_auto():
    glassnet.set_printoptions(precision=2, sci_mode=True)
    assert repr(glassnet.tensor([1.0, 2.0])) == "tensor([1.00e+00, 2.00e+00])"
    glassnet.set_printoptions(linewidth=100)  # precision stays; sci_mode goes back to automatic
    assert repr(glassnet.tensor([1.5])) == "tensor([1.50])"
    glassnet.set_printoptions(profile="default")
    assert repr(glassnet.tensor([1.5])) == "tensor([1.5000])"


def test_unknown_profile_is_an_error():
    with pytest.raises(ValueError, match="profile"):
        glassnet.set_printoptions(profile="tiny")


def test_get_printoptions_round_trips():
    from glassnet.printing import get_printoptions

    glassnet.set_printoptions(precision=3, linewidth=50)
    saved = get_printoptions()
    glassnet.set_printoptions(profile="full")
    glassnet.set_printoptions(**saved)
    assert get_printoptions() == saved == dict(precision=3, threshold=1000, edgeitems=3, linewidth=50, sci_mode=None)
