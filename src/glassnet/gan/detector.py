"""Deepfake detection: can a small classifier tell a GAN's samples from real images?

``train_detector(real, fake)`` trains a small real-vs-generated network on part of the samples and
measures it on the rest (held out, never trained on): its accuracy and its ROC AUC, the chance that a
random fake gets a higher "fake" score than a random real image. AUC 1.0 means every fake is caught;
0.5 means the detector does no better than a coin. ``compare_detectors`` repeats this for samples of
several generator checkpoints, showing how the fakes get harder to catch as a GAN trains longer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import nn
from ..autograd.grad_mode import no_grad
from ..tensor import Tensor
from .judge import _as_images

__all__ = ["DetectorReport", "DetectorComparison", "train_detector", "compare_detectors", "roc_auc"]


def roc_auc(y_true: Any, scores: Any) -> float:
    """Area under the ROC curve from the ranks of the scores (the Mann-Whitney U statistic).

    AUC = P(score of a random positive > score of a random negative), ties counting one half; equal to
    the area under the curve of true-positive against false-positive rate over all thresholds.

    Args:
        y_true: (N,) labels, 1 for positive (fake) and 0 for negative (real); both must occur.
        scores: (N,) scores, higher meaning more likely positive.

    Returns:
        The AUC in [0, 1].

    Example:
        >>> glassnet.gan.detector.roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        0.75
    """
    y = np.asarray(y_true).reshape(-1)
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    if y.shape != s.shape:
        raise ValueError(f"roc_auc: y_true has {y.size} labels but scores has {s.size} values")
    pos = y == 1
    n_pos, n_neg = int(pos.sum()), int((y == 0).sum())
    if n_pos + n_neg != y.size:
        raise ValueError(f"roc_auc: y_true must hold only 0 and 1, got values {np.unique(y)[:5]}")
    if n_pos == 0 or n_neg == 0:
        raise ValueError(f"roc_auc: needs both classes, got {n_pos} positives and {n_neg} negatives")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s), dtype=np.float64)
    sorted_s = s[order]
    # Tied scores share the mean of the ranks they span (1-based), which counts each tie as one half.
    starts = np.flatnonzero(np.r_[True, sorted_s[1:] != sorted_s[:-1]])
    ends = np.r_[starts[1:], len(s)]
    mean_rank = (starts + ends + 1) / 2.0
    ranks[order] = np.repeat(mean_rank, ends - starts)
    u = ranks[pos].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


@dataclass
class DetectorReport:
    """How well a real-vs-generated classifier catches the fakes, on samples it never trained on.

    Args:
        accuracy: held-out accuracy (a sample counts as fake when its fake probability is > 0.5).
        auc: held-out ROC AUC (1.0: every fake caught; 0.5: a coin toss).
        train_accuracy: accuracy on the samples it trained on (far above ``accuracy`` means overfitting).
        n_train: samples trained on (real + fake).
        n_test: held-out samples (real + fake).
        epochs: training epochs.
        label: a name for the samples judged, e.g. a checkpoint.
        detector: the trained network (logit > 0 means "fake").

    Example:
        >>> r = glassnet.gan.detector.DetectorReport(accuracy=0.5, auc=0.5, train_accuracy=0.6, n_train=70,
        ...                                          n_test=30, epochs=3)
        >>> r.as_dict()["auc"]
        0.5
    """

    accuracy: float
    auc: float
    train_accuracy: float
    n_train: int
    n_test: int
    epochs: int
    label: str = ""
    detector: nn.Module | None = field(default=None, repr=False)

    def verdict(self) -> str:
        """One plain-words sentence on how catchable the fakes are.

        Example:
            >>> glassnet.gan.detector.DetectorReport(0.99, 1.0, 1.0, 70, 30, 3).verdict()
            'the fakes are easy to catch (AUC 1.00)'
        """
        if self.auc >= 0.95:
            return f"the fakes are easy to catch (AUC {self.auc:.2f})"
        if self.auc >= 0.75:
            return f"most fakes can be caught (AUC {self.auc:.2f})"
        if self.auc >= 0.6:
            return f"the fakes are hard to catch (AUC {self.auc:.2f})"
        return f"this detector cannot tell the fakes from real images (AUC {self.auc:.2f}, 0.5 is a coin toss)"

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON-ready values (the network itself is left out).

        Example:
            >>> sorted(glassnet.gan.detector.DetectorReport(1.0, 1.0, 1.0, 70, 30, 3).as_dict())[:3]
            ['accuracy', 'auc', 'epochs']
        """
        return {"label": self.label, "accuracy": self.accuracy, "auc": self.auc,
                "train_accuracy": self.train_accuracy, "n_train": self.n_train, "n_test": self.n_test,
                "epochs": self.epochs}

    def __str__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return (f"{name}real-vs-fake detector on {self.n_test} held-out samples: accuracy {self.accuracy:.1%}, "
                f"ROC AUC {self.auc:.3f} (trained on {self.n_train}, train accuracy {self.train_accuracy:.1%}); "
                f"{self.verdict()}")


