"""The fast ops against their readable references (glassnet/ops/reference/), in float64.

Each fast op (the fused recurrent layers, the im2col convolution, the fused cross-entropy) must give the
same values and the same gradients (every input and weight) as the obvious version written in ordinary
tensor ops, so parity does not rest on PyTorch alone.
"""

import numpy as np
import pytest

import glassnet as gn
from glassnet import nn
from glassnet.nn import functional as F
from glassnet.nn.utils.rnn import pack_padded_sequence
from glassnet.ops.reference import conv as conv_ref
from glassnet.ops.reference import loss as loss_ref
from glassnet.ops.reference import recurrent as rec_ref

T, B, F_IN, H = 5, 3, 4, 6
ATOL = 1e-10


def _leaf(a):
    return gn.tensor(np.array(a, dtype=np.float64), requires_grad=True)


def _assert_close(got, want, what):
    np.testing.assert_allclose(got._data, want._data, rtol=1e-9, atol=ATOL, err_msg=what)


def _flatten(result):
    """(output, h_n) or (output, (h_n, c_n)) as a flat list of tensors (a packed output gives its data)."""
    out, state = result
    out = out.data if hasattr(out, "batch_sizes") else out
    return [out] + (list(state) if isinstance(state, tuple) else [state])


def _backward(results, seed=1):
    """Backpropagate one fixed random cotangent per result, the same for both paths."""
    rng = np.random.default_rng(seed)
    total = sum((r * gn.tensor(rng.standard_normal(r.shape))).sum() for r in results)
    total.backward()


# ---- recurrent layers --------------------------------------------------------------------------------
LAYERS = [
    ("RNN", "rnn", {"nonlinearity": "tanh"}),
    ("RNN", "rnn", {"nonlinearity": "relu"}),
    ("LSTM", "lstm", {}),
    ("LSTM", "lstm", {"proj_size": 2}),
    ("GRU", "gru", {}),
]
STACKS = [
    {"num_layers": 1},
    {"num_layers": 2, "bidirectional": True},
    {"num_layers": 2, "bias": False},
]


def _layer(kind, **kw):
    gn.manual_seed(0)
    return getattr(nn, kind)(F_IN, H, **kw).double()


def _initial_state(kind, layer, rng):
    """Random (h0, c0) leaves for both paths (two copies of the same values)."""
    D = 2 if layer.bidirectional else 1
    shapes = [(layer.num_layers * D, B, layer.proj_size or H)]
    if kind == "LSTM":
        shapes.append((layer.num_layers * D, B, H))
    vals = [rng.standard_normal(s) for s in shapes]
    fast, ref = [_leaf(v) for v in vals], [_leaf(v) for v in vals]
    if kind == "LSTM":
        return tuple(fast), tuple(ref)
    return fast[0], ref[0]


def _compare_layer(kind, fn_name, kw, stack_kw, input_kind):
    rng = np.random.default_rng(0)
    batch_first = input_kind == "batch_first"
    layer = _layer(kind, batch_first=batch_first, **kw, **stack_kw)
    ref_weights = {n: _leaf(p._data) for n, p in layer.named_parameters()}
    shape = (B, T, F_IN) if batch_first else (T, B, F_IN)
    xs = rng.standard_normal(shape)
    x_fast, x_ref = _leaf(xs), _leaf(xs)
    hx_fast = hx_ref = None
    if input_kind in ("state", "packed"):
        hx_fast, hx_ref = _initial_state(kind, layer, rng)
    in_fast, in_ref = x_fast, x_ref
    if input_kind == "packed":  # unsorted lengths, so the sort permutation is exercised too
        lengths = [3, T, 1]
        in_fast = pack_padded_sequence(x_fast, lengths, enforce_sorted=False)
        in_ref = pack_padded_sequence(x_ref, lengths, enforce_sorted=False)
    extra = {"nonlinearity": kw["nonlinearity"]} if kind == "RNN" else {}
    fast = _flatten(layer(in_fast, hx_fast))
    ref = _flatten(getattr(rec_ref, fn_name)(in_ref, ref_weights, hx_ref, batch_first=batch_first, **extra))
    for name, f, r in zip(("output", "h_n", "c_n"), fast, ref):
        _assert_close(f, r, name)
    _backward(fast)
    _backward(ref)
    _assert_close(x_fast.grad, x_ref.grad, "input gradient")
    if hx_fast is not None:
        for f, r in zip(*(s if isinstance(s, tuple) else (s,) for s in (hx_fast, hx_ref))):
            _assert_close(f.grad, r.grad, "initial state gradient")
    for name, p in layer.named_parameters():
        _assert_close(p.grad, ref_weights[name].grad, name)


@pytest.mark.parametrize("kind,fn_name,kw", LAYERS, ids=lambda v: str(v) if not isinstance(v, dict) else "")
@pytest.mark.parametrize("stack_kw", STACKS, ids=["1layer", "2layers-bidir", "2layers-nobias"])
@pytest.mark.parametrize("input_kind", ["plain", "state", "packed"])
def test_recurrent_layer_matches_reference(kind, fn_name, kw, stack_kw, input_kind):
    _compare_layer(kind, fn_name, kw, stack_kw, input_kind)


@pytest.mark.parametrize("kind,fn_name,kw", LAYERS, ids=lambda v: str(v) if not isinstance(v, dict) else "")
def test_recurrent_layer_batch_first_bidirectional(kind, fn_name, kw):
    _compare_layer(kind, fn_name, kw, {"num_layers": 2, "bidirectional": True}, "batch_first")


