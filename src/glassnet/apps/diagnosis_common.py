"""What both modes of ``glassnet app diagnosis`` share: training a two-class model, its logit margins, a logistic
regression baseline, and the report of a binary classifier (calibration, operating point, baselines).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import calibration as cal
from .run_folder import AppRun, markdown_table

DISCLAIMER = ("**This is a teaching example, not a medical device.** Its numbers describe a small model on the "
              "data named here; they say nothing about how it would do on real patients, and no decision about "
              "anyone's health should be based on it.")


def train_classifier(model: Any, x_tr: np.ndarray, y_tr: np.ndarray, x_va: np.ndarray, y_va: np.ndarray, *,
                     epochs: int, lr: float, batch_size: int, seed: int, verbose: int,
                     weight_decay: float = 0.0) -> Any:
    """Train a two-logit model with cross-entropy and Adam (glassnet.train.fit); returns the History."""
    import glassnet as gn

    opt = gn.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    return gn.train.fit(model, (gn.tensor(x_tr), gn.tensor(y_tr)), val=(gn.tensor(x_va), gn.tensor(y_va)),
                        loss="cross_entropy", optimizer=opt, epochs=epochs, batch_size=batch_size,
                        verbose=1 if verbose >= 1 else 0, seed=seed)


def margins(model: Any, x: np.ndarray, batch_size: int = 512) -> np.ndarray:
    """The logit margin z1 - z0 of a two-logit model (its log-odds of class 1), in eval mode without gradients."""
    import glassnet as gn

    model.eval()
    out = []
    with gn.no_grad():
        for i in range(0, len(x), batch_size):
            z = model(gn.tensor(x[i:i + batch_size])).numpy()
            out.append(z[:, 1] - z[:, 0])
    return np.concatenate(out).astype(np.float64)


def fit_logistic(x_tr: np.ndarray, y_tr: np.ndarray, l2: float = 1e-3, max_iter: int = 200) -> Any:
    """Logistic regression (one nn.Linear, full-batch L-BFGS, L2 penalty ``l2``): the baseline; returns the layer."""
    import glassnet as gn

    gn.manual_seed(0)
    x = gn.tensor(x_tr.reshape(len(x_tr), -1).astype(np.float32))
    y = gn.tensor(y_tr.astype(np.float32))
    layer = gn.nn.Linear(x.shape[1], 1)
    opt = gn.optim.LBFGS(layer.parameters(), lr=1.0, max_iter=max_iter, line_search_fn="strong_wolfe")

    def closure() -> Any:
        opt.zero_grad()
        loss = gn.nn.functional.binary_cross_entropy_with_logits(layer(x)[:, 0], y) + l2 * (layer.weight ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return layer


def logistic_margins(layer: Any, x: np.ndarray) -> np.ndarray:
    """Log-odds of class 1 from ``fit_logistic``'s layer."""
    import glassnet as gn

    with gn.no_grad():
        return layer(gn.tensor(x.reshape(len(x), -1).astype(np.float32))).numpy()[:, 0].astype(np.float64)


