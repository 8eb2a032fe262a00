"""ONNX rules for elementwise math, activations and reductions."""

from __future__ import annotations

import math
from typing import Any

from ..autograd.function import NoGradOp
from ..ops import activation as activation_ops
from ..ops import elementwise as elementwise_ops
from ..ops import reduce as reduce_ops
from ..ops import unary_math as unary_math_ops
from .graph import OnnxExportError
from .rules import arg, out_dtype, rule

_UNARY = {
    elementwise_ops.Neg: "Neg", elementwise_ops.Exp: "Exp", elementwise_ops.Log: "Log",
    elementwise_ops.Sqrt: "Sqrt", elementwise_ops.SafeSqrt: "Sqrt", elementwise_ops.Sin: "Sin",
    elementwise_ops.Cos: "Cos", elementwise_ops.Tanh: "Tanh", elementwise_ops.Sigmoid: "Sigmoid",
    elementwise_ops.Relu: "Relu", elementwise_ops.Abs: "Abs", elementwise_ops.Identity: "Identity",
    elementwise_ops.Sign: "Sign", elementwise_ops.Floor: "Floor", elementwise_ops.Ceil: "Ceil",
    unary_math_ops.Erf: "Erf", unary_math_ops.Tan: "Tan", unary_math_ops.Asin: "Asin", unary_math_ops.Acos: "Acos",
    unary_math_ops.Atan: "Atan", unary_math_ops.Sinh: "Sinh", unary_math_ops.Cosh: "Cosh",
    unary_math_ops.Asinh: "Asinh", unary_math_ops.Acosh: "Acosh", unary_math_ops.Atanh: "Atanh",
    activation_ops.Hardswish: "HardSwish",
}
_BINARY = {elementwise_ops.Add: "Add", elementwise_ops.Sub: "Sub", elementwise_ops.Mul: "Mul",
           elementwise_ops.Div: "Div", elementwise_ops.Pow: "Pow", elementwise_ops.Maximum: "Max",
           elementwise_ops.Minimum: "Min"}


@rule(*_UNARY)
def _unary(g: Any, call: Any) -> str:
    return g.node(_UNARY[call.cls], [arg(g, call, 0)])


@rule(*_BINARY)
def _binary(g: Any, call: Any) -> str:
    dt = out_dtype(call)
    return g.node(_BINARY[call.cls], [arg(g, call, 0, dt), arg(g, call, 1, dt)])


def _scalar(g: Any, value: float, call: Any) -> str:
    return g.value(value, dtype=out_dtype(call))


@rule(elementwise_ops.PowScalar)
def _pow_scalar(g: Any, call: Any) -> str:
    x = arg(g, call, 0)
    p = call.inputs[1]
    if p == 2:
        return g.node("Mul", [x, x])
    return g.node("Pow", [x, _scalar(g, p, call)])


@rule(elementwise_ops.RPowScalar)
def _rpow_scalar(g: Any, call: Any) -> str:
    return g.node("Pow", [_scalar(g, call.inputs[0], call), arg(g, call, 1)])


@rule(elementwise_ops.Rsqrt)
def _rsqrt(g: Any, call: Any) -> str:
    return g.node("Reciprocal", [g.node("Sqrt", [arg(g, call, 0)])])


@rule(elementwise_ops.Log1p)
def _log1p(g: Any, call: Any) -> str:
    return g.node("Log", [g.node("Add", [arg(g, call, 0), _scalar(g, 1.0, call)])])


@rule(unary_math_ops.Expm1)
def _expm1(g: Any, call: Any) -> str:
    return g.node("Sub", [g.node("Exp", [arg(g, call, 0)]), _scalar(g, 1.0, call)])


@rule(unary_math_ops.Exp2)
def _exp2(g: Any, call: Any) -> str:
    return g.node("Pow", [_scalar(g, 2.0, call), arg(g, call, 0)])


@rule(unary_math_ops.Log2, unary_math_ops.Log10)
def _log_base(g: Any, call: Any) -> str:
    base = 2.0 if call.cls is unary_math_ops.Log2 else 10.0
    return g.node("Div", [g.node("Log", [arg(g, call, 0)]), _scalar(g, math.log(base), call)])


