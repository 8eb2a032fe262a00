"""Run by the tests under ``mpiexec -n N``: one scenario per call, results written to a folder.

python mpi_worker.py SCENARIO OUT_DIR
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

import numpy as np

import glassnet as gn
from glassnet import distributed as dist
from glassnet import nn

N, FEATURES, CLASSES, PER_RANK_BATCH, EPOCHS, SEED = 64, 5, 3, 8, 3, 7


def data() -> tuple:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(N, FEATURES))
    y = rng.integers(0, CLASSES, size=N)
    return gn.tensor(x), gn.tensor(y)


def model(seed: int, sync_bn: bool = False) -> nn.Module:
    gn.manual_seed(seed)
    norm = [nn.SyncBatchNorm(16)] if sync_bn else []
    return nn.Sequential(nn.Linear(FEATURES, 16), *norm, nn.Tanh(), nn.Linear(16, CLASSES)).double()


def train(net: nn.Module, train_data, batch_size: int, callbacks=(), checkpoint=None, epochs=EPOCHS,
          resume_from=None) -> dict:
    opt = gn.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    history = gn.train.fit(net, train_data, train_data, loss="cross_entropy", optimizer=opt, epochs=epochs,
                           batch_size=batch_size, seed=SEED, verbose=2, callbacks=callbacks,
                           checkpoint=checkpoint, resume_from=resume_from)
    return history.history


def save_params(net: nn.Module, path: str) -> None:
    np.savez(path, **{k: v._data for k, v in net.state_dict().items()})


def scenario_fit(out: str, sync_bn: bool = False) -> None:
    """Every rank starts from other weights (rank 0's are broadcast); fit shards the data."""
    dist.init()
    r = dist.get_rank()
    net = model(100 + r, sync_bn)
    hist = train(net, data(), PER_RANK_BATCH, checkpoint=os.path.join(out, f"ckpt-{r}.safetensors"))
    save_params(net, os.path.join(out, f"params-{r}.npz"))
    with open(os.path.join(out, f"history-{r}.json"), "w") as f:
        json.dump(hist, f)


def scenario_fit_sync_bn(out: str) -> None:
    """As scenario_fit, with a SyncBatchNorm: the statistics of the global batch, as one process sees them."""
    scenario_fit(out, sync_bn=True)


def scenario_sampler(out: str) -> None:
    dist.init()
    s = dist.DistributedSampler(range(11), shuffle=True, seed=3)
    s.set_epoch(2)
    np.save(os.path.join(out, f"indices-{dist.get_rank()}.npy"), np.array(list(s)))


def scenario_resume(out: str) -> None:
    """Train EPOCHS epochs straight, then EPOCHS - 1 with a checkpoint and resume for the last one."""
    dist.init()
    straight = model(1)
    train(straight, data(), PER_RANK_BATCH)
    ckpt = os.path.join(out, "ckpt.safetensors")
    train(model(1), data(), PER_RANK_BATCH, checkpoint=ckpt, epochs=EPOCHS - 1)
    dist.barrier()  # rank 0 writes the checkpoint after the epoch's last collective
    resumed = model(1)
    train(resumed, data(), PER_RANK_BATCH, resume_from=ckpt)
    save_params(straight, os.path.join(out, f"straight-{dist.get_rank()}.npz"))
    save_params(resumed, os.path.join(out, f"resumed-{dist.get_rank()}.npz"))


def scenario_checkpoint(out: str) -> None:
    """Train EPOCHS - 1 epochs with a checkpoint, for another process count to resume."""
    dist.init()
    train(model(1), data(), PER_RANK_BATCH, checkpoint=os.path.join(out, "ckpt.safetensors"), epochs=EPOCHS - 1)


def scenario_resume_other(out: str) -> None:
    """Resume the checkpoint in OUT (written by another number of processes) for the last epoch."""
    dist.init()
    net = model(2)  # other initial weights: the checkpoint's must replace them
    hist = train(net, data(), PER_RANK_BATCH, resume_from=os.path.join(out, "ckpt.safetensors"))
    save_params(net, os.path.join(out, f"resumed-{dist.get_rank()}.npz"))
    with open(os.path.join(out, f"history-{dist.get_rank()}.json"), "w") as f:
        json.dump(hist, f)


def scenario_ddp_api(out: str) -> None:
    """Small buckets (several Iallreduce in flight), no_sync accumulation, and an unused parameter's error."""
    dist.init()
    r = dist.get_rank()
    net = model(100 + r)
    ddp = dist.DistributedDataParallel(net, bucket_cap_mb=300 / 2**20)  # about 300 bytes: one per tensor or two
    results = {"buckets": len(ddp.bucket_sizes())}
    xs = [gn.tensor(np.random.default_rng(10 * k + r).normal(size=(4, FEATURES))) for k in range(2)]
    with ddp.no_sync():
        ddp(xs[0]).pow(2).sum().backward()
    local = {n: p.grad._data.copy() for n, p in net.named_parameters()}
    ddp(xs[1]).pow(2).sum().backward()
    # Expected: the mean over ranks of (rank's no_sync grads + its synced batch's grads), by hand.
    net2 = model(0)
    net2.load_state_dict(net.state_dict())
    net2(xs[1]).pow(2).sum().backward()
    ok = True
    for (n, p), (_, q) in zip(net.named_parameters(), net2.named_parameters()):
        mine = gn.tensor(local[n] + q.grad._data)
        dist.all_reduce(mine, op=dist.ReduceOp.AVG)
        ok &= bool(np.allclose(p.grad._data, mine._data, rtol=1e-12, atol=1e-12))
    results["no_sync_then_sync_is_averaged"] = ok
    extra = nn.Linear(2, 2).double()
    holder = nn.ModuleDict({"used": model(0), "unused": extra})
    ddp2 = dist.DistributedDataParallel(holder)
    holder["used"](xs[0]).sum().backward()
    try:
        ddp2(xs[0])
        results["unused_error"] = ""
    except RuntimeError as e:
        results["unused_error"] = str(e)
    if r == 0:
        with open(os.path.join(out, "ddp_api.json"), "w") as f:
            json.dump(results, f)


class _AtBatch(gn.train.callbacks.Callback):
    def __init__(self, batch: int, action) -> None:
        self.batch, self.action = batch, action

    def on_batch_end(self, batch, logs=None):
        if batch == self.batch and dist.get_rank() == 1:
            self.action()


def scenario_kill(out: str) -> None:
    dist.init()
    train(model(0), data(), PER_RANK_BATCH, callbacks=[_AtBatch(2, lambda: os.kill(os.getpid(), signal.SIGKILL))])


def scenario_hang(out: str) -> None:
    dist.init()
    train(model(0), data(), PER_RANK_BATCH, callbacks=[_AtBatch(2, lambda: time.sleep(120))])


if __name__ == "__main__":
    globals()[f"scenario_{sys.argv[1]}"](sys.argv[2])
