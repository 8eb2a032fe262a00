"""DistributedSampler without MPI (num_replicas and rank given): PyTorch's shards, padding and epochs."""

from __future__ import annotations

import numpy as np
import pytest

from glassnet.distributed import DistributedSampler


@pytest.mark.parametrize("n, replicas", [(10, 2), (11, 2), (7, 3), (3, 4)])
@pytest.mark.parametrize("shuffle", [False, True])
def test_shards_are_equal_disjoint_up_to_padding_and_cover(n, replicas, shuffle):
    shards = [list(DistributedSampler(range(n), replicas, r, shuffle=shuffle, seed=5)) for r in range(replicas)]
    size = -(-n // replicas)
    assert all(len(s) == size for s in shards)
    flat = [i for s in shards for i in s]
    assert set(flat) == set(range(n))
    assert len(flat) - len(set(flat)) == size * replicas - n  # only the padding repeats


def test_drop_last_cuts_instead_of_padding():
    shards = [list(DistributedSampler(range(11), 2, r, shuffle=False, drop_last=True)) for r in (0, 1)]
    assert shards == [[0, 2, 4, 6, 8], [1, 3, 5, 7, 9]]


def test_set_epoch_changes_the_order_the_same_way_on_every_rank():
    a = [DistributedSampler(range(20), 2, r, seed=1) for r in (0, 1)]
    first = [list(s) for s in a]
    for s in a:
        s.set_epoch(1)
    second = [list(s) for s in a]
    assert first != second
    assert sorted(second[0] + second[1]) == list(range(20))


def test_matches_torch_shard_layout_without_shuffle():
    torch = pytest.importorskip("torch")
    from torch.utils.data.distributed import DistributedSampler as TorchSampler

    for drop_last in (False, True):
        for r in range(3):
            ours = list(DistributedSampler(range(10), 3, r, shuffle=False, drop_last=drop_last))
            theirs = list(TorchSampler(range(10), num_replicas=3, rank=r, shuffle=False, drop_last=drop_last))
            assert ours == theirs
    assert torch is not None


def test_bad_rank_is_refused():
    with pytest.raises(ValueError, match="Invalid rank 2"):
        DistributedSampler(range(4), num_replicas=2, rank=2)


def test_works_in_a_dataloader():
    from glassnet.data import DataLoader

    loader = DataLoader(np.arange(8), batch_size=2, sampler=DistributedSampler(range(8), 2, 1, shuffle=False))
    assert [b.tolist() for b in loader] == [[1, 3], [5, 7]]
