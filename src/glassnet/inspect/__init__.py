"""Looking inside: learning curves, gradient flow, attributions, and pictures of what a network learned."""

from .curves import learning_curves_figure, plot_learning_curves

# isort: split
# gradients & attributions (inspect-b)
from .attribution import (
    InputXGradient,
    IntegratedGradients,
    LayerGradCam,
    LayerIntegratedGradients,
    NoiseTunnel,
    Occlusion,
    Saliency,
    token_attributions,
)

__all__ = ["learning_curves_figure", "plot_learning_curves"]
__all__ += ["InputXGradient", "IntegratedGradients", "LayerGradCam", "LayerIntegratedGradients", "NoiseTunnel",
            "Occlusion", "Saliency", "token_attributions"]
