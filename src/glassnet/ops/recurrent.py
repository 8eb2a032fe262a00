"""Recurrent layers as ops: one Function per layer and direction, with backpropagation through time.

How to read this file
---------------------
Every layer op (``RNNLayer``, ``LSTMLayer``, ``GRULayer``) runs ONE direction of ONE layer over a whole
sequence. The sequence always arrives *packed* (the layout of ``nn.utils.rnn.PackedSequence``): a 2-D
array ``x`` of shape (N, features) holding time step 0's rows, then step 1's rows, and so on, where step
t has ``batch_sizes[t]`` rows (sequences are sorted longest first, so the active rows of a step are
always a prefix of the batch). A plain (T, B, F) batch is the special case ``batch_sizes = [B] * T``
reshaped to (T * B, F), so there is only one code path.

Forward, per layer (RNN and GRU; the LSTM is a tuned variant of the same plan, described at its class):
1. the input projection of ALL time steps is one big matrix product ``x @ W_ih.T`` (N, gates * H);
2. a Python loop over time adds ``h_prev @ W_hh.T`` (one product for all gates) and applies the gate
   non-linearities in place in preallocated buffers, keeping what backward needs.

Backward walks the same steps in reverse order, carrying dh (and dc for the LSTM) from each step to the
step that produced its previous state, and writing the gradient of the gate pre-activations into one
(N, gates * H) buffer ``dG``. The weight gradients are then ONE product each over all time steps:
``dW_ih = dG.T @ x``, ``dW_hh = dG.T @ H_prev``; likewise ``dx = dG @ W_ih``.

An op returns one array, so the output, h_n (and c_n) are packed into one flat buffer; ``TakePart``
hands out each result as a view.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from ..autograd.function import Function
from ..backend import array_module


class Step(NamedTuple):
    """One time step: its rows in the packed data and where its previous state comes from."""

    rows: slice  # this step's rows in the packed (N, ...) arrays
    bs: int  # number of active sequences (rows) at this step
    prev: slice | None  # rows of the step processed just before (None: the first step)
    n: int  # rows [:n] take their previous state from ``prev``; rows [n:bs] from the initial state
    keep: int  # rows [:keep] go on to the next step; rows [keep:bs] end here (their final state)
    t: int  # this step's time index
    pt: int  # time index of the step processed just before (-1: the first step)


@lru_cache(maxsize=64)
def schedule(batch_sizes: tuple, reverse: bool) -> tuple:
    """The steps of one direction over a packed sequence, in processing order."""
    offsets = [0]
    for b in batch_sizes:
        offsets.append(offsets[-1] + b)
    order = list(range(len(batch_sizes)))
    if reverse:
        order.reverse()
    steps = []
    for k, t in enumerate(order):
        bs = batch_sizes[t]
        prev = order[k - 1] if k > 0 else None
        nxt = order[k + 1] if k + 1 < len(order) else None
        steps.append(Step(
            rows=slice(offsets[t], offsets[t] + bs),
            bs=bs,
            prev=None if prev is None else slice(offsets[prev], offsets[prev] + batch_sizes[prev]),
            n=0 if prev is None else min(bs, batch_sizes[prev]),
            keep=0 if nxt is None else min(bs, batch_sizes[nxt]),
            t=t,
            pt=-1 if prev is None else prev,
        ))
    return tuple(steps)


def _gather_prev(dst, out, init, s: Step) -> None:
    """Fill dst (bs, H) with each active sequence's previous state: the last output, else the initial one."""
    if s.prev is not None:
        dst[: s.n] = out[s.prev][: s.n]
    if s.n < s.bs:
        dst[s.n:] = init[s.n: s.bs]


def _scatter_prev(grad, d_out, d_init, s: Step) -> None:
    """Send the gradient of the previous state back to whatever produced it (the reverse of gather)."""
    if s.prev is not None:
        d_out[s.prev][: s.n] += grad[: s.n]
    if s.n < s.bs:
        d_init[s.n: s.bs] += grad[s.n:]


def _sigmoid_(a, xp) -> None:
    """a <- sigmoid(a) in place, as 0.5 * tanh(a / 2) + 0.5 (no overflow for large |a|)."""
    a *= 0.5
    xp.tanh(a, out=a)
    a *= 0.5
    a += 0.5


