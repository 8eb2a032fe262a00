"""Shape ops: values and gradients vs PyTorch, float64 gradchecks, clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import check_gradcheck, check_parity, rand_array

import glassnet

torch = pytest.importorskip("torch")


def _tuple(out):
    return tuple(out)


# name -> (fn(module) -> fn(x), input shape). The lambda body is the same for glassnet and torch.
SHAPE_OPS = {
    "reshape": (lambda m: lambda x: x.reshape(4, 6), (2, 3, 4)),
    "reshape_tuple_infer": (lambda m: lambda x: x.reshape((-1, 2)), (2, 3, 4)),
    "reshape_fn": (lambda m: lambda x: m.reshape(x, (3, 8)), (2, 3, 4)),
    "reshape_0d": (lambda m: lambda x: x.reshape(1, 1), ()),
    "reshape_empty": (lambda m: lambda x: x.reshape(3, 0), (0, 3)),
    "view": (lambda m: lambda x: x.view(-1), (2, 3, 4)),
    "view_as": (lambda m: lambda x: x.view(6, 4).view_as(x), (2, 3, 4)),
    "flatten": (lambda m: lambda x: x.flatten(), (2, 3, 4)),
    "flatten_range": (lambda m: lambda x: m.flatten(x, 1), (2, 3, 4)),
    "flatten_0d": (lambda m: lambda x: x.flatten(), ()),
    "unflatten": (lambda m: lambda x: x.unflatten(1, (2, 2)), (3, 4)),
    "squeeze": (lambda m: lambda x: x.squeeze(), (1, 3, 1, 2)),
    "squeeze_dim": (lambda m: lambda x: x.squeeze(2), (1, 3, 1, 2)),
    "squeeze_noop": (lambda m: lambda x: x.squeeze(1) * 1, (1, 3, 1, 2)),
    "unsqueeze": (lambda m: lambda x: x.unsqueeze(0), (3, 2)),
    "unsqueeze_neg": (lambda m: lambda x: m.unsqueeze(x, -1), (3, 2)),
    "unsqueeze_0d": (lambda m: lambda x: x.unsqueeze(0), ()),
    "transpose": (lambda m: lambda x: x.transpose(0, 2), (2, 3, 4)),
    "transpose_fn": (lambda m: lambda x: m.transpose(x, -1, -2), (2, 3, 4)),
    "permute": (lambda m: lambda x: x.permute(2, 0, 1), (2, 3, 4)),
    "permute_tuple": (lambda m: lambda x: m.permute(x, (1, 2, 0)), (2, 3, 4)),
    "T": (lambda m: lambda x: x.T, (3, 4)),
    "mT": (lambda m: lambda x: x.mT, (2, 3, 4)),
    "t": (lambda m: lambda x: x.t(), (3, 4)),
    "t_1d": (lambda m: lambda x: x.t() * 1, (3,)),
    "expand": (lambda m: lambda x: x.expand(2, 3, 4), (3, 1)),
    "expand_keep": (lambda m: lambda x: x.expand(-1, 5), (3, 1)),
    "expand_0d": (lambda m: lambda x: x.expand(2, 3), ()),
    "broadcast_to": (lambda m: lambda x: m.broadcast_to(x, (4, 2, 3)), (2, 1)),
    "expand_as": (lambda m: lambda x: x.expand_as(m.ones(2, 3, 4)), (3, 1)),
    "contiguous": (lambda m: lambda x: x.t().contiguous(), (3, 4)),
    "repeat": (lambda m: lambda x: x.repeat(2, 3), (2, 3)),
    "repeat_more_dims": (lambda m: lambda x: x.repeat(2, 1, 2), (2, 3)),
    "split": (lambda m: lambda x: _tuple(x.split(2)), (5, 3)),
    "split_sizes": (lambda m: lambda x: _tuple(m.split(x, [1, 2], dim=1)), (2, 3)),
    "chunk": (lambda m: lambda x: _tuple(x.chunk(3, dim=1)), (2, 7)),
    "chunk_fn": (lambda m: lambda x: _tuple(m.chunk(x, 2)), (5, 2)),
    "unbind": (lambda m: lambda x: _tuple(x.unbind(1)), (2, 3)),
    "pad": (lambda m: lambda x: _pad(m)(x, (1, 2)), (2, 3)),
    "pad_2d": (lambda m: lambda x: _pad(m)(x, (1, 0, 2, 1), value=0.5), (2, 3, 4)),
    "pad_crop": (lambda m: lambda x: _pad(m)(x, (-1, 1, 0, -1)), (3, 4)),
}


def _pad(m):
    return m.nn.functional.pad if m is torch else glassnet.pad


JOIN_OPS = {
    "cat": (lambda m: lambda a, b, c: m.cat([a, b, c]), [(2, 3), (1, 3), (4, 3)]),
    "cat_dim1": (lambda m: lambda a, b, c: m.cat((a, b, c), dim=1), [(2, 1), (2, 3), (2, 2)]),
    "cat_neg": (lambda m: lambda a, b, c: m.cat([a, b, c], -1), [(2, 2, 1), (2, 2, 3), (2, 2, 2)]),
    "cat_empty": (lambda m: lambda a, b, c: m.cat([a, b, c]), [(0, 3), (2, 3), (1, 3)]),
    "concat": (lambda m: lambda a, b, c: m.concat([a, b, c]), [(1,), (2,), (3,)]),
    "stack": (lambda m: lambda a, b, c: m.stack([a, b, c]), [(2, 3)] * 3),
    "stack_dim": (lambda m: lambda a, b, c: m.stack((a, b, c), dim=2), [(2, 3)] * 3),
    "stack_neg": (lambda m: lambda a, b, c: m.stack([a, b, c], dim=-1), [(4,)] * 3),
    "stack_0d": (lambda m: lambda a, b, c: m.stack([a, b, c]), [()] * 3),
}


@pytest.mark.parametrize("name", list(SHAPE_OPS))
def test_shape_op_parity(name):
    make, shape = SHAPE_OPS[name]
    check_parity(make(glassnet), make(torch), [rand_array(shape)])


@pytest.mark.parametrize("name", [n for n in SHAPE_OPS if "empty" not in n])
def test_shape_op_gradcheck(name):
    make, shape = SHAPE_OPS[name]
    check_gradcheck(make(glassnet), [rand_array(shape, dtype=np.float64)])


@pytest.mark.parametrize("name", list(JOIN_OPS))
def test_join_op_parity(name):
    make, shapes = JOIN_OPS[name]
    check_parity(make(glassnet), make(torch), [rand_array(s) for s in shapes])


@pytest.mark.parametrize("name", list(JOIN_OPS))
def test_join_op_gradcheck(name):
    make, shapes = JOIN_OPS[name]
    check_gradcheck(make(glassnet), [rand_array(s, dtype=np.float64) for s in shapes])


def test_cat_of_a_tensor_that_needs_no_grad():
    check_parity(lambda a, b: glassnet.cat([a, b.detach()]), lambda a, b: torch.cat([a, b.detach()]),
                 [rand_array((2, 3)), rand_array((1, 3))])


def test_views_keep_the_graph_through_a_chain():
    f = lambda m: lambda x: x.reshape(3, 8).T.unsqueeze(0).expand(2, 8, 3).permute(2, 0, 1).flatten(1)  # noqa: E731
    check_parity(f(glassnet), f(torch), [rand_array((2, 3, 4))])


def test_shape_metadata():
    x = glassnet.zeros(2, 3, 4)
    assert x.shape == (2, 3, 4) and x.size() == (2, 3, 4) and x.size(-1) == 4 and x.ndim == 3
    assert x.reshape(4, -1).shape == (4, 6)
    assert repr(x.shape) == "glassnet.Size([2, 3, 4])"
    assert x.shape.numel() == 24 and x.numel() == 24 and x.dim() == 3
    assert glassnet.ones(3, 4).t().contiguous().is_contiguous()


@pytest.mark.parametrize("call, match", [
    (lambda x: x.reshape(5, 5), "invalid for input of size 24"),
    (lambda x: x.view(7, -1), "invalid for input of size 24"),
    (lambda x: x.permute(0, 1), "number of dims"),
    (lambda x: x.permute(0, 1, 1), "repeated dim"),
    (lambda x: x.transpose(0, 3), "Dimension out of range"),
    (lambda x: x.expand(5, 3, 4), "cannot be broadcast"),
    (lambda x: x.expand(3, 4), "number of sizes"),
    (lambda x: x.expand(-1, 2, 3, 4), "new leading dimension"),
    (lambda x: x.repeat(2, 2), "repeat"),
    (lambda x: x.split([1, 2]), "split_with_sizes"),
    (lambda x: glassnet.cat([x, glassnet.ones(2, 2, 4)], dim=2), "sizes of tensors must match"),
    (lambda x: glassnet.stack([x, glassnet.ones(2, 3)]), "equal size"),
    (lambda x: glassnet.cat([]), "non-empty"),
])
def test_shape_errors_are_clear(call, match):
    x = glassnet.ones(2, 3, 4)
    with pytest.raises((RuntimeError, IndexError), match=match):
        call(x)
