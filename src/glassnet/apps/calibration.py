"""Is a probability of 0.8 right 80% of the time? Temperature scaling, reliability, Brier score, ECE, ROC AUC and
the operating point of a binary classifier (1 = the condition is present).

Temperature scaling (Guo et al., 2017) divides the model's logit margin by one number T fitted on validation
data; T > 1 softens over-confident probabilities. Ranking is unchanged, so ROC AUC is too.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)), without overflow."""
    z = np.asarray(z, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -z))


def fit_temperature(margins: np.ndarray, labels: np.ndarray, max_iter: int = 100) -> float:
    """The T > 0 that minimises the log loss of ``sigmoid(margins / T)`` on (validation) ``labels``."""
    import glassnet as gn

    z = gn.tensor(np.asarray(margins, dtype=np.float32))
    y = gn.tensor(np.asarray(labels, dtype=np.float32))
    log_t = gn.nn.Parameter(gn.zeros(1))  # T = exp(log_t) stays positive without a constraint
    opt = gn.optim.LBFGS([log_t], lr=1.0, max_iter=max_iter, line_search_fn="strong_wolfe")

    def closure() -> Any:
        opt.zero_grad()
        loss = gn.nn.functional.binary_cross_entropy_with_logits(z / log_t.exp(), y)
        loss.backward()
        return loss

    opt.step(closure)
    return float(math.exp(float(log_t.detach()[0])))


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    """Mean negative log-likelihood of the labels under the probabilities."""
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def brier_score(p: np.ndarray, y: np.ndarray) -> float:
    """Mean squared difference between the probability and the 0/1 outcome (0 is perfect)."""
    return float(np.mean((np.asarray(p, dtype=np.float64) - y) ** 2))


def reliability_bins(p: np.ndarray, y: np.ndarray, n_bins: int = 10) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per equal-width bin of predicted probability: mean prediction, observed frequency, count."""
    p = np.asarray(p, dtype=np.float64)
    idx = np.minimum((p * n_bins).astype(int), n_bins - 1)
    count = np.bincount(idx, minlength=n_bins).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        conf = np.bincount(idx, weights=p, minlength=n_bins) / count
        freq = np.bincount(idx, weights=np.asarray(y, dtype=float), minlength=n_bins) / count
    return conf, freq, count


def expected_calibration_error(p: np.ndarray, y: np.ndarray, n_bins: int = 10) -> float:
    """ECE: the count-weighted mean |observed frequency - mean prediction| over equal-width bins."""
    conf, freq, count = reliability_bins(p, y, n_bins)
    keep = count > 0
    return float(np.sum(count[keep] * np.abs(freq[keep] - conf[keep])) / count.sum())


def roc_auc(y: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve: the chance a random positive scores above a random negative (ties count half)."""
    y = np.asarray(y).astype(bool)
    s = np.asarray(scores, dtype=np.float64)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    # Average ranks over ties, so equal scores count half (the Mann-Whitney U statistic).
    _, first, counts = np.unique(sorted_s, return_index=True, return_counts=True)
    avg = first + (counts + 1) / 2.0
    ranks[order] = np.repeat(avg, counts)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def roc_curve(y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """False-positive and true-positive rates at every threshold (for a plot)."""
    y = np.asarray(y).astype(bool)
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="mergesort")
    tp = np.concatenate([[0], np.cumsum(y[order])])
    fp = np.concatenate([[0], np.cumsum(~y[order])])
    return fp / max(1, fp[-1]), tp / max(1, tp[-1])


def threshold_for_sensitivity(p: np.ndarray, y: np.ndarray, target: float) -> float:
    """The highest threshold t such that ``p >= t`` catches at least ``target`` of the positives."""
    if not 0 < target <= 1:
        raise ValueError(f"target sensitivity must be in (0, 1], got {target}")
    pos = np.sort(np.asarray(p, dtype=np.float64)[np.asarray(y) == 1])[::-1]
    if not len(pos):
        raise ValueError("no positive cases to choose a threshold on")
    return float(pos[max(0, math.ceil(target * len(pos)) - 1)])


def sensitivity_specificity(p: np.ndarray, y: np.ndarray, threshold: float) -> tuple[float, float]:
    """(true-positive rate, true-negative rate) of the decision ``p >= threshold``."""
    y = np.asarray(y).astype(bool)
    call = np.asarray(p) >= threshold
    sens = float(call[y].mean()) if y.any() else float("nan")
    spec = float((~call[~y]).mean()) if (~y).any() else float("nan")
    return sens, spec


def reliability_figure(curves: dict[str, tuple[np.ndarray, np.ndarray]], title: str, n_bins: int = 10) -> Any:
    """A reliability diagram: observed frequency against mean prediction per bin, one line per (p, y) pair."""

    from .run_folder import new_figure

    fig, ax = new_figure(figsize=(4.6, 4.2))
    ax.plot([0, 1], [0, 1], color="0.6", linestyle="--", label="perfectly calibrated")
    for name, (p, y) in curves.items():
        conf, freq, count = reliability_bins(p, y, n_bins)
        keep = count > 0
        ece = expected_calibration_error(p, y, n_bins)
        line, = ax.plot(conf[keep], freq[keep], label=f"{name} (ECE {ece:.3f})")
        # Marker area follows the cases in the bin: a bin of three cases should not look as sure as one of 300.
        ax.scatter(conf[keep], freq[keep], s=8 + 150 * count[keep] / count.max(), color=line.get_color(), alpha=0.7)
    ax.set_xlabel("mean predicted probability")
    ax.set_ylabel("observed frequency of the condition")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(title + "\n(marker area: cases in the bin)", fontsize=9)
    ax.legend(fontsize=8, loc="upper left")
    return fig


__all__ = ["brier_score", "expected_calibration_error", "fit_temperature", "log_loss", "reliability_bins",
           "reliability_figure", "roc_auc", "roc_curve", "sensitivity_specificity", "sigmoid",
           "threshold_for_sensitivity"]
