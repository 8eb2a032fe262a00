"""glassnet.onnx: export a model to ONNX (``export``), built from a trace of the ops its forward pass runs.

Needs the ``onnx`` package (``pip install "glassnet[onnx]"``, which also installs onnxruntime to run
the file).
"""

from .export import export
from .graph import OnnxExportError

__all__ = ["OnnxExportError", "export"]
