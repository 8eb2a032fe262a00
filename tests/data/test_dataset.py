import numpy as np
import pytest

import glassnet
from glassnet.data import ConcatDataset, Dataset, Subset, TensorDataset, random_split


def _ds(n=10):
    return TensorDataset(glassnet.arange(n), glassnet.arange(n) * 10)


def test_tensor_dataset_items_and_len():
    ds = _ds()
    assert len(ds) == 10
    x, y = ds[3]
    assert x.item() == 3 and y.item() == 30


def test_tensor_dataset_accepts_numpy():
    ds = TensorDataset(np.zeros((4, 2), np.float32), np.arange(4))
    assert ds[1][0].shape == (2,)


def test_tensor_dataset_size_mismatch_error():
    with pytest.raises(ValueError, match=r"size mismatch.*\(3, 2\).*\(4,\)"):
        TensorDataset(glassnet.zeros(3, 2), glassnet.zeros(4))


def test_get_batch_gathers_rows():
    x, y = _ds().get_batch([4, 1, 1])
    assert x.tolist() == [4, 1, 1] and y.tolist() == [40, 10, 10]


def test_subset_and_concat_and_add():
    ds = _ds()
    sub = Subset(ds, [5, 2])
    assert len(sub) == 2 and sub[1][0].item() == 2
    assert sub.get_batch([1, 0])[0].tolist() == [2, 5]
    cat = ds + _ds(3)
    assert isinstance(cat, ConcatDataset) and len(cat) == 13
    assert cat[10][0].item() == 0 and cat[-1][0].item() == 2 and cat[9][0].item() == 9


def test_concat_of_plain_datasets():
    class Sq(Dataset):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return i * i

    c = Sq() + Sq()
    assert [c[i] for i in range(6)] == [0, 1, 4, 0, 1, 4]


def test_random_split_lengths_and_disjoint():
    ds = _ds(10)
    a, b = random_split(ds, [7, 3], generator=0)
    ia, ib = set(a.indices), set(b.indices)
    assert len(a) == 7 and len(b) == 3 and not ia & ib and ia | ib == set(range(10))


def test_random_split_fractions_match_torch_rule():
    torch = pytest.importorskip("torch")
    for n, fr in [(10, [0.5, 0.3, 0.2]), (11, [0.34, 0.33, 0.33]), (7, [0.25, 0.75])]:
        ours = [len(s) for s in random_split(_ds(n), fr, generator=1)]
        theirs = [len(s) for s in torch.utils.data.random_split(range(n), fr)]
        assert ours == theirs


def test_random_split_seeded_reproducible_and_global_seed():
    ds = _ds(20)
    first = random_split(ds, [10, 10], generator=3)[0].indices
    assert random_split(ds, [10, 10], generator=3)[0].indices == first
    glassnet.manual_seed(5)
    p = random_split(ds, [10, 10])[0].indices
    glassnet.manual_seed(5)
    assert random_split(ds, [10, 10])[0].indices == p


def test_random_split_bad_lengths():
    with pytest.raises(ValueError, match="sum of input lengths"):
        random_split(_ds(10), [3, 3])
    with pytest.raises(ValueError, match="sum to 1"):
        random_split(_ds(10), [0.5, 0.4])
