"""``export(model, example_input, path)``: write a glassnet model as an ONNX file, from a trace of its ops.

The forward pass runs twice in eval mode with the op recorder on: once on ``example_input`` and once on a
batch one row larger (or, with a fixed batch, on the rows rolled by one). Each recorded op is written as
ONNX nodes by its rule (``rules_*.py``); parameters and buffers become initializers named as in the
state dict. The second trace tells which shapes follow the batch size, and catches values that were
computed from the input without glassnet ops (they would otherwise be frozen into the file).
"""

from __future__ import annotations

import os
from typing import Any

import numpy

from ..io import atomic_write
from ..tensor import Tensor
from . import rules_layers, rules_math, rules_shape  # noqa: F401 - importing registers their rules
from .graph import Graph, OnnxExportError, require_onnx, same_value
from .rules import RULES
from .rules_recurrent import MODULE_RULES
from .tracing import ModuleCall, OpCall, record

# Ops whose shape argument may follow the batch (their rules rewrite it); any other op's non-tensor
# arguments must be the same in both traces.
_SHAPE_ARGS = {"Reshape", "Expand", "Repeat"}
MIN_OPSET = 17


def _as_args(example_input: Any) -> tuple:
    """The positional arguments of the forward call: NumPy arrays become Tensors, tuples may nest."""
    def conv(a: Any) -> Any:
        if isinstance(a, numpy.ndarray):
            return Tensor(a)
        if isinstance(a, (tuple, list)):
            return type(a)(conv(x) for x in a)
        if not isinstance(a, Tensor):
            raise TypeError("glassnet.onnx.export: example_input must be a Tensor or a tuple of Tensors (tuples may "
                            f"nest, as an LSTM's (h_0, c_0)), got a {type(a).__name__}")
        if a.ndim == 0:
            raise ValueError("glassnet.onnx.export: an input has no dimensions (0-d); inputs need a first dim")
        return a

    args = conv(tuple(example_input) if isinstance(example_input, (tuple, list)) else (example_input,))
    if not _flatten(args):
        raise TypeError("glassnet.onnx.export: example_input holds no Tensor")
    return args


def _second_input(args: Any, dynamic: bool, memo: dict) -> Any:
    """The input of the second trace: one more row (the first again), or the rows rolled by one. The same
    tensor passed twice (self-attention's query, key and value) stays one tensor."""
    if isinstance(args, (tuple, list)):
        return type(args)(_second_input(a, dynamic, memo) for a in args)
    if id(args) not in memo:
        arr = args._data
        arr = numpy.concatenate([arr, arr[:1]], axis=0) if dynamic else numpy.roll(arr, 1, axis=0)
        memo[id(args)] = Tensor(numpy.ascontiguousarray(arr))
    return memo[id(args)]


def _flatten(out: Any) -> list:
    if isinstance(out, Tensor):
        return [out]
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in _flatten(o)]
    if isinstance(out, dict):
        return [t for o in out.values() for t in _flatten(o)]
    return []


def _names(given: Any, n: int, base: str) -> list[str]:
    if given is None:
        return [base] if n == 1 else [f"{base}_{i}" for i in range(n)]
    given = list(given)
    if len(given) != n:
        raise ValueError(f"glassnet.onnx.export: {len(given)} {base}_names given for {n} {base}s")
    return [str(s) for s in given]


def _value_info(g: Graph, name: str, t: Tensor, twin: Tensor | None) -> Any:
    from onnx import helper

    dims: list = []
    for i, s in enumerate(t.shape):
        t2 = None if twin is None or len(twin.shape) != len(t.shape) else twin.shape[i]
        if t2 is None or t2 == s:
            dims.append(int(s))
        elif g.batch is not None and (s, t2) == g.batch:
            dims.append("batch")
        else:
            dims.append(f"{name}_dim{i}")
    return helper.make_tensor_value_info(name, g.elem_type(t._data.dtype), dims)


def _check_pair(a: Any, b: Any, dynamic: bool) -> None:
    same = type(a) is type(b) and (
        (isinstance(a, OpCall) and a.cls is b.cls and a.module == b.module)
        or (isinstance(a, ModuleCall) and a.module is b.module))
    if not same:
        raise OnnxExportError(
            f"glassnet.onnx.export: the forward pass ran different ops on a second input ({a.describe()} against "
            f"{b.describe()}): its ops depend on the input's values{' or batch size' if dynamic else ''}, so one "
            "trace cannot stand for it" + (" (try dynamic_batch=False)" if dynamic else ""))
    if isinstance(a, OpCall) and a.cls.__name__ not in _SHAPE_ARGS:
        for x, y in zip(a.inputs, b.inputs):
            if not isinstance(x, (Tensor, numpy.ndarray)) and not same_value(x, y):
                raise OnnxExportError(
                    f"glassnet.onnx.export: {a.describe()} takes the argument {x!r} on one input and {y!r} on "
                    "another: an argument computed from the input has no fixed value to write"
                    + (" (try dynamic_batch=False)" if dynamic else ""))


def _write_op(g: Graph, call: OpCall) -> None:
    ins = [x for x in call.inputs if isinstance(x, (Tensor, numpy.ndarray))]
    follows_batch = call.twin is not None and tuple(call.out.shape) != tuple(call.twin.out.shape)
    if not any(g.is_live(x) for x in ins) and not follows_batch:
        return  # no input flows into it: a constant, made an initializer where it is used
    fn = RULES.get(call.cls)
    if fn is None:
        raise OnnxExportError(f"glassnet.onnx.export: no ONNX mapping for {call.describe()}")
    g.where = call.describe()
    g.bind(call.out, fn(g, call))


