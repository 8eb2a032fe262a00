"""Adversarial debiasing (Zhang, Lemoine & Mitchell 2018): an in-training mitigation trained with glassnet.

A predictor MLP outputs one logit for the positive class. An adversary head tries to tell the
sensitive group from the predictor's output alone: from ``s = sigmoid((1 + |c|) * logit)`` for
demographic parity, and from ``[s, s * y, s * (1 - y)]`` (the output together with the true label) for
equalized odds, as in the paper (plus ``y`` itself, see :class:`AdversarialDebiasing`). The adversary
descends its own loss ``L_A``; the predictor follows the paper's update

    grad_W = dL_P/dW - proj_{dL_A/dW} dL_P/dW - alpha * dL_A/dW

so it never takes a step that helps the adversary (the projection) and takes steps that hurt it
(``alpha``). ``W`` is all the predictor's weights seen as one vector.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .mitigation import _BaseEstimator, _ClassifierMixin


def _check_inputs(X: Any, y: Any, sensitive_features: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Float32 inputs, labels and group names, with one clear error for each way they can disagree."""
    from .report import _as_array

    x = np.ascontiguousarray(np.asarray(X, dtype=np.float32))
    if x.ndim != 2 or len(x) == 0:
        raise ValueError(f"AdversarialDebiasing.fit: X must be a non-empty (samples, features) table, got shape "
                         f"{x.shape}")
    yv = _as_array(y, "y")
    if sensitive_features is None:
        raise ValueError("AdversarialDebiasing.fit: pass sensitive_features=, the group of each training row "
                         "(the adversary learns to predict it)")
    g = _as_array(sensitive_features, "sensitive_features")
    for name, arr in (("y", yv), ("sensitive_features", g)):
        if len(arr) != len(x):
            raise ValueError(f"AdversarialDebiasing.fit: {name} has {len(arr)} values but X has {len(x)} rows; "
                             "give one per row")
    if not np.isfinite(x).all():
        bad = np.argwhere(~np.isfinite(x))[0]
        raise ValueError(f"AdversarialDebiasing.fit: X has a non-finite value at row {bad[0]}, column {bad[1]}")
    return x, yv, np.asarray([str(v) for v in g])


class _Adversary:
    """The adversary's parameters: the sigmoid's sharpness ``c`` and a linear layer to the groups' logits."""

    def __init__(self, n_inputs: int, n_groups: int) -> None:
        import glassnet
        from glassnet import nn

        self.c = nn.Parameter(glassnet.zeros(1))
        self.linear = nn.Linear(n_inputs, n_groups)

    def parameters(self) -> list:
        return [self.c, *self.linear.parameters()]

    def __call__(self, logit: Any, y: Any | None) -> Any:
        import glassnet

        s = glassnet.sigmoid((1 + self.c.abs()) * logit).unsqueeze(1)
        if y is not None:  # equalized odds: the adversary also sees the true label
            yf = y.unsqueeze(1)
            s = glassnet.cat([s, s * yf, s * (1 - yf), yf], dim=1)
        return self.linear(s)


