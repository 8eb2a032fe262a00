"""share_memory_ / Module.share_memory: processes (fork and spawn) really share values; no segment leaks."""

from __future__ import annotations

import gc
import glob
import os
import pickle
import subprocess
import sys

import mp_workers
import numpy as np
import pytest

import glassnet
import glassnet.multiprocessing as gmp
from glassnet import nn
from glassnet.multiprocessing.shared_arrays import PREFIX, SHM_DIR, shared_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shared memory")

START_METHODS = [m for m in ("fork", "spawn") if m in gmp.get_all_start_methods()]


def my_segments() -> set[str]:
    """The shared-memory files this test process created (and has not freed)."""
    return set(glob.glob(os.path.join(SHM_DIR, f"{PREFIX}{os.getpid()}_*")))


def test_share_memory_keeps_values_dtype_shape_and_returns_self():
    t = glassnet.arange(12, dtype=glassnet.float32).reshape(3, 4)
    assert not t.is_shared()
    assert t.share_memory_() is t
    assert t.is_shared() and t.dtype == glassnet.float32 and t.shape == (3, 4)
    np.testing.assert_array_equal(t._data, np.arange(12, dtype="float32").reshape(3, 4))
    path = shared_path(t._data)
    t.share_memory_()  # a second call keeps the same segment
    assert shared_path(t._data) == path
    assert t[1:].is_shared()  # a view of shared values is shared too


def test_empty_and_integer_tensors_share():
    e = glassnet.zeros(0, 3).share_memory_()
    i = glassnet.tensor([1, 2, 3]).share_memory_()
    assert e.is_shared() and e.shape == (0, 3)
    assert i.is_shared() and i.dtype == glassnet.int64 and i.tolist() == [1, 2, 3]


def test_segment_is_unlinked_when_the_tensor_is_collected():
    before = my_segments()
    t = glassnet.ones(1000).share_memory_()
    view = t[10:20]
    created = my_segments() - before
    assert len(created) == 1
    del t
    gc.collect()
    assert created <= my_segments()  # a view still uses the memory
    del view
    gc.collect()
    assert not (created & my_segments())


