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
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (g * b if need_a else None), (g * a if need_b else None)


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
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
        return (a**p).astype(a.dtype, copy=False)  # NumPy's bool ** bool is int8; PyTorch keeps bool

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        p = ctx.p
        if p == 0:
            return g * 0
        return g * p * a ** (p - 1), None


class RPowScalar(Function):
    """c ** b for a constant base c: d/db = c**b * log(c)."""

    @staticmethod
    def forward(ctx, c, b):
        base = array_module(b).asarray(c, dtype=b.dtype)
        out = _int_pow(base, b) if b.dtype.kind in "iu" else base**b
        ctx.save_for_backward(out)
        ctx.logc = float(array_module(b).log(c)) if c > 0 else float("nan")
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return None, g * out * ctx.logc


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
    """a ** b, both tensors: d/da = b a^(b-1), d/db = a^b log a."""

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
        if ctx.needs_input_grad[0]:  # PyTorch's rule: no gradient where the exponent is 0 (even at a == 0)
            ga = g * ns.where(b == 0, 0, b * a ** (b - 1))
        gb = None
        if ctx.needs_input_grad[1]:
            # PyTorch's d/db = a^b log a, with 0 where a == 0 and b >= 0; log 0 = -inf (so 0 ** -1 gives -inf)
            # and NaN for a < 0. log() only sees positive values, so no warnings; the -inf/NaN fill is built
            # from sign(a), a constant to autograd, so double backward gets no NaN through the unused branch.
            const = ns.sign(a) * 0
            log_a = ns.where(a > 0, ns.log(ns.where(a > 0, a, 1)),
                             ns.where(a == 0, const - float("inf"), const + float("nan")))
            gb = g * ns.where((a == 0) & (b >= 0), 0, out * log_a)
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
        return g * ~(out <= 0)  # "not <= 0" rather than "> 0": PyTorch passes the gradient at NaN


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


class Identity(Function):
    """A copy that keeps the graph (used by ``clone``/``contiguous``)."""

    @staticmethod
    def forward(ctx, a):
        return a.copy()

    @staticmethod
    def backward(ctx, g):
        return g
