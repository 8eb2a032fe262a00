"""NeuralNetClassifier: labels of any kind in, class probabilities and labels out."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import column_or_1d

from ..train.metrics import FunctionMetric
from .net import NeuralNet, _is_loss


class NeuralNetClassifier(ClassifierMixin, NeuralNet):
    """A scikit-learn classifier around a glassnet module that outputs one score per class.

    Labels may be any sortable values (strings, ints ...): ``classes_`` holds them in sorted order and the
    module is trained on their indices. The default criterion is ``CrossEntropyLoss`` on logits
    (``predict_proba`` applies the softmax); with ``criterion=nn.NLLLoss`` the module outputs
    probabilities and the loss takes their log, as in skorch. The arguments are ``NeuralNet``'s.

    Args:
        module (type | callable | Module | None): the network, ``glassnet.models.MLP`` by default; its
            ``in_features`` and ``num_classes`` are filled in from the data when not routed.
        criterion (type | Module | str | None): the loss. Default: ``CrossEntropyLoss``.
        optimizer (type | str): optimizer class or name. Default: ``'adam'``.
        lr (float): learning rate. Default: ``0.01``.
        max_epochs (int): epochs per fit. Default: ``10``.
        batch_size (int): batch size (``-1``: all). Default: ``128``.
        train_split (float | None): validation fraction. Default: ``None``.
        device (str | None): device. Default: ``None``.
        callbacks (list | None): glassnet.train callbacks. Default: ``None``.
        verbose (int): progress display. Default: ``0``.
        warm_start (bool): continue training on fit. Default: ``False``.
        predict_nonlinearity (str | callable | None): ``'auto'``: softmax after cross-entropy.
        random_state (int | None): seed for reproducible fits. Default: ``None``.
        **kwargs: ``module__``, ``optimizer__`` and ``criterion__`` arguments.

    Example:
        >>> from glassnet.sklearn import NeuralNetClassifier
        >>> X = np.random.default_rng(0).normal(size=(60, 4)).astype(np.float32)
        >>> y = np.where(X[:, 0] > 0, "yes", "no")
        >>> clf = NeuralNetClassifier(max_epochs=20, batch_size=16, module__hidden=(16,), random_state=0)
        >>> clf.fit(X, y).classes_
        array(['no', 'yes'], dtype='<U3')
        >>> clf.score(X, y) > 0.9
        True
    """

    _default_criterion = "cross_entropy"
    _classifier = True

    def partial_fit(self, X: Any, y: Any, classes: Any = None, sample_weight: Any = None) -> NeuralNetClassifier:
        """Train ``max_epochs`` more epochs; the first call may name every class the later ones will see.

        Args:
            X (array-like): inputs.
            y (array-like): labels.
            classes (array-like | None): all the labels, on the first call (scikit-learn's rule for
                ``partial_fit``). Default: ``None`` (the labels of this ``y``).
            sample_weight (array-like | None): one weight per sample. Default: ``None``.

        Returns:
            the estimator.

        Example:
            >>> from glassnet.sklearn import NeuralNetClassifier
            >>> X = np.eye(3, dtype=np.float32)
            >>> clf = NeuralNetClassifier(max_epochs=1).partial_fit(X[:2], [0, 1], classes=[0, 1, 2])
            >>> clf.partial_fit(X[2:], [2]).classes_
            array([0, 1, 2])
        """
        return self._fit(X, y, sample_weight, reset=not self._initialized(), classes=classes)

    def _encode_targets(self, y: np.ndarray, reset: bool, classes: Any) -> np.ndarray:
        check_classification_targets(y)
        y = column_or_1d(y, warn=True)
        if reset:
            self.classes_ = np.unique(y if classes is None else np.asarray(classes))
        idx = np.searchsorted(self.classes_, y)
        unseen = (idx >= len(self.classes_)) | (self.classes_[np.minimum(idx, len(self.classes_) - 1)] != y)
        if unseen.any():
            raise ValueError(f"{type(self).__name__}: y has label(s) {np.unique(y[unseen]).tolist()} that are not "
                             f"among classes_ {self.classes_.tolist()}")
        return idx[:, None].astype(np.float32)

    def _train_metrics(self) -> tuple:
        return (FunctionMetric(_packed_accuracy, name="accuracy"),)

    def _n_outputs(self) -> int:
        return len(self.classes_)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, one column per entry of ``classes_``.

        Args:
            X (array-like): inputs shaped as in ``fit``.

        Example:
            >>> from glassnet.sklearn import NeuralNetClassifier
            >>> X = np.eye(2, dtype=np.float32)
            >>> NeuralNetClassifier(max_epochs=1).fit(X, ["a", "b"]).predict_proba(X).sum(1)
            array([1., 1.])
        """
        out = self.forward(X).astype(np.float64)
        out = out.reshape(len(out), -1)
        nonlinearity = self.predict_nonlinearity
        if nonlinearity == "auto":
            nonlinearity = _softmax if _is_loss(self.criterion_, "CrossEntropyLoss", "cross_entropy") else None
        return out if nonlinearity is None else np.asarray(nonlinearity(out))

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class of each sample, as a label from ``classes_``.

        Args:
            X (array-like): inputs shaped as in ``fit``.

        Example:
            >>> from glassnet.sklearn import NeuralNetClassifier
            >>> X = np.eye(2, dtype=np.float32)
            >>> NeuralNetClassifier(max_epochs=30, random_state=0).fit(X, ["a", "b"]).predict(X)
            array(['a', 'b'], dtype='<U1')
        """
        proba = self.predict_proba(X)  # checks that the estimator is fitted first
        return self.classes_[np.argmax(proba, axis=1)]


def _packed_accuracy(target: Any, output: Any) -> float:
    # the label is the target's first column (the sample weight is its last)
    labels = target._data[:, 0].astype(np.int64)
    return float(np.mean(np.argmax(output._data.reshape(len(labels), -1), axis=1) == labels))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