def _split(buf, *shapes):
    """Views of consecutive pieces of a flat buffer, one per shape."""
    out, start = [], 0
    for shape in shapes:
        size = 1
        for d in shape:
            size *= d
        out.append(buf[start: start + size].reshape(shape))
        start += size
    return out


# ---------------------------------------------------------------------------------------------------
# Double backward. The hand-written backward loops run on raw arrays, so under create_graph a layer's
# backward instead re-runs its forward with ordinary recorded tensor ops (the same equations, step by
# step) and differentiates that: the result is a recorded function of the inputs, as double backward
# needs. Slow, but only gradient penalties and similar higher-order uses pay for it.
# ---------------------------------------------------------------------------------------------------
class _Alias(Function):
    """The same values as its input, as a separate node: the recorded backward stops here."""

    @staticmethod
    def forward(ctx, a):
        return a

    @staticmethod
    def backward(ctx, g):
        return g


def _recorded_backward(ctx, g, composite):
    """The input gradients of a layer op as recorded tensors: differentiate ``composite`` (the layer's
    forward in tensor ops) at the op's inputs, with the incoming gradient ``g``."""
    from ..autograd.engine import run_backward
    from ..tensor import Tensor

    args, wanted = [], []
    for x, need in zip(ctx.inputs, ctx.needs_input_grad):
        if need:
            x = _Alias.apply(x)
            wanted.append(x)
        elif isinstance(x, Tensor):
            x = Tensor._wrap(x._data)
        args.append(x)
    flat = composite(*args, *ctx.call)
    grads = iter(run_backward([flat], [g], True, True, inputs=wanted, stop_at_inputs=True))
    return tuple(next(grads) if need else None for need in ctx.needs_input_grad)


def _cat(parts):
    from .shape import Cat

    return parts[0] if len(parts) == 1 else Cat.apply(*parts, axis=0)


def _prev_rows(ys, init, s: Step):
    """(bs, H) previous state of a step, as tensors: the last step's output rows, then initial ones."""
    parts = []
    if s.pt >= 0 and s.n:
        parts.append(ys[s.pt][: s.n])
    if s.n < s.bs:
        parts.append(init[s.n: s.bs])
    return _cat(parts)


def _flat_results(ys, finals, *states):
    """[output rows in time order, then each final state by batch row] as one flat tensor."""
    parts = [_cat([ys[t] for t in sorted(ys)]).reshape(-1)]
    for state in states:
        pieces = sorted(finals[state], key=lambda kp: kp[0])
        parts.append(_cat([p for _, p in pieces]).reshape(-1))
    return _cat(parts)


def _rnn_composite(x, h0, w_ih, w_hh, b_ih, b_hh, batch_sizes, reverse, nonlinearity):
    ys, finals = {}, {"h": []}
    for s in schedule(tuple(batch_sizes), reverse):
        a = x[s.rows] @ w_ih.T + _prev_rows(ys, h0, s) @ w_hh.T
        if b_ih is not None:
            a = a + b_ih + b_hh
        y = a.tanh() if nonlinearity == "tanh" else a.relu()
        ys[s.t] = y
        if s.keep < s.bs:
            finals["h"].append((s.keep, y[s.keep:]))
    return _flat_results(ys, finals, "h")


def _lstm_composite(x, h0, c0, w_ih, w_hh, b_ih, b_hh, w_hr, batch_sizes, reverse):
    H = w_ih.shape[0] // 4
    ys, cs, finals = {}, {}, {"h": [], "c": []}
    for s in schedule(tuple(batch_sizes), reverse):
        a = x[s.rows] @ w_ih.T + _prev_rows(ys, h0, s) @ w_hh.T
        if b_ih is not None:
            a = a + b_ih + b_hh
        i, f, gg, o = a[:, :H].sigmoid(), a[:, H: 2 * H].sigmoid(), a[:, 2 * H: 3 * H].tanh(), a[:, 3 * H:].sigmoid()
        c = f * _prev_rows(cs, c0, s) + i * gg
        h = o * c.tanh()
        if w_hr is not None:
            h = h @ w_hr.T
        ys[s.t], cs[s.t] = h, c
        if s.keep < s.bs:
            finals["h"].append((s.keep, h[s.keep:]))
            finals["c"].append((s.keep, c[s.keep:]))
    return _flat_results(ys, finals, "h", "c")


