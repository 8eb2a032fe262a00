"""glassnet vs PyTorch: one table of per-step times and their ratio.

Each measurement is a fresh child process (``python benchmarks/<family>.py --framework F --workload W
--steps N``) so the two frameworks never share a heap; glassnet and PyTorch runs alternate
(A B B A A B ...) and the ratio quoted is the median of the per-pair ratios. Both children run with
the same thread count and the same glibc malloc setting.

Usage: ``python benchmarks/run.py [--only NAME] [--repeats 5] [--threads 2] [--quick]``.
To add a workload: write a family file (see common.py) and add one line to WORKLOADS below.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
FRAMEWORKS = ("glassnet", "torch")


class Workload(NamedTuple):
    """One row of the table: the family file that runs it, what it measures, the target ratio."""

    file: str
    description: str
    target: float
    steps: int = 50  # timed steps per child process (warm-up excluded)


WORKLOADS: dict[str, Workload] = {
    "mlp_raw": Workload("mlp.py", "MLP 784-256-128-10, b128, raw tensor ops + SGD, fwd+bwd+update", 1.3, 200),
    "op_overhead": Workload("autograd.py", "200 elementwise ops on 16x16, fwd+bwd", 1.3, 200),
    "mlp_adam": Workload("mlp.py", "MLP 784-256-128-10, b128, nn.Linear/ReLU/CE + Adam, full step", 1.3, 200),
    "lenet_train": Workload("cnn.py", "LeNet-5 1x28x28, b64, SGD momentum, full training step", 1.3, 50),
    "lenet_infer": Workload("cnn.py", "LeNet-5 1x28x28, b256, forward under no_grad", 1.1, 50),
    "char_lstm": Workload("rnn.py", "char-LSTM V65 E64 H128, seq 64, b32, Adam, full step", 1.3, 30),
    "char_gru": Workload("rnn.py", "char-GRU V65 E64 H128, seq 64, b32, Adam, full step", 1.5, 30),
    "gan_mlp": Workload("gan.py", "MLP-GAN G 64-256-784 / D 784-256-1, b64, Adam, one D + one G update", 1.3, 100),
    "gan_dcgan": Workload("gan.py", "DCGAN 1x28x28 (ConvTranspose2d/BatchNorm2d G, Conv2d D), b64, Adam, D + G update",
                          1.5, 30),
    # torch side: PyTorch + Opacus (GradSampleModule, DPOptimizer); dp_overhead.py gives DP/normal ratios
    "dp_mlp": Workload("dp.py", "DP-SGD step, MLP 784-256-128-10, b128 (vs torch + Opacus)", 1.5, 50),
    "dp_lenet": Workload("dp.py", "DP-SGD step, LeNet-5 1x28x28, b64 (vs torch + Opacus)", 1.5, 20),
}


def cpu_model() -> str:
    """The CPU's model name (Linux), or what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def cpu_pressure() -> str:
    """Linux PSI: the share of the last minute in which some runnable task waited for a CPU."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0].split()
        return f", CPU pressure {dict(kv.split('=') for kv in some[1:])['avg60']}% (last 60 s)"
    except (OSError, IndexError, KeyError, ValueError):
        return ""


def run_child(name: str, w: Workload, framework: str, args: argparse.Namespace, env: dict) -> dict:
    """Run one child process and return its JSON result (or an 'error' entry)."""
    cmd = [sys.executable, str(HERE / w.file), "--framework", framework, "--workload", name,
           "--steps", str(args.steps or (max(w.steps // 5, 5) if args.quick else w.steps)),
           "--warmup", str(args.warmup), "--threads", str(args.threads)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout} s"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"exit {proc.returncode}: {tail}"}


def measure(name: str, w: Workload, args: argparse.Namespace, env: dict) -> dict:
    """Alternate glassnet and PyTorch children ``repeats`` times; summarise medians and ratios."""
    runs: dict[str, list[dict]] = {f: [] for f in FRAMEWORKS}
    ratios = []
    for i in range(args.repeats):
        order = FRAMEWORKS if i % 2 == 0 else FRAMEWORKS[::-1]
        pair = {}
        for f in order:
            r = run_child(name, w, f, args, env)
            if "unavailable" in r or "error" in r:
                return {"status": f"{f}: " + r.get("unavailable", r.get("error", "")), "runs": runs}
            pair[f] = r
            runs[f].append(r)
        ratios.append(pair["glassnet"]["median_ms"] / pair["torch"]["median_ms"])
        print(f"  {name} pair {i + 1}/{args.repeats}: glassnet {pair['glassnet']['median_ms']:.3f} ms, "
              f"torch {pair['torch']['median_ms']:.3f} ms, ratio {ratios[-1]:.2f}", file=sys.stderr)
    out = {f: statistics.median(r["median_ms"] for r in runs[f]) for f in FRAMEWORKS}
    out.update(ratio=statistics.median(ratios), ratios=ratios, runs=runs, status="ok")
    out["ops"] = runs["glassnet"][0].get("ops")
    return out


def header(args: argparse.Namespace, results: dict) -> list[str]:
    """Lines stating the machine, versions, threads and allocator setting in force."""
    settings = [r["setting"] for res in results.values() for f in FRAMEWORKS for r in res["runs"][f]]
    versions = {}
    for s in settings:
        for k in ("numpy", "torch", "glassnet"):
            if k in s:
                versions[k] = s[k]
    tuned = {s.get("allocator_tuned") for s in settings}
    threads = {s.get("threads") for s in settings}
    if tuned == {True}:
        alloc = "glibc mallopt M_MMAP_THRESHOLD=32 MiB, M_TRIM_THRESHOLD=2^31-1 (both frameworks)"
    elif tuned == {False}:
        alloc = "glibc defaults (GLASSNET_MALLOPT=0), both frameworks"
    else:
        alloc = f"MIXED, comparison unfair: {sorted(map(str, tuned))}"
    load = max(args.load_at_start, _load())
    busy = load > (os.cpu_count() or 1)
    return [
        f"CPU: {cpu_model()} ({os.cpu_count()} logical CPUs); Python {platform.python_version()}",
        f"machine load: 1-min load average {args.load_at_start:.1f} at start, {_load():.1f} at end"
        f"{cpu_pressure()}"
        + (" -- WARNING: busy machine, times are inflated and noisy" if busy else ""),
        "versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        f"threads: {args.threads} (children report {sorted(t for t in threads if t)}); allocator: {alloc}",
        f"each cell: median over {args.repeats} alternating child processes of the median step time "
        f"(warm-up {args.warmup} steps excluded); ratio = median of per-pair glassnet/torch ratios",
    ]


def table(results: dict) -> list[str]:
    """The result table, one row per workload."""
    rows = [("workload", "glassnet ms", "torch ms", "ratio", "target", "us/op g/t", "verdict")]
    for name, res in results.items():
        w = WORKLOADS[name]
        if res["status"] != "ok":
            rows.append((name, "-", "-", "-", f"<={w.target}", "-", "unavailable (" + res["status"] + ")"))
            continue
        per_op = "-"
        if res.get("ops"):
            per_op = f"{res['glassnet'] * 1e3 / res['ops']:.1f}/{res['torch'] * 1e3 / res['ops']:.1f}"
        verdict = "ok" if res["ratio"] <= w.target else "over target"
        rows.append((name, f"{res['glassnet']:.3f}", f"{res['torch']:.3f}", f"{res['ratio']:.2f}",
                     f"<={w.target}", per_op, verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(wd) for c, wd in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * wd for wd in widths))
    lines.append("")
    lines += [f"{name}: {WORKLOADS[name].description}" for name in results]
    return lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--only", action="append", help="run only this workload (repeatable, or comma-separated)")
    p.add_argument("--repeats", type=int, default=5, help="glassnet/torch pairs per workload (default 5)")
    p.add_argument("--threads", type=int, default=2, help="BLAS/OpenMP/torch threads in both children")
    p.add_argument("--steps", type=int, default=0, help="timed steps per child (default: per workload)")
    p.add_argument("--warmup", type=int, default=5, help="untimed steps before timing")
    p.add_argument("--quick", action="store_true", help="a fifth of the steps and 3 pairs: a smoke test")
    p.add_argument("--timeout", type=float, default=600, help="seconds before a child is abandoned")
    p.add_argument("--json", help="also write the raw results to this file")
    args = p.parse_args()
    args.load_at_start = _load()
    if args.quick:
        args.repeats = min(args.repeats, 3)
    names = list(WORKLOADS)
    if args.only:
        names = [n.strip() for o in args.only for n in o.split(",") if n.strip()]
        unknown = [n for n in names if n not in WORKLOADS]
        if unknown:
            p.error(f"unknown workload(s) {unknown}; known: {', '.join(WORKLOADS)}")

    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(args.threads)
    results = {}
    for name in names:
        print(f"running {name} ...", file=sys.stderr)
        results[name] = measure(name, WORKLOADS[name], args, env)
    print("\n".join(header(args, results) + [""] + table(results)))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
