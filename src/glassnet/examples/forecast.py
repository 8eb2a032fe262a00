"""Weather forecasting: predict tomorrow's minimum temperature in Melbourne from the last weeks.

An LSTM (or GRU) reads a window of past days and predicts the next day. It is compared, on the same
test window (the last year), with two baselines every forecaster must beat to be worth anything:
persistence (tomorrow = today) and seasonal naive (tomorrow = the same day one year earlier).

    python -m glassnet.examples.forecast [--csv daily-min-temperatures.csv] [--cell gru]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

import glassnet as gn
from glassnet import nn

from ._common import missing_data_message, shared_data


def read_series(path: str | Path) -> tuple[list[str], np.ndarray]:
    """Read a two-column CSV (date, value) with a header; return dates and float32 values."""
    dates, values = [], []
    with open(path, newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows, None)
        if header is None:
            raise ValueError(f"{path}: empty file")
        for i, row in enumerate(rows, start=2):
            if not row:
                continue
            try:
                values.append(float(row[-1]))
            except ValueError:
                raise ValueError(f"{path}, line {i}: {row[-1]!r} is not a number") from None
            dates.append(row[0])
    return dates, np.asarray(values, dtype=np.float32)


def windows(series: np.ndarray, start: int, stop: int, lookback: int) -> tuple[np.ndarray, np.ndarray]:
    """Inputs series[t-lookback:t] and targets series[t] for t in [start, stop)."""
    idx = np.arange(start, stop)
    x = np.stack([series[t - lookback:t] for t in idx])[:, :, None]
    return x.astype(np.float32), series[idx].astype(np.float32)


class Forecaster(nn.Module):
    """A recurrent layer over the window, then a linear read-out of the last hidden state."""

    def __init__(self, cell: str = "lstm", hidden: int = 32) -> None:
        super().__init__()
        rnn = {"lstm": nn.LSTM, "gru": nn.GRU}[cell]
        self.rnn = rnn(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        """One prediction per window."""
        out, _ = self.rnn(x)
        return self.head(out[:, -1]).squeeze(-1)


def run(csv_path: str | Path, cell: str = "lstm", lookback: int = 30, hidden: int = 32, epochs: int = 15,
        batch_size: int = 64, lr: float = 5e-3, seed: int = 0, verbose: bool = True) -> dict:
    """Train on all but the last year, test on the last year; return the MAE of each method."""
    gn.manual_seed(seed)
    _, series = read_series(csv_path)
    season = 365
    n = len(series)
    test_start = n - season
    if test_start - lookback < season:
        raise ValueError(f"{csv_path}: {n} days is too short (need at least {2 * season + lookback})")
    train_end = test_start
    mean, std = series[:train_end].mean(), series[:train_end].std()  # fitted on training days only
    z = (series - mean) / std

    xtr, ytr = windows(z, max(lookback, 1), train_end, lookback)
    xte, yte = windows(z, test_start, n, lookback)
    model = Forecaster(cell, hidden)
    opt = gn.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    rng = np.random.default_rng(seed)
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(xtr))
        total = 0.0
        for i in range(0, len(order), batch_size):
            b = order[i:i + batch_size]
            pred = model(gn.from_numpy(xtr[b]))
            loss = loss_fn(pred, gn.from_numpy(ytr[b]))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            total += loss.item() * len(b)
        if verbose:
            print(f"epoch {epoch + 1:2d}/{epochs}: train MSE (standardised) {total / len(order):.4f}")
    model.eval()
    with gn.no_grad():
        pred = model(gn.from_numpy(xte)).numpy() * std + mean
    truth = series[test_start:]
    results = {
        f"{cell}_mae": float(np.abs(pred - truth).mean()),
        "persistence_mae": float(np.abs(series[test_start - 1:n - 1] - truth).mean()),
        "seasonal_naive_mae": float(np.abs(series[test_start - season:n - season] - truth).mean()),
    }
    if verbose:
        print(f"\nTest window: the last {season} days. Mean absolute error in degrees C:")
        for k, v in results.items():
            print(f"  {k.replace('_mae', ''):15s} {v:.3f}")
        better = results[f"{cell}_mae"] < results["persistence_mae"]
        print(f"\nThe {cell.upper()} {'beats' if better else 'does NOT beat'} persistence.")
    return results


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    p = argparse.ArgumentParser(prog="python -m glassnet.examples.forecast", description=__doc__.split("\n")[0])
    p.add_argument("--csv", default=None, help="two-column CSV (date, value); default: melbourne-temperatures/"
                                              "daily-min-temperatures.csv in the data folder ($GLASSNET_DATA or "
                                              "~/.glassnet/data)")
    p.add_argument("--cell", choices=("lstm", "gru"), default="lstm")
    p.add_argument("--lookback", type=int, default=30)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    path = args.csv or shared_data("melbourne-temperatures", "daily-min-temperatures.csv")
    if path is None:
        print(missing_data_message("forecast", "--csv PATH (a CSV with a date column and a value column)",
                                   "melbourne-temperatures", "daily-min-temperatures.csv"), file=sys.stderr)
        return 2
    run(path, args.cell, args.lookback, args.hidden, args.epochs, seed=args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
