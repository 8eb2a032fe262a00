"""One layering rule: ops/ holds the Functions on raw arrays, nn/ the functional forms that take Tensors.

So ``src/glassnet/ops`` never imports ``glassnet.tensor``, and every ``F.x`` is defined in a module
under ``glassnet.nn``: "where is F.x?" has one answer, the module ``nn/functional.py`` imports it from.
"""

from __future__ import annotations

import ast
import inspect
import types
from pathlib import Path

import glassnet
import glassnet.nn.functional as F

SRC = Path(glassnet.__file__).resolve().parent
OPS = SRC / "ops"

# Modules of ops/ still allowed to import the Tensor, each with the reason. Remove an entry once it is fixed
# (test_the_exceptions_are_still_needed fails when an entry has become unnecessary).
TENSOR_IMPORT_EXCEPTIONS: dict[str, str] = {}

# Public names of glassnet.nn.functional defined outside glassnet.nn, each with the reason (none today).
FUNCTIONAL_OUTSIDE_NN: dict[str, str] = {}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module an ``from X import ...`` statement names, relative levels resolved."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def tensor_imports(code: str, module: str, is_package: bool = False) -> list[str]:
    """Every import of glassnet.tensor or of the name Tensor in a module's code, at any depth (lazy imports too)."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: import {a.name}" for a in node.names
                      if a.name == "glassnet.tensor" or a.name.startswith("glassnet.tensor.")]
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, is_package, node)
            names = [a.name for a in node.names]
            if source == "glassnet.tensor" or "Tensor" in names or (source == "glassnet" and "tensor" in names):
                found.append(f"line {node.lineno}: from {source} import {', '.join(names)}")
    return found


def _file_tensor_imports(path: Path) -> list[str]:
    return tensor_imports(path.read_text(), _module_name(path), path.name == "__init__.py")


def _ops_files() -> list[Path]:
    return sorted(OPS.rglob("*.py"))


def test_the_scan_sees_every_kind_of_tensor_import():
    # the rule is only as good as the parser: check it on the forms a lazy, relative or absolute import takes
    samples = {
        "from ..tensor import Tensor": True,
        "def f():\n    from ..tensor import Tensor\n": True,
        "from .. import tensor": True,
        "import glassnet.tensor": True,
        "from glassnet import Tensor": True,
        "from glassnet.tensor import _arr": True,
        "from ..autograd.function import Function": False,
        "from . import elementwise": False,
        "from .tensor_like import x": False,  # glassnet.ops.tensor_like, not glassnet.tensor
    }
    for code, expected in samples.items():
        assert bool(tensor_imports(code, "glassnet.ops.probe")) == expected, code


def test_ops_never_import_the_tensor():
    bad = {}
    for path in _ops_files():
        name = _module_name(path)
        hits = _file_tensor_imports(path)
        if hits and name not in TENSOR_IMPORT_EXCEPTIONS:
            bad[name] = hits
    assert not bad, (
        "ops/ works on raw arrays; a function that takes Tensors belongs in a module under nn/ (or above): "
        + "; ".join(f"{m}: {', '.join(h)}" for m, h in bad.items())
    )


def test_the_exceptions_are_still_needed():
    names = {_module_name(p): p for p in _ops_files()}
    stale = [m for m in TENSOR_IMPORT_EXCEPTIONS if m not in names or not _file_tensor_imports(names[m])]
    assert not stale, f"no longer import the Tensor, drop them from TENSOR_IMPORT_EXCEPTIONS: {stale}"


def _public_functional() -> dict[str, object]:
    return {n: getattr(F, n) for n in dir(F)
            if not n.startswith("_") and not isinstance(getattr(F, n), types.ModuleType)}


def test_every_functional_form_is_defined_under_nn():
    names = _public_functional()
    assert len(names) > 100  # a broken import in nn/functional.py would silently shrink the list
    bad = {n: getattr(obj, "__module__", None) for n, obj in names.items()
           if n not in FUNCTIONAL_OUTSIDE_NN and not str(getattr(obj, "__module__", "")).startswith("glassnet.nn.")}
    assert not bad, f"F names defined outside glassnet.nn (move them, or list them with a reason): {bad}"


def test_functional_forms_are_not_also_in_ops():
    # one answer to "where is F.x?": no module of ops/ still defines a function of the same name
    names = set(_public_functional())
    clashes = []
    for path in _ops_files():
        if "reference" in path.parts:  # the readable references share names with what they explain, on purpose
            continue
        tree = ast.parse(path.read_text())
        clashes += [f"{_module_name(path)}.{node.name}" for node in tree.body
                    if isinstance(node, ast.FunctionDef) and node.name in names]
    assert not clashes, clashes


def test_the_functional_forms_keep_their_public_names():
    # where the forms moved from ops/ to nn/, the public API kept every name
    for name in ("relu", "gelu", "softmax", "log_softmax", "dropout", "alpha_dropout", "cross_entropy", "nll_loss",
                 "one_hot", "kl_div", "ctc_loss", "triplet_margin_loss", "batch_norm", "layer_norm", "group_norm",
                 "scaled_dot_product_attention", "multi_head_attention_forward"):
        obj = getattr(F, name)
        assert inspect.isfunction(obj), name
        assert obj.__module__.startswith("glassnet.nn."), (name, obj.__module__)
