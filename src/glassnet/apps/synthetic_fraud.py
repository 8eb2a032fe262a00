"""Synthetic card transactions with planted fraud patterns, for the fraud app's default run and its CI test.

Legitimate transactions come from one distribution; each fraud follows one of four planted patterns. Three are
detectable only through combinations of features (which a linear model sees poorly), the fourth is a mimic drawn
from the legitimate distribution, so no model can find every fraud and the best average precision is below 1:

* ``takeover``: card not present, an amount many times the customer's usual one, at night, often a new device;
* ``card testing``: a burst of tiny card-not-present payments (high ``tx_last_hour``, amount of a few dollars)
  at risky merchants;
* ``skimmed abroad``: a foreign card-present payment far from home after failed PIN attempts;
* ``mimic``: indistinguishable from a legitimate transaction.

Each trait of a pattern shows with a probability below 1, and legitimate customers also travel, shop at night
and buy online, so the classes overlap.
"""

from __future__ import annotations

import numpy as np

FEATURES = ["amount", "log_amount_ratio", "hour", "tx_last_hour", "distance_km", "foreign", "card_present",
            "merchant_risk", "account_age_days", "new_device", "failed_pins_24h"]
PATTERNS = {"takeover": 0.35, "card testing": 0.25, "skimmed abroad": 0.2, "mimic": 0.2}


def _legit(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Everyday transactions: daytime, near home, at the customer's usual amount."""
    usual = np.exp(rng.normal(3.5, 0.6, n))
    amount = usual * np.exp(rng.normal(0.0, 0.7, n))
    foreign = rng.random(n) < 0.03
    distance = np.where(foreign, np.exp(rng.normal(7.5, 1.0, n)), np.exp(rng.normal(1.5, 1.2, n)))
    hour = np.where(rng.random(n) < 0.05, rng.integers(0, 6, n), rng.normal(14, 3.5, n).round() % 24)
    burst = rng.random(n) < 0.01  # legitimate bursts: a day of shopping
    return {
        "amount": amount, "usual": usual, "hour": hour,
        "tx_last_hour": np.where(burst, rng.poisson(4, n), rng.poisson(0.3, n)),
        "distance_km": distance, "foreign": foreign, "card_present": rng.random(n) < 0.7,
        "merchant_risk": rng.beta(2, 8, n), "account_age_days": rng.uniform(30, 3000, n),
        "new_device": rng.random(n) < 0.02, "failed_pins_24h": rng.poisson(0.05, n),
    }


def _plant(cols: dict[str, np.ndarray], rows: np.ndarray, pattern: str, rng: np.random.Generator) -> None:
    """Overwrite ``rows`` of the legitimate columns with the traits of one fraud pattern (each trait likely)."""
    k = len(rows)

    def some(p: float) -> np.ndarray:
        return rows[rng.random(k) < p]

    if pattern == "takeover":
        cols["card_present"][some(0.9)] = False
        r = some(0.85)
        cols["amount"][r] = cols["usual"][r] * np.exp(rng.normal(2.0, 0.5, len(r)))
        r = some(0.7)
        cols["hour"][r] = rng.integers(0, 6, len(r))
        cols["new_device"][some(0.6)] = True
        r = some(0.5)
        cols["account_age_days"][r] = rng.uniform(1, 60, len(r))
    elif pattern == "card testing":
        cols["card_present"][some(0.95)] = False
        r = some(0.9)
        cols["amount"][r] = rng.uniform(0.5, 3.0, len(r))
        r = some(0.85)
        cols["tx_last_hour"][r] = rng.poisson(7, len(r)) + 2
        r = some(0.7)
        cols["merchant_risk"][r] = rng.beta(6, 3, len(r))
    elif pattern == "skimmed abroad":
        r = some(0.9)
        cols["foreign"][r] = True
        cols["distance_km"][r] = np.exp(rng.normal(8.0, 0.7, len(r)))
        cols["card_present"][some(0.9)] = True
        r = some(0.75)
        cols["failed_pins_24h"][r] = rng.poisson(2.0, len(r)) + 1
    elif pattern != "mimic":
        raise ValueError(f"unknown fraud pattern {pattern!r}; the patterns are {', '.join(PATTERNS)}")


def make_transactions(n: int, prevalence: float = 0.002, seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """``n`` transactions (float32 features, int64 labels, feature names), ``round(n * prevalence)`` of them fraud."""
    if n < 100:
        raise ValueError(f"make_transactions: n must be at least 100, got {n}")
    if not 0 < prevalence < 0.5:
        raise ValueError(f"make_transactions: prevalence must be in (0, 0.5), got {prevalence}")
    rng = np.random.default_rng(seed)
    cols = _legit(n, rng)
    n_fraud = max(2, round(n * prevalence))
    fraud = rng.choice(n, n_fraud, replace=False)
    kinds = rng.choice(len(PATTERNS), n_fraud, p=list(PATTERNS.values()))
    for i, pattern in enumerate(PATTERNS):
        _plant(cols, fraud[kinds == i], pattern, rng)
    cols["log_amount_ratio"] = np.log(cols["amount"] / cols["usual"])
    x = np.stack([np.asarray(cols[f], dtype=np.float64) for f in FEATURES], axis=1).astype(np.float32)
    y = np.zeros(n, dtype=np.int64)
    y[fraud] = 1
    return x, y, list(FEATURES)


__all__ = ["FEATURES", "PATTERNS", "make_transactions"]
