"""The Elman RNN and GRU layer ops: one Function per layer and direction, with backpropagation through time.

The readable version of what they compute is ``rnn_cell`` / ``gru_cell`` and ``rnn`` / ``gru`` in
``glassnet/ops/reference/recurrent.py``; ``tests/ops/test_references.py`` checks these ops against it.
The step schedule and the flat result buffer are in ``rnn_steps.py``.

Forward, per layer:
1. the input projection of ALL time steps is one big matrix product ``x @ W_ih.T`` (N, gates * H);
2. a Python loop over time adds ``h_prev @ W_hh.T`` (one product for all gates) and applies the gate
   non-linearities in place in preallocated buffers, keeping what backward needs.

Backward walks the same steps in reverse order, carrying dh from each step to the step that produced its
previous state, and writing the gradient of the gate pre-activations into one (N, gates * H) buffer. The
weight gradients are then ONE product each over all time steps: ``dW_ih = dG.T @ x``,
``dW_hh = dG.T @ H_prev``; likewise ``dx = dG @ W_ih``.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module
from .rnn_double_backward import gru_composite, recorded_backward, rnn_composite
from .rnn_steps import gather_prev, scatter_prev, schedule, split_flat


def _sigmoid_(a, xp) -> None:
    """a <- sigmoid(a) in place, as 0.5 * tanh(a / 2) + 0.5 (no overflow for large |a|)."""
    a *= 0.5
    xp.tanh(a, out=a)
    a *= 0.5
    a += 0.5



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
        return buf

    @staticmethod
    def backward(ctx, g):
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
        Gi = x @ w_ih.T  # (N, 3H) input part of every step at once; becomes [r z n] activated
        if b_ih is not None:
            Gi += b_ih
        dt = Gi.dtype
        Gh = xp.empty((N, 3 * H), dtype=dt)  # hidden part h_{t-1} W_hh^T + b_hh, kept for n's backward
        buf = xp.empty(N * H + B * H, dtype=dt)
        Y, h_n = split_flat(buf, (N, H), (B, H))
        Hprev = xp.empty((N, H), dtype=dt)
        w_hh_t = w_hh.T
        for s in steps:
            r, bs = s.rows, s.bs
            hp, gi, gh = Hprev[r], Gi[r], Gh[r]
            gather_prev(hp, Y, h0, s)
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
            return recorded_backward(ctx, g, gru_composite)
        x, w_ih, w_hh = ctx.saved_tensors
        xp = array_module(g)
        N, B, H = ctx.sizes
        Gi, Gh, Hprev = ctx.Gi, ctx.Gh, ctx.Hprev
        g_out, g_hn = split_flat(g, (N, H), (B, H))
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
            scatter_prev(dh * z + dgh @ w_hh, dY, dh0, s)
        need = ctx.needs_input_grad
        dx = dGi @ w_ih if need[0] else None
        dw_ih = dGi.T @ x if need[2] else None
        dw_hh = dGh.T @ Hprev if need[3] else None
        db_ih = dGi.sum(0) if ctx.has_bias else None
        db_hh = dGh.sum(0) if ctx.has_bias else None
        return dx, dh0, dw_ih, dw_hh, db_ih, db_hh