def _gru_composite(x, h0, w_ih, w_hh, b_ih, b_hh, batch_sizes, reverse):
    H = w_hh.shape[1]
    ys, finals = {}, {"h": []}
    for s in schedule(tuple(batch_sizes), reverse):
        hp = _prev_rows(ys, h0, s)
        gi, gh = x[s.rows] @ w_ih.T, hp @ w_hh.T
        if b_ih is not None:
            gi, gh = gi + b_ih, gh + b_hh
        r = (gi[:, :H] + gh[:, :H]).sigmoid()
        z = (gi[:, H: 2 * H] + gh[:, H: 2 * H]).sigmoid()
        n = (gi[:, 2 * H:] + r * gh[:, 2 * H:]).tanh()
        y = (1 - z) * n + z * hp
        ys[s.t] = y
        if s.keep < s.bs:
            finals["h"].append((s.keep, y[s.keep:]))
    return _flat_results(ys, finals, "h")


class TakePart(Function):
    """One result of a multi-result op: a reshaped slice of the op's flat output buffer."""

    @staticmethod
    def forward(ctx, buf, start, shape):
        size = 1
        for d in shape:
            size *= d
        ctx.index, ctx.buf_shape = (slice(start, start + size),), buf.shape
        return buf[start: start + size].reshape(shape)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        return ns.index_into_zeros(ns.reshape(g, (-1,)), ctx.buf_shape, ctx.index), None, None


# ---------------------------------------------------------------------------------------------------
# Elman RNN: h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)
# ---------------------------------------------------------------------------------------------------
class RNNLayer(Function):
    """One direction of one tanh/relu RNN layer. Returns flat [output (N, H), h_n (B, H)]."""

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, batch_sizes, reverse=False, nonlinearity="tanh"):
        xp = array_module(x, w_ih)
        steps = schedule(tuple(batch_sizes), reverse)
        N, B, H = x.shape[0], batch_sizes[0], w_hh.shape[1]
        A = x @ w_ih.T  # input projection of every time step at once
        if b_ih is not None:
            A += b_ih + b_hh
        buf = xp.empty(N * H + B * H, dtype=A.dtype)
        Y, h_n = _split(buf, (N, H), (B, H))
        Hprev = xp.empty((N, H), dtype=A.dtype)
        mm = xp.empty((B, H), dtype=A.dtype)
        w_hh_t = w_hh.T
        for s in steps:
            hp, a = Hprev[s.rows], A[s.rows]
            _gather_prev(hp, Y, h0, s)
            xp.matmul(hp, w_hh_t, out=mm[: s.bs])
            a += mm[: s.bs]
            y = Y[s.rows]
            if nonlinearity == "tanh":
                xp.tanh(a, out=y)
            else:
                xp.maximum(a, 0, out=y)
            h_n[s.keep: s.bs] = y[s.keep:]  # sequences that end here keep this state
        ctx.save_for_backward(x, w_ih, w_hh)
        ctx.steps, ctx.Hprev, ctx.Y, ctx.B, ctx.relu = steps, Hprev, Y, B, nonlinearity != "tanh"
        ctx.has_bias = b_ih is not None
        ctx.call = (batch_sizes, reverse, nonlinearity)
        return buf

    @staticmethod
    def backward(ctx, g):
        if ctx.ns.GRAPH:
            return _recorded_backward(ctx, g, _rnn_composite)
        x, w_ih, w_hh = ctx.saved_tensors
        xp = array_module(g)
        Y, B = ctx.Y, ctx.B
        N, H = Y.shape
        g_out, g_hn = _split(g, (N, H), (B, H))
        dA = g_out.copy()  # becomes d(pre-activation); first it gathers dh from outputs and next steps
        dh0 = xp.zeros((B, H), dtype=Y.dtype)
        # derivative of the non-linearity at every step at once, from the saved outputs
        D = (Y > 0).astype(Y.dtype) if ctx.relu else 1 - Y * Y
        for s in reversed(ctx.steps):
            da = dA[s.rows]
            da[s.keep:] += g_hn[s.keep: s.bs]
            da *= D[s.rows]  # dh -> d(pre-activation)
            _scatter_prev(da @ w_hh, dA, dh0, s)  # dh_{t-1} += da W_hh (added before that step is read)
        return RNNLayer._weight_grads(ctx, dA, x, w_ih, w_hh, dh0)

    @staticmethod
    def _weight_grads(ctx, dA, x, w_ih, w_hh, dh0):
        need = ctx.needs_input_grad
        dx = dA @ w_ih if need[0] else None
        dw_ih = dA.T @ x if need[2] else None
        dw_hh = dA.T @ ctx.Hprev if need[3] else None
        db = dA.sum(0) if ctx.has_bias else None
        return dx, dh0, dw_ih, dw_hh, db, None if db is None else db.copy()


