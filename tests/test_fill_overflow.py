"""masked_fill, fill_ and clamp refuse a value their tensor's dtype cannot hold, as PyTorch does (found by
the differential fuzzer: -1e30 into float16 was filled as -inf)."""

import pytest

import glassnet

torch = pytest.importorskip("torch")

CASES = [("float16", -1e30, False), ("float16", -1e30, True), ("float16", 70000.0, False),
         ("float32", 1e300, False), ("int8", 300, False), ("int8", 300, True),
         ("float16", float("-inf"), True), ("float16", float("nan"), False), ("float16", 60000.0, False),
         ("uint8", -1, False)]


@pytest.mark.parametrize("dtype, value, as_tensor", CASES)
@pytest.mark.parametrize("inplace", [False, True])
def test_masked_fill_refuses_what_torch_refuses(dtype, value, as_tensor, inplace):
    results = []
    for lib in (torch, glassnet):
        x = lib.zeros(3, dtype=getattr(lib, dtype))
        mask = lib.tensor([True, False, True])
        v = lib.tensor(value) if as_tensor else value
        try:
            out = x.masked_fill_(mask, v) if inplace else x.masked_fill(mask, v)
            results.append(("ok", [str(a) for a in out.tolist()]))
        except RuntimeError as e:
            results.append(("raises", "without overflow" in str(e)))
    assert results[0] == results[1]


def test_a_value_that_requires_grad_is_range_checked_too():
    v = glassnet.tensor(-1e30, requires_grad=True)
    with pytest.raises(RuntimeError, match="float16 without overflow"):
        glassnet.zeros(2, dtype=glassnet.float16).masked_fill(glassnet.tensor([True, False]), v)


@pytest.mark.parametrize("dtype, value, as_tensor", CASES)
def test_fill_refuses_a_number_torch_refuses_and_casts_a_tensor_as_torch_does(dtype, value, as_tensor):
    results = []
    for lib in (torch, glassnet):
        x = lib.zeros(2, dtype=getattr(lib, dtype))
        try:
            x.fill_(lib.tensor(value) if as_tensor else value)
            results.append(("ok", [str(a) for a in x.tolist()]))
        except RuntimeError as e:
            results.append(("raises", "without overflow" in str(e)))
    assert results[0] == results[1]


CLAMP_CASES = [("float16", {"max": 1e30}), ("float16", {"min": -1e30}), ("float16", {"min": 70000.0}),
               ("float16", {"min": 65504.0}), ("float16", {"min": float("inf")}), ("float16", {"max": float("nan")}),
               ("float32", {"max": 1e300}), ("float32", {"min": -1e30, "max": 1e30}), ("float64", {"max": 1e300}),
               ("int8", {"max": 300}), ("int8", {"min": -5, "max": 5})]


@pytest.mark.parametrize("dtype, bounds", CLAMP_CASES)
@pytest.mark.parametrize("method", ["clamp", "clamp_", "clamp_min", "clamp_max"])
def test_clamp_refuses_a_bound_its_dtype_cannot_hold_as_torch_does(dtype, bounds, method):
    if method in ("clamp_min", "clamp_max"):
        side = method[-3:]
        if side not in bounds:
            pytest.skip("the bound this method takes is not in the case")
        bounds = {side: bounds[side]}
    results = []
    for lib in (torch, glassnet):
        x = lib.tensor([1, 2, 3], dtype=getattr(lib, dtype))
        try:
            out = getattr(x, method)(**bounds)
            results.append(("ok", [str(a) for a in out.tolist()]))
        except RuntimeError as e:
            results.append(("raises", "without overflow" in str(e)))
    assert results[0] == results[1]
