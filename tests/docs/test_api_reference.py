"""The API reference builds from the docstrings with Sphinx, warnings as errors (the `docs` extra)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_api_reference_builds_without_warnings(tmp_path):
    pytest.importorskip("sphinx")
    out = tmp_path / "html"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           str(ROOT / "docs" / "api"), str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-5000:]
    page = (out / "generated" / "glassnet.nn.html").read_text()
    assert "Linear" in page and "Example" in page  # the docstrings made it into the pages