# ---------------------------------------------------------------------------------------------------
# LSTM (PyTorch's gate order in the weights: i, f, g, o):
#   [i f g o] = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh   (one product for all four gates)
#   i, f, o = sigmoid(.), g = tanh(.)
#   c_t = f * c_{t-1} + i * g          h_t = o * tanh(c_t)      (h_t = (o * tanh(c_t)) W_hr^T with proj_size)
#
# Two layout choices inside the op, each measured on the char-LSTM benchmark (2-core CPU, batch 32):
# * Everything per time step is stored FEATURE-MAJOR: one contiguous (features, bs) block per step
#   (``FeatureMajor``), the transpose of the packed rows. The per-step product is then W (4H, K) @ v (K, bs),
#   which OpenBLAS runs ~1.5x faster than v^T (bs, K) @ W^T for a small batch, and every gate is a
#   contiguous (H, bs) slab, so element-wise calls take NumPy's fast contiguous path.
# * Each step's product covers the input as well: v_t = [h_{t-1}; x_t; 1] and W = [W_hh | W_ih | b], so
#   the gates come out of ONE product per step with no separate input projection or bias add. In backward,
#   W^T @ d(gates) gives dh_{t-1} and dx_t together, and one product over all steps gives every weight
#   gradient and the bias gradient at once.
# Gate rows stay in PyTorch's order: forward treats all four gates alike (one exp, see "Speed trick"), and
# backward forms every gate's derivative as one (4H, bs) product.
# ---------------------------------------------------------------------------------------------------
class FeatureMajor:
    """The LSTM op's layout: one contiguous (F, bs_t) block per time step, for F features.

    For equal lengths the blocks are one (T, F, B) array; for a packed batch, a list of views of one flat
    buffer. Either way ``blocks[t]`` is step t's block. Conversions to and from packed rows (N, F) happen
    once per layer, outside the time loop.
    """

    def __init__(self, batch_sizes: tuple, xp: Any, dtype: Any) -> None:
        self.batch_sizes, self.xp, self.dtype = batch_sizes, xp, dtype
        self.T, self.B, self.N = len(batch_sizes), batch_sizes[0], sum(batch_sizes)
        self.equal = all(b == self.B for b in batch_sizes)
        self.offsets = [0]
        for b in batch_sizes:
            self.offsets.append(self.offsets[-1] + b)

    def new(self, F: int, fill: float | None = None) -> Any:
        """Blocks of F features (uninitialised, or set to ``fill``)."""
        flat = self.xp.empty(self.N * F, dtype=self.dtype) if fill is None else \
            self.xp.full(self.N * F, fill, dtype=self.dtype)
        if self.equal:
            return flat.reshape(self.T, F, self.B)
        return [flat[F * a: F * b].reshape(F, b - a) for a, b in zip(self.offsets, self.offsets[1:])]

    def rows(self, t: int) -> slice:
        """Step t's rows in the packed (N, F) layout."""
        return slice(self.offsets[t], self.offsets[t + 1])

    def from_rows(self, rows: Any, out: Any = None, start: int = 0) -> Any:
        """Write packed rows (N, F) into feature rows [start, start + F) of ``out`` (new blocks if None)."""
        F = rows.shape[1]
        out = self.new(F) if out is None else out
        if self.equal:
            out[:, start: start + F] = rows.reshape(self.T, self.B, F).transpose(0, 2, 1)
        else:
            for t, blk in enumerate(out):
                blk[start: start + F] = rows[self.rows(t)].T
        return out

    def to_rows(self, blocks: Any, start: int = 0, stop: int | None = None, out: Any = None) -> Any:
        """Feature rows [start, stop) of the blocks as packed rows (N, F), written into ``out`` if given."""
        stop = blocks[0].shape[0] if stop is None else stop
        if out is None:
            out = self.xp.empty((self.N, stop - start), dtype=self.dtype)
        if self.equal:
            out.reshape(self.T, self.B, -1)[...] = blocks[:, start:stop].transpose(0, 2, 1)
        else:
            for t, blk in enumerate(blocks):
                out[self.rows(t)] = blk[start:stop].T
        return out

    def to_cols(self, blocks: Any) -> Any:
        """(F, N): the blocks side by side, one column per packed row (for products over all steps)."""
        F = blocks[0].shape[0]
        out = self.xp.empty((F, self.N), dtype=self.dtype)
        if self.equal:
            out.reshape(F, self.T, self.B)[...] = blocks.transpose(1, 0, 2)
        else:
            for t, blk in enumerate(blocks):
                out[:, self.rows(t)] = blk
        return out