@rule(elementwise_ops.Clamp, elementwise_ops.ClampTensor)
def _clamp(g: Any, call: Any) -> str:
    dt = out_dtype(call)
    lo = call.kwargs.get("lo", call.inputs[1] if len(call.inputs) > 1 else None)
    hi = call.kwargs.get("hi", call.inputs[2] if len(call.inputs) > 2 else None)
    if call.cls is elementwise_ops.ClampTensor:  # tensor bounds: Max/Min broadcast where Clip wants scalars
        x = arg(g, call, 0)
        if lo is not None:
            x = g.node("Max", [x, g.value(lo, dtype=dt)])
        if hi is not None:
            x = g.node("Min", [x, g.value(hi, dtype=dt)])
        return x
    return g.node("Clip", [arg(g, call, 0), g.value(lo, dtype=dt), g.value(hi, dtype=dt)])


@rule(activation_ops.Hardtanh)
def _hardtanh(g: Any, call: Any) -> str:
    dt = out_dtype(call)
    return g.node("Clip", [arg(g, call, 0), g.value(call.inputs[1], dtype=dt), g.value(call.inputs[2], dtype=dt)])


@rule(elementwise_ops.Where)
def _where(g: Any, call: Any) -> str:
    dt = out_dtype(call)
    return g.node("Where", [arg(g, call, 0, "bool"), arg(g, call, 1, dt), arg(g, call, 2, dt)])


@rule(elementwise_ops.Cast)
def _cast(g: Any, call: Any) -> str:
    return g.node("Cast", [arg(g, call, 0)], to=g.elem_type(out_dtype(call)))


@rule(activation_ops.LeakyRelu)
def _leaky_relu(g: Any, call: Any) -> str:
    return g.node("LeakyRelu", [arg(g, call, 0)], alpha=float(call.inputs[1]))


@rule(activation_ops.Elu)
def _elu(g: Any, call: Any) -> str:
    return g.node("Elu", [arg(g, call, 0)], alpha=float(call.inputs[1]))


@rule(activation_ops.NormalCdf)
def _normal_cdf(g: Any, call: Any) -> str:
    return _phi(g, arg(g, call, 0), call)


def _phi(g: Any, x: str, call: Any) -> str:
    """0.5 * (1 + erf(x / sqrt(2))): the standard normal CDF."""
    e = g.node("Erf", [g.node("Mul", [x, _scalar(g, 1 / math.sqrt(2), call)])])
    return g.node("Mul", [g.node("Add", [e, _scalar(g, 1.0, call)]), _scalar(g, 0.5, call)])


@rule(activation_ops.Gelu)
def _gelu(g: Any, call: Any) -> str:
    x = arg(g, call, 0)
    approximate = call.inputs[1] if len(call.inputs) > 1 else call.kwargs.get("approximate", "none")
    if approximate == "tanh":  # 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
        x3 = g.node("Mul", [g.node("Mul", [x, x]), x])
        inner = g.node("Add", [x, g.node("Mul", [x3, _scalar(g, 0.044715, call)])])
        t = g.node("Tanh", [g.node("Mul", [inner, _scalar(g, math.sqrt(2 / math.pi), call)])])
        half = g.node("Mul", [g.node("Add", [t, _scalar(g, 1.0, call)]), _scalar(g, 0.5, call)])
        return g.node("Mul", [x, half])
    return g.node("Mul", [x, _phi(g, x, call)])


@rule(activation_ops.Silu)
def _silu(g: Any, call: Any) -> str:
    x = arg(g, call, 0)
    return g.node("Mul", [x, g.node("Sigmoid", [x])])


@rule(activation_ops.Softplus)
def _softplus(g: Any, call: Any) -> str:
    """PyTorch's softplus: log(1 + exp(beta x)) / beta, and x itself where beta x > threshold."""
    x = arg(g, call, 0)
    beta = float(call.inputs[1]) if len(call.inputs) > 1 else 1.0
    threshold = float(call.inputs[2]) if len(call.inputs) > 2 else 20.0
    bx = x if beta == 1 else g.node("Mul", [x, _scalar(g, beta, call)])
    sp = g.node("Softplus", [bx])
    if beta != 1:
        sp = g.node("Div", [sp, _scalar(g, beta, call)])
    return g.node("Where", [g.node("Greater", [bx, _scalar(g, threshold, call)]), x, sp])


@rule(activation_ops.Prelu)
def _prelu(g: Any, call: Any) -> str:
    x, w = call.inputs
    if g.is_live(w):
        raise OnnxExportError("glassnet.onnx.export: PReLU with a weight computed from the input is not supported")
    wa = w._data if hasattr(w, "_data") else w
    nd = len(x.shape)
    if wa.size > 1 and nd > 2:  # one slope per channel (dim 1): shape it to broadcast over the rest
        wa = wa.reshape((wa.size,) + (1,) * (nd - 2))
    return g.node("PRelu", [arg(g, call, 0), g.const(wa.astype(out_dtype(call)))])


