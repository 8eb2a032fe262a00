"""glassnet.save / glassnet.load: round trips, the file layout, and refusing bad files."""

import io
import json
import math
import os

import numpy as np
import pytest
import safetensors.numpy as stnp

import glassnet
from glassnet.io import FileFormatError, SerializationError, atomic_write


def _state_dict():
    glassnet.manual_seed(0)
    return {
        "fc1.weight": glassnet.randn(4, 3),
        "fc1.bias": glassnet.zeros(4, dtype=glassnet.float64),
        "half": glassnet.randn(2, 2).half(),
        "idx": glassnet.tensor([1, 2, 3]),
        "i32": glassnet.tensor([1, 2], dtype=glassnet.int32),
        "u8": glassnet.tensor([0, 255], dtype=glassnet.uint8),
        "mask": glassnet.tensor([True, False]),
        "scalar": glassnet.tensor(3.5),
        "empty": glassnet.zeros(0, 5),
    }


def test_state_dict_round_trip_keeps_dtypes_shapes_and_values(tmp_path):
    sd = _state_dict()
    path = tmp_path / "model.safetensors"
    glassnet.save(sd, path)
    out = glassnet.load(path)
    assert list(out) == list(sd)
    for k, v in sd.items():
        assert isinstance(out[k], glassnet.Tensor)
        assert out[k].dtype == v.dtype and out[k].shape == v.shape, k
        np.testing.assert_array_equal(out[k]._data, v._data)


def test_bare_state_dict_keeps_its_keys_for_other_safetensors_readers(tmp_path):
    path = tmp_path / "m.safetensors"
    glassnet.save(_state_dict(), path)
    plain = stnp.load_file(str(path))
    assert "fc1.weight" in plain and plain["fc1.weight"].shape == (4, 3)


def test_nested_checkpoint_round_trip(tmp_path):
    sd = _state_dict()
    glassnet.manual_seed(1)
    ckpt = {
        "model": sd,
        "optimizer": {
            "state": {0: {"step": glassnet.tensor(3.0), "exp_avg": glassnet.ones(4, 3)}, 1: {}},
            "param_groups": [{"lr": 1e-3, "betas": (0.9, 0.999), "amsgrad": False, "params": [0, 1],
                              "maximize": None}],
        },
        "scheduler": {"last_epoch": 2, "_last_lr": [0.001]},
        "epoch": 2,
        "rng_state": glassnet.get_rng_state(),
        "history": {"loss": [1.5, float("nan"), float("inf")], "epoch": [0, 1]},
        "config": {"name": "mlp", "sizes": [784, 10], "weird": {"__tensor__": "not a tensor"}},
        "array": np.arange(6).reshape(2, 3),
    }
    path = tmp_path / "ckpt.safetensors"
    glassnet.save(ckpt, path)
    out = glassnet.load(path)
    assert out["epoch"] == 2 and out["scheduler"] == ckpt["scheduler"]
    assert out["rng_state"] == glassnet.get_rng_state()
    state = out["optimizer"]["state"]
    assert set(state) == {0, 1} and state[1] == {}  # int keys survive JSON
    assert state[0]["step"].shape == () and state[0]["step"].item() == 3.0
    assert out["optimizer"]["param_groups"][0]["betas"] == (0.9, 0.999)
    assert out["optimizer"]["param_groups"][0]["maximize"] is None
    loss = out["history"]["loss"]
    assert loss[0] == 1.5 and math.isnan(loss[1]) and loss[2] == math.inf
    assert out["config"] == ckpt["config"]
    assert isinstance(out["array"], np.ndarray)
    np.testing.assert_array_equal(out["array"], ckpt["array"])
    np.testing.assert_array_equal(out["model"]["fc1.weight"]._data, sd["fc1.weight"]._data)
    # the tensors sit under readable flattened keys, the structure in the metadata
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
    assert "model/fc1.weight" in header and "optimizer/state/0/exp_avg" in header
    assert header["__metadata__"]["format"] == "glassnet"


