"""LSTM, GRU and RNN layers written whole: one ONNX LSTM/GRU/RNN node per layer (both directions in one);
their cells (LSTMCell ...) as the same node over a sequence of length one.

glassnet (like PyTorch) stacks the gates of ``weight_ih`` as (i, f, g, o) for LSTM and (r, z, n) for GRU;
ONNX wants (i, o, f, c) and (z, r, h), and one bias vector [W biases, R biases] per direction. GRU's
``linear_before_reset=1`` is PyTorch's formula (the reset gate multiplies (W_hn h + b_hn)).
"""

from __future__ import annotations

from typing import Any

import numpy

from ..nn.recurrent import RNNBase, RNNCellBase
from ..tensor import Tensor
from .graph import OnnxExportError

_GATE_ORDER = {"LSTM": [0, 3, 1, 2], "GRU": [1, 0, 2]}


def _reorder(w: numpy.ndarray, mode: str) -> numpy.ndarray:
    order = _GATE_ORDER.get(mode)
    if order is None:
        return w
    chunks = numpy.split(w, len(order), axis=0)
    return numpy.concatenate([chunks[i] for i in order], axis=0)


def _layer_consts(g: Any, m: Any, layer: int, prefix: str) -> tuple[str, str, str]:
    """W, R, B initializers of one layer (all its directions), gates in ONNX's order."""
    D = 2 if getattr(m, "bidirectional", False) else 1
    Ws, Rs, Bs = [], [], []
    for d in range(D):
        w_ih, w_hh, b_ih, b_hh = m._layer_weights(layer, d)[:4] if hasattr(m, "_layer_weights") else m._weights()
        Ws.append(_reorder(w_ih._data, m.mode))
        Rs.append(_reorder(w_hh._data, m.mode))
        gh = w_ih.shape[0]
        bi = _reorder(b_ih._data, m.mode) if b_ih is not None else numpy.zeros(gh, w_ih._data.dtype)
        bh = _reorder(b_hh._data, m.mode) if b_hh is not None else numpy.zeros(gh, w_ih._data.dtype)
        Bs.append(numpy.concatenate([bi, bh]))
    tag = f"{prefix}.l{layer}" if prefix else f"l{layer}"
    return (g.const(numpy.stack(Ws), f"{tag}.W"), g.const(numpy.stack(Rs), f"{tag}.R"),
            g.const(numpy.stack(Bs), f"{tag}.B"))


def _node_attrs(m: Any, D: int) -> tuple[str, dict]:
    op = {"LSTM": "LSTM", "GRU": "GRU"}.get(m.mode, "RNN")
    attrs: dict = {"hidden_size": m.hidden_size, "direction": "bidirectional" if D == 2 else "forward"}
    if m.mode == "GRU":
        attrs["linear_before_reset"] = 1
    if op == "RNN":
        attrs["activations"] = ["Relu" if m.mode == "RNN_RELU" else "Tanh"] * D
    return op, attrs


def cell_rule(g: Any, call: Any) -> None:
    """One step of an LSTMCell/GRUCell/RNNCell: the ONNX recurrent node over a sequence of length 1."""
    m = call.module
    x = call.args[0]
    hx = call.args[1] if len(call.args) > 1 else None
    twin = call.twin.args if call.twin is not None else ()
    lstm = m.mode == "LSTM"
    lead = [0] if x.ndim == 2 else [0, 1]  # (N, in) -> (1, N, in); unbatched (in) -> (1, 1, in)
    ins = [g.unsqueeze(g.value(x, twin[0] if twin else None), lead), *_layer_consts(g, m, 0, call.name), ""]
    if hx is not None:
        parts = list(hx) if isinstance(hx, (tuple, list)) else [hx]
        twins = (list(twin[1]) if isinstance(twin[1], (tuple, list)) else [twin[1]]) if len(twin) > 1 \
            else [None] * len(parts)
        ins += [g.unsqueeze(g.value(p, t), lead) for p, t in zip(parts, twins)]
    op, attrs = _node_attrs(m, 1)
    outs = g.node(op, ins, n_out=3 if lstm else 2, **attrs)
    h = g.squeeze(outs[1], lead)
    if lstm:
        g.bind(call.out[0], h)
        g.bind(call.out[1], g.squeeze(outs[2], lead))
    else:
        g.bind(call.out, h)


def recurrent_rule(g: Any, call: Any) -> None:
    """Write one LSTM/GRU/RNN call and bind its outputs (output, h_n[, c_n])."""
    m = call.module
    if m.proj_size:
        raise OnnxExportError(f"glassnet.onnx.export: {call.describe()}: LSTM with proj_size has no ONNX mapping")
    x = call.args[0] if call.args else None
    if not isinstance(x, Tensor):
        raise OnnxExportError(f"glassnet.onnx.export: {call.describe()}: only a Tensor input exports "
                              f"(got {type(x).__name__}; a PackedSequence has no ONNX mapping)")
    hx = call.args[1] if len(call.args) > 1 else None
    twin = call.twin.args if call.twin is not None else ()
    lstm = m.mode == "LSTM"
    D, H, L = (2 if m.bidirectional else 1), m.hidden_size, m.num_layers
    batched = x.ndim == 3
    h = g.value(x, twin[0] if twin else None)
    if not batched:
        h = g.unsqueeze(h, [1])
    elif m.batch_first:
        h = g.node("Transpose", [h], perm=[1, 0, 2])
    states = []
    if hx is not None:
        parts = list(hx) if lstm else [hx]
        twins = (list(twin[1]) if lstm else [twin[1]]) if len(twin) > 1 else [None] * len(parts)
        for p, t in zip(parts, twins):
            s = g.value(p, t)
            states.append(g.unsqueeze(s, [1]) if not batched else s)
    op, attrs = _node_attrs(m, D)
    h_ns, c_ns = [], []
    for layer in range(L):
        W, R, B = _layer_consts(g, m, layer, call.name)
        ins = [h, W, R, B, ""]
        for s in states:  # this layer's slice of h_0 (and c_0)
            ins.append(g.node("Slice", [s, g.ints([layer * D]), g.ints([(layer + 1) * D]), g.ints([0])]))
        outs = g.node(op, ins, n_out=3 if lstm else 2, **attrs)
        y = g.node("Transpose", [outs[0]], perm=[0, 2, 1, 3])  # (T, D, B, H) -> (T, B, D, H)
        h = g.node("Reshape", [y, g.ints([0, 0, D * H])])
        h_ns.append(outs[1])
        if lstm:
            c_ns.append(outs[2])
    h_n = h_ns[0] if L == 1 else g.node("Concat", h_ns, axis=0)
    c_n = (c_ns[0] if L == 1 else g.node("Concat", c_ns, axis=0)) if lstm else None
    if not batched:
        h, h_n = g.squeeze(h, [1]), g.squeeze(h_n, [1])
        c_n = g.squeeze(c_n, [1]) if lstm else None
    elif m.batch_first:
        h = g.node("Transpose", [h], perm=[1, 0, 2])
    output, state = call.out
    g.bind(output, h)
    if lstm:
        g.bind(state[0], h_n)
        g.bind(state[1], c_n)
    else:
        g.bind(state, h_n)


MODULE_RULES = {RNNBase: recurrent_rule, RNNCellBase: cell_rule}
