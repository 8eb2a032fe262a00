"""prod with zeros: PyTorch's gradient (the product of the other entries), also under double backward."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck

import glassnet

torch = pytest.importorskip("torch")

CASES = {
    "no_zero": np.array([[1.5, -2.0, 0.5], [2.0, 3.0, -1.0]]),
    "one_zero": np.array([[1.5, 0.0, 0.5], [2.0, 3.0, -1.0]]),
    "two_zeros_in_a_row": np.array([[0.0, 0.0, 0.5], [2.0, 0.0, -1.0]]),
    "all_zero": np.zeros((2, 3)),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("dim", [None, 0, 1, -1])
def test_prod_gradient_and_double_backward_with_zeros(name, dim):
    a = CASES[name]
    x, xt = glassnet.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    y, yt = (x.prod(), xt.prod()) if dim is None else (x.prod(dim), xt.prod(dim))
    w = np.linspace(0.5, 1.5, y.numel()).reshape(tuple(y.shape))
    (g,) = glassnet.autograd.grad((y * glassnet.tensor(w)).sum(), [x], create_graph=True)
    (gt,) = torch.autograd.grad((yt * torch.tensor(w)).sum(), [xt], create_graph=True)
    assert_close(g, gt)
    (gg,) = glassnet.autograd.grad((g * g).sum(), [x])
    (ggt,) = torch.autograd.grad((gt * gt).sum(), [xt])
    assert_close(gg, ggt)
    x2 = glassnet.tensor(a, requires_grad=True)  # the plain (array) backward path
    ((x2.prod() if dim is None else x2.prod(dim)) * glassnet.tensor(w)).sum().backward()
    assert_close(x2.grad, gt)


def test_prod_gradcheck_with_a_zero():
    check_gradcheck(lambda x: x.prod(1), [CASES["one_zero"]])
    assert glassnet.autograd.gradgradcheck(lambda x: x.prod(1), [glassnet.tensor(CASES["one_zero"],
                                                                                 requires_grad=True)])
