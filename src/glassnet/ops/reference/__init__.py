"""Readable reference implementations of glassnet's fast ops: read these first.

Each fast op in ``glassnet/ops/`` is written for speed (raw arrays, hand-written backward, buffers
reused in place), which hides the maths. The modules here compute the same thing the obvious way, in
ordinary tensor ops that autograd differentiates, and ``tests/ops/test_references.py`` checks in float64
that each fast op gives the same values and gradients as its reference:

=========================  ==================================================================
reference                  fast op it explains
=========================  ==================================================================
``recurrent.lstm``         ``LSTMLayer`` (``ops/lstm.py``), behind ``nn.LSTM`` / ``nn.LSTMCell``
``recurrent.gru``          ``GRULayer`` (``ops/rnn_gru.py``), behind ``nn.GRU`` / ``nn.GRUCell``
``recurrent.rnn``          ``RNNLayer`` (``ops/rnn_gru.py``), behind ``nn.RNN`` / ``nn.RNNCell``
``conv.conv2d``            ``Conv2d`` (``ops/conv.py``, im2col), behind ``F.conv2d`` / ``nn.Conv2d``
``loss.cross_entropy``     ``CrossEntropy`` (``ops/loss.py``), behind ``F.cross_entropy``
=========================  ==================================================================

They are slow (a Python loop per time step or kernel offset); use them to read and to test, not to
train. ``docs/reading-guide.md`` places them in the order to read the code in.
"""
