"""Metrics, twice: plain functions over whole arrays, and streaming accumulators for fit().

Arguments follow scikit-learn and Keras: ``metric(y_true, y_pred)``. ``y_pred`` may be class scores
(N, C) (logits or probabilities: the arg-max is the predicted class), or labels (N,). For binary
outputs (N,) or (N, 1) of floats, ``threshold`` turns scores into labels (0.5 for probabilities;
fit passes 0.0 when the loss works on logits). Metrics are host-side bookkeeping, not ops, so they
use NumPy directly and never record gradients.

The accumulators (``Accuracy()``, ``F1()``, ``R2()`` ...) keep running sums, so the value after the
last batch equals the function applied to the whole epoch at once, not an average of batch values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..tensor import Tensor

AVERAGES = ("macro", "micro", "weighted")


def to_numpy(x: Any) -> np.ndarray:
    """Returns a host NumPy view of a Tensor, a CuPy, PyTorch or NumPy array, or a list.

    Args:
        x: the values.

    Returns:
        numpy.ndarray: the values on the host (no copy where none is needed).

    Example:
        >>> glassnet.train.metrics.to_numpy(glassnet.tensor([1, 2]))
        array([1, 2])
    """
    if isinstance(x, Tensor):
        x = x._data
    if hasattr(x, "get") and not isinstance(x, np.ndarray):  # CuPy
        x = x.get()
    if type(x).__module__.startswith("torch"):
        x = x.detach().cpu().numpy()
    return np.asarray(x)


def predicted_labels(y_true: Any, y_pred: Any, threshold: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Returns ``(true labels, predicted labels)`` as 1-D int64 arrays, whatever form ``y_pred`` takes.

    Class scores ``(N, C)`` give their arg-max; one float score per sample is compared with
    ``threshold``; labels pass through. One-hot (or soft) targets of the scores' shape become
    their arg-max. Arguments in the wrong order (scores first) are refused with a clear error.

    Args:
        y_true: the true labels ``(N,)`` (or one-hot ``(N, C)``).
        y_pred: class scores ``(N, C)``, binary scores ``(N,)`` or ``(N, 1)``, or labels ``(N,)``.
        threshold (float, optional): the decision threshold of binary scores. Default: ``0.5``.

    Returns:
        tuple of numpy.ndarray: the true and the predicted labels.

    Example:
        >>> glassnet.train.metrics.predicted_labels([0, 1], glassnet.tensor([[2.0, 1.0], [0.1, 0.9]]))
        (array([0, 1]), array([0, 1]))
    """
    t, p = to_numpy(y_true), to_numpy(y_pred)
    if t.ndim == 2 and p.ndim == 1 and t.dtype.kind == "f" and p.dtype.kind in "iub":
        raise ValueError(
            f"metrics take (y_true, y_pred) like scikit-learn; got y_true of shape {t.shape} (scores?) "
            f"and y_pred of shape {p.shape} (labels?). Swap the arguments."
        )
    if t.ndim == 2 and t.shape[-1] > 1 and p.shape == t.shape:
        t = t.argmax(axis=-1)  # one-hot (or soft) targets
    if p.ndim == t.ndim + 1 and p.shape[-1] > 1:
        p = p.argmax(axis=-1)
    elif p.dtype.kind == "f":
        p = (p > threshold).astype(np.int64)  # one score per sample: a binary decision
    t, p = t.reshape(-1), p.reshape(-1)
    if t.shape != p.shape:
        raise ValueError(f"metrics: y_true has {t.size} labels but y_pred gives {p.size} predictions")
    return t.astype(np.int64), p.astype(np.int64)


