"""The readable RNN, LSTM and GRU: their equations, one time step at a time, in ordinary tensor ops.

This is the reference for the fast recurrent ops that ``nn.RNN``, ``nn.LSTM``, ``nn.GRU`` and their cells
run: ``RNNLayer`` and ``GRULayer`` in ``glassnet/ops/rnn_gru.py`` and ``LSTMLayer`` in
``glassnet/ops/lstm.py``. Those compute exactly this, on raw arrays, with a hand-written backward
through time and memory layouts chosen for speed. Here nothing is hand-written: every line is a tensor
op that autograd records, so backpropagation through time is simply ``loss.backward()`` through the
loop below. ``tests/ops/test_references.py`` checks in float64 that the fast ops give the same outputs,
final states and gradients as this file.

Read it in this order:

1. the cells, one time step each: ``rnn_cell``, ``lstm_cell`` (four lines: one gate product,
   ``chunk(4)``, the c update, the h update) and ``gru_cell``;
2. ``run_layer``: one layer in one direction, a loop over time that feeds each step's state to the next;
3. ``rnn`` / ``lstm`` / ``gru``: stacked layers, both directions, ``batch_first``, initial states and
   packed sequences (each sequence simply runs for its own length).

Weights use PyTorch's names and layout, so ``dict(module.named_parameters())`` of an ``nn.LSTM`` is a
valid ``weights`` argument: ``weight_ih_l{k}`` (gates * H, input), ``weight_hh_l{k}`` (gates * H, P),
``bias_ih_l{k}``, ``bias_hh_l{k}``, ``weight_hr_l{k}`` (P, H) for an LSTM with ``proj_size``, and the
same names with ``_reverse`` for the backward direction. Gate order: LSTM i, f, g, o; GRU r, z, n.
Dropout between layers is left out (it is random; the fast path applies it outside the ops).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...functions import cat, stack


def _linear(x: Any, w: Any, b: Any) -> Any:
    """x W^T (+ b)."""
    return x @ w.T if b is None else x @ w.T + b


# ---- cells: one time step ----------------------------------------------------------------------------
def rnn_cell(x: Any, h: Any, w_ih: Any, w_hh: Any, b_ih: Any = None, b_hh: Any = None,
             nonlinearity: str = "tanh") -> Any:
    """One Elman RNN step: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu).

    Args:
        x: input of this step (B, input_size).
        h: previous hidden state (B, H).
        w_ih, w_hh: weights (H, input_size) and (H, H).
        b_ih, b_hh: biases (H,), or None.
        nonlinearity: ``"tanh"`` or ``"relu"``.

    Example:
        >>> from glassnet.ops.reference.recurrent import rnn_cell
        >>> rnn_cell(glassnet.ones(2, 3), glassnet.zeros(2, 4), glassnet.ones(4, 3), glassnet.ones(4, 4)).shape
        glassnet.Size([2, 4])
    """
    a = _linear(x, w_ih, b_ih) + _linear(h, w_hh, b_hh)
    return a.tanh() if nonlinearity == "tanh" else a.relu()


def lstm_cell(x: Any, state: tuple, w_ih: Any, w_hh: Any, b_ih: Any = None, b_hh: Any = None,
              w_hr: Any = None) -> tuple:
    """One LSTM step: the gates from one product, then the cell update c' and the hidden update h'.

    Args:
        x: input of this step (B, input_size).
        state: (h, c), the previous hidden state (B, P) and cell state (B, H).
        w_ih, w_hh: weights (4H, input_size) and (4H, P), gate rows in the order i, f, g, o.
        b_ih, b_hh: biases (4H,), or None.
        w_hr: projection (P, H) of an LSTM with ``proj_size``, or None (then P = H).

    Example:
        >>> from glassnet.ops.reference.recurrent import lstm_cell
        >>> h, c = lstm_cell(glassnet.ones(2, 3), (glassnet.zeros(2, 4), glassnet.zeros(2, 4)),
        ...                  glassnet.ones(16, 3), glassnet.ones(16, 4))
        >>> h.shape, c.shape
        (glassnet.Size([2, 4]), glassnet.Size([2, 4]))
    """
    h, c = state
    i, f, g, o = (_linear(x, w_ih, b_ih) + _linear(h, w_hh, b_hh)).chunk(4, dim=1)  # all gates, one product
    c = f.sigmoid() * c + i.sigmoid() * g.tanh()  # c_t = f * c_{t-1} + i * g
    h = o.sigmoid() * c.tanh()  # h_t = o * tanh(c_t)
    return (h if w_hr is None else h @ w_hr.T), c  # proj_size: h_t = (o * tanh(c_t)) W_hr^T


def gru_cell(x: Any, h: Any, w_ih: Any, w_hh: Any, b_ih: Any = None, b_hh: Any = None) -> Any:
    """One GRU step: reset gate r, update gate z, candidate n, then h' = (1 - z) * n + z * h.

    Args:
        x: input of this step (B, input_size).
        h: previous hidden state (B, H).
        w_ih, w_hh: weights (3H, input_size) and (3H, H), gate rows in the order r, z, n.
        b_ih, b_hh: biases (3H,), or None.

    Example:
        >>> from glassnet.ops.reference.recurrent import gru_cell
        >>> gru_cell(glassnet.ones(2, 3), glassnet.zeros(2, 4), glassnet.ones(12, 3), glassnet.ones(12, 4)).shape
        glassnet.Size([2, 4])
    """
    r_x, z_x, n_x = _linear(x, w_ih, b_ih).chunk(3, dim=1)
    r_h, z_h, n_h = _linear(h, w_hh, b_hh).chunk(3, dim=1)
    r = (r_x + r_h).sigmoid()
    z = (z_x + z_h).sigmoid()
    n = (n_x + r * n_h).tanh()  # the reset gate scales only the recurrent part of n
    return (1 - z) * n + z * h


# ---- one layer, one direction: a loop over time ------------------------------------------------------
def run_layer(cell: Callable, x: Any, state: Any, reverse: bool = False) -> tuple:
    """Run ``cell`` over the time steps of x (T, B, F), last to first if ``reverse``.

    Args:
        cell: one step, ``cell(x_t, state) -> state``; the state is h, or (h, c) for an LSTM.
        x: the input sequence (T, B, F).
        state: the initial state.
        reverse: run backwards in time (the second direction of a bidirectional layer).

    Returns:
        (output (T, B, P) holding h_t of every step in time order, final state).

    Example:
        >>> from glassnet.ops.reference.recurrent import rnn_cell, run_layer
        >>> w_ih, w_hh = glassnet.ones(4, 3), glassnet.ones(4, 4)
        >>> out, h_n = run_layer(lambda x, h: rnn_cell(x, h, w_ih, w_hh), glassnet.ones(5, 2, 3), glassnet.zeros(2, 4))
        >>> out.shape, h_n.shape
        (glassnet.Size([5, 2, 4]), glassnet.Size([2, 4]))
    """
    T = x.shape[0]
    hs = [None] * T
    for t in reversed(range(T)) if reverse else range(T):
        state = cell(x[t], state)
        hs[t] = state[0] if isinstance(state, tuple) else state
    return stack(hs), state


# ---- the full layer: stacked layers, directions, initial states, packed sequences ----------------------
def _cell(mode: str, weights: Mapping, suffix: str, nonlinearity: str) -> Callable:
    """The step function of one layer-direction, with its weights looked up by PyTorch's names."""
    w_ih, w_hh = weights["weight_ih" + suffix], weights["weight_hh" + suffix]
    b_ih, b_hh = weights.get("bias_ih" + suffix), weights.get("bias_hh" + suffix)
    if mode == "LSTM":
        w_hr = weights.get("weight_hr" + suffix)
        return lambda x, state: lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh, w_hr)
    if mode == "GRU":
        return lambda x, h: gru_cell(x, h, w_ih, w_hh, b_ih, b_hh)
    return lambda x, h: rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh, nonlinearity)


