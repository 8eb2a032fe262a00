"""The child side of the harness: one process times one workload in one framework.

A family file (``mlp.py``, ``autograd.py`` ...) defines ``WORKLOADS = {name: {"glassnet": build,
"torch": build}}`` where ``build(threads)`` imports its framework, makes synthetic float32 data and
returns ``(step, info)``: ``step()`` runs one iteration and ``info`` is a dict (e.g. ``{"ops": 200}``
so the table can show time per op). The family file ends with ``main(WORKLOADS)``.

The child prints one JSON line on stdout, read by ``run.py``. Threads are fixed before NumPy or
PyTorch is imported, and the PyTorch child asks glibc for the same malloc settings glassnet sets at
setup (``glassnet.backend.tune_allocator``), so both frameworks run under one allocator setting.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

# The same values as glassnet.backend.tune_allocator (kept in step by hand: the torch child must
# not import glassnet, or both frameworks would share a heap).
MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 2**31 - 1


class Unavailable(Exception):
    """Raised by a builder when the framework lacks what the workload needs."""


def allocator_wanted() -> bool:
    """True unless GLASSNET_MALLOPT=0 asks for glibc's default behaviour."""
    return os.environ.get("GLASSNET_MALLOPT", "1") != "0"


def tune_allocator_like_glassnet() -> bool:
    """Apply glassnet's mallopt settings in this process (for the PyTorch child)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        ok = libc.mallopt(m_mmap_threshold, MMAP_THRESHOLD) == 1
        return libc.mallopt(m_trim_threshold, TRIM_THRESHOLD) == 1 and ok
    except (OSError, AttributeError):
        return False


def set_threads(threads: int) -> None:
    """Fix the BLAS/OpenMP thread count; must run before NumPy or PyTorch is imported."""
    for var in THREAD_VARS:
        os.environ[var] = str(threads)


def framework_setup(framework: str, threads: int) -> dict:
    """Import the framework under test, configure it, and describe the setting in force."""
    import numpy

    setting: dict[str, Any] = {"numpy": numpy.__version__}
    if framework == "torch":
        tuned = tune_allocator_like_glassnet() if allocator_wanted() else False
        import torch

        torch.set_num_threads(threads)
        setting.update(torch=torch.__version__, allocator_tuned=tuned, threads=torch.get_num_threads())
    else:
        import glassnet

        tuned = glassnet.backend.tune_allocator() if allocator_wanted() else False
        setting.update(glassnet=glassnet.__version__, allocator_tuned=tuned,
                       threads=threads)
    return setting


def time_steps(step: Callable[[], Any], steps: int, warmup: int) -> list[float]:
    """Run warm-up steps untimed, then return each timed step's duration in milliseconds."""
    for _ in range(warmup):
        step()
    out = []
    clock = time.perf_counter
    for _ in range(steps):
        t0 = clock()
        step()
        out.append((clock() - t0) * 1e3)
    return out


def main(workloads: dict[str, dict[str, Callable]]) -> None:
    """Parse the child's arguments, time the workload and print one JSON line."""
    p = argparse.ArgumentParser(description="Time one benchmark workload in one framework.")
    p.add_argument("--framework", choices=("glassnet", "torch"), required=True)
    p.add_argument("--workload", choices=sorted(workloads), required=True)
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    set_threads(args.threads)

    result: dict[str, Any] = {"framework": args.framework, "workload": args.workload}
    try:
        result["setting"] = framework_setup(args.framework, args.threads)
        build = workloads[args.workload][args.framework]
        try:
            step, info = build(args.threads)
        except (ImportError, AttributeError, Unavailable) as e:
            # e.g. glassnet.nn not written yet: report it instead of failing the whole table.
            result["unavailable"] = f"{type(e).__name__}: {e}"
            print(json.dumps(result))
            return
        ms = time_steps(step, args.steps, args.warmup)
        result.update(info)
        result.update(median_ms=statistics.median(ms), mean_ms=statistics.fmean(ms), steps=args.steps)
    except Exception as e:  # noqa: BLE001 - the harness reports any failure as a row
        result["error"] = f"{type(e).__name__}: {e}"
        traceback.print_exc()
    print(json.dumps(result))