def test_loaded_tensors_are_writable_and_keep_requires_grad(tmp_path):
    p = glassnet.randn(3, requires_grad=True)
    glassnet.save({"p": p, "q": p.detach()}, tmp_path / "x")
    out = glassnet.load(tmp_path / "x")
    assert out["p"].requires_grad and not out["q"].requires_grad
    out["q"]._data += 1  # optimizer state is updated in place after a resume


def test_file_object_round_trip():
    buf = io.BytesIO()
    glassnet.save({"a": glassnet.arange(5)}, buf)
    buf.seek(0)
    assert glassnet.load(buf)["a"].tolist() == [0, 1, 2, 3, 4]


def test_refuses_what_it_cannot_store_without_pickle(tmp_path):
    with pytest.raises(SerializationError, match="never pickles"):
        glassnet.save({"f": lambda x: x}, tmp_path / "x")
    with pytest.raises(SerializationError, match=r"state_dict\(\)"):
        glassnet.save(glassnet.nn.Linear(2, 2), tmp_path / "x")
    with pytest.raises(SerializationError, match="key"):
        glassnet.save({(1, 2): 3}, tmp_path / "x")
    assert not os.path.exists(tmp_path / "x")


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.safetensors"):
        glassnet.load(tmp_path / "nope.safetensors")


def test_truncated_file_is_refused(tmp_path):
    path = tmp_path / "m.safetensors"
    glassnet.save(_state_dict(), path)
    data = path.read_bytes()
    for cut in (4, 20, len(data) - 7):
        path.write_bytes(data[:cut])
        with pytest.raises(FileFormatError, match="m.safetensors"):
            glassnet.load(path)


def test_corrupted_data_is_caught_by_the_checksum(tmp_path):
    path = tmp_path / "m.safetensors"
    glassnet.save(_state_dict(), path)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(FileFormatError, match="corrupt.*checksum"):
        glassnet.load(path)


def test_corrupted_header_is_refused(tmp_path):
    path = tmp_path / "m.safetensors"
    glassnet.save(_state_dict(), path)
    data = bytearray(path.read_bytes())
    data[9] = ord("#")
    path.write_bytes(bytes(data))
    with pytest.raises(FileFormatError, match="m.safetensors"):
        glassnet.load(path)


def test_non_safetensors_files_are_refused(tmp_path):
    pickle_like = tmp_path / "model.pt"
    pickle_like.write_bytes(b"PK\x03\x04" + os.urandom(200))
    with pytest.raises(FileFormatError, match="model.pt"):
        glassnet.load(pickle_like)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(FileFormatError, match="not a safetensors file"):
        glassnet.load(text)


def test_foreign_safetensors_is_refused_with_a_pointer(tmp_path):
    path = tmp_path / "plain.safetensors"
    stnp.save_file({"w": np.ones(3, np.float32)}, str(path), metadata={"format": "pt"})
    with pytest.raises(FileFormatError, match="not written by glassnet.*load_torch_state_dict"):
        glassnet.load(path)


def test_save_replaces_atomically_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "ckpt.safetensors"
    glassnet.save({"v": glassnet.ones(3)}, path)
    glassnet.save({"v": glassnet.zeros(3)}, path)
    assert glassnet.load(path)["v"].tolist() == [0.0, 0.0, 0.0]
    assert os.listdir(tmp_path) == ["ckpt.safetensors"]


def test_failing_write_leaves_the_old_file_intact(tmp_path):
    path = tmp_path / "ckpt.safetensors"
    glassnet.save({"v": glassnet.ones(3)}, path)
    before = path.read_bytes()

    def half_write(tmp):
        with open(tmp, "wb") as f:
            f.write(b"\x10\x00\x00")  # a partial file, then the process "dies"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, half_write)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["ckpt.safetensors"]
    assert glassnet.load(path)["v"].tolist() == [1.0, 1.0, 1.0]


def test_save_creates_parent_directories(tmp_path):
    path = tmp_path / "runs" / "a" / "w.safetensors"
    glassnet.save({"v": glassnet.ones(1)}, str(path))
    assert glassnet.load(str(path))["v"].tolist() == [1.0]