def report_binary(run: AppRun, prefix: str, title: str, z_va: np.ndarray, y_va: np.ndarray, z_te: np.ndarray,
                  y_te: np.ndarray, baselines: dict[str, tuple[str, np.ndarray, np.ndarray]],
                  target_sensitivity: float) -> dict[str, Any]:
    """Calibrate the model's margins on validation, choose the operating point there, report both on test.

    ``baselines`` maps a metrics key to (name, validation margins, test margins); each gets its own threshold for
    the same target sensitivity, so the comparison is at the same operating point. Returns the metrics.
    """
    temp = cal.fit_temperature(z_va, y_va)
    p_raw, p_cal = cal.sigmoid(z_te), cal.sigmoid(z_te / temp)
    rows, m = [], {f"{prefix}_temperature": temp}
    for name, p in (("before (T = 1)", p_raw), (f"after (T = {temp:.3g})", p_cal)):
        key = "raw" if name.startswith("before") else "calibrated"
        scores = {"brier": cal.brier_score(p, y_te), "ece": cal.expected_calibration_error(p, y_te),
                  "log_loss": cal.log_loss(p, y_te)}
        m.update({f"{prefix}_{k}_{key}": v for k, v in scores.items()})
        rows.append([name, scores["brier"], scores["ece"], scores["log_loss"]])
    fig = cal.reliability_figure({"before": (p_raw, y_te), "after temperature scaling": (p_cal, y_te)},
                                 f"{title}: reliability on the test split")
    run.savefig(fig, f"{prefix}_reliability.png")
    run.section(f"{title}: calibrated probabilities",
                f"Temperature scaling fitted on the validation split ({len(y_va)} cases) gives T = {temp:.3g} "
                f"({'softer' if temp > 1 else 'sharper'} probabilities than the raw model's). On the test split "
                f"({len(y_te)} cases, {int(y_te.sum())} with the condition):\n\n"
                + markdown_table(["probabilities", "Brier score", "ECE (10 bins)", "log loss"], rows)
                + "\n\n" + _calibration_verdict(m, prefix, len(y_va))
                + f"\n\n![reliability]({prefix}_reliability.png)")

    table = []
    for key, (name, bv, bt) in {"model": ("model (calibrated)", z_va / temp, z_te / temp), **baselines}.items():
        pv, pt = cal.sigmoid(bv), cal.sigmoid(bt)
        thr = cal.threshold_for_sensitivity(pv, y_va, target_sensitivity)
        sens, spec = cal.sensitivity_specificity(pt, y_te, thr)
        auc = cal.roc_auc(y_te, pt)
        acc = float(((pt >= 0.5) == (y_te == 1)).mean())
        table.append([name, auc, acc, thr, sens, spec])
        m.update({f"{prefix}_{key}_auc": auc, f"{prefix}_{key}_accuracy": acc, f"{prefix}_{key}_threshold": thr,
                  f"{prefix}_{key}_sensitivity": sens, f"{prefix}_{key}_specificity": spec})
    run.section(f"{title}: operating point and baselines",
                f"Each model's threshold is the highest on the validation split that reaches a sensitivity of "
                f"{target_sensitivity:g} there (`--target-sensitivity`); sensitivity and specificity are then "
                f"measured on the test split, where the target may be missed. Accuracy is at probability 0.5.\n\n"
                + markdown_table(["model", "ROC AUC", "accuracy", "threshold (validation)",
                                  "test sensitivity", "test specificity"], table)
                + "\n\n" + _baseline_verdict(table))
    return m


def _calibration_verdict(m: dict[str, Any], prefix: str, n_val: int) -> str:
    """One sentence, from the numbers, on whether temperature scaling helped on the test split."""
    before, after = m[f"{prefix}_brier_raw"], m[f"{prefix}_brier_calibrated"]
    if after < before:
        return f"Temperature scaling lowered the test Brier score from {before:.4g} to {after:.4g}."
    return (f"Temperature scaling did not lower the test Brier score ({before:.4g} before, {after:.4g} after): "
            f"a temperature fitted on {n_val} validation cases need not carry over to the test cases, and a model "
            f"that is already well calibrated has little to gain.")


def _baseline_verdict(table: list[list[Any]]) -> str:
    """One sentence, from the numbers, on whether the model's ROC AUC beat every baseline's."""
    model_auc = table[0][1]
    behind = [row[0] for row in table[1:] if row[1] >= model_auc]
    if not behind:
        return f"The model's test ROC AUC ({model_auc:.4g}) is above every baseline's."
    return (f"The model's test ROC AUC ({model_auc:.4g}) does not beat {', '.join(behind)} on this test split; "
            f"with few test cases such differences are within chance.")


__all__ = ["DISCLAIMER", "fit_logistic", "logistic_margins", "margins", "report_binary", "train_classifier"]
