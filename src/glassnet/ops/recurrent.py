"""Recurrent layers as ops: one Function per layer and direction, with backpropagation through time.

How to read this file
---------------------
Every layer op (``RNNLayer``, ``LSTMLayer``, ``GRULayer``) runs ONE direction of ONE layer over a whole
sequence. The sequence always arrives *packed* (the layout of ``nn.utils.rnn.PackedSequence``): a 2-D
array ``x`` of shape (N, features) holding time step 0's rows, then step 1's rows, and so on, where step
t has ``batch_sizes[t]`` rows (sequences are sorted longest first, so the active rows of a step are
always a prefix of the batch). A plain (T, B, F) batch is the special case ``batch_sizes = [B] * T``
reshaped to (T * B, F), so there is only one code path.

Forward, per layer:
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
from typing import NamedTuple

from ..autograd.function import Function
from ..backend import array_module


class Step(NamedTuple):
    """One time step: its rows in the packed data and where its previous state comes from."""

    rows: slice  # this step's rows in the packed (N, ...) arrays
    bs: int  # number of active sequences (rows) at this step
    prev: slice | None  # rows of the step processed just before (None: the first step)
    n: int  # rows [:n] take their previous state from ``prev``; rows [n:bs] from the initial state
    keep: int  # rows [:keep] go on to the next step; rows [keep:bs] end here (their final state)


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
        ))
    return tuple(steps)


def _gather_prev(dst, out, init, s: Step) -> None:
    """Fill dst (bs, H) with each active sequence's previous state: the last output, else the initial one."""
    if s.prev is not None:
        dst[: s.n] = out[s.prev][: s.n]
    if s.n < s.bs:
        dst[s.n:] = init[s.n: s.bs]


def _prev_state(out, init, s: Step, scratch):
    """The previous state of this step's rows: a view of the last step's output when every row continues
    from it (the common case, no copy), else gathered into ``scratch``."""
    if s.prev is not None and s.n == s.bs:
        return out[s.prev][: s.bs]
    dst = scratch[: s.bs]
    _gather_prev(dst, out, init, s)
    return dst


def _all_prev(out, init, steps: tuple, batch_sizes: tuple):
    """(N, H): every step's previous state, stacked in packed row order (for the weight gradients)."""
    xp = array_module(out)
    prev = xp.empty_like(out)
    B = batch_sizes[0]
    if all(b == B for b in batch_sizes):  # equal lengths: the outputs shifted by one step
        forward_dir = steps[0].rows.start == 0
        if forward_dir:
            prev[:B], prev[B:] = init, out[:-B]
        else:
            prev[-B:], prev[:-B] = init, out[B:]
        return prev
    for s in steps:
        _gather_prev(prev[s.rows], out, init, s)
    return prev


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


def _no_double_backward(ctx, name: str) -> None:
    if ctx.ns.GRAPH:
        raise NotImplementedError(
            f"double backward through {name} is not supported (its backward is a hand-written time loop)"
        )


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
        return buf

    @staticmethod
    def backward(ctx, g):
        _no_double_backward(ctx, "RNN")
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
# Inside the op the gate columns are kept ROTATED to (o, i, f, g): then the three sigmoid gates (o, i, f)
# are one contiguous block in forward, and the three gates driven by dc (i, f, g) are one contiguous
# block in backward, so each needs one NumPy call per step instead of several. ``_rot`` converts.
# ---------------------------------------------------------------------------------------------------
def _rot(a, H, axis=0, back=False):
    """PyTorch's (i, f, g, o) blocks along ``axis`` -> (o, i, f, g); ``back=True`` undoes it."""
    return array_module(a).roll(a, -H if back else H, axis=axis)


