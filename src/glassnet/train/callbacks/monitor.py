"""Deciding whether a monitored value improved: 'min' for losses, 'max' for accuracies ('auto' guesses)."""

from __future__ import annotations

import math

_HIGHER_IS_BETTER = ("acc", "auc", "f1", "precision", "recall", "r2")


def resolve_mode(monitor: str, mode: str) -> str:
    """'min' or 'max' for a monitored name; 'auto' picks 'max' for accuracy-like names (Keras's rule)."""
    if mode not in ("auto", "min", "max"):
        raise ValueError(f"mode must be 'auto', 'min' or 'max', got {mode!r}")
    if mode != "auto":
        return mode
    name = monitor.removeprefix("val_")
    return "max" if any(tag in name for tag in _HIGHER_IS_BETTER) else "min"


def is_improvement(current: float, best: float, mode: str, min_delta: float = 0.0) -> bool:
    """True when ``current`` beats ``best`` by more than ``min_delta`` in the mode's direction."""
    if current is None or math.isnan(current):
        return False
    if mode == "min":
        return current < best - abs(min_delta)
    return current > best + abs(min_delta)


def worst(mode: str) -> float:
    """The starting 'best' value: anything beats it."""
    return math.inf if mode == "min" else -math.inf
