"""Runnable examples a learner can copy from: ``python -m glassnet.examples.NAME --help``.

- ``charlm``: character-level language model (LSTM or a small GPT) on any text file.
- ``seq2seq``: date-format translation with an encoder-decoder and attention, on generated data.
- ``forecast``: temperature forecasts 1-7 days ahead, LSTM/GRU vs naive baselines (= ``glassnet app weather``).
- ``seqclass``: parity of bit strings: why a GRU remembers what a fixed-window MLP cannot.
"""