@rule(reduce_ops.Softmax, reduce_ops.LogSoftmax)
def _softmax(g: Any, call: Any) -> str:
    axis = call.inputs[1] if len(call.inputs) > 1 else call.kwargs.get("axis", -1)
    op = "Softmax" if call.cls is reduce_ops.Softmax else "LogSoftmax"
    return g.node(op, [arg(g, call, 0)], axis=int(axis))


_REDUCE = {reduce_ops.Sum: "ReduceSum", reduce_ops.Mean: "ReduceMean", reduce_ops.Prod: "ReduceProd",
           reduce_ops.LogSumExp: "ReduceLogSumExp"}


def _reduce_args(call: Any) -> tuple:
    axis = call.inputs[1] if len(call.inputs) > 1 else call.kwargs.get("axis")
    keep = call.inputs[2] if len(call.inputs) > 2 else call.kwargs.get("keepdim", False)
    return axis, bool(keep)


@rule(*_REDUCE)
def _reduce(g: Any, call: Any) -> str:
    axis, keep = _reduce_args(call)
    return g.reduce(_REDUCE[call.cls], arg(g, call, 0), axis, keep)


@rule(reduce_ops.AMax)
def _amax(g: Any, call: Any) -> str:
    axis, keep = _reduce_args(call)
    largest = call.inputs[4] if len(call.inputs) > 4 else call.kwargs.get("largest", True)
    return g.reduce("ReduceMax" if largest else "ReduceMin", arg(g, call, 0), axis, keep)


_COMPARE = {"__eq__": "Equal", "__ne__": "Equal", "__lt__": "Less", "__le__": "LessOrEqual", "__gt__": "Greater",
            "__ge__": "GreaterOrEqual"}
_LOGICAL = {"__and__": "And", "__or__": "Or", "__xor__": "Xor", "__invert__": "Not"}


@rule(NoGradOp)
def _no_grad_op(g: Any, call: Any) -> str:
    """Comparisons, bitwise ops on bool tensors (ONNX's logical And/Or/Xor/Not), argmax/argmin, detach."""
    op = call.kwargs["op"]
    if op == "detach":
        return g.node("Identity", [arg(g, call, 0)])
    if op in ("argmax", "argmin"):
        x, dim, keep = arg(g, call, 0), call.kwargs["dim"], int(call.kwargs["keepdim"])
        onnx_op = "ArgMax" if op == "argmax" else "ArgMin"
        if dim is None:  # over the flattened tensor
            y = g.node(onnx_op, [g.node("Reshape", [x, g.ints([-1])])], axis=0, keepdims=0)
            nd = len(call.inputs[0].shape)
            return g.node("Reshape", [y, g.ints([1] * nd)]) if keep and nd else y
        return g.node(onnx_op, [x], axis=int(dim), keepdims=keep)
    if op in _COMPARE:
        dt = call.inputs[0]._data.dtype
        y = g.node(_COMPARE[op], [arg(g, call, 0), arg(g, call, 1, dt)])
        return g.node("Not", [y]) if op == "__ne__" else y
    if op in _LOGICAL and out_dtype(call).kind == "b":
        return g.node(_LOGICAL[op], [arg(g, call, i, "bool") for i in range(len(call.inputs))])
    raise OnnxExportError(f"glassnet.onnx.export: no ONNX mapping for {call.describe()} on dtype {out_dtype(call)}")


@rule(reduce_ops.Var)
def _var(g: Any, call: Any) -> str:
    """sum((x - mean)^2) / (n - correction), n the count of reduced elements (the batch dim may not be reduced
    when the batch is dynamic: n would change)."""
    x = call.inputs[0]
    axis = call.inputs[1] if len(call.inputs) > 1 else call.kwargs.get("axis")
    correction = call.inputs[2] if len(call.inputs) > 2 else call.kwargs.get("correction", 1)
    keep = bool(call.inputs[3] if len(call.inputs) > 3 else call.kwargs.get("keepdim", False))
    nd = len(x.shape)
    axes = list(range(nd)) if axis is None else [a % nd for a in (axis if isinstance(axis, (tuple, list)) else [axis])]
    if g.batch is not None and 0 in axes:
        raise OnnxExportError(f"glassnet.onnx.export: {call.describe()} reduces over the batch dimension; export "
                              "with dynamic_batch=False")
    n = int(math.prod(x.shape[a] for a in axes))
    name = arg(g, call, 0)
    d = g.node("Sub", [name, g.reduce("ReduceMean", name, axes, True)])
    total = g.reduce("ReduceSum", g.node("Mul", [d, d]), axes, keep)
    return g.node("Div", [total, _scalar(g, max(n - correction, 0), call)])
