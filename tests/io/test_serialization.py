"""glassnet.serialization and torch.load's keyword arguments: PyTorch calls run, loading stays pickle-free."""

import io

import numpy as np
import pytest

import glassnet
import glassnet.serialization as serialization
from glassnet.io import FileFormatError


def test_save_and_load_are_glassnets(tmp_path):
    assert serialization.save is glassnet.save and serialization.load is glassnet.load
    serialization.save({"w": glassnet.ones(2)}, tmp_path / "a.pt")
    assert serialization.load(tmp_path / "a.pt")["w"].tolist() == [1.0, 1.0]


@pytest.mark.parametrize("kwargs", [
    dict(weights_only=True), dict(weights_only=False), dict(map_location="cpu"),
    dict(map_location=lambda storage, loc: storage), dict(map_location={"cuda:0": "cpu"}, mmap=True),
])
def test_load_accepts_torch_load_arguments(tmp_path, kwargs):
    glassnet.save({"w": glassnet.arange(3)}, tmp_path / "a.pt")
    assert glassnet.load(tmp_path / "a.pt", **kwargs)["w"].tolist() == [0, 1, 2]


def test_save_accepts_torch_save_arguments():
    import pickle

    buf = io.BytesIO()
    glassnet.save(glassnet.zeros(2), buf, pickle_module=pickle, pickle_protocol=4)
    buf.seek(0)
    assert glassnet.load(buf, weights_only=True).tolist() == [0.0, 0.0]


def test_safe_globals_are_recorded_like_torchs():
    class Config:
        pass

    serialization.clear_safe_globals()
    serialization.add_safe_globals([Config])
    assert serialization.get_safe_globals() == [Config]
    with serialization.safe_globals([np.dtype]):
        assert serialization.get_safe_globals() == [Config, np.dtype]
    assert serialization.get_safe_globals() == [Config]
    serialization.clear_safe_globals()
    assert serialization.get_safe_globals() == []
    with pytest.raises(TypeError, match="expects a list"):
        serialization.add_safe_globals(Config)


def test_a_checkpoint_has_no_unsafe_globals(tmp_path):
    glassnet.save({"w": glassnet.ones(2)}, tmp_path / "a.pt")
    assert serialization.get_unsafe_globals_in_checkpoint(tmp_path / "a.pt") == []
    buf = io.BytesIO()
    glassnet.save({"w": glassnet.ones(2)}, buf)
    buf.seek(0)
    assert serialization.get_unsafe_globals_in_checkpoint(buf) == [] and buf.tell() == 0
    (tmp_path / "junk").write_bytes(b"not a checkpoint at all")
    with pytest.raises(FileFormatError):
        serialization.get_unsafe_globals_in_checkpoint(tmp_path / "junk")


def test_default_restore_location_keeps_the_object():
    t = glassnet.ones(2)
    assert serialization.default_restore_location(t, "cpu") is t


def test_glassnet_serialization_is_an_attribute():
    assert glassnet.serialization is serialization