class LSTMLayer(Function):
    """One direction of one LSTM layer. Returns flat [output (N, P), h_n (B, P), c_n (B, H)]."""

    @staticmethod
    def forward(ctx, x, h0, c0, w_ih, w_hh, b_ih, b_hh, w_hr, batch_sizes, reverse=False):
        xp = array_module(x, w_ih)
        steps = schedule(tuple(batch_sizes), reverse)
        N, B = x.shape[0], batch_sizes[0]
        H, P = w_ih.shape[0] // 4, w_hh.shape[1]  # P = proj_size, or H without projection
        # Speed trick: sigmoid(a) = 0.5 * tanh(a / 2) + 0.5. Halving the o, i, f rows of the weights and
        # biases once lets each step take ONE tanh over all four gates, then fix up o, i, f with 0.5x + 0.5.
        half = xp.ones((4 * H, 1), dtype=w_ih.dtype)
        half[: 3 * H] = 0.5
        G = x @ (_rot(w_ih, H) * half).T  # (N, 4H): every step's input projection in one product
        if b_ih is not None:
            G += _rot(b_ih + b_hh, H) * half[:, 0]
        w_hh_t = (_rot(w_hh, H) * half).T
        dt = G.dtype
        buf = xp.empty(N * P + B * P + B * H, dtype=dt)
        Y, h_n, c_n = _split(buf, (N, P), (B, P), (B, H))
        C, TC = xp.empty((N, H), dtype=dt), xp.empty((N, H), dtype=dt)  # c_t and tanh(c_t)
        Hraw = xp.empty((N, H), dtype=dt) if w_hr is not None else None  # o * tanh(c) before projection
        mm, tmp = xp.empty((B, 4 * H), dtype=dt), xp.empty((B, H), dtype=dt)
        h_scr, c_scr = xp.empty((B, P), dtype=dt), xp.empty((B, H), dtype=dt)
        w_hr_t = w_hr.T if w_hr is not None else None
        for s in steps:
            r, bs = s.rows, s.bs
            hp = _prev_state(Y, h0, s, h_scr)
            cp = _prev_state(C, c0, s, c_scr)
            gates = G[r]
            xp.matmul(hp, w_hh_t, out=mm[:bs])  # all four gates' recurrent part in one product
            gates += mm[:bs]
            xp.tanh(gates, out=gates)  # g is done; o, i, f hold tanh(a/2)
            sig = gates[:, : 3 * H]
            sig *= 0.5
            sig += 0.5  # o, i, f = sigmoid(a)
            o, i, f, gg = gates[:, :H], gates[:, H: 2 * H], gates[:, 2 * H: 3 * H], gates[:, 3 * H:]
            c, tc = C[r], TC[r]
            xp.multiply(f, cp, out=c)  # c = f * c_prev + i * g
            xp.multiply(i, gg, out=tmp[:bs])
            c += tmp[:bs]
            xp.tanh(c, out=tc)
            if w_hr is None:
                xp.multiply(o, tc, out=Y[r])  # h = o * tanh(c)
            else:
                xp.multiply(o, tc, out=Hraw[r])
                xp.matmul(Hraw[r], w_hr_t, out=Y[r])
            if s.keep < bs:  # sequences that end at this step keep its state
                h_n[s.keep: bs] = Y[r][s.keep:]
                c_n[s.keep: bs] = c[s.keep:]
        ctx.save_for_backward(x, w_ih, w_hh, *(() if w_hr is None else (w_hr,)))
        ctx.steps, ctx.G, ctx.TC, ctx.Hraw = steps, G, TC, Hraw
        # every step's previous h and c, for dW_hh and df (copied once, not per step)
        ctx.Hprev, ctx.Cprev = _all_prev(Y, h0, steps, batch_sizes), _all_prev(C, c0, steps, batch_sizes)
        ctx.sizes, ctx.has_bias = (N, B, H, P), b_ih is not None
        return buf

    @staticmethod
    def backward(ctx, g):
        _no_double_backward(ctx, "LSTM")
        x, w_ih, w_hh, *w_hr = ctx.saved_tensors
        w_hr = w_hr[0] if w_hr else None
        xp = array_module(g)
        N, B, H, P = ctx.sizes
        G, TC, Cprev = ctx.G, ctx.TC, ctx.Cprev
        g_out, g_hn, g_cn = _split(g, (N, P), (B, P), (B, H))
        dY = g_out.copy()  # dh of every step: the output's gradient, plus the next step's dh_{t-1}
        dC = xp.zeros((N, H), dtype=G.dtype)  # dc of every step, received from the next step
        dG = xp.empty_like(G)  # d(gate pre-activations), columns (o, i, f, g)
        dh0, dc0 = xp.zeros((B, P), dtype=G.dtype), xp.zeros((B, H), dtype=G.dtype)
        # Everything that needs no recurrence is computed for all steps at once (a few vectorised passes),
        # leaving the time loop only what depends on dc and dh:
        #   d(pre o)       = dh * tanh(c) * o(1-o)                        -> OD
        #   d(pre i, f, g) = dc * [g i(1-i), c_prev f(1-f), i (1-g^2)]   -> MD (N, 3, H)
        #   dc            += dh * o * (1 - tanh(c)^2)                     -> K
        o, i, f, gg = G[:, :H], G[:, H: 2 * H], G[:, 2 * H: 3 * H], G[:, 3 * H:]
        MD = xp.stack((gg, Cprev, i), axis=1)
        MD[:, :2] *= (G[:, H: 3 * H] * (1 - G[:, H: 3 * H])).reshape(N, 2, H)
        MD[:, 2] *= 1 - gg * gg
        OD = TC * (o * (1 - o))
        K = o * (1 - TC * TC)
        dG4 = dG.reshape(N, 4, H)
        w_hh_r = _rot(w_hh, H)  # rows in the internal (o, i, f, g) order, to match dG
        tmp = xp.empty((B, H), dtype=G.dtype)
        for s in reversed(ctx.steps):
            r, bs, keep = s.rows, s.bs, s.keep
            if keep < bs:  # sequences whose last step this is receive d(h_n) and d(c_n)
                dY[r][keep:] += g_hn[keep:bs]
                dC[r][keep:] += g_cn[keep:bs]
            dh = dY[r] if w_hr is None else dY[r] @ w_hr  # through the projection h = hraw W_hr^T
            dc = dC[r]
            xp.multiply(dh, K[r], out=tmp[:bs])
            dc += tmp[:bs]  # dc complete: from the next step and through h = o * tanh(c)
            xp.multiply(dh, OD[r], out=dG4[r, 0])  # d(pre o)
            xp.multiply(dc[:, None, :], MD[r], out=dG4[r, 1:])  # d(pre i, f, g) in one call
            # c_{t-1} fed only this step (c = f * c_prev + ...), so its dc is set, not accumulated
            if s.prev is not None:
                xp.multiply(dc[: s.n], f[r][: s.n], out=dC[s.prev][: s.n])
            if s.n < bs:
                dc0[s.n: bs] += dc[s.n:] * f[r][s.n:]
            _scatter_prev(dG[r] @ w_hh_r, dY, dh0, s)  # dh_{t-1} = d(pre-activations) W_hh
        need = ctx.needs_input_grad
        dx = dG @ _rot(w_ih, H) if need[0] else None
        dw_ih = _rot(dG.T @ x, H, back=True) if need[3] else None  # one product over all time steps
        dw_hh = _rot(dG.T @ ctx.Hprev, H, back=True) if need[4] else None
        db = _rot(dG.sum(0), H, back=True) if ctx.has_bias else None
        dw_hr = dY.T @ ctx.Hraw if w_hr is not None and need[7] else None
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
        return buf

    @staticmethod
    def backward(ctx, g):
        _no_double_backward(ctx, "GRU")
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
