"""The page's pure JavaScript modules: `node --test` run from pytest (so CI runs it), and the help texts' links."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JS_TESTS = ROOT / "tests" / "playground" / "js"
STATIC = ROOT / "src" / "glassnet" / "playground" / "static"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


@needs_node
def test_node_tests_of_the_front_end_logic_pass():
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))
    assert files, "no JavaScript tests found"
    r = subprocess.run([NODE, "--test", *files], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "# fail 0" in r.stdout


def _controls() -> dict:
    script = f"import {{ CONTROLS }} from {json.dumps((STATIC / 'js' / 'help.mjs').as_uri())}; " \
             "console.log(JSON.stringify(CONTROLS));"
    r = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@needs_node
def test_every_help_text_names_a_real_study_term_and_lab_experiment():
    pytest.importorskip("yaml")
    from glassnet import lab
    from glassnet.study.content import load_content

    terms = {t.term for t in load_content().terms}
    experiments = set(lab.available())
    for cid, c in _controls().items():
        assert c["term"] in terms, f"#{cid}: no study term {c['term']!r}"
        assert c["experiment"] in experiments, f"#{cid}: no lab experiment {c['experiment']!r}"


@needs_node
def test_every_control_with_help_is_on_the_page():
    html = (STATIC / "index.html").read_text()
    missing = [cid for cid in _controls() if f'id="{cid}"' not in html]
    assert not missing, f"help for controls the page lacks: {missing}"
