import builtins

import numpy as np
import pytest

import glassnet
from glassnet.data import DataLoader, transforms
from glassnet.data.datasets import ImageFolder

Image = pytest.importorskip("PIL.Image")


def _make(tmp_path):
    rng = np.random.default_rng(0)
    arrays = {}
    for cls, n in (("dog", 2), ("cat", 3)):
        (tmp_path / cls).mkdir()
        for i in range(n):
            a = rng.integers(0, 256, size=(6, 5, 3)).astype(np.uint8)
            Image.fromarray(a).save(tmp_path / cls / f"{i}.png")
            arrays[(cls, i)] = a
    (tmp_path / "cat" / "notes.txt").write_text("not an image")
    return arrays


def test_image_folder_classes_and_pixels(tmp_path):
    arrays = _make(tmp_path)
    ds = ImageFolder(tmp_path)
    assert ds.classes == ["cat", "dog"] and ds.class_to_idx == {"cat": 0, "dog": 1}
    assert len(ds) == 5 and ds.targets == [0, 0, 0, 1, 1]
    x, y = ds[3]
    assert y == 1 and x.shape == (3, 6, 5) and x.dtype == glassnet.float32
    np.testing.assert_allclose(x.numpy(), arrays[("dog", 0)].transpose(2, 0, 1) / 255.0, rtol=1e-6)


def test_image_folder_transform_and_loader(tmp_path):
    _make(tmp_path)
    tf = transforms.Compose([transforms.Grayscale(), transforms.Resize((4, 4)), transforms.ToTensor()])
    ds = ImageFolder(tmp_path, transform=tf)
    xb, yb = next(iter(DataLoader(ds, batch_size=5)))
    assert xb.shape == (5, 1, 4, 4) and yb.tolist() == [0, 0, 0, 1, 1]


def test_image_folder_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no class sub-folders"):
        ImageFolder(tmp_path)
    (tmp_path / "a").mkdir()
    with pytest.raises(FileNotFoundError, match="no files"):
        ImageFolder(tmp_path)


def test_missing_pillow_message(tmp_path, monkeypatch):
    real_import = builtins.__import__

    def fake(name, *args, **kwargs):
        if name == "PIL" or name.startswith("PIL."):
            raise ImportError("no PIL")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(ImportError, match=r"pip install 'glassnet\[images\]'"):
        ImageFolder(tmp_path)