# ---- functions -------------------------------------------------------------------------------
def accuracy(y_true: Any, y_pred: Any, threshold: float = 0.5) -> float:
    """Returns the fraction of samples whose predicted class equals the true class.

    Arguments follow scikit-learn's order, ``(y_true, y_pred)``; ``y_pred`` may be class scores,
    binary scores or labels (see :func:`predicted_labels`).

    Args:
        y_true: the true labels.
        y_pred: the predictions (scores or labels).
        threshold (float, optional): the decision threshold of binary scores (``0.0`` for logits).
            Default: ``0.5``.

    Returns:
        float: the accuracy (``0.0`` for no samples).

    Example:
        >>> glassnet.train.metrics.accuracy([0, 1, 1], glassnet.tensor([[2.0, 1.0], [0.1, 0.9], [3.0, 0.0]]))
        0.6666666666666666
        >>> glassnet.train.metrics.accuracy([1, 0], glassnet.tensor([0.8, 0.3]))
        1.0
    """
    t, p = predicted_labels(y_true, y_pred, threshold)
    return float((t == p).mean()) if t.size else 0.0


def top_k_accuracy(y_true: Any, y_pred: Any, k: int = 5) -> float:
    """Returns the fraction of samples whose true class is among the ``k`` highest scores.

    Args:
        y_true: the true labels ``(N,)``.
        y_pred: class scores ``(N, C)``.
        k (int, optional): the number of top classes that count as a hit. Default: ``5``.

    Returns:
        float: the top-k accuracy.

    Example:
        >>> scores = glassnet.tensor([[0.5, 0.3, 0.2], [0.1, 0.2, 0.7]])
        >>> glassnet.train.metrics.top_k_accuracy([1, 0], scores, k=2)
        0.5
    """
    return _topk_hits(to_numpy(y_true), to_numpy(y_pred), k).mean().item()