def _stacked(mode: str, x: Any, h0: Any, c0: Any, weights: Mapping, nonlinearity: str) -> tuple:
    """Every layer and direction over x (T, B, F); returns (output (T, B, D*P), h_n, c_n or None)."""
    num_layers = sum(1 for name in weights if name.startswith("weight_ih_l") and not name.endswith("_reverse"))
    directions = 2 if "weight_ih_l0_reverse" in weights else 1
    h_n, c_n = [], []
    for layer in range(num_layers):
        outs = []
        for d in range(directions):
            k = layer * directions + d  # row of h0 / h_n for this layer-direction, as PyTorch
            suffix = f"_l{layer}" + ("_reverse" if d else "")
            state = (h0[k], c0[k]) if mode == "LSTM" else h0[k]
            out, state = run_layer(_cell(mode, weights, suffix, nonlinearity), x, state, reverse=bool(d))
            outs.append(out)
            h_n.append(state[0] if mode == "LSTM" else state)
            if mode == "LSTM":
                c_n.append(state[1])
        x = cat(outs, dim=2)  # the next layer reads both directions' outputs side by side
    return x, stack(h_n), (stack(c_n) if mode == "LSTM" else None)


def _packed(mode: str, packed: Any, h0: Any, c0: Any, weights: Mapping, nonlinearity: str) -> tuple:
    """A PackedSequence: each sequence runs alone, as a batch of one, for its own length."""
    batch_sizes = [int(b) for b in packed.batch_sizes.tolist()]
    starts = [sum(batch_sizes[:t]) for t in range(len(batch_sizes))]  # first packed row of each step
    B = batch_sizes[0]
    order = list(range(B)) if packed.sorted_indices is None else packed.sorted_indices.tolist()
    outs, h_n, c_n = [], [None] * B, [None] * B
    for b in range(B):  # b: position in the packed (longest first) order; order[b]: the caller's index
        length = sum(1 for bs in batch_sizes if bs > b)
        x = stack([packed.data[starts[t] + b] for t in range(length)]).unsqueeze(1)  # (length, 1, F)
        j = order[b]
        out, h, c = _stacked(mode, x, h0[:, j: j + 1], None if c0 is None else c0[:, j: j + 1], weights,
                             nonlinearity)
        outs.append(out)
        h_n[j], c_n[j] = h, c
    data = stack([outs[b][t, 0] for t in range(len(batch_sizes)) for b in range(batch_sizes[t])])
    return packed._replace(data=data), cat(h_n, dim=1), (cat(c_n, dim=1) if mode == "LSTM" else None)


