"""Double backward of the recurrent layer ops: re-run the layer in recorded tensor ops and differentiate.

The layer ops (``rnn_gru.py``, ``lstm.py``) write their backward through time by hand on raw arrays, so
it records nothing. Under ``create_graph`` (gradient penalties and other higher-order uses) a layer's
backward instead re-runs its forward step by step with the readable cells of
``glassnet/ops/reference/recurrent.py`` (so the equations exist once) over the same packed schedule,
and differentiates that: the result is a recorded function of the inputs, as double backward needs.
Slow, but only higher-order uses pay for it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..autograd import function as _fn
from ..autograd.function import Function
from .rnn_steps import Step, schedule


class _Alias(Function):
    """The same values as its input, as a separate node: the recorded backward stops here."""

    @staticmethod
    def forward(ctx, a):
        return a

    @staticmethod
    def backward(ctx, g):
        return g


def recorded_backward(ctx, g, composite):
    """The input gradients of a layer op as recorded tensors: differentiate ``composite`` (the layer's
    forward in tensor ops) at the op's inputs, with the incoming gradient ``g``."""
    from ..autograd.engine import run_backward

    args, wanted = [], []
    for x, need in zip(ctx.inputs, ctx.needs_input_grad):
        if need:
            x = _Alias.apply(x)
            wanted.append(x)
        elif isinstance(x, _fn.Tensor):  # the Tensor class as autograd knows it: ops do not import glassnet.tensor
            x = _fn.Tensor._wrap(x._data)  # the same values, cut from the graph
        args.append(x)
    flat = composite(*args, *ctx.call)
    grads = iter(run_backward([flat], [g], True, True, inputs=wanted, stop_at_inputs=True))
    return tuple(next(grads) if need else None for need in ctx.needs_input_grad)


def _cat(parts):
    from .shape import Cat

    return parts[0] if len(parts) == 1 else Cat.apply(*parts, axis=0)


def _prev_rows(hist, k, init, s: Step):
    """(bs, F) previous value of state k at a step, as tensors: the last step's rows, then initial ones."""
    parts = []
    if s.pt >= 0 and s.n:
        parts.append(hist[s.pt][k][: s.n])
    if s.n < s.bs:
        parts.append(init[s.n: s.bs])
    return _cat(parts)


def _over_schedule(cell: Callable, x, init: tuple, batch_sizes, reverse):
    """Run ``cell(x_t, state) -> state`` over a packed sequence; return the op's flat result:
    [output rows in time order, then each final state (h, then c) by batch row]."""
    hist, finals = {}, [[] for _ in init]
    for s in schedule(tuple(batch_sizes), reverse):
        prev = tuple(_prev_rows(hist, k, v, s) for k, v in enumerate(init))
        state = cell(x[s.rows], prev if len(prev) > 1 else prev[0])
        state = state if isinstance(state, tuple) else (state,)
        hist[s.t] = state
        if s.keep < s.bs:  # sequences that end at this step keep its state
            for k, v in enumerate(state):
                finals[k].append((s.keep, v[s.keep:]))
    parts = [_cat([hist[t][0] for t in sorted(hist)]).reshape(-1)]
    for pieces in finals:
        parts.append(_cat([p for _, p in sorted(pieces, key=lambda kp: kp[0])]).reshape(-1))
    return _cat(parts)


def rnn_composite(x, h0, w_ih, w_hh, b_ih, b_hh, batch_sizes, reverse, nonlinearity):
    """``RNNLayer``'s forward as recorded tensor ops (the same arguments, the same flat result)."""
    from .reference.recurrent import rnn_cell

    return _over_schedule(lambda x_t, h: rnn_cell(x_t, h, w_ih, w_hh, b_ih, b_hh, nonlinearity),
                          x, (h0,), batch_sizes, reverse)


def lstm_composite(x, h0, c0, w_ih, w_hh, b_ih, b_hh, w_hr, batch_sizes, reverse):
    """``LSTMLayer``'s forward as recorded tensor ops (the same arguments, the same flat result)."""
    from .reference.recurrent import lstm_cell

    return _over_schedule(lambda x_t, state: lstm_cell(x_t, state, w_ih, w_hh, b_ih, b_hh, w_hr),
                          x, (h0, c0), batch_sizes, reverse)


def gru_composite(x, h0, w_ih, w_hh, b_ih, b_hh, batch_sizes, reverse):
    """``GRULayer``'s forward as recorded tensor ops (the same arguments, the same flat result)."""
    from .reference.recurrent import gru_cell

    return _over_schedule(lambda x_t, h: gru_cell(x_t, h, w_ih, w_hh, b_ih, b_hh), x, (h0,), batch_sizes, reverse)
