"""Sphinx configuration of glassnet's API reference: every page is generated from the docstrings.

Build: ``sphinx-build -W -b html docs/api docs/api/_build`` (``pip install "glassnet[docs]"``).
The pages listing the objects are written at build time by ``tools/gen_api_pages.py`` from the
same list of public names that ``tools/docstring_check.py`` checks, so the reference cannot miss one.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

import gen_api_pages  # noqa: E402

project = "glassnet"
author = "the glassnet developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.mathjax"]
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
autodoc_typehints = "none"  # the signature line shows PyTorch-style defaults; types are in Args
autodoc_member_order = "bysource"
add_module_names = True
html_theme = "alabaster"
html_title = "glassnet API reference"
exclude_patterns = ["_build"]
# A name glassnet exposes in two namespaces (glassnet.relu, F.relu) may resolve twice.
suppress_warnings = ["ref.python"]
master_doc = "index"

gen_api_pages.write_pages(Path(__file__).resolve().parent / "generated")
