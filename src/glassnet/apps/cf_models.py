"""Collaborative-filtering models and metrics for the recommend app: matrix factorisation, a neural variant,
their training loop, and RMSE and top-10 ranking metrics."""

from __future__ import annotations

import numpy as np

import glassnet as gn
from glassnet import nn


class MatrixFactorization(nn.Module):
    """rating(u, i) = mean + b_u + b_i + <p_u, q_i>: user and item Embeddings plus one bias each."""

    def __init__(self, n_users: int, n_items: int, dim: int = 16, mean: float = 0.0) -> None:
        super().__init__()
        self.user = nn.Embedding(n_users, dim)
        self.item = nn.Embedding(n_items, dim)
        self.user_bias = nn.Embedding(n_users, 1)
        self.item_bias = nn.Embedding(n_items, 1)
        for emb in (self.user, self.item):
            nn.init.normal_(emb.weight, std=0.1)  # small factors: the start is close to the bias-only model
        for emb in (self.user_bias, self.item_bias):
            nn.init.zeros_(emb.weight)
        self.mean = mean

    def factors(self, u, i):
        """The rows the batch uses, so the L2 penalty is on them only (the classic MF regulariser)."""
        return [self.user(u), self.item(i), self.user_bias(u), self.item_bias(i)]

    def forward(self, u, i):
        """Predicted ratings of the pairs (u[k], i[k])."""
        p, q, bu, bi = self.factors(u, i)
        return self.mean + bu.squeeze(-1) + bi.squeeze(-1) + (p * q).sum(-1)


