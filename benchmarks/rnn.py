"""Recurrent workloads: a character-level language model training step (float32, synthetic data).

``char_lstm``: Embedding(65, 64) -> LSTM(64, 128) -> Linear(128, 65) -> cross-entropy over every step,
sequence 64, batch 32 (time-major), optim.Adam; one full step (zero_grad, forward, loss, backward, step).
``char_gru``: the same with GRU(64, 128) in place of the LSTM.

Run one directly: ``python benchmarks/rnn.py --framework glassnet --workload char_lstm --steps 30``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import main  # noqa: E402

VOCAB, EMBED, HIDDEN, SEQ, BATCH = 65, 64, 128, 64, 32


def _data():
    """The same token ids for both frameworks: inputs (SEQ, BATCH) and next-char targets."""
    import numpy as np

    rng = np.random.default_rng(0)
    ids = rng.integers(0, VOCAB, size=(SEQ + 1, BATCH)).astype(np.int64)
    return ids[:-1], ids[1:]


def _model(nn, cell: str):
    emb, rnn, head = nn.Embedding(VOCAB, EMBED), getattr(nn, cell)(EMBED, HIDDEN), nn.Linear(HIDDEN, VOCAB)
    return [emb, rnn, head], nn.CrossEntropyLoss()


def _step(layers, loss_fn, opt, x, y):
    emb, rnn, head = layers
    y = y.reshape(-1)

    def step():
        opt.zero_grad()
        out, _ = rnn(emb(x))
        logits = head(out).reshape(SEQ * BATCH, VOCAB)
        loss = loss_fn(logits, y)
        loss.backward()
        opt.step()
        return loss

    return step


def _glassnet(cell: str):
    import glassnet as gn
    import glassnet.nn as nn
    import glassnet.optim as optim

    gn.manual_seed(0)
    x, y = _data()
    layers, loss_fn = _model(nn, cell)
    opt = optim.Adam([p for m in layers for p in m.parameters()], lr=2e-3)
    return _step(layers, loss_fn, opt, gn.from_numpy(x), gn.from_numpy(y)), {}


def _torch(cell: str):
    import torch
    import torch.nn as nn

    torch.manual_seed(0)
    x, y = _data()
    layers, loss_fn = _model(nn, cell)
    opt = torch.optim.Adam([p for m in layers for p in m.parameters()], lr=2e-3)
    return _step(layers, loss_fn, opt, torch.from_numpy(x), torch.from_numpy(y)), {}


def char_lstm_glassnet(threads: int):
    return _glassnet("LSTM")


def char_lstm_torch(threads: int):
    return _torch("LSTM")


def char_gru_glassnet(threads: int):
    return _glassnet("GRU")


def char_gru_torch(threads: int):
    return _torch("GRU")


WORKLOADS = {"char_lstm": {"glassnet": char_lstm_glassnet, "torch": char_lstm_torch},
             "char_gru": {"glassnet": char_gru_glassnet, "torch": char_gru_torch}}

if __name__ == "__main__":
    main(WORKLOADS)
