"""``glassnet app diagnosis --mode measurements``: an MLP on a table of measurements per patient (the breast-cancer
Wisconsin data that ships with scikit-learn, or the user's CSV with ``--label``), calibrated, against logistic
regression, with integrated-gradients attributions for one patient.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from . import calibration as cal
from .diagnosis_common import fit_logistic, logistic_margins, margins, report_binary, train_classifier
from .diagnosis_inputs import DropLog, Splits, read_measurements, split_three
from .run_folder import AppRun, markdown_table

REPEATS = 5  # further random splits in the full run, to compare the two models beyond one small test split


def load_breast_cancer_splits(seed: int) -> Splits:
    """scikit-learn's copy of the Wisconsin diagnostic breast-cancer data; 1 = malignant."""
    try:
        from sklearn.datasets import load_breast_cancer
    except ImportError:
        from ..cli.errors import CLIError

        raise CLIError('the built-in measurements (breast-cancer Wisconsin) come with scikit-learn: pip install '
                       '"glassnet[sklearn]", or pass your own CSV with --data FILE --label COLUMN') from None
    d = load_breast_cancer()
    y = (d.target == 0).astype(np.int64)  # scikit-learn codes malignant as 0; here the condition is 1
    parts = split_three(d.data.astype(np.float32), y, seed)
    return Splits(*parts, classes=("benign", "malignant"), feature_names=list(d.feature_names),
                  source="breast-cancer Wisconsin (diagnostic) data from scikit-learn (569 patients, 30 features)")


def load_measurements(args: argparse.Namespace, drops: DropLog) -> Splits:
    """The built-in data without --data, else the CSV ``--data`` with its ``--label`` column."""
    if args.data is None:
        return load_breast_cancer_splits(args.seed)
    if args.label is None:
        from ..cli.errors import CLIError

        raise CLIError(f"{args.data}: name the column that holds the diagnosis with --label COLUMN")
    x, y, names, classes = read_measurements(args.data, args.label, args.positive, drops)
    if min(int(y.sum()), int(len(y) - y.sum())) < 5:
        from ..cli.errors import CLIError

        raise CLIError(f"{args.data}: column {args.label!r} has {int(y.sum())} rows of {classes[1]!r} and "
                       f"{int(len(y) - y.sum())} of {classes[0]!r}; each needs at least 5 to split and calibrate")
    return Splits(*split_three(x, y, args.seed), classes=classes, feature_names=names,
                  source=f"CSV {args.data} (label column {args.label!r}, {len(y)} complete rows)")


