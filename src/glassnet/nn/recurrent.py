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
    """Base class for RNN modules (:class:`RNN`, :class:`LSTM`, :class:`GRU`).

    It holds the parameters of every layer and direction under PyTorch's names, so a PyTorch
    ``state_dict`` loads, and runs the stack over padded or packed sequences. Use the subclasses.

    Args:
        mode (str): ``'RNN_TANH'``, ``'RNN_RELU'``, ``'LSTM'`` or ``'GRU'``.
        input_size (int): the number of expected features in the input ``x``.
        hidden_size (int): the number of features in the hidden state ``h``.
        num_layers (int, optional): number of recurrent layers; e.g. ``num_layers=2`` stacks two layers,
            the second taking the outputs of the first. Default: 1.
        bias (bool, optional): if ``False``, the layer does not use the bias weights ``b_ih`` and ``b_hh``.
            Default: ``True``.
        batch_first (bool, optional): if ``True``, the input and output tensors are provided as
            ``(batch, seq, feature)`` instead of ``(seq, batch, feature)`` (the hidden states are not
            affected). Default: ``False``.
        dropout (float, optional): if non-zero, introduces a Dropout layer on the outputs of each layer
            except the last layer, with dropout probability equal to ``dropout`` (training mode only).
            Default: 0.
        bidirectional (bool, optional): if ``True``, becomes a bidirectional layer. Default: ``False``.
        proj_size (int, optional): LSTM projection size (LSTM only). Default: 0.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Example:
        >>> rnn = nn.RNNBase("GRU", 4, 8)
        >>> [name for name, _ in rnn.named_parameters()]
        ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']
    """

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
    """Apply a multi-layer Elman RNN with ``tanh`` or ``ReLU`` non-linearity to an input sequence.

    For each element in the input sequence, each layer computes:

        ``h_t = tanh(x_t W_ih^T + b_ih + h_(t-1) W_hh^T + b_hh)``

    where ``h_t`` is the hidden state at time ``t``, ``x_t`` the input at time ``t`` and ``h_(t-1)``
    the hidden state of the previous layer at time ``t-1`` or the initial hidden state at time 0.
    With ``nonlinearity='relu'``, ReLU is used instead of tanh. The whole sequence of one layer and
    direction, with its backpropagation through time, is a single operation.

    Args:
        input_size (int): the number of expected features in the input ``x``.
        hidden_size (int): the number of features in the hidden state ``h``.
        num_layers (int, optional): number of recurrent layers; e.g. ``num_layers=2`` stacks two layers,
            the second taking the outputs of the first. Default: 1.
        nonlinearity (str, optional): the non-linearity to use, ``'tanh'`` or ``'relu'``. Default: ``'tanh'``.
        bias (bool, optional): if ``False``, the layer does not use the bias weights ``b_ih`` and ``b_hh``.
            Default: ``True``.
        batch_first (bool, optional): if ``True``, the input and output tensors are provided as
            ``(batch, seq, feature)`` instead of ``(seq, batch, feature)`` (the hidden states are not
            affected). Default: ``False``.
        dropout (float, optional): if non-zero, introduces a Dropout layer on the outputs of each layer
            except the last layer, with dropout probability equal to ``dropout`` (training mode only).
            Default: 0.
        bidirectional (bool, optional): if ``True``, becomes a bidirectional layer. Default: ``False``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Inputs: input, h_0
        - input: ``(L, H_in)`` for unbatched input, ``(L, N, H_in)`` when ``batch_first=False`` or
          ``(N, L, H_in)`` when ``batch_first=True``; or a packed variable length sequence
          (see :func:`glassnet.nn.utils.rnn.pack_padded_sequence`).
        - h_0: ``(D * num_layers, H_out)`` or ``(D * num_layers, N, H_out)``, the initial hidden state.
          Defaults to zeros if not provided.

    Outputs: output, h_n
        - output: ``(L, D * H_out)`` for unbatched input, ``(L, N, D * H_out)`` when
          ``batch_first=False`` or ``(N, L, D * H_out)`` when ``batch_first=True``: the output features
          ``h_t`` from the last layer for each ``t`` (a packed sequence if the input was one).
        - h_n: ``(D * num_layers, H_out)`` or ``(D * num_layers, N, H_out)``, the final hidden state
          of each layer and direction.

    where ``N`` is the batch size, ``L`` the sequence length, ``D`` 2 if ``bidirectional`` else 1,
    ``H_in = input_size`` and ``H_out = hidden_size``.

    Attributes:
        weight_ih_l[k]: the learnable input-hidden weights of the k-th layer, of shape
            ``(hidden_size, input_size)`` for ``k = 0``, otherwise ``(hidden_size, D * hidden_size)``.
        weight_hh_l[k]: the learnable hidden-hidden weights of the k-th layer, of shape
            ``(hidden_size, hidden_size)``.
        bias_ih_l[k]: the learnable input-hidden bias of the k-th layer, of shape ``(hidden_size)``.
        bias_hh_l[k]: the learnable hidden-hidden bias of the k-th layer, of shape ``(hidden_size)``.

        The reverse direction of a bidirectional layer has the same parameters with the suffix
        ``_reverse``. All the weights and biases are initialized from ``U(-sqrt(k), sqrt(k))`` with
        ``k = 1 / hidden_size``.

    Example:
        >>> rnn = nn.RNN(10, 20, 2)
        >>> input = glassnet.randn(5, 3, 10)
        >>> h0 = glassnet.randn(2, 3, 20)
        >>> output, hn = rnn(input, h0)
        >>> output.shape, hn.shape
        (glassnet.Size([5, 3, 20]), glassnet.Size([2, 3, 20]))
    """

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
    """Apply a multi-layer long short-term memory (LSTM) RNN to an input sequence.

    For each element in the input sequence, each layer computes::

        i_t = sigmoid(W_ii x_t + b_ii + W_hi h_(t-1) + b_hi)
        f_t = sigmoid(W_if x_t + b_if + W_hf h_(t-1) + b_hf)
        g_t = tanh(W_ig x_t + b_ig + W_hg h_(t-1) + b_hg)
        o_t = sigmoid(W_io x_t + b_io + W_ho h_(t-1) + b_ho)
        c_t = f_t * c_(t-1) + i_t * g_t
        h_t = o_t * tanh(c_t)

    where ``h_t`` is the hidden state, ``c_t`` the cell state and ``i_t``, ``f_t``, ``g_t``, ``o_t``
    the input, forget, cell and output gates (in that order in the weights). With ``proj_size > 0``,
    ``h_t`` is further projected: ``h_t = W_hr h_t``, so the hidden state has ``proj_size`` features.

    Args:
        input_size (int): the number of expected features in the input ``x``.
        hidden_size (int): the number of features in the hidden state ``h``.
        num_layers (int, optional): number of recurrent layers; e.g. ``num_layers=2`` stacks two layers,
            the second taking the outputs of the first. Default: 1.
        bias (bool, optional): if ``False``, the layer does not use the bias weights ``b_ih`` and ``b_hh``.
            Default: ``True``.
        batch_first (bool, optional): if ``True``, the input and output tensors are provided as
            ``(batch, seq, feature)`` instead of ``(seq, batch, feature)`` (the hidden states are not
            affected). Default: ``False``.
        dropout (float, optional): if non-zero, introduces a Dropout layer on the outputs of each layer
            except the last layer, with dropout probability equal to ``dropout`` (training mode only).
            Default: 0.
        bidirectional (bool, optional): if ``True``, becomes a bidirectional layer. Default: ``False``.
        proj_size (int, optional): if ``> 0``, uses an LSTM with projections of the
            corresponding size. Default: 0.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Inputs: input, (h_0, c_0)
        - input: ``(L, H_in)`` for unbatched input, ``(L, N, H_in)`` when ``batch_first=False`` or
          ``(N, L, H_in)`` when ``batch_first=True``; or a packed variable length sequence
          (see :func:`glassnet.nn.utils.rnn.pack_padded_sequence`).
        - h_0: ``(D * num_layers, H_out)`` or ``(D * num_layers, N, H_out)``, the initial hidden state.
          Defaults to zeros if not provided.
        - c_0: ``(D * num_layers, H_cell)`` or ``(D * num_layers, N, H_cell)``, the initial cell
          state. Defaults to zeros if ``(h_0, c_0)`` is not provided.

    Outputs: output, (h_n, c_n)
        - output: ``(L, D * H_out)`` for unbatched input, ``(L, N, D * H_out)`` when
          ``batch_first=False`` or ``(N, L, D * H_out)`` when ``batch_first=True``: the output features
          ``h_t`` from the last layer for each ``t`` (a packed sequence if the input was one).
        - h_n: ``(D * num_layers, H_out)`` or ``(D * num_layers, N, H_out)``, the final hidden state
          of each layer and direction.
        - c_n: ``(D * num_layers, H_cell)`` or ``(D * num_layers, N, H_cell)``, the final cell state.

    where ``N`` is the batch size, ``L`` the sequence length, ``D`` 2 if ``bidirectional`` else 1,
    ``H_in = input_size`` and ``H_out = proj_size if proj_size > 0 else hidden_size``.

    ``H_cell = hidden_size``.

    Attributes:
        weight_ih_l[k]: the learnable input-hidden weights of the k-th layer, of shape
            ``(4*hidden_size, input_size)`` for ``k = 0``, otherwise ``(4*hidden_size, D * H_out)``.
        weight_hh_l[k]: the learnable hidden-hidden weights of the k-th layer, of shape
            ``(4*hidden_size, H_out)`` (``H_out = proj_size`` when ``proj_size > 0``).
        bias_ih_l[k]: the learnable input-hidden bias of the k-th layer, of shape ``(4*hidden_size)``.
        bias_hh_l[k]: the learnable hidden-hidden bias of the k-th layer, of shape ``(4*hidden_size)``.
        weight_hr_l[k]: the learnable projection weights of the k-th layer, of shape
            ``(proj_size, hidden_size)`` (only when ``proj_size > 0``).

        The reverse direction of a bidirectional layer has the same parameters with the suffix
        ``_reverse``. All the weights and biases are initialized from ``U(-sqrt(k), sqrt(k))`` with
        ``k = 1 / hidden_size``.

    Example:
        >>> rnn = nn.LSTM(10, 20, 2)
        >>> input = glassnet.randn(5, 3, 10)
        >>> h0, c0 = glassnet.randn(2, 3, 20), glassnet.randn(2, 3, 20)
        >>> output, (hn, cn) = rnn(input, (h0, c0))
        >>> output.shape, hn.shape, cn.shape
        (glassnet.Size([5, 3, 20]), glassnet.Size([2, 3, 20]), glassnet.Size([2, 3, 20]))
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 proj_size: int = 0, device: Any = None, dtype: Any = None) -> None:
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, proj_size, device=device, dtype=dtype)


class GRU(RNNBase):
    """Apply a multi-layer gated recurrent unit (GRU) RNN to an input sequence.

    For each element in the input sequence, each layer computes::

        r_t = sigmoid(W_ir x_t + b_ir + W_hr h_(t-1) + b_hr)
        z_t = sigmoid(W_iz x_t + b_iz + W_hz h_(t-1) + b_hz)
        n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_(t-1) + b_hn))
        h_t = (1 - z_t) * n_t + z_t * h_(t-1)

    where ``r_t``, ``z_t`` and ``n_t`` are the reset, update and new gates (in that order in the
    weights).

    Args:
        input_size (int): the number of expected features in the input ``x``.
        hidden_size (int): the number of features in the hidden state ``h``.
        num_layers (int, optional): number of recurrent layers; e.g. ``num_layers=2`` stacks two layers,
            the second taking the outputs of the first. Default: 1.
        bias (bool, optional): if ``False``, the layer does not use the bias weights ``b_ih`` and ``b_hh``.
            Default: ``True``.
        batch_first (bool, optional): if ``True``, the input and output tensors are provided as
            ``(batch, seq, feature)`` instead of ``(seq, batch, feature)`` (the hidden states are not
            affected). Default: ``False``.
        dropout (float, optional): if non-zero, introduces a Dropout layer on the outputs of each layer
            except the last layer, with dropout probability equal to ``dropout`` (training mode only).
            Default: 0.
        bidirectional (bool, optional): if ``True``, becomes a bidirectional layer. Default: ``False``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Inputs: input, h_0
        - input: ``(L, H_in)`` for unbatched input, ``(L, N, H_in)`` when ``batch_first=False`` or
          ``(N, L, H_in)`` when ``batch_first=True``; or a packed variable length sequence
          (see :func:`glassnet.nn.utils.rnn.pack_padded_sequence`).
        - h_0: ``(D * num_layers, H_out)`` or ``(D * num_layers, N, H_out)``, the initial hidden state.
          Defaults to zeros if not provided.

    Outputs: output, h_n
        - output: ``(L, D * H_out)`` for unbatched input, ``(L, N, D * H_out)`` when
          ``batch_first=False`` or ``(N, L, D * H_out)`` when ``batch_first=True``: the output features
          ``h_t`` from the last layer for each ``t`` (a packed sequence if the input was one).
        - h_n: ``(D * num_layers, H_out)`` or ``(D * num_layers, N, H_out)``, the final hidden state
          of each layer and direction.

    where ``N`` is the batch size, ``L`` the sequence length, ``D`` 2 if ``bidirectional`` else 1,
    ``H_in = input_size`` and ``H_out = hidden_size``.

    Attributes:
        weight_ih_l[k]: the learnable input-hidden weights of the k-th layer, of shape
            ``(3*hidden_size, input_size)`` for ``k = 0``, otherwise ``(3*hidden_size, D * hidden_size)``.
        weight_hh_l[k]: the learnable hidden-hidden weights of the k-th layer, of shape
            ``(3*hidden_size, hidden_size)``.
        bias_ih_l[k]: the learnable input-hidden bias of the k-th layer, of shape ``(3*hidden_size)``.
        bias_hh_l[k]: the learnable hidden-hidden bias of the k-th layer, of shape ``(3*hidden_size)``.

        The reverse direction of a bidirectional layer has the same parameters with the suffix
        ``_reverse``. All the weights and biases are initialized from ``U(-sqrt(k), sqrt(k))`` with
        ``k = 1 / hidden_size``.

    Example:
        >>> rnn = nn.GRU(10, 20, 2)
        >>> input = glassnet.randn(5, 3, 10)
        >>> h0 = glassnet.randn(2, 3, 20)
        >>> output, hn = rnn(input, h0)
        >>> output.shape, hn.shape
        (glassnet.Size([5, 3, 20]), glassnet.Size([2, 3, 20]))
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, device=device, dtype=dtype)