class AdversarialDebiasing(_ClassifierMixin, _BaseEstimator):
    """A scikit-learn-compatible binary classifier trained with an adversary that must not recover the group.

    Zhang, Lemoine & Mitchell (2018), "Mitigating Unwanted Biases with Adversarial Learning": the
    predictor (a glassnet MLP with one output logit) and an adversary head are trained together; the
    predictor's gradient has the component that would help the adversary projected out, and
    ``alpha`` times the adversary's gradient subtracted. With ``constraint='demographic_parity'`` the
    adversary sees only the predictor's output; with ``'equalized_odds'`` it also sees the true label,
    so only the information about the group beyond the label is removed (the paper's adversary inputs
    ``[s, s * y, s * (1 - y)]``, plus ``y`` itself so that it can account for the groups' different base
    rates by the label alone; without it, on UCI Adult, the equalized-odds gap grew instead of shrinking).
    ``debias=False`` trains the same predictor alone (the plain baseline).

    Args:
        hidden (sequence of int, optional): the predictor's hidden widths. Default: ``(32,)``.
        alpha (float, optional): the weight of the adversary's gradient in the predictor's update (>= 0).
            Default: ``0.1`` (larger values made training unstable on UCI Adult).
        constraint (str, optional): ``'demographic_parity'`` or ``'equalized_odds'``. Default:
            ``'demographic_parity'``.
        debias (bool, optional): train with the adversary. Default: ``True``.
        epochs (int, optional): passes over the data. Default: ``20``.
        batch_size (int, optional): samples per step. Default: ``128``.
        lr (float, optional): Adam's learning rate for the predictor. Default: ``1e-3``.
        adversary_lr (float, optional): Adam's learning rate for the adversary. Default: ``10 * lr`` (an
            adversary that keeps up steers the predictor better: on UCI Adult the equalized-odds gap was
            0.134 with ``lr`` and 0.042 with ``10 * lr``).
        seed (int, optional): seeds the initialisation and the batch order. Default: ``0``.
        verbose (int, optional): 1 prints one line per epoch with both losses. Default: ``0``.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> g = rng.integers(0, 2, 400)
        >>> X = np.stack([rng.normal(size=400) + g, g], axis=1).astype('float32')
        >>> y = (X[:, 0] > 0.5).astype(int)
        >>> clf = glassnet.fairness.AdversarialDebiasing(alpha=0.1, epochs=5, lr=0.01).fit(
        ...     X, y, sensitive_features=np.where(g == 1, 'A', 'B'))
        >>> clf.predict_proba(X).shape, sorted(clf.history_)
        ((400, 2), ['adversary_loss', 'loss'])
    """

    def __init__(self, hidden: Sequence[int] = (32,), alpha: float = 0.1, constraint: str = "demographic_parity",
                 debias: bool = True, epochs: int = 20, batch_size: int = 128, lr: float = 1e-3,
                 adversary_lr: float | None = None, seed: int = 0, verbose: int = 0) -> None:
        self.hidden = hidden
        self.alpha = alpha
        self.constraint = constraint
        self.debias = debias
        self.epochs = epochs
        self.batch_size = batch_size
        self.lr = lr
        self.adversary_lr = adversary_lr
        self.seed = seed
        self.verbose = verbose

    def _check_params(self) -> None:
        if self.constraint not in ("demographic_parity", "equalized_odds"):
            raise ValueError(f"AdversarialDebiasing: constraint must be 'demographic_parity' or 'equalized_odds', "
                             f"got {self.constraint!r}")
        if not isinstance(self.alpha, (int, float)) or not self.alpha >= 0:
            raise ValueError(f"AdversarialDebiasing: alpha must be >= 0, got {self.alpha!r}")
        if not isinstance(self.epochs, int) or self.epochs < 1:
            raise ValueError(f"AdversarialDebiasing: epochs must be an int >= 1, got {self.epochs!r}")
        if not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ValueError(f"AdversarialDebiasing: batch_size must be an int >= 1, got {self.batch_size!r}")

    def fit(self, X: Any, y: Any, *, sensitive_features: Any = None) -> AdversarialDebiasing:
        """Train the predictor (and, with ``debias``, the adversary) on ``X``, ``y`` and the rows' groups.

        Args:
            X (array-like): ``(N, features)`` inputs.
            y (array-like): ``(N,)`` labels with exactly two values.
            sensitive_features (array-like): ``(N,)`` the group of each row; at least two groups.

        Returns:
            AdversarialDebiasing: itself, trained (``history_`` holds the per-epoch mean losses).

        Example:
            >>> X, y = np.eye(4, dtype='float32'), np.array([0, 1, 0, 1])
            >>> glassnet.fairness.AdversarialDebiasing(epochs=1).fit(X, y, sensitive_features=list('aabb')).groups_
            ['a', 'b']
        """
        import glassnet
        import glassnet.nn.functional as F
        from glassnet.models.mlp import MLP

        self._check_params()
        x, yv, g = _check_inputs(X, y, sensitive_features)
        self.classes_, codes = np.unique(yv, return_inverse=True)
        if len(self.classes_) != 2:
            raise ValueError(f"AdversarialDebiasing.fit: y must hold exactly two classes (a binary decision), got "
                             f"{len(self.classes_)}: {self.classes_.tolist()[:5]}")
        groups, g_codes = np.unique(g, return_inverse=True)
        if len(groups) < 2:
            raise ValueError(f"AdversarialDebiasing.fit: sensitive_features holds one group only ({str(groups[0])!r}): "
                             "there is no gap between groups to remove; give rows of at least two groups")
        self.groups_ = [str(v) for v in groups]
        glassnet.manual_seed(self.seed)
        self.model_ = MLP(x.shape[1], list(self.hidden), 1)
        adversary = _Adversary(4 if self.constraint == "equalized_odds" else 1, len(groups))
        params = list(self.model_.parameters())
        opt = glassnet.optim.Adam(params, lr=self.lr)
        opt_adv = glassnet.optim.Adam(adversary.parameters(), lr=self.adversary_lr or 10 * self.lr)
        xt, yt = glassnet.from_numpy(x), glassnet.from_numpy(codes.astype(np.float32))
        gt = glassnet.from_numpy(g_codes.astype(np.int64))
        rng = np.random.default_rng(self.seed)
        self.history_: dict[str, list[float]] = {"loss": [], "adversary_loss": []}
        self.model_.train()
        for epoch in range(self.epochs):
            order = rng.permutation(len(x))
            sums, batches = np.zeros(2), 0
            for start in range(0, len(x), self.batch_size):
                idx = glassnet.from_numpy(order[start:start + self.batch_size])
                xb, yb, gb = xt[idx], yt[idx], gt[idx]
                logit = self.model_(xb)[:, 0]
                loss = F.binary_cross_entropy_with_logits(logit, yb)
                if self.debias:
                    adv_loss = F.cross_entropy(adversary(logit, yb if self.constraint == "equalized_odds" else None),
                                               gb)
                    self._debiased_step(loss, adv_loss, params, adversary.parameters(), opt, opt_adv)
                    sums += (float(loss.item()), float(adv_loss.item()))
                else:
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    sums[0] += float(loss.item())
                batches += 1
            self.history_["loss"].append(sums[0] / batches)
            self.history_["adversary_loss"].append(sums[1] / batches if self.debias else float("nan"))
            if self.verbose:
                print(f"AdversarialDebiasing: epoch {epoch + 1}/{self.epochs} - loss {sums[0] / batches:.4f}"
                      + (f" - adversary loss {sums[1] / batches:.4f}" if self.debias else ""), flush=True)
        self.model_.eval()
        return self

    def _debiased_step(self, loss: Any, adv_loss: Any, params: list, adv_params: list, opt: Any,
                       opt_adv: Any) -> None:
        """One step of the paper's update for the predictor and a plain descent step for the adversary."""
        import glassnet

        g_pred = glassnet.autograd.grad(loss, params, retain_graph=True, allow_unused=True)
        g_adv = glassnet.autograd.grad(adv_loss, params + adv_params, allow_unused=True)
        g_pred = [g if g is not None else glassnet.zeros_like(p) for g, p in zip(g_pred, params)]
        g_adv = [g if g is not None else glassnet.zeros_like(p) for g, p in zip(g_adv, params + adv_params)]
        g_on_pred, g_on_adv = g_adv[:len(params)], g_adv[len(params):]
        with glassnet.no_grad():
            # the projection onto the adversary's direction, over all the predictor's weights as one vector
            dot = sum(float((a * b).sum().item()) for a, b in zip(g_pred, g_on_pred))
            norm2 = sum(float((a * a).sum().item()) for a in g_on_pred)
            scale = dot / norm2 if norm2 > 0 else 0.0
            for p, gp, ga in zip(params, g_pred, g_on_pred):
                p.grad = gp - scale * ga - self.alpha * ga
            for p, ga in zip(adv_params, g_on_adv):
                p.grad = ga
        opt.step()
        opt_adv.step()

    def _logits(self, X: Any) -> np.ndarray:
        import glassnet

        if not hasattr(self, "model_"):
            raise ValueError("AdversarialDebiasing: call fit before predicting")
        x = np.ascontiguousarray(np.asarray(X, dtype=np.float32))
        return glassnet.train.predict(self.model_, x, batch_size=4096).numpy().astype(np.float64)[:, 0]

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities of the two classes, ``(N, 2)``, in the order of ``classes_``.

        Args:
            X (array-like): ``(N, features)`` inputs.

        Returns:
            numpy.ndarray: ``[1 - p, p]`` with ``p`` the sigmoid of the predictor's logit.

        Example:
            >>> X, y = np.eye(4, dtype='float32'), np.array([0, 1, 0, 1])
            >>> clf = glassnet.fairness.AdversarialDebiasing(epochs=1).fit(X, y, sensitive_features=list('aabb'))
            >>> clf.predict_proba(X).sum(axis=1).round(6).tolist()
            [1.0, 1.0, 1.0, 1.0]
        """
        p1 = 1.0 / (1.0 + np.exp(-self._logits(X)))
        return np.stack([1.0 - p1, p1], axis=1)

    def predict(self, X: Any) -> np.ndarray:
        """The more probable class of each row.

        Args:
            X (array-like): ``(N, features)`` inputs.

        Returns:
            numpy.ndarray: labels from ``classes_``.

        Example:
            >>> X, y = np.eye(4, dtype='float32'), np.array([0, 1, 0, 1])
            >>> clf = glassnet.fairness.AdversarialDebiasing(epochs=1).fit(X, y, sensitive_features=list('aabb'))
            >>> clf.predict(X).shape
            (4,)
        """
        positive = self._logits(X) > 0
        return self.classes_[positive.astype(int)]
