"""The ONNX graph being built: value names for glassnet tensors, nodes, initializers and shape tensors.

Each traced tensor gets one ONNX value name. A tensor that no graph input flows into (a parameter, a
buffer, a constant made inside forward) becomes an initializer; one that an input flows into is "live".
The export traces the forward pass twice (the second time with one more row in the batch), and each
op here sees its twin from the second trace: a constant that differs between the two traces was
computed from the input outside glassnet's ops and cannot be frozen into the file, and a shape that
differs is rewritten in terms of the batch size read off the input at run time.
"""

from __future__ import annotations

from typing import Any

import numpy

from ..tensor import Tensor


class OnnxExportError(RuntimeError):
    """A model (or one of its ops) that ``glassnet.onnx.export`` cannot write as ONNX.

    Args:
        message: what cannot be exported: the op (its Function class) and the module that ran it.

    Example:
        >>> class Head(nn.Module):
        ...     def forward(self, x):
        ...         return x.cumsum(1)
        >>> try:
        ...     glassnet.onnx.export(Head(), glassnet.randn(2, 3), "never-written.onnx")
        ... except glassnet.onnx.OnnxExportError as e:
        ...     print(e)
        glassnet.onnx.export: no ONNX mapping for op CumSum (glassnet.ops.scan) in the model (Head)
    """


def require_onnx() -> Any:
    """The ``onnx`` package, or an ImportError naming the extra that installs it."""
    try:
        import onnx
    except ImportError:
        raise ImportError('glassnet.onnx needs the onnx package: pip install "glassnet[onnx]"') from None
    return onnx


def same_value(a: Any, b: Any) -> bool:
    """Whether two op arguments (from the two traces) are equal: arrays by shape and values, the rest by ==."""
    if isinstance(a, Tensor):
        a = a._data
    if isinstance(b, Tensor):
        b = b._data
    if isinstance(a, numpy.ndarray) or isinstance(b, numpy.ndarray):
        a, b = numpy.asarray(a), numpy.asarray(b)
        return a.shape == b.shape and a.dtype == b.dtype and bool(numpy.array_equal(a, b, equal_nan=True))
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:  # objects without a plain ==: take them as equal only if they are the same object
        return a is b


