"""Looking inside: learning curves now; summaries, graphs and attributions grow here."""

from .autograd_graph import draw_graph, module_of, track_modules
from .curves import learning_curves_figure, plot_learning_curves
from .diagram import draw_network
from .dot import Diagram

# Structure: summary, forward trace, network and autograd diagrams.
from .summary import LayerInfo, ModelStatistics, summary
from .trace import Trace, TraceRecord, trace

__all__ = ["learning_curves_figure", "plot_learning_curves"]
__all__ += ["LayerInfo", "ModelStatistics", "summary", "Trace", "TraceRecord", "trace",
            "Diagram", "draw_network", "draw_graph", "module_of", "track_modules"]
