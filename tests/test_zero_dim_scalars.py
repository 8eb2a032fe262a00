"""0-d tensors behave like numbers where PyTorch accepts a scalar, and format like one."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close

import glassnet

torch = pytest.importorskip("torch")

X = np.array([1.0, -2.0, 3.0], dtype=np.float32)
Y = np.array([0.5, 1.5, -1.0], dtype=np.float32)

CASES = {
    "add_alpha": lambda lib, x, y: lib.add(x, y, alpha=lib.tensor(2.0)),
    "sub_alpha": lambda lib, x, y: x.sub(y, alpha=lib.tensor(1.5)),
    "add__alpha": lambda lib, x, y: x.clone().add_(y, alpha=lib.tensor(2.0)),
    "sub__alpha_int": lambda lib, x, y: x.clone().sub_(y, alpha=lib.tensor(3)),
    "masked_fill": lambda lib, x, y: x.masked_fill(y > 0, lib.tensor(7.0)),
    "masked_fill_int_value": lambda lib, x, y: x.masked_fill(y > 0, lib.tensor(7)),
    "fill_": lambda lib, x, y: x.clone().fill_(lib.tensor(4.0)),
    "clamp_min": lambda lib, x, y: x.clamp(min=lib.tensor(0.5)),
    "clamp_int_bounds": lambda lib, x, y: x.clamp(min=lib.tensor(-1), max=lib.tensor(2)),
    "clamp_": lambda lib, x, y: x.clone().clamp_(max=lib.tensor(1.0)),
    "pow_0d": lambda lib, x, y: x ** lib.tensor(2.0),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_zero_dim_tensor_accepted_as_scalar_like_torch(name):
    fn = CASES[name]
    assert_close(fn(glassnet, glassnet.tensor(X), glassnet.tensor(Y)), fn(torch, torch.tensor(X), torch.tensor(Y)))


def test_masked_fill_passes_the_gradient_to_a_0d_value():
    for lib in (glassnet, torch):
        x = lib.tensor(X, requires_grad=True)
        v = lib.tensor(2.0, requires_grad=True)
        (x.masked_fill(lib.tensor(Y) > 0, v) * lib.tensor([1.0, 2.0, 3.0])).sum().backward()
        if lib is glassnet:
            got = (x.grad, v.grad)
        else:
            assert_close(got[0], x.grad)
            assert_close(got[1], v.grad)


@pytest.mark.parametrize("lib", [glassnet, torch], ids=["glassnet", "torch"])
def test_scalar_arguments_reject_what_torch_rejects(lib):
    x = lib.tensor(X)
    with pytest.raises(TypeError, match="alpha"):
        lib.add(x, x, alpha=lib.tensor(2.0, requires_grad=True))
    with pytest.raises(RuntimeError, match="0-dimensional value tensor"):
        x.masked_fill(x > 0, lib.tensor([1.0]))
    with pytest.raises(RuntimeError, match="0-dimension value tensor"):
        x.clone().fill_(lib.tensor([1.0]))


@pytest.mark.parametrize("spec", ["", ".3f", "8.2e", "+.1%"])
def test_zero_dim_tensor_formats_like_its_number(spec):
    for value in (1.23456, -0.5):
        assert format(glassnet.tensor(value), spec) == format(torch.tensor(value), spec)
    assert format(glassnet.tensor(7), "04d") == format(torch.tensor(7), "04d")


def test_dimensioned_tensor_format():
    assert format(glassnet.tensor([1.5, 2.0])) == str(glassnet.tensor([1.5, 2.0]))
    loss = glassnet.tensor([0.25])
    with pytest.raises(TypeError, match="unsupported format string"):
        f"{loss:.3f}"
    with pytest.raises(TypeError, match="unsupported format string"):
        f"{torch.tensor([0.25]):.3f}"