def _topk_hits(t: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    if scores.ndim != 2:
        raise ValueError(f"top_k_accuracy: y_pred must be scores of shape (N, C), got {scores.shape}")
    k = min(k, scores.shape[1])
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    return (top == t.reshape(-1, 1)).any(axis=1)


def confusion_matrix(y_true: Any, y_pred: Any, num_classes: int | None = None,
                     threshold: float = 0.5) -> np.ndarray:
    """Returns the confusion matrix: ``C[i, j]`` counts the samples of true class ``i`` predicted as class ``j``.

    The layout is scikit-learn's (rows: true classes, columns: predictions).

    Args:
        y_true: the true labels.
        y_pred: the predictions (scores or labels).
        num_classes (int, optional): the number of classes; by default inferred from the labels
            (and the scores' width). Default: ``None``.
        threshold (float, optional): the decision threshold of binary scores. Default: ``0.5``.

    Returns:
        numpy.ndarray: int64, ``(C, C)``.

    Example:
        >>> glassnet.train.metrics.confusion_matrix([0, 1, 2, 2], [0, 2, 2, 2])
        array([[1, 0, 0],
               [0, 0, 1],
               [0, 0, 2]])
    """
    t, p = predicted_labels(y_true, y_pred, threshold)
    n = num_classes or int(max(t.max(initial=-1), p.max(initial=-1)) + 1)
    if p.size and to_numpy(y_pred).ndim == to_numpy(y_true).ndim + 1:
        n = max(n, to_numpy(y_pred).shape[-1])
    return np.bincount(t * n + p, minlength=n * n).reshape(n, n)


def precision(y_true: Any, y_pred: Any, average: str = "macro", num_classes: int | None = None) -> float:
    """Returns the precision: of the samples predicted as a class, the fraction truly of it, averaged over classes.

    As scikit-learn's ``precision_score`` (with ``zero_division=0``): ``'macro'`` averages over the
    classes present in ``y_true`` or ``y_pred``, ``'weighted'`` weights each class by its number of
    true samples, ``'micro'`` pools all decisions (for single-label data it equals the accuracy).

    Args:
        y_true: the true labels.
        y_pred: the predictions (scores or labels).
        average (str, optional): ``'macro'``, ``'micro'`` or ``'weighted'``. Default: ``'macro'``.
        num_classes (int, optional): the number of classes. Default: ``None`` (inferred).

    Returns:
        float: the precision.

    Example:
        >>> glassnet.train.metrics.precision([0, 1, 2, 2], [0, 2, 2, 2])
        0.5555555555555555
    """
    return _from_confusion(confusion_matrix(y_true, y_pred, num_classes), "precision", average)


def recall(y_true: Any, y_pred: Any, average: str = "macro", num_classes: int | None = None) -> float:
    """Returns the recall: of the samples of a class, the fraction predicted as it, averaged over classes.

    Averaging as in :func:`precision`.

    Args:
        y_true: the true labels.
        y_pred: the predictions (scores or labels).
        average (str, optional): ``'macro'``, ``'micro'`` or ``'weighted'``. Default: ``'macro'``.
        num_classes (int, optional): the number of classes. Default: ``None`` (inferred).

    Returns:
        float: the recall.

    Example:
        >>> glassnet.train.metrics.recall([0, 1, 2, 2], [0, 2, 2, 2])
        0.6666666666666666
    """
    return _from_confusion(confusion_matrix(y_true, y_pred, num_classes), "recall", average)


def f1_score(y_true: Any, y_pred: Any, average: str = "macro", num_classes: int | None = None) -> float:
    """Returns the F1 score: the harmonic mean of precision and recall per class, averaged over classes.

    Averaging as in :func:`precision`.

    Args:
        y_true: the true labels.
        y_pred: the predictions (scores or labels).
        average (str, optional): ``'macro'``, ``'micro'`` or ``'weighted'``. Default: ``'macro'``.
        num_classes (int, optional): the number of classes. Default: ``None`` (inferred).

    Returns:
        float: the F1 score.

    Example:
        >>> round(glassnet.train.metrics.f1_score([0, 1, 2, 2], [0, 2, 2, 2]), 4)
        0.6
    """
    return _from_confusion(confusion_matrix(y_true, y_pred, num_classes), "f1", average)


def _from_confusion(cm: np.ndarray, kind: str, average: str) -> float:
    if average not in AVERAGES:
        raise ValueError(f"average must be one of {AVERAGES}, got {average!r}")
    tp = np.diag(cm).astype(np.float64)
    predicted, actual = cm.sum(axis=0), cm.sum(axis=1)
    if average == "micro":  # pool all decisions: for single-label data all three equal accuracy
        tp, predicted, actual = tp.sum(keepdims=True), predicted.sum(keepdims=True), actual.sum(keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        prec = np.where(predicted > 0, tp / predicted, 0.0)  # 0 where undefined, like sklearn's default
        rec = np.where(actual > 0, tp / actual, 0.0)
        f1 = np.where(prec + rec > 0, 2 * prec * rec / (prec + rec), 0.0)
    per_class = {"precision": prec, "recall": rec, "f1": f1}[kind]
    if average == "weighted":
        return float((per_class * actual).sum() / max(actual.sum(), 1))
    # sklearn's macro average runs over the labels present in y_true or y_pred
    present = (predicted > 0) | (actual > 0)
    return float(per_class[present].mean()) if present.any() else 0.0


def mse(y_true: Any, y_pred: Any) -> float:
    """Returns the mean squared error ``mean((y_pred - y_true) ** 2)``, computed in float64.

    Args:
        y_true: the targets.
        y_pred: the predictions, of the same size (``(N,)`` targets against ``(N, 1)`` outputs is fine).

    Returns:
        float: the mean squared error.

    Example:
        >>> glassnet.train.metrics.mse([1.0, 2.0], glassnet.tensor([[1.5], [2.0]]))
        0.125
    """
    t, p = _regression(y_true, y_pred)
    return float(((p - t) ** 2).mean())


def mae(y_true: Any, y_pred: Any) -> float:
    """Returns the mean absolute error ``mean(|y_pred - y_true|)``, computed in float64.

    Args:
        y_true: the targets.
        y_pred: the predictions, of the same size.

    Returns:
        float: the mean absolute error.

    Example:
        >>> glassnet.train.metrics.mae([1.0, 2.0], [1.5, 1.0])
        0.75
    """
    t, p = _regression(y_true, y_pred)
    return float(np.abs(p - t).mean())


def r2_score(y_true: Any, y_pred: Any) -> float:
    """Returns the coefficient of determination ``1 - SS_res / SS_tot``, averaged uniformly over outputs.

    Args:
        y_true: the targets, ``(N,)`` or ``(N, outputs)``.
        y_pred: the predictions, of the same size.

    Returns:
        float: R^2 (1 is a perfect fit; predicting the mean gives 0).

    Example:
        >>> glassnet.train.metrics.r2_score([1.0, 2.0, 3.0], [1.0, 2.5, 2.5])
        0.75
    """
    t, p = _regression(y_true, y_pred)
    acc = R2()
    acc.update(t, p)
    return acc.result()


def _regression(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    t, p = to_numpy(y_true).astype(np.float64), to_numpy(y_pred).astype(np.float64)
    if t.shape != p.shape:
        if t.size != p.size:
            raise ValueError(f"regression metric: y_true {t.shape} and y_pred {p.shape} differ in size")
        t = t.reshape(p.shape)  # (N,) targets against (N, 1) outputs
    return t, p


# ---- streaming accumulators ------------------------------------------------------------------
class Metric:
    """Base class of the streaming metrics: ``reset()``, ``update(y_true, y_pred)`` per batch, ``result()``.

    The accumulators keep running sums, so the result after the last batch equals the metric
    function applied to the whole epoch at once, not an average of batch values. :func:`fit` uses
    them for its ``metrics``; ``name`` is the key of the logs.

    Example:
        >>> class CountPositives(glassnet.train.metrics.Metric):
        ...     name = 'positives'
        ...     def reset(self):
        ...         self.n = 0
        ...     def update(self, y_true, y_pred):
        ...         self.n += int((glassnet.train.metrics.to_numpy(y_pred) > 0).sum())
        ...     def result(self):
        ...         return float(self.n)
        >>> m = CountPositives()
        >>> m.reset(); m.update(None, glassnet.tensor([1.0, -1.0])); m.update(None, glassnet.tensor([2.0]))
        >>> m.result()
        2.0
    """

    name = "metric"

    def reset(self) -> None:
        """Forget everything seen so far."""
        raise NotImplementedError

    def update(self, y_true: Any, y_pred: Any) -> None:
        """Adds one batch.

        Args:
            y_true: the batch's targets.
            y_pred: the batch's predictions (the model's outputs).
        """
        raise NotImplementedError

    def result(self) -> float:
        """The metric over every batch since the last reset."""
        raise NotImplementedError

    def _repr_html_(self) -> str:
        """Jupyter's display: the metric's name and value so far."""
        from ..inspect.html import metric_html

        return metric_html(self)


class Mean(Metric):
    """A sample-weighted running mean (:func:`fit` uses it for the loss).

    Args:
        name (str, optional): the metric's name. Default: ``'mean'``.

    Example:
        >>> m = glassnet.train.metrics.Mean('loss')
        >>> m.add(1.0, n=3); m.add(2.0, n=1)
        >>> m.result()
        1.25
    """

    def __init__(self, name: str = "mean") -> None:
        self.name = name
        self.reset()

    def reset(self) -> None:
        """Forget everything seen so far."""
        self.total, self.count = 0.0, 0

    def add(self, value: float, n: int = 1) -> None:
        """Adds a value that stands for ``n`` samples.

        Args:
            value (float): the value (e.g. a batch's mean loss).
            n (int, optional): the number of samples it stands for. Default: ``1``.
        """
        self.total += float(value) * n
        self.count += n

    def result(self) -> float:
        """The mean so far (nan before any update)."""
        return self.total / self.count if self.count else float("nan")


class Accuracy(Metric):
    """Running accuracy over batches (see :func:`accuracy`).

    Args:
        threshold (float, optional): the decision threshold of binary scores. Default: ``0.5``.

    Example:
        >>> m = glassnet.train.metrics.Accuracy()
        >>> m.update([0, 1], glassnet.tensor([[2.0, 1.0], [0.1, 0.9]]))
        >>> m.update([1], glassnet.tensor([[3.0, 0.0]]))
        >>> m.result()
        0.6666666666666666
    """

    name = "accuracy"

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold
        self.reset()

    def reset(self) -> None:
        """Forget everything seen so far."""
        self.correct, self.count = 0, 0

    def update(self, y_true: Any, y_pred: Any) -> None:
        """Add one batch."""
        t, p = predicted_labels(y_true, y_pred, self.threshold)
        self.correct += int((t == p).sum())
        self.count += t.size

    def result(self) -> float:
        """Accuracy so far."""
        return self.correct / self.count if self.count else float("nan")


class TopKAccuracy(Accuracy):
    """Running top-k accuracy over batches (see :func:`top_k_accuracy`); its name is ``'top<k>_accuracy'``.

    Args:
        k (int, optional): the number of top classes that count as a hit. Default: ``5``.

    Example:
        >>> m = glassnet.train.metrics.TopKAccuracy(k=2)
        >>> m.update([1, 0], glassnet.tensor([[0.5, 0.3, 0.2], [0.1, 0.2, 0.7]]))
        >>> m.name, m.result()
        ('top2_accuracy', 0.5)
    """

    def __init__(self, k: int = 5) -> None:
        self.k = k
        self.name = f"top{k}_accuracy"
        self.reset()

    def update(self, y_true: Any, y_pred: Any) -> None:
        """Add one batch."""
        hits = _topk_hits(to_numpy(y_true), to_numpy(y_pred), self.k)
        self.correct += int(hits.sum())
        self.count += hits.size


class ConfusionMatrix(Metric):
    """Running confusion matrix over batches (see :func:`confusion_matrix`); it grows when a new class shows up.

    Args:
        num_classes (int, optional): the number of classes; ``None`` infers it. Default: ``None``.
        threshold (float, optional): the decision threshold of binary scores. Default: ``0.5``.

    Example:
        >>> m = glassnet.train.metrics.ConfusionMatrix()
        >>> m.update([0, 1], [0, 1]); m.update([2], [1])
        >>> m.result()
        array([[1, 0, 0],
               [0, 1, 0],
               [0, 1, 0]])
    """

    name = "confusion_matrix"

    def __init__(self, num_classes: int | None = None, threshold: float = 0.5) -> None:
        self.num_classes = num_classes
        self.threshold = threshold
        self.reset()

    def reset(self) -> None:
        """Forget everything seen so far."""
        n = self.num_classes or 0
        self.matrix = np.zeros((n, n), dtype=np.int64)

    def update(self, y_true: Any, y_pred: Any) -> None:
        """Add one batch."""
        cm = confusion_matrix(y_true, y_pred, self.num_classes, self.threshold)
        n = max(cm.shape[0], self.matrix.shape[0])
        grown = np.zeros((n, n), dtype=np.int64)
        grown[:self.matrix.shape[0], :self.matrix.shape[0]] += self.matrix
        grown[:cm.shape[0], :cm.shape[0]] += cm
        self.matrix = grown

    def result(self) -> np.ndarray:  # type: ignore[override]
        """The matrix so far."""
        return self.matrix


class _FromConfusion(ConfusionMatrix):
    kind = ""

    def __init__(self, average: str = "macro", num_classes: int | None = None,
                 threshold: float = 0.5) -> None:
        if average not in AVERAGES:
            raise ValueError(f"average must be one of {AVERAGES}, got {average!r}")
        self.average = average
        self.name = self.kind if average == "macro" else f"{self.kind}_{average}"
        super().__init__(num_classes, threshold)

    def result(self) -> float:
        """The metric so far."""
        return _from_confusion(self.matrix, self.kind, self.average)


class Precision(_FromConfusion):
    """Running precision over batches (see :func:`precision`).

    Args:
        average (str, optional): ``'macro'``, ``'micro'`` or ``'weighted'``. Default: ``'macro'``.
        num_classes (int, optional): the number of classes. Default: ``None`` (inferred).
        threshold (float, optional): the decision threshold of binary scores. Default: ``0.5``.

    Example:
        >>> m = glassnet.train.metrics.Precision()
        >>> m.update([0, 1], [0, 2]); m.update([2, 2], [2, 2])
        >>> m.result()
        0.5555555555555555
    """

    kind = "precision"


class Recall(_FromConfusion):
    """Running recall over batches (see :func:`recall`).

    Args:
        average (str, optional): ``'macro'``, ``'micro'`` or ``'weighted'``. Default: ``'macro'``.
        num_classes (int, optional): the number of classes. Default: ``None`` (inferred).
        threshold (float, optional): the decision threshold of binary scores. Default: ``0.5``.

    Example:
        >>> m = glassnet.train.metrics.Recall()
        >>> m.update([0, 1], [0, 2]); m.update([2, 2], [2, 2])
        >>> m.result()
        0.6666666666666666
    """

    kind = "recall"


class F1(_FromConfusion):
    """Running F1 score over batches (see :func:`f1_score`).

    Args:
        average (str, optional): ``'macro'``, ``'micro'`` or ``'weighted'``. Default: ``'macro'``.
        num_classes (int, optional): the number of classes. Default: ``None`` (inferred).
        threshold (float, optional): the decision threshold of binary scores. Default: ``0.5``.

    Example:
        >>> m = glassnet.train.metrics.F1(average='weighted')
        >>> m.update([0, 1], [0, 2]); m.update([2, 2], [2, 2])
        >>> round(m.result(), 4)
        0.65
    """

    kind = "f1"


class MSE(Metric):
    """Running mean squared error over batches (see :func:`mse`).

    Example:
        >>> m = glassnet.train.metrics.MSE()
        >>> m.update([1.0, 2.0], [1.5, 2.0]); m.update([0.0], [1.0])
        >>> m.result()
        0.4166666666666667
    """

    name = "mse"

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything seen so far."""
        self.total, self.count = 0.0, 0

    def _err(self, d: np.ndarray) -> np.ndarray:
        return d * d

    def update(self, y_true: Any, y_pred: Any) -> None:
        """Add one batch."""
        t, p = _regression(y_true, y_pred)
        self.total += float(self._err(p - t).sum())
        self.count += t.size

    def result(self) -> float:
        """The error so far."""
        return self.total / self.count if self.count else float("nan")


class MAE(MSE):
    """Running mean absolute error over batches (see :func:`mae`).

    Example:
        >>> m = glassnet.train.metrics.MAE()
        >>> m.update([1.0, 2.0], [1.5, 2.0]); m.update([0.0], [1.0])
        >>> m.result()
        0.5
    """

    name = "mae"

    def _err(self, d: np.ndarray) -> np.ndarray:
        return np.abs(d)


class R2(Metric):
    """Running R^2 over batches (see :func:`r2_score`), from per-output sums of ``y``, ``y**2`` and residuals.

    Example:
        >>> m = glassnet.train.metrics.R2()
        >>> m.update([1.0, 2.0], [1.0, 2.5]); m.update([3.0], [2.5])
        >>> m.result()
        0.75
    """

    name = "r2"

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything seen so far."""
        self.n, self.sum, self.sumsq, self.ss_res = 0, 0.0, 0.0, 0.0

    def update(self, y_true: Any, y_pred: Any) -> None:
        """Add one batch."""
        t, p = _regression(y_true, y_pred)
        t, p = t.reshape(t.shape[0], -1), p.reshape(p.shape[0], -1)
        self.n += t.shape[0]
        self.sum = self.sum + t.sum(axis=0)
        self.sumsq = self.sumsq + (t * t).sum(axis=0)
        self.ss_res = self.ss_res + ((t - p) ** 2).sum(axis=0)

    def result(self) -> float:
        """R^2 so far (1.0 for a perfect fit of constant targets, like scikit-learn)."""
        if self.n == 0:
            return float("nan")
        ss_tot = np.maximum(self.sumsq - self.sum**2 / self.n, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            r2 = np.where(ss_tot > 0, 1 - self.ss_res / ss_tot, np.where(self.ss_res == 0, 1.0, 0.0))
        return float(np.mean(r2))


class FunctionMetric(Metric):
    """Wraps a function ``fn(y_true, y_pred) -> float`` as a running metric: the size-weighted mean of batch values.

    Unlike the built-in accumulators, the result is an average of batch values, exact only for
    metrics that are themselves means over samples.

    Args:
        fn (callable): the metric function, ``(y_true, y_pred) -> float``.
        name (str, optional): the metric's name; by default the function's ``__name__``. Default: ``None``.

    Example:
        >>> to_numpy = glassnet.train.metrics.to_numpy
        >>> def max_error(y_true, y_pred):
        ...     return float(abs(to_numpy(y_pred) - to_numpy(y_true)).max())
        >>> m = glassnet.train.metrics.FunctionMetric(max_error)
        >>> m.update([1.0, 2.0], [1.5, 2.0]); m.update([0.0, 0.0], [0.0, 1.0])
        >>> m.name, m.result()
        ('max_error', 0.75)
    """

    def __init__(self, fn: Callable, name: str | None = None) -> None:
        self.fn = fn
        self.name = name or getattr(fn, "__name__", "metric")
        self.mean = Mean(self.name)

    def reset(self) -> None:
        """Forget everything seen so far."""
        self.mean.reset()

    def update(self, y_true: Any, y_pred: Any) -> None:
        """Add one batch."""
        self.mean.add(float(self.fn(y_true, y_pred)), len(to_numpy(y_true)))

    def result(self) -> float:
        """Mean of the batch values, weighted by batch size."""
        return self.mean.result()


_BY_NAME: dict[str, Callable[[], Metric]] = {
    "accuracy": Accuracy, "acc": Accuracy,
    "top5_accuracy": lambda: TopKAccuracy(5), "top_k_accuracy": lambda: TopKAccuracy(5),
    "confusion_matrix": ConfusionMatrix,
    "mse": MSE, "mean_squared_error": MSE, "mae": MAE, "mean_absolute_error": MAE, "r2": R2,
}
for _avg in AVERAGES:
    for _cls in (Precision, Recall, F1):
        _BY_NAME[_cls.kind if _avg == "macro" else f"{_cls.kind}_{_avg}"] = (
            lambda c=_cls, a=_avg: c(average=a))
_BY_NAME["f1_score"] = F1


def get_metric(spec: Any) -> Metric:
    """Returns a fresh accumulator from a name, a Metric instance (as is) or a function ``fn(y_true, y_pred)``.

    The names are ``'accuracy'`` (``'acc'``), ``'top5_accuracy'`` or any ``'top<k>_accuracy'``,
    ``'confusion_matrix'``, ``'precision'``, ``'recall'``, ``'f1'`` (also ``'f1_score'``) with
    ``_micro`` / ``_weighted`` variants, ``'mse'``, ``'mae'`` and ``'r2'``. This is how
    :func:`fit` reads its ``metrics`` argument.

    Args:
        spec (str, Metric or callable): the metric.

    Returns:
        Metric: the accumulator.

    Example:
        >>> type(glassnet.train.metrics.get_metric('f1_weighted')).__name__
        'F1'
        >>> glassnet.train.metrics.get_metric('top3_accuracy').k
        3
    """
    if isinstance(spec, Metric):
        return spec
    if isinstance(spec, str):
        key = spec.lower()
        if key.startswith("top") and key.endswith("_accuracy") and key[3:-9].isdigit():
            return TopKAccuracy(int(key[3:-9]))
        if key in _BY_NAME:
            return _BY_NAME[key]()
        raise ValueError(f"unknown metric {spec!r}; known: {sorted(_BY_NAME)} or 'top<k>_accuracy'")
    if callable(spec):
        return FunctionMetric(spec)
    raise TypeError(f"a metric must be a name, a Metric or a function, got {type(spec).__name__}")
