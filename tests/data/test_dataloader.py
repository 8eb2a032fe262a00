import collections

import numpy as np
import pytest

import glassnet
from glassnet import Tensor
from glassnet.data import (
    DataLoader,
    Dataset,
    IterableDataset,
    SequentialSampler,
    TensorDataset,
    default_collate,
    random_split,
)


def _ds(n=10):
    return TensorDataset(glassnet.arange(n), glassnet.arange(n).float() / 2)


@pytest.mark.parametrize("n,bs,drop_last", [(10, 3, False), (10, 3, True), (9, 3, True), (2, 5, False),
                                            (2, 5, True)])
def test_batch_counts_match_torch(n, bs, drop_last):
    torch = pytest.importorskip("torch")
    theirs = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(n)), batch_size=bs,
                                         drop_last=drop_last)
    ours = DataLoader(_ds(n), batch_size=bs, drop_last=drop_last)
    assert len(ours) == len(theirs)
    assert [b[0].tolist() for b in ours] == [b[0].tolist() for b in theirs]


def test_batches_are_tensors_with_dtypes():
    x, y = next(iter(DataLoader(_ds(), batch_size=4)))
    assert isinstance(x, Tensor) and x.dtype == glassnet.int64 and y.dtype == glassnet.float32
    assert x.tolist() == [0, 1, 2, 3]


def test_shuffle_reproducible_and_epochs_differ():
    ds = _ds(40)
    glassnet.manual_seed(0)
    dl = DataLoader(ds, batch_size=8, shuffle=True)
    e1 = [b[0].tolist() for b in dl]
    e2 = [b[0].tolist() for b in dl]
    assert e1 != e2
    assert sorted(sum(e1, [])) == list(range(40))
    glassnet.manual_seed(0)
    dl = DataLoader(ds, batch_size=8, shuffle=True)
    assert [b[0].tolist() for b in dl] == e1


def test_generator_seed_and_numpy_generator():
    ds = _ds(30)
    a = [b[0].tolist() for b in DataLoader(ds, batch_size=5, shuffle=True, generator=3)]
    rng = np.random.default_rng(3)
    b = [b[0].tolist() for b in DataLoader(ds, batch_size=5, shuffle=True, generator=rng)]
    assert a == b and a != [list(range(i, i + 5)) for i in range(0, 30, 5)]


def test_fast_path_equals_per_sample_collate():
    ds = _ds(23)
    glassnet.manual_seed(2)
    fast = [[t.tolist() for t in b] for b in DataLoader(ds, batch_size=4, shuffle=True)]
    glassnet.manual_seed(2)
    slow = [[t.tolist() for t in b]
            for b in DataLoader(ds, batch_size=4, shuffle=True, collate_fn=lambda s: default_collate(s))]
    assert fast == slow


def test_fast_path_through_random_split_subset():
    train, _ = random_split(_ds(20), [15, 5], generator=0)
    got = sorted(sum((b[0].tolist() for b in DataLoader(train, batch_size=4)), []))
    assert got == sorted(train.indices)


def test_fast_path_takes_one_gather_per_batch():
    class Counting(TensorDataset):
        items = 0

        def __getitem__(self, i):
            Counting.items += 1
            return super().__getitem__(i)

    ds = Counting(glassnet.arange(100))
    for _ in DataLoader(ds, batch_size=10, shuffle=True):
        pass
    assert Counting.items == 0


def test_collate_tuples_dicts_numbers_numpy():
    class D(Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return {"x": np.full((2,), i, np.float64), "y": i, "w": 0.5 * i, "name": f"s{i}",
                    "pair": (i, np.int32(i))}

    b = next(iter(DataLoader(D(), batch_size=3)))
    assert b["x"].shape == (3, 2) and b["x"].dtype == glassnet.float64  # numpy dtype kept, as in torch
    assert b["y"].dtype == glassnet.int64 and b["y"].tolist() == [0, 1, 2]
    assert b["w"].dtype == glassnet.float32  # documented: Python floats -> default float dtype
    assert b["name"] == ["s0", "s1", "s2"]
    assert isinstance(b["pair"], list) and b["pair"][1].dtype == glassnet.int32


def test_collate_structure_matches_torch():
    torch = pytest.importorskip("torch")
    P = collections.namedtuple("P", "a b")
    samples = [(1, [2, 3], {"k": 4}), (5, [6, 7], {"k": 8})]
    ours = default_collate(samples)
    theirs = torch.utils.data.default_collate(samples)
    assert type(ours) is type(theirs) is list
    assert ours[0].tolist() == theirs[0].tolist()
    assert [t.tolist() for t in ours[1]] == [t.tolist() for t in theirs[1]]
    assert ours[2]["k"].tolist() == theirs[2]["k"].tolist()
    p = default_collate([P(1, 2.0), P(3, 4.0)])
    assert isinstance(p, P) and p.a.tolist() == [1, 3]


def test_collate_errors():
    with pytest.raises(RuntimeError, match="equal size"):
        default_collate([[1, 2], [1]])
    with pytest.raises(RuntimeError, match="equal size"):
        default_collate([glassnet.zeros(2), glassnet.zeros(3)])
    with pytest.raises(TypeError, match="found"):
        default_collate([object()])


def test_batch_size_none_and_custom_batch_sampler():
    dl = DataLoader(_ds(3), batch_size=None)
    assert len(dl) == 3 and next(iter(dl))[0].item() == 0
    dl = DataLoader(_ds(6), batch_sampler=[[0, 5], [1]])
    assert [b[0].tolist() for b in dl] == [[0, 5], [1]]


def test_explicit_sampler():
    dl = DataLoader(_ds(6), batch_size=2, sampler=[5, 4, 3])
    assert [b[0].tolist() for b in dl] == [[5, 4], [3]]
    dl = DataLoader(_ds(6), batch_size=4, sampler=SequentialSampler(range(6)), drop_last=True)
    assert len(dl) == 1


def test_iterable_dataset():
    class Stream(IterableDataset):
        def __iter__(self):
            return iter(range(7))

    assert [b.tolist() for b in DataLoader(Stream(), batch_size=3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [b.tolist() for b in DataLoader(Stream(), batch_size=3, drop_last=True)] == [[0, 1, 2], [3, 4, 5]]
    with pytest.raises(ValueError, match="shuffle"):
        DataLoader(Stream(), shuffle=True)


def test_clear_errors():
    ds = _ds()
    with pytest.raises(ValueError, match="batch_size should be a positive integer"):
        DataLoader(ds, batch_size=0)
    with pytest.raises(ValueError, match="batch_size should be a positive integer"):
        DataLoader(ds, batch_size=-2)
    with pytest.raises(ValueError, match="mutually exclusive with shuffle"):
        DataLoader(ds, shuffle=True, sampler=[0, 1])
    with pytest.raises(ValueError, match="batch_sampler option is mutually exclusive"):
        DataLoader(ds, batch_size=4, batch_sampler=[[0]])
    with pytest.raises(ValueError, match="drop_last"):
        DataLoader(ds, batch_size=None, drop_last=True)
    with pytest.raises(ValueError, match="num_workers"):
        DataLoader(ds, num_workers=-1)


def test_num_workers_accepted_runs_in_process():
    assert len(list(DataLoader(_ds(10), batch_size=5, num_workers=2))) == 2
