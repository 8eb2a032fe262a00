"""Judging generated images without eyes: a classifier trained on the real data scores the samples.

Three questions, one number each:

- **Are the samples recognisable?** ``confident_fraction``: the share the judge classifies with a
  softmax probability of at least 0.9.
- **Are all classes drawn, evenly?** ``class_histogram`` (share of samples per predicted class), its
  entropy (``log(num_classes)`` nats when every class is equally common, 0 when one class takes all)
  and ``min_class_fraction``. A generator that draws one or two classes only has *mode collapse*.
- **Do the samples look like the real data as a whole?** ``frechet``: the Fréchet distance between
  Gaussians fitted to the judge's penultimate-layer features of real and generated samples. This is
  the recipe of FID, but **FID computed with glassnet's own classifier, not Inception**: its values
  are comparable between runs judged by the same classifier, never with published FID numbers.

For an InfoGAN, ``code_classes`` says which class each code came to draw and how cleanly (the code was never
told a class: the mapping is found, not given).

Samples are judged in [-1, 1], the range a tanh generator draws in (``train_judge`` trains the judge
on real images scaled to that range). The judge itself comes from ``train_judge`` (judge_model.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import nn
from ..autograd.grad_mode import no_grad
from ..tensor import Tensor
from .judge_model import train_judge

__all__ = ["JudgeReport", "judge_samples", "frechet_distance", "features", "train_judge", "code_classes",
           "CONFIDENCE_THRESHOLD"]

CONFIDENCE_THRESHOLD = 0.9
BATCH = 256  # samples per forward pass when judging: bounds the memory of a big sample set
RANGE_SLACK = 0.05  # samples may overshoot [-1, 1] a little (e.g. a generator without tanh)


@dataclass
class JudgeReport:
    """The judge's verdict on one set of generated samples (see ``judge_samples``).

    Args:
        n: how many samples were judged.
        num_classes: the number of classes the judge knows.
        confident_fraction: share of samples whose top softmax probability is >= 0.9 (None without classifier).
        class_histogram: (num_classes,) share of samples predicted as each class (None without classifier).
        class_entropy: entropy of ``class_histogram`` in nats (None without classifier).
        class_entropy_normalized: ``class_entropy / log(num_classes)``: 1 when all classes are equally common.
        min_class_fraction: the share of the rarest class (0 when a class never appears).
        frechet: Fréchet distance to the real samples' features (None without ``real``).
        diversity: mean over pixels of the standard deviation across samples (0: all samples identical).
        real_diversity: the same for the real samples (None without ``real``).
        predicted: (n,) the judge's class for each sample.
        confidence: (n,) the judge's top softmax probability for each sample.
        warnings: plain-words findings (mode collapse, unrecognisable samples ...).

    Example:
        >>> x = np.random.default_rng(0).uniform(-1, 1, (20, 1, 8, 8)).astype(np.float32)
        >>> r = glassnet.gan.judge.judge_samples(x, nn.Sequential(nn.Flatten(), nn.Linear(64, 10)))
        >>> r.n, len(r.class_histogram)
        (20, 10)
    """

    n: int
    num_classes: int
    confident_fraction: float | None = None
    class_histogram: np.ndarray | None = None
    class_entropy: float | None = None
    class_entropy_normalized: float | None = None
    min_class_fraction: float | None = None
    frechet: float | None = None
    diversity: float = 0.0
    real_diversity: float | None = None
    predicted: np.ndarray | None = None
    confidence: np.ndarray | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def class_entropy_normalised(self) -> float | None:
        """Alias of ``class_entropy_normalized``."""
        return self.class_entropy_normalized

    def as_dict(self) -> dict[str, Any]:
        """The scalar figures and the histogram as JSON-ready Python values (no per-sample arrays).

        Example:
            >>> r = glassnet.gan.judge.JudgeReport(n=4, num_classes=10, frechet=1.5)
            >>> r.as_dict()["frechet"]
            1.5
        """
        hist = None if self.class_histogram is None else [round(float(v), 6) for v in self.class_histogram]
        out: dict[str, Any] = {"n": self.n, "num_classes": self.num_classes,
                               "confident_fraction": self.confident_fraction, "class_histogram": hist,
                               "class_entropy": self.class_entropy,
                               "class_entropy_normalized": self.class_entropy_normalized,
                               "min_class_fraction": self.min_class_fraction, "frechet": self.frechet,
                               "diversity": self.diversity, "real_diversity": self.real_diversity,
                               "warnings": list(self.warnings)}
        return {k: (float(v) if isinstance(v, np.floating) else v) for k, v in out.items()}

    def __str__(self) -> str:
        lines = [f"judged {self.n} samples"]
        if self.confident_fraction is not None:
            lines.append(f"  recognisable (confidence >= {CONFIDENCE_THRESHOLD}): {self.confident_fraction:.1%}")
            hist = "  ".join(f"{c}:{p:.0%}" for c, p in enumerate(self.class_histogram))
            lines.append(f"  classes drawn: {hist}")
            lines.append(f"  class entropy: {self.class_entropy:.3f} nats ({self.class_entropy_normalized:.1%} of "
                         f"the {math.log(self.num_classes):.3f} of a uniform mix); rarest class "
                         f"{self.min_class_fraction:.1%}")
        if self.frechet is not None:
            lines.append(f"  Frechet distance to real features: {self.frechet:.3f} (glassnet's judge, not Inception)")
        real = f" (real samples: {self.real_diversity:.3f})" if self.real_diversity is not None else ""
        lines.append(f"  pixel diversity across samples: {self.diversity:.3f}{real}")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def code_classes(codes: Any, predicted: Any, num_classes: int) -> dict[str, Any]:
    """Which class each value of an InfoGAN's code draws most, and the share of samples that agree with it.

    Args:
        codes: (n,) the code each sample was drawn with.
        predicted: (n,) the judge's class for each sample.
        num_classes: classes the judge knows.

    Returns:
        ``{"class_of_code": [commonest class per code], "share_of_code": [that class's share per code],
        "purity": share of all samples whose class is their code's commonest, "classes_covered": how many
        distinct classes the codes map to}``.

    Example:
        >>> glassnet.gan.judge.code_classes([0, 0, 1, 1], [3, 3, 5, 4], 10)["purity"]
        0.75
    """
    codes, predicted = np.asarray(codes, dtype=np.int64), np.asarray(predicted, dtype=np.int64)
    if codes.shape != predicted.shape:
        raise ValueError(f"code_classes: codes {codes.shape} and predicted {predicted.shape} must have one entry "
                         "per sample")
    counts = np.zeros((int(codes.max()) + 1 if codes.size else 0, num_classes), dtype=np.int64)
    np.add.at(counts, (codes, predicted), 1)
    used = counts.sum(1) > 0
    top = counts.argmax(1)
    share = np.where(used, counts.max(1) / np.maximum(counts.sum(1), 1), 0.0)
    return {"class_of_code": top.tolist(), "share_of_code": [float(v) for v in share],
            "purity": float(counts.max(1).sum() / max(codes.size, 1)),
            "classes_covered": int(len(set(top[used].tolist())))}


def frechet_distance(feats_a: Any, feats_b: Any) -> float:
    """The Fréchet distance between Gaussians fitted to two sets of feature vectors.

    ``d^2 = |mu_a - mu_b|^2 + tr(C_a + C_b - 2 (C_a C_b)^(1/2))`` with means ``mu`` and covariances
    ``C`` (unbiased, as FID implementations compute them). ``C_a C_b`` is not symmetric, but its square
    root has the trace of ``(S C_b S)^(1/2)`` with ``S = C_a^(1/2)``, a symmetric positive semi-definite
    matrix; both square roots come from ``numpy.linalg.eigh``, in float64, with rounding's tiny negative
    eigenvalues clipped to 0. This is the distance behind FID; here it runs on any features.

    Args:
        feats_a: (N, D) features of the first set (NumPy array or Tensor), N >= 2.
        feats_b: (M, D) features of the second set, M >= 2, same D.

    Returns:
        The distance (squared, as FID reports it) as a float >= 0.

    Example:
        >>> a = np.random.default_rng(0).standard_normal((500, 3))
        >>> round(glassnet.gan.judge.frechet_distance(a, a + 2.0), 6)  # shift by 2 in 3 dimensions
        12.0
    """
    a, b = _as_2d(feats_a, "feats_a"), _as_2d(feats_b, "feats_b")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"frechet_distance: the feature sizes differ: feats_a {a.shape}, feats_b {b.shape}")
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    cov_a, cov_b = np.atleast_2d(np.cov(a, rowvar=False)), np.atleast_2d(np.cov(b, rowvar=False))
    s = _psd_sqrt(cov_a)
    middle = s @ cov_b @ s
    eig = np.linalg.eigvalsh((middle + middle.T) / 2)
    tr_sqrt = np.sqrt(np.clip(eig, 0.0, None)).sum()
    d2 = float(np.sum((mu_a - mu_b) ** 2) + np.trace(cov_a) + np.trace(cov_b) - 2.0 * tr_sqrt)
    return max(d2, 0.0)


def _psd_sqrt(c: np.ndarray) -> np.ndarray:
    w, v = np.linalg.eigh((c + c.T) / 2)
    return (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T


def _as_2d(x: Any, what: str) -> np.ndarray:
    arr = np.asarray(x._data if isinstance(x, Tensor) else x, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] < 2:
        raise ValueError(f"frechet_distance: {what} must be (N, D) with N >= 2 samples, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"frechet_distance: {what} holds NaN or infinite values")
    return arr


def features(classifier: nn.Module, x: Any, batch_size: int = BATCH) -> np.ndarray:
    """The classifier's penultimate-layer features: the input of its last ``nn.Linear``, flattened.

    A forward pre-hook on the last ``nn.Linear`` in ``classifier.modules()`` (registration order, which
    is call order for ``nn.Sequential`` models and the zoo's classifiers) records what that layer
    receives; the hook is removed afterwards. A classifier without any ``nn.Linear`` gives its outputs
    (the logits) instead. Runs in eval mode without gradients, ``batch_size`` samples at a time.

    Args:
        classifier: the judge (any ``nn.Module`` mapping (N, C, H, W) to (N, num_classes) scores).
        x: (N, C, H, W) images (NumPy array or Tensor), in the range the classifier was trained on.
        batch_size: samples per forward pass.

    Returns:
        (N, D) float64 features.

    Example:
        >>> judge = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
        >>> glassnet.gan.judge.features(judge, np.zeros((5, 1, 8, 8), np.float32)).shape
        (5, 32)
    """
    return _run(classifier, _as_images(x, "features", "x"), batch_size)[1]


def judge_samples(samples: Any, classifier: nn.Module | None = None, *, real: Any = None,
                  num_classes: int = 10) -> JudgeReport:
    """Score generated samples with a classifier trained on the real data (see the module docstring).

    Args:
        samples: (N, C, H, W) generated images in [-1, 1] (NumPy array or Tensor).
        classifier: the judge, e.g. from ``train_judge``; its outputs are (N, num_classes) logits. Without
            one, only pixel diversity (and, with ``real``, a Fréchet distance on raw pixels) is reported.
        real: optional (M, C', H, W) real images in [-1, 1] (same C, H, W); gives ``frechet`` between the
            judge's penultimate features of real and generated samples.
        num_classes: how many classes the judge tells apart.

    Returns:
        A ``JudgeReport``; ``print(report)`` explains it, ``report.as_dict()`` is JSON-ready.

    Example:
        >>> judge = nn.Sequential(nn.Flatten(), nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10))
        >>> x = np.random.default_rng(0).uniform(-1, 1, (40, 1, 8, 8)).astype(np.float32)
        >>> r = glassnet.gan.judge.judge_samples(x, judge, real=x)
        >>> round(r.frechet, 6), r.predicted.shape
        (0.0, (40,))
    """
    if not isinstance(num_classes, int) or num_classes < 2:
        raise ValueError(f"judge_samples: num_classes must be an int >= 2, got {num_classes!r}")
    x = _as_images(samples, "judge_samples", "samples")
    r = None
    if real is not None:
        r = _as_images(real, "judge_samples", "real")
        if r.shape[1:] != x.shape[1:]:
            raise ValueError(f"judge_samples: real images are {r.shape[1:]} (C, H, W) but samples are "
                             f"{x.shape[1:]}; both must have the same shape")
    report = JudgeReport(n=len(x), num_classes=num_classes, diversity=_diversity(x))
    if r is not None:
        report.real_diversity = _diversity(r)
    if classifier is None:
        if r is not None and len(x) >= 2 and len(r) >= 2:
            report.frechet = frechet_distance(x.reshape(len(x), -1), r.reshape(len(r), -1))
        report.warnings = _warnings(report)
        return report

    logits, feats = _run(classifier, x, BATCH)
    if logits.ndim != 2 or logits.shape[1] != num_classes:
        raise ValueError(f"judge_samples: the classifier returned scores of shape {logits.shape} for "
                         f"{len(x)} samples; expected ({len(x)}, {num_classes}) (num_classes={num_classes})")
    probs = _softmax(logits)
    report.predicted = probs.argmax(axis=1).astype(np.int64)
    report.confidence = probs.max(axis=1)
    report.confident_fraction = float(np.mean(report.confidence >= CONFIDENCE_THRESHOLD))
    hist = np.bincount(report.predicted, minlength=num_classes) / len(x)
    report.class_histogram = hist
    nz = hist[hist > 0]
    report.class_entropy = float(-(nz * np.log(nz)).sum())
    report.class_entropy_normalized = report.class_entropy / math.log(num_classes)
    report.min_class_fraction = float(hist.min())
    if r is not None:
        report.frechet = frechet_distance(feats, _run(classifier, r, BATCH)[1])
    report.warnings = _warnings(report)
    return report


# ---- plain-words findings ---------------------------------------------------------------------
DOMINANT = 0.5  # one class taking at least half the samples (of >= 4 classes) is mode collapse
LOW_CONFIDENCE = 0.5
SAME_SAMPLES = 0.25  # samples varying less than a quarter as much as real ones are near copies of each other


def _warnings(r: JudgeReport) -> list[str]:
    out = []
    if r.class_histogram is not None and r.n >= r.num_classes:
        top = int(np.argmax(r.class_histogram))
        share = float(r.class_histogram[top])
        missing = [c for c in range(r.num_classes) if r.class_histogram[c] == 0]
        if r.num_classes >= 4 and share >= DOMINANT:
            out.append(f"mode collapse: {share:.0%} of the samples look like class {top}; the generator draws "
                       "one class instead of all of them")
        elif missing and r.n >= 5 * r.num_classes:
            names = ", ".join(map(str, missing))
            out.append(f"possible mode collapse: class{'es' if len(missing) > 1 else ''} {names} never "
                       f"appear{'s' if len(missing) == 1 else ''} in {r.n} samples")
    if r.confident_fraction is not None and r.confident_fraction < LOW_CONFIDENCE:
        out.append(f"only {r.confident_fraction:.0%} of the samples are recognisable (judge confidence >= "
                   f"{CONFIDENCE_THRESHOLD}); most look like no class in particular")
    if r.n >= 2:
        if r.real_diversity is not None and r.diversity < SAME_SAMPLES * r.real_diversity:
            out.append(f"the samples are near copies of each other (pixel diversity {r.diversity:.3f} against "
                       f"{r.real_diversity:.3f} for real images): a sign of mode collapse")
        elif r.real_diversity is None and r.diversity < 1e-3:
            out.append("all samples are (almost) the same image: complete mode collapse")
    return out


# ---- running the classifier ---------------------------------------------------------------------
def _as_images(x: Any, fn: str, what: str) -> np.ndarray:
    if isinstance(x, Tensor):
        arr = np.asarray(x.detach()._data)
    elif type(x).__module__.startswith("torch"):
        arr = x.detach().cpu().numpy()
    else:
        arr = np.asarray(x)
    if arr.ndim != 4:
        raise ValueError(f"{fn}: {what} must be images (N, C, H, W), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{fn}: {what} is empty (shape {arr.shape})")
    arr = arr.astype(np.float32, copy=False)
    if not np.isfinite(arr).all():
        raise ValueError(f"{fn}: {what} holds NaN or infinite values")
    lo, hi = float(arr.min()), float(arr.max())
    if fn == "judge_samples" and (lo < -1 - RANGE_SLACK or hi > 1 + RANGE_SLACK):
        raise ValueError(f"{fn}: {what} must be in [-1, 1] (a tanh generator's range), got values in "
                         f"[{lo:.3g}, {hi:.3g}]; rescale, e.g. x / 127.5 - 1 for 0..255 pixels")
    return arr


def _last_linear(classifier: nn.Module) -> nn.Module | None:
    last = None
    for m in classifier.modules():
        if isinstance(m, nn.Linear):
            last = m
    return last


def _run(classifier: nn.Module, x: np.ndarray, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
    """(logits, penultimate features) for every sample, in eval mode and without gradients."""
    if not isinstance(classifier, nn.Module):
        raise TypeError(f"judge: classifier must be an nn.Module, got {type(classifier).__name__}")
    captured: list[np.ndarray] = []

    def grab(module: nn.Module, args: tuple) -> None:
        captured.append(np.asarray(args[0]._data, dtype=np.float64).reshape(len(args[0]), -1))

    layer = _last_linear(classifier)
    handle = layer.register_forward_pre_hook(grab) if layer is not None else None
    was_training = classifier.training
    classifier.eval()
    logits = []
    try:
        with no_grad():
            for i in range(0, len(x), batch_size):
                out = classifier(Tensor(x[i:i + batch_size]))
                logits.append(np.asarray(out._data, dtype=np.float64))
    finally:
        if handle is not None:
            handle.remove()
        classifier.train(was_training)
    lg = np.concatenate(logits)
    feats = np.concatenate(captured) if captured else lg.reshape(len(lg), -1)
    if len(feats) != len(x):  # the last Linear ran more or fewer times than once per batch
        raise ValueError(f"features: the classifier's last nn.Linear saw {len(feats)} samples for {len(x)} "
                         "inputs; it is not the layer before the output")
    return lg, feats


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _diversity(x: np.ndarray) -> float:
    return float(x.reshape(len(x), -1).std(axis=0).mean()) if len(x) > 1 else 0.0
