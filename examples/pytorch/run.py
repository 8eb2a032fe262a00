"""Run one example on either backend: `python run.py FILE --backend glassnet|torch [example args]`.

For glassnet the example's `import torch` line becomes `import glassnet as torch`; nothing else changes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

IMPORT_LINE = re.compile(r"^import torch$", re.MULTILINE)


def rewrite(source: str, backend: str) -> str:
    """The example's source for the chosen backend (only its single `import torch` line differs)."""
    if backend == "torch":
        return source
    rewritten, count = IMPORT_LINE.subn("import glassnet as torch", source)
    if count != 1:
        raise ValueError(f"expected exactly one 'import torch' line, found {count}")
    return rewritten


def main(argv: list[str] | None = None) -> None:
    """Execute FILE as __main__ with the remaining arguments as its sys.argv."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path, help="the example to run, e.g. mnist.py")
    parser.add_argument("--backend", choices=("glassnet", "torch"), default="glassnet")
    args, rest = parser.parse_known_args(argv)
    path = args.file.resolve()
    code = compile(rewrite(path.read_text(), args.backend), str(path), "exec")
    if args.backend == "glassnet":
        src = Path(__file__).resolve().parents[2] / "src"  # the repo's glassnet when it is not installed
        if src.is_dir() and str(src) not in sys.path:
            sys.path.insert(0, str(src))
    sys.path.insert(0, str(path.parent))  # the examples' shared helpers (mnist_data.py)
    sys.argv = [str(path), *rest]
    exec(code, {"__name__": "__main__", "__file__": str(path)})


if __name__ == "__main__":
    main()
