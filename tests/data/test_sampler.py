import numpy as np
import pytest

import glassnet
from glassnet.data import (
    BatchSampler,
    RandomSampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)


def test_sequential():
    assert list(SequentialSampler(range(5))) == [0, 1, 2, 3, 4]


def test_random_is_permutation_and_seeded():
    s = RandomSampler(range(50), generator=7)
    e1, e2 = list(s), list(s)
    assert sorted(e1) == list(range(50)) and e1 != e2  # epochs differ
    assert list(RandomSampler(range(50), generator=7)) == e1  # same seed, same first epoch
    glassnet.manual_seed(1)
    g1 = list(RandomSampler(range(50)))
    glassnet.manual_seed(1)
    assert list(RandomSampler(range(50))) == g1


def test_random_replacement_and_num_samples():
    s = RandomSampler(range(5), replacement=True, num_samples=100, generator=np.random.default_rng(0))
    out = list(s)
    assert len(s) == 100 and len(out) == 100 and set(out) <= set(range(5))
    s = RandomSampler(range(4), num_samples=10, generator=0)
    out = list(s)
    assert len(out) == 10 and sorted(out[:4]) == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="num_samples"):
        RandomSampler(range(4), num_samples=0)


def test_subset_random():
    s = SubsetRandomSampler([3, 9, 11], generator=0)
    assert sorted(s) == [3, 9, 11] and len(s) == 3


def test_weighted():
    s = WeightedRandomSampler([0.0, 1.0, 3.0], num_samples=4000, generator=0)
    counts = np.bincount(list(s), minlength=3)
    assert counts[0] == 0 and 2.5 < counts[2] / counts[1] < 3.5
    assert sorted(WeightedRandomSampler([1, 1, 1], 3, replacement=False, generator=0)) == [0, 1, 2]
    with pytest.raises(ValueError, match="weights"):
        WeightedRandomSampler([-1.0, 1.0], 2)
    with pytest.raises(ValueError, match="without replacement"):
        WeightedRandomSampler([0, 1], 2, replacement=False)


@pytest.mark.parametrize("drop_last", [False, True])
def test_batch_sampler_matches_torch(drop_last):
    torch = pytest.importorskip("torch")
    ours = list(BatchSampler(SequentialSampler(range(10)), 3, drop_last))
    theirs = list(torch.utils.data.BatchSampler(torch.utils.data.SequentialSampler(range(10)), 3, drop_last))
    assert ours == theirs
    assert len(BatchSampler(range(10), 3, drop_last)) == len(theirs)
    assert list(BatchSampler(range(10), 3, drop_last)) == theirs  # a plain iterable works too


def test_batch_sampler_bad_size():
    with pytest.raises(ValueError, match="batch_size should be a positive integer"):
        BatchSampler(range(3), 0, False)
