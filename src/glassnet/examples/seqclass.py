"""Sequence classification: the parity of a bit string, read by a GRU and by a fixed-window MLP.

The label of a string like ``1 0 1 1 0 1`` is 1 if it holds an odd number of ones. Every bit matters,
however long ago it came. A GRU (Embedding -> GRU -> Linear) carries a running summary in its hidden
state, so it can learn the answer for strings of any length. An MLP sees a fixed window (here the
last ``window`` bits): whatever lies before the window is invisible to it, so on longer strings it
cannot beat a coin toss. Strings have varied lengths; the GRU reads them packed
(``pack_padded_sequence``), so the padding never reaches its state.

    python -m glassnet.examples.seqclass [--max-len 12] [--steps 1500]
"""

from __future__ import annotations

import argparse

import numpy as np

import glassnet as gn
from glassnet import nn
from glassnet.nn.utils.rnn import pack_padded_sequence


def make_batch(rng: np.random.Generator, n: int, min_len: int, max_len: int) -> tuple:
    """n random bit strings, padded with 2 (the pad token); their lengths and parity labels."""
    lengths = rng.integers(min_len, max_len + 1, size=n)
    bits = rng.integers(0, 2, size=(n, max_len))
    mask = np.arange(max_len)[None, :] < lengths[:, None]
    bits = np.where(mask, bits, 2)
    labels = ((bits == 1).sum(1) % 2).astype(np.int64)
    return bits.astype(np.int64), lengths.astype(np.int64), labels


class GRUClassifier(nn.Module):
    """Embedding + GRU over the packed strings; the last hidden state decides."""

    def __init__(self, hidden: int = 32) -> None:
        super().__init__()
        self.embed = nn.Embedding(3, 8, padding_idx=2)
        self.gru = nn.GRU(8, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 2)

    def forward(self, bits, lengths):
        """Class scores for a batch of padded strings."""
        packed = pack_padded_sequence(self.embed(bits), lengths, batch_first=True, enforce_sorted=False)
        _, h = self.gru(packed)
        return self.head(h[-1])


class WindowMLP(nn.Module):
    """An MLP over the last ``window`` real bits of each string (one-hot), blind to what came before."""

    def __init__(self, window: int = 4, hidden: int = 64) -> None:
        super().__init__()
        self.window = window
        self.net = nn.Sequential(nn.Linear(2 * window, hidden), nn.ReLU(), nn.Linear(hidden, hidden),
                                 nn.ReLU(), nn.Linear(hidden, 2))

    def features(self, bits: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """One-hot of the last ``window`` bits of each string."""
        idx = lengths[:, None] - self.window + np.arange(self.window)[None, :]
        last = np.take_along_axis(bits, np.clip(idx, 0, None), 1)
        return np.eye(2, dtype=np.float32)[np.clip(last, 0, 1)].reshape(len(bits), -1)

    def forward(self, bits, lengths):
        """Class scores from the window."""
        return self.net(gn.from_numpy(self.features(bits.numpy(), lengths.numpy())))


def train(model: nn.Module, steps: int, rng: np.random.Generator, min_len: int, max_len: int,
          batch_size: int = 64, lr: float = 1e-2) -> None:
    """Plain Adam training on freshly generated strings."""
    opt = gn.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        bits, lengths, labels = make_batch(rng, batch_size, min_len, max_len)
        loss = nn.functional.cross_entropy(model(gn.from_numpy(bits), gn.from_numpy(lengths)),
                                           gn.from_numpy(labels))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()


def accuracy(model: nn.Module, bits, lengths, labels) -> float:
    """Fraction of strings whose parity the model gets right."""
    model.eval()
    with gn.no_grad():
        pred = model(gn.from_numpy(bits), gn.from_numpy(lengths)).argmax(1).numpy()
    model.train()
    return float((pred == labels).mean())


def run(min_len: int = 6, max_len: int = 12, window: int = 4, steps: int = 1500, seed: int = 0,
        verbose: bool = True) -> dict:
    """Train both models and report held-out accuracy of each."""
    gn.manual_seed(seed)
    rng = np.random.default_rng(seed)
    gru, mlp = GRUClassifier(), WindowMLP(window)
    train(gru, steps, rng, min_len, max_len)
    train(mlp, steps, rng, min_len, max_len)
    test = make_batch(np.random.default_rng(seed + 1000), 2000, min_len, max_len)
    res = {"gru_accuracy": accuracy(gru, *test), "mlp_accuracy": accuracy(mlp, *test)}
    if verbose:
        print(f"Parity of bit strings of length {min_len}..{max_len} (2,000 held-out strings):")
        print(f"  GRU reading the whole string:     {res['gru_accuracy']:.1%}")
        print(f"  MLP on the last {window} bits only:    {res['mlp_accuracy']:.1%}  (chance is 50%)")
        print("The GRU's hidden state remembers every bit it has read; the MLP never sees the bits "
              "before its window, so no amount of training can help it.")
    return res


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    p = argparse.ArgumentParser(prog="python -m glassnet.examples.seqclass", description=__doc__.split("\n")[0])
    p.add_argument("--min-len", type=int, default=6)
    p.add_argument("--max-len", type=int, default=12)
    p.add_argument("--window", type=int, default=4)
    p.add_argument("--steps", type=int, default=1500)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    if not 1 <= a.window <= a.min_len <= a.max_len:
        p.error("need 1 <= --window <= --min-len <= --max-len")
    run(a.min_len, a.max_len, a.window, a.steps, a.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
