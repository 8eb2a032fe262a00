"""Devices backed by array backends: placing tensors and modules, moving them, mixing them, and the errors.

The checked device (glassnet/checked_backend.py) stands in for a GPU here, so every rule is tested in CI;
tests/backend/test_cuda.py repeats the ones that need a real GPU where one is present.
"""

from __future__ import annotations

import numpy as np
import pytest

import glassnet
import glassnet.nn as nn
from glassnet.checked_backend import CheckedArray
from glassnet.device import DeviceUnavailableError

CHECKED = glassnet.device("checked")


def test_creation_functions_place_data_on_the_device():
    for t in (glassnet.tensor([1.0, 2.0], device="checked"), glassnet.zeros(2, 3, device=CHECKED),
              glassnet.arange(4, device="checked"), glassnet.randn(3, device="checked"),
              glassnet.as_tensor(np.ones(2), device="checked"), glassnet.full((2,), 7, device="checked")):
        assert type(t._data) is CheckedArray and t.device == CHECKED and not t.is_cpu
    like = glassnet.ones(3, device="checked")
    for t in (glassnet.zeros_like(like), glassnet.rand_like(like), glassnet.full_like(like, 2.0)):
        assert t.device == CHECKED  # *_like follow the input's device, as in PyTorch
    assert glassnet.zeros_like(like, device="cpu").device == "cpu"


def test_tensor_to_moves_values_and_gradients_back():
    x = glassnet.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = x.to("checked")
    assert type(y._data) is CheckedArray and y.tolist() == [1.0, -2.0, 3.0]
    assert y.grad_fn.name() == "ToCopyBackward0"
    (y * y).sum().backward()
    assert type(x.grad._data) is np.ndarray and x.grad.tolist() == [2.0, -4.0, 6.0]
    assert y.to("checked") is y and y.to(CHECKED, glassnet.float64).dtype == glassnet.float64
    back = y.cpu()
    assert type(back._data) is np.ndarray and back.device == "cpu"
    z = x.to(y)  # to(other): other's dtype and device
    assert z.device == CHECKED


def test_a_leaf_made_on_the_device_gets_its_gradient_there():
    w = glassnet.tensor([[0.5, -1.0]], device="checked", requires_grad=True)
    (w.exp() * 2).sum().backward()
    assert type(w.grad._data) is CheckedArray
    np.testing.assert_allclose(w.grad.cpu().numpy(), 2 * np.exp([[0.5, -1.0]]), rtol=1e-6)


def test_mixing_devices_in_one_op_names_both():
    a, b = glassnet.ones(2), glassnet.ones(2, device="checked")
    for op in (lambda: a + b, lambda: b * a, lambda: glassnet.matmul(b, a), lambda: glassnet.cat([a, b])):
        with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device, but found at least "
                                               "two devices, (cpu and checked|checked and cpu)"):
            op()
    m = nn.Linear(2, 1)
    with pytest.raises(RuntimeError, match="same device.*(cpu and checked|checked and cpu)"):
        m(b.reshape(1, 2))


def test_module_to_moves_parameters_buffers_and_grads_in_place():
    m = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    w = m[0].weight
    m(glassnet.randn(4, 2)).sum().backward()
    assert m.to("checked") is m and m[0].weight is w  # the same Parameter objects: optimizers keep them
    assert all(type(t._data) is CheckedArray for t in list(m.parameters()) + list(m.buffers()))
    assert type(w.grad._data) is CheckedArray
    out = m(glassnet.randn(4, 2, device="checked"))
    assert out.device == CHECKED
    assert m.cpu() is m and all(t.device == "cpu" for t in m.parameters())


def test_device_tensors_print_their_device_and_refuse_numpy():
    t = glassnet.tensor([1.5, 2.0], device="checked")
    assert repr(t) == "tensor([1.5000, 2.0000], device='checked')"
    with pytest.raises(TypeError, match="can't convert checked device type tensor to numpy. Use Tensor.cpu"):
        t.numpy()
    assert t.cpu().numpy().tolist() == [1.5, 2.0] and t.sum().item() == 3.5


def test_default_device_places_new_tensors():
    glassnet.set_default_device("checked")
    try:
        assert glassnet.get_default_device() == CHECKED
        assert glassnet.tensor([1.0]).device == CHECKED and glassnet.zeros(2).device == CHECKED
    finally:
        glassnet.set_default_device(None)
    assert glassnet.zeros(2).device == "cpu"


@pytest.mark.skipif(glassnet.cuda.is_available(), reason="a CUDA GPU is present")
def test_cuda_without_cupy_or_gpu_says_what_is_missing():
    assert glassnet.cuda.is_available() is False and glassnet.cuda.device_count() == 0
    msg = r'(CuPy is not installed; install glassnet\'s GPU backend with pip install "glassnet\[cuda\]"|' \
          r"CuPy is installed but finds no CUDA GPU)"
    t, m = glassnet.ones(2), nn.Linear(2, 2)
    for op, call in [("Tensor.cuda", t.cuda), ("Tensor.to", lambda: t.to("cuda")),
                     ("tensor", lambda: glassnet.tensor([1.0], device="cuda")), ("Module.cuda", m.cuda),
                     ("Module.to", lambda: m.to("cuda:0")), ("set_default_device",
                                                             lambda: glassnet.set_default_device("cuda"))]:
        with pytest.raises(DeviceUnavailableError, match=f"{op}: device 'cuda(:0)?' is not available: {msg}"):
            call()
    with pytest.raises(DeviceUnavailableError, match=f"glassnet.cuda.current_device: CUDA is not available: {msg}"):
        glassnet.cuda.current_device()
    assert m.weight.device == "cpu"  # a failed move leaves the module where it was


def test_an_unknown_backend_is_a_clear_error():
    with pytest.raises(DeviceUnavailableError, match="ones: device 'mps' is not available: glassnet has no backend"):
        glassnet.ones(1, device="mps")


def test_a_host_checkpoint_loads_into_a_model_on_the_device():
    src = nn.Linear(2, 2)
    m = nn.Linear(2, 2).to("checked")
    m.load_state_dict(src.state_dict())
    assert type(m.weight._data) is CheckedArray
    assert m.weight.cpu().tolist() == src.weight.tolist()