def _write_module(g: Graph, call: ModuleCall) -> None:
    g.where = call.describe()
    for cls, fn in MODULE_RULES.items():
        if isinstance(call.module, cls):
            fn(g, call)
            return
    raise OnnxExportError(f"glassnet.onnx.export: no ONNX mapping for {call.describe()}")


def export(model: Any, example_input: Any, path: str | os.PathLike, dynamic_batch: bool = True,
           opset: int = 17, input_names: Any = None, output_names: Any = None) -> Any:
    """Write ``model`` as an ONNX file, built from the ops one forward pass on ``example_input`` runs.

    The model runs in eval mode (BatchNorm uses its running statistics, Dropout does nothing); each
    module gets its own mode back afterwards. Parameters and buffers become initializers under their
    state-dict names. The forward pass runs a second time on a batch one row larger, which shows the
    shapes that follow the batch size. The file is checked with ``onnx.checker`` before it is written
    (atomically: a failed export leaves no file).

    Args:
        model: the Module to export.
        example_input: a Tensor (or NumPy array), or a tuple of them for a model with several inputs.
        path: where to write the ``.onnx`` file.
        dynamic_batch: make the first dimension of every input (and what follows from it) symbolic
            (``"batch"``), so the file runs on any batch size; else every shape is fixed.
        opset: the ONNX opset to write (17 or newer; PyTorch's ``opset_version``).
        input_names: names of the graph inputs (default ``input``, or ``input_0``, ``input_1``, ...).
        output_names: names of the graph outputs (default ``output``, or ``output_0``, ...).

    Returns:
        The ``onnx.ModelProto`` written.

    Raises:
        OnnxExportError: an op without an ONNX mapping (naming the op and the module that ran it),
            a layer in a state that cannot export (attention dropout in training mode, a PackedSequence),
            or a forward pass that depends on the input in a way one trace cannot capture (values
            computed outside glassnet's ops, Python branches on values or on the batch size).

    Example:
        >>> import tempfile, os
        >>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        >>> path = os.path.join(tempfile.mkdtemp(), "model.onnx")
        >>> proto = glassnet.onnx.export(model, glassnet.randn(3, 4), path)
        >>> [n.op_type for n in proto.graph.node]
        ['Gemm', 'Relu', 'Gemm', 'Identity']
        >>> proto.graph.input[0].type.tensor_type.shape.dim[0].dim_param
        'batch'
    """
    onnx = require_onnx()
    from onnx import helper

    newest = onnx.defs.onnx_opset_version()
    if not MIN_OPSET <= int(opset) <= newest:
        raise ValueError(f"glassnet.onnx.export: opset must be between {MIN_OPSET} and {newest}, got {opset}")
    args = _as_args(example_input)
    args2 = _second_input(args, dynamic_batch, {})
    modes = [(m, m.training) for m in model.modules()]
    model.eval()
    try:
        whole = tuple(MODULE_RULES)
        events, out = record(model, args, whole)
        try:
            events2, out2 = record(model, args2, whole)
        except Exception as e:
            if not dynamic_batch:
                raise
            raise OnnxExportError(
                "glassnet.onnx.export: with dynamic_batch=True the first dimension of every input is the batch, but "
                f"the model fails when each input gets one more row there ({type(e).__name__}: {e}); export with "
                "dynamic_batch=False for inputs whose first dimension is not the batch") from e
    finally:
        for m, training in modes:
            m.training = training
    if len(events) != len(events2):
        raise OnnxExportError(
            f"glassnet.onnx.export: the forward pass ran {len(events)} ops on example_input and {len(events2)} on a "
            "second input: its ops depend on the input's values or size, so one trace cannot stand for it")
    for a, b in zip(events, events2):
        _check_pair(a, b, dynamic_batch)
        a.twin = b

    param_names: dict = {}
    for name, p in list(model.named_parameters()) + list(model.named_buffers()):
        param_names.setdefault(id(p), name)
        param_names.setdefault(id(p._data), name)
    flat, flat2 = _flatten(args), _flatten(args2)
    batch = (flat[0].shape[0], flat2[0].shape[0]) if dynamic_batch else None
    g = Graph(int(opset), param_names, batch)
    unique = list({id(a): (a, a2) for a, a2 in zip(flat, flat2)}.values())
    in_names = _names(input_names, len(unique), "input")
    inputs = []
    for (a, a2), name in zip(unique, in_names):
        g.bind(a, name)
        inputs.append(_value_info(g, name, a, a2))
    g.batch_input = in_names[0]
    for e in events:
        if isinstance(e, ModuleCall):
            _write_module(g, e)
        else:
            _write_op(g, e)

    outs, outs2 = _flatten(out), _flatten(out2)
    if not outs:
        raise OnnxExportError(f"glassnet.onnx.export: the model returned no Tensor (got {type(out).__name__})")
    out_names = _names(output_names, len(outs), "output")
    outputs = []
    g.where = "the model's output"
    for t, t2, name in zip(outs, outs2, out_names):
        g.nodes.append(helper.make_node("Identity", [g.value(t, t2)], [name], name=f"n_{name}"))
        outputs.append(_value_info(g, name, t, t2))
    graph = helper.make_graph(g.nodes, type(model).__name__, inputs, outputs,
                              initializer=list(g.initializers.values()))
    from .. import __version__

    opsets = [helper.make_opsetid("", int(opset))]
    proto = helper.make_model(graph, opset_imports=opsets, producer_name="glassnet", producer_version=__version__)
    # the oldest IR version the opset allows, so that older runtimes (onnxruntime 1.18) load the file too
    proto.ir_version = helper.find_min_ir_version_for(opsets)
    onnx.checker.check_model(proto, full_check=True)
    atomic_write(path, lambda tmp: onnx.save_model(proto, tmp))
    return proto
