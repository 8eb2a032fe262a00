"""One place declares the Tensor methods that ``tensor.py`` does not define: ``glassnet/tensor_methods.py``.

So "where does ``x.NAME`` come from?" has two possible answers, the class body in ``tensor.py`` or the
registry's table, and no other module of ``src/glassnet`` assigns attributes onto ``Tensor``.
"""

from __future__ import annotations

import ast
import inspect
import pydoc
from pathlib import Path

import glassnet
from glassnet import Tensor, tensor_methods

SRC = Path(glassnet.__file__).resolve().parent
REGISTRY = SRC / "tensor_methods.py"


def tensor_assignments(code: str) -> list[str]:
    """Every ``setattr``/``delattr`` on Tensor and every ``Tensor.NAME = ...`` in a module's code, at any depth."""
    tree = ast.parse(code)
    names = {"Tensor", "_Tensor"}  # and whatever a module imports the class as
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names |= {a.asname for a in node.names if a.name == "Tensor" and a.asname}

    def is_tensor(expr: ast.expr) -> bool:
        return (isinstance(expr, ast.Name) and expr.id in names) or (
            isinstance(expr, ast.Attribute) and expr.attr == "Tensor")

    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr")
                and node.args and is_tensor(node.args[0])):
            found.append(f"line {node.lineno}: {node.func.id}({ast.unparse(node.args[0])}, ...)")
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        for target in targets:
            for t in ast.walk(target):  # tuple targets: a, Tensor.x = ...
                if isinstance(t, ast.Attribute) and is_tensor(t.value):
                    found.append(f"line {node.lineno}: {ast.unparse(t)} assigned")
    return found


def test_the_scan_sees_every_kind_of_assignment_onto_tensor():
    # the rule is only as good as the parser: check it on the forms such a line takes
    samples = {
        "setattr(Tensor, 'x', f)": True,
        "for n in names:\n    setattr(Tensor, n, globals()[n])\n": True,
        "def install():\n    setattr(_Tensor, 'x', f)\n": True,
        "from .tensor import Tensor as T\nsetattr(T, 'x', f)": True,
        "Tensor.x = f": True,
        "Tensor.x += f": True,
        "a, Tensor.x = 1, f": True,
        "glassnet.Tensor.x = f": True,
        "del Tensor.x": True,
        "delattr(Tensor, 'x')": True,
        "setattr(module, 'x', f)": False,
        "t.x = Tensor.y": False,
        "x = Tensor.add": False,
        "Tensor.x(1)": False,
    }
    for code, expected in samples.items():
        assert bool(tensor_assignments(code)) == expected, code


def test_only_the_registry_assigns_onto_tensor():
    bad = {}
    for path in sorted(SRC.rglob("*.py")):
        if path == REGISTRY:
            continue
        hits = tensor_assignments(path.read_text())
        if hits:
            bad[str(path.relative_to(SRC))] = hits
    assert not bad, (
        "a Tensor method defined outside tensor.py is declared in tensor_methods.py (METHODS or INPLACE), "
        "not set from the module that defines it: " + "; ".join(f"{m}: {', '.join(h)}" for m, h in bad.items())
    )


def _class_body_names() -> set[str]:
    """The names ``class Tensor`` in tensor.py defines itself (methods, properties, class attributes, slots)."""
    tree = ast.parse((SRC / "tensor.py").read_text())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Tensor")
    names = set()
    for node in cls.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            targets = {t.id for target in node.targets for t in ast.walk(target) if isinstance(t, ast.Name)}
            if "__slots__" in targets:  # each slot is a descriptor on the class
                targets |= {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant)}
            names |= targets
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_every_registered_method_is_a_documented_callable_of_tensor():
    table = tensor_methods.all_methods()
    assert len(table) > 180  # the table and the in-place variants: a broken import would shrink it
    for name in table:
        method = getattr(Tensor, name, None)
        assert callable(method), name
        assert (inspect.getdoc(method) or "").strip(), f"Tensor.{name} has no docstring"


def test_the_table_installs_the_module_functions_themselves():
    # t.NAME is the function glassnet.NAME names (wrapped once where it takes axis=/keepdims=), so the two
    # share their docstring, __name__ and __qualname__
    for name, fn in tensor_methods.METHODS.items():
        method = vars(Tensor)[name]
        if name in tensor_methods.AXIS_ALIASED:
            assert method.__wrapped__ is fn, name
        else:
            assert method is fn, name
        assert (method.__name__, method.__qualname__, method.__doc__) == (fn.__name__, fn.__qualname__, fn.__doc__)
    assert Tensor.logcumsumexp.__wrapped__ is glassnet.reduce_functions.logcumsumexp
    assert Tensor.inverse is glassnet.inverse is glassnet.linalg.inv


def test_help_shows_a_registered_method_s_docstring():
    first_line = glassnet.reduce_functions.logcumsumexp.__doc__.strip().splitlines()[0]
    assert first_line in pydoc.render_doc(Tensor.logcumsumexp)


def test_every_public_tensor_attribute_is_in_tensor_py_or_the_registry():
    # "where does x.NAME come from?": the class body, or tensor_methods.py; nothing else adds one
    declared = _class_body_names() | set(tensor_methods.all_methods())
    stray = sorted(n for n in vars(Tensor) if not n.startswith("__") and n not in declared)
    assert not stray, f"Tensor attributes set from outside tensor.py and tensor_methods.py: {stray}"


def test_the_table_overrides_nothing_written_in_the_class():
    # install() sets every name unconditionally: a table entry or a generated NAME_ with the same name as a
    # method written in tensor.py would silently replace it (AXIS_ALIASED wraps those methods on purpose)
    body = _class_body_names()
    clashes = sorted(set(tensor_methods.METHODS) & body)
    clashes += sorted(n + "_" for n in tensor_methods.INPLACE if n + "_" in body)
    assert not clashes, clashes
