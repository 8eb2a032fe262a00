"""The docstring rule of glassnet's public API, checked and doctested.

Every public class and function of the documented namespaces carries a PyTorch-style docstring: a
one-line summary, an ``Args:`` section when it takes arguments, and an ``Example:`` whose ``>>>``
lines run (they are doctested with ``glassnet``, ``nn``, ``F``, ``optim`` and ``np`` in scope and
``glassnet.manual_seed(0)`` before each). A Tensor method either has such a docstring or points to
the function it mirrors with ``See :func:`glassnet.NAME```, as PyTorch's do.

Run ``python tools/docstring_check.py [MODULE_PREFIX ...]`` to list what breaks the rule; the test
``tests/docs/test_docstrings.py`` runs the same check on everything.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import re
import sys
from collections.abc import Iterator
from typing import Any

NAMESPACES = [
    "glassnet", "glassnet.nn", "glassnet.nn.functional", "glassnet.nn.init", "glassnet.nn.utils",
    "glassnet.optim", "glassnet.optim.lr_scheduler", "glassnet.optim.swa_utils", "glassnet.data", "glassnet.train",
    "glassnet.models",
    "glassnet.inspect", "glassnet.linalg", "glassnet.special", "glassnet.distributions", "glassnet.autograd",
    "glassnet.utils", "glassnet.io", "glassnet.interop", "glassnet.sklearn", "glassnet.onnx",
    "glassnet.fairness", "glassnet.energy", "glassnet.model_card", "glassnet.transfer", "glassnet.distributed",
    "glassnet.privacy", "glassnet.gan",
]
SEE_ALSO = re.compile(r"See :(?:func|meth|class):`~?(glassnet\.[\w.]+)`")


def _public(mod: Any) -> list[str]:
    names = getattr(mod, "__all__", None)
    if names is None:
        names = [n for n in vars(mod) if not n.startswith("_")]
    return list(names)


def public_objects() -> Iterator[tuple[str, Any]]:
    """Yield (qualified name, object) for every public class and function, each object once."""
    seen: set[int] = set()
    for ns in NAMESPACES:
        mod = importlib.import_module(ns)
        for name in _public(mod):
            obj = getattr(mod, name, None)
            if not (inspect.isclass(obj) or inspect.isfunction(obj) or inspect.isbuiltin(obj)):
                continue
            if not str(getattr(obj, "__module__", "")).startswith("glassnet") or id(obj) in seen:
                continue
            seen.add(id(obj))
            yield f"{ns}.{name}", obj


def _takes_arguments(obj: Any) -> bool:
    target = obj.__init__ if inspect.isclass(obj) else obj
    if inspect.isclass(obj) and target is object.__init__:
        return False
    try:
        params = list(inspect.signature(target).parameters.values())
    except (TypeError, ValueError):
        return False
    return any(p.name not in ("self", "cls") for p in params)


def problems(name: str, obj: Any) -> list[str]:
    """What the docstring of ``obj`` lacks under the rule (empty when it follows it)."""
    doc = inspect.getdoc(obj) or ""
    if not doc.strip():
        return [f"{name}: no docstring"]
    out = []
    if _takes_arguments(obj) and not re.search(r"^(Args|Arguments|Keyword args|Parameters):", doc, re.M):
        out.append(f"{name}: no 'Args:' section")
    if ">>>" not in doc:
        out.append(f"{name}: no '>>>' example")
    return out


def tensor_method_problems() -> list[str]:
    """Tensor methods: a full docstring, or 'See :func:`glassnet.X`' naming a documented function."""
    import glassnet

    out = []
    for name in sorted(vars(glassnet.Tensor)):
        if name.startswith("_") or not callable(getattr(glassnet.Tensor, name, None)):
            continue
        doc = inspect.getdoc(getattr(glassnet.Tensor, name)) or ""
        if not doc.strip():
            out.append(f"glassnet.Tensor.{name}: no docstring")
            continue
        if ">>>" in doc:
            continue
        m = SEE_ALSO.search(doc)
        if m is None:
            out.append(f"glassnet.Tensor.{name}: neither an example nor 'See :func:`glassnet.X`'")
            continue
        target = _resolve(m.group(1))
        if target is None:
            out.append(f"glassnet.Tensor.{name}: 'See' names {m.group(1)}, which does not exist")
    return out


def _resolve(dotted: str) -> Any:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr, None)
            if obj is None:
                return None
        return obj
    return None


def doctest_globals() -> dict[str, Any]:
    """The names every docstring example may use without importing them."""
    import numpy as np

    import glassnet

    return {"glassnet": glassnet, "nn": glassnet.nn, "F": glassnet.nn.functional, "optim": glassnet.optim, "np": np}


def run_examples(name: str, obj: Any) -> list[str]:
    """Run the ``>>>`` lines of ``obj``'s docstring; return a failure report per failing example."""
    import glassnet

    doc = inspect.getdoc(obj) or ""
    if ">>>" not in doc:
        return []
    parser = doctest.DocTestParser()
    test = parser.get_doctest(doc, doctest_globals(), name, None, 0)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags, verbose=False)
    glassnet.manual_seed(0)
    report: list[str] = []
    runner.run(test, out=report.append, clear_globs=True)
    return ["".join(report)] if runner.failures else []


def main(argv: list[str]) -> int:
    """List the rule's violations and failing examples under the given name prefixes."""
    prefixes = argv or [""]
    bad: list[str] = []
    count = 0
    for name, obj in public_objects():
        mod = getattr(obj, "__module__", "")
        if not any(name.startswith(p) or mod.startswith(p) for p in prefixes):
            continue
        count += 1
        bad += problems(name, obj)
        bad += run_examples(name, obj)
    if any("glassnet.Tensor".startswith(p) or p.startswith("glassnet.Tensor") for p in prefixes):
        bad += tensor_method_problems()
    print("\n".join(bad))
    print(f"{count} objects checked, {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