def detector_net(shape: tuple[int, int, int]) -> nn.Module:
    """The small real-vs-fake network: two stride-2 convolutions with LeakyReLU, then one logit.

    Args:
        shape: (C, H, W) of the images.

    Returns:
        An ``nn.Module`` mapping (N, C, H, W) to (N, 1) logits.

    Example:
        >>> tuple(glassnet.gan.detector.detector_net((1, 8, 8))(glassnet.zeros(2, 1, 8, 8)).shape)
        (2, 1)
    """
    c, h, w = shape
    side_h, side_w = (h + 1) // 2, (w + 1) // 2
    side_h, side_w = (side_h + 1) // 2, (side_w + 1) // 2
    return nn.Sequential(
        nn.Conv2d(c, 16, 3, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(32 * side_h * side_w, 1))


def train_detector(real: Any, fake: Any, *, epochs: int = 5, seed: int = 0, test_fraction: float = 0.3,
                   batch_size: int = 64, lr: float = 1e-3, label: str = "", verbose: int = 0) -> DetectorReport:
    """Train a small real-vs-generated classifier and measure it on held-out samples.

    Real and fake samples are each split at random (``test_fraction`` of each held out), the network
    from ``detector_net`` is trained with ``glassnet.train.fit`` (BCE with logits, Adam) to output
    "fake" (1) or "real" (0), and the held-out samples give the accuracy and ROC AUC.

    Args:
        real: (N, C, H, W) real images (NumPy array or Tensor), in the range the generator draws in.
        fake: (M, C, H, W) generated images, same C, H, W.
        epochs: training epochs.
        seed: seeds the split, the weights and the shuffle order.
        test_fraction: share of each set held out for measuring, in (0, 1).
        batch_size: samples per training step.
        lr: Adam's learning rate.
        label: a name stored in the report (e.g. the checkpoint the fakes came from).
        verbose: 1 shows fit's progress.

    Returns:
        A ``DetectorReport``.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> real = rng.uniform(-1, 0, (40, 1, 8, 8)).astype(np.float32)
        >>> fake = rng.uniform(0, 1, (40, 1, 8, 8)).astype(np.float32)
        >>> glassnet.gan.detector.train_detector(real, fake, epochs=3).auc
        1.0
    """
    from ..backend import manual_seed
    from ..train import fit

    r, f = _images(real, "real"), _images(fake, "fake")
    if r.shape[1:] != f.shape[1:]:
        raise ValueError(f"train_detector: real images are {r.shape[1:]} (C, H, W) but fakes are {f.shape[1:]}")
    if not 0 < test_fraction < 1:
        raise ValueError(f"train_detector: test_fraction must be in (0, 1), got {test_fraction}")
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"train_detector: epochs must be a positive int, got {epochs!r}")
    rng = np.random.default_rng(seed)
    (r_tr, r_te), (f_tr, f_te) = _split(r, test_fraction, rng, "real"), _split(f, test_fraction, rng, "fake")
    x_tr = np.concatenate([r_tr, f_tr])
    y_tr = np.r_[np.zeros(len(r_tr)), np.ones(len(f_tr))].astype(np.float32)[:, None]
    x_te = np.concatenate([r_te, f_te])
    y_te = np.r_[np.zeros(len(r_te)), np.ones(len(f_te))]

    manual_seed(seed)
    net = detector_net(tuple(r.shape[1:]))
    fit(net, (x_tr, y_tr), loss="bce_with_logits", optimizer="adam", lr=lr, epochs=epochs, batch_size=batch_size,
        metrics=(), seed=seed, verbose=verbose)
    s_tr, s_te = _logits(net, x_tr), _logits(net, x_te)
    return DetectorReport(accuracy=float(np.mean((s_te > 0) == (y_te == 1))), auc=roc_auc(y_te, s_te),
                          train_accuracy=float(np.mean((s_tr > 0) == (y_tr[:, 0] == 1))), n_train=len(x_tr),
                          n_test=len(x_te), epochs=epochs, label=label, detector=net.eval())


