"""Looking inside a network: its structure, its forward pass, its gradients, and why it decided.

Structure: ``summary``, ``trace``, ``draw_network``, ``draw_graph``. Gradients: ``gradient_flow`` and the
``GradientMonitor`` callback. Attributions (Captum's names): ``Saliency``, ``InputXGradient``,
``IntegratedGradients``, ``NoiseTunnel``, ``Occlusion``, ``LayerGradCam``, ``LayerIntegratedGradients``.
Pictures: learning curves, filters, feature maps, confusion matrices, misclassified examples.
"""

from .attribution import InputXGradient, IntegratedGradients, NoiseTunnel, Saliency
from .autograd_graph import draw_graph, module_of, track_modules
from .curves import learning_curves_figure, plot_learning_curves
from .diagram import draw_network
from .dot import Diagram
from .explanation import AttributionResult, explain
from .gradient_flow import GradientFlow, gradient_flow
from .gradient_monitor import GradientMonitor
from .layer_attribution import LayerGradCam, LayerIntegratedGradients, token_attributions
from .occlusion import Occlusion
from .pictures import (
    confusion_matrix_figure,
    conv_filters_figure,
    feature_maps_figure,
    misclassified_figure,
    save_figure,
)
from .summary import LayerInfo, ModelStatistics, summary
from .trace import Trace, TraceRecord, trace

__all__ = [
    "learning_curves_figure", "plot_learning_curves",
    "LayerInfo", "ModelStatistics", "summary", "Trace", "TraceRecord", "trace",
    "Diagram", "draw_network", "draw_graph", "module_of", "track_modules",
    "InputXGradient", "IntegratedGradients", "LayerGradCam", "LayerIntegratedGradients", "NoiseTunnel",
    "Occlusion", "Saliency", "token_attributions", "GradientFlow", "gradient_flow", "GradientMonitor",
    "confusion_matrix_figure", "conv_filters_figure", "feature_maps_figure", "misclassified_figure",
    "save_figure", "AttributionResult", "explain",
]
