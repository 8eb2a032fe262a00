"""Tensor basics: properties, conversions, repr (like PyTorch's), in-place updates and versions."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet

torch = pytest.importorskip("torch")


def test_properties():
    x = glassnet.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert x.shape == (2, 3) and isinstance(x.shape, glassnet.Size)
    assert x.ndim == 2 and x.dim() == 2 and x.dtype == glassnet.float32
    assert x.size() == (2, 3) and x.size(0) == 2 and x.size(-1) == 3
    assert x.numel() == 6 and len(x) == 2 and x.element_size() == 4
    assert x.device == "cpu" and x.is_leaf and not x.requires_grad and x.grad is None
    assert x.is_floating_point() and not glassnet.tensor([1]).is_floating_point()


def test_item_numpy_tolist():
    assert glassnet.tensor(2.5).item() == 2.5 and isinstance(glassnet.tensor(2.5).item(), float)
    assert glassnet.tensor([7]).item() == 7 and isinstance(glassnet.tensor([7]).item(), int)
    assert glassnet.tensor([[True]]).item() is True
    with pytest.raises(ValueError, match="3 elements"):
        glassnet.tensor([1, 2, 3]).item()
    x = glassnet.tensor([[1, 2], [3, 4]])
    assert x.tolist() == [[1, 2], [3, 4]] and glassnet.tensor(3.0).tolist() == 3.0
    arr = x.numpy()
    assert isinstance(arr, np.ndarray) and arr.dtype == np.int64
    arr[0, 0] = 9  # numpy() shares memory, as in PyTorch
    assert x[0, 0].item() == 9
    w = glassnet.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="detach"):
        w.numpy()
    assert w.detach().numpy().tolist() == [1.0, 1.0]
    assert float(glassnet.tensor(1.5)) == 1.5 and int(glassnet.tensor(3)) == 3
    assert [0, 1, 2][glassnet.tensor(1)] == 1  # __index__


@pytest.mark.parametrize("method, dtype", [("float", glassnet.float32), ("double", glassnet.float64),
                                            ("long", glassnet.int64), ("int", glassnet.int32),
                                            ("bool", glassnet.bool), ("half", glassnet.float16)])
def test_dtype_conversions(method, dtype):
    x = glassnet.tensor([0.0, 1.5, -2.0])
    y = getattr(x, method)()
    assert y.dtype == dtype
    np.testing.assert_array_equal(y.numpy(), getattr(torch.tensor([0.0, 1.5, -2.0]), method)().numpy())
    assert x.astype(dtype).dtype == dtype and x.to(dtype).dtype == dtype and x.type(dtype).dtype == dtype


def test_float_casts_keep_the_graph():
    x = glassnet.tensor([1.0, 2.0], requires_grad=True)
    y = x.double()
    assert y.requires_grad and y.dtype == glassnet.float64
    (y * y).sum().backward()
    assert x.grad.dtype == glassnet.float32 and x.grad.tolist() == [2.0, 4.0]
    assert not x.long().requires_grad
    assert x.float() is x  # no-op conversions return the tensor itself, as in PyTorch


def test_to_rejects_unknown_devices():
    x = glassnet.ones(2)
    assert x.to("cpu") is x and x.cpu() is x
    with pytest.raises(RuntimeError, match="device 'cuda' is not available"):  # more in test_device.py
        x.to("cuda")


def _torch_repr(t) -> str:
    return repr(t).replace("torch.", "glassnet.")


REPR_CASES = [
    [1.0, 2.0, 3.0], [0.1, 0.25, 3.0], [1e-5, 1.0], [1e9, 1.0], 3.5, 2.0, [[1.0, 2.0], [3.0, 4.5]],
    [1, 2, 3], [True, False], [], [float("nan"), float("inf"), 1.5], [-1.0, 2.0], [0.0, 0.0],
    [123456.7, 0.5], list(range(30)),
]


@pytest.mark.parametrize("data", REPR_CASES, ids=str)
def test_repr_matches_pytorch(data):
    assert repr(glassnet.tensor(data)) == _torch_repr(torch.tensor(data))


def test_repr_of_shapes_dtypes_and_grad():
    rng = np.random.default_rng(0)
    for arr in (rng.standard_normal((3, 30)).astype(np.float32), rng.standard_normal((2, 3, 4)) * 100,
                np.zeros((0, 3), np.float32), np.arange(6, dtype=np.int32).reshape(2, 3)):
        assert repr(glassnet.tensor(arr)) == _torch_repr(torch.tensor(arr))
    assert repr(glassnet.tensor([1.0, 2.0], requires_grad=True)) == "tensor([1., 2.], requires_grad=True)"
    y = glassnet.tensor([1.0, 2.0], requires_grad=True) * 2
    assert repr(y).startswith("tensor([2., 4.], grad_fn=<Mul")
    big = repr(glassnet.arange(5000))
    assert "..." in big and len(big) < 200


def test_inplace_methods_bump_the_version():
    x = glassnet.zeros(3)
    v = x._version
    x.add_(1).mul_(3).sub_(1, alpha=0.5).div_(2)
    assert x.tolist() == [1.25, 1.25, 1.25] and x._version == v + 4
    x.fill_(2).clamp_(max=1.5)
    assert x.tolist() == [1.5, 1.5, 1.5]
    x.zero_()
    x.copy_(glassnet.tensor([1.0, 2.0, 3.0]))
    assert x.tolist() == [1.0, 2.0, 3.0]
    x.masked_fill_(x > 1, 0.0)
    assert x.tolist() == [1.0, 0.0, 0.0]
    x += 1
    assert x.tolist() == [2.0, 1.0, 1.0]


def test_inplace_operators_on_graph_tensors_rebind():
    x = glassnet.ones(2, requires_grad=True)
    y = x * 2
    y += 1  # a non-leaf: rebinds to a new graph node instead of mutating
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_iteration_and_bool():
    x = glassnet.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert [r.tolist() for r in x] == [[1.0, 2.0], [3.0, 4.0]]
    assert bool(glassnet.tensor([1.0])) and not bool(glassnet.tensor(0.0))
    with pytest.raises(RuntimeError, match="ambiguous"):
        bool(x)
    with pytest.raises(TypeError):
        len(glassnet.tensor(1.0))


def test_equal_allclose_and_hash():
    a = glassnet.tensor([1.0, 2.0])
    assert a.equal(glassnet.tensor([1.0, 2.0])) and not a.equal(glassnet.tensor([1.0, 2.5]))
    assert a.allclose(a + 1e-9)
    assert len({a, a}) == 1  # tensors hash by identity, so they can key dicts and sets


def test_data_is_a_tensor_sharing_storage_outside_the_graph():
    torch = pytest.importorskip("torch")
    for lib in (glassnet, torch):
        p = lib.ones(3, requires_grad=True)
        d = p.data
        assert isinstance(d, lib.Tensor) and not d.requires_grad and d.grad_fn is None
        p.data.add_(lib.tensor([1.0, 2.0, 3.0]))  # the PyTorch idiom for an untracked update
        p.data.mul_(2)
        assert p.tolist() == [4.0, 6.0, 8.0] and p.requires_grad
        p.data = lib.zeros(2)  # swaps the values, even the shape
        assert p.shape == (2,) and p.requires_grad


def test_bias_data_fill_initialises_a_layer():
    layer = glassnet.nn.Linear(3, 2)
    layer.bias.data.fill_(0.01)
    assert layer.bias.tolist() == pytest.approx([0.01, 0.01])
