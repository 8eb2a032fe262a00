"""What fit does differently under ``mpiexec``: shard the data, average the gradients, reduce the metrics.

Launched with N > 1 processes (``mpiexec -n N``, ``glassnet train --nproc N``), fit joins the MPI job,
wraps the model in :class:`~glassnet.distributed.DistributedDataParallel`, gives every rank its shard of
the data through a :class:`~glassnet.distributed.DistributedSampler` (same seed on every rank, a new
order each epoch) and sums the metrics' counters across ranks at the end of each epoch, so the logs,
and every decision taken from them (early stopping, schedulers), are the same on every rank.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# The counters the metrics of glassnet.train.metrics keep: every one of them is a sum over samples, so
# summing it across ranks gives the metric of the whole (sharded) data.
_ADDITIVE = ("total", "count", "correct", "n", "sum", "sumsq", "ss_res", "matrix")


def world() -> tuple[int, int]:
    """(rank, world size): joins the MPI job when started by a launcher with more than one process."""
    from .. import distributed as dist

    if not dist.is_initialized() and dist.launched_world_size() > 1:
        dist.init()
    return dist.get_rank(), dist.get_world_size()


def shared_seed(seed: int | None) -> int:
    """The shuffle seed every rank uses: ``seed``, else one drawn on rank 0 and sent to the others."""
    from .. import distributed as dist
    from ..tensor import Tensor

    if seed is not None:
        return int(seed)
    t = Tensor(np.array([np.random.default_rng().integers(2**31)], dtype=np.int64))
    dist.broadcast(t, src=0)
    return int(t._data[0])


def shard(loader: Any, shuffle: bool, seed: int, rank: int, size: int) -> Any:
    """A DataLoader that reads this rank's shard of ``loader``'s dataset (one with a DistributedSampler passes)."""
    from ..data import DataLoader
    from ..distributed import DistributedSampler

    if isinstance(getattr(loader, "sampler", None), DistributedSampler):
        return loader
    sampler = DistributedSampler(loader.dataset, num_replicas=size, rank=rank, shuffle=shuffle, seed=seed)
    return DataLoader(loader.dataset, batch_size=loader.batch_size, sampler=sampler,
                      collate_fn=getattr(loader, "collate_fn", None), drop_last=loader.drop_last)


def set_epoch(loader: Any, epoch: int) -> None:
    """Tell the loader's DistributedSampler which epoch starts (it decides the order)."""
    sampler = getattr(loader, "sampler", None)
    if hasattr(sampler, "set_epoch"):
        sampler.set_epoch(epoch)


def reduce_metrics(objects: list) -> None:
    """Sum the counters of the running loss and metrics across ranks, in place (one Allreduce for all)."""
    from ..distributed.process_group import ReduceOp, allreduce_array

    fields = []
    for obj in objects:
        _collect(obj, fields)
    if not fields:
        return
    # Confusion matrices grow with the classes seen: agree on the largest first.
    sizes = [np.asarray(v).shape[0] if name == "matrix" else 0 for _, name, v in fields]
    sizes = allreduce_array(np.array(sizes or [0], dtype=np.int64), ReduceOp.MAX)
    flat = []
    for (_, name, value), n in zip(fields, sizes):
        a = np.asarray(value, dtype=np.float64)
        if name == "matrix" and a.shape[0] < n:
            a = np.pad(a, ((0, n - a.shape[0]), (0, n - a.shape[1])))
        flat.append(a)
    total = allreduce_array(np.concatenate([a.ravel() for a in flat]))
    start = 0
    for (obj, name, value), a in zip(fields, flat):
        part = total[start:start + a.size].reshape(a.shape)
        start += a.size
        if isinstance(value, np.ndarray):
            setattr(obj, name, part.astype(value.dtype))
        elif isinstance(value, (int, np.integer)):
            setattr(obj, name, int(round(float(part))))
        else:
            setattr(obj, name, float(part))


def _collect(obj: Any, fields: list) -> None:
    for name in _ADDITIVE:
        value = getattr(obj, name, None)
        if isinstance(value, (int, float, np.integer, np.floating, np.ndarray)) and not isinstance(value, bool):
            fields.append((obj, name, value))
    inner = getattr(obj, "mean", None)
    if inner is not None and not callable(inner):
        _collect(inner, fields)


def any_rank(flag: bool) -> bool:
    """True on every rank when ``flag`` is true on any (so all ranks stop training together)."""
    from ..distributed.process_group import ReduceOp, allreduce_array

    return bool(allreduce_array(np.array([int(bool(flag))], dtype=np.int64), ReduceOp.MAX)[0])
