"""Element-wise ops: arithmetic, exp/log, trig, activations. Broadcasting is undone by the engine."""

from __future__ import annotations

from typing import Any

from ..autograd.function import Function
from ..backend import array_module


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        return a + b

    @staticmethod
    def backward(ctx, g):
        return g, g


class Sub(Function):
    @staticmethod
    def forward(ctx, a, b):
        return a - b

    @staticmethod
    def backward(ctx, g):
        return g, (-g if ctx.needs_input_grad[1] else None)


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        # Save only what backward reads, so y * 2 does not pin y (an in-place change of y stays legal).
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        return a * b

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (g * b if need_a else None), (g * a if need_b else None)


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b)
        return a / b

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        gb = None
        if ctx.needs_input_grad[1]:
            gb = -g * (a / b) / b  # not a / (b * b): b * b overflows first (a = inf, b = 1e30 gives NaN)
        return g / b, gb


class Neg(Function):
    @staticmethod
    def forward(ctx, a):
        if a.dtype.kind == "b":
            raise RuntimeError("neg: negation, the `-` operator, on a bool tensor is not supported; "
                               "use the `~` or logical_not() operator instead")
        return -a

    @staticmethod
    def backward(ctx, g):
        return -g


class PowScalar(Function):
    """a ** p for a constant exponent p."""

    @staticmethod
    def forward(ctx, a, p):
        ctx.save_for_backward(a)
        ctx.p = p
        return _pow_scalar(a, p).astype(a.dtype, copy=False)  # NumPy's bool ** bool is int8; PyTorch keeps bool

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        p = ctx.p
        if p == 0:  # PyTorch returns zeros here, even where g or a is nan/inf
            return ctx.ns.zeros_like(g), None
        pw = a ** (p - 1) if ctx.ns.GRAPH else _pow_scalar(a, p - 1)
        return g * (p * pw), None


def _pow_scalar(a, p):
    """a ** p, with PyTorch's sqrt/rsqrt for p = +-0.5 (they differ from pow at -0.0 and -inf)."""
    if getattr(a, "dtype", None) == "float16":  # PyTorch's float16 kernel takes plain pow: (-inf) ** 0.5 = inf
        return array_module(a).power(a, p)  # not a ** p: NumPy turns that into sqrt for p = 0.5
    if p == 0.5:
        return array_module(a).sqrt(a)
    if p == -0.5:
        return 1 / array_module(a).sqrt(a)
    return a**p


class RPowScalar(Function):
    """c ** b for a constant base c: d/db = c**b * log(c) (nan for c < 0, as in PyTorch)."""

    @staticmethod
    def forward(ctx, c, b):
        xp = array_module(b)
        base = xp.asarray(c, dtype=b.dtype)
        out = _int_pow(base, b) if b.dtype.kind in "iu" else base**b
        ctx.save_for_backward(b, out)
        ctx.c = c
        with xp.errstate(divide="ignore", invalid="ignore"):
            ctx.logc = float(xp.log(xp.asarray(c, dtype=xp.float64)))
        return out

    @staticmethod
    def backward(ctx, g):
        b, out = ctx.saved_tensors
        grad = out * ctx.logc
        if ctx.c == 0:  # 0 ** b: PyTorch's gradient is 0 for b >= 0 (not 0 * -inf)
            grad = ctx.ns.where(b >= 0, 0, grad)
        return None, g * grad


def _int_pow(a, b):
    """Integer a ** b for exponent tensors. NumPy refuses negative exponents; PyTorch gives the truncated
    value: 1 for base 1, +-1 for base -1, 0 for every other base."""
    xp = array_module(a, b)
    b = xp.asarray(b)
    if not (b < 0).any():
        return a**b
    odd = (b % 2) != 0
    neg = xp.where(a == 1, 1, xp.where(a == -1, xp.where(odd, -1, 1), 0))
    return xp.where(b < 0, neg, a ** xp.maximum(b, 0)).astype(xp.result_type(a, b))


