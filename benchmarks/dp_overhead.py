"""What privacy costs per step: DP-SGD step time over the normal step time, for the MNIST MLP and LeNet-5.

For each model and framework the private and the normal step are timed in one process, interleaved
(one normal, one private, ...), so that machine load hits both alike; the figure quoted is the median
private step over the median normal step. The target for glassnet is at most 2x. PyTorch + Opacus rows
(the same ratio for the reference implementation) are added when Opacus is installed.

Usage: ``PYTHONPATH=src python benchmarks/dp_overhead.py [--steps 30] [--threads 1]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Unavailable, set_threads  # noqa: E402

TARGET = 2.0


def measure(framework: str, which: str, steps: int, warmup: int = 3) -> tuple[float, float]:
    """Median (normal, private) step times in ms, interleaved in one process."""
    from dp import _setup

    normal, _ = _setup(framework, which, private=False)
    private, _ = _setup(framework, which, private=True)
    for _ in range(warmup):
        normal()
        private()
    tn, tp = [], []
    for _ in range(steps):
        t = time.perf_counter()
        normal()
        tn.append(time.perf_counter() - t)
        t = time.perf_counter()
        private()
        tp.append(time.perf_counter() - t)
    return statistics.median(tn) * 1e3, statistics.median(tp) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--frameworks", default="glassnet,torch")
    parser.add_argument("--no-prefetch", action="store_true",
                        help="glassnet draws each step's noise in line, on the training thread")
    args = parser.parse_args()
    if args.no_prefetch:
        import dp

        dp.PREFETCH_NOISE = False
    set_threads(args.threads)
    from common import allocator_wanted, tune_allocator_like_glassnet

    if allocator_wanted():  # both frameworks' steps under the malloc setting glassnet's fit uses
        tune_allocator_like_glassnet()
    import warnings

    warnings.filterwarnings("ignore")
    noise = "noise drawn in line" if args.no_prefetch else "noise drawn ahead in a worker thread"
    print(f"| model | framework | normal step (ms) | DP-SGD step (ms) | ratio | target |  ({args.threads} BLAS "
          f"thread(s), median of {args.steps}; glassnet: {noise})")
    print("|---|---|---|---|---|---|")
    for which, label in (("mlp", "MNIST MLP 784-256-128-10, b128"), ("lenet", "LeNet-5, b64")):
        for framework in args.frameworks.split(","):
            try:
                tn, tp = measure(framework, which, args.steps)
            except (ImportError, Unavailable) as e:
                print(f"| {label} | {framework} | - | - | unavailable: {e} | |")
                continue
            name = "glassnet" if framework == "glassnet" else "torch + opacus"
            target = f"<= {TARGET:g}" if framework == "glassnet" else ""
            print(f"| {label} | {name} | {tn:.2f} | {tp:.2f} | {tp / tn:.2f} | {target} |", flush=True)


if __name__ == "__main__":
    main()
