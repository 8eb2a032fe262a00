"""Two processes with per-rank batch B train exactly as one process with batch 2B over the same order."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from mpi_helpers import HERE, mpirun

sys.path.insert(0, str(HERE))
import mpi_worker as w  # noqa: E402

import glassnet as gn  # noqa: E402
from glassnet.data import DataLoader, TensorDataset  # noqa: E402
from glassnet.distributed import DistributedSampler  # noqa: E402


def _reference(sync_bn: bool = False) -> tuple[dict, dict]:
    """One process, batch 2B, the global order the two ranks share (a 1-replica DistributedSampler)."""
    x, y = w.data()
    ds = TensorDataset(x, y)
    loader = DataLoader(ds, batch_size=2 * w.PER_RANK_BATCH,
                        sampler=DistributedSampler(ds, num_replicas=1, rank=0, shuffle=True, seed=w.SEED))
    net = w.model(100, sync_bn)
    opt = gn.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    hist = gn.train.fit(net, loader, (x, y), loss="cross_entropy", optimizer=opt, epochs=w.EPOCHS,
                        batch_size=2 * w.PER_RANK_BATCH, seed=w.SEED, verbose=0).history
    return {k: v._data for k, v in net.state_dict().items()}, hist


@pytest.mark.slow
@pytest.mark.parametrize("sync_bn", [False, True], ids=["mlp", "sync_batchnorm"])
def test_two_ranks_match_one_process_with_twice_the_batch(tmp_path, sync_bn):
    proc = mpirun(2, "fit_sync_bn" if sync_bn else "fit", tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "effective batch 16" in proc.stdout
    assert proc.stdout.count("Epoch 1/") == 1  # only rank 0 prints
    ranks = [dict(np.load(tmp_path / f"params-{r}.npz")) for r in (0, 1)]
    expected, expected_hist = _reference(sync_bn)
    for name, want in expected.items():
        np.testing.assert_array_equal(ranks[0][name], ranks[1][name])  # the replicas never drift apart
        np.testing.assert_allclose(ranks[0][name], want, rtol=1e-10, atol=0, err_msg=name)
    hists = [json.loads((tmp_path / f"history-{r}.json").read_text()) for r in (0, 1)]
    assert hists[0] == hists[1]  # the logs are reduced over the ranks: the same everywhere
    np.testing.assert_allclose(hists[0]["loss"], expected_hist["loss"], rtol=1e-10)
    assert hists[0]["accuracy"] == pytest.approx(expected_hist["accuracy"], abs=1e-12)
    assert (tmp_path / "ckpt-0.safetensors").is_file() and not (tmp_path / "ckpt-1.safetensors").exists()


def test_sampler_shards_under_mpi_are_disjoint_and_cover(tmp_path):
    proc = mpirun(2, "sampler", tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:]
    shards = [np.load(tmp_path / f"indices-{r}.npy") for r in (0, 1)]
    assert len(shards[0]) == len(shards[1]) == 6  # 11 samples padded to 12
    assert set(shards[0]) | set(shards[1]) == set(range(11))
    assert len(set(shards[0]) & set(shards[1])) == 1  # only the one padding index repeats


@pytest.mark.slow
def test_resume_with_the_same_number_of_processes_is_exact(tmp_path):
    proc = mpirun(2, "resume", tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:]
    for r in (0, 1):
        straight, resumed = np.load(tmp_path / f"straight-{r}.npz"), np.load(tmp_path / f"resumed-{r}.npz")
        for name in straight.files:
            np.testing.assert_array_equal(resumed[name], straight[name], err_msg=name)


def test_small_buckets_no_sync_and_unused_parameters(tmp_path):
    proc = mpirun(2, "ddp_api", tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:]
    got = json.loads((tmp_path / "ddp_api.json").read_text())
    assert got["buckets"] >= 3 and got["no_sync_then_sync_is_averaged"]
    assert "received no gradient" in got["unused_error"] and "unused.weight" in got["unused_error"]


@pytest.mark.slow
@pytest.mark.parametrize("written, resumed", [(2, 1), (1, 2)], ids=["2-to-1", "1-to-2"])
def test_resume_with_another_number_of_processes_continues(tmp_path, written, resumed):
    """Weights, optimizer state and epoch carry over; the run says the data order differs, and finishes."""
    proc = mpirun(written, "checkpoint", tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:]
    saved = gn.load(tmp_path / "ckpt.safetensors")
    proc = mpirun(resumed, "resume_other", tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert f"resuming a checkpoint written by {written} process" in proc.stdout
    assert f"Epoch {w.EPOCHS}/{w.EPOCHS}" in proc.stdout and "Epoch 1/" not in proc.stdout  # only the last epoch
    hists = [json.loads((tmp_path / f"history-{r}.json").read_text()) for r in range(resumed)]
    assert all(len(h["loss"]) == w.EPOCHS for h in hists)  # the earlier epochs' history came with the checkpoint
    ranks = [dict(np.load(tmp_path / f"resumed-{r}.npz")) for r in range(resumed)]
    start = {k: v._data for k, v in saved["model"].items()}
    for name, before in start.items():
        after = ranks[0][name]
        assert np.isfinite(after).all() and not np.array_equal(after, before)  # one more epoch was trained
        other_start = w.model(2).state_dict()[name]._data  # the weights the resuming run was built with
        assert np.abs(after - before).max() < np.abs(after - other_start).max(), name  # replaced by the checkpoint's
        for other in ranks[1:]:
            np.testing.assert_array_equal(other[name], after)
