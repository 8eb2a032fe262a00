"""Looking inside: learning curves now; summaries, graphs and attributions grow here."""

from .curves import learning_curves_figure, plot_learning_curves

# Structure: summary, forward trace, network and autograd diagrams.
from .summary import LayerInfo, ModelStatistics, summary
from .trace import Trace, TraceRecord, trace

__all__ = ["learning_curves_figure", "plot_learning_curves"]
__all__ += ["LayerInfo", "ModelStatistics", "summary", "Trace", "TraceRecord", "trace"]
