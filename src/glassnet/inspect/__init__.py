"""Looking inside: learning curves now; summaries, graphs and attributions grow here."""

from .curves import learning_curves_figure, plot_learning_curves

# isort: split
# gradients & attributions (inspect-b)
from .attribution import InputXGradient, IntegratedGradients, NoiseTunnel, Saliency
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

__all__ = ["learning_curves_figure", "plot_learning_curves"]
__all__ += ["InputXGradient", "IntegratedGradients", "LayerGradCam", "LayerIntegratedGradients", "NoiseTunnel",
            "Occlusion", "Saliency", "token_attributions", "GradientFlow", "gradient_flow", "GradientMonitor",
            "confusion_matrix_figure", "conv_filters_figure", "feature_maps_figure", "misclassified_figure",
            "save_figure", "AttributionResult", "explain"]
