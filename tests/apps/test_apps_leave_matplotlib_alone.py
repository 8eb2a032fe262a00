"""Apps and lab experiments draw without pyplot: run in a notebook or a script, they leave its backend alone."""

from __future__ import annotations

import os
import subprocess
import sys


def test_an_app_and_an_experiment_keep_the_users_backend(tmp_path):
    code = (
        "import matplotlib; matplotlib.use('svg'); import sys\n"
        "from glassnet.cli.main import main\n"
        f"assert main(['app', 'recommend', '--quick', '--verbose', '0', '--out', {str(tmp_path / 'rec')!r}]) == 0\n"
        "from glassnet.lab import run_experiment\n"
        f"run_experiment('black-box', quick=True, out={str(tmp_path / 'bb')!r}, verbose=0)\n"
        "print(matplotlib.get_backend(), 'matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split()[-2:] == ["svg", "False"]
    pngs = list(tmp_path.rglob("*.png"))
    assert len(pngs) >= 3 and all(p.read_bytes()[:4] == b"\x89PNG" for p in pngs)
