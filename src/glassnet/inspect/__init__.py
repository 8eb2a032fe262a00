"""Looking inside: learning curves now; summaries, graphs and attributions grow here."""

from .curves import plot_learning_curves

__all__ = ["plot_learning_curves"]
