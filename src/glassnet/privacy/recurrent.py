"""RNN, LSTM and GRU rebuilt from Linear layers, so that DP-SGD gets their per-example gradients.

``nn.RNN``/``nn.LSTM``/``nn.GRU`` run each layer as one fused op, whose saved activations give no
per-example view. These versions (as Opacus's ``DPLSTM``) compute the same function with one Linear
for the input-to-hidden product (applied to the whole sequence at once) and one for the
hidden-to-hidden product (applied at each time step); the Linear rule then yields every example's
gradient, summed over the time steps. ``replace_recurrent(model)`` swaps them in with the same weights.
"""

from __future__ import annotations

from typing import Any

from .. import nn
from ..nn.module import Module
from ..tensor import Tensor

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


class _Cell(Module):
    def __init__(self, in_size: int, hidden: int, gates: int, bias: bool) -> None:
        super().__init__()
        self.ih = nn.Linear(in_size, gates * hidden, bias=bias)
        self.hh = nn.Linear(hidden, gates * hidden, bias=bias)


class DPRNNBase(Module):
    """A recurrent stack of Linear layers computing what ``nn.RNN``/``nn.LSTM``/``nn.GRU`` compute.

    Args:
        mode (str): ``'RNN_TANH'``, ``'RNN_RELU'``, ``'LSTM'`` or ``'GRU'``.
        input_size (int): features per time step.
        hidden_size (int): the hidden state size.
        num_layers (int, optional): stacked layers. Default: ``1``.
        bias (bool, optional): use biases. Default: ``True``.
        batch_first (bool, optional): inputs and outputs are ``(B, T, *)``. Default: ``False``.
        dropout (float, optional): dropout between layers. Default: ``0.0``.
        bidirectional (bool, optional): also run backwards in time. Default: ``False``.

    Example:
        >>> lstm = glassnet.privacy.DPLSTM(3, 5, batch_first=True)
        >>> out, (h, c) = lstm(glassnet.randn(2, 4, 3))
        >>> tuple(out.shape), tuple(h.shape)
        ((2, 4, 5), (1, 2, 5))
    """

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False) -> None:
        super().__init__()
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional = float(dropout), bidirectional
        D = 2 if bidirectional else 1
        for layer in range(num_layers):
            for direction in range(D):
                in_size = input_size if layer == 0 else hidden_size * D
                setattr(self, _cell_name(layer, direction), _Cell(in_size, hidden_size, _GATES[mode], bias))
        self.drop = nn.Dropout(self.dropout)

    def _step(self, cell: _Cell, xi: Tensor, h: Tensor, c: Tensor | None) -> tuple:
        gh = cell.hh(h)
        if self.mode == "LSTM":
            i, f, g, o = (xi + gh).chunk(4, dim=-1)
            c = f.sigmoid() * c + i.sigmoid() * g.tanh()
            return o.sigmoid() * c.tanh(), c
        if self.mode == "GRU":
            xr, xz, xn = xi.chunk(3, dim=-1)
            hr, hz, hn = gh.chunk(3, dim=-1)
            r, z = (xr + hr).sigmoid(), (xz + hz).sigmoid()
            n = (xn + r * hn).tanh()
            return (1 - z) * n + z * h, None
        pre = xi + gh
        return (pre.tanh() if self.mode == "RNN_TANH" else pre.relu()), None

    def forward(self, input: Tensor, hx: Any = None) -> tuple:  # noqa: A002 - PyTorch argument name
        """Run the stack; returns (output, h_n), or (output, (h_n, c_n)) for LSTM."""
        from .. import stack, zeros

        if not isinstance(input, Tensor) or input.ndim != 3:
            raise ValueError(f"{type(self).__name__}: expected a batched 3-D input tensor, got "
                             f"{getattr(input, 'shape', type(input).__name__)}")
        x = input if self.batch_first else input.transpose(0, 1)  # (B, T, F)
        B, T = x.shape[0], x.shape[1]
        D = 2 if self.bidirectional else 1
        lstm = self.mode == "LSTM"
        if hx is None:
            h0 = zeros(self.num_layers * D, B, self.hidden_size, dtype=x.dtype)
            c0 = h0 if lstm else None
        else:
            h0, c0 = hx if lstm else (hx, None)
        h_n, c_n = [], []
        for layer in range(self.num_layers):
            outs = []
            for direction in range(D):
                k = layer * D + direction
                cell = getattr(self, _cell_name(layer, direction))
                xs = cell.ih(x)  # the whole sequence in one product
                h, c = h0[k], (c0[k] if lstm else None)
                ys = [None] * T
                for t in (range(T - 1, -1, -1) if direction else range(T)):
                    h, c = self._step(cell, xs[:, t], h, c)
                    ys[t] = h
                outs.append(stack(ys, dim=1))
                h_n.append(h)
                c_n.append(c)
            x = outs[0] if D == 1 else _cat_last(outs)
            if layer < self.num_layers - 1 and self.dropout:
                x = self.drop(x)
        out = x if self.batch_first else x.transpose(0, 1)
        h_n = stack(h_n, dim=0)
        return (out, (h_n, stack(c_n, dim=0))) if lstm else (out, h_n)

    @classmethod
    def from_module(cls, rnn: Any) -> DPRNNBase:
        """The DP version of an ``nn.RNN``/``nn.LSTM``/``nn.GRU`` with the same weights."""
        if getattr(rnn, "proj_size", 0):
            raise NotImplementedError(f"{type(rnn).__name__}: proj_size is not supported by the DP layers")
        mode = rnn.mode
        out = DPRNNBase(mode, rnn.input_size, rnn.hidden_size, rnn.num_layers, rnn.bias, rnn.batch_first,
                        rnn.dropout, rnn.bidirectional)
        out.__class__ = {"LSTM": DPLSTM, "GRU": DPGRU}.get(mode, DPRNN)
        D = 2 if rnn.bidirectional else 1
        for layer in range(rnn.num_layers):
            for direction in range(D):
                sfx = f"_l{layer}" + ("_reverse" if direction else "")
                cell = getattr(out, _cell_name(layer, direction))
                cell.ih.weight.data.copy_(getattr(rnn, "weight_ih" + sfx).data)
                cell.hh.weight.data.copy_(getattr(rnn, "weight_hh" + sfx).data)
                if rnn.bias:
                    cell.ih.bias.data.copy_(getattr(rnn, "bias_ih" + sfx).data)
                    cell.hh.bias.data.copy_(getattr(rnn, "bias_hh" + sfx).data)
        return out