# ---------------------------------------------------------------------------------------------------
# Cells: one time step. They reuse the layer ops with a single step of B rows.
# ---------------------------------------------------------------------------------------------------
class RNNCellBase(Module):
    """Base class of the one-step cells (:class:`RNNCell`, :class:`LSTMCell`, :class:`GRUCell`).

    It holds ``weight_ih``, ``weight_hh``, ``bias_ih`` and ``bias_hh`` under PyTorch's names and
    shapes. Use the subclasses.

    Args:
        mode (str): ``'RNN_TANH'``, ``'RNN_RELU'``, ``'LSTM'`` or ``'GRU'``.
        input_size (int): the number of expected features in the input ``x``.
        hidden_size (int): the number of features in the hidden state ``h``.
        bias (bool, optional): if ``False``, the layer does not use the bias weights ``b_ih`` and ``b_hh``.
            Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Example:
        >>> cell = nn.RNNCellBase("LSTM", 4, 8)
        >>> cell.weight_ih.shape
        glassnet.Size([32, 4])
    """

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
    """An Elman RNN cell with tanh or ReLU non-linearity: one time step.

    ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``; with ``nonlinearity='relu'``, ReLU is used
    instead of tanh.

    Args:
        input_size (int): the number of expected features in the input ``x``.
        hidden_size (int): the number of features in the hidden state ``h``.
        bias (bool, optional): if ``False``, the layer does not use the bias weights ``b_ih`` and ``b_hh``.
            Default: ``True``.
        nonlinearity (str, optional): the non-linearity to use, ``'tanh'`` or ``'relu'``. Default: ``'tanh'``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Inputs: input, hidden
        - input: ``(N, H_in)`` or ``(H_in)``, the input features.
        - hidden: ``(N, H_out)`` or ``(H_out)``, the initial hidden state. Defaults to zeros.

    Outputs: h'
        - h': ``(N, H_out)`` or ``(H_out)``, the next hidden state.

    Attributes:
        weight_ih (Tensor): the learnable input-hidden weights, of shape ``(hidden_size, input_size)``.
        weight_hh (Tensor): the learnable hidden-hidden weights, of shape ``(hidden_size, hidden_size)``.
        bias_ih: the learnable input-hidden bias, of shape ``(hidden_size)``.
        bias_hh: the learnable hidden-hidden bias, of shape ``(hidden_size)``.

        All the weights and biases are initialized from ``U(-sqrt(k), sqrt(k))`` with ``k = 1 / hidden_size``.

    Example:
        >>> rnn = nn.RNNCell(10, 20)
        >>> input = glassnet.randn(6, 3, 10)
        >>> hx = glassnet.randn(3, 20)
        >>> for i in range(6):
        ...     hx = rnn(input[i], hx)
        >>> hx.shape
        glassnet.Size([3, 20])
    """

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
    """A long short-term memory (LSTM) cell: one time step.

    Computes the gates ``i, f, g, o`` as in :class:`LSTM`, then ``c' = f * c + i * g`` and
    ``h' = o * tanh(c')``.

    Args:
        input_size (int): the number of expected features in the input ``x``.
        hidden_size (int): the number of features in the hidden state ``h``.
        bias (bool, optional): if ``False``, the layer does not use the bias weights ``b_ih`` and ``b_hh``.
            Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Inputs: input, (h_0, c_0)
        - input: ``(N, H_in)`` or ``(H_in)``, the input features.
        - h_0: ``(N, H_out)`` or ``(H_out)``, the initial hidden state.
        - c_0: ``(N, H_out)`` or ``(H_out)``, the initial cell state. Both default to zeros.

    Outputs: (h_1, c_1)
        - h_1: ``(N, H_out)`` or ``(H_out)``, the next hidden state.
        - c_1: ``(N, H_out)`` or ``(H_out)``, the next cell state.

    Attributes:
        weight_ih (Tensor): the learnable input-hidden weights, of shape ``(4*hidden_size, input_size)``.
        weight_hh (Tensor): the learnable hidden-hidden weights, of shape ``(4*hidden_size, hidden_size)``.
        bias_ih: the learnable input-hidden bias, of shape ``(4*hidden_size)``.
        bias_hh: the learnable hidden-hidden bias, of shape ``(4*hidden_size)``.

        All the weights and biases are initialized from ``U(-sqrt(k), sqrt(k))`` with ``k = 1 / hidden_size``.

    Example:
        >>> rnn = nn.LSTMCell(10, 20)
        >>> input = glassnet.randn(2, 3, 10)
        >>> hx, cx = glassnet.randn(3, 20), glassnet.randn(3, 20)
        >>> for i in range(input.size(0)):
        ...     hx, cx = rnn(input[i], (hx, cx))
        >>> hx.shape, cx.shape
        (glassnet.Size([3, 20]), glassnet.Size([3, 20]))
    """

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
    """A gated recurrent unit (GRU) cell: one time step.

    Computes the gates ``r, z, n`` as in :class:`GRU`, then ``h' = (1 - z) * n + z * h``.

    Args:
        input_size (int): the number of expected features in the input ``x``.
        hidden_size (int): the number of features in the hidden state ``h``.
        bias (bool, optional): if ``False``, the layer does not use the bias weights ``b_ih`` and ``b_hh``.
            Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Inputs: input, hidden
        - input: ``(N, H_in)`` or ``(H_in)``, the input features.
        - hidden: ``(N, H_out)`` or ``(H_out)``, the initial hidden state. Defaults to zeros.

    Outputs: h'
        - h': ``(N, H_out)`` or ``(H_out)``, the next hidden state.

    Attributes:
        weight_ih (Tensor): the learnable input-hidden weights, of shape ``(3*hidden_size, input_size)``.
        weight_hh (Tensor): the learnable hidden-hidden weights, of shape ``(3*hidden_size, hidden_size)``.
        bias_ih: the learnable input-hidden bias, of shape ``(3*hidden_size)``.
        bias_hh: the learnable hidden-hidden bias, of shape ``(3*hidden_size)``.

        All the weights and biases are initialized from ``U(-sqrt(k), sqrt(k))`` with ``k = 1 / hidden_size``.

    Example:
        >>> rnn = nn.GRUCell(10, 20)
        >>> input = glassnet.randn(6, 3, 10)
        >>> hx = glassnet.randn(3, 20)
        >>> for i in range(6):
        ...     hx = rnn(input[i], hx)
        >>> hx.shape
        glassnet.Size([3, 20])
    """

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