def _recurrent(mode: str, input: Any, weights: Mapping, hx: Any, batch_first: bool,  # noqa: A002
               nonlinearity: str = "tanh") -> tuple:
    packed = hasattr(input, "batch_sizes")
    data = input.data if packed else input
    layers = sum(1 for name in weights if name.startswith("weight_ih_l"))  # layers * directions
    P = weights["weight_hh_l0"].shape[1]  # hidden size, or proj_size
    batched = packed or input.ndim == 3
    if not packed:
        x = input.unsqueeze(1) if not batched else (input.transpose(0, 1) if batch_first else input)
    B = int(input.batch_sizes[0]) if packed else x.shape[1]
    if hx is None:
        h0 = data.new_zeros((layers, B, P))
        c0 = data.new_zeros((layers, B, weights["weight_ih_l0"].shape[0] // 4)) if mode == "LSTM" else None
    else:
        h0, c0 = hx if mode == "LSTM" else (hx, None)
        if not batched:
            h0, c0 = h0.unsqueeze(1), (None if c0 is None else c0.unsqueeze(1))
    if packed:
        out, h_n, c_n = _packed(mode, input, h0, c0, weights, nonlinearity)
    else:
        out, h_n, c_n = _stacked(mode, x, h0, c0, weights, nonlinearity)
        if not batched:
            out, h_n, c_n = out.squeeze(1), h_n.squeeze(1), (None if c_n is None else c_n.squeeze(1))
        elif batch_first:
            out = out.transpose(0, 1)
    return (out, (h_n, c_n)) if mode == "LSTM" else (out, h_n)


def rnn(input: Any, weights: Mapping, hx: Any = None, batch_first: bool = False,  # noqa: A002
        nonlinearity: str = "tanh") -> tuple:
    """What ``nn.RNN`` computes, written as its equations (the readable reference of ``RNNLayer``).

    The number of layers and directions is read from the weight names.

    Args:
        input: (T, B, input_size), (B, T, input_size) with ``batch_first``, (T, input_size), or a
            PackedSequence.
        weights: PyTorch-named weights, e.g. ``dict(nn.RNN(...).named_parameters())``.
        hx: initial hidden state (layers * directions, B, H), or None for zeros.
        batch_first: the input (and output) put the batch first.
        nonlinearity: ``"tanh"`` or ``"relu"``.

    Returns:
        (output, h_n), as ``nn.RNN``.

    Example:
        >>> from glassnet.ops.reference.recurrent import rnn
        >>> layer = nn.RNN(3, 4, num_layers=2).double()
        >>> x = glassnet.randn(5, 2, 3, dtype=glassnet.float64)
        >>> out, h_n = rnn(x, dict(layer.named_parameters()))
        >>> bool(glassnet.allclose(out, layer(x)[0]))
        True
    """
    return _recurrent("RNN", input, weights, hx, batch_first, nonlinearity)


def lstm(input: Any, weights: Mapping, hx: Any = None, batch_first: bool = False) -> tuple:  # noqa: A002
    """What ``nn.LSTM`` computes, written as its equations (the readable reference of ``LSTMLayer``).

    The number of layers, directions and the projection are read from the weight names.

    Args:
        input: (T, B, input_size), (B, T, input_size) with ``batch_first``, (T, input_size), or a
            PackedSequence.
        weights: PyTorch-named weights, e.g. ``dict(nn.LSTM(...).named_parameters())``.
        hx: (h_0, c_0), each (layers * directions, B, *), or None for zeros.
        batch_first: the input (and output) put the batch first.

    Returns:
        (output, (h_n, c_n)), as ``nn.LSTM``.

    Example:
        >>> from glassnet.ops.reference.recurrent import lstm
        >>> layer = nn.LSTM(3, 4, bidirectional=True, proj_size=2).double()
        >>> x = glassnet.randn(5, 2, 3, dtype=glassnet.float64)
        >>> out, (h_n, c_n) = lstm(x, dict(layer.named_parameters()))
        >>> bool(glassnet.allclose(out, layer(x)[0])), tuple(h_n.shape), tuple(c_n.shape)
        (True, (2, 2, 2), (2, 2, 4))
    """
    return _recurrent("LSTM", input, weights, hx, batch_first)


def gru(input: Any, weights: Mapping, hx: Any = None, batch_first: bool = False) -> tuple:  # noqa: A002
    """What ``nn.GRU`` computes, written as its equations (the readable reference of ``GRULayer``).

    The number of layers and directions is read from the weight names.

    Args:
        input: (T, B, input_size), (B, T, input_size) with ``batch_first``, (T, input_size), or a
            PackedSequence.
        weights: PyTorch-named weights, e.g. ``dict(nn.GRU(...).named_parameters())``.
        hx: initial hidden state (layers * directions, B, H), or None for zeros.
        batch_first: the input (and output) put the batch first.

    Returns:
        (output, h_n), as ``nn.GRU``.

    Example:
        >>> from glassnet.ops.reference.recurrent import gru
        >>> layer = nn.GRU(3, 4).double()
        >>> x = glassnet.randn(5, 2, 3, dtype=glassnet.float64)
        >>> out, h_n = gru(x, dict(layer.named_parameters()))
        >>> bool(glassnet.allclose(h_n, layer(x)[1]))
        True
    """
    return _recurrent("GRU", input, weights, hx, batch_first)
