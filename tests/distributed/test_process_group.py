"""The process group outside mpiexec: PyTorch's single-process answers, clear errors, buckets, the extra's hint."""

from __future__ import annotations

import sys

import pytest

import glassnet as gn
from glassnet import distributed as dist
from glassnet import nn


def test_single_process_answers_without_init():
    assert not dist.is_initialized()
    assert (dist.get_rank(), dist.get_world_size(), dist.rank(), dist.world_size()) == (0, 1, 0, 1)


def test_collectives_before_init_say_what_to_call():
    with pytest.raises(RuntimeError, match="init_process_group"):
        dist.all_reduce(gn.ones(2))
    with pytest.raises(RuntimeError, match="init_process_group"):
        dist.barrier()


def test_missing_mpi4py_names_the_extra(monkeypatch):
    from glassnet.distributed._mpi import mpi

    monkeypatch.setitem(sys.modules, "mpi4py", None)
    with pytest.raises(ImportError, match=r"glassnet\[distributed\]"):
        mpi()


def test_timeout_comes_from_the_environment(monkeypatch):
    from glassnet.distributed.process_group import _timeout_s

    monkeypatch.setenv("GLASSNET_DIST_TIMEOUT", "7.5")
    assert _timeout_s(None) == 7.5
    monkeypatch.setenv("GLASSNET_DIST_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="GLASSNET_DIST_TIMEOUT"):
        _timeout_s(None)


def test_buckets_are_contiguous_reverse_order_and_capped():
    model = nn.Sequential(nn.Linear(100, 100), nn.Linear(100, 10))  # 40400 + 4040 bytes of float32
    params = list(model.parameters())
    buckets = dist.DistributedDataParallel._make_buckets(params, cap_bytes=20_000)
    order = [p for b in buckets for p in b.params]
    assert [id(p) for p in order] == [id(p) for p in reversed(params)]  # backward produces the last layers first
    assert [b.nbytes() for b in buckets] == [40 + 4000 + 400, 40000]  # a bucket closes before it would pass the cap
    assert all(b.flat.flags.c_contiguous for b in buckets)
