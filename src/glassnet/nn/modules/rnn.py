"""PyTorch's torch.nn.modules.rnn path: RNN, LSTM, GRU and their cells."""

from ._alias import alias_module

_NAMES = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]

__getattr__, __dir__ = alias_module(__name__, _NAMES)
