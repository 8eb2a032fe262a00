"""A Graphviz diagram: DOT text, rendered to SVG/PNG/PDF through the ``graphviz`` package when it is there.

Rendering needs two things: the Python package (``pip install "glassnet[viz]"``) and Graphviz's ``dot``
program. Without either, ``Diagram.save`` writes the DOT text next to the requested file and says how to
render it, so a diagram is never lost for want of a program.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..io.atomic import atomic_write

FORMATS = ("svg", "png", "pdf", "dot", "gv")


def quote(text: object) -> str:
    """A DOT string literal: quotes and backslashes escaped, newlines as DOT's centred line breaks."""
    s = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + s.replace("\n", "\\n") + '"'


def attrs(**kw: object) -> str:
    """``[key="value", ...]`` for the keyword arguments that are not None."""
    items = [f"{k}={quote(v)}" for k, v in kw.items() if v is not None]
    return f" [{', '.join(items)}]" if items else ""


def render(source: str, fmt: str) -> tuple[bytes | None, str | None]:
    """The rendered bytes, or None and the reason (package or program missing, or Graphviz's error)."""
    try:
        import graphviz
    except ImportError:
        return None, 'the graphviz Python package is not installed (pip install "glassnet[viz]")'
    try:
        return graphviz.Source(source).pipe(format=fmt), None
    except graphviz.ExecutableNotFound:
        return None, ("Graphviz's dot program is not installed (apt-get install graphviz, brew install graphviz "
                      "or conda install graphviz)")
    except graphviz.CalledProcessError as e:  # a bad graph: say what dot said
        return None, f"dot failed: {str(e).strip().splitlines()[-1] if str(e).strip() else e}"


class Diagram:
    """A diagram as DOT text; ``save`` renders it, Jupyter shows it as SVG.

    Args:
        source: the DOT text.
        name: what drew it (used in messages).

    Example:
        >>> d = glassnet.inspect.Diagram('digraph { a -> b }')
        >>> d.source
        'digraph { a -> b }'
    """

    def __init__(self, source: str, name: str = "diagram") -> None:
        self.source = source
        self.name = name

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        lines = self.source.count("\n") + 1
        return f"<Diagram {self.name}: {lines} lines of DOT; .save('file.svg') renders it>"

    def pipe(self, fmt: str = "svg") -> bytes:
        """The diagram rendered in ``fmt`` (svg, png, pdf); an error says what is missing to render it."""
        data, why = render(self.source, fmt)
        if data is None:
            raise RuntimeError(f"{self.name}: cannot render {fmt}: {why}")
        return data

    def _repr_svg_(self) -> str | None:
        data, _ = render(self.source, "svg")
        return data.decode("utf-8") if data is not None else None

    def save(self, path: str | os.PathLike) -> Path:
        """Write the diagram in the format its suffix names (.svg, .png, .pdf, or .dot/.gv for the DOT text).

        When it cannot be rendered (no graphviz package or no dot program), the DOT text goes to the same name
        with the suffix .dot, and a message says how to render it. Returns the path written.
        """
        path = Path(path)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise ValueError(f"{self.name}: cannot write {path}: the suffix must be one of "
                             f"{', '.join('.' + f for f in FORMATS)}")
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt in ("dot", "gv"):
            atomic_write(path, lambda tmp: Path(tmp).write_text(self.source, encoding="utf-8"))
            return path
        data, why = render(self.source, fmt)
        if data is None:
            dot_path = path.with_suffix(".dot")
            atomic_write(dot_path, lambda tmp: Path(tmp).write_text(self.source, encoding="utf-8"))
            print(f"{self.name}: {why}; wrote the DOT text to {dot_path} instead. Render it with: "
                  f"dot -T{fmt} {dot_path} -o {path}", file=sys.stderr)
            return dot_path
        atomic_write(path, lambda tmp: Path(tmp).write_bytes(data))
        return path
