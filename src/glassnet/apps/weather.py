"""``glassnet app weather``: Melbourne temperature forecasts 1-7 days ahead against persistence and seasonal naive.

The forecaster is the one of ``python -m glassnet.examples.forecast`` (one implementation): an LSTM (or GRU) over
the last weeks with one output per horizon, trained on every year but the last and scored on the last year's days
by the mean absolute error at each horizon, beside persistence (the last observed day) and seasonal naive (the same
day a year earlier). Any two-column ``date,value`` CSV with a header works: the daily minimum file is the default,
the daily maximum file or your own series are passed with --data.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from .common import add_common_arguments, module_main

NAME = "weather"
DESCRIPTION = __doc__.split("\n\n", 1)[1]


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this app."""
    add_common_arguments(p, "daily series: a CSV with a header and two columns, date and value (default: "
                            "melbourne-temperatures/daily-min-temperatures.csv in the data folder)")
    p.add_argument("--cell", choices=("lstm", "gru"), default="lstm", help="recurrent cell (default: lstm)")
    p.add_argument("--horizons", type=int, default=7, help="forecast 1..H days ahead (default: 7)")
    p.add_argument("--lookback", type=int, default=30, help="days the model reads (default: 30)")
    p.add_argument("--hidden", type=int, default=32, help="hidden size (default: 32; 16 with --quick)")
    p.add_argument("--epochs", type=int, default=None, help="training epochs (default: 30; 4 with --quick)")


def _plot(run, mae: dict, cell: str) -> None:
    """MAE against horizon: the model and the two baselines."""

    from .run_folder import new_figure

    h = np.arange(1, len(mae[cell]) + 1)
    fig, ax = new_figure(figsize=(6.5, 4))
    ax.plot(h, mae[cell], "o-", label=cell.upper())
    ax.plot(h, mae["persistence"], "s--", label="persistence")
    ax.plot(h, mae["seasonal_naive"], "^:", label="seasonal naive")
    ax.set_xlabel("days ahead")
    ax.set_ylabel("MAE on the last year (degrees)")
    ax.set_xticks(h)
    ax.set_ylim(bottom=0)
    ax.set_title("Forecast error by horizon")
    ax.grid(alpha=0.3)
    ax.legend()
    run.savefig(fig, "mae_by_horizon.png")


def _plot_forecasts(run, res: dict) -> None:
    """The test year: truth and the 1-day and longest-horizon forecasts."""

    from .run_folder import new_figure

    f, H = res["forecasts"][res["cell"]], res["horizons"]
    fig, ax = new_figure(figsize=(9, 3.5))
    ax.plot(res["truth"], color="k", lw=0.8, label="observed")
    ax.plot(f[0], lw=0.8, label="1 day ahead")
    if H > 1:
        ax.plot(f[H - 1], lw=0.8, label=f"{H} days ahead")
    ax.set_xlabel("day of the test year")
    ax.set_ylabel("value")
    ax.legend(fontsize=8)
    run.savefig(fig, "test_forecasts.png")


