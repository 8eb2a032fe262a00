"""Ratings for the recommend app: reading a ratings file (three formats), a planted-factor generator, the split.

Formats, detected from the first line:

- ``user,item,rating[,timestamp]`` CSV, with or without a header line;
- MovieLens 100K ``u.data``: tab-separated ``user item rating timestamp``, no header;
- MovieLens ``ratings.csv`` (ml-latest, 20M, 25M ...): ``userId,movieId,rating,timestamp`` with that header;
- MovieLens 1M ``ratings.dat``: ``user::item::rating::timestamp``.

MovieLens's license forbids redistribution, so glassnet ships no copy: download it from grouplens.org yourself.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


@dataclass
class Ratings:
    """Ratings with users and items mapped to contiguous indices 0..n-1 (``user_ids[k]`` is index k's raw id)."""

    users: np.ndarray  # int64 index per rating
    items: np.ndarray  # int64 index per rating
    ratings: np.ndarray  # float32
    timestamps: np.ndarray | None  # int64, or None when the file has none
    user_ids: list[str]
    item_ids: list[str]
    source: str
    format: str
    truth: dict = field(default_factory=dict)  # planted parameters of a generated set

    def planted(self, users: np.ndarray, items: np.ndarray) -> np.ndarray | None:
        """A generated set's noise-free ratings of the pairs (users[k], items[k]); None for a file's ratings."""
        if "user_factors" not in self.truth:
            return None
        t = self.truth
        dot = np.einsum("nk,nk->n", t["user_factors"][users], t["item_factors"][items])
        return t["mu"] + t["user_bias"][users] + t["item_bias"][items] + dot

    @property
    def n_users(self) -> int:
        """How many distinct users."""
        return len(self.user_ids)

    @property
    def n_items(self) -> int:
        """How many distinct items."""
        return len(self.item_ids)

    def __len__(self) -> int:
        return len(self.ratings)


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _detect(first: str) -> tuple[str, str]:
    """(separator, format name) from the file's first non-empty line."""
    if "::" in first:
        return "::", "MovieLens 1M ratings.dat (user::item::rating::timestamp)"
    if "\t" in first:
        return "\t", "MovieLens 100K u.data (tab-separated user item rating timestamp)"
    if first.replace(" ", "").lower().startswith("userid,movieid,rating"):
        return ",", "MovieLens ratings.csv (userId,movieId,rating,timestamp)"
    return ",", "user,item,rating[,timestamp] CSV"


def read_ratings(path: str | os.PathLike) -> Ratings:
    """Read a ratings file in any of the three formats; one ValueError naming the file and line for a bad line."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such ratings file")
    with open(path, encoding="utf-8", errors="replace") as fh:
        lines = fh.read().splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if start is None:
        raise ValueError(f"{path}: empty ratings file (expected lines user,item,rating[,timestamp])")
    sep, fmt = _detect(lines[start])
    first = [f.strip() for f in lines[start].split(sep)]
    # A header names its columns: its user and rating fields are not numbers (a first line "1,2,x" is an error)
    if len(first) >= 3 and not _is_number(first[2]) and not _is_number(first[0]):
        start += 1
    expected = {"\t": "user item rating [timestamp] separated by tabs", "::": "user::item::rating::timestamp"
                }.get(sep, "user,item,rating[,timestamp]")
    users, items, values, stamps = [], [], [], []
    width = None
    for lineno in range(start + 1, len(lines) + 1):
        line = lines[lineno - 1]
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split(sep)]
        where = f"{path}, line {lineno}"
        if len(fields) not in (3, 4) or not fields[0] or not fields[1]:
            raise ValueError(f"{where}: expected {expected}; got {line[:80]!r}")
        if width is None:
            width = len(fields)
        elif len(fields) != width:
            raise ValueError(f"{where}: {len(fields)} fields where the lines before have {width}; "
                             f"expected {expected}")
        if not _is_number(fields[2]):
            raise ValueError(f"{where}: the rating {fields[2]!r} is not a number")
        if width == 4:
            try:
                stamps.append(int(float(fields[3])))
            except ValueError:
                raise ValueError(f"{where}: the timestamp {fields[3]!r} is not a number") from None
        users.append(fields[0])
        items.append(fields[1])
        values.append(float(fields[2]))
    if not values:
        raise ValueError(f"{path}: no ratings after the header (expected lines {expected})")
    user_ids, u = np.unique(np.asarray(users), return_inverse=True)
    item_ids, i = np.unique(np.asarray(items), return_inverse=True)
    return Ratings(u.astype(np.int64), i.astype(np.int64), np.asarray(values, dtype=np.float32),
                   np.asarray(stamps, dtype=np.int64) if width == 4 else None,
                   [str(x) for x in user_ids], [str(x) for x in item_ids], str(path), fmt)


def synthetic_ratings(n_users: int = 1000, n_items: int = 1500, n_ratings: int = 100_000, factors: int = 8,
                      noise: float = 0.5, selection: float = 0.5, seed: int = 0) -> Ratings:
    """Ratings from planted latent factors: mean + user bias + item bias + <p_u, q_i> + noise, rounded into 1..5.

    Each user rates a subset of items (at least 10, more for some users: a skewed activity), so the matrix is
    sparse; the subset leans towards the items the user's factors favour (``selection``; 0 picks at random).
    """
    rng = np.random.default_rng(seed)
    scale = (0.8 / factors) ** 0.25  # <p_u, q_i> then has a standard deviation of about 0.9
    p = rng.normal(0, scale, (n_users, factors))
    q = rng.normal(0, scale, (n_items, factors))
    bu, bi = rng.normal(0, 0.3, n_users), rng.normal(0, 0.4, n_items)
    mu = 3.5
    activity = rng.lognormal(0, 0.6, n_users)
    counts = np.minimum(n_items, np.maximum(10, np.round(activity / activity.sum() * n_ratings))).astype(int)
    users = np.repeat(np.arange(n_users), counts)
    # Users mostly rate what they expect to like (as in real data): item i is picked with weight
    # exp(selection * <p_u, q_i>), drawn without replacement by the Gumbel top-k trick.
    keys = selection * (p @ q.T) + rng.gumbel(size=(n_users, n_items))
    items = np.concatenate([np.argsort(-keys[u], kind="stable")[:c] for u, c in enumerate(counts)])
    clean = mu + bu[users] + bi[items] + np.einsum("nk,nk->n", p[users], q[items])
    values = np.clip(np.round(clean + rng.normal(0, noise, len(users))), 1, 5).astype(np.float32)
    stamps = rng.integers(0, 10**6, len(users))
    return Ratings(users.astype(np.int64), items.astype(np.int64), values, stamps.astype(np.int64),
                   [f"u{k}" for k in range(n_users)], [f"i{k}" for k in range(n_items)],
                   f"generated ({n_users} users x {n_items} items, {factors} planted factors, noise {noise}, "
                   f"selection {selection})",
                   "synthetic", {"mu": mu, "factors": factors, "noise": noise, "user_factors": p,
                                "item_factors": q, "user_bias": bu, "item_bias": bi})


def split(r: Ratings, how: str = "random", holdout: float = 0.1, seed: int = 0) -> dict[str, np.ndarray]:
    """Per-user train/val/test row indices: each user with >= 3 ratings gives ``holdout`` of them (at least one)
    to test and as many to validation, at random or (``how='time'``) the latest to test and the next to val."""
    if how == "time" and r.timestamps is None:
        raise ValueError(f"{r.source}: --split time needs a timestamp column; the file has none")
    rng = np.random.default_rng(seed)
    key = r.timestamps if how == "time" else rng.random(len(r))
    order = np.lexsort((key, r.users))  # by user, then by time (or a random key) within the user
    counts = np.bincount(r.users, minlength=r.n_users)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    train, val, test = [], [], []
    for s, c in zip(starts, counts):
        rows = order[s:s + c]
        h = max(1, int(round(holdout * c))) if c >= 3 else 0
        train.append(rows[:c - 2 * h])
        val.append(rows[c - 2 * h:c - h])
        test.append(rows[c - h:])
    return {k: np.concatenate(v).astype(np.int64) for k, v in (("train", train), ("val", val), ("test", test))}


__all__ = ["Ratings", "read_ratings", "split", "synthetic_ratings"]
