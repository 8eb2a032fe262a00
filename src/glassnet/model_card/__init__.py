"""Model cards for run folders: MODEL_CARD.md and model_card.json (model, data provenance, metrics, energy, limits).

``glassnet train`` writes both into every run; ``glassnet fairness`` rewrites them with the per-group
numbers; ``glassnet card RUN_DIR`` prints (or ``--regenerate`` rewrites) them.
"""

from .card import CARD_JSON, CARD_MD, build_model_card, render_markdown, write_model_card
from .provenance import sha256

__all__ = ["build_model_card", "render_markdown", "write_model_card", "sha256", "CARD_JSON", "CARD_MD"]
