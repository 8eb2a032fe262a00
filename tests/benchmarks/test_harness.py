"""The benchmark harness runs end to end (no timings are asserted: only that it reports)."""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _child(family: str, workload: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(BENCH / family), "--framework", "glassnet", "--workload", workload,
         "--steps", "2", "--warmup", "1", "--threads", "1"],
        capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_op_overhead_child_reports_a_step_time_and_op_count():
    r = _child("autograd.py", "op_overhead")
    assert "error" not in r and r["median_ms"] > 0 and r["ops"] == 200
    assert r["setting"]["threads"] == 1


def test_mlp_raw_child_reports_a_step_time():
    r = _child("mlp.py", "mlp_raw")
    assert "error" not in r and r["median_ms"] > 0


def test_gan_child_reports_a_step_time():
    r = _child("gan.py", "gan_mlp")
    assert "error" not in r and "unavailable" not in r and r["median_ms"] > 0
def test_dp_child_reports_a_step_time():
    r = _child("dp.py", "dp_lenet")
    assert "error" not in r and r["median_ms"] > 0


def test_registry_rows_name_existing_family_files():
    sys.path.insert(0, str(BENCH))
    try:
        import run
    finally:
        sys.path.remove(str(BENCH))
    for name, w in run.WORKLOADS.items():
        assert (BENCH / w.file).exists(), name
        assert w.target > 0
