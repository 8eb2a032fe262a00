"""The fraud app's models: one MLP trained with three losses, and scikit-learn's two baselines on the same split.

Each MLP starts from the same initial weights and sees the batches in the same order, so the loss is the only
difference. After every epoch it is scored on the validation split and the epoch with the best average precision
is kept (the test split is never looked at while training).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

import glassnet as gn
import glassnet.nn.functional as F
from glassnet import nn

from .focal import sigmoid_focal_loss
from .rare_metrics import average_precision

LOSSES = ("cross-entropy", "class-weighted", "focal")


@dataclass
class MLPSettings:
    """How the MLPs are trained (the same for every loss)."""

    epochs: int = 30
    batch_size: int = 512
    lr: float = 1e-3
    hidden: tuple[int, ...] = (64, 32)
    focal_gamma: float = 2.0
    focal_alpha: float = 0.25
    prior_bias: bool = True


@dataclass
class Trained:
    """A trained model's scores (probabilities of the positive class) and how it got there."""

    name: str
    val_score: np.ndarray
    test_score: np.ndarray
    model: Any = None
    best_epoch: int = 0
    val_ap_per_epoch: list[float] = field(default_factory=list)
    note: str = ""


def make_mlp(n_features: int, hidden: tuple[int, ...], prevalence: float | None = None) -> nn.Module:
    """Linear-ReLU layers and one output logit, its bias set to the log-odds of ``prevalence`` when given."""
    layers: list[nn.Module] = []
    width = n_features
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        width = h
    out = nn.Linear(width, 1)
    if prevalence is not None:
        # Lin et al.'s "prior" initialisation: the untrained model already predicts the base rate, so the first
        # steps are not spent pushing every output down (with 0.2% positives that is most of a short run).
        with gn.no_grad():
            out.bias.fill_(float(np.log(prevalence / (1 - prevalence))))
    return nn.Sequential(*layers, out)


def loss_function(kind: str, y_train: np.ndarray, s: MLPSettings) -> tuple[Any, str]:
    """The loss ``(logits, targets) -> scalar`` for ``kind`` and a sentence saying what it is."""
    if kind == "cross-entropy":
        return (lambda z, t: F.binary_cross_entropy_with_logits(z, t)), "binary cross-entropy, every case alike"
    if kind == "class-weighted":
        pos = int(y_train.sum())
        w = (len(y_train) - pos) / pos  # positives weigh as much, in total, as the negatives
        crit = nn.BCEWithLogitsLoss(pos_weight=gn.tensor([w], dtype=gn.float32))
        return crit, f"binary cross-entropy with positives weighted {w:.1f}x (negatives / positives in training)"
    if kind == "focal":
        return ((lambda z, t: sigmoid_focal_loss(z, t, alpha=s.focal_alpha, gamma=s.focal_gamma, reduction="mean")),
                f"focal loss, gamma {s.focal_gamma:g}, alpha {s.focal_alpha:g}")
    raise ValueError(f"unknown loss {kind!r}; the losses are {', '.join(LOSSES)}")


def predict_proba(model: nn.Module, x: np.ndarray, batch: int = 8192) -> np.ndarray:
    """Probability of the positive class, float64 (the sigmoid in float64 so high scores do not all tie at 1)."""
    model.eval()
    with gn.no_grad():
        z = np.concatenate([model(gn.from_numpy(x[i:i + batch])).numpy().ravel() for i in range(0, len(x), batch)])
    model.train()
    return 1.0 / (1.0 + np.exp(-z.astype(np.float64)))


def train_mlp(kind: str, x_tr: np.ndarray, y_tr: np.ndarray, x_va: np.ndarray, y_va: np.ndarray,
              s: MLPSettings, seed: int, verbose: int = 1) -> tuple[nn.Module, int, list[float], str]:
    """Train the MLP with loss ``kind``; returns the model at its best validation AP, that epoch, the curve, a note."""
    from tqdm.auto import tqdm

    gn.manual_seed(seed)
    # The class weights make the two classes weigh the same in total, so that loss's base rate is one half.
    prior = (0.5 if kind == "class-weighted" else float(y_tr.mean())) if s.prior_bias else None
    model = make_mlp(x_tr.shape[1], s.hidden, prior)
    loss_fn, note = loss_function(kind, y_tr, s)
    opt = gn.optim.Adam(model.parameters(), lr=s.lr)
    rng = np.random.default_rng(seed)
    targets = y_tr.astype(np.float32)
    best, best_state, curve = -1.0, None, []
    bar = tqdm(range(1, s.epochs + 1), desc=f"MLP, {kind}", unit="epoch", disable=verbose < 1, leave=False)
    for epoch in bar:
        order = rng.permutation(len(x_tr))
        for i in range(0, len(order), s.batch_size):
            idx = order[i:i + s.batch_size]
            loss = loss_fn(model(gn.from_numpy(x_tr[idx])).squeeze(1), gn.from_numpy(targets[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
        ap = average_precision(y_va, predict_proba(model, x_va))
        curve.append(ap)
        if ap > best:
            best, best_epoch = ap, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        bar.set_postfix(val_ap=f"{ap:.3f}", best=f"{best:.3f}")
    model.load_state_dict(best_state)
    model.eval()
    return model, best_epoch, curve, note


def require_sklearn() -> None:
    """A clear error naming the extra when scikit-learn is missing (checked before any training)."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        from ..cli.errors import CLIError

        raise CLIError('glassnet app fraud compares with scikit-learn\'s models: pip install "glassnet[sklearn]"') \
            from None


def sklearn_baselines(x_tr: np.ndarray, y_tr: np.ndarray, x_va: np.ndarray, y_va: np.ndarray, x_te: np.ndarray,
                      seed: int) -> list[Trained]:
    """Logistic regression and histogram gradient boosting, fitted on the training split."""
    require_sklearn()
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(max_iter=2000).fit(x_tr, y_tr)
    # Unregularised boosting at the default learning rate overfits a 0.2% class within a few trees, so the trees
    # are kept small and the number of them is chosen by early stopping on the validation split's log loss.
    gb = HistGradientBoostingClassifier(max_leaf_nodes=15, min_samples_leaf=100, l2_regularization=1.0,
                                        max_iter=300, early_stopping=True, n_iter_no_change=20, scoring="loss",
                                        random_state=seed)
    try:
        gb.fit(x_tr, y_tr, X_val=x_va, y_val=y_va)
        stopped_on = "the validation split"
    except TypeError:  # scikit-learn before 1.7 takes no X_val: it holds out 10% of the training split itself
        gb.fit(x_tr, y_tr)
        stopped_on = "10% of the training split"
    return [
        Trained("logistic regression", lr.predict_proba(x_va)[:, 1], lr.predict_proba(x_te)[:, 1],
                note="scikit-learn LogisticRegression (L2, C=1), standardised features"),
        Trained("gradient boosting", gb.predict_proba(x_va)[:, 1], gb.predict_proba(x_te)[:, 1],
                best_epoch=int(gb.n_iter_),
                note=f"scikit-learn HistGradientBoostingClassifier, 15 leaves, min 100 cases a leaf, L2 1, "
                     f"{gb.n_iter_} trees (early stopping on {stopped_on})"),
    ]


__all__ = ["LOSSES", "MLPSettings", "Trained", "loss_function", "make_mlp", "predict_proba", "require_sklearn",
           "sklearn_baselines", "train_mlp"]
