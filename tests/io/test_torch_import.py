"""Importing PyTorch state_dicts: in memory, from torch-written safetensors, never from pickles."""

import numpy as np
import pytest

import glassnet
from glassnet.io import FileFormatError, load_torch_state_dict

torch = pytest.importorskip("torch")
st_torch = pytest.importorskip("safetensors.torch")


def _torch_model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.Linear(3, 2))


def test_in_memory_state_dict_converts_values_dtypes_and_keys():
    model = _torch_model()
    sd = model.state_dict()
    out = load_torch_state_dict(sd)
    assert list(out) == list(sd)
    for k, v in sd.items():
        assert isinstance(out[k], glassnet.Tensor)
        np.testing.assert_array_equal(out[k]._data, v.numpy())
    assert out["1.num_batches_tracked"].dtype == glassnet.int64
    # a copy: later torch updates do not leak into glassnet
    with torch.no_grad():
        model[0].weight.add_(1)
    assert not np.array_equal(out["0.weight"]._data, model[0].weight.detach().numpy())


def test_a_torch_module_is_accepted():
    model = _torch_model()
    out = load_torch_state_dict(model)
    np.testing.assert_array_equal(out["2.bias"]._data, model[2].bias.detach().numpy())


def test_torch_written_safetensors_file(tmp_path):
    model = _torch_model()
    path = tmp_path / "model.safetensors"
    st_torch.save_file(model.state_dict(), str(path))
    out = load_torch_state_dict(path)
    assert set(out) == set(model.state_dict())
    for k, v in model.state_dict().items():
        np.testing.assert_array_equal(out[k]._data, v.numpy())
    out["0.weight"]._data += 1  # writable, ready for load_state_dict


def test_bfloat16_widens_exactly_to_float32(tmp_path):
    w = torch.randn(3, 4).to(torch.bfloat16)
    path = tmp_path / "bf16.safetensors"
    st_torch.save_file({"w": w, "b": torch.ones(2)}, str(path))
    out = load_torch_state_dict(path)
    assert out["w"].dtype == glassnet.float32
    np.testing.assert_array_equal(out["w"]._data, w.float().numpy())
    np.testing.assert_array_equal(load_torch_state_dict({"w": w})["w"]._data, w.float().numpy())


def test_glassnet_file_of_a_state_dict_is_accepted(tmp_path):
    glassnet.save({"w": glassnet.ones(2)}, tmp_path / "g.safetensors")
    assert load_torch_state_dict(tmp_path / "g.safetensors")["w"].tolist() == [1.0, 1.0]


def test_pickle_files_are_refused_with_conversion_instructions(tmp_path):
    path = tmp_path / "model.pt"
    torch.save(_torch_model().state_dict(), path)
    with pytest.raises(FileFormatError, match=r"(?s)pickle.*safetensors.torch import save_file") as e:
        load_torch_state_dict(path)
    assert "model.pt" in str(e.value)


def test_non_tensor_entries_are_named():
    with pytest.raises(TypeError, match="'extra'"):
        load_torch_state_dict({"extra": "text"})
