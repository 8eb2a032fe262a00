"""ONNX rules for the layer ops: linear, matmul, convolutions, pooling, normalization, embedding, attention."""

from __future__ import annotations

from typing import Any

import numpy

from ..ops import attention as attention_ops
from ..ops import conv as conv_ops
from ..ops import conv_nd as conv_nd_ops
from ..ops import embedding as embedding_ops
from ..ops import matmul as matmul_ops
from ..ops import norm as norm_ops
from ..ops import pool as pool_ops
from ..ops import pool_nd as pool_nd_ops
from .graph import OnnxExportError
from .rules import arg, out_dtype, rule


@rule(matmul_ops.MatMul)
def _matmul(g: Any, call: Any) -> str:
    return g.node("MatMul", [arg(g, call, 0), arg(g, call, 1)])


@rule(matmul_ops.Linear)
def _linear(g: Any, call: Any) -> str:
    """x @ w.T + b: one Gemm for a 2-D input, MatMul + Add otherwise."""
    x = call.inputs[0]
    has_bias = len(call.inputs) > 2 and call.inputs[2] is not None
    if len(x.shape) == 2:
        ins = [arg(g, call, 0), arg(g, call, 1)] + ([arg(g, call, 2)] if has_bias else [])
        return g.node("Gemm", ins, transB=1)
    y = g.node("MatMul", [arg(g, call, 0), g.node("Transpose", [arg(g, call, 1)], perm=[1, 0])])
    return g.node("Add", [y, arg(g, call, 2)]) if has_bias else y


def _conv_conf(call: Any) -> tuple:
    names = ("b", "stride", "padding", "dilation", "groups")
    nd = len(call.inputs[1].shape) - 2
    defaults = (None, (1,) * nd, ((0, 0),) * nd, (1,) * nd, 1)
    vals = []
    for k, (name, d) in enumerate(zip(names, defaults)):
        i = k + 2
        vals.append(call.inputs[i] if len(call.inputs) > i else call.kwargs.get(name, call.kwargs.get("pads", d)
                                                                                   if name == "padding" else d))
    return tuple(vals)


def _pads(padding: Any) -> list[int]:
    """((lo, hi) per spatial dim) -> ONNX's [lo..., hi...]."""
    return [int(p[0]) for p in padding] + [int(p[1]) for p in padding]


def _conv_inputs(g: Any, call: Any, b: Any) -> list[str]:
    return [arg(g, call, 0), arg(g, call, 1)] + ([arg(g, call, 2)] if b is not None else [])


@rule(conv_ops.Conv2d, conv_nd_ops.ConvNd)
def _conv(g: Any, call: Any) -> str:
    b, stride, padding, dilation, groups = _conv_conf(call)
    kernel = list(call.inputs[1].shape[2:])
    return g.node("Conv", _conv_inputs(g, call, b), kernel_shape=kernel, strides=list(stride), pads=_pads(padding),
                  dilations=list(dilation), group=int(groups))


@rule(conv_ops.ConvTranspose2d, conv_nd_ops.ConvTransposeNd)
def _conv_transpose(g: Any, call: Any) -> str:
    b, stride, padding, dilation, groups = _conv_conf(call)
    x, w = call.inputs[0], call.inputs[1]
    kernel = list(w.shape[2:])
    pads = _pads(padding)
    nd = len(kernel)
    out_pad = []
    for d in range(nd):  # what output_padding the recorded output size implies
        full = (x.shape[2 + d] - 1) * stride[d] + dilation[d] * (kernel[d] - 1) + 1 - pads[d] - pads[d + nd]
        out_pad.append(int(call.out.shape[2 + d] - full))
    return g.node("ConvTranspose", _conv_inputs(g, call, b), kernel_shape=kernel, strides=list(stride), pads=pads,
                  dilations=list(dilation), group=int(groups), output_padding=out_pad)


def _pool_pads(padding: Any) -> list[int]:
    return [int(p) for p in padding] * 2


@rule(pool_ops.MaxPool2d, pool_nd_ops.MaxPoolNd)
def _max_pool(g: Any, call: Any) -> str:
    _, kernel, stride, padding, dilation, ceil_mode = call.inputs[:6]
    return g.node("MaxPool", [arg(g, call, 0)], kernel_shape=list(kernel), strides=list(stride),
                  pads=_pool_pads(padding), dilations=list(dilation), ceil_mode=int(ceil_mode))


@rule(pool_ops.AvgPool2d, pool_nd_ops.AvgPoolNd)
def _avg_pool(g: Any, call: Any) -> str:
    _, kernel, stride, padding, ceil_mode, count_include_pad = call.inputs[:6]
    divisor = call.inputs[6] if len(call.inputs) > 6 else call.kwargs.get("divisor_override")
    y = g.node("AveragePool", [arg(g, call, 0)], kernel_shape=list(kernel), strides=list(stride),
               pads=_pool_pads(padding), ceil_mode=int(ceil_mode), count_include_pad=int(count_include_pad))
    if divisor is not None:  # the pool divided by the window size; rescale to the given divisor
        if any(padding):
            raise OnnxExportError(f"glassnet.onnx.export: {call.describe()}: divisor_override with padding "
                                  "has no ONNX mapping")
        scale = numpy.asarray(numpy.prod(kernel) / divisor, dtype=out_dtype(call))
        y = g.node("Mul", [y, g.const(scale)])
    return y


