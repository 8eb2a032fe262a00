"""A loss-threshold membership-inference attack: how much does the model reveal about who trained it?

Training examples tend to get lower loss than unseen ones; an attacker who guesses "member" when an
example's loss is below a threshold wins more often the more the model memorised. The advantage is
``TPR - FPR`` of that guess at the best threshold (0: no better than chance, 1: a perfect guess),
the measure of Yeom et al.'s attack that differential privacy bounds by ``exp(epsilon) - 1``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd.grad_mode import no_grad


def _losses(model: Any, data: Any, batch_size: int) -> np.ndarray:
    from ..nn import functional as F
    from ..train.inputs import as_loader, split_batch

    out = []
    was = getattr(model, "training", False)
    model.eval()
    try:
        with no_grad():
            for batch in as_loader(data, batch_size, False, what="data"):
                inputs, target = split_batch(batch)
                if target is None:
                    raise ValueError("membership_inference_advantage: the data needs targets: give (X, y)")
                logits = model(*inputs)
                out.append(F.cross_entropy(logits, target, reduction="none")._data.astype(np.float64))
    finally:
        model.train(was)
    return np.concatenate(out) if out else np.zeros(0)


def membership_inference_advantage(model: Any, members: Any, non_members: Any, batch_size: int = 256) -> float:
    """The best-threshold advantage ``max_t (TPR - FPR)`` of guessing "member" when the cross-entropy loss is <= t.

    Args:
        model (Module): a classifier returning logits.
        members: examples the model was trained on: ``(X, y)``, a Dataset or a DataLoader.
        non_members: examples it never saw, from the same distribution, in the same forms.
        batch_size (int, optional): the evaluation batch size. Default: ``256``.

    Returns:
        float: the advantage in [0, 1].

    Example:
        >>> model = nn.Linear(4, 2)
        >>> x, y = glassnet.randn(100, 4), glassnet.randint(0, 2, (100,))
        >>> adv = glassnet.privacy.membership_inference_advantage(model, (x[:50], y[:50]), (x[50:], y[50:]))
        >>> 0.0 <= adv <= 1.0
        True
    """
    lm, ln = _losses(model, members, batch_size), _losses(model, non_members, batch_size)
    if len(lm) == 0 or len(ln) == 0:
        raise ValueError(f"membership_inference_advantage: need examples in both sets, got {len(lm)} members "
                         f"and {len(ln)} non-members")
    scores = np.concatenate([lm, ln])
    is_member = np.concatenate([np.ones(len(lm)), np.zeros(len(ln))])
    order = np.argsort(scores, kind="stable")
    tpr = np.cumsum(is_member[order]) / len(lm)
    fpr = np.cumsum(1 - is_member[order]) / len(ln)
    # only thresholds between distinct loss values are realisable
    last = np.r_[scores[order][1:] != scores[order][:-1], True]
    return float(max(0.0, np.max((tpr - fpr)[last])))


__all__ = ["membership_inference_advantage"]
