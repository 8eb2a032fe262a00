"""Fairness of a classifier's predictions across groups, and three ways to reduce the gaps (extra ``[fairness]``).

:func:`fairness_report` measures (on fairlearn's ``MetricFrame``); :func:`reweighing_weights` feeds
``glassnet.train.fit(sample_weight=...)``; :func:`threshold_optimizer` post-processes a trained model
with fairlearn's ``ThresholdOptimizer``; :func:`exponentiated_gradient` retrains through fairlearn's
reductions with :class:`GlassnetClassifier`, a scikit-learn-compatible wrapper;
:class:`AdversarialDebiasing` trains a predictor against an adversary that must not recover the group.
"""

from .adversarial import AdversarialDebiasing
from .mitigation import (
    GlassnetClassifier,
    PrefitClassifier,
    exponentiated_gradient,
    reweighing_weights,
    threshold_optimizer,
)
from .report import FairnessReport, comparison_table, fairness_report

__all__ = ["FairnessReport", "fairness_report", "comparison_table", "reweighing_weights", "GlassnetClassifier",
           "PrefitClassifier", "threshold_optimizer", "exponentiated_gradient", "AdversarialDebiasing"]
