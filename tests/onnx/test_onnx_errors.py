"""What export refuses, and how it says so: one clear error naming the op and the module it came from."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import glassnet
from glassnet import nn

pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")


class CumulativeHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.head = Cumsum()

    def forward(self, x):
        return self.head(self.fc(x))


class Cumsum(nn.Module):
    def forward(self, x):
        return x.cumsum(1)


def test_an_op_without_mapping_names_the_op_and_its_module(tmp_path):
    path = tmp_path / "m.onnx"
    with pytest.raises(glassnet.onnx.OnnxExportError) as e:
        glassnet.onnx.export(CumulativeHead(), glassnet.randn(2, 4), path)
    msg = str(e.value)
    assert "no ONNX mapping for op CumSum (glassnet.ops.scan)" in msg
    assert "module 'head' (Cumsum)" in msg
    assert "\n" not in msg
    assert not path.exists()  # nothing half-written


class FromNumpy(nn.Module):
    """Builds a tensor from the input's values outside glassnet's ops: a trace cannot follow it."""

    def forward(self, x):
        return x + glassnet.tensor(np.sort(x.numpy(), axis=1))


def test_values_computed_outside_glassnet_ops_are_refused_not_frozen(tmp_path):
    with pytest.raises(glassnet.onnx.OnnxExportError, match="not computed by glassnet ops"):
        glassnet.onnx.export(FromNumpy(), glassnet.randn(3, 4), tmp_path / "m.onnx")
    with pytest.raises(glassnet.onnx.OnnxExportError, match="not computed by glassnet ops"):
        glassnet.onnx.export(FromNumpy(), glassnet.randn(3, 4), tmp_path / "m.onnx", dynamic_batch=False)


class BranchOnValue(nn.Module):
    def forward(self, x):
        return x * 2 if float(x.sum()) > 0 else (x - 1).exp()


def test_a_forward_pass_that_branches_on_values_is_refused(tmp_path):
    x = glassnet.tensor([[5.0, 5.0], [-6.0, -6.0]])  # the second trace adds the first row: the sum turns positive
    with pytest.raises(glassnet.onnx.OnnxExportError, match="one trace cannot stand for it"):
        glassnet.onnx.export(BranchOnValue(), x, tmp_path / "m.onnx")


def test_bad_arguments(tmp_path):
    model = nn.Linear(3, 2)
    with pytest.raises(ValueError, match="opset must be between 17"):
        glassnet.onnx.export(model, glassnet.randn(2, 3), tmp_path / "m.onnx", opset=11)
    with pytest.raises(TypeError, match="example_input must be a Tensor"):
        glassnet.onnx.export(model, [1, 2, 3], tmp_path / "m.onnx")
    with pytest.raises(ValueError, match="2 input_names given for 1 input"):
        glassnet.onnx.export(model, glassnet.randn(2, 3), tmp_path / "m.onnx", input_names=["a", "b"])


def test_names_and_numpy_input(tmp_path):
    proto = glassnet.onnx.export(nn.Linear(3, 2), np.ones((2, 3), np.float32), tmp_path / "m.onnx",
                                 input_names=["features"], output_names=["scores"])
    assert [i.name for i in proto.graph.input] == ["features"]
    assert [o.name for o in proto.graph.output] == ["scores"]
    assert {i.name for i in proto.graph.initializer} == {"weight", "bias"}
    assert proto.ir_version == 8 and proto.producer_name == "glassnet"  # loads in older runtimes too


def test_missing_onnx_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "onnx", None)
    with pytest.raises(ImportError, match=r'pip install "glassnet\[onnx\]"'):
        glassnet.onnx.export(nn.Linear(3, 2), glassnet.randn(2, 3), tmp_path / "m.onnx")


def test_recorder_is_off_after_export_even_when_it_fails(tmp_path):
    from glassnet.autograd import function

    with pytest.raises(glassnet.onnx.OnnxExportError):
        glassnet.onnx.export(CumulativeHead(), glassnet.randn(2, 4), tmp_path / "m.onnx")
    assert function.TRACER is None
    assert not CumulativeHead()._forward_hooks