class Pow(Function):
    """a ** b, both tensors: d/da = b a^(b-1), d/db = a^b log a (PyTorch's conventions at the edges)."""

    @staticmethod
    def forward(ctx, a, b):
        out = _int_pow(a, b) if a.dtype.kind in "iu" else a**b
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, b, out = ctx.saved_tensors
        ns = ctx.ns
        ga = None
        if ctx.needs_input_grad[0]:  # no gradient where the exponent is 0, even at a == 0 or a nan g
            ga = ns.where(b == 0, 0, g * (b * a ** (b - 1)))
        gb = None
        if ctx.needs_input_grad[1]:
            # 0 ** b has gradient 0 for b >= 0; elsewhere a^b log a (nan for a < 0, -inf/inf at 0).
            gb = g * ns.where((b >= 0) & (a == 0), 0, out * ns.log(a))
        return ga, gb


class Exp(Function):
    @staticmethod
    def forward(ctx, a):
        out = array_module(a).exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * out


class Log(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).log(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g / a


class Log1p(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).log1p(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g / (a + 1)


class Sqrt(Function):
    @staticmethod
    def forward(ctx, a):
        out = array_module(a).sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g / (out * 2)


class SafeSqrt(Sqrt):
    """sqrt with gradient 0 (not inf) at 0: the subgradient PyTorch uses inside std() and norm()."""

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g / ctx.ns.where(out == 0, float("inf"), out * 2)


class Rsqrt(Function):
    @staticmethod
    def forward(ctx, a):
        out = 1 / array_module(a).sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * out * out * out * -0.5


class Sin(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).sin(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * ctx.ns.cos(a)


class Cos(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return array_module(a).cos(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return -g * ctx.ns.sin(a)


class Tanh(Function):
    @staticmethod
    def forward(ctx, a):
        out = array_module(a).tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * (1 - out * out)


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, a):
        xp = array_module(a)
        # 1/(1+e^-x) overflows e^-x for very negative x; tanh form is stable everywhere.
        out = xp.tanh(a * 0.5)
        out += 1
        out *= 0.5
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * out * (1 - out)


class Relu(Function):
    @staticmethod
    def forward(ctx, a):
        if a.dtype.kind == "b":
            raise RuntimeError("relu: Boolean inputs not supported for relu")
        out = array_module(a).maximum(a, 0)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        # PyTorch passes the gradient where out is not <= 0, NaN included. out = max(a, 0) is never
        # negative, so that is out != 0: one comparison, no inversion pass.
        return g * (out != 0)


class Abs(Function):
    @staticmethod
    def forward(ctx, a):
        if a.dtype.kind == "b":
            raise NotImplementedError("abs: not implemented for bool tensors")
        ctx.save_for_backward(a)
        return array_module(a).abs(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * ctx.ns.sign(a)


class Clamp(Function):
    """clamp(a, min, max): gradient passes where min <= a <= max (PyTorch's rule)."""

    @staticmethod
    def forward(ctx, a, lo=None, hi=None):
        xp = array_module(a)
        mask = xp.ones(a.shape, dtype=bool)
        out = a
        if lo is not None:
            mask &= a >= lo
            out = xp.maximum(out, lo)
        if hi is not None:
            mask &= a <= hi
            out = xp.minimum(out, hi)
        if out is a:
            out = a.copy()
        ctx.mask = mask
        return out.astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        return g * ctx.mask


def _max_weights(a, b, a_wins):
    """PyTorch's gradient weights for maximum/minimum: ties split in half; an input gets nothing only
    where it strictly loses, so with a NaN (no order) both inputs get the full gradient."""
    tie = (a == b) * 0.5
    return ((~(a < b if a_wins else a > b)) - tie), ((~(a > b if a_wins else a < b)) - tie)


class Maximum(Function):
    """Element-wise max (NaN wins); ties split the gradient in half (as PyTorch does)."""

    @staticmethod
    def forward(ctx, a, b):
        xp = array_module(a, b)
        ctx.wa, ctx.wb = _max_weights(a, b, True)
        return xp.maximum(a, b)

    @staticmethod
    def backward(ctx, g):
        return g * ctx.wa.astype(g.dtype), g * ctx.wb.astype(g.dtype)


class Minimum(Function):
    """Element-wise min (NaN wins); ties split the gradient in half (as PyTorch does)."""

    @staticmethod
    def forward(ctx, a, b):
        xp = array_module(a, b)
        ctx.wa, ctx.wb = _max_weights(a, b, False)
        return xp.minimum(a, b)

    @staticmethod
    def backward(ctx, g):
        return g * ctx.wa.astype(g.dtype), g * ctx.wb.astype(g.dtype)


class ClampTensor(Function):
    """clamp(a, lo, hi) with tensor bounds (either may be None); PyTorch's gradient routing:
    a gets it where lo <= a <= hi (ties included), lo where a < lo < hi, hi where a > hi or hi < lo."""

    @staticmethod
    def forward(ctx, a, lo=None, hi=None):
        xp = array_module(a)
        out, pass_a = a, xp.ones(a.shape, dtype=bool)
        if lo is not None:
            out = xp.maximum(out, lo)
            pass_a = pass_a & (a >= lo)
        if hi is not None:
            out = xp.minimum(out, hi)
            pass_a = pass_a & (a <= hi)
        both = lo is not None and hi is not None
        ctx.masks = (pass_a,
                     None if lo is None else (a < lo) & (lo < hi) if both else a < lo,
                     None if hi is None else (a > hi) | (hi < lo) if both else a > hi)
        return out if out is not a else a.copy()

    @staticmethod
    def backward(ctx, g):
        return tuple(None if m is None else g * m for m in ctx.masks)


class Where(Function):
    """where(cond, a, b): gradient to a where cond, to b elsewhere."""

    @staticmethod
    def forward(ctx, cond, a, b):
        ctx.cond = cond
        return array_module(a, b).where(cond, a, b)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        return None, ns.where(ctx.cond, g, 0), ns.where(ctx.cond, 0, g)


class Cast(Function):
    """Change dtype; the gradient is cast back to the input's dtype by the engine."""

    @staticmethod
    def forward(ctx, a, dtype: Any):
        return a.astype(dtype)

    @staticmethod
    def backward(ctx, g):
        return g


class ToDevice(Function):
    """A copy on another device (``Tensor.to(device)``); the gradient goes back to the input's device."""

    @staticmethod
    def forward(ctx, a, device: Any):
        from ..array_backend import device_of, move

        ctx.source = device_of(a)
        return move(a, device, "Tensor.to")

    @staticmethod
    def backward(ctx, g):
        from ..array_backend import move

        if hasattr(g, "_to_device"):  # create_graph: the backward pass is itself recorded
            return g._to_device(ctx.source, "Tensor.to")
        return move(g, ctx.source, "Tensor.to")


class Identity(Function):
    """A copy that keeps the graph (used by ``clone``/``contiguous``)."""

    @staticmethod
    def forward(ctx, a):
        return a.copy()

    @staticmethod
    def backward(ctx, g):
        return g


class _Step(Function):
    """A piecewise-constant op: it stays in the graph (as in PyTorch) with a zero gradient."""

    @staticmethod
    def backward(ctx, g):
        return ctx.ns.zeros_like(g)


def _no_bool(a, op):
    """PyTorch has no rounding kernels for bool tensors (NumPy would compute in float16)."""
    if a.dtype.kind == "b":
        raise NotImplementedError(f"{op}: not implemented for bool tensors")


class Sign(_Step):
    @staticmethod
    def forward(ctx, a):
        xp = array_module(a)
        if a.dtype.kind == "b":  # NumPy has no sign for bool; PyTorch's is the identity
            return a.copy()
        out = xp.sign(a)
        return xp.where(xp.isnan(out), 0, out).astype(a.dtype) if a.dtype.kind == "f" else out  # sign(NaN) = 0


class Floor(_Step):
    @staticmethod
    def forward(ctx, a):
        _no_bool(a, "floor")
        return array_module(a).floor(a)


class Ceil(_Step):
    @staticmethod
    def forward(ctx, a):
        _no_bool(a, "ceil")
        return array_module(a).ceil(a)


class Trunc(_Step):
    @staticmethod
    def forward(ctx, a):
        _no_bool(a, "trunc")
        return array_module(a).trunc(a)


class Round(_Step):
    """Round half to even, optionally to ``decimals`` places (PyTorch's round(decimals=))."""

    @staticmethod
    def forward(ctx, a, decimals=0):
        _no_bool(a, "round")
        ctx.torch_name = "RoundBackward0" if decimals == 0 else "RoundBackward1"
        return array_module(a).round(a, decimals).astype(a.dtype, copy=False)


def _integer_division(op: str, xp, fn, a, b):
    """fn(a, b) for the division-like ops: integers refuse a zero divisor (as PyTorch does), floats
    give inf/nan quietly."""
    kind = xp.result_type(a, b).kind
    if kind == "b":
        raise NotImplementedError(f"{op}: not implemented for bool tensors")
    with xp.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = fn(a, b)
    if kind in "iu" and out.size and xp.any(xp.asarray(b) == 0):  # an empty result divides nothing
        raise RuntimeError(f"ZeroDivisionError: {op}: integer division by zero")
    return out


def _not_implemented(op: str) -> RuntimeError:
    return RuntimeError(f"the derivative for '{op}' is not implemented (as in PyTorch)")


class Remainder(Function):
    """a - floor(a / b) * b (Python's %): gradient g to a and -floor(a / b) * g to b."""

    @staticmethod
    def forward(ctx, a, b):
        xp = array_module(a, b)
        out = _integer_division("remainder", xp, xp.remainder, a, b)
        if ctx.needs_input_grad[1] and not ctx.needs_input_grad[0] and not hasattr(a, "shape"):
            ctx.scalar_dividend = True  # PyTorch has no derivative for `number % tensor`
        if ctx.needs_input_grad[1]:
            # floor_divide works from fmod (as PyTorch's div(rounding_mode="floor")), so it neither overflows
            # for a tiny divisor nor loses Python's -1 // inf = -1 as floor(a / b) would
            ctx.quotient = _integer_division("remainder", xp, xp.floor_divide, a, b)
        ctx.torch_name = "RemainderBackward1" if hasattr(b, "shape") else "RemainderBackward0"
        return out

    @staticmethod
    def backward(ctx, g):
        if getattr(ctx, "scalar_dividend", False):
            raise _not_implemented("remainder(Scalar, Tensor)")
        gb = -g * ctx.quotient if ctx.needs_input_grad[1] else None
        return g, gb


class Fmod(Function):
    """a - trunc(a / b) * b (C's fmod, sign of a): gradient g to a and -trunc(a / b) * g to b."""

    @staticmethod
    def forward(ctx, a, b):
        xp = array_module(a, b)
        if ctx.needs_input_grad[1]:
            ctx.quotient = xp.trunc(_integer_division("fmod", xp, xp.true_divide, a, b))
        ctx.torch_name = "FmodBackward1" if hasattr(b, "shape") else "FmodBackward0"
        return _integer_division("fmod", xp, xp.fmod, a, b)

    @staticmethod
    def backward(ctx, g):
        gb = -g * ctx.quotient if ctx.needs_input_grad[1] else None
        return g, gb


class FloorDivide(Function):
    """floor(a / b); recorded like PyTorch's floor_divide, whose backward raises (no derivative defined)."""

    torch_name = "NotImplemented"

    @staticmethod
    def forward(ctx, a, b):
        xp = array_module(a, b)
        return _integer_division("floor_divide", xp, xp.floor_divide, a, b)

    @staticmethod
    def backward(ctx, g):
        raise _not_implemented("floor_divide")
