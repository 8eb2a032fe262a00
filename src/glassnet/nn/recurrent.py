"""Recurrent layers: RNN, LSTM, GRU (multi-layer, bidirectional, packed sequences) and their cells.

Parameter names, shapes, gate order (LSTM i,f,g,o; GRU r,z,n) and initialisation U(-1/sqrt(H), 1/sqrt(H))
follow PyTorch, so a PyTorch state_dict loads. The maths of one layer and direction over the whole
sequence, with its backpropagation through time, is one op (``glassnet/ops/lstm.py``, ``glassnet/ops/rnn_gru.py``);
the readable version of the same maths is ``glassnet/ops/reference/recurrent.py``.
"""

from __future__ import annotations

import math
from typing import Any

from .. import creation
from ..backend import array_module, generator
from ..functions import cat, stack
from ..ops.lstm import LSTMLayer
from ..ops.rnn_gru import GRULayer, RNNLayer
from ..ops.rnn_steps import TakePart
from ..tensor import Tensor
from . import init
from .module import Module
from .parameter import Parameter
from .utils.rnn import PackedSequence, _ints

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}
_NAMES = {"RNN_TANH": "RNN", "RNN_RELU": "RNN", "LSTM": "LSTM", "GRU": "GRU"}


def _run_layer(mode: str, x: Any, h0: Any, c0: Any, weights: list, batch_sizes: tuple, reverse: bool,
               P: int, H: int) -> tuple:
    """One layer-direction over packed rows x (N, F): returns (output (N, P), h_n (B, P), c_n or None)."""
    N, B = x.shape[0], batch_sizes[0]
    w_ih, w_hh, b_ih, b_hh = weights[:4]
    if mode == "LSTM":
        w_hr = weights[4] if len(weights) > 4 else None
        buf = LSTMLayer.apply(x, h0, c0, w_ih, w_hh, b_ih, b_hh, w_hr, batch_sizes=batch_sizes,
                              reverse=reverse)
    elif mode == "GRU":
        buf = GRULayer.apply(x, h0, w_ih, w_hh, b_ih, b_hh, batch_sizes=batch_sizes, reverse=reverse)
    else:
        buf = RNNLayer.apply(x, h0, w_ih, w_hh, b_ih, b_hh, batch_sizes=batch_sizes, reverse=reverse,
                             nonlinearity="tanh" if mode == "RNN_TANH" else "relu")
    out = TakePart.apply(buf, 0, (N, P))
    h_n = TakePart.apply(buf, N * P, (B, P))
    c_n = TakePart.apply(buf, N * P + B * P, (B, H)) if mode == "LSTM" else None
    return out, h_n, c_n


def _dropout(x: Tensor, p: float) -> Tensor:
    """Inverted dropout between stacked layers (scale kept units by 1/(1-p))."""
    if p >= 1:
        return x * 0
    xp = array_module(x._data)
    keep = generator().random(x.shape) >= p
    return x * Tensor(xp.asarray(keep, dtype=x._data.dtype) / (1 - p))