def _prev_block(blocks, init_t, s: Step, scratch):
    """(F, bs) previous state of this step's columns: a view of the last step's block when every column
    continues from it (the common case), else gathered with the initial state into ``scratch``."""
    if s.pt >= 0 and s.n == s.bs:
        prev = blocks[s.pt]
        return prev if prev.shape[1] == s.bs else prev[:, : s.bs]
    dst = scratch[:, : s.bs]
    if s.pt >= 0:
        dst[:, : s.n] = blocks[s.pt][:, : s.n]
    dst[:, s.n:] = init_t[:, s.n: s.bs]
    return dst


class LSTMLayer(Function):
    """One direction of one LSTM layer. Returns flat [output (N, P), h_n (B, P), c_n (B, H)]."""

    @staticmethod
    def forward(ctx, x, h0, c0, w_ih, w_hh, b_ih, b_hh, w_hr, batch_sizes, reverse=False):
        xp = array_module(x, w_ih)
        steps = schedule(tuple(batch_sizes), reverse)
        N, B, E = x.shape[0], batch_sizes[0], x.shape[1]
        H, P = w_ih.shape[0] // 4, w_hh.shape[1]  # P = proj_size, or H without projection
        dt = xp.result_type(x, w_ih)
        fm = FeatureMajor(tuple(batch_sizes), xp, dt)
        # V[t] = [h_{t-1}; x_t; 1]: the x rows (and the ones) are filled now, h_{t-1} at each step
        V = fm.from_rows(x, out=fm.new(P + E + (b_ih is not None), fill=1.0), start=P)
        W = [w_hh, w_ih] + ([(b_ih + b_hh)[:, None]] if b_ih is not None else [])
        # Speed trick: sigmoid(a) = 1 / (1 + exp(-a)) and tanh(a) = 2 sigmoid(2a) - 1. Scaling the i, f, o
        # rows of W by -1 and the g rows by -2 once lets each step take ONE exp over all four gates
        # (NumPy's float32 exp is cheaper than its tanh), then 1 / (1 + e), then fix up g.
        scale = xp.full((4 * H, 1), -1.0, dtype=dt)
        scale[2 * H: 3 * H] = -2.0
        W = xp.concatenate(W, axis=1) * scale
        A, C, TC, Yb = fm.new(4 * H), fm.new(H), fm.new(H), fm.new(P)  # gates, c, tanh(c), h
        Hraw = fm.new(H) if w_hr is not None else None  # o * tanh(c) before the projection
        buf = xp.empty(N * P + B * P + B * H, dtype=dt)
        Y, h_n, c_n = _split(buf, (N, P), (B, P), (B, H))
        h0_t, c0_t = h0.T, c0.T
        tmp, h_scr, c_scr = xp.empty((H, B), dtype=dt), xp.empty((P, B), dtype=dt), xp.empty((H, B), dtype=dt)
        one, two = xp.asarray(1, dtype=dt), xp.asarray(2, dtype=dt)  # a Python number costs a conversion per call
        with xp.errstate(over="ignore"):  # exp(-a) = inf for a << 0 gives the exact limit sigmoid = 0
            for s in steps:
                bs, t = s.bs, s.t
                v, a, tmp_ = V[t], A[t], tmp if bs == B else tmp[:, :bs]
                v[:P] = _prev_block(Yb, h0_t, s, h_scr)
                cp = _prev_block(C, c0_t, s, c_scr)
                xp.matmul(W, v, out=a)  # all four gates, input and recurrent parts, in one product
                xp.exp(a, out=a)
                a += one
                xp.reciprocal(a, out=a)  # i, f, o = sigmoid; the g rows hold sigmoid(2g)
                i, f, gg, o = a[:H], a[H: 2 * H], a[2 * H: 3 * H], a[3 * H:]
                gg *= two
                gg -= one  # g = tanh
                c, tc = C[t], TC[t]
                xp.multiply(f, cp, out=c)  # c = f * c_prev + i * g
                xp.multiply(i, gg, out=tmp_)
                c += tmp_
                xp.tanh(c, out=tc)
                h = Yb[t]
                if w_hr is None:
                    xp.multiply(o, tc, out=h)  # h = o * tanh(c)
                else:
                    xp.multiply(o, tc, out=Hraw[t])
                    xp.matmul(w_hr, Hraw[t], out=h)
                if s.keep < bs:  # sequences that end at this step keep its state
                    h_n[s.keep: bs] = h[:, s.keep:].T
                    c_n[s.keep: bs] = c[:, s.keep:].T
        fm.to_rows(Yb, out=Y)
        ctx.save_for_backward(x, w_ih, w_hh, *(() if w_hr is None else (w_hr,)))
        ctx.steps, ctx.fm, ctx.V, ctx.A, ctx.C, ctx.TC, ctx.Hraw = steps, fm, V, A, C, TC, Hraw
        ctx.c0_t, ctx.sizes, ctx.has_bias = c0_t, (N, B, H, P, E), b_ih is not None
        ctx.call = (batch_sizes, reverse)
        return buf

    @staticmethod
    def backward(ctx, g):
        if ctx.ns.GRAPH:
            return _recorded_backward(ctx, g, _lstm_composite)
        x, w_ih, w_hh, *w_hr = ctx.saved_tensors
        w_hr = w_hr[0] if w_hr else None
        xp = array_module(g)
        N, B, H, P, E = ctx.sizes
        fm, A, C, TC = ctx.fm, ctx.A, ctx.C, ctx.TC
        dt = fm.dtype
        g_out, g_hn, g_cn = _split(g, (N, P), (B, P), (B, H))
        dY = fm.from_rows(g_out)  # dh of every step; the recurrent part is added in the loop
        dG = fm.new(4 * H)  # d(gate pre-activations)
        dV = fm.new(P + E)  # [dh_{t-1}; dx_t] of every step
        dh0, dc0 = xp.zeros((B, P), dtype=dt), xp.zeros((B, H), dtype=dt)
        w_t = xp.ascontiguousarray(xp.concatenate((w_hh, w_ih), axis=1).T)  # (P + E, 4H)
        w_hr_t = w_hr.T if w_hr is not None else None
        rec_h = None  # dh_{t-1} sent back by the step processed after this one (the next step in time)
        dcar = xp.zeros((H, B), dtype=dt)  # dc, carried back the same way
        t1 = xp.empty((H, B), dtype=dt)
        Z, D4 = xp.empty((4 * H, B), dtype=dt), xp.empty((4 * H, B), dtype=dt)
        c_scr = xp.empty((H, B), dtype=dt)
        one = xp.asarray(1, dtype=dt)
        for s in reversed(ctx.steps):
            t, bs, keep = s.t, s.bs, s.keep
            full = bs == B  # scratch slices only for the shorter steps of a packed batch
            dh, dc = dY[t], dcar if full else dcar[:, :bs]
            if keep:  # from the next step, through h_t W_hh^T
                if keep == bs == rec_h.shape[1]:
                    dh += rec_h
                else:
                    dh[:, :keep] += rec_h[:, :keep]
            if keep < bs:  # sequences whose last step this is: d(h_n) and d(c_n) instead of a next step
                dh[:, keep:] += g_hn[keep:bs].T
                dc[:, keep:] = g_cn[keep:bs].T
            if w_hr is not None:  # through the projection h = W_hr hraw (dY keeps dh for dW_hr)
                dh = w_hr_t @ dh
            a, tc = A[t], TC[t]
            i, f, gg, o = a[:H], a[H: 2 * H], a[2 * H: 3 * H], a[3 * H:]
            cp = _prev_block(C, ctx.c0_t, s, c_scr)
            # dc += dh * o * (1 - tanh(c)^2): through h = o * tanh(c)
            u = t1 if full else t1[:, :bs]
            xp.multiply(tc, tc, out=u)
            xp.subtract(one, u, out=u)
            u *= o
            u *= dh
            dc += u
            # d(pre-activations) = [dc * g, dc * c_prev, dc * i, dh * tanh(c)] * [activation derivatives],
            # sigmoid' = s - s^2 for i, f, o and tanh' = 1 - g^2 for g
            d4, z = (D4, Z) if full else (D4[:, :bs], Z[:, :bs])
            xp.multiply(a, a, out=d4)
            xp.subtract(a, d4, out=d4)
            dgg = d4[2 * H: 3 * H]
            xp.multiply(gg, gg, out=dgg)
            xp.subtract(one, dgg, out=dgg)
            xp.multiply(dc, gg, out=z[:H])
            xp.multiply(dc, cp, out=z[H: 2 * H])
            xp.multiply(dc, i, out=z[2 * H: 3 * H])
            xp.multiply(dh, tc, out=z[3 * H:])
            xp.multiply(z, d4, out=dG[t])
            dc *= f  # c_{t-1} fed this step only through c = f * c_prev + ...: its dc
            xp.matmul(w_t, dG[t], out=dV[t])  # [dh_{t-1}; dx_t] = [W_hh | W_ih]^T d(pre-activations)
            rec_h = dV[t][:P]
            if s.n < bs:  # columns whose previous state was the initial one
                dh0[s.n: bs] += rec_h[:, s.n: bs].T
                dc0[s.n: bs] += dc[:, s.n:].T
        need = ctx.needs_input_grad
        dx = fm.to_rows(dV, P, P + E) if need[0] else None
        dW = ctx.fm.to_cols(dG) @ fm.to_cols(ctx.V).T  # (4H, P + E [+ 1]): all weights, one product
        dw_hh = dW[:, :P] if need[4] else None
        dw_ih = dW[:, P: P + E] if need[3] else None
        db = dW[:, P + E] if ctx.has_bias else None
        dw_hr = fm.to_cols(dY) @ fm.to_cols(ctx.Hraw).T if w_hr is not None and need[7] else None
        return dx, dh0, dc0, dw_ih, dw_hh, db, None if db is None else db.copy(), dw_hr


