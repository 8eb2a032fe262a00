"""fairlearn is an optional extra: one clear error naming it when it is missing."""

from __future__ import annotations

from typing import Any


def require_fairlearn(what: str) -> Any:
    """The ``fairlearn`` module, or an ImportError that says how to install it."""
    try:
        import fairlearn
    except ImportError:
        raise ImportError(f"{what} needs fairlearn: pip install \"glassnet[fairness]\"") from None
    return fairlearn
