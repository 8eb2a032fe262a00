"""docs/api-coverage.md is current, and every name it lists as present really works in glassnet."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path

import pytest

import glassnet

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def coverage():
    pytest.importorskip("torch")
    spec = importlib.util.spec_from_file_location("api_coverage", REPO / "tools" / "api_coverage.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["api_coverage"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def collected(coverage):
    return coverage.collect()


def test_committed_report_is_current(coverage, collected):
    committed = (REPO / "docs" / "api-coverage.md").read_text()
    assert coverage.render(*collected) == committed, "docs/api-coverage.md is stale: run python tools/api_coverage.py"


def test_targets_lead_the_report(coverage, collected):
    text = coverage.render(*collected)
    head = text[:text.index("## Summary")]
    assert "torch.nn layers and torch.nn.functional functions" in head and "95%" in head
    assert "dense real-valued torch.Tensor methods" in head and "90%" in head


def test_every_present_name_exists_and_is_callable(collected):
    import torch

    owners = {"torch": glassnet, "torch.Tensor": glassnet.Tensor, "torch.nn": glassnet.nn,
              "torch.nn.functional": glassnet.nn.functional, "torch.optim": glassnet.optim,
              "torch.optim.lr_scheduler": glassnet.optim.lr_scheduler}
    sample = glassnet.ones(2, 2, requires_grad=True)
    _, namespaces = collected
    for ns in namespaces:
        if not ns.present:
            continue
        owner = owners.get(ns.name) or getattr(glassnet, ns.name.split(".")[-1])
        for name in ns.present:
            if ns.name == "torch.Tensor":
                torch_static = inspect.getattr_static(torch.Tensor, name)
                if callable(torch_static) and not isinstance(torch_static, property):
                    assert callable(getattr(glassnet.Tensor, name)), f"Tensor.{name} is not callable"
                else:
                    getattr(sample, name)  # an attribute: reading it must work
            else:
                obj = getattr(owner, name)
                assert callable(obj), f"{ns.name}.{name} is not callable in glassnet"
                if ns.name == "torch.nn":
                    assert issubclass(obj, glassnet.nn.Module), f"nn.{name} is not a Module"


def test_present_and_missing_are_disjoint_and_sorted(collected):
    _, namespaces = collected
    for ns in namespaces:
        assert not set(ns.present) & set(ns.missing), ns.name
        assert ns.present == sorted(ns.present) and ns.missing == sorted(ns.missing), ns.name
        for names in ns.excluded.values():
            assert not set(names) & (set(ns.present) | set(ns.missing)), ns.name


@pytest.mark.parametrize("namespace, name, family", [
    ("torch.Tensor", "to_sparse", "sparse"),
    ("torch.Tensor", "q_scale", "quantized"),
    ("torch.Tensor", "cuda", "accelerator-only"),
    ("torch.Tensor", "rename", "named tensors"),
    ("torch", "view_as_complex", "complex"),
    ("torch", "_foreach_add", "private"),
    ("torch", "symeig", "deprecated"),
    ("torch", "abs_", "in-place twins"),
    ("torch", "conv2d", "nn.functional twins"),
    ("torch.nn", "SyncBatchNorm", "accelerator-only"),
    ("torch.Tensor", "__add__", None),            # operators count
    ("torch.Tensor", "flipud", None),             # not an IPU name, though it contains "ipu"
    ("torch.nn.functional", "max_pool2d_with_indices", None),  # not sparse, though it ends in "indices"
    ("torch", "sigmoid", None),                   # in F too, but documented at torch.*
    ("torch", "feature_dropout", "aten internals"),
    ("torch.nn.functional", "feature_alpha_dropout", None),  # documented in F, unlike torch.feature_dropout
])
def test_exclusion_rules(coverage, namespace, name, family):
    import torch

    rule = coverage._exclusion_for(namespace, name, torch)
    assert (rule.family if rule else None) == family
