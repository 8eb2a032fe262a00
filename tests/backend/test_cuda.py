"""The CuPy backend on a real GPU (skipped without CuPy or a GPU; the op and layer suites in this folder
also run on 'cuda' there)."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet
import glassnet.nn as nn

pytestmark = pytest.mark.skipif(not glassnet.cuda.is_available(), reason="no CUDA GPU (or CuPy) here")


def test_tensors_and_modules_move_to_the_gpu_and_back():
    import cupy

    x = glassnet.tensor([1.0, -2.0], requires_grad=True)
    y = x.cuda()
    assert isinstance(y._data, cupy.ndarray) and y.is_cuda and y.device == glassnet.device("cuda", 0)
    assert repr(y.detach()) == "tensor([ 1., -2.], device='cuda:0')"
    (y * y).sum().backward()
    assert type(x.grad._data) is np.ndarray and x.grad.tolist() == [2.0, -4.0]
    m = nn.Linear(2, 3).cuda()
    assert m.weight.is_cuda and m(glassnet.ones(4, 2, device="cuda")).device.type == "cuda"
    assert m.cpu().weight.is_cpu


def test_mixing_cpu_and_cuda_names_both_devices():
    with pytest.raises(RuntimeError, match="found at least two devices, (cpu and cuda:0|cuda:0 and cpu)"):
        glassnet.ones(2) + glassnet.ones(2, device="cuda")


def test_cuda_module_reports_the_card():
    assert glassnet.cuda.device_count() >= 1 and glassnet.cuda.current_device() == 0
    assert isinstance(glassnet.cuda.get_device_name(), str)
    glassnet.cuda.synchronize()
