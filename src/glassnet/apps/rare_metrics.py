"""Metrics for rare events, in NumPy: the precision-recall curve, average precision, ROC AUC and cost thresholds.

Average precision is scikit-learn's definition, ``AP = sum_k (R_k - R_{k-1}) P_k`` over the distinct score
thresholds from the highest down (no interpolation), so it can be checked against
``sklearn.metrics.average_precision_score``. A case is flagged when its score is ``>= threshold``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _counts(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct thresholds from the highest down, and the true/false positives flagged at each."""
    y, score = np.asarray(y).astype(np.int64).ravel(), np.asarray(score, dtype=np.float64).ravel()
    if y.shape != score.shape:
        raise ValueError(f"labels {y.shape} and scores {score.shape} differ in shape")
    order = np.argsort(-score, kind="mergesort")
    s, t = score[order], y[order]
    last = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # the last case of each run of tied scores
    tp = np.cumsum(t)[last]
    fp = (last + 1) - tp
    return s[last], tp, fp


def precision_recall_curve(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(precision, recall, thresholds) at every distinct threshold, the highest threshold first."""
    thresholds, tp, fp = _counts(y, score)
    positives = tp[-1]
    if positives == 0:
        raise ValueError("the precision-recall curve needs at least one positive case")
    return tp / (tp + fp), tp / positives, thresholds


def average_precision(y: np.ndarray, score: np.ndarray) -> float:
    """Average precision: the precision at each threshold weighted by the recall it adds."""
    precision, recall, _ = precision_recall_curve(y, score)
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def roc_auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (trapezoids, so tied scores count one half)."""
    _, tp, fp = _counts(y, score)
    if tp[-1] == 0 or fp[-1] == 0:
        raise ValueError("ROC AUC needs both positive and negative cases")
    tpr, fpr = np.r_[0.0, tp / tp[-1]], np.r_[0.0, fp / fp[-1]]
    return float(np.trapezoid(tpr, fpr) if hasattr(np, "trapezoid") else np.trapz(tpr, fpr))


@dataclass
class Outcome:
    """What flagging ``score >= threshold`` does on one split, at a cost per miss and per false alarm."""

    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int
    cost: float

    @property
    def precision(self) -> float:
        """Share of the flagged cases that are positive (0 when nothing is flagged)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of the positive cases that are flagged."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def outcome(y: np.ndarray, score: np.ndarray, threshold: float, cost_miss: float, cost_false_alarm: float) -> Outcome:
    """Confusion counts and total cost of flagging ``score >= threshold``."""
    y = np.asarray(y).astype(bool).ravel()
    flag = np.asarray(score, dtype=np.float64).ravel() >= threshold
    tp, fp = int(np.sum(flag & y)), int(np.sum(flag & ~y))
    fn, tn = int(np.sum(~flag & y)), int(np.sum(~flag & ~y))
    return Outcome(float(threshold), tp, fp, fn, tn, cost_miss * fn + cost_false_alarm * fp)


def cheapest_threshold(y: np.ndarray, score: np.ndarray, cost_miss: float, cost_false_alarm: float) -> float:
    """The threshold with the lowest total cost on (y, score), flagging nothing (``inf``) included.

    Every distinct score is tried; ties go to the higher threshold (fewer alarms). The threshold returned is
    halfway between the chosen score and the next lower one, so that new cases scoring in the gap between two
    validation scores are not decided by which side of the gap they fall on only by accident of rounding.
    """
    thresholds, tp, fp = _counts(y, score)
    costs = cost_miss * (tp[-1] - tp) + cost_false_alarm * fp
    nothing = cost_miss * tp[-1]
    k = int(np.argmin(costs))
    if costs[k] >= nothing:
        return float("inf")
    lower = thresholds[k + 1] if k + 1 < len(thresholds) else thresholds[k] - 1.0
    return float((thresholds[k] + lower) / 2)


__all__ = ["Outcome", "average_precision", "cheapest_threshold", "outcome", "precision_recall_curve", "roc_auc"]
