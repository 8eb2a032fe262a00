"""``glassnet app fraud``: rare-event detection on an imbalanced table, with a decision threshold chosen for a cost.

The same MLP is trained with plain cross-entropy, a class-weighted loss and focal loss, and compared with
scikit-learn's logistic regression and gradient boosting on one stratified train/validation/test split. Models
are ranked by average precision (the area under the precision-recall curve, whose floor is the prevalence);
then, for a stated cost of a missed case and of a false alarm, each model's threshold is chosen on the validation
split and its cost on the test split is set against flagging nothing, flagging everything and the default
threshold 0.5.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .common import add_common_arguments, module_main

NAME = "fraud"
DESCRIPTION = __doc__.split("\n\n", 1)[1] + """
Data (--data): a CSV with a header row, numeric features and a 0/1 label column (--label; default Class, else Y,
else the last column); 'credit-card-default' for the UCI default-of-credit-card-clients file in the data folder
(a default-risk set, not fraud); or 'synthetic' (the default): card transactions with planted fraud patterns.
"""
CREDIT_DEFAULT = ("credit-card-default", "UCI_Credit_Card.csv")


@dataclass
class Data:
    """Features, 0/1 labels and what the report says about where they came from."""

    x: np.ndarray
    y: np.ndarray
    features: list[str]
    source: str
    about: str


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this app."""
    add_common_arguments(p, "a CSV with a 0/1 label column, 'credit-card-default' (the UCI file in the data "
                            "folder) or 'synthetic' (default: synthetic transactions)")
    p.add_argument("--label", default=None, help="the label column (default: Class, else Y, else the last one)")
    p.add_argument("--drop", default=None, help="comma-separated columns to leave out (default: ID when present)")
    p.add_argument("--rows", type=int, default=None, help="synthetic transactions (default: 200000; --quick 30000)")
    p.add_argument("--prevalence", type=float, default=0.002, help="synthetic fraud rate (default: 0.002)")
    p.add_argument("--cost-miss", type=float, default=10.0, help="cost of a missed positive case (default: 10)")
    p.add_argument("--cost-false-alarm", type=float, default=1.0, help="cost of a false alarm (default: 1)")
    p.add_argument("--epochs", type=int, default=None,
                   help="MLP epochs (default: about 4000 steps, 10 to 100 epochs; --quick 6)")
    p.add_argument("--focal-gamma", type=float, default=2.0, help="focal loss gamma (default: 2)")
    p.add_argument("--focal-alpha", type=float, default=0.25, help="focal loss alpha (default: 0.25)")


def load_data(args: argparse.Namespace) -> tuple[Data, int, str]:
    """The table the run uses, with the number of rows left out for missing values and the file they came from."""
    from ..cli.errors import CLIError
    from .synthetic_fraud import PATTERNS, make_transactions
    from .tabular import read_labelled_csv

    if args.data in (None, "synthetic"):
        n = args.rows or (30000 if args.quick else 200000)
        x, y, names = make_transactions(n, args.prevalence, seed=args.seed)
        mix = ", ".join(f"{k} {v:.0%}" for k, v in PATTERNS.items())
        about = (f"Synthetic card transactions from `glassnet.apps.synthetic_fraud` (seed {args.seed}): {n} rows, "
                 f"{int(y.sum())} frauds ({args.prevalence:.2%}), planted patterns: {mix}. The mimics are drawn "
                 f"from the legitimate distribution, so no model can find them.")
        return Data(x, y, names, "synthetic", about), 0, "synthetic"
    if args.data == CREDIT_DEFAULT[0]:
        from ..examples._common import missing_data_message, shared_data

        path = shared_data(*CREDIT_DEFAULT)
        if path is None:
            raise CLIError(missing_data_message("glassnet app fraud", "--data PATH/UCI_Credit_Card.csv",
                                                *CREDIT_DEFAULT))
    else:
        path = Path(args.data)
    drop = [c.strip() for c in args.drop.split(",") if c.strip()] if args.drop is not None else None
    try:
        t = read_labelled_csv(path, args.label, drop)
    except (ValueError, UnicodeDecodeError) as e:
        raise CLIError(str(e)) from None
    if t.features == [f"X{i}" for i in range(1, 24)] and t.label == "Y":
        about = (f"`{path}`: the UCI Default of Credit Card Clients data (Taiwan, 2005). **This is a default-risk "
                 "set, not a fraud set**: a positive case is a client who defaulted on next month's payment. It "
                 "stands in here as a real imbalanced table (about one client in five defaults, far less rare "
                 "than fraud).")
    else:
        about = f"`{path}`: label column `{t.label}` (1 = the rare case to detect)."
    if t.dropped_columns:
        about += f" Columns left out: {', '.join(t.dropped_columns)}."
    return Data(t.x, t.y, t.features, str(path), about), t.missing_rows, str(path)


