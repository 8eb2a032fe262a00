"""``explain(model, x, method)``: one attribution method by name, returned as a result that draws itself.

The methods are the ones ``glassnet explain`` offers; the heat map of an image input is the attribution
summed over its channels, drawn over the (grey) input.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from typing import Any

import numpy

from ..tensor import Tensor
from .attribution import InputXGradient, IntegratedGradients, NoiseTunnel, Saliency
from .attribution_utils import _as_input
from .layer_attribution import LayerGradCam
from .occlusion import Occlusion

METHODS = ("saliency", "input-x-gradient", "integrated-gradients", "smoothgrad", "occlusion", "grad-cam")
# Methods whose maps keep a sign (red = for the class, blue = against it); the others are magnitudes.
SIGNED = ("input-x-gradient", "integrated-gradients", "occlusion")


@dataclass
class AttributionResult:
    """One explained prediction: the input, the attributions (input-shaped), the class and how to draw them.

    ``save(path)`` writes input, heat map and overlay as a PNG; Jupyter shows the same picture.

    Args:
        method: the attribution method's name (as ``explain`` takes it).
        input: the explained example, (1, ...).
        attributions: one value per input feature, shaped like ``input``.
        target: the explained class.
        score: the model's score for that class.
        convergence_delta: integrated gradients' completeness gap (None for other methods).
        label: the class's name.

    Example:
        >>> from glassnet.inspect import explain
        >>> model = nn.Sequential(nn.Flatten(), nn.Linear(16, 3))
        >>> result = explain(model, glassnet.rand(1, 1, 4, 4), "saliency", target=2)
        >>> result.heatmap().shape, result.caption()[:27]
        ((4, 4), 'saliency for class 2, score')
    """

    method: str
    input: Tensor
    attributions: Tensor
    target: int
    score: float
    convergence_delta: float | None = None
    label: str | None = None

    def heatmap(self) -> numpy.ndarray:
        """The first example's attributions as a 2-D map: summed over the channel dim of an (N, C, H, W) input."""
        a = numpy.asarray(self.attributions.detach().numpy(), dtype=numpy.float64)[0]
        return a.sum(0) if a.ndim == 3 else (a if a.ndim == 2 else a.reshape(1, -1))

    def figure(self, figure: Any = None) -> Any:
        """Three panels: the input, the heat map, and the heat map laid over the input."""
        from matplotlib.figure import Figure

        from .pictures import _image

        h = self.heatmap()
        x = numpy.asarray(self.input.detach().numpy(), dtype=numpy.float64)[0]
        img, cmap = _image(x) if x.ndim in (2, 3) else (x.reshape(1, -1), "gray")
        fig = figure if figure is not None else Figure(figsize=(9, 3.3))
        axes = fig.subplots(1, 3)
        signed = self.method in SIGNED
        lim = float(numpy.abs(h).max()) or 1.0
        kw = dict(cmap="RdBu_r", vmin=-lim, vmax=lim) if signed else dict(cmap="inferno", vmin=min(0.0, h.min()),
                                                                           vmax=lim)
        axes[0].imshow(img, cmap=cmap)
        axes[0].set_title("input", fontsize=9)
        im = axes[1].imshow(h, interpolation="nearest", **kw)
        axes[1].set_title(self.method, fontsize=9)
        fig.colorbar(im, ax=axes[1], fraction=0.046, pad=0.04)
        axes[2].imshow(img, cmap=cmap)
        axes[2].imshow(h, alpha=0.55, interpolation="bilinear", **kw)
        axes[2].set_title("overlay", fontsize=9)
        for ax in axes:
            ax.set_xticks([])
            ax.set_yticks([])
        fig.suptitle(self.caption(), fontsize=10)
        fig.tight_layout()
        return fig

    def caption(self) -> str:
        """'integrated-gradients for class 7 (score 9.1), convergence delta 1.2e-04'."""
        name = f"class {self.target}" + (f" ({self.label})" if self.label and self.label != str(self.target) else "")
        text = f"{self.method} for {name}, score {self.score:.4g}"
        if self.convergence_delta is not None:
            text += f", convergence delta {self.convergence_delta:.2e}"
        return text

    def save(self, path: str | os.PathLike) -> Any:
        """Write ``figure()`` as a PNG; return the path."""
        from .pictures import save_figure

        return save_figure(self.figure(), path)

    def _repr_png_(self) -> bytes:
        from .pictures import figure_png

        return figure_png(self.figure())

    def _repr_html_(self) -> str:
        import base64

        png = base64.b64encode(self._repr_png_()).decode("ascii")
        return (f'<figure><img src="data:image/png;base64,{png}"/>'
                f"<figcaption>{html.escape(self.caption())}</figcaption></figure>")


