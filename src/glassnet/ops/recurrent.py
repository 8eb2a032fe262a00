"""Recurrent layers as ops: where each piece lives (this module only gathers their names).

Read ``glassnet/ops/reference/recurrent.py`` first: RNN, LSTM and GRU written as their equations in
ordinary tensor ops. The fast ops below compute the same thing (``tests/ops/test_references.py`` checks
it), one Function per layer and direction over a whole packed sequence, with a hand-written
backpropagation through time:

* ``rnn_steps.py``: the step schedule over a packed sequence, the feature-major layout, the flat
  result buffer and ``TakePart``;
* ``rnn_gru.py``: ``RNNLayer`` and ``GRULayer``;
* ``lstm.py``: ``LSTMLayer``, the most tuned of the three;
* ``rnn_double_backward.py``: the create_graph path, which re-runs a layer with the reference cells.
"""

from __future__ import annotations

from .lstm import LSTMLayer
from .rnn_gru import GRULayer, RNNLayer
from .rnn_steps import FeatureMajor, Step, TakePart, schedule

__all__ = ["FeatureMajor", "GRULayer", "LSTMLayer", "RNNLayer", "Step", "TakePart", "schedule"]