def stratified_split(y: np.ndarray, seed: int, fractions: tuple[float, float] = (0.6, 0.2)) -> list[np.ndarray]:
    """Train/validation/test indices with each class split in the same proportions."""
    rng = np.random.default_rng(seed)
    parts: list[list[np.ndarray]] = [[], [], []]
    for cls in (0, 1):
        idx = rng.permutation(np.flatnonzero(y == cls))
        a = int(round(len(idx) * fractions[0]))
        b = a + int(round(len(idx) * fractions[1]))
        for part, chunk in zip(parts, (idx[:a], idx[a:b], idx[b:])):
            part.append(chunk)
    return [np.sort(np.concatenate(p)) for p in parts]


def default_epochs(rows: int, batch_size: int, quick: bool) -> int:
    """6 for --quick; else enough epochs for about 4000 steps on the 60% training split, from 10 to 100."""
    if quick:
        return 6
    batches = max(1, round(0.6 * rows / batch_size))
    return int(np.clip(np.ceil(4000 / batches), 10, 100))


def run(args: argparse.Namespace) -> int:
    """Train, compare, choose thresholds and write the run folder."""
    from ..cli.errors import CLIError
    from ..data import StandardScaler
    from .fraud_models import LOSSES, MLPSettings, Trained, predict_proba, require_sklearn, sklearn_baselines, train_mlp
    from .fraud_report import write_report
    from .run_folder import AppRun

    if args.cost_miss <= 0 or args.cost_false_alarm <= 0:
        raise CLIError("--cost-miss and --cost-false-alarm must be positive")
    if args.rows is not None and args.rows < 1000:
        raise CLIError(f"--rows must be at least 1000, got {args.rows}")
    if not 0 < args.prevalence < 0.5:
        raise CLIError(f"--prevalence must be in (0, 0.5), got {args.prevalence}")
    require_sklearn()
    data, missing, source = load_data(args)
    settings = MLPSettings(focal_gamma=args.focal_gamma, focal_alpha=args.focal_alpha)
    settings.epochs = args.epochs or default_epochs(len(data.y), settings.batch_size, args.quick)
    run_ = AppRun(args.out, app=NAME, overwrite=args.overwrite, title="Fraud-style rare-event detection",
                  config={"data": data.source, "label": args.label, "drop": args.drop, "quick": args.quick,
                          "seed": args.seed, "cost_miss": args.cost_miss, "cost_false_alarm": args.cost_false_alarm,
                          "epochs": settings.epochs, "focal_gamma": args.focal_gamma, "focal_alpha": args.focal_alpha,
                          "rows": args.rows, "prevalence": args.prevalence})
    run_.dropped(source, missing, "a missing value")
    x, y = data.x, data.y
    if args.quick and data.source != "synthetic" and len(y) > 6000:
        keep = stratified_split(y, args.seed, (6000 / len(y), 0.0))[0]
        run_.dropped(source, len(y) - len(keep), "--quick uses a stratified sample of 6000 rows")
        x, y = x[keep], y[keep]
    tr, va, te = stratified_split(y, args.seed)
    for name, idx in (("training", tr), ("validation", va), ("test", te)):
        if y[idx].sum() < 2:
            raise CLIError(f"{data.source}: the {name} split has {int(y[idx].sum())} positive cases; the data has "
                           f"too few ({int(y.sum())}) to split three ways")
    # The scaler sees only the training split, so nothing about validation or test leaks into the features.
    scaler = StandardScaler().fit(x[tr])
    xs = [scaler.transform(x[i]).astype(np.float32) for i in (tr, va, te)]
    ys = [y[i] for i in (tr, va, te)]

    results: list[Trained] = []
    for kind in LOSSES:
        model, epoch, curve, note = train_mlp(kind, xs[0], ys[0], xs[1], ys[1], settings, args.seed, args.verbose)
        results.append(Trained(f"MLP, {kind}", predict_proba(model, xs[1]), predict_proba(model, xs[2]), model,
                               epoch, curve, note))
        run_.save_model(model, f"mlp_{kind.replace('-', '_')}.safetensors")
    results += sklearn_baselines(xs[0], ys[0], xs[1], ys[1], xs[2], args.seed)
    run_.write_json("scaler.json", {"features": data.features, "mean": scaler.mean_, "scale": scaler.scale_})
    metrics = write_report(run_, data, results, ys, settings, args)
    report = run_.finish(metrics)
    if args.verbose:
        print(metrics["verdict"])
        print(f"report: {report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(module_main(NAME))