class _Margin:
    """The model's log-odds z1 - z0 as one output column, so integrated gradients explain the log-odds."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def __call__(self, x: Any) -> Any:
        z = self.model(x)
        return z[:, 1:2] - z[:, 0:1]


def attributions(model: Any, x: np.ndarray) -> tuple[np.ndarray, float]:
    """Integrated gradients of the log-odds for one standardised row (baseline: the training mean, i.e. zeros),
    and the convergence delta (how far their sum is from the change in log-odds)."""
    import glassnet as gn
    from glassnet.inspect import IntegratedGradients

    model.eval()
    attr, delta = IntegratedGradients(_Margin(model)).attribute(gn.tensor(x[None]), target=0, n_steps=64,
                                                                return_convergence_delta=True)
    return attr.numpy()[0].astype(np.float64), float(np.abs(delta.numpy()).max())


def attribution_figure(names: list[str], attr: np.ndarray, top: int, title: str) -> Any:
    """Horizontal bars of the ``top`` largest attributions; red raises the log-odds of the condition, blue lowers it."""

    from .run_folder import new_figure

    order = np.argsort(-np.abs(attr))[:top][::-1]
    fig, ax = new_figure(figsize=(6.0, 0.32 * len(order) + 1.2))
    ax.barh([names[i] for i in order], attr[order], color=["tab:red" if attr[i] > 0 else "tab:blue" for i in order])
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlabel("contribution to the log-odds of the condition (integrated gradients)")
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="y", labelsize=8)
    return fig


def _fit_pair(sp: Splits, epochs: int, seed: int, verbose: int) -> tuple:
    """Standardise on the training split, train the MLP and the logistic regression; returns the MLP, the scaler,
    the standardised splits, and the (validation, test) margins of each model."""
    import glassnet as gn
    from glassnet.data import StandardScaler
    from glassnet.models.mlp import MLP

    scaler = StandardScaler().fit(sp.x_tr)
    xs = tuple(scaler.transform(a).astype(np.float32) for a in (sp.x_tr, sp.x_va, sp.x_te))
    gn.manual_seed(seed)
    model = MLP(xs[0].shape[1], [16], num_classes=2, dropout=0.2)
    train_classifier(model, xs[0], sp.y_tr, xs[1], sp.y_va, epochs=epochs, lr=1e-3, batch_size=32, seed=seed,
                     verbose=verbose, weight_decay=1e-3)
    layer = fit_logistic(xs[0], sp.y_tr, l2=1e-2)
    return (model, scaler, xs, (margins(model, xs[1]), margins(model, xs[2])),
            (logistic_margins(layer, xs[1]), logistic_margins(layer, xs[2])))


def _repeat_splits(run: AppRun, sp: Splits, epochs: int, seed: int, repeats: int) -> dict[str, Any]:
    """Both models on ``repeats`` fresh random splits: one test split of ~100 patients cannot tell them apart."""
    x = np.concatenate([sp.x_tr, sp.x_va, sp.x_te])
    y = np.concatenate([sp.y_tr, sp.y_va, sp.y_te])
    res = {"MLP": ([], []), "logistic regression": ([], [])}
    for r in range(repeats):
        split = Splits(*split_three(x, y, seed + 1000 * (r + 1)), classes=sp.classes, source=sp.source)
        _, _, _, (z_va, z_te), (l_va, l_te) = _fit_pair(split, epochs, seed + r + 1, 0)
        for name, (zv, zt) in (("MLP", (z_va, z_te)), ("logistic regression", (l_va, l_te))):
            temp = cal.fit_temperature(zv, split.y_va)
            res[name][0].append(cal.roc_auc(split.y_te, zt))
            res[name][1].append(cal.brier_score(cal.sigmoid(zt / temp), split.y_te))
    rows = [[name, f"{np.mean(a):.4f} ± {np.std(a):.4f}", f"{np.mean(b):.4f} ± {np.std(b):.4f}"]
            for name, (a, b) in res.items()]
    wins = int(np.sum(np.array(res["MLP"][0]) > np.array(res["logistic regression"][0])))
    run.section("Measurements: over several random splits",
                f"The same two models on {repeats} further random 60/20/20 splits (mean ± standard deviation over "
                f"the splits; Brier score after temperature scaling):\n\n"
                + markdown_table(["model", "test ROC AUC", "test Brier score (calibrated)"], rows)
                + f"\n\nThe MLP's ROC AUC was above logistic regression's on {wins} of {repeats} splits.")
    return {"measurements_repeats": repeats, "measurements_repeat_mlp_auc": float(np.mean(res["MLP"][0])),
            "measurements_repeat_logistic_auc": float(np.mean(res["logistic regression"][0])),
            "measurements_repeat_mlp_brier": float(np.mean(res["MLP"][1])),
            "measurements_repeat_logistic_brier": float(np.mean(res["logistic regression"][1])),
            "measurements_repeat_mlp_wins": wins}


def run_measurements(run: AppRun, args: argparse.Namespace, epochs: int, sp: Splits) -> dict[str, Any]:
    """The measurements mode on ``load_measurements``'s data: standardise, train the MLP, compare with logistic
    regression, explain one patient."""
    epochs = min(epochs, 30) if args.quick else epochs
    if args.verbose:
        print(f"diagnosis measurements: training an MLP ({len(sp.y_tr)} patients, {epochs} epochs)")
    model, scaler, (x_tr, x_va, x_te), (z_va, z_te), (l_va, l_te) = _fit_pair(sp, epochs, args.seed, args.verbose)
    base = {"logistic": ("logistic regression", l_va, l_te)}
    run.section("Measurements: data and model",
                f"Data: {sp.source}; 0 = {sp.classes[0]!r}, 1 = {sp.classes[1]!r} (the condition). Split 60/20/20 "
                f"(stratified): {len(sp.y_tr)} training, {len(sp.y_va)} validation, {len(sp.y_te)} test patients. "
                f"Features standardised with the training split's mean and deviation. Model: an MLP "
                f"{x_tr.shape[1]}-16-2 (ReLU, dropout 0.2), Adam lr 0.001 with weight decay 1e-3, {epochs} epochs; "
                f"baseline: L2-regularised logistic regression on the same features.")
    m: dict[str, Any] = {"measurements_train": len(sp.y_tr), "measurements_val": len(sp.y_va),
                         "measurements_test": len(sp.y_te)}
    m.update(report_binary(run, "measurements", "Measurements", z_va, sp.y_va, z_te, sp.y_te, base,
                           args.target_sensitivity))
    run.save_model(model, "measurements_model.safetensors")
    # The model reads standardised features, so it is useless without the training split's mean and scale.
    run.write_json("measurements_scaler.json", {"features": sp.feature_names, "mean": scaler.mean_,
                                                "scale": scaler.scale_, "temperature": m["measurements_temperature"],
                                                "threshold": m["measurements_model_threshold"],
                                                "classes": list(sp.classes)})

    pos = np.flatnonzero(sp.y_te == 1)
    who = int(pos[0]) if len(pos) else 0
    attr, delta = attributions(model, x_te[who])
    p = float(cal.sigmoid(z_te[who] / m["measurements_temperature"]))
    names = sp.feature_names or [f"x{i}" for i in range(x_tr.shape[1])]
    run.savefig(attribution_figure(names, attr, 10, f"test patient {who}: {sp.classes[sp.y_te[who]]}, "
                                                     f"calibrated p = {p:.2f}"), "measurements_attributions.png")
    order = np.argsort(-np.abs(attr))[:10]
    rows = [[names[i], float(sp.x_te[who, i]), float(scaler.mean_[i]), float(attr[i])] for i in order]
    m.update({"measurements_patient": who, "measurements_patient_probability": p,
              "measurements_ig_delta": delta, "measurements_top_feature": names[order[0]]})
    run.section("Measurements: why, for one patient",
                f"Integrated gradients (`glassnet.inspect.IntegratedGradients`, 64 steps) of the model's log-odds "
                f"for test patient {who} (the first test patient with the condition; the calibrated probability "
                f"is {p:.3f}). The path starts at the training mean, so each number is how much that feature's "
                f"departure from the average patient moved the log-odds; they sum to the change in log-odds "
                f"(largest gap {delta:.2g}). The ten largest:\n\n"
                + markdown_table(["feature", "this patient", "training mean", "attribution (log-odds)"], rows)
                + "\n\n![attributions](measurements_attributions.png)")
    if not args.quick:
        m.update(_repeat_splits(run, sp, epochs, args.seed, REPEATS))
    return m


__all__ = ["attributions", "load_measurements", "run_measurements"]