class RNNBase(Module):
    """Shared machinery of RNN, LSTM and GRU: parameters per layer and direction, input handling."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 proj_size: int = 0, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        name = _NAMES[mode]
        if not isinstance(hidden_size, int) or hidden_size <= 0:
            raise ValueError(f"{name}: hidden_size must be a positive integer, got {hidden_size!r}")
        if not isinstance(num_layers, int) or num_layers <= 0:
            raise ValueError(f"{name}: num_layers must be a positive integer, got {num_layers!r}")
        if not 0 <= float(dropout) <= 1 or isinstance(dropout, bool):
            raise ValueError(f"{name}: dropout should be a number in range [0, 1], got {dropout!r}")
        if proj_size < 0 or (proj_size and mode != "LSTM"):
            raise ValueError(f"{name}: proj_size must be 0 (or, for LSTM only, positive), got {proj_size}")
        if proj_size >= hidden_size and proj_size:
            raise ValueError(
                f"{name}: proj_size ({proj_size}) has to be smaller than hidden_size ({hidden_size})"
            )
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional, self.proj_size = float(dropout), bidirectional, proj_size
        gate_size = _GATES[mode] * hidden_size
        real_hidden = proj_size or hidden_size
        D = 2 if bidirectional else 1
        self._flat_weights_names = []
        for layer in range(num_layers):
            for direction in range(D):
                in_size = input_size if layer == 0 else real_hidden * D
                sfx = f"_l{layer}" + ("_reverse" if direction else "")
                shapes = [("weight_ih", (gate_size, in_size)), ("weight_hh", (gate_size, real_hidden))]
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                for pname, shape in shapes:
                    setattr(self, pname + sfx, Parameter(creation.empty(*shape, dtype=dtype)))
                    self._flat_weights_names.append(pname + sfx)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Every weight and bias ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as PyTorch."""
        stdv = 1.0 / math.sqrt(self.hidden_size)
        for w in self.parameters():
            init.uniform_(w, -stdv, stdv)

    def flatten_parameters(self) -> None:
        """Do nothing: PyTorch packs the weights into one cuDNN buffer here; the NumPy kernels need no packing."""

    @property
    def all_weights(self) -> list:
        """Per layer-direction list of [w_ih, w_hh, b_ih, b_hh, (w_hr)], as PyTorch."""
        D = 2 if self.bidirectional else 1
        per = len(self._flat_weights_names) // (self.num_layers * D)
        ws = [getattr(self, n) for n in self._flat_weights_names]
        return [ws[i: i + per] for i in range(0, len(ws), per)]

    def _layer_weights(self, layer: int, direction: int) -> list:
        sfx = f"_l{layer}" + ("_reverse" if direction else "")
        ws = [getattr(self, "weight_ih" + sfx), getattr(self, "weight_hh" + sfx)]
        ws += [getattr(self, "bias_ih" + sfx), getattr(self, "bias_hh" + sfx)] if self.bias else [None, None]
        if self.proj_size:
            ws.append(getattr(self, "weight_hr" + sfx))
        return ws

    def _check_state(self, h: Any, shape: tuple, what: str) -> None:
        if tuple(h.shape) != shape:
            raise RuntimeError(
                f"{_NAMES[self.mode]}: expected {what} of shape {shape}, got {tuple(h.shape)}"
            )

    def forward(self, input: Any, hx: Any = None) -> tuple:  # noqa: A002 - PyTorch argument name
        """Run the stack; returns (output, h_n), or (output, (h_n, c_n)) for LSTM."""
        name, lstm = _NAMES[self.mode], self.mode == "LSTM"
        H, P = self.hidden_size, self.proj_size or self.hidden_size
        D = 2 if self.bidirectional else 1
        L = self.num_layers
        packed = isinstance(input, PackedSequence)
        batched = True
        if packed:
            x = input.data
            batch_sizes = tuple(int(b) for b in _ints(input.batch_sizes))
            sorted_idx, unsorted_idx = input.sorted_indices, input.unsorted_indices
            B = batch_sizes[0]
        else:
            if not isinstance(input, Tensor):
                raise TypeError(
                    f"{name}: input must be a Tensor or PackedSequence, got {type(input).__name__}"
                )
            if input.ndim not in (2, 3):
                raise ValueError(
                    f"{name}: Expected input to be 2D or 3D, got {input.ndim}D input of shape "
                    f"{tuple(input.shape)}"
                )
            batched = input.ndim == 3
            x = input.unsqueeze(1) if not batched else (input.transpose(0, 1) if self.batch_first else input)
            T, B = x.shape[0], x.shape[1]
            x = x.reshape(T * B, x.shape[2])
            batch_sizes = (B,) * T
            sorted_idx = unsorted_idx = None
        if x.shape[-1] != self.input_size:
            raise RuntimeError(
                f"{name}: input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                f"got {x.shape[-1]} (input shape {tuple(input.data.shape if packed else input.shape)})"
            )
        h0, c0 = self._initial_states(hx, lstm, batched, sorted_idx, (L * D, B), x, H, P)
        h_ns, c_ns = [], []
        for layer in range(L):
            outs = []
            for direction in range(D):
                k = layer * D + direction
                y, h_n, c_n = _run_layer(self.mode, x, h0[k], None if c0 is None else c0[k],
                                         self._layer_weights(layer, direction), batch_sizes,
                                         bool(direction), P, H)
                outs.append(y)
                h_ns.append(h_n)
                c_ns.append(c_n)
            x = outs[0] if D == 1 else cat(outs, dim=1)
            if self.dropout and self.training and layer < L - 1:
                x = _dropout(x, self.dropout)
        h_n = stack(h_ns, 0)
        c_n = stack(c_ns, 0) if lstm else None
        if packed:
            if unsorted_idx is not None:
                h_n = h_n.index_select(1, unsorted_idx)
                c_n = c_n.index_select(1, unsorted_idx) if lstm else None
            output = PackedSequence(x, input.batch_sizes, sorted_idx, unsorted_idx)
        else:
            output = x.reshape(len(batch_sizes), B, D * P)
            if not batched:
                output, h_n = output.squeeze(1), h_n.squeeze(1)
                c_n = c_n.squeeze(1) if lstm else None
            elif self.batch_first:
                output = output.transpose(0, 1)
        return (output, (h_n, c_n)) if lstm else (output, h_n)

    def _initial_states(self, hx: Any, lstm: bool, batched: bool, sorted_idx: Any, lead: tuple, x: Tensor,
                        H: int, P: int) -> tuple:
        """h0 (and c0) as (L*D, B, *) tensors or zero arrays, checked and put in packed (sorted) order."""
        name = _NAMES[self.mode]
        if hx is None:
            xp = array_module(x._data)
            h0 = xp.zeros(lead + (P,), dtype=x._data.dtype)
            return h0, (xp.zeros(lead + (H,), dtype=x._data.dtype) if lstm else None)
        if lstm:
            if not isinstance(hx, (tuple, list)) or len(hx) != 2:
                raise TypeError("LSTM: hx must be a tuple (h_0, c_0)")
            h0, c0 = hx
        else:
            if isinstance(hx, (tuple, list)):
                raise TypeError(f"{name}: hx must be a Tensor, got {type(hx).__name__}")
            h0, c0 = hx, None
        if not batched:
            if h0.ndim != 2:
                raise RuntimeError(f"{name}: for unbatched 2-D input, hx should also be 2-D but got "
                                   f"{h0.ndim}-D tensor")
            h0 = h0.unsqueeze(1)
            c0 = c0.unsqueeze(1) if c0 is not None else None
        self._check_state(h0, lead + (P,), "hidden state h_0")
        if c0 is not None:
            self._check_state(c0, lead + (H,), "cell state c_0")
        if sorted_idx is not None:
            h0 = h0.index_select(1, sorted_idx)
            c0 = c0.index_select(1, sorted_idx) if c0 is not None else None
        return h0, c0

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if not self.bias:
            s += ", bias=False"
        if self.batch_first:
            s += ", batch_first=True"
        if self.dropout:
            s += f", dropout={self.dropout}"
        if self.bidirectional:
            s += ", bidirectional=True"
        return s


