"""Character-level language model: an LSTM or a small GPT-style Transformer learns to write like its text.

It reads a text file (Tiny Shakespeare by default when the project's shared data is present, or any
file you pass with --text), trains on random windows of the first 90%, and reports the validation loss
on the last 10% in nats per character (the average -log p of the next character; 4.17 is a uniform
guess over 65 characters, ~1.5 reads like Shakespeare spelled by a child). Then it writes a sample,
drawn with a temperature (lower = safer) and top-k (only the k likeliest characters).

    python -m glassnet.examples.charlm [--model lstm|gpt] [--minutes 10] [--text FILE]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

import glassnet as gn
from glassnet import nn
from glassnet.nn import functional as F

from ._common import missing_data_message, shared_data


class CharLSTM(nn.Module):
    """Embedding -> LSTM -> Linear: the classic char-rnn."""

    def __init__(self, vocab: int, embed: int = 64, hidden: int = 256, layers: int = 1,
                 dropout: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, embed)
        self.lstm = nn.LSTM(embed, hidden, num_layers=layers, batch_first=True,
                            dropout=dropout if layers > 1 else 0.0)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, ids, state=None):
        """Next-character logits (B, T, V) and the final (h, c)."""
        out, state = self.lstm(self.embed(ids), state)
        return self.head(out), state


class CharGPT(nn.Module):
    """A small GPT: token + position embeddings, causal Transformer blocks, a linear head."""

    def __init__(self, vocab: int, block: int = 64, d_model: int = 128, heads: int = 4, layers: int = 3,
                 dropout: float = 0.0) -> None:
        super().__init__()
        self.block = block
        self.tok = nn.Embedding(vocab, d_model)
        self.pos = nn.Embedding(block, d_model)
        layer = nn.TransformerEncoderLayer(d_model, heads, 4 * d_model, dropout, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, layers)
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab)

    def forward(self, ids, state=None):
        """Next-character logits (B, T, V); each position sees only the past (causal mask)."""
        t = ids.shape[1]
        if t > self.block:
            raise ValueError(f"CharGPT: sequence of {t} characters is longer than the block size {self.block}")
        x = self.tok(ids) + self.pos(gn.arange(t))
        mask = gn.from_numpy(np.triu(np.ones((t, t), dtype=bool), 1))  # True = may not attend
        x = self.blocks(x, mask=mask, is_causal=True)
        return self.head(self.norm(x)), None


def pretrained_lstm() -> tuple[CharLSTM, list[str]]:
    """The char-LSTM shipped with glassnet (trained on Tiny Shakespeare) in eval mode, and its vocabulary.

    ``tools/train_pretrained.py char_lstm`` made it; ``glassnet.models.pretrained_info("char_lstm")`` holds the
    recipe, the validation loss and a sample.
    """
    from ..models.weights import load_pretrained, pretrained_info

    info = pretrained_info("char_lstm")
    model = load_pretrained(CharLSTM(**info["model_kwargs"]), "char_lstm")
    return model.eval(), list(info["vocab"])


def load_text(path: str | Path) -> tuple[str, list[str]]:
    """The text and its sorted character vocabulary."""
    text = Path(path).read_text(encoding="utf-8")
    if len(text) < 1000:
        raise ValueError(f"{path}: only {len(text)} characters; a language model needs more text")
    return text, sorted(set(text))


def batches(data: np.ndarray, seq: int, batch: int, rng: np.random.Generator) -> tuple:
    """Random windows: inputs data[i:i+seq] and targets data[i+1:i+seq+1]."""
    starts = rng.integers(0, len(data) - seq - 1, batch)
    idx = starts[:, None] + np.arange(seq + 1)[None, :]
    w = data[idx]
    return w[:, :-1], w[:, 1:]


def evaluate(model: nn.Module, data: np.ndarray, seq: int, batch: int = 64, n_batches: int = 20,
             seed: int = 1234) -> float:
    """Mean validation cross-entropy in nats per character over fixed random windows."""
    rng = np.random.default_rng(seed)
    model.eval()
    total = 0.0
    with gn.no_grad():
        for _ in range(n_batches):
            x, y = batches(data, seq, batch, rng)
            logits, _ = model(gn.from_numpy(x))
            total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), gn.from_numpy(y.reshape(-1))).item()
    model.train()
    return total / n_batches


def sample(model: nn.Module, vocab: list[str], prompt: str = "\n", length: int = 300, temperature: float = 0.8,
           top_k: int | None = 10, seed: int = 0) -> str:
    """Generate text one character at a time with temperature and top-k sampling."""
    if temperature <= 0:
        raise ValueError(f"sample: temperature must be > 0, got {temperature}")
    index = {c: i for i, c in enumerate(vocab)}
    unknown = sorted(set(prompt) - set(index))
    if unknown:
        raise ValueError(f"sample: the prompt has characters the model never saw: {unknown}")
    rng = np.random.default_rng(seed)
    ids = [index[c] for c in prompt]
    out = list(prompt)
    model.eval()
    state = None
    with gn.no_grad():
        feed = ids
        for _ in range(length):
            if isinstance(model, CharGPT):
                ctx = ids[-model.block:]
                logits, _ = model(gn.tensor([ctx]))
            else:
                logits, state = model(gn.tensor([feed]), state)
            z = logits.numpy()[0, -1].astype(np.float64) / temperature
            if top_k is not None and top_k < len(z):
                cut = np.partition(z, -top_k)[-top_k]
                z = np.where(z < cut, -np.inf, z)
            p = np.exp(z - z.max())
            p /= p.sum()
            nxt = int(rng.choice(len(p), p=p))
            ids.append(nxt)
            feed = [nxt]
            out.append(vocab[nxt])
    model.train()
    return "".join(out)


def run(text_path: str | Path, model_name: str = "lstm", minutes: float = 10.0, max_steps: int | None = None,
        seq: int = 64, batch: int = 32, lr: float = 3e-3, hidden: int = 256, eval_every: int = 500,
        seed: int = 0, temperature: float = 0.8, top_k: int = 10, sample_len: int = 300,
        verbose: bool = True, report_seconds: float = 5.0) -> dict:
    """Train within a time (or step) budget; return validation loss, steps and a sample.

    Prints a progress line (steps, time, running training loss) every ``report_seconds`` and a
    validation line every ``eval_every`` steps.
    """
    gn.manual_seed(seed)
    text, vocab = load_text(text_path)
    data = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lut = np.zeros(int(data.max()) + 1, dtype=np.int64)
    lut[[ord(c) for c in vocab]] = np.arange(len(vocab))
    data = lut[data]
    split = int(0.9 * len(data))
    train, val = data[:split], data[split:]
    if model_name == "lstm":
        model = CharLSTM(len(vocab), hidden=hidden)
    elif model_name == "gpt":
        model = CharGPT(len(vocab), block=seq)
    else:
        raise ValueError(f"charlm: unknown model {model_name!r} (lstm or gpt)")
    n_params = sum(p.numel() for p in model.parameters())
    opt = gn.optim.Adam(model.parameters(), lr=lr)
    rng = np.random.default_rng(seed)
    if verbose:
        print(f"{model_name}: {n_params:,} parameters, vocabulary {len(vocab)}, {len(train):,} train / "
              f"{len(val):,} validation characters; budget {minutes} min")
    t0 = time.perf_counter()
    step, val_loss, curve = 0, float("nan"), []
    deadline = t0 + 60 * minutes
    last_report, recent = t0, []
    while (max_steps is None or step < max_steps) and time.perf_counter() < deadline:
        x, y = batches(train, seq, batch, rng)
        logits, _ = model(gn.from_numpy(x))
        loss = F.cross_entropy(logits.reshape(-1, len(vocab)), gn.from_numpy(y.reshape(-1)))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        recent.append(loss.item())
        now = time.perf_counter()
        if verbose and now - last_report >= report_seconds:
            # A few seconds without a word looks like a hang: say how far training has got.
            rate = step / (now - t0)
            print(f"step {step:6d}  {now - t0:6.0f} s  train {sum(recent) / len(recent):.3f} nats/char  "
                  f"({rate:.1f} steps/s)", flush=True)
            last_report, recent = now, []
        if step % eval_every == 0:
            val_loss = evaluate(model, val, seq)
            curve.append((step, val_loss))
            if verbose:
                print(f"step {step:6d}  {time.perf_counter() - t0:6.0f} s  train {loss.item():.3f}  "
                      f"validation {val_loss:.3f} nats/char")
    val_loss = evaluate(model, val, seq)
    seconds = time.perf_counter() - t0
    text_out = sample(model, vocab, "\n", sample_len, temperature, top_k, seed)
    if verbose:
        print(f"\nfinal validation loss: {val_loss:.3f} nats/char ({val_loss / math.log(2):.3f} bits/char) "
              f"after {step} steps in {seconds:.0f} s")
        print(f"\nsample (temperature {temperature}, top-k {top_k}):\n{text_out}")
    return {"val_loss": val_loss, "steps": step, "seconds": seconds, "sample": text_out, "curve": curve,
            "model": model, "vocab": vocab}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    p = argparse.ArgumentParser(prog="python -m glassnet.examples.charlm", description=__doc__.split("\n")[0])
    p.add_argument("--text", default=None, help="a UTF-8 text file (default: tinyshakespeare/input.txt in the data "
                                               "folder, $GLASSNET_DATA or ~/.glassnet/data)")
    p.add_argument("--model", choices=("lstm", "gpt"), default="lstm")
    p.add_argument("--minutes", type=float, default=10.0, help="training time budget")
    p.add_argument("--steps", type=int, default=None, help="stop after this many steps")
    p.add_argument("--seq", type=int, default=64)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--temperature", type=float, default=0.8)
    p.add_argument("--top-k", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    path = a.text or shared_data("tinyshakespeare", "input.txt")
    if path is None:
        print(missing_data_message("charlm", "--text FILE", "tinyshakespeare", "input.txt"), file=sys.stderr)
        return 2
    run(path, a.model, a.minutes, a.steps, a.seq, a.batch, a.lr, a.hidden, seed=a.seed,
        temperature=a.temperature, top_k=a.top_k)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
