"""Devices on the CPU: device objects like torch.device, device= everywhere, .to/.cpu/.cuda, and the
cuda/accelerator/backends stand-ins that make a script's CPU branch run."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import glassnet
import glassnet.nn as nn

torch = pytest.importorskip("torch")
# Without CuPy or a GPU, naming CUDA raises an error that says which of the two is missing.
NO_CUDA = "is not available: CuPy is (not installed|installed but finds no CUDA GPU)"
no_gpu = pytest.mark.skipif(glassnet.cuda.is_available(), reason="a CUDA GPU is available (tests/backend covers it)")


def _torch_repr(x) -> str:
    return repr(x).replace("torch.", "glassnet.")


@pytest.mark.parametrize("args", [("cpu",), ("cpu", 0), ("cuda",), ("cuda:1",), ("cuda", 2), ("mps",), ("meta",)])
def test_device_objects_match_torch(args):
    g, t = glassnet.device(*args), torch.device(*args)
    assert repr(g) == repr(t) and str(g) == str(t)
    assert (g.type, g.index) == (t.type, t.index)
    assert glassnet.device(g) == g and pickle.loads(pickle.dumps(g)) == g


def test_device_equality_and_hash():
    cpu = glassnet.device("cpu")
    assert cpu == glassnet.device("cpu") and hash(cpu) == hash(glassnet.device("cpu"))
    assert cpu != glassnet.device("cpu", 0) and cpu != glassnet.device("cuda")
    # glassnet's own extension: a device equals its string (torch answers False), and hashes like it.
    assert cpu == "cpu" and glassnet.device("cuda:1") == "cuda:1" and cpu != "cuda" and cpu != "nonsense"
    assert {cpu: 1}["cpu"] == 1
    assert len({cpu, glassnet.device("cpu"), glassnet.device("cuda")}) == 2


@pytest.mark.parametrize("bad, message", [("foo", "Expected one of cpu, cuda"), ("cuda:x", "Invalid device string"),
                                          (("cpu", -1), "must not be negative")])
def test_bad_device_strings_raise_like_torch(bad, message):
    args = bad if isinstance(bad, tuple) else (bad,)
    with pytest.raises(RuntimeError, match=message):
        glassnet.device(*args)
    with pytest.raises(RuntimeError):
        torch.device(*args)


def test_the_usual_device_line_runs_on_the_cpu():
    dev = glassnet.device("cuda" if glassnet.cuda.is_available() else "cpu")
    model = nn.Linear(3, 2).to(dev)
    x = glassnet.randn(4, 3, device=dev).to(dev)
    assert model(x).device == dev and x.device.type == "cpu"


def test_tensor_device_properties_match_torch():
    g, t = glassnet.ones(2), torch.ones(2)
    assert repr(g.device) == repr(t.device)
    assert (g.is_cuda, g.is_cpu, g.get_device()) == (t.is_cuda, t.is_cpu, t.get_device())
    assert g.device == "cpu"


CREATORS = {
    "tensor": lambda d: glassnet.tensor([1.0], device=d),
    "as_tensor": lambda d: glassnet.as_tensor([1.0], device=d),
    "zeros": lambda d: glassnet.zeros(2, device=d),
    "ones": lambda d: glassnet.ones(2, device=d),
    "empty": lambda d: glassnet.empty(2, device=d),
    "full": lambda d: glassnet.full((2,), 1.0, device=d),
    "zeros_like": lambda d: glassnet.zeros_like(glassnet.ones(2), device=d),
    "ones_like": lambda d: glassnet.ones_like(glassnet.ones(2), device=d),
    "empty_like": lambda d: glassnet.empty_like(glassnet.ones(2), device=d),
    "full_like": lambda d: glassnet.full_like(glassnet.ones(2), 3.0, device=d),
    "arange": lambda d: glassnet.arange(3, device=d),
    "linspace": lambda d: glassnet.linspace(0, 1, 3, device=d),
    "logspace": lambda d: glassnet.logspace(0, 1, 3, device=d),
    "eye": lambda d: glassnet.eye(2, device=d),
    "rand": lambda d: glassnet.rand(2, device=d),
    "randn": lambda d: glassnet.randn(2, device=d),
    "randint": lambda d: glassnet.randint(5, (2,), device=d),
    "randperm": lambda d: glassnet.randperm(3, device=d),
    "rand_like": lambda d: glassnet.rand_like(glassnet.ones(2), device=d),
    "randn_like": lambda d: glassnet.randn_like(glassnet.ones(2), device=d),
    "randint_like": lambda d: glassnet.randint_like(glassnet.ones(2), 5, device=d),
    "normal": lambda d: glassnet.normal(0.0, 1.0, (2,), device=d),
}


@no_gpu
@pytest.mark.parametrize("name", list(CREATORS))
def test_every_creation_function_takes_device(name):
    for d in ("cpu", "cpu:0", glassnet.device("cpu"), glassnet.device("cpu", 1), None):
        assert CREATORS[name](d).device == "cpu"
    with pytest.raises(RuntimeError, match=f"{name}: device 'cuda' {NO_CUDA}"):
        CREATORS[name]("cuda")
    with pytest.raises(AssertionError):  # what CPU-only PyTorch raises, so `except AssertionError` still works
        CREATORS[name](glassnet.device("cuda", 0))


def test_tensor_to_forms_match_torch():
    g, t = glassnet.ones(2), torch.ones(2)
    for dev in ("cpu", glassnet.device("cpu")):
        assert g.to(dev) is g
    assert t.to("cpu") is t
    for call in [
        lambda x, m: x.to("cpu", m.float64),
        lambda x, m: x.to(m.device("cpu"), m.float64),
        lambda x, m: x.to(dtype=m.float64, device="cpu", non_blocking=True),
        lambda x, m: x.to(m.zeros(1, dtype=m.int64)),
        lambda x, m: x.to(m.float64, copy=True),
    ]:
        a, b = call(g, glassnet), call(t, torch)
        assert _torch_repr(b) == repr(a) and a.device == "cpu"
    c = g.to("cpu", copy=True)
    assert c is not g and c.tolist() == g.tolist()
    c[0] = 5.0
    assert g[0].item() == 1.0


@no_gpu
def test_cuda_and_non_cpu_to_raise_clearly():
    g = glassnet.ones(2)
    for call in (lambda: g.cuda(), lambda: g.cuda(0), lambda: g.to("cuda"), lambda: g.to("cuda:0"),
                 lambda: g.to(device="cuda"), lambda: g.to("cuda", glassnet.float64)):
        with pytest.raises(RuntimeError, match=NO_CUDA):
            call()
    with pytest.raises(RuntimeError, match="device 'mps' is not available: glassnet has no backend for it"):
        g.to(glassnet.device("mps"))
    with pytest.raises(AssertionError):
        torch.ones(2).to("cuda")


@no_gpu
def test_module_device_moves():
    m = nn.Linear(2, 2)
    assert m.to("cpu") is m and m.to(glassnet.device("cpu")) is m and m.cpu() is m
    assert m.to("cpu", glassnet.float64) is m and m.weight.dtype == glassnet.float64
    for call in (lambda: m.cuda(), lambda: m.to("cuda"), lambda: m.to(device=glassnet.device("cuda", 0))):
        with pytest.raises(RuntimeError, match="Module.(to|cuda): device 'cuda(:0)?' is not available"):
            call()
    with pytest.raises(AssertionError):
        torch.nn.Linear(2, 2).cuda()


@no_gpu
def test_cuda_module_answers_like_cpu_only_torch():
    assert glassnet.cuda.is_available() is torch.cuda.is_available() is False
    assert glassnet.cuda.device_count() == torch.cuda.device_count() == 0
    assert glassnet.cuda.is_initialized() is False
    assert glassnet.cuda.manual_seed(0) is None and glassnet.cuda.manual_seed_all(0) is None
    assert glassnet.cuda.empty_cache() is None
    for fn in (glassnet.cuda.synchronize, glassnet.cuda.current_device):
        with pytest.raises(RuntimeError, match="CUDA is not available"):
            fn()
    with pytest.raises(AssertionError):
        torch.cuda.synchronize()


@no_gpu
def test_accelerator_and_backends():
    assert glassnet.accelerator.is_available() is torch.accelerator.is_available() is False
    assert glassnet.accelerator.current_accelerator() is torch.accelerator.current_accelerator() is None
    assert glassnet.accelerator.device_count() == 0
    assert glassnet.backends.mps.is_available() is torch.backends.mps.is_available() is False
    assert glassnet.backends.mps.is_built() is False
    cudnn = glassnet.backends.cudnn
    assert (cudnn.benchmark, cudnn.deterministic, cudnn.enabled) == (
        torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic, torch.backends.cudnn.enabled)
    cudnn.benchmark, cudnn.deterministic = True, True  # scripts set these; they are plain flags
    try:
        assert glassnet.backends.cudnn.benchmark and glassnet.backends.cudnn.deterministic
    finally:
        cudnn.benchmark, cudnn.deterministic = False, False
    assert glassnet.backends.cuda.matmul.allow_tf32 is torch.backends.cuda.matmul.allow_tf32


def test_default_device():
    assert repr(glassnet.get_default_device()) == repr(torch.get_default_device()) == "device(type='cpu')"
    glassnet.set_default_device("cpu")
    glassnet.set_default_device(None)
    with pytest.raises(RuntimeError, match="set_default_device: device 'cuda'"):
        glassnet.set_default_device("cuda")


def test_generator_device():
    assert repr(glassnet.Generator(device="cpu").device) == repr(torch.Generator(device="cpu").device)
    with pytest.raises(RuntimeError, match="Generator: device 'cuda'"):
        glassnet.Generator(device="cuda")


def test_new_tensors_from_numpy_report_the_cpu():
    assert glassnet.from_numpy(np.zeros(2)).device == glassnet.device("cpu")
