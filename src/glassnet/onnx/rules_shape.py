"""ONNX rules for shape ops: reshape/view/flatten, permute/transpose, expand, cat, stack, pad, repeat, indexing."""

from __future__ import annotations

from typing import Any

import numpy

from ..ops import index as index_ops
from ..ops import shape as shape_ops
from .graph import OnnxExportError
from .rules import arg, rule

_INT_MAX = numpy.iinfo(numpy.int64).max
_INT_MIN = numpy.iinfo(numpy.int64).min


def _twin_out_shape(call: Any) -> Any:
    return None if call.twin is None else tuple(call.twin.out.shape)


@rule(shape_ops.Reshape)
def _reshape(g: Any, call: Any) -> str:
    return g.node("Reshape", [arg(g, call, 0), g.shape(call.out.shape, _twin_out_shape(call))])


@rule(shape_ops.Expand)
def _expand(g: Any, call: Any) -> str:
    return g.node("Expand", [arg(g, call, 0), g.shape(call.out.shape, _twin_out_shape(call))])


@rule(shape_ops.Permute)
def _permute(g: Any, call: Any) -> str:
    return g.node("Transpose", [arg(g, call, 0)], perm=[int(a) for a in call.inputs[1]])


@rule(shape_ops.Cat)
def _cat(g: Any, call: Any) -> str:
    dt = call.out._data.dtype
    ins = [arg(g, call, i, dt) for i in range(len(call.inputs))]
    return g.node("Concat", ins, axis=int(call.kwargs.get("axis", 0)))


@rule(shape_ops.Stack)
def _stack(g: Any, call: Any) -> str:
    dt = call.out._data.dtype
    axis = int(call.kwargs.get("axis", 0))
    if axis < 0:
        axis += len(call.out.shape)
    ins = [g.unsqueeze(arg(g, call, i, dt), [axis]) for i in range(len(call.inputs))]
    return ins[0] if len(ins) == 1 else g.node("Concat", ins, axis=axis)


@rule(shape_ops.Pad)
def _pad(g: Any, call: Any) -> str:
    x, pad = call.inputs[0], list(call.inputs[1])
    value = call.inputs[2] if len(call.inputs) > 2 else call.kwargs.get("value", 0.0)
    nd = len(x.shape)
    begin, end = [0] * nd, [0] * nd
    for i in range(len(pad) // 2):  # PyTorch's flat list: last dimension first
        begin[nd - 1 - i], end[nd - 1 - i] = int(pad[2 * i]), int(pad[2 * i + 1])
    dt = call.out._data.dtype
    return g.node("Pad", [arg(g, call, 0), g.ints(begin + end), g.value(value, dtype=dt)], mode="constant")


@rule(shape_ops.Repeat)
def _repeat(g: Any, call: Any) -> str:
    x, reps = call.inputs[0], [int(r) for r in call.inputs[1]]
    twin = None if call.twin is None else call.twin.inputs[1]
    name = arg(g, call, 0)
    lead = len(reps) - len(x.shape)
    if lead:
        name = g.unsqueeze(name, list(range(lead)))
    return g.node("Tile", [name, g.shape(reps, twin)])  # the repeat count may follow the batch size


@rule(index_ops.IndexSelect)
def _index_select(g: Any, call: Any) -> str:
    return g.node("Gather", [arg(g, call, 0), arg(g, call, 2, numpy.int64)], axis=int(call.inputs[1]))


@rule(index_ops.Gather)
def _gather(g: Any, call: Any) -> str:
    """torch.gather / take_along_dim: ONNX's GatherElements."""
    return g.node("GatherElements", [arg(g, call, 0), arg(g, call, 2, numpy.int64)], axis=int(call.inputs[1]))


@rule(index_ops.MaskedFill)
def _masked_fill(g: Any, call: Any) -> str:
    dt = call.out._data.dtype
    return g.node("Where", [arg(g, call, 1, numpy.bool_), arg(g, call, 2, dt), arg(g, call, 0, dt)])


def _is_int(i: Any) -> bool:
    return isinstance(i, (int, numpy.integer)) and not isinstance(i, bool)


@rule(index_ops.GetItem)
def _getitem(g: Any, call: Any) -> str:
    """Basic indexing (ints, slices, None, ...) as Slice/Squeeze/Unsqueeze; one integer array as Gather."""
    steps = call.ctx.steps
    x = arg(g, call, 0)
    if len(steps) != 1:
        raise _unsupported(call)
    idx = steps[0]
    if isinstance(idx, numpy.ndarray) and idx.dtype.kind in "iu":
        return g.node("Gather", [x, g.const(idx.astype(numpy.int64))], axis=0)
    items = idx if isinstance(idx, tuple) else (idx,)
    if not all(i is None or i is Ellipsis or isinstance(i, slice) or _is_int(i) for i in items):
        raise _unsupported(call)
    nd = len(call.inputs[0].shape)
    used = sum(1 for i in items if i is not None and i is not Ellipsis)
    expanded: list = []
    for i in items:
        expanded += [slice(None)] * (nd - used) if i is Ellipsis else [i]
    starts, ends, axes, strides, squeeze, unsqueeze = [], [], [], [], [], []
    dim = out_pos = 0
    for i in expanded:
        if i is None:
            unsqueeze.append(out_pos)
            out_pos += 1
            continue
        if isinstance(i, slice):
            step = 1 if i.step is None else int(i.step)
            if step == 0:
                raise _unsupported(call)
            if i != slice(None):  # open ends as NumPy reads them (ONNX clamps the extreme values)
                starts.append(int(i.start) if i.start is not None else (0 if step > 0 else _INT_MAX))
                ends.append(int(i.stop) if i.stop is not None else (_INT_MAX if step > 0 else _INT_MIN))
                axes.append(dim)
                strides.append(step)
            out_pos += 1
        else:
            k = int(i)
            starts.append(k)
            ends.append(_INT_MAX if k == -1 else k + 1)
            axes.append(dim)
            strides.append(1)
            squeeze.append(dim)
        dim += 1
    if axes:
        x = g.node("Slice", [x, g.ints(starts), g.ints(ends), g.ints(axes), g.ints(strides)])
    if squeeze:
        x = g.squeeze(x, squeeze)
    if unsqueeze:
        x = g.unsqueeze(x, unsqueeze)
    if not (axes or squeeze or unsqueeze):
        x = g.node("Identity", [x])
    return x


def _unsupported(call: Any) -> OnnxExportError:
    return OnnxExportError(f"glassnet.onnx.export: no ONNX mapping for {call.describe()} with this index "
                           "(supported: ints, slices, None, ..., or one integer index tensor)")