def run(args: argparse.Namespace) -> int:
    """Train the forecaster on the series, score every horizon on the last year, write the run folder."""
    from ..cli.errors import CLIError
    from ..examples._common import missing_data_message, shared_data
    from ..examples.forecast import SEASON, read_series
    from ..examples.forecast import run as forecast
    from .run_folder import AppRun, markdown_table

    path = args.data or shared_data("melbourne-temperatures", "daily-min-temperatures.csv")
    if path is None:
        raise CLIError(missing_data_message("glassnet app weather", "--data PATH (a CSV with a date column and a "
                                            "value column)", "melbourne-temperatures", "daily-min-temperatures.csv"))
    if not Path(path).is_file():
        raise CLIError(f"{path}: no such file")
    if min(args.horizons, args.lookback, args.hidden, args.epochs or 1) < 1:
        raise CLIError("--horizons, --lookback, --hidden and --epochs must be at least 1")
    try:
        n_days = len(read_series(path)[1])  # a bad line stops the run before a run folder is made
    except ValueError as e:
        raise CLIError(str(e)) from None
    if n_days < 2 * SEASON + args.lookback + args.horizons:
        raise CLIError(f"{path}: {n_days} days is too short (need at least "
                       f"{2 * SEASON + args.lookback + args.horizons}: a training year before the test year)")
    epochs = args.epochs if args.epochs is not None else (4 if args.quick else 30)
    hidden = 16 if args.quick and args.hidden == 32 else args.hidden
    train_days = 2 * SEASON if args.quick else None  # the quick run trains on the last two training years only
    run_ = AppRun(args.out, NAME, {"data": str(path), "quick": args.quick, "seed": args.seed, "cell": args.cell,
                                   "horizons": args.horizons, "lookback": args.lookback, "hidden": hidden,
                                   "epochs": epochs, "train_days": train_days or "all"},
                  "Weather: temperature forecasts 1-7 days ahead", overwrite=args.overwrite)
    try:
        res = forecast(path, args.cell, args.lookback, hidden, epochs, seed=args.seed, verbose=args.verbose >= 1,
                       horizons=args.horizons, train_days=train_days)
    except ValueError as e:
        raise CLIError(str(e)) from None
    cell, mae, H = res["cell"], res["mae"], res["horizons"]
    names = {cell: cell.upper(), "persistence": "persistence", "seasonal_naive": "seasonal naive",
             "climatology": "climatology (reference)"}
    rows = [[h + 1] + [mae[k][h] for k in names] for h in range(H)]
    beats = [mae[cell][h] < min(mae["persistence"][h], mae["seasonal_naive"][h]) for h in range(H)]

    def days(hs: list[int]) -> str:
        return ("horizon " if len(hs) == 1 else "horizons ") + ", ".join(map(str, hs))

    missed = [h + 1 for h in range(H) if not beats[h]]
    verdict = (f"The {cell.upper()} beats both baselines at every horizon 1-{H}." if not missed else
               f"The {cell.upper()} does NOT beat both baselines at {days(missed)}.")
    clim = [h + 1 for h in range(H) if mae[cell][h] < mae["climatology"][h]]
    verdict += (" It is also better than climatology at every horizon." if len(clim) == H else
                f" Against climatology it is better at {days(clim)} only." if clim else
                " It is not better than climatology at any horizon.")
    _plot(run_, mae, cell)
    _plot_forecasts(run_, res)
    val = (f", then {res['val_windows']} validation windows whose targets are the year before the test year "
           f"(it picks the epoch kept: {res['best_epoch']} of {epochs})" if res["val_windows"] else
           " (too short for a validation year: the last epoch is kept)")
    run_.section("Data", f"{path}: {n_days} days. The test days are the last {SEASON}; before them "
                         f"{res['train_windows']} training windows of {args.lookback} days"
                         f"{' (quick: the last two years before the validation year only)' if train_days else ''}"
                         f"{val}. Values are standardised with the mean {res['mean']:.2f} and standard deviation "
                         f"{res['std']:.2f} of the days before the test year.")
    run_.section("Mean absolute error by horizon (last year)",
                 markdown_table(["days ahead"] + list(names.values()), rows, ".3f")
                 + f"\n\n{verdict} Persistence forecasts the day h days ahead with the last observed day; seasonal "
                   f"naive with the same day one year ({SEASON} days) earlier, the same at every horizon. "
                   f"Climatology (the mean of the same calendar day over the training years) is shown as a "
                   f"reference: it is what a forecast tends to when the recent days say little. The model is "
                   f"{'an' if cell == 'lstm' else 'a'} {cell.upper()} (hidden {hidden}) with one output per "
                   f"horizon, trained for {epochs} epochs (epoch {res['best_epoch']} kept) with Adam on the mean "
                   f"squared error of all horizons; its inputs are the value and the time of year (sin and cos of "
                   f"the day's index modulo {SEASON}) of each of the last {args.lookback} days.\n\n"
                   f"![MAE by horizon](mae_by_horizon.png)\n\n![Test-year forecasts](test_forecasts.png)")
    run_.save_model(res["model"], "model.safetensors")
    run_.write_json("scaler.json", {"mean": res["mean"], "std": res["std"], "lookback": args.lookback,
                                    "horizons": H, "cell": cell, "hidden": hidden,
                                    "inputs": 3 if res["season"] else 1})
    metrics = {"verdict": verdict, "beats_baselines": all(beats), "mae": mae, "train_loss": res["losses"],
               "val_loss": res["val_losses"], "best_epoch": res["best_epoch"]}
    for k in names:
        metrics[f"{k}_mae_1d"] = mae[k][0]
        metrics[f"{k}_mae_{H}d"] = mae[k][H - 1]
        metrics[f"{k}_mae_mean"] = float(np.mean(mae[k]))
    report = run_.finish(metrics)
    if args.verbose:
        print(verdict)
        print(f"report: {report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(module_main(NAME))
