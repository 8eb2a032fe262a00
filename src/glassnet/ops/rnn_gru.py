"""The Elman RNN and GRU layer ops: one Function per layer and direction, with backpropagation through time.

The readable version of what they compute is ``rnn_cell`` / ``gru_cell`` and ``rnn`` / ``gru`` in
``glassnet/ops/reference/recurrent.py``; ``tests/ops/test_references.py`` checks these ops against it.
The step schedule over a packed sequence and both layouts are in ``rnn_steps.py``.

Forward, per layer: the input projection of ALL time steps is one big matrix product
``x @ W_ih.T`` (N, gates * H); a Python loop over time then adds the recurrent product (one product
for all gates) and applies the gate non-linearities in place in preallocated buffers, keeping what
backward needs. Backward walks the same steps in reverse order, carrying dh from each step to the step
that produced its previous state, and keeps the gradient of the gate pre-activations of every step; the
weight gradients are then ONE product each over all time steps.

Layouts, measured (layer forward + backward, E 64, H 128, sequence 64, batch 32, float32, one BLAS
thread, both versions alternated in one process on the 2-core machine):

* The GRU uses the LSTM's FEATURE-MAJOR layout (``FeatureMajor``, one contiguous (features, bs) block
  per step, see ``lstm.py``): the per-step product is W_hh (3H, H) @ h (H, bs) and every gate a
  contiguous (H, bs) slab. It took 0.83-0.87x the time of the row-major version on equal lengths and
  0.94-0.97x on a packed batch.
* The Elman RNN stays ROW-MAJOR (packed rows (bs, H), ``gather_prev`` / ``scatter_prev``): its step is
  one product and one tanh, too little work for the layout change to pay for converting to and from
  blocks. Feature-major took 1.0-1.15x the time on equal lengths and 1.25-1.36x on a packed batch.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module
from . import _flops
from .rnn_double_backward import gru_composite, recorded_backward, rnn_composite
from .rnn_steps import FeatureMajor, gather_prev, prev_block, scatter_prev, schedule, split_flat


def _sigmoid_(a, xp) -> None:
    """a <- sigmoid(a) in place, as 0.5 * tanh(a / 2) + 0.5 (no overflow for large |a|)."""
    a *= 0.5
    xp.tanh(a, out=a)
    a *= 0.5
    a += 0.5


def _carry(dh, rec, g_hn, s) -> None:
    """Add to dh (H, bs) what this step's h_t feeds: the next step's dh_{t-1} for the sequences that go
    on (``rec``, computed when that step was processed), else d(h_n) for those that end here."""
    if s.keep:
        dh[:, : s.keep] += rec[:, : s.keep]
    if s.keep < s.bs:
        dh[:, s.keep:] += g_hn[s.keep: s.bs].T


# ---------------------------------------------------------------------------------------------------
# Elman RNN: h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)
# ---------------------------------------------------------------------------------------------------
class RNNLayer(Function):
    """One direction of one tanh/relu RNN layer. Returns flat [output (N, H), h_n (B, H)].

    The readable version: ``rnn_cell`` / ``rnn`` in ``glassnet/ops/reference/recurrent.py``.
    """

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, batch_sizes, reverse=False, nonlinearity="tanh"):
        xp = array_module(x, w_ih)
        steps = schedule(tuple(batch_sizes), reverse)
        N, B, H = x.shape[0], batch_sizes[0], w_hh.shape[1]
        A = x @ w_ih.T  # input projection of every time step at once
        if b_ih is not None:
            A += b_ih + b_hh
        buf = xp.empty(N * H + B * H, dtype=A.dtype)
        Y, h_n = split_flat(buf, (N, H), (B, H))
        Hprev = xp.empty((N, H), dtype=A.dtype)
        mm = xp.empty((B, H), dtype=A.dtype)
        w_hh_t = w_hh.T
        for s in steps:
            hp, a = Hprev[s.rows], A[s.rows]
            gather_prev(hp, Y, h0, s)
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
        if _flops.ACTIVE:  # the gate products, as torch's FlopCounterMode counts them
            ctx.flops = _flops.recurrent_flops(N, x.shape[1], H, 1, H)
            _flops.add("forward", ctx.flops)
        return buf

    @staticmethod
    def backward(ctx, g):
        if _flops.ACTIVE:  # the gradients of the inputs and of the weights: two products of the forward's size
            _flops.add("backward", 2 * getattr(ctx, "flops", 0))
        if ctx.ns.GRAPH:
            return recorded_backward(ctx, g, rnn_composite)
        x, w_ih, w_hh = ctx.saved_tensors
        xp = array_module(g)
        Y, B = ctx.Y, ctx.B
        N, H = Y.shape
        g_out, g_hn = split_flat(g, (N, H), (B, H))
        dA = g_out.copy()  # becomes d(pre-activation); first it gathers dh from outputs and next steps
        dh0 = xp.zeros((B, H), dtype=Y.dtype)
        # derivative of the non-linearity at every step at once, from the saved outputs
        D = (Y > 0).astype(Y.dtype) if ctx.relu else 1 - Y * Y
        for s in reversed(ctx.steps):
            da = dA[s.rows]
            da[s.keep:] += g_hn[s.keep: s.bs]
            da *= D[s.rows]  # dh -> d(pre-activation)
            scatter_prev(da @ w_hh, dA, dh0, s)  # dh_{t-1} += da W_hh (added before that step is read)
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
# GRU (gate order r, z, n as in PyTorch):
#   [r z n]_x = x_t W_ih^T + b_ih         [r z n]_h = h_{t-1} W_hh^T + b_hh   (one product each)
#   r = sigmoid(r_x + r_h)   z = sigmoid(z_x + z_h)   n = tanh(n_x + r * n_h)
#   h_t = (1 - z) * n + z * h_{t-1}
# ---------------------------------------------------------------------------------------------------
class GRULayer(Function):
    """One direction of one GRU layer. Returns flat [output (N, H), h_n (B, H)].

    The readable version: ``gru_cell`` / ``gru`` in ``glassnet/ops/reference/recurrent.py``.
    """

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, batch_sizes, reverse=False):
        xp = array_module(x, w_ih)
        steps = schedule(tuple(batch_sizes), reverse)
        N, B, H = x.shape[0], batch_sizes[0], w_hh.shape[1]
        gi_rows = x @ w_ih.T  # (N, 3H) input part of every step at once
        if b_ih is not None:
            gi_rows += b_ih
        dt = gi_rows.dtype
        fm = FeatureMajor(tuple(batch_sizes), xp, dt)
        Gi = fm.from_rows(gi_rows)  # per step (3H, bs); becomes [r z n] activated
        Gh = fm.new(3 * H)  # hidden part W_hh h_{t-1} + b_hh, kept for n's backward
        Hp, Hs = fm.new(H), fm.new(H)  # h_{t-1} and h_t of every step
        b_hh_c = None if b_hh is None else b_hh[:, None]
        buf = xp.empty(N * H + B * H, dtype=dt)
        Y, h_n = split_flat(buf, (N, H), (B, H))
        h0_t, scr = h0.T, xp.empty((H, B), dtype=dt)
        for s in steps:
            t, bs = s.t, s.bs
            gi, gh, hp, h = Gi[t], Gh[t], Hp[t], Hs[t]
            hp[...] = prev_block(Hs, h0_t, s, scr)
            xp.matmul(w_hh, hp, out=gh)  # all three gates' recurrent part in one product
            if b_hh_c is not None:
                gh += b_hh_c
            gi[: 2 * H] += gh[: 2 * H]
            _sigmoid_(gi[: 2 * H], xp)  # r and z
            r, z, n = gi[:H], gi[H: 2 * H], gi[2 * H:]
            n += r * gh[2 * H:]
            xp.tanh(n, out=n)
            xp.subtract(hp, n, out=h)  # h = n + z * (h_prev - n)
            h *= z
            h += n
            if s.keep < bs:  # sequences that end at this step keep its state
                h_n[s.keep: bs] = h[:, s.keep:].T
        fm.to_rows(Hs, out=Y)
        ctx.save_for_backward(x, w_ih, w_hh)
        ctx.steps, ctx.fm, ctx.Gi, ctx.Gh, ctx.Hp = steps, fm, Gi, Gh, Hp
        ctx.sizes, ctx.has_bias = (N, B, H), b_ih is not None
        ctx.call = (batch_sizes, reverse)
        if _flops.ACTIVE:  # the gate products, as torch's FlopCounterMode counts them
            ctx.flops = _flops.recurrent_flops(N, x.shape[1], H, 3, H)
            _flops.add("forward", ctx.flops)
        return buf

    @staticmethod
    def backward(ctx, grad):
        if _flops.ACTIVE:  # the gradients of the inputs and of the weights: two products of the forward's size
            _flops.add("backward", 2 * getattr(ctx, "flops", 0))
        if ctx.ns.GRAPH:
            return recorded_backward(ctx, grad, gru_composite)
        x, w_ih, w_hh = ctx.saved_tensors
        xp = array_module(grad)
        N, B, H = ctx.sizes
        fm, Gi, Gh, Hp = ctx.fm, ctx.Gi, ctx.Gh, ctx.Hp
        g_out, g_hn = split_flat(grad, (N, H), (B, H))
        dY = fm.from_rows(g_out)  # dh of every step; the recurrent part is added in the loop
        dGi, dGh = fm.new(3 * H), fm.new(3 * H)  # d(pre-activations): [r z n_x] and [r z n_h]
        dHp = fm.new(H)  # dh_{t-1} of every step
        dh0 = xp.zeros((B, H), dtype=fm.dtype)
        w_hh_t = xp.ascontiguousarray(w_hh.T)
        one, rec = xp.asarray(1, dtype=fm.dtype), None
        for s in reversed(ctx.steps):
            t, bs = s.t, s.bs
            dh = dY[t]
            _carry(dh, rec, g_hn, s)
            gi, gh, hp, dgi, dgh = Gi[t], Gh[t], Hp[t], dGi[t], dGh[t]
            r, z, n = gi[:H], gi[H: 2 * H], gi[2 * H:]
            # h = (1 - z) * n + z * h_prev
            xp.multiply(dh, hp - n, out=dgi[H: 2 * H])  # d z
            xp.multiply(dh, one - z, out=dgi[2 * H:])  # d n
            dgi[2 * H:] *= one - n * n  # d(n pre-activation) = d(n_x)
            # n = tanh(n_x + r * n_h)
            xp.multiply(dgi[2 * H:], r, out=dgh[2 * H:])  # d n_h
            xp.multiply(dgi[2 * H:], gh[2 * H:], out=dgi[:H])  # d r
            dgi[: 2 * H] *= gi[: 2 * H] * (one - gi[: 2 * H])  # through the sigmoids
            dgh[: 2 * H] = dgi[: 2 * H]  # r and z see x and h parts alike
            rec = dHp[t]
            xp.matmul(w_hh_t, dgh, out=rec)  # dh_{t-1} = W_hh^T d(hidden part) + dh * z
            rec += dh * z
            if s.n < bs:  # columns whose previous state was the initial one
                dh0[s.n: bs] += rec[:, s.n: bs].T
        need = ctx.needs_input_grad
        dgi_c, dgh_c = fm.to_cols(dGi), fm.to_cols(dGh)  # (3H, N): one column per packed row
        dx = dgi_c.T @ w_ih if need[0] else None
        dw_ih = dgi_c @ x if need[2] else None
        dw_hh = dgh_c @ fm.to_cols(Hp).T if need[3] else None
        db_ih = dgi_c.sum(1) if ctx.has_bias else None
        db_hh = dgh_c.sum(1) if ctx.has_bias else None
        return dx, dh0, dw_ih, dw_hh, db_ih, db_hh