@pytest.mark.parametrize("kind,fn_name", [("RNN", "rnn"), ("LSTM", "lstm"), ("GRU", "gru")])
def test_recurrent_layer_unbatched(kind, fn_name):
    layer = _layer(kind, num_layers=2)
    x = gn.tensor(np.random.default_rng(0).standard_normal((T, F_IN)))
    fast = _flatten(layer(x))
    ref = _flatten(getattr(rec_ref, fn_name)(x, dict(layer.named_parameters())))
    for f, r in zip(fast, ref):
        assert tuple(f.shape) == tuple(r.shape)
        _assert_close(f, r, kind)


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cells_match_reference(kind):
    rng = np.random.default_rng(0)
    gn.manual_seed(0)
    cell = getattr(nn, kind)(F_IN, H).double()
    ws = [_leaf(getattr(cell, n)._data) for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    xs, hs, cs = rng.standard_normal((B, F_IN)), rng.standard_normal((B, H)), rng.standard_normal((B, H))
    x_f, x_r, h_f, h_r, c_f, c_r = (_leaf(v) for v in (xs, xs, hs, hs, cs, cs))
    if kind == "LSTMCell":
        fast, ref = list(cell(x_f, (h_f, c_f))), list(rec_ref.lstm_cell(x_r, (h_r, c_r), *ws))
    elif kind == "GRUCell":
        fast, ref = [cell(x_f, h_f)], [rec_ref.gru_cell(x_r, h_r, *ws)]
    else:
        fast, ref = [cell(x_f, h_f)], [rec_ref.rnn_cell(x_r, h_r, *ws)]
    for f, r in zip(fast, ref):
        _assert_close(f, r, kind)
    _backward(fast)
    _backward(ref)
    pairs = [(x_f, x_r), (h_f, h_r)] + ([(c_f, c_r)] if kind == "LSTMCell" else [])
    pairs += [(getattr(cell, n), w) for n, w in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), ws)]
    for f, r in pairs:
        _assert_close(f.grad, r.grad, kind)


# ---- convolution --------------------------------------------------------------------------------------
@pytest.mark.parametrize("stride,padding,dilation,groups,bias", [
    (1, 0, 1, 1, True),
    (2, 1, 1, 1, False),
    ((1, 2), (2, 0), (2, 1), 1, True),
    (1, 1, 1, 2, True),
    (2, (1, 2), 2, 4, True),  # depthwise, everything at once
])
def test_conv2d_matches_direct_reference(stride, padding, dilation, groups, bias):
    rng = np.random.default_rng(0)
    xs, ws = rng.standard_normal((2, 4, 9, 8)), rng.standard_normal((8, 4 // groups, 3, 2))
    bs = rng.standard_normal(8)
    x_f, x_r, w_f, w_r, b_f, b_r = (_leaf(v) for v in (xs, xs, ws, ws, bs, bs))
    args = (stride, padding, dilation, groups)
    fast = F.conv2d(x_f, w_f, b_f if bias else None, *args)
    ref = conv_ref.conv2d(x_r, w_r, b_r if bias else None, *args)
    _assert_close(fast, ref, "conv2d output")
    _backward([fast])
    _backward([ref])
    for name, f, r in [("input", x_f, x_r), ("weight", w_f, w_r)] + ([("bias", b_f, b_r)] if bias else []):
        _assert_close(f.grad, r.grad, f"conv2d {name} gradient")


# ---- cross-entropy ------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(6, 5), (4, 5, 3)], ids=["NC", "NCd"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.2])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_matches_reference(shape, weighted, label_smoothing, reduction):
    rng = np.random.default_rng(0)
    xs = rng.standard_normal(shape) * 3
    target = rng.integers(0, shape[1], size=(shape[0],) + shape[2:])
    target.reshape(-1)[::4] = -1  # some elements ignored
    t = gn.tensor(target)
    w = gn.tensor(rng.uniform(0.5, 2.0, shape[1])) if weighted else None
    x_f, x_r = _leaf(xs), _leaf(xs)
    kw = {"weight": w, "ignore_index": -1, "reduction": reduction, "label_smoothing": label_smoothing}
    fast, ref = F.cross_entropy(x_f, t, **kw), loss_ref.cross_entropy(x_r, t, **kw)
    _assert_close(fast, ref, "cross_entropy")
    _backward([fast])
    _backward([ref])
    _assert_close(x_f.grad, x_r.grad, "cross_entropy input gradient")


@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
@pytest.mark.parametrize("weighted", [False, True])
def test_cross_entropy_probability_targets_match_reference(label_smoothing, weighted):
    rng = np.random.default_rng(1)
    xs = rng.standard_normal((5, 4))
    q = gn.tensor(rng.dirichlet(np.ones(4), size=5))
    w = gn.tensor(rng.uniform(0.5, 2.0, 4)) if weighted else None
    x_f, x_r = _leaf(xs), _leaf(xs)
    fast = F.cross_entropy(x_f, q, weight=w, label_smoothing=label_smoothing)
    ref = loss_ref.cross_entropy(x_r, q, weight=w, label_smoothing=label_smoothing)
    _assert_close(fast, ref, "cross_entropy")
    fast.backward()
    ref.backward()
    _assert_close(x_f.grad, x_r.grad, "cross_entropy input gradient")