def test_segments_are_unlinked_at_exit():
    code = ("import glassnet, os; t = glassnet.ones(5).share_memory_(); "
            "m = glassnet.nn.Linear(3, 2).share_memory(); print(os.getpid())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    pid = out.stdout.strip()
    assert not glob.glob(os.path.join(SHM_DIR, f"{PREFIX}{pid}_*"))


def test_module_share_memory_shares_parameters_and_buffers():
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
    model(glassnet.randn(5, 3)).sum().backward()
    assert model.share_memory() is model
    for t in [*model.parameters(), *model.buffers()]:
        assert t.is_shared()
        assert t.grad is None or t.grad.is_shared()


def test_plain_pickle_still_copies_values():
    t = glassnet.tensor([1.0, 2.0]).share_memory_()
    back = pickle.loads(pickle.dumps(t))
    assert not back.is_shared() and back.tolist() == [1.0, 2.0]


def test_sharing_a_non_numpy_tensor_is_an_error():
    t = glassnet.zeros(2)
    t._data = memoryview(bytearray(8))  # stands in for an array on another device
    with pytest.raises(RuntimeError, match="only CPU"):
        t.share_memory_()


@pytest.mark.parametrize("method", START_METHODS)
def test_child_writes_are_seen_by_the_parent(method):
    ctx = gmp.get_context(method)
    t = glassnet.zeros(2, 3).share_memory_()
    queue = ctx.Queue()
    procs = [ctx.Process(target=mp_workers.fill, args=(rank, t, rank + 1.0)) for rank in range(2)]
    procs.append(ctx.Process(target=mp_workers.report_shared, args=(t, queue)))
    for p in procs[:2]:
        p.start()
    for p in procs[:2]:
        p.join()
    procs[2].start()
    assert queue.get(timeout=60) is True
    procs[2].join()
    assert all(p.exitcode == 0 for p in procs)
    np.testing.assert_array_equal(t._data, [[2.0] * 3, [3.0] * 3])


@pytest.mark.parametrize("method", START_METHODS)
def test_a_tensor_not_shared_is_copied_into_a_spawned_child(method):
    if method != "spawn":
        pytest.skip("a forked child gets a copy-on-write copy of everything: nothing is sent")
    ctx = gmp.get_context(method)
    t = glassnet.zeros(2, 3)
    p = ctx.Process(target=mp_workers.fill, args=(0, t, 5.0))
    p.start()
    p.join()
    assert p.exitcode == 0 and t._data.sum() == 0


@pytest.mark.parametrize("method", START_METHODS)
def test_shared_tensors_travel_through_queues_as_shared_memory(method):
    ctx = gmp.get_context(method)
    inbox, outbox = ctx.Queue(), ctx.Queue()
    t = glassnet.tensor([1.0, 2.0, 3.0]).share_memory_()
    p = ctx.Process(target=mp_workers.echo_doubled, args=(inbox, outbox))
    p.start()
    inbox.put(t)
    view = outbox.get(timeout=60)
    p.join()
    assert t.tolist() == [2.0, 4.0, 6.0]  # the child's in-place write reached the parent's tensor
    assert view.is_shared() and view.tolist() == [4.0, 6.0]
    view[0] = 10.0  # and the view that came back aliases the parent's memory
    assert t.tolist() == [2.0, 10.0, 6.0]


@pytest.mark.parametrize("method", START_METHODS)
def test_hogwild_training_trains_the_parents_model(method):
    """PyTorch's mnist_hogwild: model.share_memory(); 2 processes train it with SGD; the parent sees it."""
    x, y = mp_workers.make_data()
    glassnet.manual_seed(0)
    segments_before = my_segments()
    model = nn.Linear(4, 1)
    model.share_memory()
    before = mp_workers.loss_of(model, x, y)
    ctx = gmp.get_context(method)
    processes = [ctx.Process(target=mp_workers.hogwild_process, args=(model, x, y, rank)) for rank in range(2)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    assert [p.exitcode for p in processes] == [0, 0]
    after = mp_workers.loss_of(model, x, y)
    assert after < before / 20, (before, after)
    np.testing.assert_allclose(model.bias._data, [0.5], atol=0.05)
    del model, processes
    gc.collect()
    assert my_segments() == segments_before  # the weight and bias segments are gone with the model
    leftovers = [f for f in glob.glob(os.path.join(SHM_DIR, PREFIX + "*")) if f"_{os.getpid()}_" in f]
    assert not leftovers


def test_spawn_runs_fn_with_the_rank_and_shares_tensors():
    t = glassnet.zeros(3, 2).share_memory_()
    assert gmp.spawn(mp_workers.fill, args=(t, 7.0), nprocs=3) is None
    np.testing.assert_array_equal(t._data, np.full((3, 2), 7.0))


def test_spawn_reports_a_childs_exception():
    with pytest.raises(gmp.ProcessRaisedException, match="boom in rank 0"):
        gmp.spawn(mp_workers.raise_in_child, nprocs=1)


def test_multiprocessing_module_is_pythons_api_plus_glassnets():
    import multiprocessing

    assert gmp.Process is multiprocessing.Process and gmp.get_context is multiprocessing.get_context
    assert gmp.get_sharing_strategy() == "file_system"
    with pytest.raises(ValueError, match="unsupported strategy 'file_descriptor'"):
        gmp.set_sharing_strategy("file_descriptor")
    assert glassnet.multiprocessing is gmp


@pytest.mark.parametrize("method", START_METHODS)
def test_a_shared_parameter_subclass_still_travels_as_shared_memory(method):
    ctx = gmp.get_context(method)
    p = mp_workers.TaggedParameter(glassnet.zeros(2, 3)).share_memory_()
    child = ctx.Process(target=mp_workers.fill, args=(1, p.detach(), 4.0))
    child.start()
    child.join()
    inbox, outbox = ctx.Queue(), ctx.Queue()
    echo = ctx.Process(target=mp_workers.echo_doubled, args=(inbox, outbox))
    echo.start()
    inbox.put(p)
    back = outbox.get(timeout=60)
    echo.join()
    assert back.is_shared() and back.tolist() == [[8.0] * 3]
    np.testing.assert_array_equal(p._data, [[0.0] * 3, [8.0] * 3])


def test_running_out_of_shared_memory_is_a_clear_error(monkeypatch):
    import errno

    from glassnet.multiprocessing import shared_arrays

    if not hasattr(os, "posix_fallocate"):
        pytest.skip("the space is reserved with posix_fallocate")

    def full(fd, offset, size):
        raise OSError(errno.ENOSPC, "No space left on device")

    before = my_segments()
    monkeypatch.setattr(shared_arrays.os, "posix_fallocate", full)
    with pytest.raises(RuntimeError, match=r"cannot reserve 4000 bytes of shared memory .*--shm-size"):
        glassnet.zeros(1000).share_memory_()
    assert my_segments() == before  # the half-made segment is removed