def _cell_name(layer: int, direction: int) -> str:
    return f"l{layer}" + ("_reverse" if direction else "")


def _cat_last(xs: list) -> Tensor:
    from .. import cat

    return cat(xs, dim=-1)


class DPRNN(DPRNNBase):
    """An Elman RNN built from Linear layers (DP-SGD compatible); arguments as ``nn.RNN``.

    Args:
        input_size (int): features per time step.
        hidden_size (int): the hidden state size.
        num_layers (int, optional): stacked layers. Default: ``1``.
        nonlinearity (str, optional): ``'tanh'`` or ``'relu'``. Default: ``'tanh'``.
        bias (bool, optional): use biases. Default: ``True``.
        batch_first (bool, optional): inputs and outputs are ``(B, T, *)``. Default: ``False``.
        dropout (float, optional): dropout between layers. Default: ``0.0``.
        bidirectional (bool, optional): also run backwards in time. Default: ``False``.

    Example:
        >>> out, h = glassnet.privacy.DPRNN(3, 4)(glassnet.randn(5, 2, 3))
        >>> tuple(out.shape), tuple(h.shape)
        ((5, 2, 4), (1, 2, 4))
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, nonlinearity: str = "tanh",
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"DPRNN: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size,
                         num_layers, bias, batch_first, dropout, bidirectional)


class DPLSTM(DPRNNBase):
    """An LSTM built from Linear layers (DP-SGD compatible); arguments as ``nn.LSTM`` (no ``proj_size``).

    Args:
        input_size (int): features per time step.
        hidden_size (int): the hidden state size.
        num_layers (int, optional): stacked layers. Default: ``1``.
        bias (bool, optional): use biases. Default: ``True``.
        batch_first (bool, optional): inputs and outputs are ``(B, T, *)``. Default: ``False``.
        dropout (float, optional): dropout between layers. Default: ``0.0``.
        bidirectional (bool, optional): also run backwards in time. Default: ``False``.

    Example:
        >>> out, (h, c) = glassnet.privacy.DPLSTM(3, 4)(glassnet.randn(5, 2, 3))
        >>> tuple(c.shape)
        (1, 2, 4)
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False) -> None:
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)


class DPGRU(DPRNNBase):
    """A GRU built from Linear layers (DP-SGD compatible); arguments as ``nn.GRU``.

    Args:
        input_size (int): features per time step.
        hidden_size (int): the hidden state size.
        num_layers (int, optional): stacked layers. Default: ``1``.
        bias (bool, optional): use biases. Default: ``True``.
        batch_first (bool, optional): inputs and outputs are ``(B, T, *)``. Default: ``False``.
        dropout (float, optional): dropout between layers. Default: ``0.0``.
        bidirectional (bool, optional): also run backwards in time. Default: ``False``.

    Example:
        >>> out, h = glassnet.privacy.DPGRU(3, 4, batch_first=True)(glassnet.randn(2, 5, 3))
        >>> tuple(out.shape)
        (2, 5, 4)
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False) -> None:
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)


def replace_recurrent(model: Any) -> Any:
    """Replace every ``nn.RNN``/``nn.LSTM``/``nn.GRU`` by its DP version with the same weights, in place.

    Args:
        model (Module): the model to convert.

    Returns:
        Module: the same model (or the new layer when ``model`` itself is recurrent).

    Example:
        >>> model = nn.Sequential(nn.LSTM(3, 4))
        >>> type(glassnet.privacy.replace_recurrent(model)[0]).__name__
        'DPLSTM'
    """
    from ..nn.recurrent import RNNBase

    if isinstance(model, RNNBase):
        return DPRNNBase.from_module(model)
    for parent in list(model.modules()):
        for name, child in list(parent._modules.items()):
            if isinstance(child, RNNBase):
                setattr(parent, name, DPRNNBase.from_module(child))
    return model
