"""Weather forecasting: predict Melbourne's minimum temperature 1 to 7 days ahead from the last weeks.

An LSTM (or GRU) reads a window of past days and a linear head predicts the next ``horizons`` days at once
(direct multi-horizon forecasting: one output per horizon, no feeding predictions back in). It is compared,
on the same test days (the last year), with two baselines every forecaster must beat to be worth anything:
persistence (the day h days ahead = today) and seasonal naive (the day h days ahead = the same day one year
earlier). This is the one implementation; ``glassnet app weather`` runs it and writes a run folder.

    python -m glassnet.examples.forecast [--csv daily-min-temperatures.csv] [--cell gru] [--horizons 7]
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

SEASON = 365  # days in a seasonal cycle; the Melbourne files leave out 31 December of leap years, so it is exact


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
            if len(row) < 2:
                raise ValueError(f"{path}, line {i}: expected two columns (date, value), got {row!r}")
            try:
                values.append(float(row[-1]))
            except ValueError:
                raise ValueError(f"{path}, line {i}: {row[-1]!r} is not a number") from None
            if not np.isfinite(values[-1]):
                raise ValueError(f"{path}, line {i}: {row[-1]!r} is not a finite number")
            dates.append(row[0])
    return dates, np.asarray(values, dtype=np.float32)


def windows(series: np.ndarray, origins: np.ndarray, lookback: int, horizons: int = 1, season: bool = False
            ) -> tuple[np.ndarray, np.ndarray | None]:
    """Inputs series[o-lookback+1 : o+1] (the days up to and including origin o) and targets series[o+1 : o+1+H];
    targets are None when some run past the end of the series.

    With ``season`` each input day also carries sin and cos of its place in the year (its index modulo
    ``SEASON``: a daily series without gaps needs no date parsing), so the model knows the time of year.
    """
    idx = np.stack([np.arange(o - lookback + 1, o + 1) for o in origins])
    x = series[idx][:, :, None]
    if season:
        angle = 2 * np.pi * (idx % SEASON) / SEASON
        x = np.concatenate([x, np.sin(angle)[:, :, None], np.cos(angle)[:, :, None]], axis=-1)
    x = x.astype(np.float32)
    if origins.max() + horizons >= len(series):
        return x, None
    y = np.stack([series[o + 1:o + 1 + horizons] for o in origins]).astype(np.float32)
    return x, y


class Forecaster(nn.Module):
    """A recurrent layer over the window, then a linear read-out of the last hidden state: one output per horizon."""

    def __init__(self, cell: str = "lstm", hidden: int = 32, horizons: int = 1, inputs: int = 1) -> None:
        super().__init__()
        rnn = {"lstm": nn.LSTM, "gru": nn.GRU}[cell]
        self.rnn = rnn(inputs, hidden, batch_first=True)
        self.head = nn.Linear(hidden, horizons)

    def forward(self, x):
        """Predictions (batch, horizons) for the days after each window."""
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


def baselines(series: np.ndarray, targets: np.ndarray, horizons: int, test_start: int) -> dict[str, np.ndarray]:
    """Persistence, seasonal-naive and climatology forecasts of the target days (horizons x days each).

    Climatology, the mean of the same calendar day over the training years, is a reference, not one of the two
    baselines the forecaster must beat: at long horizons it is what a good forecast tends to.
    """
    h = np.arange(1, horizons + 1)[:, None]
    years = np.arange(1, test_start // SEASON + 1)
    clim = np.array([series[[d - k * SEASON for k in years if d - k * SEASON >= 0]].mean() for d in targets])
    return {"persistence": series[targets[None, :] - h],  # the last observed day, h days before the target
            "seasonal_naive": np.broadcast_to(series[targets - SEASON], (horizons, len(targets))),
            "climatology": np.broadcast_to(clim, (horizons, len(targets)))}


def run(csv_path: str | Path, cell: str = "lstm", lookback: int = 30, hidden: int = 32, epochs: int = 15,
        batch_size: int = 64, lr: float = 5e-3, seed: int = 0, verbose: bool | int = True, horizons: int = 1,
        train_days: int | None = None, season: bool = True, loss: str = "mse") -> dict:
    """Train on the years before the last, test on the last year's days at every horizon 1..``horizons``.

    When the series is long enough (three years and a window), the year before the test year is held out for
    validation and the epoch with the lowest validation loss is kept (an LSTM on one noisy series overfits
    if trained on); otherwise the last epoch is kept. Returns the MAE of each method at each horizon
    (``mae[method]``, a list, horizon 1 first), the one-day figures under the original keys (``lstm_mae``,
    ``persistence_mae``, ``seasonal_naive_mae``), the per-epoch losses, the kept epoch, the forecasts of the
    test days and the trained ``model``. ``train_days`` keeps only the last that many training days before
    the validation year (a quick run); ``season`` adds the time of year to the inputs; ``loss`` is ``'mse'``
    or ``'mae'``.
    """
    gn.manual_seed(seed)
    _, series = read_series(csv_path)
    n = len(series)
    test_start = n - SEASON
    if test_start < SEASON + lookback + horizons:
        raise ValueError(f"{csv_path}: {n} days is too short (need at least {2 * SEASON + lookback + horizons})")
    val_start = test_start - SEASON if test_start - SEASON >= SEASON + lookback + horizons else test_start
    first = lookback - 1 if train_days is None else max(lookback - 1, val_start - train_days)
    mean, std = series[:test_start].mean(), series[:test_start].std()  # fitted on the days before the test year
    z = (series - mean) / std

    # Origin o forecasts days o+1 .. o+H. Training origins have every target before the validation year,
    # validation origins every target in it; the test origins give every horizon all the test year's days.
    xtr, ytr = windows(z, np.arange(first, val_start - horizons), lookback, horizons, season)
    xva, yva = (windows(z, np.arange(val_start - 1, test_start - horizons), lookback, horizons, season)
                if val_start < test_start else (None, None))
    origins = np.arange(test_start - horizons, n - 1)
    xte, _ = windows(z, origins, lookback, horizons, season)
    model = Forecaster(cell, hidden, horizons, inputs=xtr.shape[-1])
    opt = gn.optim.Adam(model.parameters(), lr=lr)
    loss_fn = {"mse": nn.MSELoss(), "mae": nn.L1Loss()}[loss]
    rng = np.random.default_rng(seed)
    losses, val_losses, best, best_state = [], [], float("inf"), None
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(xtr))
        total = 0.0
        for i in range(0, len(order), batch_size):
            b = order[i:i + batch_size]
            pred = model(gn.from_numpy(xtr[b]))
            loss_ = loss_fn(pred, gn.from_numpy(ytr[b]))
            opt.zero_grad()
            loss_.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            total += loss_.item() * len(b)
        losses.append(total / len(order))
        line = f"epoch {epoch + 1:2d}/{epochs}: train {loss.upper()} (standardised) {losses[-1]:.4f}"
        if xva is not None:
            model.eval()
            with gn.no_grad():
                val_losses.append(loss_fn(model(gn.from_numpy(xva)), gn.from_numpy(yva)).item())
            line += f", validation {val_losses[-1]:.4f}"
            if val_losses[-1] < best:
                best, best_state = val_losses[-1], {k: v.clone() for k, v in model.state_dict().items()}
        if verbose:
            print(line, flush=True)
    if best_state is not None:
        model.load_state_dict(best_state)
    best_epoch = int(np.argmin(val_losses)) + 1 if val_losses else epochs
    model.eval()
    with gn.no_grad():
        out = model(gn.from_numpy(xte)).numpy() * std + mean  # (origins, horizons)
    targets = np.arange(test_start, n)
    # The forecast of target day d at horizon h was made at origin d - h, row d - h - origins[0].
    pred = np.stack([out[targets - h - origins[0], h - 1] for h in range(1, horizons + 1)])
    truth = series[targets]
    forecasts = {cell: pred, **baselines(series, targets, horizons, test_start)}
    mae = {k: np.abs(v - truth[None, :]).mean(axis=1).tolist() for k, v in forecasts.items()}
    results = {f"{k}_mae": v[0] for k, v in mae.items()}
    results.update({"mae": mae, "horizons": horizons, "cell": cell, "losses": losses, "test_days": len(targets),
                    "train_windows": len(xtr), "forecasts": forecasts, "truth": truth, "model": model,
                    "mean": float(mean), "std": float(std), "lookback": lookback, "season": season,
                    "val_losses": val_losses, "best_epoch": best_epoch, "val_windows": 0 if xva is None else len(xva)})
    if verbose:
        print(f"\nTest: the last {SEASON} days. Mean absolute error in degrees C by horizon (days ahead):")
        print("  " + " " * 15 + " ".join(f"{h:>6d}" for h in range(1, horizons + 1)))
        for k, v in mae.items():
            print(f"  {k:15s} " + " ".join(f"{x:6.3f}" for x in v))
        better = all(a < b for a, b in zip(mae[cell], mae["persistence"]))
        print(f"\nThe {cell.upper()} {'beats' if better else 'does NOT beat'} persistence at every horizon.")
    return results


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    p = argparse.ArgumentParser(prog="python -m glassnet.examples.forecast", description=__doc__.split("\n")[0],
                                epilog="glassnet app weather runs the same forecaster and writes a run folder "
                                       "(report, plot, model).")
    p.add_argument("--csv", default=None, help="two-column CSV (date, value); default: melbourne-temperatures/"
                                              "daily-min-temperatures.csv in the data folder ($GLASSNET_DATA or "
                                              "~/.glassnet/data)")
    p.add_argument("--cell", choices=("lstm", "gru"), default="lstm")
    p.add_argument("--lookback", type=int, default=30)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--horizons", type=int, default=7, help="forecast 1..H days ahead (default: 7)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    path = args.csv or shared_data("melbourne-temperatures", "daily-min-temperatures.csv")
    if path is None:
        print(missing_data_message("forecast", "--csv PATH (a CSV with a date column and a value column)",
                                   "melbourne-temperatures", "daily-min-temperatures.csv"), file=sys.stderr)
        return 2
    try:
        run(path, args.cell, args.lookback, args.hidden, args.epochs, seed=args.seed, horizons=args.horizons)
    except ValueError as e:
        print(f"forecast: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
