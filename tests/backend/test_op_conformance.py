"""Every op the fuzzer knows (tests/fuzz/fuzz_registry.py), forward and backward, on a second array backend.

On ``device('checked')`` (a NumPy subclass backend that runs in CI) this proves that no op bypasses the
backend: any NumPy call made around ``xp`` on the op's data is recorded and fails the test, and every output
and gradient must be the backend's own array type with the CPU's values. On ``device('cuda')`` the same
cases run on CuPy where a GPU is present (skipped otherwise).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import glassnet

pytest.importorskip("hypothesis")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fuzz"))
from backend_check import DEVICES, backward, checked, compare, tensors  # noqa: E402
from fuzz_cases import Arr  # noqa: E402
from fuzz_registry import REGISTRY  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

EXAMPLES = 6
# Registry calls that build tensors of their own (m.tensor([0, 0]) as an index, prelu's weight, the creation
# functions): they run with the device as the default device, so those land there too. Every other op runs
# without, so a CPU tensor that glassnet itself makes inside an op meets the mixed-devices error.
MAKES_TENSORS = {"F.prelu", "arange", "full", "index_select", "tensor"}


def _build(x, device, grad: bool):
    if isinstance(x, Arr):
        rg = grad and x.grad and str(x.value.dtype) in ("float32", "float64")
        return glassnet.tensor(x.value.copy(), requires_grad=rg, device=device)
    if isinstance(x, list):
        return [_build(y, device, grad) for y in x]
    return x


def _leaves(args) -> list:
    out = []
    for a in args:
        if isinstance(a, list):
            out += _leaves(a)
        elif isinstance(a, glassnet.Tensor) and a.requires_grad:
            out.append(a)
    return out


def _run(spec, case, device):
    """(outputs, gradients) of the op on this device, or the exception it raised."""
    glassnet.set_default_device(device if spec.name in MAKES_TENSORS else None)
    try:
        return _run_here(spec, case, device)
    finally:
        glassnet.set_default_device(None)


def _run_here(spec, case, device):
    args = [_build(a, device, spec.grad) for a in case.args]
    kwargs = {k: _build(v, device, spec.grad) for k, v in case.kwargs.items()}
    try:
        outs = tensors(spec.call(glassnet, *args, **kwargs))
        grads = backward(outs, _leaves(args + list(kwargs.values()))) if spec.grad else []
    except Exception as e:  # noqa: BLE001 - an exception is an outcome, compared with the CPU's
        return e
    return outs, grads


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_op_runs_through_the_backend(name, device):
    if device == "cuda" and not glassnet.cuda.is_available():
        pytest.skip("no CUDA GPU (or CuPy) here")
    spec = REGISTRY[name]

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(spec.cases)
    def run(case):
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            expected = _run(spec, case, None)
            with checked(f"{name} on {case!r}", device):
                got = _run(spec, case, device)
        if isinstance(expected, Exception):
            assert isinstance(got, Exception), f"{name}: the CPU raised {expected!r}, {device} did not"
            return
        assert not isinstance(got, Exception), f"{name} raised on {device} only: {got!r}\n  case={case!r}"
        compare(got[0], expected[0], device, f"{name} output")
        compare(got[1], expected[1], device, f"{name} gradient")

    run()
