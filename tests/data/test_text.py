from pathlib import Path

import pytest

import glassnet
from glassnet.data import DataLoader, default_collate
from glassnet.data.datasets import CharDataset, TextFile

SHARED = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()


def test_char_dataset_windows_and_roundtrip():
    ds = CharDataset("hello world", seq_len=4)
    assert ds.vocab == sorted(set("hello world")) and len(ds) == 7
    x, y = ds[0]
    assert ds.decode(x) == "hell" and ds.decode(y) == "ello" and x.dtype == glassnet.int64
    assert ds.decode(ds.encode("low")) == "low"
    with pytest.raises(KeyError, match="'z'"):
        ds.encode("z")


def test_char_batches_fast_equals_collated():
    ds = CharDataset("abcdefghijklmnopqrstuvwxyz" * 3, seq_len=5)
    fast = ds.get_batch([0, 7, 30])
    slow = default_collate([ds[i] for i in (0, 7, 30)])
    assert [t.tolist() for t in fast] == [t.tolist() for t in slow]
    xb, yb = next(iter(DataLoader(ds, batch_size=8, shuffle=True)))
    assert xb.shape == (8, 5) and (xb.numpy()[:, 1:] == yb.numpy()[:, :-1]).all()


def test_tinyshakespeare():
    path = SHARED / "tinyshakespeare" / "input.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    ds = TextFile(path, seq_len=64)
    assert ds.vocab_size == 65 and len(ds) == 1115394 - 64
