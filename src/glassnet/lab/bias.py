"""bias: a model trained on skewed data can widen the skew; the fairness report before and after two mitigations.

Full mode: UCI Adult (label >50K, group = sex) with women under-represented in training (a seeded 30% of the
female training rows kept). --quick: a synthetic table of the same shape (no download): a minority group with a
lower positive rate. Selection rates are compared with the base rates of the test labels: amplification is a
predicted gap larger than the gap in the data. Needs fairlearn and scikit-learn (extra ``[lab]``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import glassnet as gn

from ..apps.run_folder import AppRun, markdown_table

CLAIM = ("Bias in a deep learning system: a model trained on skewed data learns the skew and can amplify it (its "
         "decisions differ between groups more than the data does), and mitigations can narrow the gap.")
SUMMARY = "a model trained on skewed data amplifies the skew; fairness report before/after reweighing and thresholds"

KEEP_MINORITY = 0.3


def _need_fairlearn() -> None:
    try:
        import fairlearn  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        from ..cli.errors import CLIError

        raise CLIError('lab bias needs fairlearn and scikit-learn: pip install "glassnet[lab]"') from None


def _synthetic(seed: int) -> dict[str, Any]:
    """A table where group 'B' is 20% of the rows and has a lower positive rate through a lower latent score."""
    rng = np.random.default_rng(seed + 100)
    n = 4000
    group = np.where(rng.random(n) < 0.2, "B", "A")
    score = rng.normal(size=n) - 0.6 * (group == "B")
    y = (score + rng.normal(scale=0.8, size=n) > 0.6).astype(np.int64)
    # what the model sees: noisy views of the score, and a proxy correlated with the group
    feats = [score + rng.normal(scale=0.7, size=n) for _ in range(3)]
    feats.append((group == "B") + rng.normal(scale=0.5, size=n))
    feats.append(rng.normal(size=n))
    x = np.stack(feats, axis=1).astype(np.float32)
    test = rng.random(n) < 0.3
    return {"x_train": x[~test], "y_train": y[~test], "g_train": group[~test], "x_test": x[test],
            "y_test": y[test], "g_test": group[test], "name": "synthetic (4,000 rows; group B is 20% of them)",
            "minority": "B"}


def _adult(run: AppRun, seed: int) -> dict[str, Any]:
    from ..cli.errors import CLIError
    from ..examples._common import missing_data_message
    from .small_tabular import load_adult

    adult = load_adult(run, "bias")
    if adult is None:
        raise CLIError(missing_data_message("lab bias", "--quick (a synthetic table needs no download)", "adult",
                                            "adult.data"))
    x, y, g = adult["x"], adult["y"], adult["sex"]
    rng = np.random.default_rng(seed)
    test = rng.random(len(y)) < 0.3
    # under-represent women in training: keep a seeded 30% of the female training rows
    drop = (~test) & (g == "Female") & (rng.random(len(y)) >= KEEP_MINORITY)
    train = (~test) & ~drop
    run.dropped("adult.data training split", int(drop.sum()), f"female rows left out on purpose: only "
                f"{int(KEEP_MINORITY * 100)}% kept, so the group is under-represented in training")
    mean, std = x[train].mean(0), x[train].std(0) + 1e-6
    x = (x - mean) / std
    return {"x_train": x[train], "y_train": y[train], "g_train": g[train], "x_test": x[test], "y_test": y[test],
            "g_test": g[test], "minority": "Female",
            "name": f"UCI Adult (adult.data: {len(y):,} rows; 30% seeded test split; in training only "
                    f"{int(KEEP_MINORITY * 100)}% of the female rows kept: {int(drop.sum()):,} left out on purpose)"}


def _train(d: dict[str, Any], seed: int, weights: np.ndarray | None = None, epochs: int = 5) -> Any:
    gn.manual_seed(seed)
    model = gn.models.get_model("mlp", in_features=d["x_train"].shape[1], hidden=[32], num_classes=2)
    gn.train.fit(model, (d["x_train"], d["y_train"]), loss="cross_entropy", optimizer="adam", lr=1e-3, epochs=epochs,
                 batch_size=64, verbose=0, seed=seed, metrics=(), sample_weight=weights)
    return model.eval()


def _predict(model: Any, x: np.ndarray) -> np.ndarray:
    with gn.no_grad():
        return model(gn.from_numpy(x)).argmax(1)._data.astype(np.int64)


def _gap(values: np.ndarray, groups: np.ndarray, minority: str) -> tuple[float, float, float]:
    """(majority rate, minority rate, majority - minority) of the 0/1 ``values``."""
    hi, lo = float(values[groups != minority].mean()), float(values[groups == minority].mean())
    return hi, lo, hi - lo


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Train on skewed data, compare the predicted gap with the data's, then mitigate and report."""
    _need_fairlearn()
    from tqdm.auto import tqdm

    from ..fairness import comparison_table, fairness_report, reweighing_weights, threshold_optimizer

    d = _synthetic(seed) if quick else _adult(run, seed)
    mino, epochs = d["minority"], (8 if quick else 5)
    data_train = _gap(d["y_train"], d["g_train"], mino)
    data_test = _gap(d["y_test"], d["g_test"], mino)
    seeds = [seed + i for i in range(3)]
    models, pred_gaps = [], []
    for s in tqdm(seeds, desc="bias", disable=verbose < 1):
        models.append(_train(d, s, epochs=epochs))
        pred_gaps.append(_gap(_predict(models[-1], d["x_test"]), d["g_test"], mino))
    pred = np.asarray(pred_gaps)
    amplification = pred[:, 2] - data_test[2]
    ratio_data = data_test[1] / data_test[0]
    ratio_pred = pred[:, 1] / np.maximum(pred[:, 0], 1e-12)

    base = models[0]
    rw = _train(d, seed, weights=reweighing_weights(d["y_train"], d["g_train"]), epochs=epochs)
    thr = threshold_optimizer(base, d["x_train"], d["y_train"], d["g_train"], constraints="demographic_parity")
    preds = {"model (no mitigation)": _predict(base, d["x_test"]), "reweighing": _predict(rw, d["x_test"]),
             "ThresholdOptimizer (demographic parity)": np.asarray(
                 thr.predict(d["x_test"], sensitive_features=d["g_test"], random_state=seed)).astype(np.int64)}
    reports = {k: fairness_report(d["y_test"], p, d["g_test"]) for k, p in preds.items()}

    run.section("Setup", (
        f"Data: {d['name']}. Group of interest: **{mino}** ({(d['g_train'] == mino).mean():.0%} of the training "
        f"rows, {(d['g_test'] == mino).mean():.0%} of the test rows). The model is a glassnet MLP (one hidden layer "
        f"of 32, Adam lr 1e-3, batch 64, {epochs} epochs), trained with {len(seeds)} seeds.\n\n"
        "The *data gap* is the difference of positive-label rates (base rates) between the other group and "
        f"{mino} in the test labels; the *predicted gap* the same difference of the model's selection rates on the "
        "same rows. Amplification means predicted gap > data gap (in points), or a lower ratio of the two groups' "
        "rates (in relative terms). Mitigations (seed "
        f"{seed}): **reweighing** (retrain with `glassnet.fairness.reweighing_weights`, which balances every "
        "(group, label) cell) and fairlearn's **ThresholdOptimizer** under demographic parity over the trained "
        "model (`glassnet.fairness.threshold_optimizer`, thresholds chosen on the training rows)."))
    gap_rows = [["training labels (base rate)", f"{100 * data_train[0]:.1f}", f"{100 * data_train[1]:.1f}",
                 f"{100 * data_train[2]:.1f}", f"{data_train[1] / data_train[0]:.2f}"],
                ["test labels (base rate)", f"{100 * data_test[0]:.1f}", f"{100 * data_test[1]:.1f}",
                 f"{100 * data_test[2]:.1f}", f"{ratio_data:.2f}"]]
    gap_rows += [[f"model predictions, seed {s}", f"{100 * p[0]:.1f}", f"{100 * p[1]:.1f}", f"{100 * p[2]:.1f}",
                  f"{r:.2f}"] for s, p, r in zip(seeds, pred, ratio_pred)]
    run.section("Results", (
        "Positive rates by group (%):\n\n"
        + markdown_table(["", f"other group ({'Male' if mino == 'Female' else 'A'})", mino,
                          "gap (pts)", f"ratio {mino} / other"], gap_rows)
        + f"\n\nPredicted gap minus data gap: {100 * amplification.mean():+.1f} ± {100 * amplification.std():.1f} "
        f"points over {len(seeds)} seeds; ratio of rates {ratio_data:.2f} in the data, {ratio_pred.mean():.2f} ± "
        f"{ratio_pred.std():.2f} predicted (lower: more skewed).\n\n"
        "Fairness report on the test rows (DP: demographic parity, the selection-rate gap; EO: equalized odds; a "
        "difference of 0 and a ratio of 1 are parity):\n\n" + comparison_table(reports)
        + "\n\n![selection rates by group](bias.png)"))
    _plot(run, d, preds, mino)

    amp = float(amplification.mean())
    after = {k: r.gaps["demographic_parity_difference"] for k, r in reports.items()}
    best = min(after, key=after.get)
    rel = float(ratio_pred.mean()) < ratio_data  # the minority's rate relative to the other group's fell
    pts = (f"{100 * pred[:, 2].mean():.1f} points predicted against {100 * data_test[2]:.1f} in the data, mean of "
           f"{len(seeds)} seeds")
    rates = f"{mino}'s rate over the other group's {ratio_pred.mean():.2f} predicted against {ratio_data:.2f}"
    if amp > 0 and rel:
        amp_sentence = f"The model amplified the skew, in points ({pts}) and relative terms ({rates})"
    elif amp > 0:
        amp_sentence = f"The model widened the gap in points ({pts}) but not in relative terms ({rates})"
    elif rel:
        amp_sentence = (f"The model did not widen the gap in points ({pts}, as it selects fewer of both groups) "
                        f"but amplified it in relative terms ({rates})")
    else:
        amp_sentence = f"The model did not amplify the skew, neither in points ({pts}) nor in relative terms ({rates})"
    acc0, acc1 = reports["model (no mitigation)"].overall["accuracy"], reports[best].overall["accuracy"]
    verdict = (amp_sentence + f", and {best} narrowed the demographic-parity difference from "
               f"{after['model (no mitigation)']:.3f} to {after[best]:.3f} at an accuracy of {acc1:.3f} "
               f"(from {acc0:.3f})." if best != "model (no mitigation)"
               else amp_sentence + ", and neither mitigation narrowed the gap.")
    return {"data_gap_test": data_test[2], "data_gap_train": data_train[2], "predicted_gap": pred[:, 2].tolist(),
            "amplification_mean": amp, "amplified": bool(amp > 0), "amplified_relative": bool(rel),
            "rate_ratio_data": ratio_data, "rate_ratio_predicted": float(ratio_pred.mean()),
            "reports": {k: r.as_dict() for k, r in reports.items()}, "verdict": verdict}


def _plot(run: AppRun, d: dict[str, Any], preds: dict[str, np.ndarray], mino: str) -> None:

    from ..apps.run_folder import new_figure

    bars = {"test labels (data)": d["y_test"], **preds}
    groups = [g for g in np.unique(d["g_test"]) if g != mino] + [mino]
    fig, ax = new_figure(figsize=(7, 3.4))
    width = 0.8 / len(groups)
    for i, g in enumerate(groups):
        vals = [100 * float(v[d["g_test"] == g].mean()) for v in bars.values()]
        ax.bar(np.arange(len(bars)) + (i - (len(groups) - 1) / 2) * width, vals, width, label=str(g))
    ax.set_xticks(np.arange(len(bars)))
    ax.set_xticklabels([k.replace(" (", "\n(") for k in bars], fontsize=7)
    ax.set_ylabel("positive rate (%)")
    ax.set_title("Positive-label rate in the data and selection rate of each model, by group", fontsize=9)
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=8)
    run.savefig(fig, "bias.png", dpi=90)
