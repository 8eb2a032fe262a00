"""The LSTM layer op: one Function per layer and direction, with backpropagation through time, tuned for speed.

Read ``lstm_cell`` in ``glassnet/ops/reference/recurrent.py`` first: the same maths in four lines,
which ``tests/ops/test_references.py`` checks this op against. PyTorch's gate order, i, f, g, o::

    [i f g o] = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh     (one product for all four gates)
    i, f, o = sigmoid(.),  g = tanh(.)
    c_t = f * c_{t-1} + i * g
    h_t = o * tanh(c_t)                                       (h_t = (o * tanh(c_t)) W_hr^T with proj_size)

Where they are in ``LSTMLayer.forward``'s time loop: ``xp.matmul(W, v, out=gates)`` is the gate product,
the ``exp`` / ``reciprocal`` lines are the sigmoids (and the tanh of g, see "Speed trick"), then the
lines commented ``# c = f * c_prev + i * g`` and ``# h = o * tanh(c)`` are the two updates, written
with ``out=`` into preallocated buffers so the loop allocates nothing. ``backward`` walks the steps in reverse
with the chain rule of the same four lines (dc, then the four gates' pre-activation gradients ``dG``).

Two layout choices, each measured on the char-LSTM benchmark (2-core CPU, batch 32):

* Everything per time step is stored FEATURE-MAJOR: one contiguous (features, bs) block per step
  (``FeatureMajor`` in ``rnn_steps.py``), the transpose of the packed rows. The per-step product is then
  W (4H, K) @ v (K, bs), which OpenBLAS runs ~1.5x faster than v^T (bs, K) @ W^T for a small batch, and
  every gate is a contiguous (H, bs) slab, so element-wise calls take NumPy's fast contiguous path.
* Each step's product covers the input as well: v_t = [h_{t-1}; x_t; 1] and W = [W_hh | W_ih | b], so
  the gates come out of ONE product per step with no separate input projection or bias add. In backward,
  only dh_{t-1} = W_hh^T @ d(gates) feeds the recurrence, so that is the per-step product; every step's
  dx_t comes from one product after the loop, and one more gives every weight gradient and the bias
  gradient at once.

Gate rows stay in PyTorch's order: forward treats all four gates alike (one exp), and backward forms
every gate's derivative as one (4H, bs) product. The step schedule over a packed sequence is in
``rnn_steps.py``; the create_graph path in ``rnn_double_backward.py``.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module
from . import _flops
from .rnn_double_backward import lstm_composite, recorded_backward
from .rnn_steps import FeatureMajor, prev_block, schedule, split_flat


class LSTMLayer(Function):
    """One direction of one LSTM layer. Returns flat [output (N, P), h_n (B, P), c_n (B, H)].

    The readable version: ``lstm_cell`` / ``lstm`` in ``glassnet/ops/reference/recurrent.py``.
    """

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
        Gates, C, TanhC, Hs = fm.new(4 * H), fm.new(H), fm.new(H), fm.new(P)  # gates, c, tanh(c), h
        Hraw = fm.new(H) if w_hr is not None else None  # o * tanh(c) before the projection
        buf = xp.empty(N * P + B * P + B * H, dtype=dt)
        Y, h_n, c_n = split_flat(buf, (N, P), (B, P), (B, H))
        h0_t, c0_t = h0.T, c0.T
        tmp, h_scr, c_scr = xp.empty((H, B), dtype=dt), xp.empty((P, B), dtype=dt), xp.empty((H, B), dtype=dt)
        one, two = xp.asarray(1, dtype=dt), xp.asarray(2, dtype=dt)  # a Python number costs a conversion per call
        with xp.errstate(over="ignore"):  # exp(-a) = inf for a << 0 gives the exact limit sigmoid = 0
            for s in steps:
                bs, t = s.bs, s.t
                v, gates, ig = V[t], Gates[t], tmp if bs == B else tmp[:, :bs]
                v[:P] = prev_block(Hs, h0_t, s, h_scr)
                c_prev = prev_block(C, c0_t, s, c_scr)
                xp.matmul(W, v, out=gates)  # all four gates, input and recurrent parts, in one product
                xp.exp(gates, out=gates)
                gates += one
                xp.reciprocal(gates, out=gates)  # i, f, o = sigmoid; the g rows hold sigmoid(2g)
                i, f, g, o = gates[:H], gates[H: 2 * H], gates[2 * H: 3 * H], gates[3 * H:]
                g *= two
                g -= one  # g = tanh
                c, tanh_c = C[t], TanhC[t]
                xp.multiply(f, c_prev, out=c)  # c = f * c_prev + i * g
                xp.multiply(i, g, out=ig)
                c += ig
                xp.tanh(c, out=tanh_c)
                h = Hs[t]
                if w_hr is None:
                    xp.multiply(o, tanh_c, out=h)  # h = o * tanh(c)
                else:
                    xp.multiply(o, tanh_c, out=Hraw[t])
                    xp.matmul(w_hr, Hraw[t], out=h)
                if s.keep < bs:  # sequences that end at this step keep its state
                    h_n[s.keep: bs] = h[:, s.keep:].T
                    c_n[s.keep: bs] = c[:, s.keep:].T
        fm.to_rows(Hs, out=Y)
        ctx.save_for_backward(x, w_ih, w_hh, *(() if w_hr is None else (w_hr,)))
        ctx.steps, ctx.fm, ctx.V, ctx.Gates, ctx.C, ctx.TanhC, ctx.Hraw = steps, fm, V, Gates, C, TanhC, Hraw
        ctx.c0_t, ctx.sizes, ctx.has_bias = c0_t, (N, B, H, P, E), b_ih is not None
        ctx.call = (batch_sizes, reverse)
        if _flops.ACTIVE:  # the gate products and the projection, as torch's FlopCounterMode counts them
            ctx.flops = _flops.recurrent_flops(N, E, P, 4, H, P if w_hr is not None else 0)
            _flops.add("forward", ctx.flops)
        return buf

    @staticmethod
    def backward(ctx, grad):
        if _flops.ACTIVE:  # the gradients of the inputs and of the weights: two products of the forward's size
            _flops.add("backward", 2 * getattr(ctx, "flops", 0))
        if ctx.ns.GRAPH:
            return recorded_backward(ctx, grad, lstm_composite)
        x, w_ih, w_hh, *w_hr = ctx.saved_tensors
        w_hr = w_hr[0] if w_hr else None
        xp = array_module(grad)
        N, B, H, P, E = ctx.sizes
        fm, Gates, C, TanhC = ctx.fm, ctx.Gates, ctx.C, ctx.TanhC
        dt = fm.dtype
        g_out, g_hn, g_cn = split_flat(grad, (N, P), (B, P), (B, H))
        dY = fm.from_rows(g_out)  # dh of every step; the recurrent part is added in the loop
        dG = fm.new(4 * H)  # d(gate pre-activations)
        dHp = fm.new(P)  # dh_{t-1} of every step
        dh0, dc0 = xp.zeros((B, P), dtype=dt), xp.zeros((B, H), dtype=dt)
        w_hh_t = xp.ascontiguousarray(w_hh.T)  # (P, 4H)
        w_hr_t = w_hr.T if w_hr is not None else None
        rec_h = None  # dh_{t-1} sent back by the step processed after this one (the next step in time)
        dc_carry = xp.zeros((H, B), dtype=dt)  # dc, carried back the same way
        scratch_h = xp.empty((H, B), dtype=dt)
        Up, Dact = xp.empty((4 * H, B), dtype=dt), xp.empty((4 * H, B), dtype=dt)
        c_scr = xp.empty((H, B), dtype=dt)
        one = xp.asarray(1, dtype=dt)
        for s in reversed(ctx.steps):
            t, bs, keep = s.t, s.bs, s.keep
            full = bs == B  # scratch slices only for the shorter steps of a packed batch
            dh, dc = dY[t], dc_carry if full else dc_carry[:, :bs]
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
            gates, tanh_c = Gates[t], TanhC[t]
            i, f, g, o = gates[:H], gates[H: 2 * H], gates[2 * H: 3 * H], gates[3 * H:]
            c_prev = prev_block(C, ctx.c0_t, s, c_scr)
            # dc += dh * o * (1 - tanh(c)^2): through h = o * tanh(c)
            dc_h = scratch_h if full else scratch_h[:, :bs]
            xp.multiply(tanh_c, tanh_c, out=dc_h)
            xp.subtract(one, dc_h, out=dc_h)
            dc_h *= o
            dc_h *= dh
            dc += dc_h
            # d(pre-activations) = [dc * g, dc * c_prev, dc * i, dh * tanh(c)] * [activation derivatives],
            # sigmoid' = s - s^2 for i, f, o and tanh' = 1 - g^2 for g
            dact, up = (Dact, Up) if full else (Dact[:, :bs], Up[:, :bs])
            xp.multiply(gates, gates, out=dact)
            xp.subtract(gates, dact, out=dact)
            d_g = dact[2 * H: 3 * H]
            xp.multiply(g, g, out=d_g)
            xp.subtract(one, d_g, out=d_g)
            xp.multiply(dc, g, out=up[:H])
            xp.multiply(dc, c_prev, out=up[H: 2 * H])
            xp.multiply(dc, i, out=up[2 * H: 3 * H])
            xp.multiply(dh, tanh_c, out=up[3 * H:])
            xp.multiply(up, dact, out=dG[t])
            dc *= f  # c_{t-1} fed this step only through c = f * c_prev + ...: its dc
            xp.matmul(w_hh_t, dG[t], out=dHp[t])  # dh_{t-1} = W_hh^T d(pre-activations)
            rec_h = dHp[t]
            if s.n < bs:  # columns whose previous state was the initial one
                dh0[s.n: bs] += rec_h[:, s.n: bs].T
                dc0[s.n: bs] += dc[:, s.n:].T
        need = ctx.needs_input_grad
        dGc = fm.to_cols(dG)  # (4H, N): every step's d(pre-activations), one column per packed row
        # dx_t does not feed the recurrence, so every step's comes from one product after the loop.
        dx = dGc.T @ w_ih if need[0] else None
        dW = dGc @ fm.to_cols(ctx.V).T  # (4H, P + E [+ 1]): all weights, one product
        dw_hh = dW[:, :P] if need[4] else None
        dw_ih = dW[:, P: P + E] if need[3] else None
        db = dW[:, P + E] if ctx.has_bias else None
        dw_hr = fm.to_cols(dY) @ fm.to_cols(ctx.Hraw).T if w_hr is not None and need[7] else None
        return dx, dh0, dc0, dw_ih, dw_hh, db, None if db is None else db.copy(), dw_hr