def _last_conv(model: Any) -> str:
    from ..nn import Conv1d, Conv2d, Conv3d

    names = [n for n, m in model.named_modules() if isinstance(m, (Conv1d, Conv2d, Conv3d))]
    if not names:
        raise ValueError(f"explain: grad-cam needs a convolutional layer, and {type(model).__name__} has none")
    return names[-1]


def explain(model: Any, input: Any, method: str = "integrated-gradients", target: int | None = None,  # noqa: A002
            layer: str | None = None, labels: Any = None, **kwargs: Any) -> AttributionResult:
    """Explain the model's score for one class on one input with an attribution method named as the CLI names it.

    Args:
        model: the model (put it in eval mode first).
        input: one example with its batch dim, e.g. (1, 1, 28, 28).
        method: saliency, input-x-gradient, integrated-gradients, smoothgrad, occlusion or grad-cam.
        target: the class to explain (default: the predicted one).
        layer: grad-cam's layer name (default: the last conv layer).
        labels: class names, for the caption.
        kwargs: passed to the method's ``attribute`` (n_steps, baselines, nt_samples, stdevs,
            sliding_window_shapes, strides, ...).

    Example:
        >>> from glassnet.inspect import explain
        >>> model = glassnet.models.LeNet5().eval()
        >>> result = explain(model, glassnet.rand(1, 1, 28, 28), "integrated-gradients", target=3)
        >>> result.attributions.shape, abs(result.convergence_delta) < 0.01 * max(abs(result.score), 1)
        (glassnet.Size([1, 1, 28, 28]), True)
    """
    import glassnet

    if method not in METHODS:
        raise ValueError(f"explain: unknown method {method!r}; choose one of: {', '.join(METHODS)}")
    x = _as_input(input, "explain").detach()
    if x.shape[0] != 1:
        raise ValueError(f"explain: give one example with its batch dim, e.g. (1, ...), got shape {tuple(x.shape)}")
    with glassnet.no_grad():
        out = model(x)
    if out.ndim != 2:
        raise ValueError(f"explain: expected the model to return (1, classes) scores, got {tuple(out.shape)}")
    k = out.shape[1]
    if target is None:
        target = int(out[0].argmax().item())
    elif not 0 <= int(target) < k:
        raise IndexError(f"explain: target {target} is out of range: the model has {k} classes (0..{k - 1})")
    target = int(target)
    delta = None
    if method == "saliency":
        attr = Saliency(model).attribute(x, target=target, **kwargs)
    elif method == "input-x-gradient":
        attr = InputXGradient(model).attribute(x, target=target, **kwargs)
    elif method == "integrated-gradients":
        attr, d = IntegratedGradients(model).attribute(x, target=target, return_convergence_delta=True, **kwargs)
        delta = float(d[0].item())
    elif method == "smoothgrad":
        kwargs.setdefault("nt_samples", 25)
        # Noise of 15% of the input's range, SmoothGrad's recommended level.
        span = float((x.max() - x.min()).item()) or 1.0
        kwargs.setdefault("stdevs", 0.15 * span)
        attr = NoiseTunnel(Saliency(model)).attribute(x, nt_type="smoothgrad", target=target, **kwargs)
    elif method == "occlusion":
        side = max(1, min(x.shape[-1], x.shape[-2] if x.ndim > 2 else x.shape[-1]) // 7)
        default = (x.shape[1],) + (side,) * (x.ndim - 2) if x.ndim > 2 else (side,)
        kwargs.setdefault("sliding_window_shapes", default)
        kwargs.setdefault("strides", tuple(max(1, s // 2) for s in kwargs["sliding_window_shapes"]))
        kwargs.setdefault("perturbations_per_eval", 64)
        attr = Occlusion(model).attribute(x, target=target, **kwargs)
    else:
        gc = LayerGradCam(model, layer or _last_conv(model))
        cam = gc.attribute(x, target=target, relu_attributions=kwargs.pop("relu_attributions", True), **kwargs)
        attr = LayerGradCam.interpolate(cam, tuple(x.shape[2:]), "bilinear" if x.ndim == 4 else "nearest")
    label = None
    if labels is not None and target < len(labels):
        label = str(labels[target])
    return AttributionResult(method, x, attr, target, float(out[0, target].item()), delta, label)
