"""The machinery behind ``glassnet.nn.modules.*``: modules named as PyTorch's that re-export glassnet.nn classes.

PyTorch programs import layers by their defining module (``from torch.nn.modules.loss import _Loss``).
glassnet files its layers differently, so each ``glassnet.nn.modules.<name>`` lists PyTorch's names for
that module and looks each one up in glassnet.nn when asked (PEP 562 module ``__getattr__``): layers
added to glassnet.nn later appear here without edits, and a name glassnet lacks fails naming PyTorch's path.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def alias_module(module: str, names: list[str], private: dict[str, str] | None = None
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for the alias ``module`` of PyTorch's ``names``.

    ``private`` maps PyTorch's private base classes (``_Loss``) to the glassnet module that defines them.
    """
    private = private or {}
    torch_path = module.replace("glassnet.", "torch.", 1)

    def find(name: str) -> Any:
        source = private.get(name, "glassnet.nn")
        return getattr(importlib.import_module(source), name, None)

    def __getattr__(name: str) -> Any:
        if name == "__all__":
            return [n for n in names if find(n) is not None]
        if name in names or name in private:
            found = find(name)
            if found is not None:
                return found
            raise AttributeError(f"module {module!r} has no attribute {name!r}: {torch_path}.{name} "
                                 "exists in PyTorch but glassnet does not implement it")
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(__getattr__("__all__")) | {n for n in private if find(n) is not None})

    return __getattr__, __dir__