class NeuralCF(nn.Module):
    """The neural variant (NCF-style): an MLP over [p_u, q_i, p_u * q_i], plus the mean and the two biases."""

    def __init__(self, n_users: int, n_items: int, dim: int = 16, hidden: int = 64, mean: float = 0.0) -> None:
        super().__init__()
        self.user = nn.Embedding(n_users, dim)
        self.item = nn.Embedding(n_items, dim)
        self.user_bias = nn.Embedding(n_users, 1)
        self.item_bias = nn.Embedding(n_items, 1)
        for emb in (self.user, self.item):
            nn.init.normal_(emb.weight, std=0.1)
        for emb in (self.user_bias, self.item_bias):
            nn.init.zeros_(emb.weight)
        self.mlp = nn.Sequential(nn.Linear(3 * dim, hidden), nn.ReLU(), nn.Linear(hidden, hidden // 2), nn.ReLU(),
                                 nn.Linear(hidden // 2, 1))
        self.mean = mean

    def factors(self, u, i):
        """The rows the batch uses (penalised by L2)."""
        return [self.user(u), self.item(i), self.user_bias(u), self.item_bias(i)]

    def forward(self, u, i):
        """Predicted ratings of the pairs (u[k], i[k])."""
        p, q, bu, bi = self.factors(u, i)
        x = gn.cat([p, q, p * q], dim=-1)
        return self.mean + bu.squeeze(-1) + bi.squeeze(-1) + self.mlp(x).squeeze(-1)


def predict(model: nn.Module, users: np.ndarray, items: np.ndarray, batch: int = 65536) -> np.ndarray:
    """Predicted ratings for index arrays, in eval mode without gradients."""
    model.eval()
    out = []
    with gn.no_grad():
        for s in range(0, len(users), batch):
            out.append(model(gn.from_numpy(users[s:s + batch]), gn.from_numpy(items[s:s + batch])).numpy())
    return np.concatenate(out) if out else np.zeros(0, np.float32)


def rmse(pred: np.ndarray, truth: np.ndarray) -> float:
    """Root mean squared error."""
    return float(np.sqrt(np.mean((np.asarray(pred, np.float64) - truth) ** 2)))


def train(model: nn.Module, u: np.ndarray, i: np.ndarray, r: np.ndarray, val: tuple, *, epochs: int, lr: float,
          l2: float, weight_decay: float = 0.0, batch_size: int = 1024, seed: int = 0, verbose: int = 1,
          label: str = "") -> dict:
    """Adam on the MSE plus ``l2`` x the squared norms of the batch's embedding rows; the MLP's weights (if any)
    get Adam's ``weight_decay``. Keeps the epoch with the lowest validation RMSE; returns the RMSE curves."""
    from tqdm.auto import tqdm

    emb = {id(p) for name, p in model.named_parameters() if name.split(".")[0] in ("user", "item", "user_bias",
                                                                                        "item_bias")}
    groups = [{"params": [p for p in model.parameters() if id(p) in emb], "weight_decay": 0.0},
              {"params": [p for p in model.parameters() if id(p) not in emb], "weight_decay": weight_decay}]
    opt = gn.optim.Adam([g for g in groups if g["params"]], lr=lr)
    rng = np.random.default_rng(seed)
    vu, vi, vr = val
    curves: dict[str, list[float]] = {"train_rmse": [], "val_rmse": []}
    best, best_state = float("inf"), None
    bar = tqdm(range(epochs), desc=label or "train", disable=verbose < 1, leave=False)
    for _ in bar:
        model.train()
        order = rng.permutation(len(r))
        for s in range(0, len(order), batch_size):
            b = order[s:s + batch_size]
            ub, ib = gn.from_numpy(u[b]), gn.from_numpy(i[b])
            pred = model(ub, ib)
            loss = ((pred - gn.from_numpy(r[b])) ** 2).mean()
            if l2:
                loss = loss + l2 * sum((f ** 2).sum(-1).mean() for f in model.factors(ub, ib))
            opt.zero_grad()
            loss.backward()
            opt.step()
        curves["train_rmse"].append(rmse(predict(model, u, i), r))
        curves["val_rmse"].append(rmse(predict(model, vu, vi), vr))
        bar.set_postfix(train=f"{curves['train_rmse'][-1]:.3f}", val=f"{curves['val_rmse'][-1]:.3f}")
        if curves["val_rmse"][-1] < best:
            best = curves["val_rmse"][-1]
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    if best_state is not None:
        model.load_state_dict(best_state)
    curves["best_epoch"] = int(np.argmin(curves["val_rmse"])) + 1 if curves["val_rmse"] else 0
    return curves


def ranking_metrics(scores, seen: list[set], relevant: list[set], k: int = 10, block: int = 256
                    ) -> dict[str, float]:
    """precision@k, recall@k and NDCG@k (binary relevance) averaged over users with a relevant held-out item.

    ``scores`` is a users x items array, or a function from an array of user indices to their rows (called on
    blocks of ``block`` users, so a large matrix is never built whole). Items in ``seen[u]`` (rated in training)
    are never recommended to user u.
    """
    prec, rec, ndcg = [], [], []
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    users = np.array([u for u, rel in enumerate(relevant) if rel], dtype=np.int64)
    for s0 in range(0, len(users), block):
        us = users[s0:s0 + block]
        rows = scores(us) if callable(scores) else scores[us]
        for u, row in zip(us, rows):
            rel = relevant[u]
            s = np.array(row, dtype=np.float64)
            if seen[u]:
                s[list(seen[u])] = -np.inf
            top = np.argpartition(-s, k)[:k] if k < len(s) else np.arange(len(s))
            top = top[np.argsort(-s[top], kind="stable")]
            hits = np.array([t in rel for t in top], dtype=float)
            prec.append(hits.sum() / k)
            rec.append(hits.sum() / len(rel))
            ndcg.append(float((hits * discount[:len(hits)]).sum() / discount[:min(len(rel), k)].sum()))
    n = len(prec)
    return {f"precision@{k}": float(np.mean(prec)) if n else float("nan"),
            f"recall@{k}": float(np.mean(rec)) if n else float("nan"),
            f"ndcg@{k}": float(np.mean(ndcg)) if n else float("nan"), "users": n}


__all__ = ["MatrixFactorization", "NeuralCF", "predict", "ranking_metrics", "rmse", "train"]
