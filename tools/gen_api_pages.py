"""Write the API reference's pages (one per namespace) from the list of public objects.

Called by ``docs/api/conf.py`` at build time; ``python tools/gen_api_pages.py OUT_DIR`` writes them by hand.
"""

from __future__ import annotations

import inspect
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docstring_check import NAMESPACES, public_objects  # noqa: E402

TITLES = {
    "glassnet": "glassnet: tensors and tensor functions",
    "glassnet.nn": "glassnet.nn: layers",
    "glassnet.nn.functional": "glassnet.nn.functional",
    "glassnet.nn.init": "glassnet.nn.init",
    "glassnet.nn.utils": "glassnet.nn.utils",
    "glassnet.optim": "glassnet.optim: optimizers",
    "glassnet.optim.lr_scheduler": "glassnet.optim.lr_scheduler",
    "glassnet.optim.swa_utils": "glassnet.optim.swa_utils: weight averaging (SWA, EMA)",
    "glassnet.data": "glassnet.data: datasets and loaders",
    "glassnet.train": "glassnet.train: fit, evaluate, callbacks",
    "glassnet.models": "glassnet.models: the model zoo",
    "glassnet.inspect": "glassnet.inspect: looking inside",
    "glassnet.linalg": "glassnet.linalg",
    "glassnet.special": "glassnet.special",
    "glassnet.distributions": "glassnet.distributions",
    "glassnet.autograd": "glassnet.autograd",
    "glassnet.utils": "glassnet.utils",
    "glassnet.io": "glassnet.io: saving and loading",
    "glassnet.interop": "glassnet.interop: PyTorch weights in",
    "glassnet.sklearn": "glassnet.sklearn: scikit-learn estimators",
}


TENSOR_PROPERTIES = ["data", "grad", "grad_fn", "requires_grad", "is_leaf", "shape", "dtype", "device",
                     "T", "mT", "H", "mH"]


def _page(ns: str, names: list[tuple[str, object]]) -> str:
    title = TITLES.get(ns, ns)
    lines = [title, "=" * len(title), "", f".. currentmodule:: {ns}", ""]
    if ns == "glassnet":
        lines += ["Tensor", "------", "", ".. autoclass:: glassnet.Tensor", "   :members:",
                  "   :exclude-members: " + ", ".join(TENSOR_PROPERTIES), "", "Functions", "---------", ""]
    for qual, obj in sorted(names, key=lambda p: p[0].lower()):
        short = qual[len(ns) + 1:]
        if ns == "glassnet" and short == "Tensor":
            continue
        kind = "autoclass" if inspect.isclass(obj) else "autofunction"
        lines += [f".. {kind}:: {short}", ""]
        if kind == "autoclass":
            lines += ["   :members:", ""] if ns != "glassnet.nn" else []
    return "\n".join(lines) + "\n"


def write_pages(out: Path) -> list[str]:
    """Write one .rst page per namespace under ``out``; return the page names."""
    groups: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for qual, obj in public_objects():
        ns = max((n for n in NAMESPACES if qual.startswith(n + ".") and "." not in qual[len(n) + 1:]), key=len)
        groups[ns].append((qual, obj))
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for ns in NAMESPACES:
        if not groups.get(ns):
            continue
        (out / f"{ns}.rst").write_text(_page(ns, groups[ns]))
        pages.append(ns)
    return pages


if __name__ == "__main__":
    print("\n".join(write_pages(Path(sys.argv[1]))))
