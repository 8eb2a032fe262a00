"""Every public class and function carries a PyTorch-style docstring whose example runs (tools/docstring_check.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import docstring_check  # noqa: E402

OBJECTS = list(docstring_check.public_objects())


def test_the_public_api_is_large_enough_to_mean_something():
    assert len(OBJECTS) > 800  # a broken namespace import would silently shrink the list


@pytest.mark.parametrize("namespace", docstring_check.NAMESPACES)
def test_docstrings_follow_the_rule(namespace):
    bad = [p for name, obj in OBJECTS if name.rsplit(".", 1)[0] == namespace
           for p in docstring_check.problems(name, obj)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("namespace", docstring_check.NAMESPACES)
def test_docstring_examples_run(namespace):
    bad = [r for name, obj in OBJECTS if name.rsplit(".", 1)[0] == namespace
           for r in docstring_check.run_examples(name, obj)]
    assert not bad, "\n".join(bad)


def test_tensor_methods_are_documented():
    bad = docstring_check.tensor_method_problems()
    assert not bad, "\n".join(bad)


def test_tensor_method_examples_run():
    import glassnet

    bad = [r for name in sorted(vars(glassnet.Tensor)) if not name.startswith("_")
           for r in docstring_check.run_examples(f"glassnet.Tensor.{name}", getattr(glassnet.Tensor, name))]
    assert not bad, "\n".join(bad)