class Graph:
    """Nodes and initializers in the making, and the ONNX name of every glassnet tensor seen so far.

    Args:
        opset: the ONNX opset the nodes are written for.
        param_names: id of a parameter or buffer (Tensor or its array) -> its dotted name in the model.
        batch: (batch size in the first trace, in the second), or None when the batch is not dynamic.
    """

    def __init__(self, opset: int, param_names: dict, batch: tuple[int, int] | None) -> None:
        self.onnx = require_onnx()
        self.opset = opset
        self.param_names = param_names
        self.batch = batch
        self.nodes: list = []
        self.initializers: dict[str, Any] = {}
        self.names: dict[int, str] = {}  # id(tensor or array) -> value name
        self.live: set[str] = set()  # values an input flows into
        self.keep: list = []  # keeps traced objects alive so their ids are not reused
        self.batch_input: str | None = None  # the graph input whose first dim is the batch
        self._batch_dim: str | None = None
        self._count = 0
        self.where = ""  # the op being written, for error messages

    # ---- names ---------------------------------------------------------------------------------
    def fresh(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def bind(self, obj: Any, name: str, live: bool = True) -> None:
        """Give a glassnet tensor (or array) its ONNX value name."""
        self.keep.append(obj)
        self.names[id(obj)] = name
        if isinstance(obj, Tensor):  # an op may be handed the tensor's raw array (e.g. embedding indices)
            self.names.setdefault(id(obj._data), name)
            self.keep.append(obj._data)
        if live:
            self.live.add(name)

    def is_live(self, x: Any) -> bool:
        return isinstance(x, (Tensor, numpy.ndarray)) and self.names.get(id(x)) in self.live

    # ---- values --------------------------------------------------------------------------------
    def value(self, x: Any, twin: Any = None, dtype: Any = None) -> str:
        """The ONNX name holding ``x``: a traced value, or an initializer made from a constant.

        ``twin`` is the same argument in the second trace: a constant must not differ from it. A Python
        number becomes a scalar of ``dtype``; an array or tensor of another ``dtype`` is cast to it.
        """
        if isinstance(x, (Tensor, numpy.ndarray)):
            arr = x._data if isinstance(x, Tensor) else x
            name = self.names.get(id(x))
            if name is None:
                if twin is not None and not same_value(x, twin):
                    raise OnnxExportError(
                        f"glassnet.onnx.export: {self.where} takes a tensor of shape {tuple(arr.shape)} that depends "
                        "on the input but was not computed by glassnet ops (e.g. made from .numpy(), .item() or "
                        "x.shape): it cannot be frozen into the graph. Compute it with tensor ops, or export "
                        "with dynamic_batch=False if only its batch size changes.")
                pname = self.param_names.get(id(x))
                name = self.const(arr, pname if pname and pname not in self.initializers else None)
                self.bind(x, name, live=False)
            if dtype is not None and arr.dtype != numpy.dtype(dtype):
                name = self.node("Cast", [name], to=self.elem_type(dtype))
            return name
        if x is None:
            return ""
        return self.const(numpy.asarray(x, dtype=dtype if dtype is not None else numpy.asarray(x).dtype))

    def const(self, array: Any, name: str | None = None) -> str:
        """An initializer holding ``array``."""
        from onnx import numpy_helper

        arr = numpy.asarray(array)
        if arr.dtype.kind not in "fiub":
            raise OnnxExportError(f"glassnet.onnx.export: {self.where}: constants of dtype {arr.dtype} "
                                  "cannot be written as ONNX")
        name = name or self.fresh("const")
        self.initializers[name] = numpy_helper.from_array(numpy.ascontiguousarray(arr), name)
        return name

    def ints(self, values: Any) -> str:
        """A 1-D int64 initializer (axes, shapes, slice bounds)."""
        return self.const(numpy.asarray(list(values), dtype=numpy.int64))

    def elem_type(self, dtype: Any) -> int:
        from onnx import helper

        return helper.np_dtype_to_tensor_dtype(numpy.dtype(dtype))

    # ---- nodes ---------------------------------------------------------------------------------
    def node(self, op: str, inputs: list[str], n_out: int = 1, **attrs: Any) -> Any:
        """Append one node; returns its output name (or list of names when ``n_out`` > 1)."""
        from onnx import helper

        outs = [self.fresh(op.lower()) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op, inputs, outs, name=self.fresh("n_" + op), **attrs))
        self.live.update(outs)
        return outs[0] if n_out == 1 else outs

    def reduce(self, op: str, x: str, axes: Any, keepdims: bool) -> str:
        """ReduceSum/Mean/Max/...: axes an attribute before opset 18 (ReduceSum: 13), an input after."""
        if axes is None:
            return self.node(op, [x], keepdims=int(keepdims))
        axes = [int(a) for a in (axes if isinstance(axes, (tuple, list)) else (axes,))]
        if op == "ReduceSum" or self.opset >= 18:
            return self.node(op, [x, self.ints(axes)], keepdims=int(keepdims))
        return self.node(op, [x], axes=axes, keepdims=int(keepdims))

    def unsqueeze(self, x: str, axes: Any) -> str:
        return self.node("Unsqueeze", [x, self.ints(axes)])

    def squeeze(self, x: str, axes: Any) -> str:
        return self.node("Squeeze", [x, self.ints(axes)])

    # ---- shapes that follow the batch ------------------------------------------------------------
    def batch_dim(self) -> str:
        """The batch size at run time: a 1-element int64 tensor read off the batch input's shape."""
        if self._batch_dim is None:
            self._batch_dim = self.node("Shape", [self.batch_input], start=0, end=1)
        return self._batch_dim

    def shape(self, shape: Any, twin: Any) -> str:
        """A shape argument as an int64 tensor: constant where both traces agree, batch * k where not."""
        shape = [int(s) for s in shape]
        if twin is None or self.batch is None or list(twin) == shape:
            return self.ints(shape)
        (b1, b2), twin = self.batch, [int(s) for s in twin]
        if len(twin) != len(shape):
            raise OnnxExportError(f"glassnet.onnx.export: {self.where} reshapes to {tuple(shape)} with one batch "
                                  f"size and to {tuple(twin)} with another: export with dynamic_batch=False")
        parts = []
        for s, t in zip(shape, twin):
            if s == t:
                parts.append(self.ints([s]))
                continue
            k = s // b1 if b1 else 0
            if k * b1 != s or k * b2 != t:
                raise OnnxExportError(
                    f"glassnet.onnx.export: {self.where}: a shape dimension is {s} with batch size {b1} and {t} "
                    f"with {b2}, not a multiple of the batch size: export with dynamic_batch=False")
            parts.append(self.batch_dim() if k == 1 else self.node("Mul", [self.batch_dim(), self.ints([k])]))
        return self.node("Concat", parts, axis=0)
