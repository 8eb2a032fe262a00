"""Three mitigations: reweighing before training, fairlearn's reductions during it, thresholds after it.

- :func:`reweighing_weights` (Kamiran & Calders' reweighing): weight each (group, label) cell by
  P(group) P(label) / P(group, label), so that in the weighted data the label is independent of the
  group; pass the weights to ``glassnet.train.fit(sample_weight=...)``.
- :func:`exponentiated_gradient`: fairlearn's ``ExponentiatedGradient`` retrains a
  :class:`GlassnetClassifier` (a scikit-learn-compatible MLP whose ``fit`` takes ``sample_weight``)
  under a fairness constraint and returns the randomised mixture of the models it trained.
- :func:`threshold_optimizer`: fairlearn's ``ThresholdOptimizer`` picks one decision threshold per
  group on a trained glassnet model's scores (wrapped as a :class:`PrefitClassifier`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._deps import require_fairlearn
from .report import _as_array


def reweighing_weights(y: Any, sensitive_features: Any) -> np.ndarray:
    """One weight per sample, ``P(g) P(y) / P(g, y)`` of its (group, label) cell, scaled to mean 1.

    Args:
        y (array-like): the training labels.
        sensitive_features (array-like): the group of each training sample.

    Returns:
        numpy.ndarray: float32 weights for ``glassnet.train.fit(sample_weight=...)``.

    Example:
        >>> w = glassnet.fairness.reweighing_weights([1, 1, 1, 0, 1, 0, 0, 0], list('aaaabbbb'))
        >>> [round(float(v), 3) for v in w]
        [0.667, 0.667, 0.667, 2.0, 2.0, 0.667, 0.667, 0.667]
    """
    yv = _as_array(y, "y")
    g = np.asarray([str(v) for v in _as_array(sensitive_features, "sensitive_features")])
    if len(yv) != len(g):
        raise ValueError(f"reweighing_weights: y has {len(yv)} values but sensitive_features has {len(g)}")
    if len(yv) == 0:
        raise ValueError("reweighing_weights: no samples")
    n = len(yv)
    w = np.empty(n, dtype=np.float64)
    for gv in np.unique(g):
        in_g = g == gv
        for yv_ in np.unique(yv):
            cell = in_g & (yv == yv_)
            if cell.any():
                w[cell] = in_g.mean() * (yv == yv_).mean() / cell.mean()
    return (w / w.mean()).astype(np.float32)


def _sklearn_bases() -> tuple[type, type]:
    try:
        from sklearn.base import BaseEstimator, ClassifierMixin
    except ImportError:
        raise ImportError("glassnet.fairness needs scikit-learn (fairlearn installs it): "
                          "pip install \"glassnet[fairness]\"") from None
    return BaseEstimator, ClassifierMixin


_BaseEstimator, _ClassifierMixin = _sklearn_bases()


def _probabilities(model: Any, X: Any, batch_size: int = 1024) -> np.ndarray:
    import glassnet

    x = np.ascontiguousarray(np.asarray(X, dtype=np.float32))
    logits = glassnet.train.predict(model, x, batch_size=batch_size).numpy().astype(np.float64)  # for fairlearn
    if logits.ndim == 2 and logits.shape[1] == 1:  # one logit: sigmoid for class 1
        p1 = 1.0 / (1.0 + np.exp(-logits[:, 0]))
        return np.stack([1 - p1, p1], axis=1)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class GlassnetClassifier(_ClassifierMixin, _BaseEstimator):
    """A scikit-learn-compatible classifier that trains a glassnet MLP with ``glassnet.train.fit``.

    ``fit(X, y, sample_weight=None)`` honours the weights (a weighted loss), which is what fairlearn's
    reductions need; ``clone`` works, as for any scikit-learn estimator.

    Args:
        hidden (sequence of int, optional): hidden layer widths. Default: ``(32,)``.
        epochs (int, optional): passes over the data. Default: ``10``.
        batch_size (int, optional): samples per step. Default: ``64``.
        lr (float, optional): Adam's learning rate. Default: ``1e-3``.
        seed (int, optional): seeds initialisation and shuffling. Default: ``0``.

    Example:
        >>> X = np.random.default_rng(0).normal(size=(64, 3)).astype('float32')
        >>> y = (X[:, 0] > 0).astype(int)
        >>> clf = glassnet.fairness.GlassnetClassifier(epochs=20, lr=0.05).fit(X, y)
        >>> clf.score(X, y) > 0.9
        True
    """

    def __init__(self, hidden: Sequence[int] = (32,), epochs: int = 10, batch_size: int = 64, lr: float = 1e-3,
                 seed: int = 0) -> None:
        self.hidden = hidden
        self.epochs = epochs
        self.batch_size = batch_size
        self.lr = lr
        self.seed = seed

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> GlassnetClassifier:
        """Train a fresh MLP on ``X``, ``y`` (with per-sample weights if given).

        Args:
            X (array-like): ``(N, features)`` inputs.
            y (array-like): ``(N,)`` labels.
            sample_weight (array-like, optional): one weight per sample. Default: ``None``.

        Returns:
            GlassnetClassifier: itself, trained.

        Example:
            >>> X, y = np.eye(4, dtype='float32'), np.array([0, 1, 0, 1])
            >>> glassnet.fairness.GlassnetClassifier(epochs=1).fit(X, y).classes_.tolist()
            [0, 1]
        """
        import glassnet
        from glassnet.models.mlp import MLP

        X = np.ascontiguousarray(np.asarray(X, dtype=np.float32))
        y = np.asarray(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        glassnet.manual_seed(self.seed)
        self.model_ = MLP(X.shape[1], list(self.hidden), max(2, len(self.classes_)))
        opt = glassnet.optim.Adam(self.model_.parameters(), lr=self.lr)
        glassnet.train.fit(self.model_, (X, codes.astype(np.int64)), loss=glassnet.nn.CrossEntropyLoss(),
                           optimizer=opt, epochs=self.epochs, batch_size=self.batch_size, verbose=0, seed=self.seed,
                           sample_weight=sample_weight, metrics=())
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, ``(N, len(classes_))``.

        Args:
            X (array-like): ``(N, features)`` inputs.

        Returns:
            numpy.ndarray: the softmax of the model's outputs.

        Example:
            >>> X, y = np.eye(4, dtype='float32'), np.array([0, 1, 0, 1])
            >>> glassnet.fairness.GlassnetClassifier(epochs=1).fit(X, y).predict_proba(X).shape
            (4, 2)
        """
        p = _probabilities(self.model_, X)
        return p[:, : len(self.classes_)] if len(self.classes_) > 1 else p[:, :1]

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class of each row.

        Args:
            X (array-like): ``(N, features)`` inputs.

        Returns:
            numpy.ndarray: labels from ``classes_``.

        Example:
            >>> X, y = np.eye(4, dtype='float32'), np.array([0, 1, 0, 1])
            >>> glassnet.fairness.GlassnetClassifier(epochs=1).fit(X, y).predict(X).shape
            (4,)
        """
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


class PrefitClassifier(_ClassifierMixin, _BaseEstimator):
    """A trained glassnet classifier seen as a fitted scikit-learn estimator (for ``ThresholdOptimizer(prefit=True)``).

    Args:
        model (Module): a trained model mapping ``(N, features)`` to class logits.
        classes (sequence, optional): the labels of the model's outputs. Default: ``(0, 1)``.

    Example:
        >>> clf = glassnet.fairness.PrefitClassifier(nn.Linear(3, 2))
        >>> clf.predict_proba(np.zeros((2, 3), dtype='float32')).shape
        (2, 2)
    """

    def __init__(self, model: Any, classes: Sequence[Any] = (0, 1)) -> None:
        self.model = model
        self.classes = classes
        self.classes_ = np.asarray(classes)  # already fitted: sklearn's check_is_fitted looks for this

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> PrefitClassifier:
        """Nothing to do: the model is trained. Returns itself.

        Args:
            X (array-like): ignored.
            y (array-like): ignored.
            sample_weight (array-like, optional): ignored. Default: ``None``.

        Returns:
            PrefitClassifier: itself.

        Example:
            >>> glassnet.fairness.PrefitClassifier(nn.Linear(3, 2)).fit(None, None).classes_.tolist()
            [0, 1]
        """
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities from the model's logits.

        Args:
            X (array-like): ``(N, features)`` inputs.

        Returns:
            numpy.ndarray: ``(N, len(classes))``.

        Example:
            >>> glassnet.fairness.PrefitClassifier(nn.Linear(3, 2)).predict_proba(np.ones((1, 3))).sum().round(4)
            np.float64(1.0)
        """
        return _probabilities(self.model, X)

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class of each row.

        Args:
            X (array-like): ``(N, features)`` inputs.

        Returns:
            numpy.ndarray: labels from ``classes``.

        Example:
            >>> glassnet.fairness.PrefitClassifier(nn.Linear(3, 2)).predict(np.zeros((2, 3))).shape
            (2,)
        """
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def _constraint(constraints: str, what: str) -> Any:
    from fairlearn import reductions

    table = {"demographic_parity": reductions.DemographicParity, "equalized_odds": reductions.EqualizedOdds,
             "true_positive_rate_parity": reductions.TruePositiveRateParity,
             "error_rate_parity": reductions.ErrorRateParity}
    if constraints not in table:
        raise ValueError(f"{what}: constraints must be one of {', '.join(table)}, got {constraints!r}")
    return table[constraints]()


def threshold_optimizer(model: Any, X: Any, y: Any, sensitive_features: Any, *,
                        constraints: str = "demographic_parity", objective: str = "accuracy_score",
                        classes: Sequence[Any] = (0, 1)) -> Any:
    """fairlearn's ``ThresholdOptimizer`` fitted over a trained glassnet model's probabilities.

    Predict with ``opt.predict(X, sensitive_features=..., random_state=0)``: the thresholds are per
    group and may randomise between two of them.

    Args:
        model (Module): a trained binary classifier (two logits).
        X (array-like): the rows the thresholds are chosen on (training or validation rows).
        y (array-like): their labels.
        sensitive_features (array-like): their groups.
        constraints (str, optional): ``'demographic_parity'``, ``'equalized_odds'``,
            ``'true_positive_rate_parity'`` ... Default: ``'demographic_parity'``.
        objective (str, optional): what the thresholds maximise under the constraint. Default: ``'accuracy_score'``.
        classes (sequence, optional): the labels of the model's outputs. Default: ``(0, 1)``.

    Returns:
        fairlearn.postprocessing.ThresholdOptimizer: fitted.

    Example:
        >>> X = np.random.default_rng(0).normal(size=(40, 2)).astype('float32')
        >>> y, g = (X[:, 0] > 0).astype(int), np.where(X[:, 1] > 0, 'a', 'b')
        >>> opt = glassnet.fairness.threshold_optimizer(nn.Linear(2, 2), X, y, g)
        >>> opt.predict(X, sensitive_features=g, random_state=0).shape
        (40,)
    """
    require_fairlearn("threshold_optimizer")
    from fairlearn.postprocessing import ThresholdOptimizer

    opt = ThresholdOptimizer(estimator=PrefitClassifier(model, classes), constraints=constraints,
                             objective=objective, prefit=True, predict_method="predict_proba")
    X = np.asarray(X, dtype=np.float32)
    return opt.fit(X, np.asarray(y), sensitive_features=_groups(sensitive_features, len(X), "threshold_optimizer"))


def exponentiated_gradient(estimator: Any, X: Any, y: Any, sensitive_features: Any, *,
                           constraints: str = "demographic_parity", eps: float = 0.01, max_iter: int = 20) -> Any:
    """fairlearn's ``ExponentiatedGradient`` reduction around a sample-weight-aware estimator.

    Args:
        estimator: e.g. :class:`GlassnetClassifier` (retrained with new weights on every iteration).
        X (array-like): the training rows.
        y (array-like): their labels.
        sensitive_features (array-like): their groups.
        constraints (str, optional): as for :func:`threshold_optimizer`. Default: ``'demographic_parity'``.
        eps (float, optional): the allowed constraint violation. Default: ``0.01``.
        max_iter (int, optional): the most models trained. Default: ``20``.

    Returns:
        fairlearn.reductions.ExponentiatedGradient: fitted; ``.predict(X)`` samples from its mixture.

    Example:
        >>> X = np.random.default_rng(0).normal(size=(40, 2)).astype('float32')
        >>> y, g = (X[:, 0] > 0).astype(int), np.where(X[:, 1] > 0, 'a', 'b')
        >>> clf = glassnet.fairness.GlassnetClassifier(epochs=2, lr=0.05)
        >>> eg = glassnet.fairness.exponentiated_gradient(clf, X, y, g, max_iter=3)
        >>> eg.predict(X).shape
        (40,)
    """
    require_fairlearn("exponentiated_gradient")
    from fairlearn.reductions import ExponentiatedGradient

    X = np.asarray(X, dtype=np.float32)
    eg = ExponentiatedGradient(estimator, constraints=_constraint(constraints, "exponentiated_gradient"), eps=eps,
                               max_iter=max_iter)
    return eg.fit(X, np.asarray(y), sensitive_features=_groups(sensitive_features, len(X), "exponentiated_gradient"))


def _groups(sensitive_features: Any, n: int, what: str) -> np.ndarray:
    g = np.asarray([str(v).strip() for v in _as_array(sensitive_features, "sensitive_features")], dtype=object)
    if len(g) != n:
        raise ValueError(f"{what}: sensitive_features has {len(g)} values but X has {n} rows")
    return g