# ---------------------------------------------------------------------------------------------------
# GRU (gate order r, z, n as in PyTorch):
#   [r z n]_x = x_t W_ih^T + b_ih         [r z n]_h = h_{t-1} W_hh^T + b_hh   (one product each)
#   r = sigmoid(r_x + r_h)   z = sigmoid(z_x + z_h)   n = tanh(n_x + r * n_h)
#   h_t = (1 - z) * n + z * h_{t-1}
# ---------------------------------------------------------------------------------------------------
class GRULayer(Function):
    """One direction of one GRU layer. Returns flat [output (N, H), h_n (B, H)]."""

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, batch_sizes, reverse=False):
        xp = array_module(x, w_ih)
        steps = schedule(tuple(batch_sizes), reverse)
        N, B, H = x.shape[0], batch_sizes[0], w_hh.shape[1]
        Gi = x @ w_ih.T  # (N, 3H) input part of every step at once; becomes [r z n] activated
        if b_ih is not None:
            Gi += b_ih
        dt = Gi.dtype
        Gh = xp.empty((N, 3 * H), dtype=dt)  # hidden part h_{t-1} W_hh^T + b_hh, kept for n's backward
        buf = xp.empty(N * H + B * H, dtype=dt)
        Y, h_n = _split(buf, (N, H), (B, H))
        Hprev = xp.empty((N, H), dtype=dt)
        w_hh_t = w_hh.T
        for s in steps:
            r, bs = s.rows, s.bs
            hp, gi, gh = Hprev[r], Gi[r], Gh[r]
            _gather_prev(hp, Y, h0, s)
            xp.matmul(hp, w_hh_t, out=gh)  # all three gates' recurrent part in one product
            if b_hh is not None:
                gh += b_hh
            gi[:, : 2 * H] += gh[:, : 2 * H]
            _sigmoid_(gi[:, : 2 * H], xp)  # r and z
            rg, z, n = gi[:, :H], gi[:, H: 2 * H], gi[:, 2 * H:]
            n += rg * gh[:, 2 * H:]
            xp.tanh(n, out=n)
            y = Y[r]
            xp.subtract(hp, n, out=y)  # h = n + z * (h_prev - n)
            y *= z
            y += n
            h_n[s.keep: bs] = y[s.keep:]
        ctx.save_for_backward(x, w_ih, w_hh)
        ctx.steps, ctx.Gi, ctx.Gh, ctx.Hprev = steps, Gi, Gh, Hprev
        ctx.sizes, ctx.has_bias = (N, B, H), b_ih is not None
        ctx.call = (batch_sizes, reverse)
        return buf

    @staticmethod
    def backward(ctx, g):
        if ctx.ns.GRAPH:
            return _recorded_backward(ctx, g, _gru_composite)
        x, w_ih, w_hh = ctx.saved_tensors
        xp = array_module(g)
        N, B, H = ctx.sizes
        Gi, Gh, Hprev = ctx.Gi, ctx.Gh, ctx.Hprev
        g_out, g_hn = _split(g, (N, H), (B, H))
        dY = g_out.copy()
        dGi, dGh = xp.empty_like(Gi), xp.empty_like(Gh)
        dh0 = xp.zeros((B, H), dtype=Gi.dtype)
        D = Gi * (1 - Gi)  # sigmoid' for r, z; tanh' for n (fixed below) - all steps at once
        ncol = Gi[:, 2 * H:]
        D[:, 2 * H:] = 1 - ncol * ncol
        for s in reversed(ctx.steps):
            r, keep = s.rows, s.keep
            dh = dY[r]
            dh[keep:] += g_hn[keep: s.bs]
            gi, dgi, dgh, hp = Gi[r], dGi[r], dGh[r], Hprev[r]
            rg, z, n = gi[:, :H], gi[:, H: 2 * H], gi[:, 2 * H:]
            # h = (1 - z) * n + z * h_prev
            xp.multiply(dh, hp - n, out=dgi[:, H: 2 * H])  # d z
            xp.multiply(dh, 1 - z, out=dgi[:, 2 * H:])  # d n
            dgi[:, 2 * H:] *= D[r][:, 2 * H:]  # d(n pre-activation) = d(n_x)
            # n = tanh(n_x + r * n_h)
            xp.multiply(dgi[:, 2 * H:], rg, out=dgh[:, 2 * H:])  # d n_h
            xp.multiply(dgi[:, 2 * H:], Gh[r][:, 2 * H:], out=dgi[:, :H])  # d r
            dgi[:, : 2 * H] *= D[r][:, : 2 * H]  # through the sigmoids
            dgh[:, : 2 * H] = dgi[:, : 2 * H]  # r and z see x and h parts alike
            _scatter_prev(dh * z + dgh @ w_hh, dY, dh0, s)
        need = ctx.needs_input_grad
        dx = dGi @ w_ih if need[0] else None
        dw_ih = dGi.T @ x if need[2] else None
        dw_hh = dGh.T @ Hprev if need[3] else None
        db_ih = dGi.sum(0) if ctx.has_bias else None
        db_hh = dGh.sum(0) if ctx.has_bias else None
        return dx, dh0, dw_ih, dw_hh, db_ih, db_hh
