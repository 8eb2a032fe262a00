"""In-place ops on tensors in the graph are recorded (as in PyTorch); views and detach() share versions."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_close

import glassnet

torch = pytest.importorskip("torch")

A = np.arange(6.0).reshape(2, 3) - 2.5
Z = np.array([1.5, -2.0])


def _setitem(y, index, value):
    y[index] = value
    return y


# Each case gets (lib, x, z): x (2, 3) and z (2,) are float64 leaves requiring grad; it returns a tensor.
CASES = {
    "setitem_column": lambda lib, x, z: (lambda y: (_setitem(y, (slice(None), 0), z), y * y)[1])(x * 2),
    "setitem_row_of_fresh_zeros": lambda lib, x, z: (lambda y: (_setitem(y, 1, x[0] * z[0]), y * y)[1])(
        lib.zeros(2, 3, dtype=lib.float64)),
    "setitem_mask": lambda lib, x, z: (lambda y: (_setitem(y, y > 0, z[0]), y * y)[1])(x * 2),
    "setitem_advanced": lambda lib, x, z: (lambda y: (_setitem(y, (lib.tensor([1, 0]), lib.tensor([2, 1])), z * z),
                                                      y * y)[1])(x * 2),
    "two_writes": lambda lib, x, z: (lambda y: (_setitem(y, (0, 0), z[0]), _setitem(y, (slice(None), 0), z * 3),
                                                y * y * x)[2])(x * 2),
    "add_": lambda lib, x, z: (lambda y: (y.add_(z[0] * 3), y * y.sum())[1])(x * 2),
    "add_alpha_tensor": lambda lib, x, z: (lambda y: (y.add_(x, alpha=2), y * y)[1])(x * 2),
    "sub_mul_div": lambda lib, x, z: (lambda y: (y.sub_(x).mul_(z[1]).div_(z[0]), y * y)[1])(x * 3),
    "earlier_consumer_sees_old_value": lambda lib, x, z: (lambda y: (lambda w: (y.mul_(3), y + w)[1])(y * 5))(x * 2),
    "iadd_is_in_place": lambda lib, x, z: (lambda y: (y.__iadd__(z.unsqueeze(1)), y**2)[1])(x * 1.0),
    "imul_imul": lambda lib, x, z: (lambda y: (y.__imul__(x), y.__imul__(z.unsqueeze(1)), y)[2])(x + 1),
    "fill_": lambda lib, x, z: (lambda y: (y.fill_(2.0), y * x)[1])(x * 2),
    "fill_with_a_0d_tensor": lambda lib, x, z: (lambda y: (y.fill_(z[0]), y * x)[1])(x * 2),
    "zero_": lambda lib, x, z: (lambda y: (y.zero_(), y + x)[1])(x * 2),
    "copy_into_row": lambda lib, x, z: (lambda y: (y[1].copy_(x[0] * z[1]), y * y)[1])(x * 2),
    "clamp_": lambda lib, x, z: (lambda y: (y.clamp_(-1, 2), y * y)[1])(x * 2),
    "masked_fill_": lambda lib, x, z: (lambda y: (y.masked_fill_(y < 0, z[1]), y * y)[1])(x * 2),
    "view_row_mul_": lambda lib, x, z: (lambda y: (y[0].mul_(z[1]), y * y)[1])(x * 2),
    "view_columns_clamp_": lambda lib, x, z: (lambda y: (y[:, 1:].clamp_(min=0), y * x)[1])(x * 2),
    "view_of_a_view": lambda lib, x, z: (lambda y: (y.reshape(3, 2)[1:].mul_(z[0]), y * y)[1])(x * 2),
    "transposed_view": lambda lib, x, z: (lambda y: (_setitem(y.t(), 0, z), y * y)[1])(x * 2),
    "write_then_read_the_view": lambda lib, x, z: (lambda y: (lambda v: (v.mul_(z[0]), v * y[0])[1])(y[0]))(x * 2),
    "unsqueezed_view": lambda lib, x, z: (lambda y: (y.unsqueeze(0)[0, 1].add_(z[1]), y * y)[1])(x * 2),
}


def _run(lib, case):
    x = lib.tensor(A, requires_grad=True)
    z = lib.tensor(Z, requires_grad=True)
    out = CASES[case](lib, x, z)
    w = lib.tensor(np.cos(np.arange(out.numel(), dtype=np.float64)).reshape(tuple(out.shape)))
    (out * w).sum().backward()
    return out.detach(), x.grad, z.grad


@pytest.mark.parametrize("case", sorted(CASES))
def test_inplace_on_non_leaf_matches_torch(case):
    got, want = _run(glassnet, case), _run(torch, case)
    for g, t in zip(got, want):
        if t is None:
            assert g is None or not np.any(g._data)
        else:
            assert g is not None
            assert_close(g, t)


@pytest.mark.parametrize("case", ["setitem_column", "view_row_mul_", "add_", "masked_fill_"])
def test_inplace_double_backward_matches_torch(case):
    res = []
    for lib in (glassnet, torch):
        x = lib.tensor(A, requires_grad=True)
        z = lib.tensor(Z, requires_grad=True)
        out = CASES[case](lib, x * x, z * z)
        gx, gz = lib.autograd.grad(out.sum(), [x, z], create_graph=True)
        res.append(lib.autograd.grad((gx * gx).sum() + (gz * gz).sum(), [x, z], allow_unused=True))
    for g, t in zip(*res):
        if t is None:
            assert g is None or not np.any(g._data)
        else:
            assert_close(g, t)


def test_grad_fn_after_inplace_ops_is_named_like_torch():
    names = {}
    for lib in (glassnet, torch):
        x = lib.tensor(A, requires_grad=True)
        y = x * 2
        nodes = [y.add_(1).grad_fn]
        y[:, 0] = 0.0
        nodes.append(y.grad_fn)
        y[y > 100] = 1.0
        nodes.append(y.grad_fn)
        # torch's name() spells CopySlices with its C++ namespace; its class name is the printed one
        names[lib] = [n.name() if lib is glassnet else type(n).__name__ for n in nodes]
    assert names[glassnet] == names[torch] == ["AddBackward0", "CopySlices", "IndexPutBackward0"]


@pytest.mark.parametrize("lib", [glassnet, torch], ids=["glassnet", "torch"])
def test_inplace_errors_like_torch(lib):
    w = lib.tensor(A, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        w.add_(1)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        w[0].mul_(2)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        w[0] = 1.0
    y = w * 1
    with lib.no_grad():
        w.add_(1)  # optimizers update leaves under no_grad
        y.mul_(2)  # and nothing is recorded
    assert type(y.grad_fn).__name__ == "MulBackward0" or y.grad_fn.name() == "MulBackward0"


VIEWS = {
    "slice": lambda t: t[0],
    "reshape": lambda t: t.reshape(3, 2),
    "permute": lambda t: t.permute(1, 0),
    "transpose": lambda t: t.t(),
    "unsqueeze": lambda t: t.unsqueeze(0),
    "squeeze": lambda t: t.unsqueeze(0).squeeze(0),
    "detach": lambda t: t.detach(),
    "flatten": lambda t: t.flatten(),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
@pytest.mark.parametrize("lib", [glassnet, torch], ids=["glassnet", "torch"])
def test_views_and_detach_share_the_version_counter(lib, name):
    x = lib.tensor(A, requires_grad=True)
    y = x * 1
    s = y.sin()  # saves y for its backward
    v = VIEWS[name](y)
    with lib.no_grad():
        v.mul_(2)
    assert y._version == v._version == 1
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        s.sum().backward()


@pytest.mark.parametrize("lib", [glassnet, torch], ids=["glassnet", "torch"])
def test_data_does_not_share_the_version_counter(lib):
    x = lib.tensor(A, requires_grad=True)
    y = x * 1
    s = y.sin()
    y.data.mul_(2)  # PyTorch's escape hatch: not seen by autograd
    assert y._version == 0
    s.sum().backward()
    assert_close(x.grad, torch.cos(torch.tensor(A) * 2))


def test_inplace_modification_of_a_saved_tensor_through_a_write_is_detected():
    x = glassnet.tensor(A, requires_grad=True)
    y = x.exp()  # saves its output y
    y[0, 0] = 1.0
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def _overlapping(lib, x, z):
    y = x * 2
    row, col = y[0], y[:, 0]  # two views sharing element (0, 0)
    row.mul_(z[0])  # col's values change too
    return col * col + y.sum()


def _untouched_view_then_write(lib, x, z):
    y = x * 2
    col = y[:, 1]
    y[0] = z[1]  # a write to the base itself
    return col * 3


@pytest.mark.parametrize("case", [_overlapping, _untouched_view_then_write])
def test_a_view_taken_before_a_write_to_its_base_sees_the_new_history(case):
    got, want = [], []
    for lib, out in ((glassnet, got), (torch, want)):
        x = lib.tensor(A, requires_grad=True)
        z = lib.tensor(Z, requires_grad=True)
        res = case(lib, x, z)
        res.sum().backward()
        out.extend([res.detach(), x.grad, z.grad])
    for g, t in zip(got, want):
        assert_close(g, t)


# The generic NAME_ methods (glassnet.tensor_methods) on tensors in the graph, and div_(rounding_mode=).
GENERIC = {
    "exp_": lambda y, z: y.exp_(),
    "sin_": lambda y, z: y.sin_(),
    "sigmoid_": lambda y, z: y.sigmoid_(),
    "relu_": lambda y, z: y.relu_(),
    "pow_": lambda y, z: y.pow_(2),
    "addcmul_": lambda y, z: y.addcmul_(z, z, value=0.5),
    "lerp_": lambda y, z: y.lerp_(z, 0.3),
    "div_floor": lambda y, z: y.div_(z, rounding_mode="floor"),
    "cumsum_": lambda y, z: y.cumsum_(1),
    "view_sin_": lambda y, z: (y[0].sin_(), y)[1],
    "round_decimals_": lambda y, z: (y.round_(decimals=1), y * z)[1],
}


@pytest.mark.parametrize("name", sorted(GENERIC))
def test_generic_inplace_methods_on_non_leaves_match_torch(name):
    a = np.arange(6.0).reshape(2, 3) / 3 - 0.8
    res = []
    for lib in (glassnet, torch):
        x = lib.tensor(a, requires_grad=True)
        z = lib.tensor(a[::-1].copy() + 1, requires_grad=True)
        out = GENERIC[name](x * 2, z)
        (out * lib.tensor(np.cos(a))).sum().backward()
        res.append((out.detach(), x.grad, z.grad))
    for g, t in zip(*res):
        if t is None:
            assert g is None or not np.any(g._data)
        else:
            assert_close(g, t)
