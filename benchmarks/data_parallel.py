"""Data-parallel throughput: samples/s of one training step on N MPI ranks (glassnet.distributed).

Run under mpiexec, once per process count, and compare:

    mpiexec -n 1 python benchmarks/data_parallel.py --model mlp --batch 64
    mpiexec -n 2 python benchmarks/data_parallel.py --model mlp --batch 64

``--batch`` is per rank (weak scaling: N ranks train on N * batch samples per step). Each rank times
``--steps`` steps (forward, loss, zero_grad, backward with the bucketed gradient Allreduce, Adam step)
after ``--warmup`` untimed ones; rank 0 prints one JSON line: the median step time, samples/s over all
ranks, and the time of the gradient Allreduce alone (the same buckets, no compute).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", choices=("mlp", "lenet5"), default="mlp")
    p.add_argument("--batch", type=int, default=64, help="samples per rank per step")
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=1, help="BLAS threads per rank")
    p.add_argument("--bucket-cap-mb", type=float, default=25)
    a = p.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(a.threads)
    from threadpoolctl import threadpool_limits

    threadpool_limits(a.threads)

    import numpy as np

    import glassnet as gn
    from glassnet import distributed as dist
    from glassnet import nn

    gn.backend.tune_allocator()  # as fit does
    dist.init()
    rank, size = dist.get_rank(), dist.get_world_size()
    rng = np.random.default_rng(rank)
    gn.manual_seed(0)
    if a.model == "mlp":
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                              nn.Linear(128, 10))
    else:
        model = gn.models.get_model("lenet5", num_classes=10)
    x = gn.from_numpy(rng.standard_normal((a.batch, 1, 28, 28), dtype=np.float32))
    y = gn.from_numpy(rng.integers(0, 10, size=a.batch))
    ddp = dist.DistributedDataParallel(model, bucket_cap_mb=a.bucket_cap_mb)
    opt = gn.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step() -> None:
        loss = loss_fn(ddp(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    times = []
    for i in range(a.warmup + a.steps):
        dist.barrier()
        t0 = time.perf_counter()
        step()
        if i >= a.warmup:
            times.append(time.perf_counter() - t0)
    comm = []
    buckets = [gn.zeros(n // 4) for n in ddp.bucket_sizes()]
    for _ in range(a.steps):
        dist.barrier()
        t0 = time.perf_counter()
        works = [dist.all_reduce(b, async_op=True) for b in buckets]
        for w in works:
            w.wait()
        comm.append(time.perf_counter() - t0)
    step_s = statistics.median(times)
    if rank == 0:
        print(json.dumps({"model": a.model, "processes": size, "batch_per_rank": a.batch, "threads": a.threads,
                          "parameters": sum(p.numel() for p in model.parameters()),
                          "buckets_bytes": ddp.bucket_sizes(), "step_ms": round(step_s * 1e3, 2),
                          "samples_per_s": round(size * a.batch / step_s, 1),
                          "allreduce_ms": round(statistics.median(comm) * 1e3, 3)}), flush=True)


if __name__ == "__main__":
    main()