@dataclass
class DetectorComparison:
    """Detector reports for several generator checkpoints, in the order given (see ``compare_detectors``).

    Args:
        reports: one ``DetectorReport`` per checkpoint.

    Example:
        >>> R = glassnet.gan.detector.DetectorReport
        >>> c = glassnet.gan.detector.DetectorComparison([R(1.0, 1.0, 1.0, 70, 30, 3, "epoch 1"),
        ...                                               R(0.7, 0.8, 0.9, 70, 30, 3, "epoch 9")])
        >>> c.aucs()
        [1.0, 0.8]
    """

    reports: list[DetectorReport]

    def aucs(self) -> list[float]:
        """The held-out ROC AUC of each checkpoint, in order.

        Example:
            >>> glassnet.gan.detector.DetectorComparison([]).aucs()
            []
        """
        return [r.auc for r in self.reports]

    def summary(self) -> str:
        """A plain-words sentence on how catchability changed from the first checkpoint to the last.

        Example:
            >>> R = glassnet.gan.detector.DetectorReport
            >>> glassnet.gan.detector.DetectorComparison([R(1.0, 1.0, 1.0, 70, 30, 3, "early"),
            ...                                           R(0.7, 0.8, 0.9, 70, 30, 3, "late")]).summary()
            'the fakes got harder to catch: AUC 1.00 at early, 0.80 at late'
        """
        if len(self.reports) < 2:
            return self.reports[0].verdict() if self.reports else "no checkpoints compared"
        a, b = self.reports[0], self.reports[-1]
        trend = ("got harder to catch" if b.auc < a.auc - 0.02 else
                 "got easier to catch" if b.auc > a.auc + 0.02 else "stayed about as catchable")
        return f"the fakes {trend}: AUC {a.auc:.2f} at {a.label}, {b.auc:.2f} at {b.label}"

    def as_dict(self) -> dict[str, Any]:
        """The reports as JSON-ready values.

        Example:
            >>> glassnet.gan.detector.DetectorComparison([]).as_dict()
            {'checkpoints': []}
        """
        return {"checkpoints": [r.as_dict() for r in self.reports]}

    def __str__(self) -> str:
        width = max([len(r.label) for r in self.reports] + [10])
        lines = [f"{'checkpoint'.ljust(width)}  accuracy  ROC AUC  train acc"]
        lines += [f"{r.label.ljust(width)}  {r.accuracy:8.1%}  {r.auc:7.3f}  {r.train_accuracy:9.1%}"
                  for r in self.reports]
        return "\n".join(lines + [self.summary()])


def compare_detectors(real: Any, fakes: Mapping[str, Any], **kwargs: Any) -> DetectorComparison:
    """Train one fresh detector per generator checkpoint: how catchable are the fakes as a GAN trains?

    Every checkpoint's detector gets the same real images, the same split seed and the same training
    budget, so the AUCs compare the fakes alone.

    Args:
        real: (N, C, H, W) real images.
        fakes: checkpoint label -> its samples (N', C, H, W), or a function of no arguments returning
            them (e.g. ``lambda: G(z)`` after loading that checkpoint's weights), in training order.
        **kwargs: passed to ``train_detector`` (epochs, seed, test_fraction, ...).

    Returns:
        A ``DetectorComparison``; ``print`` it for a table and a one-line summary.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> real = rng.uniform(-1, 0, (40, 1, 8, 8)).astype(np.float32)
        >>> fakes = {"early": rng.uniform(0, 1, (40, 1, 8, 8)).astype(np.float32),
        ...          "late": rng.uniform(-1, 0, (40, 1, 8, 8)).astype(np.float32)}
        >>> c = glassnet.gan.detector.compare_detectors(real, fakes, epochs=3)
        >>> c.aucs()[0] > c.aucs()[1]
        True
    """
    if not isinstance(fakes, Mapping) or not fakes:
        raise TypeError("compare_detectors: fakes must be a non-empty mapping {checkpoint label: samples}")
    reports = []
    for label, samples in fakes.items():
        if callable(samples) and not isinstance(samples, (Tensor, np.ndarray)):
            with no_grad():
                samples = samples()
        reports.append(train_detector(real, samples, label=str(label), **kwargs))
    return DetectorComparison(reports)


# ---- helpers ---------------------------------------------------------------------------------------
def _images(x: Any, what: str) -> np.ndarray:
    # The judge's reader: Tensor, torch tensor or array to float32 (N, C, H, W), refusing empty and non-finite input.
    return _as_images(x, "train_detector", what)


def _split(x: np.ndarray, test_fraction: float, rng: np.random.Generator, what: str) -> tuple:
    n_test = int(round(len(x) * test_fraction))
    if n_test < 1 or len(x) - n_test < 1:
        raise ValueError(f"train_detector: {len(x)} {what} samples are too few to hold out "
                         f"{test_fraction:.0%} for testing and train on the rest")
    order = rng.permutation(len(x))
    return x[order[n_test:]], x[order[:n_test]]


def _logits(net: nn.Module, x: np.ndarray) -> np.ndarray:
    net.eval()
    with no_grad():
        out = [np.asarray(net(Tensor(x[i:i + 256]))._data, dtype=np.float64).reshape(-1)
               for i in range(0, len(x), 256)]
    return np.concatenate(out)
