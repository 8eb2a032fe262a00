"""Every course notebook (docs/notebooks/*.ipynb) runs top to bottom with GLASSNET_NOTEBOOK_QUICK=1."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "docs" / "notebooks"
PAGES = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")


def test_one_notebook_per_part_of_the_guide_committed_without_outputs():
    assert [p.stem[:2] for p in PAGES] == [f"{i:02d}" for i in range(1, 9)]
    for path in PAGES:
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert 'QUICK = os.environ.get("GLASSNET_NOTEBOOK_QUICK") == "1"' in "".join(code[0]["source"]), path.name
        assert all(not c["outputs"] and c["execution_count"] is None for c in code), f"{path.name} has outputs"


def test_the_notebooks_are_what_make_notebooks_writes(tmp_path):
    sys.path.insert(0, str(NOTEBOOKS))
    try:
        import make_notebooks
    finally:
        sys.path.remove(str(NOTEBOOKS))
    for path in PAGES:
        title, cells = make_notebooks.NOTEBOOKS[path.stem]
        assert nbformat.writes(make_notebooks.build(path.stem, title, cells)) + "\n" == path.read_text("utf-8"), \
            f"{path.name} differs from make_notebooks.py: rerun python docs/notebooks/make_notebooks.py"


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_notebook_executes(path, tmp_path, monkeypatch):
    monkeypatch.setenv("GLASSNET_NOTEBOOK_QUICK", "1")
    monkeypatch.setenv("GLASSNET_CODECARBON", "0")  # fit's energy figures from glassnet's own estimate: no
    # CodeCarbon start-up (seconds per kernel), which is not what this test checks
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(var, "1")  # the kernel is another process: one BLAS thread, as the other tests
    src = str(Path(__file__).resolve().parents[2] / "src")
    # the kernel must import this checkout's glassnet, as the tests do
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([src, *filter(None, [os.environ.get("PYTHONPATH")])]))
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