class RNN(RNNBase):
    """Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu)."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, nonlinearity: str = "tanh",
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, device: Any = None, dtype: Any = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: unknown nonlinearity '{nonlinearity}' (use 'tanh' or 'relu')")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size,
                         num_layers, bias, batch_first, dropout, bidirectional, device=device, dtype=dtype)

    def extra_repr(self) -> str:
        s = super().extra_repr()
        return s + (", nonlinearity='relu'" if self.nonlinearity == "relu" else "")


class LSTM(RNNBase):
    """Long short-term memory; returns (output, (h_n, c_n)). ``proj_size`` adds h_t = h_t W_hr^T."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 proj_size: int = 0, device: Any = None, dtype: Any = None) -> None:
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, proj_size, device=device, dtype=dtype)


class GRU(RNNBase):
    """Gated recurrent unit (gates r, z, n)."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, device=device, dtype=dtype)


# ---------------------------------------------------------------------------------------------------
# Cells: one time step. They reuse the layer ops with a single step of B rows.
# ---------------------------------------------------------------------------------------------------
class RNNCellBase(Module):
    """Parameters weight_ih, weight_hh, bias_ih, bias_hh of a one-step cell."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        self.mode, self.input_size, self.hidden_size, self.bias = mode, input_size, hidden_size, bias
        g = _GATES[mode] * hidden_size
        self.weight_ih = Parameter(creation.empty(g, input_size, dtype=dtype))
        self.weight_hh = Parameter(creation.empty(g, hidden_size, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(creation.empty(g, dtype=dtype))
            self.bias_hh = Parameter(creation.empty(g, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Every weight and bias ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as PyTorch."""
        stdv = 1.0 / math.sqrt(self.hidden_size)
        for w in self.parameters():
            init.uniform_(w, -stdv, stdv)

    def _prepare(self, input: Tensor, hx: Any) -> tuple:  # noqa: A002
        name = type(self).__name__
        if input.ndim not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.ndim}D instead")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"{name}: input has inconsistent input_size: got {input.shape[-1]}, "
                               f"expected {self.input_size}")
        batched = input.ndim == 2
        x = input if batched else input.unsqueeze(0)
        B = x.shape[0]
        states = [] if hx is None else (list(hx) if isinstance(hx, (tuple, list)) else [hx])
        out = []
        for h in states:
            h = h if batched else h.unsqueeze(0)
            if tuple(h.shape) != (B, self.hidden_size):
                raise RuntimeError(f"{name}: expected hidden state of shape {(B, self.hidden_size)}, "
                                   f"got {tuple(h.shape)}")
            out.append(h)
        return x, out, batched, B

    def _weights(self) -> list:
        return [self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh]

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}" + ("" if self.bias else ", bias=False")


class RNNCell(RNNCellBase):
    """One Elman RNN step: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh",
                 device: Any = None, dtype: Any = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNNCell: unknown nonlinearity '{nonlinearity}' (use 'tanh' or 'relu')")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size, bias,
                         dtype=dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:  # noqa: A002
        """Return h'."""
        x, states, batched, B = self._prepare(input, hx)
        h0 = states[0] if states else array_module(x._data).zeros((B, self.hidden_size), dtype=x._data.dtype)
        h, _, _ = _run_layer(self.mode, x, h0, None, self._weights(), (B,), False, self.hidden_size,
                             self.hidden_size)
        return h if batched else h.squeeze(0)


class LSTMCell(RNNCellBase):
    """One LSTM step; returns (h', c')."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__("LSTM", input_size, hidden_size, bias, dtype=dtype)

    def forward(self, input: Tensor, hx: tuple | None = None) -> tuple:  # noqa: A002
        """Return (h', c')."""
        x, states, batched, B = self._prepare(input, hx)
        if not states:
            z = array_module(x._data).zeros((B, self.hidden_size), dtype=x._data.dtype)
            states = [z, z]
        h, _, c = _run_layer("LSTM", x, states[0], states[1], self._weights(), (B,), False,
                             self.hidden_size, self.hidden_size)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    """One GRU step; returns h'."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__("GRU", input_size, hidden_size, bias, dtype=dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:  # noqa: A002
        """Return h'."""
        x, states, batched, B = self._prepare(input, hx)
        h0 = states[0] if states else array_module(x._data).zeros((B, self.hidden_size), dtype=x._data.dtype)
        h, _, _ = _run_layer("GRU", x, h0, None, self._weights(), (B,), False, self.hidden_size,
                             self.hidden_size)
        return h if batched else h.squeeze(0)