@rule(pool_ops.AdaptiveMaxPool2d, pool_nd_ops.AdaptiveMaxPoolNd)
def _adaptive_max_pool(g: Any, call: Any) -> str:
    size = tuple(call.inputs[0].shape[2:])
    out = tuple(call.inputs[1])
    if any(i % o for i, o in zip(size, out)):
        raise OnnxExportError(f"glassnet.onnx.export: {call.describe()}: adaptive max pooling from {size} to {out} "
                              "has uneven windows and no ONNX mapping (the output size must divide the input size)")
    k = [i // o for i, o in zip(size, out)]
    return g.node("MaxPool", [arg(g, call, 0)], kernel_shape=k, strides=k)


@rule(norm_ops.BatchNorm)
def _batch_norm(g: Any, call: Any) -> str:
    x, weight, bias, mean, var, training, _momentum, eps = call.inputs
    c = x.shape[1]
    dt = out_dtype(call)
    if training:  # statistics of this batch (track_running_stats=False, InstanceNorm): written out in full
        return _batch_stats_norm(g, call, x, weight, bias, eps)
    scale = arg(g, call, 1) if weight is not None else g.const(numpy.ones(c, dt))
    shift = arg(g, call, 2) if bias is not None else g.const(numpy.zeros(c, dt))
    return g.node("BatchNormalization", [arg(g, call, 0), scale, shift, arg(g, call, 3), arg(g, call, 4)],
                  epsilon=float(eps))


def _batch_stats_norm(g: Any, call: Any, x: Any, weight: Any, bias: Any, eps: float) -> str:
    """(x - mean) / sqrt(var + eps) * weight + bias, mean and (biased) var over every dim but the channels."""
    dt = out_dtype(call)
    nd = len(x.shape)
    name = arg(g, call, 0)
    axes = [0] + list(range(2, nd))
    d = g.node("Sub", [name, g.reduce("ReduceMean", name, axes, True)])
    var = g.reduce("ReduceMean", g.node("Mul", [d, d]), axes, True)
    y = g.node("Div", [d, g.node("Sqrt", [g.node("Add", [var, g.const(numpy.asarray(eps, dt))])])])
    per_channel = [-1] + (nd - 2) * [1]
    if weight is not None:
        y = g.node("Mul", [y, g.node("Reshape", [arg(g, call, 1), g.ints(per_channel)])])
    if bias is not None:
        y = g.node("Add", [y, g.node("Reshape", [arg(g, call, 2), g.ints(per_channel)])])
    return y


@rule(norm_ops.LayerNorm)
def _layer_norm(g: Any, call: Any) -> str:
    x, weight, bias, nd, eps = call.inputs
    shape = tuple(x.shape[len(x.shape) - int(nd):])
    dt = out_dtype(call)
    scale = arg(g, call, 1) if weight is not None else g.const(numpy.ones(shape, dt))
    ins = [arg(g, call, 0), scale] + ([arg(g, call, 2)] if bias is not None else [])
    return g.node("LayerNormalization", ins, axis=-int(nd), epsilon=float(eps))


@rule(norm_ops.GroupNorm)
def _group_norm(g: Any, call: Any) -> str:
    """Normalize each (sample, group) over its channels and positions, then scale and shift per channel."""
    x, weight, bias, groups, eps = call.inputs
    dt = out_dtype(call)
    name = arg(g, call, 0)
    grouped = g.node("Reshape", [name, g.ints([0, int(groups), -1])])
    mean = g.reduce("ReduceMean", grouped, [2], True)
    d = g.node("Sub", [grouped, mean])
    var = g.reduce("ReduceMean", g.node("Mul", [d, d]), [2], True)
    std = g.node("Sqrt", [g.node("Add", [var, g.const(numpy.asarray(eps, dt))])])
    y = g.node("Reshape", [g.node("Div", [d, std]), g.node("Shape", [name])])
    per_channel = (len(x.shape) - 2) * [1]
    if weight is not None:
        y = g.node("Mul", [y, g.node("Reshape", [arg(g, call, 1), g.ints([-1] + per_channel)])])
    if bias is not None:
        y = g.node("Add", [y, g.node("Reshape", [arg(g, call, 2), g.ints([-1] + per_channel)])])
    return y


@rule(embedding_ops.Embedding)
def _embedding(g: Any, call: Any) -> str:
    return g.node("Gather", [arg(g, call, 0), arg(g, call, 1)], axis=0)


@rule(attention_ops.ScaledDotProductAttention)
def _sdpa(g: Any, call: Any) -> str:
    """softmax(q k^T * scale + mask) v."""
    q, k, v = call.inputs[:3]
    mask = call.inputs[3] if len(call.inputs) > 3 else call.kwargs.get("mask")
    drop = call.inputs[4] if len(call.inputs) > 4 else call.kwargs.get("drop")
    scale = call.inputs[5] if len(call.inputs) > 5 else call.kwargs.get("scale", 1.0)
    if drop is not None:
        raise OnnxExportError(f"glassnet.onnx.export: {call.describe()} runs attention dropout (training mode)")
    nd = len(k.shape)
    perm = list(range(nd - 2)) + [nd - 1, nd - 2]
    s = g.node("MatMul", [arg(g, call, 0), g.node("Transpose", [arg(g, call, 1)], perm=perm)])
    s = g.node("Mul", [s, g.const(numpy.asarray(scale, out_dtype(call)))])
    if mask is not None:
        s = g.node("Add", [s, arg(g, call, 3, out_dtype(call))])
    return g.node("MatMul", [g.node("Softmax", [s], axis=-1), arg(g, call, 2)])
